"""The fast extractor (fast mode, no dependency parse): lexicon cues and the adjacent noun phrase."""

from __future__ import annotations

from newsift.claims.attribution.learned import shipped_model
from newsift.claims.attribution.parse import (
    doc_text,
    ents_between,
    token_chars,
    trim_tokens,
    words,
)
from newsift.claims.attribution.rules import RULE_VERBS
from newsift.claims.attribution.spans import Found, _extend_to_quotes
from newsift.errors import ModelError
from newsift.nlp.quotes import quote_regions

CLOSING_QUOTES = {"”", '"', "''", "’"}

#: A lemma the learned lexicon saw this often, heading a cue this large a share of the time,
#: is a cue for the fast extractor (chosen on a fold of PolNeAR train).
FAST_MIN_COUNT, FAST_MIN_RATE = 10, 0.3


#: Tags of a noun phrase for the parse-free fallback, and of what may stand between it and
#: its verb ("has also said", "would tell").
NP_TAGS = words("DT JJ JJR JJS NN NNS NNP NNPS PRP PRP$ POS CD HYPH")


VERB_GAP_TAGS = words("RB MD VBD VBZ VBP VB VBN VBG")


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
