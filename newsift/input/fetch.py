"""Fetch one article by URL, defensively.

Users paste URLs from untrusted sources and may run newsift as a service, so every hop of a
redirect chain is checked: http(s) only, no private/loopback/link-local targets unless asked,
bounded redirects, a timeout, a content-type check and a size cap enforced while streaming.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import httpx

from newsift.article import Article
from newsift.errors import FetchError, InputError
from newsift.input.ingest import article_from_bytes
from newsift.settings import (
    FETCH_CONTENT_TYPES,
    FETCH_MAX_REDIRECTS,
    FETCH_TIMEOUT_SECONDS,
    FETCH_USER_AGENT,
    MAX_INPUT_BYTES,
)


def _split(url: str):
    try:
        return urlsplit(url)
    except ValueError as err:  # e.g. "Invalid IPv6 URL" for an unclosed "["
        raise FetchError(f"{url} is not a valid URL: {err}") from None


def check_public(url: str) -> None:
    """Refuse URLs whose host resolves to a non-public address."""
    host = _split(url).hostname
    if not host:
        raise FetchError(f"{url} has no host name")
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise FetchError(f"cannot resolve host {host!r} (offline, or no such domain)") from None
    except UnicodeError as err:  # IDNA: an empty or over-long label
        raise FetchError(f"{url} has an invalid host name: {err}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(
                f"refusing {url}: {host} resolves to the non-public address {address}"
                " (use --allow-private to fetch it anyway)"
            )


def fetch(url: str, *, allow_private: bool = False, client: httpx.Client | None = None) -> Article:
    """Download ``url`` and return it as an Article (HTML or plain text)."""
    parts = _split(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme!r}")
    own_client = client is None
    client = client or httpx.Client(
        timeout=FETCH_TIMEOUT_SECONDS,
        follow_redirects=False,
        headers={"User-Agent": FETCH_USER_AGENT},
    )
    try:
        current = url
        for _hop in range(FETCH_MAX_REDIRECTS + 1):
            if not allow_private:
                check_public(current)
            body, content_type, location = _get(client, current)
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


def _get(client: httpx.Client, url: str) -> tuple[bytes, str, str | None]:
    """One request: (body, content type, redirect location or None)."""
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
            return b"".join(chunks), content_type or "text/html", None
    except httpx.InvalidURL as err:
        raise FetchError(f"{url} is not a valid URL: {err}") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url} timed out after {FETCH_TIMEOUT_SECONDS:.0f} s") from None
    except httpx.HTTPError as err:
        raise FetchError(f"cannot fetch {url}: {err.__class__.__name__}: {err}") from None
