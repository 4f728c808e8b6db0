"""Corpus: what many reports show together that one cannot.

``stories`` groups articles about one event across outlets (embeddings of title and lead,
named entities, dates); ``narratives`` groups check-worthy claims that recur in other words
across articles, outlets and time, with where each narrative travelled; ``metrics`` scores a
clustering (B-cubed, adjusted Rand). Both clusterings are online: a new batch extends the
clusters, nothing is recomputed from scratch. ``store`` keeps reports on disk.

May import: ``core`` and every stage below it (``nlp.embed`` for the shared embedding model);
nothing in it is imported by the core, which analyses one article at a time.
"""
