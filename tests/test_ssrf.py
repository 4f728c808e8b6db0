"""SSRF stays closed: no spelling of this machine is fetched, by the CLI, the API or the page.

Every URL points at a real HTTP server on loopback started here, and each test asserts that the
server received nothing; a control test shows the same URLs do reach it when private addresses
are allowed, so a refusal is never the accident of a URL that leads nowhere. DNS rebinding is
played with a stubbed resolver and a stubbed route from one public-looking address to loopback.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from newsift.cli import app as cli_app
from newsift.errors import FetchError
from newsift.input import fetch as fetch_module

PAGE = (
    b"<html><head><title>Secret</title></head><body><article><p>The internal admin page lists"
    b" every account on this machine, the operator said on Tuesday.</p></article></body></html>"
)

#: Ways to write "this machine" in a URL; ``{port}`` is the local server's port.
LOOPBACK_SPELLINGS = [
    "http://127.0.0.1:{port}/",
    "http://2130706433:{port}/",  # decimal
    "http://0x7f000001:{port}/",  # hex
    "http://0177.0.0.1:{port}/",  # octal
    "http://0x7f.0.0.1:{port}/",  # mixed hex and decimal
    "http://127.000.000.001:{port}/",  # zero-padded
    "http://127.1:{port}/",  # short
    "http://127.0.0.1.:{port}/",  # trailing dot
    "http://0:{port}/",  # zero: 0.0.0.0
    "http://0.0.0.0:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped IPv6
    "http://[0:0:0:0:0:ffff:7f00:1]:{port}/",  # the same, spelt out in hex
    "http://[::]:{port}/",
    "http://[::1]:{port}/",
    "http://example.com@127.0.0.1:{port}/",  # userinfo
    "HTTP://127.0.0.1:{port}/",  # upper-case scheme
    "http://localhost:{port}/",
    "http://LOCALHOST:{port}/",
    "http://localhost.:{port}/",  # trailing dot
    "http://admin.localhost:{port}/",  # RFC 6761: every *.localhost name is loopback
]
#: Spellings httpx will not connect to here (it rejects leading zeros in IPv4; this resolver
#: knows no trailing-dot or *.localhost names) though curl or a browser reads them as loopback:
#: the refusal must not rest on that.
NOT_CONNECTABLE_HERE = {
    "http://0177.0.0.1:{port}/",
    "http://127.000.000.001:{port}/",
    "http://127.0.0.1.:{port}/",
    "http://localhost.:{port}/",
    "http://admin.localhost:{port}/",
}


class _Recorder(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        location = self.server.redirect  # type: ignore[attr-defined]
        if location:
            self.send_response(302)
            self.send_header("Location", location)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


class _V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _serve(server: ThreadingHTTPServer, hits: list[str], redirect: str | None = None) -> None:
    server.hits = hits  # type: ignore[attr-defined]
    server.redirect = redirect  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()


class Loopback:
    """One port answered on 127.0.0.1 and ::1; ``hits`` lists the paths requested."""

    def __init__(self, redirect: str | None = None) -> None:
        self.hits: list[str] = []
        for _ in range(20):
            v4 = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
            self.port = v4.server_address[1]
            try:
                v6 = _V6Server(("::1", self.port), _Recorder)
            except OSError:  # that port is taken on ::1: try another
                v4.server_close()
                continue
            break
        else:
            raise RuntimeError("no port free on both 127.0.0.1 and ::1")
        self.servers = [v4, v6]
        for server in self.servers:
            _serve(server, self.hits, redirect)

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def _server() -> Iterator[Loopback]:
    server = Loopback()
    yield server
    server.close()


@pytest.fixture
def loopback(_server: Loopback) -> Loopback:
    _server.hits.clear()
    return _server


@pytest.mark.parametrize("spelling", sorted(set(LOOPBACK_SPELLINGS) - NOT_CONNECTABLE_HERE))
def test_each_spelling_reaches_the_local_server_when_private_addresses_are_allowed(
    loopback, spelling
):
    article = fetch_module.fetch(spelling.format(port=loopback.port), allow_private=True)
    assert "internal admin page" in article.raw
    assert loopback.hits == ["/"]


@pytest.mark.parametrize("spelling", LOOPBACK_SPELLINGS)
def test_fetch_refuses_every_loopback_spelling(loopback, spelling):
    with pytest.raises(FetchError, match="refusing"):
        fetch_module.fetch(spelling.format(port=loopback.port))
    assert loopback.hits == []


@pytest.mark.parametrize("spelling", LOOPBACK_SPELLINGS)
def test_the_cli_refuses_every_loopback_spelling(loopback, spelling):
    result = CliRunner().invoke(cli_app, ["analyze", spelling.format(port=loopback.port)])
    assert result.exit_code == 3
    assert "refusing" in result.output and "Traceback" not in result.output
    assert loopback.hits == []


@pytest.fixture(scope="module")
def api():
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsift.web.api import create_app

    return TestClient(create_app())


@pytest.mark.parametrize("spelling", LOOPBACK_SPELLINGS)
def test_the_api_refuses_every_loopback_spelling_with_a_4xx(api, loopback, spelling):
    response = api.post("/analyze", json={"fetch_url": spelling.format(port=loopback.port)})
    assert response.status_code == 422
    assert "refusing" in response.json()["detail"]
    assert loopback.hits == []


@pytest.mark.parametrize("spelling", LOOPBACK_SPELLINGS)
def test_the_page_refuses_every_loopback_spelling(api, loopback, spelling):
    response = api.post("/", data={"fetch_url": spelling.format(port=loopback.port)})
    assert response.status_code == 422
    assert "refusing" in response.text
    assert loopback.hits == []


PUBLIC = "93.184.215.14"  # a global address: the stubs below route it to loopback


@pytest.fixture
def network(monkeypatch):
    """A stubbed resolver (name -> answers, the last one repeated) and router (public
    (address, port) -> loopback); any other non-loopback destination is unreachable."""
    answers: dict[str, list[str]] = {}
    routes: dict[tuple[str, int], str] = {}
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name in answers:
            address = answers[name].pop(0) if len(answers[name]) > 1 else answers[name][0]
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 0))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        host, port = address[0], address[1]
        ip = getaddrinfo(host, port)[0][4][0]
        if (ip, port) in routes:
            ip = routes[(ip, port)]
        elif not ipaddress.ip_address(ip).is_loopback:
            raise ConnectionRefusedError(f"the test network has no route to {ip}")
        return real_connect((ip, port), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return answers, routes


def test_a_name_that_rebinds_to_loopback_after_the_check_is_not_connected_to(loopback, network):
    answers, _ = network
    answers["news.example.com"] = [PUBLIC, "127.0.0.1"]
    with pytest.raises(FetchError, match="refusing"):
        fetch_module.fetch(f"http://news.example.com:{loopback.port}/story")
    assert loopback.hits == []


def test_a_redirect_to_a_name_that_rebinds_to_loopback_is_not_followed(loopback, network):
    answers, routes = network
    answers["news.example.com"] = [PUBLIC]
    answers["cdn.example.net"] = [PUBLIC, "127.0.0.1"]
    outside = Loopback(redirect=f"http://cdn.example.net:{loopback.port}/admin")
    routes[(PUBLIC, outside.port)] = "127.0.0.1"
    try:
        with pytest.raises(FetchError, match="refusing"):
            fetch_module.fetch(f"http://news.example.com:{outside.port}/story")
    finally:
        outside.close()
    assert outside.hits == ["/story"]
    assert loopback.hits == []


def test_a_public_name_is_fetched_from_the_address_that_was_checked(loopback, network):
    answers, routes = network
    answers["news.example.com"] = [PUBLIC]
    routes[(PUBLIC, loopback.port)] = "127.0.0.1"
    article = fetch_module.fetch(f"http://news.example.com:{loopback.port}/story")
    assert "internal admin page" in article.raw
    assert loopback.hits == ["/story"]
