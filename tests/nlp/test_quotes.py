"""Quoted passages from the marks alone: the cases a scan from mark to mark must keep."""

from __future__ import annotations

import pytest

from newsift.nlp.quotes import quote_regions


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "“One,” he said. \"Two.\" ''Three'' and “open\n\nnext",
            ["“One,”", '"Two."', "''Three''", "“open"],
        ),
        ("'''a'' b", ["'''a''"]),  # the doubled apostrophe is read first, then a single one
        ("“it's \"fine\" ''ok'' » still” after", ["“it's \"fine\" ''ok'' » still”"]),
        ('«a» ” "b\ncontinues" c', ["«a»", '"b\ncontinues"']),  # one line break does not close
        ('"runs to the end\n', ['"runs to the end']),  # a break at the very end closes
        ("“a\n\n\n", ["“a"]),
        ("plain text, no quotes\n\n", []),
    ],
)
def test_quote_regions(text, quoted):
    assert [text[a:b] for a, b in quote_regions(text)] == quoted
