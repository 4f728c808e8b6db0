"""Stories: online clustering that extends stories, the date window, the evaluate command."""

from __future__ import annotations

import json

from corpus_fakes import KeywordEmbedder
from typer.testing import CliRunner

from newsift.cli import app
from newsift.corpus.stories import StoryClusterer, lead, parse_date


def article(id_, title, date=None, entities=(), source=None):
    return {
        "id": id_,
        "title": title,
        "text": "",
        "date": date,
        "entities": list(entities),
        "source": source,
    }


def test_a_new_batch_joins_existing_stories():
    embedder = KeywordEmbedder({"flood": [1, 0, 0], "election": [0, 1, 0]})
    clusterer = StoryClusterer(embedder, threshold=0.8, entity_weight=0.0)
    first = clusterer.add([article("1", "Flood in Dhaka"), article("2", "Election in Peru")])
    second = clusterer.add([article("3", "Dhaka flood toll rises", source="b")])
    assert first == [0, 1] and second == [0]
    assert clusterer.stories[0].article_ids == ["1", "3"]
    assert clusterer.stories[0].to_dict()["outlets"] == ["b"]


def test_the_same_words_weeks_apart_are_another_event():
    embedder = KeywordEmbedder({"flood": [1, 0]})
    clusterer = StoryClusterer(embedder, threshold=0.8, max_days=10)
    ids = clusterer.add(
        [
            article("1", "Flood in Dhaka", "2020-07-01"),
            article("2", "Flood in Dhaka", "2020-07-05"),
            article("3", "Flood in Dhaka", "2020-09-01"),
        ]
    )
    assert ids == [0, 0, 1]


def test_entity_overlap_can_tip_a_borderline_article_in():
    embedder = KeywordEmbedder({"strike": [1, 0], "walkout": [0.7, 0.71]})
    rows = [
        article("1", "Strike at the port", entities=["rotterdam"]),
        article("2", "Walkout at the docks", entities=["rotterdam"]),
    ]
    assert StoryClusterer(embedder, threshold=0.8, entity_weight=0.0).add(rows) == [0, 1]
    assert StoryClusterer(embedder, threshold=0.8, entity_weight=0.3).add(rows) == [0, 0]


def test_lead_and_dates():
    assert lead("Title", "word " * 500, chars=20).startswith("Title. word word")
    assert parse_date("2016-09-17T10:00:00").isoformat() == "2016-09-17"
    assert parse_date("last week") is None


def test_evaluate_stories_command_prints_the_json_keys(tmp_path):
    rows = [
        {"id": "1", "cluster": "a", "title": "Flood in Dhaka kills dozens", "text": "Rains."},
        {"id": "2", "cluster": "a", "title": "Dhaka flood kills dozens", "text": "Rains."},
        {"id": "3", "cluster": "b", "title": "Peru votes for a president", "text": "Polls."},
    ]
    path = tmp_path / "stories.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(app, ["evaluate", "stories", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    for key in (
        "bcubed_precision",
        "bcubed_recall",
        "bcubed_f1",
        "ari",
        "n_articles",
        "n_clusters",
    ):
        assert key in figures
    assert figures["n_articles"] == 3
