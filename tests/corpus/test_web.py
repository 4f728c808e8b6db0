"""newsift serve --store: the corpus view, from the store's narratives down to an article."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "corpus"))
from test_clusters import BACKS, BACKS_AGAIN, BUDGET, CHECK, claimed, embedder, fill

from newsift.corpus import clusters
from newsift.web.api import ServeConfig, create_app


@pytest.fixture
def store(tmp_path):
    path = tmp_path / "corpus.duckdb"
    fill(
        path,
        [
            claimed("a1", BACKS, site="hoax.example", published="2015-10-20", checks=[CHECK]),
            claimed("a/2", BACKS_AGAIN, site="outlet.example", published="2015-10-22"),
            claimed("b1", BUDGET, site="city.example", published="2016-01-02"),
            claimed(
                "b2", BUDGET + " Parents objected.", site="paper.example", published="2016-01-03"
            ),
            claimed("b3", BUDGET + " Again.", site="third.example", published="2016-01-04"),
        ],
    )
    clusters.update(path, embedder=embedder())
    return path


@pytest.fixture
def client(store):
    return TestClient(create_app(ServeConfig(store=str(store))))  # no lifespan: no analysis


def test_corpus_page_lists_narratives_and_stories_sortable(client):
    page = client.get("/corpus")
    assert page.status_code == 200
    assert "2 narratives carried by two or more articles" in page.text
    assert "<script" not in page.text and "http" not in page.text.split("</style>")[0]
    assert "false</span> Snopes" in page.text
    ids = re.findall(r"href='/corpus/narratives/(N\d+)'>N", page.text)
    by_articles = client.get("/corpus?narratives=articles&narratives_order=desc").text
    ascending = client.get("/corpus?narratives=articles&narratives_order=asc").text
    assert re.findall(r"href='/corpus/narratives/(N\d+)'>N", by_articles) == ids
    assert re.findall(r"href='/corpus/narratives/(N\d+)'>N", ascending) == ids[::-1]
    first = client.get("/corpus?narratives=first&narratives_order=asc").text
    assert first.index("2015-10-20") < first.index("2016-01-02")


def test_from_a_narrative_down_to_an_article_report(client):
    page = client.get("/corpus")
    narrative = re.search(
        r"href='(/corpus/narratives/N\d+)'>N\d+</a></td><td class='num'>2<", page.text
    )
    detail = client.get(narrative.group(1))
    assert detail.status_code == 200
    assert "hoax.example" in detail.text and "outlet.example" in detail.text
    link = re.search(r"href='(/corpus/articles/a%2F2)'", detail.text).group(1)
    article = client.get(link)
    assert article.status_code == 200
    assert "outlet.example" in article.text and 'class="claim"' in article.text
    story = re.search(r"href='(/corpus/stories/S\d+)'", page.text).group(1)
    assert client.get(story).status_code == 200


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/corpus/narratives/N99", "no narrative"),
        ("/corpus/stories/x", "no story"),
        ("/corpus/articles/nope", "no article"),
    ],
)
def test_unknown_ids_are_404_pages(client, path, message):
    response = client.get(path)
    assert response.status_code == 404 and message in response.text


def test_without_a_store_there_is_no_corpus_view():
    assert TestClient(create_app(ServeConfig())).get("/corpus").status_code == 404


def test_serve_refuses_a_missing_store_before_it_listens(tmp_path):
    from typer.testing import CliRunner

    from newsift.cli import app

    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "typo.duckdb")])
    assert result.exit_code != 0
    assert "no such store" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "typo.duckdb").exists()
