"""The REST API and web page run the same analysis as the CLI."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
from conftest import EXAMPLES
from fastapi.testclient import TestClient

from newsift.web.api import create_app

SCRAPED = (EXAMPLES / "scraped-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def test_analyze_endpoint_returns_the_report(client):
    response = client.post("/analyze", json={"text": SCRAPED, "url": "https://www.example.co.uk/a"})
    assert response.status_code == 200
    report = response.json()
    assert report["article"]["site"]["domain"] == "example.co.uk"
    assert any(b["reason"] == "comment_section" for b in report["boilerplate"])


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({}, 422),
        ({"text": "a", "html": "<p>b</p>"}, 422),
        ({"text": "   "}, 422),
        ({"fetch_url": "http://127.0.0.1:8000/"}, 422),
        ({"fetch_url": "ftp://example.com/x"}, 422),
    ],
)
def test_bad_requests_get_clear_errors(client, payload, status):
    response = client.post("/analyze", json=payload)
    assert response.status_code == status
    assert response.json()["detail"]


def test_openapi_and_schema_are_published(client):
    assert "/analyze" in client.get("/openapi.json").json()["paths"]
    assert client.get("/schema").json()["title"] == "newsift report"


def test_web_page_renders_the_html_report(client):
    assert "<form" in client.get("/").text
    page = client.post("/", data={"text": SCRAPED})
    assert page.status_code == 200
    assert "Removed from the input" in page.text and "Tomas Verhoeven" in page.text
    empty = client.post("/", data={"text": ""})
    assert empty.status_code == 422 and "exactly one" in empty.text
