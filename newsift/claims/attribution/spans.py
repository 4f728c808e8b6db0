"""What every extractor produces: :class:`Found` (token heads and character extents), and
how its spans grow from those heads (quotes, pointing content such as "said the following:")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from newsift.claims.attribution.parse import (
    _contiguous,
    doc_text,
    extent_key,
    sentence_of,
    token_chars,
    trim_tokens,
)


@dataclass(slots=True)
class Found:
    """One relation as the extractor found it: token heads and character extents."""

    cue: tuple[int, int]
    cue_head: int
    source: tuple[int, int] | None = None
    source_head: int | None = None
    content: tuple[int, int] | None = None
    content_head: int | None = None
    score: float = 1.0
    source_score: float = 1.0
    content_score: float = 1.0
    #: Those the source spoke to ("told X"): (start, end, head token), outlets become relays.
    recipients: list[tuple[int, int, int]] = field(default_factory=list)


class SpanBuilder:
    """Grows cue, source and content spans from their head tokens along the parse.

    ``cue_include`` maps a child of the cue head (by :func:`extent_key`, or
    ``lemma>key`` for a cue-specific rule such as ``call>prep:on``) to ``"token"`` or
    ``"subtree"``; ``source_exclude`` maps a child of the source head to whether its subtree
    stays out. The learned model fills both from PolNeAR; the rules use hand-written ones.
    """

    def __init__(self, cue_include: dict[str, str], source_exclude: dict[str, bool]):
        self.cue_include = cue_include
        self.source_exclude = source_exclude

    def cue(self, doc, head: int) -> tuple[int, int]:
        token = doc[head]
        lemma = token.lemma_.lower()
        members = {head}
        for child in token.children:
            key = extent_key(child)
            rule = self.cue_include.get(f"{lemma}>{key}", self.cue_include.get(key))
            if rule == "subtree":
                members.update(t.i for t in child.subtree)
            elif rule == "token":
                members.add(child.i)
        lo, hi = _contiguous(members, head)
        trimmed = trim_tokens(doc, lo, hi) or (head, head)
        return token_chars(doc, *trimmed)

    def source(self, doc, head: int, cue_head: int) -> tuple[int, int] | None:
        token, cue = doc[head], doc[cue_head]
        members = {t.i for t in token.subtree}
        if token.is_ancestor(cue):  # "a report released by X": keep the cue out of the source
            members -= {t.i for t in cue.subtree}
        for child in token.children:
            if self.source_exclude.get(extent_key(child), False):
                members -= {t.i for t in child.subtree}
        members.add(head)
        lo, hi = _contiguous(members, head)
        trimmed = trim_tokens(doc, lo, hi)
        if trimmed is None:
            return None
        lo, hi = trimmed
        inner = doc[lo : hi + 1].text
        # Keep a closing bracket that pairs with one inside, and the comma closing an
        # appositive ("Jane Roe, a spokeswoman for the firm,"), as the annotators did.
        while hi + 1 < len(doc) and (
            (doc[hi + 1].text == ")" and inner.count("(") > inner.count(")"))
            or (doc[hi + 1].text == "," and "," in inner)
        ):
            hi += 1
            inner = doc[lo : hi + 1].text
        return token_chars(doc, lo, hi)

    def content(
        self,
        doc,
        head: int,
        cue_head: int,
        source: tuple[int, int] | None,
        regions: list[tuple[int, int]],
    ) -> tuple[int, int] | None:
        token, cue = doc[head], doc[cue_head]
        if token.i == cue.i:
            return None
        members = {t.i for t in token.subtree}
        if token.is_ancestor(cue):
            members -= {t.i for t in cue.subtree}
        if source is not None:
            members = {i for i in members if not source[0] <= doc[i].idx < source[1]}
        if not members:
            return None
        trimmed = trim_tokens(doc, min(members), max(members))
        if trimmed is None:
            return None
        start, end = token_chars(doc, *trimmed)
        cue_chars = token_chars(doc, cue_head, cue_head)
        start, end = _extend_to_quotes(doc_text(doc), start, end, regions, avoid=cue_chars)
        if doc_text(doc)[start : start + 1] in QUOTE_OPENERS:
            end = _continue_quote(doc_text(doc), end, sentence_of(doc)[cue_head].end_char, regions)
        return start, end


QUOTE_OPENERS = {"“", '"', "«", "'"}


def _extend_to_quotes(
    text: str, start: int, end: int, regions: list[tuple[int, int]], avoid: tuple[int, int]
) -> tuple[int, int]:
    """Widen a content span to the quoted passages it touches (multi-sentence quotes)."""
    for q_start, q_end in regions:
        if q_start < end and start < q_end and not (q_start <= avoid[0] < q_end):
            start, end = min(start, q_start), max(end, q_end)
    # A closing quote right after the span (possibly after punctuation) belongs to it.
    tail = re.match(r"[.,!?;:]*(”|\"|»|'')", text[end : end + 5])
    if tail:
        end += tail.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


#: Contents that only point at what comes next: "here is what she said", "he said the following".
POINTING_CONTENT = {"what", "this", "the following", "following", "as follows", "these words"}


def point_forward(doc, found: list[Found], regions: list[tuple[int, int]]) -> list[Found]:
    """A cue whose content only points ahead (``here is what she said:``) takes the quote
    that opens the next sentence or paragraph as its content."""
    starts = {a: b for a, b in regions}
    out = []
    for relation in found:
        content = (
            doc_text(doc)[relation.content[0] : relation.content[1]] if relation.content else ""
        )
        if content.strip(" .:…").lower() in POINTING_CONTENT:
            after = sentence_of(doc)[relation.cue_head].end_char
            while after < len(doc_text(doc)) and (
                doc_text(doc)[after].isspace() or doc_text(doc)[after] in ".:…"
            ):
                after += 1
            if after in starts:
                relation = replace(relation, content=(after, starts[after]), content_head=None)
        out.append(relation)
    return out


def _continue_quote(text: str, end: int, sentence_end: int, regions) -> int:
    """A quote resumed right after the cue's sentence, in the same paragraph, is more content:
    ``"We won," she said. "And we will win again."``"""
    position = max(end, sentence_end)
    for q_start, q_end in regions:
        if q_start < position:
            continue
        gap = text[position:q_start]
        if gap.strip() or "\n" in gap:
            break
        return q_end
    return end


# ---------------------------------------------------------------------------------------------
# The rule baseline
