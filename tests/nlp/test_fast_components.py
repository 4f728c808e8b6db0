"""The attribute ruler's table look-up and the cached lemmatizer give what spaCy's own give."""

from __future__ import annotations

import pytest
from spacy.pipeline import AttributeRuler

from newsift.nlp.annotate import CachedLemmatizer, load_spacy

TEXTS = [
    "Y'all gonna see it: the minister didn't say whether he'd resign, but ain't nothin' sure.",
    "“We have not seen the documents,” said Jane Roe, who is the agency's spokeswoman.",
    "There are 3,400 people here. It's what I'd do if I were you. Let's go! C'mon, gotta run.",
    "SHOCKING: Officials Reveal U.S. Providing Support to ISIS\n\nThe  report   was leaked.",
]


@pytest.mark.parametrize("fast", [False, True])
def test_indexed_attribute_rules_match_as_spacy_does(fast):
    nlp = load_spacy(fast)
    ruler = nlp.get_pipe("attribute_ruler")
    for doc in nlp.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]):
        assert ruler.match(doc) == AttributeRuler.match(ruler, doc)
        assert ruler.match(doc)


@pytest.mark.parametrize("fast", [False, True])
def test_cached_lemmas_are_spacys(fast):
    nlp = load_spacy(fast)
    cached = nlp.get_pipe("lemmatizer")
    assert isinstance(cached, CachedLemmatizer)
    for doc in nlp.pipe(TEXTS, disable=["lemmatizer", "ner"]):
        ours, theirs = doc.copy(), doc.copy()
        cached(ours)
        cached.lemmatizer(theirs)
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
        assert "be" in [t.lemma_ for t in ours]


def test_lemma_caches_are_bounded(monkeypatch):
    nlp = load_spacy(True)
    cached = nlp.get_pipe("lemmatizer")
    monkeypatch.setattr(CachedLemmatizer, "MAX_CACHED", 5)
    for k in range(4):
        doc = nlp(f"Councillor Zyx{k}q counted {k * 7919} ballots and {k * 31} votes today.")
        assert doc[2].lemma_ == "count"
    assert len(cached.cache) < 5 and len(cached.old) <= 5
    assert not cached.lemmatizer.cache


def test_the_cached_lemmatizer_pickles():
    """A wrapper that hands attribute look-ups on must not loop while it is unpickled."""
    import pickle

    nlp = load_spacy(True)
    copy = pickle.loads(pickle.dumps(nlp.get_pipe("lemmatizer")))
    doc = nlp("Officials said it.", disable=["lemmatizer"])
    assert [t.lemma_ for t in copy(doc)] == ["official", "say", "it", "."]
