"""Hypothesis strategies for what users feed ``newsift.analyze`` (text, bytes, HTML) and the
check every result must pass: a Report whose spans lie inside their text, or a NewsiftError.

Shared by ``tests/test_fuzz.py`` (a bounded budget in the normal suite) and ``bench/fuzz.py``
(the long run), so both fuzz the same input space.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from newsift.errors import NewsiftError
from newsift.report import Report

WORDS = [
    "the",
    "minister",
    "said",
    "officials",
    "warned",
    "pipeline",
    "spill",
    "according",
    "to",
    "memo",
    "reporters",
    "Reuters",
    "told",
    "may",
    "reportedly",
    "if",
    "confirmed",
    "sources",
    "Comments",
    "Share",
    "Subscribe",
    "By",
    "Jane",
    "Roe",
    "Tuesday",
    "Photo:",
    "AP",
    "©",
    "2024",
    "All",
    "rights",
    "reserved",
    "Advertisement",
    "Read",
    "more:",
    "Related",
]
PUNCTUATION = "!?.,;:-—–…*#@&%$^~|/\\\"'“”‘’()[]{}<>«»•·=_+"
#: Charsets a page may declare, valid or not: "undefined" is a Python codec that always fails.
CHARSETS = [
    "utf-8",
    "latin-1",
    "cp1252",
    "utf-16",
    "shift_jis",
    "koi8-r",
    "undefined",
    "rot13",
    "base64",
    "idna",
    "punycode",
    "unicode_escape",
    "utf-7",
    "x-no-such-charset",
    "",
]
ENCODINGS = ["utf-8", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-32", "koi8-r", "gb18030"]
TAGS = ["div", "p", "span", "b", "a", "li", "ul", "table", "tr", "td", "article", "h1", "script"]


def _line() -> st.SearchStrategy[str]:
    word_line = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)
    punctuation_run = st.text(st.sampled_from(PUNCTUATION), min_size=1, max_size=800)
    return st.one_of(
        word_line,
        punctuation_run,
        st.text(max_size=200),  # any code points, controls and surrogates included
        st.tuples(word_line, punctuation_run).map(" ".join),
    )


def texts() -> st.SearchStrategy[str]:
    """Plain text: lines of words, punctuation runs and arbitrary characters, sometimes a
    line repeated many times (the many-short-lines shape)."""
    lines = st.lists(_line(), min_size=1, max_size=40)
    repeated = st.tuples(_line(), st.integers(2, 400)).map(lambda pair: [pair[0]] * pair[1])
    separator = st.sampled_from(["\n", "\n\n", " ", "\r\n", "\t"])
    return st.tuples(st.one_of(lines, repeated), separator).map(lambda p: p[1].join(p[0]))


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    attributes = st.sampled_from(["", ' class="x"', " id='main'", ' style="a:b"', " data-x=1 /"])
    return st.tuples(
        st.sampled_from(TAGS), attributes, st.lists(children, max_size=4), st.booleans()
    ).map(lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}" + (f"</{t[0]}>" if t[3] else ""))


def html_pages() -> st.SearchStrategy[str]:
    """Pages: nested elements of text, unclosed tags, deep nesting, a charset declaration."""
    leaf = st.one_of(_line(), st.just("<br>"), st.just("<!-- c -->"), st.just("&amp; &#x27;"))
    body = st.recursive(leaf, _element, max_leaves=30)
    deep = st.tuples(st.sampled_from(TAGS), st.integers(1, 600), _line()).map(
        lambda t: f"<{t[0]}>" * t[1] + t[2] + f"</{t[0]}>" * t[1]
    )
    charset = st.sampled_from(CHARSETS).map(lambda c: f'<meta charset="{c}">' if c else "")
    return st.tuples(charset, st.lists(st.one_of(body, deep), min_size=1, max_size=5)).map(
        lambda t: f"<html><head>{t[0]}<title>T</title></head><body>{''.join(t[1])}</body></html>"
    )


def byte_inputs() -> st.SearchStrategy[bytes]:
    """Bytes: text or HTML in an encoding (sometimes with a byte-order mark), or noise."""

    def encode(args: tuple[str, str, bool]) -> bytes:
        text, encoding, bom = args
        data = text.encode(encoding, "replace")
        return (b"\xef\xbb\xbf" + data) if bom and encoding == "utf-8" else data

    encoded = st.tuples(st.one_of(texts(), html_pages()), st.sampled_from(ENCODINGS), st.booleans())
    return st.one_of(encoded.map(encode), st.binary(max_size=2000))


def check_result(data: str | bytes, run: Any) -> Report | NewsiftError:
    """Run ``run(data)``; only a Report or a NewsiftError may come out, and every span of a
    Report must lie inside the text it indexes (raises AssertionError otherwise)."""
    try:
        report = run(data)
    except NewsiftError as err:
        assert str(err).strip(), "a NewsiftError needs a message"
        return err
    assert isinstance(report, Report)
    check_spans(report)
    return report


def check_spans(report: Report) -> None:
    """Offsets in the report index ``article.text``; a span carrying its text must match it.
    Boilerplate, blocks left out of an HTML page and site evidence index the input, which the
    report does not hold, so only their shape is checked."""
    text = report.article.text
    dumped = report.model_dump()
    for name in ("boilerplate",):
        for block in dumped[name]:
            assert 0 <= block["start"] <= block["end"], block
            assert len(block["text"]) == block["end"] - block["start"], block
    # What extraction left out of an HTML page indexes the raw page; its text is the block's
    # visible text, not the markup between the offsets.
    for block in dumped["html_removed"]:
        assert 0 <= block["start"] <= block["end"] and block["text"].strip(), block
    dumped["article"]["site"] = None
    dumped["boilerplate"] = []
    dumped["html_removed"] = []
    _walk(dumped, text)


def _walk(value: Any, text: str) -> None:
    if isinstance(value, list):
        for item in value:
            _walk(item, text)
        return
    if not isinstance(value, dict):
        return
    start, end = value.get("start"), value.get("end")
    if isinstance(start, int) and isinstance(end, int):
        assert 0 <= start <= end <= len(text), value
        if isinstance(value.get("text"), str):
            assert value["text"] == text[start:end], value
    for key, item in value.items():
        if key != "reputation":
            _walk(item, text)
