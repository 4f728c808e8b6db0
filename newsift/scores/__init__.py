"""Scores: calibrated probabilities that an article is unreliable, satire or hyperpartisan.

``style`` computes the named style features; ``credibility`` is the ``credibility`` component:
each score from the text alone (``content``) and joined with the site's record
(``combined``), with the exact contribution of every reason. ``training/`` prepares the
labelled article sets and trains and evaluates the scores site-disjoint; nothing the analysis
loads imports it.

May import: every stage below (``claims``, ``nlp``, ``clean``, ``sources``, ``input``) and the
core.
"""
