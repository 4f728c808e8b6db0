"""The hedge evaluation: scoring on hand-made rows, and the shipped labels against ../shared."""

from __future__ import annotations

import hashlib
import json

import pytest
from conftest import needs_shared

from newsift.claims.training.hedging_eval import (
    GoldSentence,
    attach_text,
    default_gold_path,
    evaluate_hedging,
    read_gold,
    score,
)
from newsift.errors import InputError


def row(cues, predicted, sample="random") -> GoldSentence:
    return GoldSentence("d", "id", "1", "text", 0, 10, "", sample, cues, "x" * 40, predicted)


def test_score_counts_overlapping_cues_once_each():
    gold = [
        row([(0, 3, "modal"), (10, 20, "conditional")], [(0, 3, "modal"), (12, 15, "epistemic")]),
        row([], [(5, 9, "reporting")]),
        row([(1, 4, "approximator")], []),
    ]
    result = score(gold)
    assert result["cues"]["tp"] == 2
    assert result["cues"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["cues"]["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["cues"]["kind_agreement"] == 0.5
    assert result["sentence_level"]["all"]["tp"] == 1
    assert result["per_kind"]["modal"]["recall"] == 1.0
    assert result["per_kind"]["approximator"]["recall"] == 0.0


def test_a_changed_source_text_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "set.jsonl").write_text(json.dumps({"id": "a", "body": "The mayor may resign."}))
    sentence = GoldSentence("set.jsonl", "id", "a", "body", 0, 21, "0" * 40, "random", [])
    with pytest.raises(InputError, match="hash mismatch"):
        attach_text([sentence], data)
    sentence.sha1 = hashlib.sha1(b"The mayor may resign.").hexdigest()
    attach_text([sentence], data)
    assert sentence.text == "The mayor may resign."


def test_a_missing_data_folder_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="--data"):
        evaluate_hedging(tmp_path)


def test_the_shipped_labels_hold_no_text():
    for line in default_gold_path().read_text(encoding="utf-8").splitlines():
        assert "text" not in json.loads(line)


@needs_shared
def test_the_shipped_labels_match_the_shared_data(shared):
    gold = read_gold(default_gold_path())
    attach_text(gold, shared / "data")
    assert len(gold) >= 140
    for sentence in gold:
        for start, end, kind in sentence.cues:
            assert 0 <= start < end <= len(sentence.text)
            assert kind in {"modal", "epistemic", "reporting", "conditional", "approximator"}


@needs_shared
def test_the_figures_in_the_docs_are_what_the_command_prints(shared):
    from conftest import REPO

    from newsift.claims.training.hedging_eval import markdown_table

    doc = (REPO / "docs" / "claims.md").read_text(encoding="utf-8")
    block = doc.split("<!-- hedging-eval:start -->")[1].split("<!-- hedging-eval:end -->")[0]
    assert block.strip() == markdown_table(evaluate_hedging(shared / "data")).strip()


def test_the_command_reports_a_missing_data_folder_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from newsift.cli import app

    result = CliRunner().invoke(app, ["evaluate", "hedging", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "--data" in result.output
