"""The findings evaluator's arithmetic on tiny gold rows we wrote, with predictions given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsift.claims.training.findings_eval import (
    Prediction,
    evaluate,
    load_rows,
    markdown,
    match,
    score,
    select_split,
)
from newsift.claims.training.findings_gold import check_rows, cut, sha1
from newsift.errors import InputError

TEXT_A = "A senior official said the plan failed. Jane Roe told CNN it worked."
TEXT_B = "Reuters reported the deal. The ministry said it was signed."


def _row(text: str, attributions, split="dev", site="a.com", **signals) -> dict:
    return {
        "id": site,
        "dataset": "test",
        "site": site,
        "text": text,
        "attributions": [
            {"start": s, "end": e, "text": text[s:e], "type": t} for s, e, t in attributions
        ],
        "hedge_then_certainty": signals.get("htc", False),
        "evidence_promised_not_shown": signals.get("epns", False),
        "satire": signals.get("satire", False),
        "split": split,
    }


ROW_A = _row(TEXT_A, [(0, 20, "anonymous"), (40, 48, "named_person")], htc=True)
ROW_B = _row(
    TEXT_B,
    [(0, 7, "news_outlet"), (27, 39, "government_or_military")],
    site="b.com",
    satire=True,
)


def test_match_pairs_overlapping_spans_of_one_type_one_to_one():
    gold = [(0, 20, "anonymous"), (40, 48, "named_person")]
    predicted = [(2, 20, "anonymous"), (0, 10, "anonymous"), (40, 44, "anonymous")]
    # the larger overlap wins the gold span; a wrong type never matches
    assert match(gold, predicted) == [(0, 0)]


def test_per_type_precision_recall_and_support():
    predictions = [
        # A: anonymous found (partial overlap); Jane Roe found but typed anonymous; one spurious
        Prediction(
            sources=[(2, 20, "anonymous"), (40, 44, "anonymous"), (60, 62, "named_person")],
            signals={"hedge_then_certainty": True},
        ),
        # B: Reuters right; the ministry missed; a satire false alarm on a satire row (a hit)
        Prediction(sources=[(0, 7, "news_outlet")], signals={"satire": True}),
    ]
    result = score([ROW_A, ROW_B], predictions)
    anonymous = result["source_type"]["anonymous"]
    assert (anonymous["precision"], anonymous["recall"], anonymous["support"]) == (0.5, 1.0, 1)
    person = result["source_type"]["named_person"]
    assert (person["precision"], person["recall"], person["support"]) == (0.0, 0.0, 1)
    outlet = result["source_type"]["news_outlet"]
    assert (outlet["precision"], outlet["recall"]) == (1.0, 1.0)
    government = result["source_type"]["government_or_military"]
    # nothing predicted: precision is undefined, not zero
    assert (government["precision"], government["recall"], government["support"]) == (
        None,
        0.0,
        1,
    )
    assert result["source_type"]["author"] == {
        "precision": None,
        "recall": None,
        "support": 0,
        "predicted": 0,
        "matched": 0,
    }
    # span-only: 3 of 4 gold spans overlap a prediction, 3 of 4 predictions overlap gold
    assert result["sources_any_type"]["recall"] == 0.75
    assert result["sources_any_type"]["precision"] == 0.75
    assert result["type_confusion"]["named_person"] == {"anonymous": 1}
    assert result["signals"]["hedge_then_certainty"]["precision"] == 1.0
    assert result["signals"]["satire"] == {
        "precision": 1.0,
        "recall": 1.0,
        "support": 1,
        "predicted": 1,
        "matched": 1,
    }
    assert result["signals"]["evidence_promised_not_shown"]["support"] == 0
    assert result["n_articles"] == 2


def test_an_unknown_type_counts_in_no_types_precision_and_is_printed():
    # Jane Roe found but of unknown type: no false alarm of any type, a span-only hit
    predictions = [Prediction(sources=[(0, 20, "anonymous"), (40, 48, "unknown")]), Prediction()]
    result = score([ROW_A, ROW_B], predictions)
    assert result["source_type"]["anonymous"]["precision"] == 1.0
    assert result["source_type"]["named_person"]["predicted"] == 0
    assert result["sources_any_type"]["matched"] == 2
    assert result["other_predicted_types"] == {"unknown": 1}
    result["goals"] = []
    assert "type `unknown` (no type claimed): 1;" in markdown(result, "cmd", "dev")


def test_signal_false_alarm_lowers_precision_only():
    predictions = [Prediction(signals={"hedge_then_certainty": True})] * 2
    result = score([ROW_A, ROW_B], predictions)
    htc = result["signals"]["hedge_then_certainty"]
    assert (htc["precision"], htc["recall"], htc["support"]) == (0.5, 1.0, 1)


def test_goals_reached_or_not_from_the_figures():
    perfect = {
        id(ROW_A): Prediction(
            sources=[(0, 20, "anonymous"), (40, 48, "named_person")],
            signals={"hedge_then_certainty": True},
        ),
        id(ROW_B): Prediction(sources=[(0, 7, "news_outlet")], signals={}),
    }
    rows = [ROW_A, ROW_B]
    texts = {row["text"]: perfect[id(row)] for row in rows}
    result = evaluate(rows, predict=texts.__getitem__)
    goals = {g["what"]: g for g in result["goals"]}
    assert goals["anonymous precision"]["reached"] is True
    assert goals["hedge_then_certainty recall"]["reached"] is True
    assert goals["author precision"]["reached"] is None  # nothing predicted, nothing to judge
    assert goals["government_or_military precision"]["reached"] is None
    text = markdown(result, "newsift evaluate findings --data x --split dev --markdown", "dev")
    assert "Produced by `newsift evaluate findings --data x --split dev --markdown`" in text
    assert "| anonymous | 1.00 | 1.00 | 1 | 1 | 1 |" in text


def test_splits_are_site_disjoint_and_selected():
    rows = [ROW_A, ROW_B, _row(TEXT_A, [], split="test", site="c.com")]
    assert [r["site"] for r in select_split(rows, "test")] == ["c.com"]
    assert len(select_split(rows, "all")) == 3
    with pytest.raises(InputError):
        select_split(rows, "train")
    with pytest.raises(InputError, match="both splits"):
        check_rows([ROW_A, _row(TEXT_B, [], split="test", site="a.com")], "x")


def test_label_file_without_texts_asks_for_the_builder(tmp_path: Path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"id": "x", "ref": "1", "attributions": []}) + "\n")
    with pytest.raises(InputError, match="findings-gold"):
        load_rows(labels)


def test_cut_ends_at_a_paragraph_before_the_limit():
    text = "First paragraph is here.\n\n" + "x" * 30 + "\n\nThird."
    end = cut(text, limit=40)
    assert text[:end] == "First paragraph is here."
    assert cut("short", limit=40) == 5
    assert sha1("a") == "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8"


def test_the_shipped_labels_are_consistent():
    """The repository's label file: known types, booleans, site-disjoint splits."""
    path = Path(__file__).parents[1] / "data" / "findings_gold_labels.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    check_rows(rows, str(path))
    assert len(rows) >= 120
    assert len({row["site"] for row in rows}) >= 60
    assert {row["split"] for row in rows} == {"dev", "test"}
    assert all("text" not in row for row in rows)  # no dataset text in the repository


def test_builder_rebuilds_every_text_and_span_from_the_shared_data(shared: Path):
    """Texts re-read from ../shared/data match their hashes; every span is a phrase, trimmed."""
    labels = Path(__file__).parents[1] / "data" / "findings_gold_labels.jsonl"
    rows = load_rows(labels, shared / "data")
    assert len(rows) >= 120
    for row in rows:
        for attribution in row["attributions"]:
            phrase = attribution["text"]
            assert phrase and phrase == phrase.strip(), (row["id"], attribution)
