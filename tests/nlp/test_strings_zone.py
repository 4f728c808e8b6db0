"""spaCy keeps every string it sees; newsift lets a batch's strings go once its reports exist,
so a long batch or a long-running service does not grow with the corpus (bench/flat_memory.py)."""

from __future__ import annotations

import newsift
from newsift.claims import hedging
from newsift.core import default_pipeline


def strings(fast: bool = True):
    """The StringStore of the spaCy pipeline the analysis runs."""
    return default_pipeline(fast=fast).get("nlp").nlp.vocab.strings


def rows(start: int, n: int) -> list[dict]:
    """Articles full of words no one has seen: a name and a number of their own each."""
    return [
        {
            "id": str(i),
            "text": f"Councillor Zyxq{i}wob said the fund of {i * 7919} crowns would grow,"
            f" reportedly. Mayor Plonk{i}arv may disagree, sources said on Tuesday.",
        }
        for i in range(start, start + n)
    ]


def test_a_batch_leaves_no_new_strings_behind():
    list(newsift.pipe(rows(0, 4), fast=True))  # load everything first
    store = strings()
    before = len(store)
    reports = list(newsift.pipe(rows(1000, 40), batch_size=8, fast=True))
    assert all(isinstance(r, newsift.Report) for r in reports)
    assert any("Zyxq1000wob" in r.article.text for r in reports)
    assert all(r.hedges for r in reports)  # the hedging matchers outlive the zones
    assert len(store) == before
    assert "Zyxq1000wob" not in store


def test_full_analysis_leaves_no_new_strings_behind():
    list(newsift.pipe(rows(0, 2)))
    store = strings(fast=False)
    before = len(store)
    reports = list(newsift.pipe(rows(3000, 6), batch_size=3))
    assert all(isinstance(r, newsift.Report) and r.hedges for r in reports)
    assert len(store) == before


def test_analyze_leaves_no_new_strings_behind():
    newsift.analyze(rows(0, 1)[0]["text"], fast=True)
    store = strings()
    before = len(store)
    report = newsift.analyze(rows(2000, 1)[0]["text"], fast=True)
    assert report.sentences
    assert len(store) == before


def test_matchers_built_inside_a_zone_work_in_the_next_one():
    """The hedging matchers are built on the first article, which may be inside a zone; their
    strings must outlive it (they did not: 'KeyError: [E018] Can't retrieve string'). A blank
    pipeline's vocabulary knows none of the lexicon's strings beforehand."""
    import spacy

    nlp = spacy.blank("en")
    assert "reportedly" not in nlp.vocab.strings
    matchers = hedging._Matchers()

    def lemmatized(text: str):
        doc = nlp(text)
        for token in doc:
            token.lemma_ = token.lower_
        return doc

    text = "The minister will resign, reportedly."
    with nlp.memory_zone():
        first = [(s, e) for _, s, e in matchers.get(nlp.vocab)(lemmatized(text))]
    with nlp.memory_zone():
        doc = lemmatized(text)
        again = matchers.get(nlp.vocab)(doc)
        keys = [nlp.vocab.strings[m] for m, _, _ in again]
    assert first and first == [(s, e) for _, s, e in again]
    assert all(key.isdigit() for key in keys)
