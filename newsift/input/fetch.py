"""Fetch one article by URL, defensively.

Users paste URLs from untrusted sources and may run newsift as a service, so every hop of a
redirect chain is checked: http(s) only, no private/loopback/link-local targets unless asked,
bounded redirects, a timeout per read and a deadline for the whole fetch, a content-type check
and a size cap enforced while streaming.

The address checked is the address connected to. A URL is checked before each hop for a clear
early refusal, but a name may resolve to a public address for that check and to 127.0.0.1 a
moment later (DNS rebinding), so without ``allow_private`` the connection itself goes through
:class:`_PublicOnly`, which resolves the name once, checks every address and connects to one of
them; TLS still verifies the certificate against the name (httpcore sends the name as SNI).
Environment proxies are not used then: a proxy would resolve the name itself.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newsift.article import Article
from newsift.errors import FetchError, InputError, RefusedURLError
from newsift.input.ingest import article_from_bytes
from newsift.settings import (
    FETCH_CONTENT_TYPES,
    FETCH_DEADLINE_SECONDS,
    FETCH_MAX_REDIRECTS,
    FETCH_TIMEOUT_SECONDS,
    FETCH_USER_AGENT,
    MAX_INPUT_BYTES,
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _split(url: str):
    try:
        return urlsplit(url)
    except ValueError as err:  # e.g. "Invalid IPv6 URL" for an unclosed "["
        raise RefusedURLError(f"{url} is not a valid URL: {err}") from None


def public_addresses(host: str, what: str) -> list[IPAddress]:
    """Every address ``host`` resolves to; RefusedURLError (naming ``what``) if one is not public.

    ``localhost`` and ``*.localhost`` are refused by name (RFC 6761 reserves them for loopback,
    whatever a resolver says), and a trailing dot is dropped first, as DNS does.
    """
    name = host[:-1] if host.endswith(".") else host
    if name.lower() == "localhost" or name.lower().endswith(".localhost"):
        raise RefusedURLError(f"refusing {what}: {host} names this machine, a non-public address")
    try:
        infos = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise FetchError(f"cannot resolve host {host!r} (offline, or no such domain)") from None
    except UnicodeError as err:  # IDNA: an empty or over-long label
        raise RefusedURLError(f"{what} has an invalid host name: {err}") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
    for address in addresses:
        if not address.is_global:
            raise RefusedURLError(
                f"refusing {what}: {host} resolves to the non-public address {address}"
            )
    return addresses


def check_public(url: str) -> None:
    """Refuse URLs whose host resolves to a non-public address."""
    host = _split(url).hostname
    if not host:
        raise RefusedURLError(f"{url} has no host name")
    public_addresses(host, url)


class _PublicOnly(httpcore.NetworkBackend):
    """Connects only to an address it has just checked: no second lookup for a rebinding DNS
    server to answer differently."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        failure: httpcore.ConnectError | None = None
        for address in public_addresses(host, f"a connection to {host}:{port}"):
            try:
                return self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as err:  # try the next address, as a resolver would
                failure = err
        assert failure is not None  # public_addresses returns at least one address
        raise failure

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise RefusedURLError(f"refusing a connection to the local socket {path}")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _PublicOnlyTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that connects through :class:`_PublicOnly`.

    httpx has no public option for a network backend, so the pool it built is replaced; the
    loopback tests in tests/test_ssrf.py fail if a new httpx stops using it.
    """

    def __init__(self) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), network_backend=_PublicOnly()
        )


def fetch(url: str, *, allow_private: bool = False, client: httpx.Client | None = None) -> Article:
    """Download ``url`` and return it as an Article (HTML or plain text)."""
    parts = _split(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise RefusedURLError(f"only http and https URLs can be fetched, not {parts.scheme!r}")
    own_client = client is None
    client = client or httpx.Client(
        timeout=FETCH_TIMEOUT_SECONDS,
        follow_redirects=False,
        headers={"User-Agent": FETCH_USER_AGENT},
        transport=None if allow_private else _PublicOnlyTransport(),
    )
    deadline = time.monotonic() + FETCH_DEADLINE_SECONDS
    try:
        current = url
        for _hop in range(FETCH_MAX_REDIRECTS + 1):
            if not allow_private:
                check_public(current)
            body, content_type, location = _get(client, current, deadline)
            if location is None:
                break
            try:
                current = urljoin(current, location)
            except ValueError as err:
                raise FetchError(f"{current} redirects to an invalid URL: {err}") from None
            if _split(current).scheme.lower() not in ("http", "https"):
                raise FetchError(f"{url} redirects to a non-http URL: {current}")
        else:
            raise FetchError(f"{url} redirected more than {FETCH_MAX_REDIRECTS} times")
    finally:
        if own_client:
            client.close()
    try:
        article = article_from_bytes(body, what=current, url=current)
    except InputError as err:
        raise FetchError(str(err)) from None
    if content_type == "text/plain":
        article.input_kind = "text"
        article.source_text = article.raw
    article.meta["fetched_url"] = current
    article.meta["content_type"] = content_type
    return article


def _get(client: httpx.Client, url: str, deadline: float) -> tuple[bytes, str, str | None]:
    """One request: (body, content type, redirect location or None)."""
    if time.monotonic() > deadline:
        raise FetchError(f"{url}: the fetch took longer than {FETCH_DEADLINE_SECONDS:.0f} s")
    try:
        with client.stream("GET", url) as response:
            if response.is_redirect:
                return b"", "", response.headers.get("location")
            if response.status_code >= 400:
                raise FetchError(f"{url} answered HTTP {response.status_code}")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and content_type not in FETCH_CONTENT_TYPES:
                raise FetchError(f"{url} is {content_type}, not an HTML or text page")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > MAX_INPUT_BYTES:
                raise FetchError(f"{url} is {int(declared) / 2**20:.1f} MB, over the limit")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_INPUT_BYTES:
                    raise FetchError(
                        f"{url} is over the {MAX_INPUT_BYTES // 2**20} MB limit; stopped reading"
                    )
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise FetchError(
                        f"{url} took longer than {FETCH_DEADLINE_SECONDS:.0f} s; stopped reading"
                    )
            return b"".join(chunks), content_type or "text/html", None
    except httpx.InvalidURL as err:
        raise RefusedURLError(f"{url} is not a valid URL: {err}") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url} timed out after {FETCH_TIMEOUT_SECONDS:.0f} s") from None
    except httpx.HTTPError as err:
        raise FetchError(f"cannot fetch {url}: {err.__class__.__name__}: {err}") from None
