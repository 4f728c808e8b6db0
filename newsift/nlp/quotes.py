"""Quoted passages of a text, found from the quotation marks alone.

Sentence splitting (a sentence never starts inside a quotation) and attribution (quoted
content, quoted speakers) both need them, so they live in the lowest stage that uses them.
"""

from __future__ import annotations

_OPEN_QUOTES = {"“": "”", "«": "»"}


_STRAIGHT = '"'


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
    i = 0
    while i < len(text):
        char = text[i]
        width = 2 if text.startswith("''", i) else 1
        mark = "''" if width == 2 else char
        if open_at is None:
            if mark in _OPEN_QUOTES:
                open_at, closer = i, _OPEN_QUOTES[mark]
            elif mark in (_STRAIGHT, "''"):
                open_at, closer = i, mark
        elif mark == closer:
            regions.append((open_at, i + width))
            open_at = None
        elif char == "\n" and text[i + 1 : i + 2] in ("\n", ""):
            regions.append((open_at, i))
            open_at = None
        i += width
    if open_at is not None:
        regions.append((open_at, len(text)))
    return regions
