"""The rule extractor, a hand-written baseline: a lexicon of reporting verbs and nouns, the
subject (or ``according to`` object, or passive agent) as source, the clausal complement as
content."""

from __future__ import annotations

from newsift.claims.attribution.parse import (
    _contiguous,
    doc_text,
    token_chars,
    trim_tokens,
    words,
)
from newsift.claims.attribution.spans import Found, SpanBuilder, point_forward
from newsift.nlp.quotes import quote_regions

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
