"""Copies across batches: exact, near and shared passages, each with its first publisher."""

from __future__ import annotations

from corpus_helpers import report, text

from newsift import Corpus
from newsift.corpus import copies
from newsift.corpus.store import StoreWriter


def near_copy(original: str) -> str:
    """Syndication with edits: a new first paragraph, one sentence dropped, a word changed."""
    paragraphs = original.split("\n\n")
    edited = ["Breaking update from our partners today.", *paragraphs[:2], *paragraphs[3:]]
    return "\n\n".join(edited).replace("council", "City Council", 1)


def lifted(original: str, seed: int) -> str:
    """Another article that takes one paragraph of ``original`` word for word."""
    own = text(seed).split("\n\n")
    return "\n\n".join([own[0], original.split("\n\n")[1], *own[1:]])


def test_exact_near_and_passage_groups_with_their_earliest_publisher(tmp_path):
    path = tmp_path / "c.duckdb"
    source = text(1)
    with StoreWriter(path, commit_every=2) as writer:
        writer.write(report("wire", source, site="wire.example", published="2024-01-02"))
        writer.write(report("other", text(2), site="other.example", published="2024-01-01"))
    # A second run, as a later batch: the index is rebuilt from the store and extended.
    with StoreWriter(path, commit_every=2) as writer:
        spaced = source.replace(". ", ".  ").upper()  # same words, other spacing and case
        writer.write(report("mirror", spaced, site="mirror.example", published="2024-01-01"))
        writer.write(report("syndicated", near_copy(text(2)), site="synd.example"))
        writer.write(
            report("lifter", lifted(source, 3), site="lift.example", published="2023-12-30")
        )
        writer.write(report("unrelated", text(4), site="u.example"))
    with Corpus(path) as corpus:
        groups = corpus.copies()
    by_kind = {g["kind"]: g for g in groups}
    assert [g["kind"] for g in groups] == ["exact", "near", "passage"]
    assert by_kind["exact"]["articles"] == ["mirror", "wire"]
    assert by_kind["exact"]["earliest"] == {
        "id": "mirror",
        "site": "mirror.example",
        "date": "2024-01-01",
        "date_is": "published",
    }
    assert by_kind["near"]["articles"] == ["other", "syndicated"]  # undated last
    assert by_kind["near"]["earliest"]["id"] == "other"
    assert by_kind["passage"]["articles"] == ["lifter", "mirror", "wire"]
    assert by_kind["passage"]["passage"] == source.split("\n\n")[1]


def test_an_undated_group_has_no_earliest(tmp_path):
    path = tmp_path / "c.duckdb"
    with StoreWriter(path) as writer:
        writer.write(report("a", text(5)))
        writer.write(report("b", text(5)))
    with Corpus(path) as corpus:
        [group] = corpus.copies()
    assert group == {"kind": "exact", "articles": ["a", "b"], "earliest": None}


def test_same_topic_in_other_words_is_not_a_copy(tmp_path):
    path = tmp_path / "c.duckdb"
    with StoreWriter(path) as writer:
        for seed in range(20):  # one vocabulary, twenty different texts
            writer.write(report(str(seed), text(seed)))
    with Corpus(path) as corpus:
        assert corpus.copies() == []


def test_normalised_hash_ignores_case_spacing_and_punctuation():
    assert copies.content_hash("Hello,  World!\n") == copies.content_hash("hello world")
    assert copies.content_hash("hello world") != copies.content_hash("hello there world")


def test_sketches_survive_the_store_without_pickle():
    sketch = copies.minhash(text(1))
    assert copies.load(copies.dump(sketch)).jaccard(sketch) == 1.0
