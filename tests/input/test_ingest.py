"""Reading bytes into articles: encodings detected, bad input refused with a clear message."""

from __future__ import annotations

import codecs

import pytest

from newsift.errors import InputError
from newsift.input.ingest import article_from_text, decode, looks_like_html, read_file
from newsift.settings import MAX_INPUT_BYTES

PROSE = (
    "The regional parliament approved the budget on Thursday after a debate that lasted until "
    "late in the evening, according to the speaker's office."
)


def test_utf8_is_decoded_as_utf8():
    text, encoding = decode("Café déjà vu — “quoted”".encode())
    assert text == "Café déjà vu — “quoted”"
    assert encoding == "utf-8"


def test_byte_order_marks_are_honoured():
    text, encoding = decode(codecs.BOM_UTF8 + PROSE.encode())
    assert text == PROSE and encoding == "utf-8-sig"
    text, encoding = decode(PROSE.encode("utf-16"))
    assert text == PROSE and encoding == "utf-16"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_not_called_binary(encoding):
    original = PROSE + " Le député a déclaré qu'il était déçu.\n"
    text, found = decode(original.encode(encoding))
    assert text == original and found == encoding


def test_nul_bytes_that_are_not_utf16_are_still_refused():
    with pytest.raises(InputError, match="NUL bytes"):
        decode(b"PK-like\x00\x00\x00\x01\x02 data \x00\x10\x00\xff" * 40)


def test_legacy_encoding_is_detected_not_assumed():
    original = (PROSE + " Le député a déclaré qu'il était très déçu par la décision. ") * 3
    text, encoding = decode(original.encode("cp1252"))
    assert "député" in text and "déçu" in text
    assert encoding != "utf-8"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin1_english_with_accented_names_is_not_read_as_a_rare_code_page(encoding):
    original = (
        "The café owner, Renée Müller, said the naïve plan would fail. Prices rose 5° and £4.\n"
    ) * 3
    text, _ = decode(original.encode(encoding))
    assert text == original


def test_cyrillic_legacy_text_still_decodes():
    original = "Мэр города заявил, что мост откроют в марте, сообщили журналисты.\n" * 3
    text, _ = decode(original.encode("cp1251"))
    assert text == original


def test_charset_declared_in_html_is_used():
    page = (
        '<html><head><meta charset="iso-8859-1"></head><body><p>'
        + "Zürich Straße Öl " * 20
        + "</p></body></html>"
    )
    text, encoding = decode(page.encode("iso-8859-1"))
    assert "Zürich Straße" in text
    assert encoding == "iso-8859-1"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00def\x00ghi" * 10, "binary"),
    ],
)
def test_unusable_bytes_are_refused_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        decode(data)


def test_oversized_input_is_refused():
    with pytest.raises(InputError, match="limit"):
        decode(b"a" * (MAX_INPUT_BYTES + 1))


def test_html_is_sniffed():
    assert looks_like_html("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    assert looks_like_html("  <html>\n<head><title>x</title></head>")
    assert not looks_like_html(PROSE)
    assert not looks_like_html("Use <b> for bold, the manual says. " + PROSE)


def test_read_file_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_file(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_file(empty)


def test_read_file_records_encoding_and_kind(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><article><p>{PROSE}</p></article></body></html>", "utf-8")
    article = read_file(page)
    assert article.input_kind == "html"
    assert article.meta["encoding"] == "utf-8"
    plain = tmp_path / "plain.txt"
    plain.write_text(PROSE, "utf-8")
    article = read_file(plain)
    assert article.input_kind == "text" and article.source_text == PROSE


def test_article_from_text_refuses_empty_and_unknown_kind():
    with pytest.raises(InputError):
        article_from_text("  \n ")
    with pytest.raises(InputError, match="kind"):
        article_from_text(PROSE, kind="pdf")


@pytest.mark.parametrize("value", [42, 3.5, ["a list"], {"text": PROSE}])
def test_article_from_text_refuses_other_types_with_an_input_error(value):
    with pytest.raises(InputError, match=type(value).__name__):
        article_from_text(value)


def test_article_from_text_decodes_bytes_like_a_file():
    article = article_from_text(("Le député a déclaré. " + PROSE).encode("utf-8"))
    assert article.raw.startswith("Le député") and article.input_kind == "text"
    with pytest.raises(InputError, match="PNG"):
        article_from_text(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_lone_surrogates_become_replacement_characters_offsets_kept():
    text = PROSE[:20] + "\udcff" + PROSE[20:]
    article = article_from_text(text)
    assert article.raw == PROSE[:20] + "\ufffd" + PROSE[20:]
    article.raw.encode("utf-8")  # encodable now, so the tokenizer and the JSON report work


def test_a_string_of_control_characters_is_refused_as_binary():
    with pytest.raises(InputError, match="binary"):
        article_from_text("abc\x00\x01\x02" * 50)


def test_oversized_stdin_does_not_claim_a_size_it_never_read(monkeypatch):
    import io
    import sys

    from newsift.input.ingest import read_stdin

    data = b"word " * (MAX_INPUT_BYTES // 5 + 100_000)  # about 10.5 MB
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with pytest.raises(InputError, match="standard input is over the 10 MB limit"):
        read_stdin()


def test_a_declared_charset_whose_codec_refuses_to_decode_falls_back_to_detection():
    """Python's "undefined" codec raises UnicodeError (not UnicodeDecodeError) on any input."""
    page = f'<html><head><meta charset="undefined"></head><body><p>Café: {PROSE}</p></body></html>'
    text, encoding = decode(page.encode("latin-1"))
    assert "Café" in text and encoding != "undefined"
