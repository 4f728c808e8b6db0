"""The fact-check store, its readers, matching, the report fields and the commands, on data
these tests write themselves."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

import newsift
from newsift.cli import app
from newsift.errors import InputError, OutputError
from newsift.factchecks.component import NO_STORE_WARNING, FactChecksComponent
from newsift.factchecks.match import match_claims
from newsift.factchecks.readers import claim_review_file, csv_file, import_file
from newsift.factchecks.store import (
    FactCheck,
    FactCheckStore,
    normalise_rating,
    write_store,
)
from newsift.factchecks.training.checkthat import (
    choose_threshold,
    decision_metrics,
    ranking_metrics,
)
from newsift.pipeline import Pipeline

CHECKS = [
    ("c1", "The Millbrook reservoir was drained to hide a chemical spill.", "False"),
    (
        "c2",
        "A photograph shows a moose standing on the roof of Greenfield town hall.",
        "Miscaptioned",
    ),
    ("c3", "Eating two bananas a day cures seasonal flu.", "Pants on Fire!"),
    ("c4", "The Harbour Bridge toll will double in July.", "Mostly True"),
    ("c5", "City council members voted to give themselves a 40 percent pay rise.", "Half True"),
]


def review(claim_id: str, claim: str, verdict: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checkers.example/{claim_id}",
        "claimReviewed": claim,
        "datePublished": "2023-04-05",
        "author": {"@type": "Organization", "name": "Valley Fact Desk"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Poster"}},
        "reviewRating": {"@type": "Rating", "alternateName": verdict},
    }


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "store"
    write_store(
        path,
        [
            FactCheck(
                i,
                claim,
                "Valley Fact Desk",
                "test",
                "ours",
                rating_raw=v,
                rating=normalise_rating(v),
            )
            for i, claim, v in CHECKS
        ],
        replace=False,
    )
    return path


@pytest.mark.parametrize(
    ("raw", "rating"),
    [
        ("Pants on Fire!", "false"),
        ("Mostly False", "misleading"),
        ("Miscaptioned", "misleading"),
        ("Half True", "mixed"),
        ("Mostly True", "true"),
        ("Unproven", "unrated"),
        (None, "unrated"),
    ],
)
def test_verdicts_are_normalised(raw, rating):
    assert normalise_rating(raw) == rating


def test_claim_review_is_read_from_an_object_a_list_a_graph_and_a_data_feed(tmp_path):
    shapes = {
        "one.json": review("c1", CHECKS[0][1], "False"),
        "list.json": [
            review("c1", CHECKS[0][1], "False"),
            review("c3", CHECKS[2][1], "Pants on Fire!"),
        ],
        "graph.jsonld": {
            "@graph": [{"@type": "WebPage"}, review("c4", CHECKS[3][1], "Mostly True")]
        },
        "feed.json": {
            "@type": "DataFeed",
            "dataFeedElement": [{"item": [review("c5", CHECKS[4][1], "Half True")]}],
        },
    }
    for name, document in shapes.items():
        (tmp_path / name).write_text(json.dumps(document))
    read = {name: list(claim_review_file(tmp_path / name, "ours")) for name in shapes}
    assert [len(v) for v in read.values()] == [1, 2, 1, 1]
    first = read["one.json"][0]
    assert (first.publisher, first.rating, first.claimant, first.date) == (
        "Valley Fact Desk",
        "false",
        "A. Poster",
        "2023-04-05",
    )
    assert read["feed.json"][0].rating == "mixed"


def test_a_csv_needs_a_claim_column(tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(
        'claim,rating,publisher,url\n"Bananas cure flu.",False,Desk,https://x.example/1\n'
    )
    assert [c.rating for c in csv_file(good, "ours")] == ["false"]
    bad = tmp_path / "bad.csv"
    bad.write_text("statement,rating\nBananas cure flu.,False\n")
    with pytest.raises(InputError, match="no 'claim' column"):
        list(csv_file(bad, "ours"))


@pytest.mark.parametrize("content", ["", "{not json", json.dumps({"@type": "WebPage"})])
def test_bad_claim_review_files_are_refused_with_one_line(tmp_path, content):
    path = tmp_path / "reviews.json"
    path.write_text(content)
    with pytest.raises(InputError):
        import_file(path, "ours")


def test_a_store_refuses_to_be_overwritten_unless_asked_and_swaps_whole(store):
    with pytest.raises(OutputError, match="--overwrite"):
        write_store(store, [], replace=False)
    write_store(
        store, [FactCheck("n1", "A new claim about tolls.", "Desk", "t", "ours")], replace=True
    )
    assert [c.id for c in FactCheckStore.open(store).checks] == ["n1"]
    assert not [p for p in store.parent.iterdir() if p.name.startswith(".")]


def test_a_store_of_another_version_is_refused(store):
    manifest = json.loads((store / "manifest.json").read_text())
    (store / "manifest.json").write_text(json.dumps({**manifest, "version": 99}))
    with pytest.raises(InputError, match="another version"):
        FactCheckStore.open(store)


def test_a_claim_in_other_words_finds_its_fact_check_and_an_unrelated_one_finds_none(store):
    opened = FactCheckStore.open(store)
    found = match_claims(
        opened,
        [
            "Residents said the Millbrook reservoir had been drained so that nobody would see a chemical spill.",
            "The school board approved a new bus timetable for the autumn term.",
        ],
    )
    assert found[0] and found[0][0].check.id == "c1"
    assert found[1] == []


RUMOUR = (
    "Reservoir rumour spreads\n\nPosts shared this week claimed the Millbrook reservoir was"
    " drained to hide a chemical spill, according to screenshots seen by reporters.\n\n"
    "The water board said the reservoir was lowered for repairs to its dam.\n"
)


def pipeline_with(component: FactChecksComponent) -> Pipeline:
    components = list(newsift.core.default_pipeline().components)
    components[[c.name for c in components].index("factchecks")] = component
    return Pipeline(components)


def test_the_report_carries_each_claims_matches_and_the_signal(store):
    report = newsift.analyze(RUMOUR, pipeline=pipeline_with(FactChecksComponent(store)))
    matched = [c for c in report.claims if c.factchecks]
    assert matched and matched[0].factchecks[0].rating == "false"
    assert matched[0].factchecks[0].publisher == "Valley Fact Desk"
    signal = next(s for s in report.signals if s.name == "previously_fact_checked")
    assert signal.value == len(matched) and signal.spans[0].start == matched[0].start
    assert NO_STORE_WARNING not in report.warnings


def test_without_a_store_the_report_says_claims_were_not_matched(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSIFT_FACTCHECKS", str(tmp_path / "none"))
    report = newsift.analyze(RUMOUR, pipeline=pipeline_with(FactChecksComponent()))
    assert NO_STORE_WARNING in report.warnings
    assert all(c.factchecks == [] for c in report.claims)


def test_ranking_and_decision_arithmetic():
    scores = [np.array([0.9, 0.2]), np.array([0.3, 0.8]), np.array([0.4])]
    labels = [np.array([1, 0]), np.array([1, 0]), np.array([0])]
    m = ranking_metrics(scores, labels, [1, 1, 1])
    assert m["map@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["map@5"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert m["recall@10"] == pytest.approx(2 / 3, abs=1e-4)
    d = decision_metrics(scores, labels, 0.5)
    assert (d["shown"], d["precision"], d["recall"]) == (2, 0.5, round(1 / 3, 4))
    assert choose_threshold(scores, labels) == pytest.approx(0.9)


def test_the_claims_of_a_batch_get_what_they_get_one_article_at_a_time(store):
    from newsift.core import to_article

    pipeline = pipeline_with(FactChecksComponent(store))
    texts = [RUMOUR, "Budget news\n\nThe school board approved a new bus timetable.\n", RUMOUR]
    batched = list(pipeline.pipe([to_article(t, i) for i, t in enumerate(texts)]))
    for i, text in enumerate(texts):
        alone = pipeline(to_article(text, i))
        assert [c.attrs.get("factchecks") for c in batched[i].spans.get("claims", [])] == [
            c.attrs.get("factchecks") for c in alone.spans.get("claims", [])
        ]
    assert any(c.attrs["factchecks"] for c in batched[2].spans["claims"])


def test_the_commands_import_search_and_count(tmp_path):
    reviews = tmp_path / "reviews.json"
    reviews.write_text(json.dumps([review(i, c, v) for i, c, v in CHECKS]))
    store = tmp_path / "store"
    runner = CliRunner()
    result = runner.invoke(
        app, ["factchecks", "import", str(reviews), "--license", "ours", "--store", str(store)]
    )
    assert result.exit_code == 0, result.output
    stats = json.loads(
        runner.invoke(app, ["factchecks", "stats", "--store", str(store), "--json"]).stdout
    )
    assert stats["checks"] == len(CHECKS) and stats["ratings"]["false"] == 2
    found = json.loads(
        runner.invoke(
            app,
            [
                "factchecks",
                "search",
                "Do two bananas a day really cure the flu?",
                "--store",
                str(store),
                "--json",
            ],
        ).stdout
    )
    assert found and found[0]["id"].startswith("claimreview:") and found[0]["rating"] == "false"
    bad = tmp_path / "bad.csv"
    bad.write_text("statement\nx\n")
    result = runner.invoke(
        app, ["factchecks", "import", str(bad), "--license", "ours", "--store", str(store)]
    )
    assert result.exit_code != 0 and "no 'claim' column" in result.stderr
    assert json.loads(
        runner.invoke(app, ["factchecks", "stats", "--store", str(store), "--json"]).stdout
    )["checks"] == len(CHECKS)
