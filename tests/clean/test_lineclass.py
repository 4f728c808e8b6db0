"""The cleaner's learned second opinion: loaded offline, only adds removals, reports itself."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import BOILERPLATE_GOLD, EXAMPLES, needs_shared

from newsift.clean.cleaner import clean_text
from newsift.clean.lineclass import line_features, load_model, rule_reason_vocabulary
from newsift.clean.patterns import CONTENT
from newsift.clean.rules import label_lines
from newsift.sources.outlets import is_outlet_name

SCRAPED = (EXAMPLES / "scraped-article.txt").read_text(encoding="utf-8")


def removed_lines(result) -> set[tuple[int, int]]:
    return {(b.start, b.end) for b in result.boilerplate}


def test_shipped_model_loads_without_the_data():
    model = load_model()
    assert model is not None
    assert 0.0 < model.threshold < 1.0
    assert "image_caption" in model.reasons
    assert model.rule_reasons == rule_reason_vocabulary()


def test_model_only_removes_lines_the_rules_kept():
    rules = clean_text(SCRAPED, is_outlet_name, line_model=None)
    both = clean_text(SCRAPED, is_outlet_name)
    rule_removed = "".join(SCRAPED[b.start : b.end] for b in rules.boilerplate)
    for block in both.boilerplate:
        if block.attrs["method"] == "rule":
            assert SCRAPED[block.start : block.end] in rule_removed
        else:
            assert block.score is not None and block.score >= load_model().threshold
    assert set(rules.text.split("\n\n")) >= set(both.text.split("\n\n"))


def test_features_are_one_row_per_line_and_deterministic():
    lines, *_ = label_lines(SCRAPED, is_outlet_name)
    labels = [line.label for line in lines]
    first, hashed = line_features(lines, labels, rule_reason_vocabulary())
    second, _ = line_features(lines, labels, rule_reason_vocabulary())
    assert first.shape[0] == len(lines) == hashed.shape[0]
    assert np.array_equal(first, second)


def test_a_lines_own_rule_verdict_is_not_among_its_features():
    # The model only scores lines the rules kept; it must learn what boilerplate looks like,
    # not that the rules removed it. Its neighbours' verdicts are context and do count.
    lines = lines_of(
        "The council voted on Tuesday to close the old library on the corner.",
        "Share this story",
        "Photo: City archive",
        "Residents said they would appeal the decision at the next meeting.",
    )
    kept = [CONTENT] * 4
    removed = [CONTENT, "social_prompt", "image_caption", CONTENT]
    vocabulary = rule_reason_vocabulary()
    as_kept, _ = line_features(lines, kept, vocabulary)
    as_removed, _ = line_features(lines, removed, vocabulary)
    for i in (1, 2):
        only_i = [label if j == i else CONTENT for j, label in enumerate(removed)]
        alone, _ = line_features(lines, only_i, vocabulary)
        assert np.array_equal(alone[i], as_kept[i])
    assert not np.array_equal(as_removed[0], as_kept[0])  # line 1's verdict is line 0's context


@needs_shared
def test_training_set_lines_match_the_gold_set(shared):
    from newsift.clean.training.goldset import load_gold
    from newsift.clean.training.lineclass_train import fit, training_set

    articles = list(load_gold(shared / "data", BOILERPLATE_GOLD, split="dev"))[:12]
    data = training_set(articles, is_outlet_name)
    assert len(data.is_boilerplate) == sum(len(a.lines) for a in articles)
    model = fit(data, 0.5)
    probabilities, reasons = model.predict(data.features, data.hashed)
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    assert set(reasons) <= set(model.reasons)
    # On its own training lines the detector separates the classes.
    y = data.is_boilerplate
    assert probabilities[y].mean() > probabilities[~y].mean() + 0.3


@pytest.mark.parametrize("threshold", [0.0, 1.01])
def test_threshold_extremes_bound_what_is_removed(threshold):
    model = load_model()
    everything = clean_text(
        SCRAPED,
        is_outlet_name,
        line_model=type(model)(
            model.detector, model.namer, model.reasons, model.rule_reasons, threshold
        ),
    )
    rules = clean_text(SCRAPED, is_outlet_name, line_model=None)
    if threshold > 1:
        assert removed_lines(everything) == removed_lines(rules)
    else:  # every kept line but the title goes; the cleaner still keeps some prose
        assert everything.text


@pytest.mark.parametrize("split", ["test", "dev+test", "all"])
def test_training_refuses_the_held_out_split(tmp_path, split):
    from typer.testing import CliRunner

    from newsift.clean.training.lineclass_train import train
    from newsift.cli import app
    from newsift.errors import InputError

    out = tmp_path / "model"
    with pytest.raises(InputError, match="held-out test split"):
        train(tmp_path / "data", tmp_path / "gold.jsonl", out, split)
    result = CliRunner().invoke(
        app, ["train", "boilerplate", "--data", str(tmp_path), "--out", str(out), "--split", split]
    )
    assert result.exit_code != 0 and "never trained on" in result.output
    assert "Traceback" not in result.output and not out.exists()


@needs_shared
def test_training_looks_at_the_held_out_split_only_when_asked(shared, tmp_path, monkeypatch):
    # Every retrain during development would otherwise be one more look at the test split.
    from types import SimpleNamespace

    import newsift.clean.training.evaluate
    import newsift.clean.training.goldset
    from newsift.clean.training.lineclass_train import train

    real_load_gold = newsift.clean.training.goldset.load_gold
    monkeypatch.setattr(
        newsift.clean.training.goldset,
        "load_gold",
        lambda *args, **kwargs: list(real_load_gold(*args, **kwargs))[:30],
    )
    scored: list[str] = []

    def fake_evaluate(data_dir, gold, split, clean):
        scored.append(split)
        figures = {"boilerplate_recall": 0.5, "content_loss": 0.01, "precision": 0.9}
        return SimpleNamespace(overall=figures)

    monkeypatch.setattr(newsift.clean.training.evaluate, "evaluate_boilerplate", fake_evaluate)
    figures = train(shared / "data", BOILERPLATE_GOLD, tmp_path / "a", "dev", folds=2)
    card = (tmp_path / "a" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert scored == [] and "test_rules_only" not in figures
    assert "not scored by this run" in card and "--score-test" in card
    figures = train(
        shared / "data", BOILERPLATE_GOLD, tmp_path / "b", "dev", folds=2, score_test=True
    )
    card = (tmp_path / "b" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert scored == ["test", "test"] and "test_rules_and_model" in figures
    assert "not scored by this run" not in card
    assert "train boilerplate --split dev --pages '' --score-test" in card


def lines_of(*texts: str):
    from newsift.clean.rules import split_lines

    return split_lines("\n".join(texts))


def test_overlap_finds_a_caption_that_repeats_a_paragraph():
    from newsift.clean.lineclass import _overlap_with_other_lines

    lines = lines_of(
        "The water board met on Monday to discuss the reservoir expansion plan.",
        "Water board meets on reservoir expansion plan",
        "Farmers in the valley were not asked, they say.",
        "Go",
    )
    overlap = _overlap_with_other_lines(lines)
    assert overlap[1] > 0.8  # nearly every word of the caption is in the paragraph
    assert overlap[2] < 0.5
    assert overlap[3] == 0.0  # too short to tell


def test_runs_measure_blocks_of_short_lines_between_paragraphs():
    from newsift.clean.lineclass import _runs

    prose = [True, False, False, False, True, False]
    removed = [False, True, True, False, False, False]
    length, share = _runs(prose, removed)
    assert length == [0, 3, 3, 3, 0, 1]
    # Each line sees the share of the *other* lines of its run that the rules removed.
    assert share[1:4] == [pytest.approx(1 / 2), pytest.approx(1 / 2), pytest.approx(1.0)]
    assert share[5] == 0.0


def test_cross_validation_refuses_the_held_out_split(tmp_path):
    from typer.testing import CliRunner

    from newsift.cli import app

    args = ["evaluate", "boilerplate", "--data", str(tmp_path), "--cv", "5", "--split", "dev+test"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0 and "held-out test split" in result.output
    assert "Traceback" not in result.output


@needs_shared
def test_cross_validation_scores_rules_and_model_per_split(shared, tmp_path):
    import json

    from newsift.clean.training.lineclass_train import cross_validate

    records = [json.loads(line) for line in BOILERPLATE_GOLD.read_text().splitlines()]
    subset = [r for r in records if r["split"] == "dev"][:30]
    subset += [r for r in records if r["split"] == "train"][:20]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in subset))
    figures = cross_validate(shared / "data", gold, "dev+train", folds=3)
    rules, both = figures["rules_only"], figures["rules_and_model"]
    assert figures["articles"] == 50
    assert set(both["per_split"]) == {"dev", "train"}
    # The model only ever adds removals to the rules'.
    assert both["boilerplate_recall"] >= rules["boilerplate_recall"]
    assert both["content_loss"] >= rules["content_loss"]
    assert sum(r["n_lines"] for r in both["per_reason"].values()) == figures["boilerplate_lines"]


def _lines_set(is_boilerplate, from_pages, articles):
    import scipy.sparse as sp

    from newsift.clean.training.lineclass_train import TrainingSet

    n = len(is_boilerplate)
    return TrainingSet(
        features=np.zeros((n, 1)),
        hashed=sp.csr_matrix((n, 1)),
        is_boilerplate=np.asarray(is_boilerplate),
        reasons=[None] * n,
        sites=np.asarray([f"s{a}" for a in articles]),
        rule_boilerplate=np.zeros(n, dtype=bool),
        removable=np.ones(n, dtype=bool),
        articles=np.asarray(articles),
        splits=np.asarray(["dragnet:train" if p else "dev" for p in from_pages]),
        from_pages=np.asarray(from_pages),
    )


def test_rendered_pages_weigh_as_much_as_the_gold_set_and_do_not_choose_the_threshold():
    from newsift.clean.training.lineclass_train import choose_threshold

    # Gold: 10 content lines scored low, 2 boilerplate lines scored 0.6. Pages: 4 "content"
    # lines scored 0.9 (a byline the page gold counts as text) that would veto every threshold.
    gold_y = [False] * 10 + [True] * 2
    page_y = [False] * 4 + [True] * 40
    data = _lines_set(gold_y + page_y, [False] * 12 + [True] * 44, [0] * 6 + [1] * 6 + [2] * 44)
    probability = np.asarray([0.1] * 10 + [0.6] * 2 + [0.9] * 4 + [0.95] * 40)
    chosen = choose_threshold(data, probability)
    assert chosen["threshold"] == pytest.approx(0.15)  # the lowest that keeps the gold content
    assert chosen["boilerplate_recall"] == 1.0 and chosen["content_loss"] == 0.0
    weights = data.weights()
    assert weights[~data.from_pages].sum() == pytest.approx(weights[data.from_pages].sum())
    assert data.subset(data.from_pages).articles.tolist() == [0] * 44
