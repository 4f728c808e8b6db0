"""The REST API and web page run the same analysis as the CLI."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

pytest.importorskip("fastapi")
from conftest import EXAMPLES
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsift.cli import app as cli_app
from newsift.errors import InputError
from newsift.settings import MAX_REQUEST_BYTES
from newsift.web.api import CONFIG_ENV, ServeConfig, create_app, load_api_keys

SCRAPED = (EXAMPLES / "scraped-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as client:  # the lifespan stops the analysis process
        yield client


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


def _post_raw(app, headers: dict[str, str], chunks: list[bytes]) -> tuple[int, dict, int]:
    """POST ``chunks`` straight to the ASGI app: (status, JSON body, chunks it read)."""
    read = 0
    messages: list[dict] = []

    async def receive() -> dict:
        nonlocal read
        if read == len(chunks):
            return {"type": "http.disconnect"}
        read += 1
        return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}

    async def send(message: dict) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/analyze",
        "raw_path": b"/analyze",
        "root_path": "",
        "query_string": b"",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))
    status = next(m["status"] for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return status, json.loads(body), read


def test_a_declared_body_over_the_cap_is_refused_before_a_byte_is_read():
    headers = {"content-type": "application/json", "content-length": str(MAX_REQUEST_BYTES + 1)}
    status, body, read = _post_raw(create_app(), headers, [b'{"text": "a"}'])
    assert (status, read) == (413, 0)
    assert "over the" in body["detail"]


def test_a_streamed_body_is_cut_at_the_first_chunk_past_the_cap():
    chunk = b"a" * 2**20
    chunks = [chunk] * (MAX_REQUEST_BYTES // len(chunk) + 10)
    status, body, read = _post_raw(create_app(), {"content-type": "application/json"}, chunks)
    assert status == 413 and "over the" in body["detail"]
    assert read == MAX_REQUEST_BYTES // len(chunk) + 1


def test_a_request_past_its_time_limit_gets_504():
    # No analysis can finish in a millisecond: the analysis process is not even up yet.
    with TestClient(create_app(ServeConfig(time_limit=0.001))) as client:
        response = client.post("/analyze", json={"text": SCRAPED})
    assert response.status_code == 504
    assert "time limit" in response.json()["detail"]


def test_swagger_ui_is_served_from_the_package_not_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)""", page.text)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), asset  # this server, not another host
        assert client.get(asset).status_code == 200, asset
    assert "://" not in page.text.replace("window.location.origin", "")


@pytest.fixture
def keyed(tmp_path):
    keys = tmp_path / "keys.txt"
    keys.write_text("# one key a line\n\ns3cret-key\n", encoding="utf-8")
    return create_app(ServeConfig(api_keys=load_api_keys(keys)))


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}, {"X-API-Key": ""}])
def test_with_keys_the_api_needs_one(keyed, headers):
    response = TestClient(keyed).post(
        "/analyze", json={"fetch_url": "http://127.0.0.1/"}, headers=headers
    )
    assert response.status_code == 401 and "X-API-Key" in response.json()["detail"]


def test_with_keys_a_valid_key_passes_and_the_docs_stay_open(keyed):
    client = TestClient(keyed)
    answer = client.post(
        "/analyze", json={"fetch_url": "http://127.0.0.1/"}, headers={"X-API-Key": "s3cret-key"}
    )
    assert answer.status_code == 422  # past the key check, refused for its URL
    assert client.get("/docs").status_code == 200
    assert 'name="api_key"' in client.get("/").text
    refused = client.post("/", data={"text": SCRAPED, "api_key": "wrong"})
    assert refused.status_code == 401 and "API key" in refused.text


def test_an_api_key_file_without_keys_is_an_error(tmp_path):
    empty = tmp_path / "keys.txt"
    empty.write_text("# none yet\n", encoding="utf-8")
    with pytest.raises(InputError, match="no keys"):
        load_api_keys(empty)


def test_workers_read_the_options_serve_gave_them(tmp_path, monkeypatch):
    keys = tmp_path / "keys.txt"
    keys.write_text("k1\nk2\n", encoding="utf-8")
    given = ServeConfig(time_limit=12, api_key_file=str(keys))
    monkeypatch.setenv(CONFIG_ENV, given.to_env())
    config = ServeConfig.from_env()
    assert (config.time_limit, config.api_keys) == (12, frozenset({"k1", "k2"}))


@pytest.fixture
def uvicorn_runs(monkeypatch):
    import uvicorn

    calls: list[tuple] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setenv(CONFIG_ENV, "{}")  # restored after the test, whatever serve sets
    return calls


def test_serve_refuses_a_non_loopback_host_without_keys(uvicorn_runs):
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--api-key-file" in result.output and "--no-auth" in result.output
    assert uvicorn_runs == []


@pytest.mark.parametrize(
    "args",
    [
        ["--host", "0.0.0.0", "--no-auth"],
        ["--host", "::1"],
        ["--host", "localhost"],
    ],
)
def test_serve_listens_where_it_is_told_when_that_is_safe_or_explicit(uvicorn_runs, args):
    result = CliRunner().invoke(cli_app, ["serve", *args])
    assert result.exit_code == 0, result.output
    assert uvicorn_runs[0][1]["host"] == args[1]


def test_serve_starts_workers_with_its_options(uvicorn_runs, tmp_path, monkeypatch):
    keys = tmp_path / "keys.txt"
    keys.write_text("k1\n", encoding="utf-8")
    args = ["serve", "--host", "0.0.0.0", "--workers", "3", "--time-limit", "20"]
    result = CliRunner().invoke(cli_app, [*args, "--api-key-file", str(keys)])
    assert result.exit_code == 0, result.output
    (target,), options = uvicorn_runs[0]
    assert target == "newsift.web.api:create_app" and options["factory"] is True
    assert options["workers"] == 3
    config = ServeConfig.from_env()  # what each worker will read
    assert (config.time_limit, config.api_keys) == (20, frozenset({"k1"}))
