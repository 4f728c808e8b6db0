"""URL or host -> registrable domain, offline."""

from __future__ import annotations

import pytest

from newsift.sources.domains import (
    is_platform,
    is_shortener,
    normalize_host,
    registrable_domain,
)
from newsift.sources.registry import domain_key


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.bbc.co.uk/news/world-123", "bbc.co.uk"),
        ("http://m.theduran.com/some-story/?utm=1", "theduran.com"),
        ("amp.theguardian.com", "theguardian.com"),
        ("WWW.RealNewsRightNow.COM", "realnewsrightnow.com"),
        ("https://user:pw@news.example.org:8080/a", "example.org"),
        ("theduran.com.", "theduran.com"),
        ("someblog.wordpress.com", "someblog.wordpress.com"),
        ("someblog.blogspot.com", "someblog.blogspot.com"),
    ],
)
def test_registrable_domain(value: str, expected: str) -> None:
    assert registrable_domain(value) == expected


@pytest.mark.parametrize("value", ["", "not a host", "localhost", "http://", "foo.invalidtld"])
def test_no_registrable_domain(value: str) -> None:
    assert registrable_domain(value) is None


def test_normalize_host_strips_www_m_amp_but_keeps_meaningful_subdomains() -> None:
    assert normalize_host("https://www.example.com/x") == "example.com"
    assert normalize_host("m.example.com") == "example.com"
    assert normalize_host("amp.www.example.co.uk") == "example.co.uk"
    assert normalize_host("abcnews.go.com") == "abcnews.go.com"
    assert normalize_host("www.com") == "www.com"  # never strip down to a bare suffix


def test_shorteners_are_flagged() -> None:
    assert is_shortener("https://bit.ly/3abcd")
    assert is_shortener("t.co")
    assert not is_shortener("theduran.com")


def test_platform_roots() -> None:
    assert is_platform("wordpress.com")
    assert not is_platform("someblog.wordpress.com")
    assert not is_platform("theduran.com")


@pytest.mark.parametrize(
    ("site", "key"),
    [
        ("AmmoLand.com", "ammoland.com"),
        ("www.rt.com", "rt.com"),
        ("http://www.cato.org/blog", "cato.org"),
        ("Silver-Coin-Investor. com", "silver-coin-investor.com"),
        ("wordpress.com", "wordpress.com"),
        ("82.221.129.208", None),
        ("TopInfoPost.con", None),
        ("", None),
    ],
)
def test_domain_key_of_list_entries(site: str, key: str | None) -> None:
    assert domain_key(site) == key
