"""The boilerplate gold set (file integrity, loader, SemEval renderer) and its evaluation.

Synthetic articles here are our own text; the gold file itself holds no dataset text.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pytest
from conftest import BOILERPLATE_GOLD, needs_shared
from typer.testing import CliRunner

from newsift.article import Span
from newsift.clean.training.evaluate import evaluate_boilerplate, line_outcomes, merge_spans, score
from newsift.clean.training.goldset import (
    REASONS,
    ROUNDS,
    GoldArticle,
    GoldLine,
    line_hash,
    load_gold,
    read_gold_records,
    render_semeval_article,
    source_lines,
    split_names,
    summarize,
)
from newsift.cli import app
from newsift.errors import InputError

# --- the committed gold file, without ../shared -------------------------------------------


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return read_gold_records(BOILERPLATE_GOLD)


def test_gold_file_is_big_and_varied_enough(records):
    assert len(records) >= 60
    assert len({r["site"] for r in records}) >= 25
    assert len({(r["dataset"], r["ref"]) for r in records}) == len(records)
    assert max(Counter(r["site"] for r in records).values()) <= 5
    clean = [r for r in records if all(line["label"] == "content" for line in r["lines"])]
    assert len(clean) * 3 >= len(records), "at least a third of the articles are clean"
    assert sum(line["label"] == "boilerplate" for r in records for line in r["lines"]) >= 200


def test_gold_splits_follow_the_rounds_and_are_site_disjoint(records):
    splits_per_site = defaultdict(set)
    for record in records:
        splits_per_site[record["site"]].add(record["split"])
        assert record["split"] == {1: "dev", 2: "test", 3: "train"}[record["round"]]
    assert all(len(splits) == 1 for splits in splits_per_site.values())
    sites = {n: {r["site"] for r in records if r["round"] == n} for n in ROUNDS}
    assert set(sites) == {1, 2, 3} and all(sites.values())
    for a, b in combinations(ROUNDS, 2):
        assert not sites[a] & sites[b], f"rounds {a} and {b} share sites"


def clean_share(chosen: list[dict]) -> float:
    clean = [r for r in chosen if all(line["label"] == "content" for line in r["lines"])]
    return len(clean) / len(chosen)


def test_scored_rounds_are_big_varied_and_selected_like_round_one(records):
    for n in (1, 2):  # the rounds whose figures are reported: the same mix in both
        share = clean_share([r for r in records if r["round"] == n])
        assert 1 / 3 <= share <= 1 / 2, f"round {n}: a third to a half of the articles are clean"
    test = [r for r in records if r["split"] == "test"]
    assert len(test) >= 120
    assert len({r["site"] for r in test}) >= 70
    assert max(Counter(r["site"] for r in test).values()) <= 3


def test_training_round_adds_many_new_sites(records):
    train = [r for r in records if r["split"] == "train"]
    assert len(train) >= 140
    assert len({r["site"] for r in train}) >= 110
    assert max(Counter(r["site"] for r in train).values()) <= 3
    # Every unused site was labelled, so the mix is what those sites hold; it must still give
    # the classifier boilerplate from many templates and content from at least as many pages.
    assert 1 / 3 <= clean_share(train) <= 2 / 3
    with_boilerplate = {
        r["site"] for r in train if any(line["label"] == "boilerplate" for line in r["lines"])
    }
    assert len(with_boilerplate) >= 50


def test_every_label_and_reason_is_in_the_vocabulary(records):
    for record in records:
        for line in record["lines"]:
            if line["label"] == "boilerplate":
                assert line["reason"] in REASONS
            else:
                assert line["label"] == "content" and line["reason"] is None


def test_malformed_gold_records_are_rejected(tmp_path):
    good = {
        "dataset": "golbeck2018",
        "ref": "fake/1",
        "site": "example.org",
        "split": "test",
        "round": 2,
        "lines": [{"n": 1, "sha1": "0123456789ab", "label": "content", "reason": None}],
    }
    broken = [
        {**good, "split": "train"},  # round 2 is the test split
        {**good, "round": 3},  # round 3 is the train split
        {**good, "split": "holdout"},
        {**good, "round": 4},
        {key: value for key, value in good.items() if key != "round"},
        {**good, "dataset": "unknown"},
        {**good, "lines": [{**good["lines"][0], "label": "boilerplate", "reason": "banner"}]},
        {**good, "lines": [{**good["lines"][0], "n": 2}]},
        {**good, "lines": [{**good["lines"][0], "sha1": "xyz"}]},
    ]
    for record in broken:
        path = tmp_path / "gold.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        with pytest.raises(InputError):
            read_gold_records(path)


def test_a_site_in_both_splits_is_rejected(tmp_path):
    record = {
        "dataset": "golbeck2018",
        "ref": "fake/1",
        "site": "example.org",
        "split": "test",
        "round": 2,
        "lines": [{"n": 1, "sha1": "0123456789ab", "label": "content", "reason": None}],
    }
    path = tmp_path / "gold.jsonl"
    other = {**record, "ref": "fake/2", "split": "dev", "round": 1}
    path.write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"example\.org is in both"):
        read_gold_records(path)
    other["site"] = "example.net"
    path.write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    assert [r["split"] for r in read_gold_records(path)] == ["test", "dev"]


def test_summary_counts_articles_sites_lines_and_reasons_per_split():
    def record(site, split, labels):
        lines = [
            {"n": n, "sha1": "0123456789ab", "label": label, "reason": reason}
            for n, (label, reason) in enumerate(labels, 1)
        ]
        return {"dataset": "golbeck2018", "site": site, "split": split, "round": 1, "lines": lines}

    records = [
        record("a.org", "dev", [("content", None), ("boilerplate", "footer")]),
        record("a.org", "dev", [("content", None)]),
        record("b.org", "test", [("boilerplate", "byline"), ("boilerplate", "footer")]),
        record("c.org", "train", [("boilerplate", "footer"), ("content", None)]),
    ]
    summary = summarize(records)
    assert list(summary) == ["dev", "test", "train", "all"]
    assert summary["dev"]["articles"] == 2 and summary["dev"]["sites"] == 1
    assert summary["dev"]["articles_without_boilerplate"] == 1
    assert (summary["dev"]["lines"], summary["dev"]["boilerplate_lines"]) == (3, 1)
    assert summary["test"]["per_reason"] == {"byline": 1, "footer": 1}
    assert summary["train"]["per_reason"] == {"footer": 1}
    assert summary["all"]["per_reason"] == {"footer": 3, "byline": 1}
    assert summary["all"]["per_dataset"] == {"golbeck2018": 4}
    assert summary["all"]["sites"] == 3


# --- with ../shared: the hashes still match the data -----------------------------------


@needs_shared
def test_every_gold_line_matches_the_shared_data(shared, records):
    articles = list(load_gold(shared / "data", BOILERPLATE_GOLD))
    assert len(articles) == len(records)
    for article, record in zip(articles, records, strict=True):
        assert (article.split, article.round) == (record["split"], record["round"])
        assert len(article.lines) == len(record["lines"])
        for line in article.lines:
            assert article.text[line.start : line.end] == line.text


# --- lines, loader and renderer on our own text ------------------------------------------


def test_source_lines_strip_skip_blanks_and_keep_offsets():
    text = "  Headline here \n\n\t\nBody line one.\r\n   \nShare this\n"
    lines = source_lines(text)
    assert [line.text for line in lines] == ["Headline here", "Body line one.", "Share this"]
    assert [line.n for line in lines] == [1, 2, 3]
    for line in lines:
        assert text[line.start : line.end] == line.text


def write_own_dataset(data_dir: Path, bodies: dict[str, str]) -> None:
    """A Golbeck-format file holding our own articles, under a shared-style data directory."""
    folder = data_dir / "articles" / "golbeck2018_fake_vs_satire"
    folder.mkdir(parents=True)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for ident, body in bodies.items():
            row = {"id": ident, "label": "fake", "url": "", "title": "t", "body": body}
            handle.write(json.dumps(row) + "\n")


def gold_record(
    ref: str, text: str, labels: list[tuple[str, str | None]], split: str = "test"
) -> dict:
    lines = source_lines(text)
    assert len(lines) == len(labels)
    return {
        "dataset": "golbeck2018",
        "ref": f"fake/{ref}",
        "site": f"{split}.example.org",
        "split": split,
        "round": {"dev": 1, "test": 2, "train": 3}[split],
        "lines": [
            {"n": line.n, "sha1": line_hash(line.text), "label": label, "reason": reason}
            for line, (label, reason) in zip(lines, labels, strict=True)
        ],
    }


def write_gold(path: Path, ref: str, text: str, labels: list[tuple[str, str | None]]) -> None:
    path.write_text(json.dumps(gold_record(ref, text, labels)) + "\n", encoding="utf-8")


OWN_TEXT = (
    "Share this story with your friends\n"
    "\n"
    "The river rose two metres overnight, the town council said on Monday.\n"
    "\n"
    "Residents were told to move cars away from the embankment.\n"
    "Related: Ten ways to keep your basement dry\n"
)
OWN_LABELS = [
    ("boilerplate", "social_prompt"),
    ("content", None),
    ("content", None),
    ("boilerplate", "related_links"),
]


def test_loader_rebuilds_the_input_and_fails_loudly_on_changed_text(tmp_path):
    write_own_dataset(tmp_path / "data", {"7": OWN_TEXT})
    gold = tmp_path / "gold.jsonl"
    write_gold(gold, "7", OWN_TEXT, OWN_LABELS)
    (article,) = load_gold(tmp_path / "data", gold)
    assert article.text == OWN_TEXT
    assert [line.label for line in article.lines] == [label for label, _ in OWN_LABELS]

    edited = OWN_TEXT.replace("two metres", "three metres")
    write_own_dataset(tmp_path / "edited", {"7": edited})
    with pytest.raises(InputError, match="line 2 does not match its hash"):
        list(load_gold(tmp_path / "edited", gold))
    with pytest.raises(InputError, match="is missing"):
        list(load_gold(tmp_path / "missing", gold))
    write_gold(gold, "8", OWN_TEXT, OWN_LABELS)
    with pytest.raises(InputError, match=r"\['fake/8'\] not found"):
        list(load_gold(tmp_path / "data", gold))


def test_splits_can_be_chosen_alone_joined_or_all(tmp_path):
    write_own_dataset(tmp_path / "data", {"1": OWN_TEXT, "2": OWN_TEXT, "3": OWN_TEXT})
    gold = tmp_path / "gold.jsonl"
    records = [
        gold_record(ref, OWN_TEXT, OWN_LABELS, split)
        for ref, split in (("1", "dev"), ("2", "test"), ("3", "train"))
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    def loaded(split: str) -> list[str]:
        return [article.split for article in load_gold(tmp_path / "data", gold, split)]

    assert loaded("train") == ["train"]
    assert loaded("dev+train") == loaded("train+dev") == ["dev", "train"]
    assert loaded("all") == ["dev", "test", "train"]
    assert split_names("all") == ("dev", "test", "train")
    for bad in ("heldout", "dev+", "dev+dev", "dev,train", ""):
        with pytest.raises(InputError, match="split must be one of"):
            split_names(bad)


def test_semeval_renderer_splits_paragraphs_and_keeps_loose_text():
    xml = (
        '<article id="1" title="T">Photo: A. Person {MID-1} '
        "<p>First  paragraph with a <a href='x'>link</a>\n and a <q>quote</q>.</p> "
        "Buy This Gadget Now <a>Details</a> "
        "<p>Second paragraph.</p><p>   </p>"
        "</article>"
    )
    text = render_semeval_article(ET.fromstring(xml))
    assert text.split("\n\n") == [
        "Photo: A. Person {MID-1}",
        "First paragraph with a link and a quote.",
        "Buy This Gadget Now Details",
        "Second paragraph.",
    ]


# --- the evaluation on a case we can work out by hand ------------------------------------


def own_article() -> GoldArticle:
    text = "Subscribe now\nThe mayor opened the bridge.\nIt cost four million.\nTags: bridges\n"
    labels = [
        ("boilerplate", "newsletter_prompt"),
        ("content", None),
        ("content", None),
        ("boilerplate", "footer"),
    ]
    lines = [
        GoldLine(line.n, line.start, line.end, line.text, label, reason)
        for line, (label, reason) in zip(source_lines(text), labels, strict=True)
    ]
    return GoldArticle("golbeck2018", "fake/1", "example.org", "test", 2, text, lines)


def test_evaluation_counts_lines_and_characters_exactly():
    article = own_article()
    subscribe, _mayor, cost, tags = article.lines  # 13, 28, 21 and 13 characters
    spans = [
        Span(subscribe.start, subscribe.end, "newsletter_prompt"),  # boilerplate removed
        Span(cost.start, cost.start + 7, "other"),  # content cut in part: not removed
        Span(cost.start + 7, cost.end + 1, "other"),  # ... now whole, through two spans
        Span(tags.start, tags.start + 5, "footer"),  # boilerplate cut in part: kept
    ]
    report = score([article], cleaner=lambda text: spans, split="test")
    o = report.overall
    assert (report.n_articles, report.n_sites, o["n_lines"]) == (1, 1, 4)
    assert o["boilerplate_recall"] == 1 / 2
    assert o["content_loss"] == 1 / 2
    assert o["precision"] == 1 / 2
    assert o["boilerplate_recall_chars"] == (13 + 5) / (13 + 13)
    assert o["content_loss_chars"] == 21 / (28 + 21)
    assert o["precision_chars"] == (13 + 5) / (13 + 5 + 21)
    assert o["content_lines_touched"] == 1
    assert report.per_reason["newsletter_prompt"]["recall"] == 1.0
    assert report.per_reason["footer"]["recall"] == 0.0
    assert report.per_dataset["golbeck2018"]["n_articles"] == 1
    assert not report.meets_targets
    kinds = [(e.label, e.n) for e in report.errors]
    assert kinds == [("content", 3), ("boilerplate", 4)]


def test_evaluation_of_a_perfect_and_of_an_idle_cleaner():
    article = own_article()
    gold_spans = [
        Span(line.start, line.end, line.reason or "")
        for line in article.lines
        if line.label == "boilerplate"
    ]
    perfect = score([article], cleaner=lambda text: gold_spans)
    assert perfect.overall["boilerplate_recall"] == 1.0
    assert perfect.overall["content_loss"] == 0.0
    assert perfect.overall["precision"] == 1.0
    assert perfect.meets_targets and perfect.errors == []
    idle = score([article], cleaner=lambda text: [])
    assert idle.overall["boilerplate_recall"] == 0.0
    assert idle.overall["precision"] is None
    assert not idle.meets_targets


def test_merge_spans_joins_overlapping_and_touching_ranges():
    spans = [Span(10, 20, "a"), Span(0, 5, "b"), Span(5, 8, "c"), Span(15, 30, "d")]
    assert merge_spans(spans) == [(0, 8), (10, 30)]
    article = own_article()
    first = article.lines[0]
    outcome = line_outcomes(article, [Span(first.start, first.end - 1, "x")])[0]
    assert (outcome.removed, outcome.removed_chars) == (False, first.end - first.start - 1)


def test_report_serialises_with_the_promised_keys():
    report = score([own_article()], cleaner=lambda text: [], split="dev")
    data = json.loads(json.dumps(report.to_dict(with_errors=True)))
    for key in ("boilerplate_recall", "content_loss", "precision", "n_articles", "n_sites"):
        assert key in data
    assert data["n_lines"] == 4 and len(data["errors"]) == 2
    markdown = report.to_markdown("newsift evaluate boilerplate --split dev")
    assert "| boilerplate recall | 0.0% |" in markdown
    assert "newsift evaluate boilerplate --split dev" in markdown


def test_evaluate_runs_the_shipped_cleaner_on_our_own_article(tmp_path):
    write_own_dataset(tmp_path / "data", {"7": OWN_TEXT})
    gold = tmp_path / "gold.jsonl"
    write_gold(gold, "7", OWN_TEXT, OWN_LABELS)
    report = evaluate_boilerplate(tmp_path / "data", gold, "all")
    assert report.n_articles == 1 and report.overall["n_lines"] == 4
    for key in ("boilerplate_recall", "content_loss", "precision"):
        value = report.overall[key]
        assert value is None or 0.0 <= value <= 1.0


def test_cli_prints_json_and_rejects_a_bad_split(tmp_path):
    write_own_dataset(tmp_path / "data", {"7": OWN_TEXT})
    gold = tmp_path / "gold.jsonl"
    write_gold(gold, "7", OWN_TEXT, OWN_LABELS)
    runner = CliRunner()
    args = ["evaluate", "boilerplate", "--data", str(tmp_path / "data"), "--gold", str(gold)]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n_articles"] == 1 and data["n_sites"] == 1 and data["n_lines"] == 4
    bad = runner.invoke(app, [*args, "--split", "heldout"])
    assert bad.exit_code == 2
    assert "split must be one of dev, test, train" in bad.output
    missing = runner.invoke(app, ["evaluate", "boilerplate", "--data", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_cli_gold_summary_reads_only_the_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    write_gold(gold, "7", OWN_TEXT, OWN_LABELS)
    runner = CliRunner()
    result = runner.invoke(app, ["data", "gold-summary", "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["test"]["articles"] == 1 and summary["dev"]["articles"] == 0
    assert summary["test"]["per_reason"] == {"related_links": 1, "social_prompt": 1}
    table = runner.invoke(app, ["data", "gold-summary", "--gold", str(gold)])
    assert table.exit_code == 0 and "social_prompt" in table.stdout
    missing = runner.invoke(app, ["data", "gold-summary", "--gold", str(tmp_path / "no.jsonl")])
    assert missing.exit_code != 0 and "not found" in missing.output
