"""Helpers over a spaCy parse that every extractor uses: quoted regions, dependency paths, token
extents and offsets."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Longest dependency path (in arcs) we describe exactly; longer ones share one category.
MAX_PATH = 4


#: Parts of speech that can head a source (PolNeAR train: 97% of source heads).
SOURCE_POS = {"NOUN", "PROPN", "PRON", "NUM", "X"}


#: Parts of speech never considered as cue heads.
NON_CUE_POS = {"PUNCT", "SPACE", "DET", "PRON", "CCONJ", "SCONJ", "NUM", "SYM", "X", "INTJ", "PART"}


CHILD_DEPS = (
    "nsubj",
    "nsubjpass",
    "ccomp",
    "xcomp",
    "dobj",
    "dative",
    "agent",
    "prep",
    "mark",
    "parataxis",
    "advcl",
    "aux",
    "neg",
    "attr",
    "acomp",
    "pobj",
    "poss",
    "relcl",
    "acl",
)


#: People and bodies that speak from an organisation: "researchers at X", "the X board".
MEMBER_ROLES = words(
    """official officer spokesman spokeswoman spokesperson representative member staffer staff
    adviser advisor analyst economist expert scientist researcher investigator executive
    employee engineer lawyer attorney director manager board team committee panel leadership
    management"""
)
#: Prepositions by which a person or body belongs to an organisation: "researchers at X".
MEMBERSHIP_PREPOSITIONS = frozenset({"at", "of", "for", "from", "with"})
#: Entities that are people or places, not someone's organisation ("residents of Springfield").
NOT_ORGANISATIONS = frozenset({"PERSON", "GPE", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL"})


def _names_organisation(token) -> bool:
    return token.ent_type_ in ("ORG", "FAC") or (
        token.pos_ == "PROPN" and token.ent_type_ not in NOT_ORGANISATIONS
    )


def organisation_of(token):
    """The token naming the organisation a person or body noun belongs to, if its phrase names
    one: "the X board" (compound), "X's researchers" (possessive), "researchers at X",
    "economists polled by X" (the agent of a participle); else None. In front of the noun
    only an organisation entity counts: "Smith's lawyer", "the Trump team" belong to people."""
    for child in token.children:
        if child.dep_ in ("compound", "poss") and child.ent_type_ in ("ORG", "FAC"):
            return child
        if child.dep_ == "prep" and child.lower_ in MEMBERSHIP_PREPOSITIONS:
            objects = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "acl":
            agents = [c for c in child.children if c.dep_ == "agent"]
            objects = [o for a in agents for o in a.children if o.dep_ == "pobj"]
        else:
            continue
        named = [o for o in objects if _names_organisation(o)]
        if named:
            return named[0]
    return None


_CLOSED_CLASS = {"ADP", "PART", "AUX", "SCONJ", "ADV", "DET", "PRON", "PUNCT", "CCONJ"}


def _in_regions(doc, regions: list[tuple[int, int]]) -> np.ndarray:
    inside = np.zeros(len(doc), dtype=bool)
    starts = [r[0] for r in regions]
    for token in doc:
        k = bisect.bisect_right(starts, token.idx) - 1
        if k >= 0 and regions[k][0] < token.idx < regions[k][1] - 1:
            inside[token.i] = True
    return inside


def dep_path(a, b) -> str:
    """The dependency path from token ``a`` up to the common ancestor and down to ``b``.

    Only ``MAX_PATH`` steps up from each end are walked (a longer path is "long" anyway): in a
    chain-shaped parse of a long sentence the full walk for every pair grew with its cube."""
    if a.i == b.i:
        return "self"
    up = [a, *itertools.islice(a.ancestors, MAX_PATH)]
    down = [b, *itertools.islice(b.ancestors, MAX_PATH)]
    down_index = {t.i: k for k, t in enumerate(down)}
    for k, token in enumerate(up):
        if token.i in down_index:
            steps = ["^" + t.dep_ for t in up[:k]] + [
                t.dep_ for t in reversed(down[: down_index[token.i]])
            ]
            return " ".join(steps) if len(steps) <= MAX_PATH else "long"
    roots = subtree_facts(a.doc).root
    return "long" if roots[a.i] == roots[b.i] else "none"


@dataclass
class SubtreeFacts:
    """Per token of a Doc: its subtree's size, whether a PERSON is in it, the subtree's first
    token (``Token.subtree`` order), and the root of its tree."""

    size: list[int]
    person: list[bool]
    first: list[int]
    root: list[int]


def subtree_facts(doc) -> SubtreeFacts:
    """Computed once per Doc, bottom-up, instead of walking a subtree per candidate pair."""
    cached = doc.user_data.get("newsift_subtrees")
    if cached is not None and len(cached.size) == len(doc):
        return cached
    n = len(doc)
    heads = [t.head.i for t in doc]
    children: list[list[int]] = [[] for _ in range(n)]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    size, person = [1] * n, [t.ent_type_ == "PERSON" for t in doc]
    first, root = list(range(n)), [-1] * n
    for top in (i for i in range(n) if heads[i] == i):
        order, stack = [], [top]
        while stack:  # parents before children, then folded children first
            i = stack.pop()
            root[i] = top
            order.append(i)
            stack.extend(children[i])
        for i in reversed(order):
            for child in children[i]:
                size[i] += size[child]
                person[i] = person[i] or person[child]
            if children[i] and children[i][0] < i:  # the first left child's subtree comes first
                first[i] = first[children[i][0]]
    facts = SubtreeFacts(size, person, first, root)
    doc.user_data["newsift_subtrees"] = facts
    return facts


def _contiguous(tokens: set[int], around: int) -> tuple[int, int]:
    """The run of consecutive token indices in ``tokens`` containing ``around`` (inclusive)."""
    lo = hi = around
    while lo - 1 in tokens:
        lo -= 1
    while hi + 1 in tokens:
        hi += 1
    return lo, hi


def trim_tokens(doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Drop punctuation and spaces at both ends of the token range ``lo..hi`` (inclusive)."""
    while lo <= hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi >= lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    return (lo, hi) if lo <= hi else None


def doc_text(doc) -> str:
    """``Doc.text``, joined once per Doc (spaCy rebuilds the string on every access)."""
    text = doc.user_data.get("newsift_text")
    if text is None:
        text = doc.user_data["newsift_text"] = doc.text
    return text


def doc_ents(doc) -> tuple[list, list[int], list[int]]:
    """``Doc.ents`` with their start and end characters, built once per Doc: spaCy walks every
    token on each access, and looking one up per relation grew with the square of the text."""
    cached = doc.user_data.get("newsift_ents")
    if cached is None:
        ents = list(doc.ents)
        cached = (ents, [e.start_char for e in ents], [e.end_char for e in ents])
        doc.user_data["newsift_ents"] = cached
    return cached


def window_docs(doc, windows: list[tuple[int, int]]) -> Iterator:
    """Each token range of ``windows`` (whole sentences) as a Doc of its own, as
    ``Span.as_doc`` makes it, with the Doc's array and entities read once: ``as_doc`` reads both
    for the whole Doc on every call, so a long text cut into many windows cost the square of its
    length."""
    from spacy.attrs import ENT_IOB, ENT_KB_ID, ENT_TYPE
    from spacy.tokens import Doc

    head = Doc._get_array_attrs()
    array = doc.to_array(head)
    iob, entity_columns = head.index(ENT_IOB), [head.index(a) for a in (ENT_TYPE, ENT_KB_ID)]
    missing = 0  # ENT_IOB of a token whose entity is unknown
    for lo, hi in windows:
        part = array[lo:hi].copy()
        # An entity cut by the window's edge is dropped as unknown, as as_doc drops it.
        cut = [range(0, _run_end(part[:, iob], 0))] if len(part) and part[0, iob] == 1 else []
        if hi < len(doc) and array[hi, iob] == 1 and len(part):
            first = len(part) - 1
            while first > 0 and part[first, iob] == 1:
                first -= 1
            cut.append(range(first, len(part)))
        for tokens in cut:
            part[list(tokens), iob] = missing
            part[np.ix_(list(tokens), entity_columns)] = 0
        window = Doc(
            doc.vocab,
            words=[t.text for t in doc[lo:hi]],
            spaces=[bool(t.whitespace_) for t in doc[lo:hi]],
        )
        window.from_array(head, part)
        window.noun_chunks_iterator = doc.noun_chunks_iterator
        window.user_hooks = doc.user_hooks
        window.user_span_hooks = doc.user_span_hooks
        window.user_token_hooks = doc.user_token_hooks
        window.tensor = doc.tensor[lo:hi]
        yield window


def _run_end(column, start: int) -> int:
    """The end of the run of inside-an-entity tags (ENT_IOB 1) that begins at ``start``."""
    end = start
    while end < len(column) and column[end] == 1:
        end += 1
    return end


def ents_between(doc, start: int, end: int) -> list:
    """The entities that overlap characters ``start:end`` (entities never overlap each other,
    so both their starts and their ends are sorted)."""
    ents, starts, ends = doc_ents(doc)
    return ents[bisect.bisect_right(ends, start) : bisect.bisect_left(starts, end)]


def sentence_of(doc) -> list:
    """The sentence Span of every token, by index (``Token.sent`` rescans the Doc each call)."""
    cached = doc.user_data.get("newsift_sentences")
    if cached is None or len(cached) != len(doc):
        cached = [None] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                cached[i] = sent
        doc.user_data["newsift_sentences"] = cached
    return cached


def token_chars(doc, lo: int, hi: int) -> tuple[int, int]:
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def extent_key(token) -> str:
    """How an extent table names a child: its relation, plus the word for closed classes."""
    if token.pos_ in _CLOSED_CLASS:
        return f"{token.dep_}:{token.lower_}"
    return token.dep_
