"""URL or host to registrable domain, offline.

tldextract's default refreshes the Public Suffix List over the network; we pin it to the
snapshot bundled in the package (``suffix_list_urls=()``, no cache dir) so lookups never touch
the network and give the same answer everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

#: Link shorteners and redirectors: the domain says nothing about who published the article.
SHORTENERS = frozenset(
    {
        "bit.ly", "bitly.com", "t.co", "tinyurl.com", "goo.gl", "ow.ly", "buff.ly", "is.gd",
        "dlvr.it", "ift.tt", "fb.me", "lnkd.in", "trib.al", "wp.me", "tiny.cc", "shorturl.at",
        "rebrand.ly", "cutt.ly", "rb.gy", "t.ly", "v.gd", "soo.gd", "s.id", "amzn.to",
        "youtu.be", "apple.news", "flip.it", "po.st", "j.mp", "su.pr", "bl.ink", "smarturl.it",
    }
)  # fmt: skip

#: Blog platforms where each subdomain is a different publisher. The Public Suffix List's
#: private section covers some (blogspot.com, github.io); these it does not.
PLATFORM_SUFFIXES = (
    "wordpress.com", "substack.com", "tumblr.com", "weebly.com", "wixsite.com", "typepad.com",
    "livejournal.com", "over-blog.com", "blog.com", "squarespace.com",
)  # fmt: skip

#: Platforms whose pages (``facebook.com/somepage``) are publishers of their own: a list entry
#: for such a page rates the page, not the platform.
SOCIAL_PLATFORMS = frozenset(
    {
        "facebook.com", "twitter.com", "x.com", "youtube.com", "instagram.com", "tiktok.com",
        "t.me", "telegram.me", "vk.com", "reddit.com", "medium.com", "gab.com", "bitchute.com",
        "rumble.com", "linkedin.com", "pinterest.com", "odysee.com", "truthsocial.com",
    }
)  # fmt: skip

_STRIP_SUBDOMAINS = ("www", "m", "amp", "mobile")
_HOST_CHARS = re.compile(r"^[a-z0-9.-]+$")


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(),
        cache_dir=None,
        include_psl_private_domains=True,
        extra_suffixes=PLATFORM_SUFFIXES,
    )


def host_of(url_or_host: str) -> str:
    """The lower-case host of a URL or bare host name, without port, credentials or dot.

    Returns "" for anything that is not a plausible host name.
    """
    value = url_or_host.strip()
    if "://" not in value:
        value = "http://" + value
    try:
        host = (urlsplit(value).hostname or "").rstrip(".").lower()
        ascii_host = host.encode("idna").decode("ascii") if host else ""
    except (ValueError, UnicodeError):
        return ""
    return host if _HOST_CHARS.match(ascii_host or "-") else ""


@lru_cache(maxsize=65536)
def registrable_domain(url_or_host: str) -> str | None:
    """``https://www.bbc.co.uk/news`` -> ``bbc.co.uk``; None if there is no public suffix.

    Sites hosted on a shared platform (``name.wordpress.com``, ``name.blogspot.com``) keep
    their subdomain, because the Public Suffix List treats those platforms as suffixes.
    """
    host = host_of(url_or_host)
    if not host:
        return None
    parts = _extractor()(host)
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}"


def normalize_host(url_or_host: str) -> str | None:
    """The host with ``www.``/``m.``/``amp.`` stripped (keeps meaningful subdomains)."""
    host = host_of(url_or_host)
    if not host:
        return None
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in _STRIP_SUBDOMAINS:
        labels = labels[1:]
    return ".".join(labels)


def is_platform(url_or_host: str) -> bool:
    """``wordpress.com``, ``blogspot.com``: a hosting platform whose subdomains are publishers."""
    host = normalize_host(url_or_host)
    if not host or "." not in host:
        return False
    parts = _extractor()(host)
    return not parts.domain and parts.suffix == host


def is_shortener(url_or_host: str) -> bool:
    """``bit.ly/abc`` or ``t.co``: the link says nothing about who published the article."""
    domain = registrable_domain(url_or_host)
    host = normalize_host(url_or_host)
    return bool({domain, host} & SHORTENERS)
