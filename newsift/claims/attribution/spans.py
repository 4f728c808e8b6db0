"""Finding attribution relations: source, cue and content spans from a spaCy parse.

Three extractors share one output, :class:`Found`. ``rules`` is a hand-written baseline: a
lexicon of reporting verbs and nouns, the subject (or ``according to`` object, or passive
agent) as source, the clausal complement as content. ``learned`` (trained on PolNeAR by
``newsift train attribution``) scores every token as a cue head, then ranks the tokens of the
cue's sentence as source head and as content head by their dependency path to the cue; spans
grow from those heads along the parse with inclusion rules learned from the same data.
``fast`` needs no parser (fast mode): lexicon cues and the adjacent noun phrase.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsift.errors import ModelError

MODEL_PACKAGE = "newsift.models.attribution"


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


METHODS = ("learned", "rules", "fast")

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

_OPEN_QUOTES = {"“": "”", "«": "»"}
_STRAIGHT = '"'
_CLOSED_CLASS = {"ADP", "PART", "AUX", "SCONJ", "ADV", "DET", "PRON", "PUNCT", "CCONJ"}


# ---------------------------------------------------------------------------------------------
# Quotes and parse helpers


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


# ---------------------------------------------------------------------------------------------
# Found relations (token level) and their character spans


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


#: Reporting verbs (Krestel et al. 2008; Pareti 2015's PARC verb classes, abridged).
RULE_VERBS = words(
    """say tell report claim state announce add note explain argue insist warn confirm deny
    acknowledge admit allege assert declare suggest write tweet post reveal disclose testify
    estimate predict believe think contend maintain recall caution complain conclude stress
    emphasize observe remark reply respond comment mention indicate describe urge ask accuse
    criticize praise promise vow pledge agree concede point"""
)
RULE_NOUNS = frozenset(
    ["statement", "announcement", "report", "claim", "remarks", "comments", "interview"]
)


def build_found(spans: SpanBuilder, doc, cue_head: int, source, content, regions) -> Found:
    """A relation from its head tokens, with span extents from ``spans``."""
    source_span = spans.source(doc, source, cue_head) if source is not None else None
    content_span = (
        spans.content(doc, content, cue_head, source_span, regions) if content is not None else None
    )
    return Found(
        cue=spans.cue(doc, cue_head),
        cue_head=cue_head,
        source=source_span,
        source_head=source,
        content=content_span,
        content_head=content,
        recipients=_recipients(doc[cue_head]),
    )


class RuleExtractor:
    """The baseline: reporting-verb lexicon plus a few dependency patterns."""

    name = "rules"

    def __init__(self) -> None:
        self.spans = SpanBuilder(
            cue_include={"neg:not": "token", "neg:n't": "token", "according>prep:to": "token"},
            source_exclude={"relcl": True, "acl": True, "appos": True, "punct:,": True},
        )

    def find(self, doc) -> list[Found]:
        regions = quote_regions(doc_text(doc))
        found = []
        for token in doc:
            head = self._cue(token)
            if head is None:
                continue
            source = self._source(token)
            content = self._content(token)
            found.append(self._build(doc, token.i, source, content, regions))
        return point_forward(doc, found, regions)

    @staticmethod
    def _cue(token) -> int | None:
        if token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            return token.i
        if token.pos_ == "VERB" and token.lemma_.lower() in RULE_VERBS:
            return token.i
        if (
            token.pos_ == "NOUN"
            and token.lemma_.lower() in RULE_NOUNS
            and any(c.dep_ == "poss" for c in token.children)
        ):
            return token.i
        return None

    @staticmethod
    def _source(cue) -> int | None:
        if cue.lower_ == "according":
            for prep in cue.children:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj.i
        for child in cue.children:
            if child.dep_ in ("nsubj", "poss"):
                return child.i
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj.i
        if cue.dep_ in ("conj", "advcl", "xcomp"):
            for child in cue.head.children:
                if child.dep_ == "nsubj":
                    return child.i
        return None

    @staticmethod
    def _content(cue) -> int | None:
        if cue.lower_ == "according":
            return cue.head.i if cue.head.i != cue.i else None
        for dep in ("ccomp", "xcomp", "dobj"):
            for child in cue.children:
                if child.dep_ == dep and child.ent_type_ != "PERSON":
                    return child.i
        if cue.dep_ in ("parataxis", "ccomp") and cue.head.i != cue.i:
            return cue.head.i
        return None

    def _build(self, doc, cue_head, source, content, regions) -> Found:
        return build_found(self.spans, doc, cue_head, source, content, regions)


RECIPIENT_CUT = {"appos", "relcl", "acl", "punct", "conj", "cc"}


def _recipients(cue) -> list[tuple[int, int, int]]:
    """Those the source spoke to: ``told X``, ``in an interview with X``, ``said to X``."""
    heads = []
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ == "PROPN":
            heads.append(child)
        if child.dep_ == "prep" and child.lower_ in ("to", "with", "in", "on"):
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                if child.lower_ in ("to", "with") and obj.pos_ == "PROPN":
                    heads.append(obj)
                for inner in obj.children:  # "in an interview with X", "on X's programme"
                    if inner.dep_ == "prep" and inner.lower_ == "with":
                        heads.extend(o for o in inner.children if o.dep_ == "pobj")
                    if inner.dep_ == "poss" and inner.pos_ == "PROPN":
                        heads.append(inner)
    found = []
    for head in heads:
        # "the Planet broadcaster, the mayor, Jane Doe": appositions are often misparses
        # that swallow the speaker, and never name the recipient better than its head does.
        members = {head.i} | {
            t.i for child in head.children if child.dep_ not in RECIPIENT_CUT for t in child.subtree
        }
        trimmed = trim_tokens(head.doc, *_contiguous(members, head.i))
        if trimmed is not None:
            found.append((*token_chars(head.doc, *trimmed), head.i))
    return found


# ---------------------------------------------------------------------------------------------
# The learned extractor: features shared by training and prediction


#: Speech-act nouns PolNeAR's 840 training articles may never use as cues, read as their verb
#: ("made a revelation" as "revealed"); a lemma seen in training keeps its own statistics.
NOMINALIZED = {
    "revelation": "reveal",
    "disclosure": "disclose",
    "admission": "admit",
    "denial": "deny",
    "assertion": "assert",
    "allegation": "allege",
    "accusation": "accuse",
    "announcement": "announce",
    "statement": "state",
    "declaration": "declare",
    "confirmation": "confirm",
    "prediction": "predict",
    "insistence": "insist",
    "testimony": "testify",
}


@dataclass
class Lexicon:
    """What the learned model knows about words and paths, fitted on training articles."""

    lemma_stats: dict[str, tuple[int, int]]  # lemma -> (times a cue head, times a candidate)
    prior: float
    vocab: dict[str, list[str]]  # categorical feature values, index = code
    cue_include: dict[str, str]
    source_exclude: dict[str, bool]

    def __post_init__(self) -> None:
        self._codes = {
            name: {v: i for i, v in enumerate(values)} for name, values in self.vocab.items()
        }

    def code(self, name: str, value: str) -> int:
        return self._codes[name].get(value, -1)

    def rate(self, lemma: str) -> float:
        stats = self.lemma_stats.get(lemma) or self.lemma_stats.get(NOMINALIZED.get(lemma, ""))
        if stats is None:
            return -1.0
        cue, n = stats
        return (cue + 5 * self.prior) / (n + 5)

    def count(self, lemma: str) -> float:
        stats = self.lemma_stats.get(lemma)
        return math.log1p(stats[1]) if stats else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "lemma_stats": self.lemma_stats,
            "prior": self.prior,
            "vocab": self.vocab,
            "cue_include": self.cue_include,
            "source_exclude": self.source_exclude,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        return cls(
            lemma_stats={k: (int(v[0]), int(v[1])) for k, v in data["lemma_stats"].items()},
            prior=float(data["prior"]),
            vocab=data["vocab"],
            cue_include=data["cue_include"],
            source_exclude=data["source_exclude"],
        )


CUE_FEATURES = [
    "lemma",
    "lemma_rate",
    "lemma_count",
    "pos",
    "tag",
    "dep",
    "head_pos",
    "head_dep",
    "head_rate",
    *(f"has_{d}" for d in CHILD_DEPS),
    "subj_ent",
    "subj_pron",
    "subj_propn",
    "in_quote",
    "sent_quote",
    "comp_quote",
    "next_colon_or_quote",
    "prev_quote",
    "rel_pos",
    "sent_len",
    "prev_rate",
    "next_rate",
    "next_to",
    "next_that",
    "is_root",
    "n_children",
    "lower_is_title",
    "subj_lemma",
    "head_lemma",
    "dobj_rate",
    "prep_word",
    "prev_pos",
    "next_pos",
]
CUE_CATEGORICAL = [
    "lemma",
    "pos",
    "tag",
    "dep",
    "head_pos",
    "head_dep",
    "subj_ent",
    "subj_lemma",
    "head_lemma",
    "prep_word",
    "prev_pos",
    "next_pos",
]

PAIR_FEATURES = [
    "path",
    "path_len",
    "path_up",
    "path_down",
    "pos",
    "tag",
    "dep",
    "ent",
    "distance",
    "abs_distance",
    "before",
    "cand_rate",
    "cue_pos",
    "cue_dep",
    "cue_lemma",
    "cue_rate",
    "rank_left",
    "rank_right",
    "subtree_size",
    "cand_in_quote",
    "cue_in_quote",
    "has_person",
    "is_child",
    "is_parent",
    "subtree_has_cue",
    "starts_quote",
]
PAIR_CATEGORICAL = ["path", "pos", "tag", "dep", "ent", "cue_pos", "cue_dep", "cue_lemma"]


def is_cue_candidate(token) -> bool:
    return token.pos_ not in NON_CUE_POS and not token.is_space


def is_source_candidate(token) -> bool:
    return token.pos_ in SOURCE_POS


def is_content_candidate(token) -> bool:
    return not (token.is_punct or token.is_space)


class Featurizer:
    """Feature rows for cue tokens and for (cue, candidate) pairs, from a spaCy Doc."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon

    def doc_context(self, doc) -> dict[str, Any]:
        regions = quote_regions(doc_text(doc))
        return {"regions": regions, "in_quote": _in_regions(doc, regions)}

    def cue_rows(self, doc, context: dict[str, Any]) -> tuple[list[int], np.ndarray]:
        lex, in_quote = self.lex, context["in_quote"]
        rates = [lex.rate(t.lemma_.lower()) for t in doc]
        quote_chars = set('“”"«»')
        sent_quote: dict[int, bool] = {}
        for sent in doc.sents:
            has = any(t.text in quote_chars for t in sent)
            for t in sent:
                sent_quote[t.i] = has
        sentences = sentence_of(doc)
        indices, rows = [], []
        for token in doc:
            if not is_cue_candidate(token):
                continue
            sent = sentences[token.i]
            children = list(token.children)
            deps = {c.dep_ for c in children}
            subj = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
            comp = next((c for c in children if c.dep_ in ("ccomp", "xcomp", "parataxis")), None)
            dobj = next((c for c in children if c.dep_ == "dobj"), None)
            prep = next((c for c in children if c.dep_ in ("prep", "agent", "prt")), None)
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            prv = doc[token.i - 1] if token.i > 0 else None
            lemma = token.lemma_.lower()
            rows.append(
                [
                    lex.code("lemma", lemma),
                    rates[token.i],
                    lex.count(lemma),
                    lex.code("pos", token.pos_),
                    lex.code("tag", token.tag_),
                    lex.code("dep", token.dep_),
                    lex.code("pos", token.head.pos_),
                    lex.code("dep", token.head.dep_),
                    rates[token.head.i] if token.head.i != token.i else -1.0,
                    *(float(d in deps) for d in CHILD_DEPS),
                    lex.code("ent", subj.ent_type_) if subj is not None else -1,
                    float(subj is not None and subj.pos_ == "PRON"),
                    float(subj is not None and subj.pos_ == "PROPN"),
                    float(in_quote[token.i]),
                    float(sent_quote[token.i]),
                    float(comp is not None and any(t.text in quote_chars for t in comp.subtree)),
                    float(nxt is not None and (nxt.text == ":" or nxt.text in quote_chars)),
                    float(prv is not None and (prv.text in quote_chars or prv.text == ",")),
                    (token.i - sent.start) / max(1, len(sent)),
                    float(len(sent)),
                    rates[token.i - 1] if prv is not None else -1.0,
                    rates[token.i + 1] if nxt is not None else -1.0,
                    float(nxt is not None and nxt.lower_ == "to"),
                    float(nxt is not None and nxt.lower_ == "that"),
                    float(token.dep_ == "ROOT"),
                    float(len(children)),
                    float(token.is_title),
                    lex.code("subject", subj.lemma_.lower()) if subj is not None else -1,
                    lex.code("lemma", token.head.lemma_.lower()) if token.head.i != token.i else -1,
                    rates[dobj.i] if dobj is not None else -1.0,
                    lex.code("prep", prep.lower_) if prep is not None else -1,
                    lex.code("pos", prv.pos_) if prv is not None else -1,
                    lex.code("pos", nxt.pos_) if nxt is not None else -1,
                ]
            )
            indices.append(token.i)
        return indices, np.asarray(rows, dtype=np.float32).reshape(len(rows), len(CUE_FEATURES))

    def pair_rows(
        self, doc, cue_head: int, role: str, context: dict[str, Any]
    ) -> tuple[list[int], np.ndarray]:
        lex, in_quote = self.lex, context["in_quote"]
        cue = doc[cue_head]
        sent = sentence_of(doc)[cue_head]
        accept = is_source_candidate if role == "source" else is_content_candidate
        path_vocab = f"path_{role}"
        candidates = [t for t in sent if t.i != cue_head and accept(t)]
        left = sorted((t for t in candidates if t.i < cue_head), key=lambda t: -t.i)
        right = sorted((t for t in candidates if t.i > cue_head), key=lambda t: t.i)
        rank = {t.i: k for k, t in enumerate(left)} | {t.i: k for k, t in enumerate(right)}
        cue_rate = lex.rate(cue.lemma_.lower())
        cue_lemma = lex.code("lemma", cue.lemma_.lower())
        facts = subtree_facts(doc)
        above_cue = {t.i for t in cue.ancestors}
        rows = []
        for cand in candidates:
            path = dep_path(cue, cand)
            steps = path.split() if path not in ("long", "none", "self") else []
            rows.append(
                [
                    lex.code(path_vocab, path),
                    float(len(steps)) if steps else float(MAX_PATH + 1),
                    float(sum(s.startswith("^") for s in steps)),
                    float(sum(not s.startswith("^") for s in steps)),
                    lex.code("pos", cand.pos_),
                    lex.code("tag", cand.tag_),
                    lex.code("dep", cand.dep_),
                    lex.code("ent", cand.ent_type_),
                    float(cand.i - cue_head),
                    float(abs(cand.i - cue_head)),
                    float(cand.i < cue_head),
                    lex.rate(cand.lemma_.lower()),
                    lex.code("pos", cue.pos_),
                    lex.code("dep", cue.dep_),
                    cue_lemma,
                    cue_rate,
                    float(rank[cand.i]) if cand.i < cue_head else -1.0,
                    float(rank[cand.i]) if cand.i > cue_head else -1.0,
                    float(facts.size[cand.i]),
                    float(in_quote[cand.i]),
                    float(in_quote[cue_head]),
                    float(facts.person[cand.i]),
                    float(cand.head.i == cue_head),
                    float(cue.head.i == cand.i),
                    float(cand.i in above_cue),
                    float(doc[facts.first[cand.i]].text in '“"«'),
                ]
            )
        return [c.i for c in candidates], np.asarray(rows, dtype=np.float32).reshape(
            len(rows), len(PAIR_FEATURES)
        )


@dataclass
class LearnedModel:
    """The shipped learned extractor: a lexicon, three LightGBM boosters and thresholds."""

    lexicon: Lexicon
    cue_model: Any
    source_model: Any
    content_model: Any
    thresholds: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)

    def save(self, folder) -> None:
        from pathlib import Path

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"thresholds": self.thresholds, "card": self.card, **self.lexicon.to_json()}
        (folder / "model.json").write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
        for name in ("cue", "source", "content"):
            booster = getattr(self, f"{name}_model")
            (folder / f"{name}.lgb.txt").write_text(booster.model_to_string(), encoding="utf-8")

    @classmethod
    def load_text(cls, meta: str, boosters: dict[str, str]) -> LearnedModel:
        import lightgbm

        data = json.loads(meta)
        return cls(
            lexicon=Lexicon.from_json(data),
            cue_model=lightgbm.Booster(model_str=boosters["cue"]),
            source_model=lightgbm.Booster(model_str=boosters["source"]),
            content_model=lightgbm.Booster(model_str=boosters["content"]),
            thresholds=data["thresholds"],
            card=data.get("card", {}),
        )


@lru_cache(maxsize=1)
def shipped_model() -> LearnedModel:
    """The model in ``newsift/models/attribution`` (written by ``newsift train attribution``)."""
    try:
        folder = resources.files(MODEL_PACKAGE)
        meta = (folder / "model.json").read_text(encoding="utf-8")
        boosters = {
            n: (folder / f"{n}.lgb.txt").read_text(encoding="utf-8")
            for n in ("cue", "source", "content")
        }
    except (FileNotFoundError, ModuleNotFoundError) as err:
        raise ModelError(
            f"the attribution model is missing ({err}); run `newsift train attribution`"
        ) from None
    return LearnedModel.load_text(meta, boosters)


class LearnedExtractor:
    """Cue heads by a token classifier; source and content heads by ranking candidates."""

    name = "learned"
    #: Cue candidates scoring below this are never kept, whatever the tuned threshold.
    FLOOR = 0.15

    def __init__(self, model: LearnedModel | None = None):
        self.model = model or shipped_model()
        self.features = Featurizer(self.model.lexicon)
        self.spans = SpanBuilder(self.model.lexicon.cue_include, self.model.lexicon.source_exclude)

    def find(self, doc) -> list[Found]:
        found = select(doc, self.candidates(doc), self.model.thresholds)
        return [orphan_source(doc, f) if f.source is None else f for f in found]

    def candidates(self, doc) -> list[Found]:
        """Every cue head above :attr:`FLOOR` with its best source and content, unfiltered.

        Pair rows of all cue heads go to each model in one call: LightGBM's per-call
        overhead dominates on small inputs.
        """
        if len(doc) == 0:
            return []
        context = self.features.doc_context(doc)
        indices, rows = self.features.cue_rows(doc, context)
        if not indices:
            return []
        probs = self.model.cue_model.predict(rows, num_threads=1)
        heads = [(indices[k], float(probs[k])) for k in np.flatnonzero(probs >= self.FLOOR)]
        best = {
            role: self._best(doc, [h for h, _ in heads], role, context)
            for role in ("source", "content")
        }
        return [
            self.relation(doc, head, context, score, best["source"][k], best["content"][k])
            for k, (head, score) in enumerate(heads)
        ]

    def _best(self, doc, heads: list[int], role: str, context) -> list[tuple[int | None, float]]:
        """For each cue head, its best candidate for ``role`` and that candidate's score."""
        groups = [self.features.pair_rows(doc, head, role, context) for head in heads]
        filled = [rows for candidates, rows in groups if candidates]
        if not filled:
            return [(None, 0.0)] * len(heads)
        model = self.model.source_model if role == "source" else self.model.content_model
        scores = model.predict(np.concatenate(filled), num_threads=1)
        out, offset = [], 0
        for candidates, _rows in groups:
            if not candidates:
                out.append((None, 0.0))
                continue
            part = scores[offset : offset + len(candidates)]
            offset += len(candidates)
            k = int(np.argmax(part))
            out.append((candidates[k], float(part[k])))
        return out

    def relation(self, doc, head: int, context, score: float, source_best, content_best) -> Found:
        (source, source_score), (content, content_score) = source_best, content_best
        found = build_found(self.spans, doc, head, source, content, context["regions"])
        return replace(found, score=score, source_score=source_score, content_score=content_score)


SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}
SOURCE_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}


def orphan_source(doc, found: Found) -> Found:
    """The name right before a subjectless reporting verb, as its source.

    The small parser often hangs a name off an earlier phrase ("In an interview with the
    Planet, the mayor, Jane Doe, said ..." makes "Jane Doe" an apposition of "Planet"), leaving
    the verb with no subject and the source out of the candidates' reach.
    """
    cue = doc[found.cue_head]
    if cue.pos_ != "VERB" or any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return found
    j = min(t.i for t in cue.subtree if t.idx >= found.cue[0]) - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    if j < 0 or doc[j].sent.start != cue.sent.start or doc[j].is_ancestor(cue):
        return found
    token = doc[j]
    char = doc[j].idx
    entity = next((e for e in ents_between(doc, char, char + 1) if e.start <= j < e.end), None)
    if entity is not None and entity.label_ in SOURCE_ENTITIES and entity.end == j + 1:
        lo, hi = entity.start, entity.end - 1
    elif token.pos_ in ("PROPN", "NOUN") and token.dep_ == "appos":
        lo, hi = min(t.i for t in token.subtree), j
    else:
        return found
    while lo > cue.sent.start and doc[lo - 1].pos_ == "PROPN":  # a first name NER left out
        lo -= 1
    return replace(found, source=token_chars(doc, lo, hi), source_head=j)


def select(doc, candidates: Sequence[Found], thresholds: dict[str, float]) -> list[Found]:
    """The relations to report from the scored candidates: confident ones, then nested ones,
    with contents that only point ahead resolved to the quote that follows."""
    found = decode(candidates, thresholds)
    found = sorted(found + nested(doc, candidates, found, thresholds), key=lambda f: f.cue)
    return point_forward(doc, found, quote_regions(doc_text(doc)))


def nested(
    doc, candidates: Sequence[Found], kept: list[Found], thresholds: dict[str, float]
) -> list[Found]:
    """Reporting verbs inside a kept relation's content, with a source of their own.

    PolNeAR annotators rarely mark an attribution nested in another's content ("Smith said
    Jones had said ..."), so the classifier scores such cues low; the chains need them. A
    candidate above :attr:`LearnedExtractor.FLOOR` whose lemma is a reporting verb and whose
    source clears its threshold is kept when it sits inside a kept content.
    """
    contents = [k.content for k in kept if k.content is not None]
    taken = [k.cue for k in kept]
    out: list[Found] = []
    for found in sorted(candidates, key=lambda f: -f.score):
        if found.score >= thresholds["cue"] or found.source is None:
            continue
        if found.source_score < thresholds["source"]:
            continue
        if doc[found.cue_head].lemma_.lower() not in RULE_VERBS:
            continue
        if not any(a <= found.cue[0] and found.cue[1] <= b for a, b in contents):
            continue
        if any(found.cue[0] < b and a < found.cue[1] for a, b in taken):
            continue
        content_ok = found.content_score >= thresholds["content"]
        out.append(replace(found, content=found.content if content_ok else None))
        taken.append(found.cue)
    return out


def decode(candidates: Sequence[Found], thresholds: dict[str, float]) -> list[Found]:
    """Keep confident cues (best first, no two overlapping), and confident sources and contents."""
    kept: list[Found] = []
    for found in sorted(candidates, key=lambda f: -f.score):
        if found.score < thresholds["cue"]:
            break
        if any(found.cue[0] < k.cue[1] and k.cue[0] < found.cue[1] for k in kept):
            continue
        source_ok = found.source_score >= thresholds["source"]
        content_ok = found.content_score >= thresholds["content"]
        kept.append(
            replace(
                found,
                source=found.source if source_ok else None,
                source_head=found.source_head if source_ok else None,
                content=found.content if content_ok else None,
                content_head=found.content_head if content_ok else None,
            )
        )
    return sorted(kept, key=lambda f: f.cue)


def extractor(method: str = "learned"):
    if method == "rules":
        return RuleExtractor()
    if method == "learned":
        return LearnedExtractor()
    if method == "fast":
        return FastExtractor()
    raise ValueError(f"unknown attribution method {method!r}; choose from {METHODS}")


# ---------------------------------------------------------------------------------------------
# Fast mode: no dependency parse


CLOSING_QUOTES = {"”", '"', "''", "’"}
#: Tags of a noun phrase for the parse-free fallback, and of what may stand between it and
#: its verb ("has also said", "would tell").
NP_TAGS = words("DT JJ JJR JJS NN NNS NNP NNPS PRP PRP$ POS CD HYPH")
VERB_GAP_TAGS = words("RB MD VBD VBZ VBP VB VBN VBG")


#: A lemma the learned lexicon saw this often, heading a cue this large a share of the time,
#: is a cue for the fast extractor (chosen on a fold of PolNeAR train).
FAST_MIN_COUNT, FAST_MIN_RATE = 10, 0.3


def fast_cue_lemmas() -> frozenset[str]:
    """The rule verbs plus the learned lexicon's frequent, reliable cue lemmas."""
    try:
        stats = shipped_model().lexicon.lemma_stats
    except ModelError:
        return RULE_VERBS
    learned = {
        lemma
        for lemma, (cue, n) in stats.items()
        if n >= FAST_MIN_COUNT and cue / n >= FAST_MIN_RATE
    }
    return RULE_VERBS | learned


class FastExtractor:
    """A parse-free fallback for fast mode: lexicon cues, the adjacent noun phrase as source.

    Uses only tags, lemmas and entities (what fast mode keeps). A reporting verb's source is
    the noun phrase right before it (``a senior official told``; a parenthetical between
    commas is skipped) or, after a closing quote, right after it (``," said Jane Roe``);
    ``according to X`` takes X; ``told X`` records X as the one told. Content is the rest of
    the sentence on the other side, or the quote. Cruder than the parse-based extractors
    (dev scores in docs/attribution.md), but it keeps anonymous sourcing visible in fast
    batch runs.
    """

    name = "fast"

    def __init__(self, cue_lemmas: frozenset[str] | None = None):
        self.cue_lemmas = cue_lemmas if cue_lemmas is not None else fast_cue_lemmas()

    def find(self, doc) -> list[Found]:
        regions = quote_regions(doc_text(doc))
        found = []
        for sent in doc.sents:
            for token in sent:
                relation = self._relation(doc, sent, token, regions)
                if relation is not None:
                    found.append(relation)
        return found

    def _relation(self, doc, sent, token, regions) -> Found | None:
        lemma = token.lemma_.lower()
        if (
            token.lower_ == "according"
            and token.i + 1 < sent.end
            and doc[token.i + 1].lower_ == "to"
        ):
            source = self._np(doc, token.i + 2, sent.end, step=1)
            if source is None:
                return None
            rest = [(sent.start, token.i - 1), (source[1] + 1, sent.end - 1)]
            content = max(rest, key=lambda r: r[1] - r[0])
            return self._found(doc, (token.i, token.i + 1), source, content, regions)
        if (
            token.tag_ not in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB")
            or lemma not in self.cue_lemmas
        ):
            return None
        before = [doc[k].text for k in range(max(sent.start, token.i - 2), token.i)]
        inverted = bool(before) and (
            before[-1] in CLOSING_QUOTES or (before[-1] == "," and before[0] in CLOSING_QUOTES)
        )
        recipient = None
        if inverted:
            source = self._np(doc, token.i + 1, sent.end, step=1)
            content = (sent.start, token.i - 1)
        else:
            k = token.i - 1
            if k >= sent.start and doc[k].text == ",":  # "Jane Roe, in a speech, said"
                k -= 1
                while k >= sent.start and doc[k].text != ",":
                    k -= 1
                k -= 1
            while k >= sent.start and doc[k].tag_ in VERB_GAP_TAGS:
                k -= 1
            source = self._np(doc, k, sent.start - 1, step=-1)
            content = (token.i + 1, sent.end - 1)
            if lemma == "tell":  # "told The Daily Planet that ...": who was told
                recipient = self._np(doc, token.i + 1, sent.end, step=1)
                if recipient is not None:
                    content = (recipient[1] + 1, sent.end - 1)
                    names = [
                        t
                        for t in range(recipient[0], recipient[1] + 1)
                        if doc[t].tag_.startswith("NNP")
                    ]
                    recipient = (recipient[0], names[-1]) if names else None
            if source is not None and content[1] - content[0] < 2 and source[0] - sent.start > 2:
                content = (sent.start, source[0] - 1)  # "X has happened, an official told Y."
        if source is None:
            return None
        found = self._found(doc, (token.i, token.i), source, content, regions)
        if recipient is not None:
            found.recipients = [(*token_chars(doc, *recipient), recipient[1])]
        return found

    def _np(self, doc, i: int, stop: int, step: int) -> tuple[int, int] | None:
        """The noun phrase starting at ``i`` going in ``step`` direction, widened to entities."""
        j = i
        while j != stop and 0 <= j < len(doc) and doc[j].tag_ in NP_TAGS:
            j += step
        lo, hi = sorted((i, j - step))
        if (j - step - i) * step < 0 or not any(
            doc[t].tag_.startswith(("NN", "PRP")) for t in range(lo, hi + 1)
        ):
            return None
        for ent in ents_between(doc, doc[lo].idx, doc[hi].idx + len(doc[hi])):
            if ent.start <= hi and lo < ent.end:
                lo, hi = min(lo, ent.start), max(hi, ent.end - 1)
        return lo, hi

    @staticmethod
    def _found(doc, cue, source, content, regions) -> Found:
        trimmed = trim_tokens(doc, *content) if content[0] <= content[1] else None
        content_span = None
        if trimmed is not None:
            start, end = token_chars(doc, *trimmed)
            content_span = _extend_to_quotes(
                doc_text(doc), start, end, regions, token_chars(doc, *cue)
            )
        src = trim_tokens(doc, *source)
        return Found(
            cue=token_chars(doc, *cue),
            cue_head=cue[0],
            source=token_chars(doc, *src) if src else None,
            source_head=src[1] if src else None,
            content=content_span,
            content_head=trimmed[0] if trimmed else None,
        )
