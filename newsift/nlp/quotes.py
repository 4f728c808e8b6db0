"""Quoted passages of a text, found from the quotation marks alone.

Sentence splitting (a sentence never starts inside a quotation) and attribution (quoted
content, quoted speakers) both need them, so they live in the lowest stage that uses them.
"""

from __future__ import annotations

import re

_OPEN_QUOTES = {"“": "”", "«": "»"}


_STRAIGHT = '"'


#: What the scan stops at: a doubled apostrophe (read as one mark, before a single one is
#: looked at), a quotation mark, a line break that ends a paragraph (or the text). Jumping from
#: mark to mark, not character by character, made it some 30 times faster (it runs several
#: times per article).
_MARKS = re.compile("''|[\u201c\u201d\u00ab\u00bb\"]|\n(?=\n|\\Z)")

#: Marks that end a quotation: what ``quote_regions`` pairs openers with.
CLOSING_QUOTES = frozenset({*_OPEN_QUOTES.values(), _STRAIGHT, "''"})


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted passages, marks included; a paragraph break closes a quote.

    Curly quotes pair with their closer; straight double quotes and doubled apostrophes
    (``''``, an old wire style) toggle. An opener without a closer in its paragraph runs to
    the paragraph's end, as news style does for quotes that continue into the next paragraph.
    """
    regions: list[tuple[int, int]] = []
    open_at: int | None = None
    closer = ""
    for found in _MARKS.finditer(text):
        mark, i = found.group(), found.start()
        if open_at is None:
            if mark in _OPEN_QUOTES:
                open_at, closer = i, _OPEN_QUOTES[mark]
            elif mark in (_STRAIGHT, "''"):
                open_at, closer = i, mark
        elif mark == closer:
            regions.append((open_at, found.end()))
            open_at = None
        elif mark == "\n":
            regions.append((open_at, i))
            open_at = None
    if open_at is not None:
        regions.append((open_at, len(text)))
    return regions
