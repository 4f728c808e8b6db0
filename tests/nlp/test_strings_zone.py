"""spaCy keeps every string it sees; newsift lets a batch's strings go once its reports exist,
so a long batch or a long-running service does not grow with the corpus (bench/flat_memory.py)."""

from __future__ import annotations

import newsift
from newsift.core import default_pipeline


def strings():
    """The StringStore of the spaCy pipeline the fast analysis runs."""
    return default_pipeline(fast=True).get("nlp").nlp.vocab.strings


def rows(start: int, n: int) -> list[dict]:
    """Articles full of words no one has seen: a name and a number of their own each."""
    return [
        {
            "id": str(i),
            "text": f"Councillor Zyxq{i}wob said the fund of {i * 7919} crowns would grow."
            f" Mayor Plonk{i}arv disagreed on Tuesday.",
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
    assert len(store) == before
    assert "Zyxq1000wob" not in store


def test_analyze_leaves_no_new_strings_behind():
    newsift.analyze(rows(0, 1)[0]["text"], fast=True)
    store = strings()
    before = len(store)
    report = newsift.analyze(rows(2000, 1)[0]["text"], fast=True)
    assert report.sentences
    assert len(store) == before
