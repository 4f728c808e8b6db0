"""URL fetching: private addresses refused, redirects bounded, type and size checked.

A mock transport stands in for the network, so these tests run offline; the address check is
exercised with literal IP hosts, which resolve without DNS.
"""

from __future__ import annotations

import httpx
import pytest

from newsift.errors import FetchError
from newsift.input import fetch as fetch_module
from newsift.settings import FETCH_MAX_REDIRECTS, MAX_INPUT_BYTES

PAGE = (
    "<html><head><title>Bridge vote</title></head><body><article><p>The council voted 7-2 on"
    " Tuesday to repair the bridge, the mayor said after the meeting.</p></article></body></html>"
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/page",
        "http://192.168.0.10/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
    ],
)
def test_private_loopback_and_link_local_are_refused(url):
    with pytest.raises(FetchError, match="non-public"):
        fetch_module.fetch(url)


def test_non_http_schemes_are_refused():
    with pytest.raises(FetchError, match="only http"):
        fetch_module.fetch("file:///etc/passwd")


def _client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=False)


def test_fetch_html_page(monkeypatch):
    monkeypatch.setattr(fetch_module, "check_public", lambda url: None)
    client = _client(lambda request: httpx.Response(200, html=PAGE))
    article = fetch_module.fetch("https://news.example.org/a", client=client)
    assert article.input_kind == "html"
    assert article.url == "https://news.example.org/a"
    assert "council voted" in article.raw


def test_every_redirect_hop_is_checked(monkeypatch):
    checked = []

    def check(url):
        checked.append(url)
        if "10.0.0.1" in url:
            raise FetchError(f"refusing {url}: non-public")

    monkeypatch.setattr(fetch_module, "check_public", check)
    client = _client(
        lambda request: httpx.Response(302, headers={"location": "http://10.0.0.1/admin"})
    )
    with pytest.raises(FetchError, match="non-public"):
        fetch_module.fetch("https://news.example.org/a", client=client)
    assert checked == ["https://news.example.org/a", "http://10.0.0.1/admin"]


def test_redirect_loops_are_bounded(monkeypatch):
    monkeypatch.setattr(fetch_module, "check_public", lambda url: None)
    hops = []

    def handler(request):
        hops.append(str(request.url))
        return httpx.Response(301, headers={"location": f"/hop{len(hops)}"})

    with pytest.raises(FetchError, match="redirected more than"):
        fetch_module.fetch("https://news.example.org/", client=_client(handler))
    assert len(hops) == FETCH_MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (httpx.Response(404, text="nope"), "HTTP 404"),
        (
            httpx.Response(200, content=b"%PDF", headers={"content-type": "application/pdf"}),
            "application/pdf",
        ),
        (
            httpx.Response(
                200,
                content=b"x",
                headers={"content-length": str(MAX_INPUT_BYTES + 1), "content-type": "text/html"},
            ),
            "over the limit",
        ),
        (httpx.Response(200, content=b"", headers={"content-type": "text/html"}), "empty"),
    ],
)
def test_bad_responses_give_clear_errors(monkeypatch, response, message):
    monkeypatch.setattr(fetch_module, "check_public", lambda url: None)
    with pytest.raises(FetchError, match=message):
        fetch_module.fetch("https://news.example.org/a", client=_client(lambda request: response))


def test_body_over_the_cap_is_cut_while_streaming(monkeypatch):
    monkeypatch.setattr(fetch_module, "check_public", lambda url: None)
    big = httpx.Response(
        200,
        headers={"content-type": "text/html"},
        stream=httpx.ByteStream(b"a" * (MAX_INPUT_BYTES + 10)),
    )
    with pytest.raises(FetchError, match="stopped reading"):
        fetch_module.fetch("https://news.example.org/a", client=_client(lambda request: big))


def test_a_fetch_past_its_deadline_stops_reading(monkeypatch):
    monkeypatch.setattr(fetch_module, "check_public", lambda url: None)
    monkeypatch.setattr(fetch_module, "FETCH_DEADLINE_SECONDS", -1.0)  # already past
    page = httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE.encode())
    with pytest.raises(FetchError, match="took longer than"):
        fetch_module.fetch("https://news.example.org/a", client=_client(lambda request: page))


def test_timeouts_and_connection_errors_are_one_line(monkeypatch):
    monkeypatch.setattr(fetch_module, "check_public", lambda url: None)

    def timeout(request):
        raise httpx.ReadTimeout("slow", request=request)

    def refused(request):
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(FetchError, match="timed out"):
        fetch_module.fetch("https://news.example.org/a", client=_client(timeout))
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch_module.fetch("https://news.example.org/a", client=_client(refused))


@pytest.mark.parametrize("url", ["http://[bad/", "http://" + "a" * 70 + ".invalid/"])
def test_malformed_urls_are_a_fetch_error(url):
    with pytest.raises(FetchError, match=r"not a valid URL|invalid host name"):
        fetch_module.fetch(url)


def test_a_url_httpx_rejects_is_a_fetch_error():
    client = _client(lambda request: httpx.Response(200, html=PAGE))
    with pytest.raises(FetchError, match="not a valid URL"):
        fetch_module.fetch("http://bad\x00host.invalid/", allow_private=True, client=client)


def test_a_redirect_to_a_malformed_url_is_a_fetch_error(monkeypatch):
    monkeypatch.setattr(fetch_module, "check_public", lambda url: None)
    client = _client(lambda request: httpx.Response(302, headers={"location": "http://[bad/"}))
    with pytest.raises(FetchError, match="invalid URL"):
        fetch_module.fetch("https://news.example.org/a", client=client)


@pytest.mark.parametrize("source", ["ftp://news.example.org/a", "file:///etc/hostname"])
def test_load_names_the_unsupported_scheme_instead_of_looking_for_a_file(source):
    from newsift.input.load import load

    with pytest.raises(FetchError, match="only http and https"):
        load(source)
