"""Turn whatever a user has (file, stdin, URL, text, corpus row) into an :class:`Article`.

Bytes are decoded with a detected encoding, never an assumed one; anything that cannot be an
article (empty, binary, undecodable, oversized) raises :class:`InputError` with one clear line.
"""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

import charset_normalizer

from newsift.article import Article
from newsift.errors import InputError
from newsift.settings import MAX_INPUT_BYTES

_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
    b"PAR1": "a Parquet file (use `newsift batch` for corpora)",
    b"SQLite format 3": "an SQLite database",
}
_HTML_SNIFF = re.compile(
    rb"<\s*(!doctype\s+html|html|head|body|article|div|p|meta|title|script)\b", re.IGNORECASE
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def looks_like_html(data: bytes | str) -> bool:
    """True when the start of the input is markup rather than prose."""
    head = data[:4096]
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    stripped = head.lstrip()
    if stripped[:1] == b"<" and _HTML_SNIFF.search(stripped[:200]):
        return True
    return len(_HTML_SNIFF.findall(head)) >= 3


def decode(data: bytes, *, what: str = "input") -> tuple[str, str]:
    """Decode bytes to text, returning ``(text, encoding)``.

    Order: byte-order mark, strict UTF-8, a charset declared in HTML, then detection.
    """
    if not data or not data.strip():
        raise InputError(f"{what} is empty")
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(
            f"{what} is {len(data) / 2**20:.1f} MB, over the {MAX_INPUT_BYTES // 2**20} MB limit"
        )
    for magic, name in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{what} looks like {name}, not text or HTML")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_with(data, encoding, what), encoding
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise InputError(f"{what} looks like a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        encoding = declared.group(1).decode("ascii", "ignore")
        try:
            return data.decode(encoding), encoding.lower()
        except (LookupError, UnicodeError):
            # A page may declare anything: an unknown name, or a codec that refuses to decode
            # at all (Python's "undefined" raises UnicodeError, not UnicodeDecodeError).
            pass
    best = _best_guess(data)
    if best is None:
        raise InputError(f"{what} could not be decoded as text in any known encoding")
    text = str(best)
    if _control_ratio(text) > 0.05:
        raise InputError(f"{what} looks like a binary file, not text")
    return text, best.encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark (some Windows tools do): mostly-Latin text
    then has a NUL in every other byte, on the odd bytes for little-endian."""
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    share_even = even.count(0) / max(1, len(even))
    share_odd = odd.count(0) / max(1, len(odd))
    if share_odd > 0.3 and share_even < 0.02:
        encoding = "utf-16-le"
    elif share_even > 0.3 and share_odd < 0.02:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding) if _control_ratio(text) <= 0.05 else None


#: Legacy encodings most common on the web, preferred among equally plausible guesses.
_COMMON_LEGACY = ("cp1252", "iso8859_1", "iso8859_15", "cp1251", "gb18030", "cp932", "euc_kr")
#: Non-ASCII characters of ordinary Latin-script prose: accented letters of Western and
#: Central European languages and typographic punctuation. A wrong code page turns them into
#: box-drawing signs, superscripts and rare letters ("Müller" -> "M³ller" in cp775).
_LATIN_PROSE = frozenset(
    "àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝœŒšŠžŽčČřŘěĚůŮłŁśŚżŻźŹćĆńŃ"
    "ąĄęĘőŐűŰğĞışŞİ‘’‚“”„–—…•€£¥°§©®™«»¿¡·×"
)


def _latin_prose_share(text: str) -> float:
    """Share of the non-ASCII characters that belong to ordinary Latin-script prose."""
    odd = [ch for ch in text[:20000] if ord(ch) > 127]
    return sum(ch in _LATIN_PROSE for ch in odd) / len(odd) if odd else 1.0


def _best_guess(data: bytes):
    """charset-normalizer's guess, but among near-equal candidates the most plausible one.

    Its first pick for mostly-ASCII Western text is often a rare code page (iso8859_10, cp775)
    that decodes without much "chaos" yet garbles a few letters, and its coherence (language
    fit) can prefer it too. When some candidate reads as ordinary Latin prose, the candidates
    that read most like it win; coherence, then the common web encodings, break the tie.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    least_chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= least_chaos + 0.05]
    shares = [round(_latin_prose_share(str(m)), 2) for m in close]
    best = max(shares)
    if best >= 0.9:
        close = [m for m, share in zip(close, shares, strict=True) if share == best]
    return max(close, key=lambda m: (round(m.coherence, 2), m.encoding in _COMMON_LEGACY))


def _decode_with(data: bytes, encoding: str, what: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{what} is not valid {encoding}: {err.reason} at byte {err.start}"
        ) from None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / max(1, len(sample))


def article_from_text(
    text_or_html: str | bytes,
    *,
    url: str | None = None,
    id: str | None = None,
    title: str | None = None,
    kind: str | None = None,
) -> Article:
    """Wrap a string (plain text or HTML, sniffed unless ``kind`` is given).

    Bytes are decoded as a file's would be; any other type is refused with an InputError.
    """
    if isinstance(text_or_html, (bytes, bytearray, memoryview)):
        text_or_html, _ = decode(bytes(text_or_html))
    elif text_or_html is not None and not isinstance(text_or_html, str):
        raise InputError(
            f"expected the article as a str (text or HTML) or bytes,"
            f" not {type(text_or_html).__name__}"
        )
    if not text_or_html or not text_or_html.strip():
        raise InputError("input is empty")
    if len(text_or_html) > MAX_INPUT_BYTES:
        raise InputError(f"input is over the {MAX_INPUT_BYTES // 2**20} MB limit")
    if _control_ratio(text_or_html) > 0.05:
        raise InputError("input looks like binary data (many control characters), not text")
    # Lone surrogates (from a JSON "\udcff" escape or a surrogateescape decode) cannot be
    # encoded, so the tokenizer and the JSON report would fail; each becomes U+FFFD, one
    # character for one, so every offset still indexes the input.
    text_or_html = _LONE_SURROGATE.sub("\ufffd", text_or_html)
    if kind is None:
        kind = "html" if looks_like_html(text_or_html) else "text"
    if kind not in ("text", "html"):
        raise InputError(f"unknown input kind {kind!r}: expected 'text' or 'html'")
    article = Article(raw=text_or_html, input_kind=kind, url=url, id=id)  # type: ignore[arg-type]
    if title:
        article.title = title.strip()
        article.meta["title_given"] = True
    return article


def article_from_bytes(data: bytes, *, what: str, url: str | None = None) -> Article:
    text, encoding = decode(data, what=what)
    article = article_from_text(text, url=url, kind="html" if looks_like_html(data) else "text")
    article.meta["encoding"] = encoding
    return article


def read_file(path: str | Path) -> Article:
    """Read one article from a text or HTML file."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file: {p}")
    if p.is_dir():
        raise InputError(f"{p} is a directory, not an article file")
    size = p.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"{p} is {size / 2**20:.1f} MB, over the {MAX_INPUT_BYTES // 2**20} MB limit"
        )
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read {p}: {err.strerror}") from None
    article = article_from_bytes(data, what=str(p))
    article.meta["path"] = str(p)
    return article


def read_stdin() -> Article:
    data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:  # only the first bytes were read: the true size is unknown
        raise InputError(f"standard input is over the {MAX_INPUT_BYTES // 2**20} MB limit")
    return article_from_bytes(data, what="standard input")
