"""Claims: the check-worthy sentences, who each rests on, and whether it is hedged.

Assembles what earlier components found, so a fact-checker sees one row per claim: the
sentence (from ``checkworthiness``), its source, cue and relay chain (from ``attributions``)
and whether the sentence hedges (from ``hedges``). Adds the article-level signals
``anonymous_sourcing`` and ``unattributed_claims`` (definitions in docs/claims.md).

Each claim is a Span in ``article.spans["claims"]`` (label ``claim``) whose attrs are exactly
the report's fields: ``checkworthiness`` (0..1), ``attribution`` (the report's Attribution
shape, or None) and ``hedged``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from newsift.article import Article, Signal, Span
from newsift.claims.hedging import add_warning, set_signal
from newsift.pipeline import factory

#: Used when neither the factory setting nor the checkworthiness component gives a threshold.
DEFAULT_THRESHOLD = 0.5
#: Where the checkworthiness component may publish its model's calibrated threshold.
THRESHOLD_META_KEY = "checkworthiness_threshold"
#: Hedge kinds that make a claim "hedged"; approximate numbers ("about 60") do not.
HEDGED_KINDS = frozenset({"modal", "epistemic", "reporting", "conditional"})
#: Source types the reader cannot identify or check.
ANONYMOUS = "anonymous"
SOURCE_KEYS = ("text", "start", "end", "type", "domain", "reputation", "resolved_to")

NO_SCORES_WARNING = (
    "no check-worthiness scores (the checkworthiness component did not run),"
    " so no claims are listed"
)
NO_ATTRIBUTION_WARNING = (
    "no attributions (the attribution component did not run), so claims carry no sources"
)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


T = TypeVar("T")


class Near(Generic[T]):
    """Items with an extent, found by the range they touch: a claim looks only at the
    attributions and hedges near it, not at every one in the text (a check per pair grew with
    the square of the article's sentences)."""

    def __init__(self, items: Sequence[T], extent: Callable[[T], tuple[int, int]]):
        extents = [extent(item) for item in items]
        self.order = sorted(range(len(items)), key=lambda k: extents[k][0])
        self.starts = [extents[k][0] for k in self.order]
        self.extents = extents
        self.items = items
        self.longest = max((b - a for a, b in extents), default=0)

    def touching(self, start: int, end: int) -> list[T]:
        """The items whose extent meets ``start..end`` (ends included), in their own order."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_right(self.starts, end)
        found = [k for k in self.order[lo:hi] if self.extents[k][1] >= start]
        return [self.items[k] for k in sorted(found)]


def _attribution_extent(attribution: Span) -> tuple[int, int]:
    """Where an attribution can touch a sentence: its content and its cue."""
    content = attribution.attrs.get("content") or {}
    cue = attribution.attrs.get("cue") or {}
    points = [content.get("start", attribution.start), content.get("end", attribution.end)]
    points += [cue[k] for k in ("start", "end") if cue.get(k) is not None]
    return min(points), max(points)


def _text_span(part: dict[str, Any] | None) -> dict[str, Any] | None:
    if not part or part.get("start") is None:
        return None
    return {"start": part["start"], "end": part["end"], "text": part.get("text", "")}


def _source(source: dict[str, Any] | None) -> dict[str, Any]:
    if not source:
        return {"text": "", "start": None, "end": None, "type": "none"}
    out = {k: source[k] for k in SOURCE_KEYS if k in source}
    out.setdefault("text", "")
    out.setdefault("type", "none")
    return out


def report_attribution(attrs: dict[str, Any]) -> dict[str, Any]:
    """An attribution span's attrs in the report's Attribution shape (no extra keys)."""
    return {
        "source": _source(attrs.get("source")),
        "cue": _text_span(attrs.get("cue")),
        "content": _text_span(attrs.get("content")),
        "chain": [
            {"source": _source(link.get("source")), "cue": _text_span(link.get("cue"))}
            for link in attrs.get("chain") or []
        ],
    }


def best_attribution(sentence: Span, attributions: Sequence[Span] | Near[Span]) -> Span | None:
    """The attribution whose content overlaps the sentence most; failing that, one whose cue
    is inside the sentence."""
    if isinstance(attributions, Near):
        attributions = attributions.touching(sentence.start, sentence.end)
    best, best_key = None, (0, 0)
    for attribution in attributions:
        content = attribution.attrs.get("content") or {}
        c_start = content.get("start", attribution.start)
        c_end = content.get("end", attribution.end)
        overlap = _overlap(sentence.start, sentence.end, c_start, c_end)
        cue = attribution.attrs.get("cue") or {}
        cue_inside = (
            cue.get("start") is not None
            and sentence.start <= cue["start"]
            and cue["end"] <= sentence.end
        )
        key = (overlap, int(cue_inside))
        if key > best_key:
            best, best_key = attribution, key
    return best


def is_hedged(sentence: Span, hedges: Sequence[Span] | Near[Span]) -> bool:
    if isinstance(hedges, Near):
        hedges = hedges.touching(sentence.start, sentence.end)
    return any(
        h.label in HEDGED_KINDS and _overlap(sentence.start, sentence.end, h.start, h.end) > 0
        for h in hedges
    )


def _extent(span: Span) -> tuple[int, int]:
    return span.start, span.end


def _source_type(claim: Span) -> str | None:
    attribution = claim.attrs.get("attribution")
    return attribution["source"]["type"] if attribution else None


def anonymous_sourcing_signal(article: Article, claims: list[Span]) -> Signal:
    """Claims resting on an anonymous source: the attribution says so, or the claim sentence
    holds an unverifiable-sourcing span ("sources say", "a senior official")."""
    unverifiable = Near(article.spans.get("unverifiable_sourcing", []), _extent)
    resting: list[Span] = []
    evidence: dict[tuple[int, int], Span] = {}
    for claim in claims:
        spans = []
        attribution = claim.attrs.get("attribution")
        source = attribution["source"] if attribution else None
        if source and source["type"] == ANONYMOUS and source.get("start") is not None:
            shown = source.get("resolved_to") or source  # "the volunteers", not "who"
            spans.append(Span(shown["start"], shown["end"], "source"))
        near = unverifiable.touching(claim.start, claim.end)
        spans += [u for u in near if _overlap(claim.start, claim.end, u.start, u.end) > 0]
        if spans:
            resting.append(claim)
            evidence.update({(s.start, s.end): s for s in spans})
    spans = sorted(evidence.values(), key=lambda s: s.start)
    if resting:
        example = article.span_text(spans[0])
        explanation = (
            f"{len(resting)} of {len(claims)} check-worthy claims rest on sources nobody can"
            f" identify or check (e.g. \u201c{example}\u201d)."
        )
    elif claims:
        explanation = "No check-worthy claim rests on an anonymous source."
    else:
        explanation = "No sentence was check-worthy enough to list as a claim."
    return Signal("anonymous_sourcing", len(resting), explanation, spans)


def unattributed_claims_signal(claims: list[Span]) -> Signal:
    """Claims with no attribution, or whose attribution has no source (type ``none``).
    Claims in the author's own voice (type ``author``) are attributed to the author."""
    bare = [c for c in claims if _source_type(c) in (None, "none")]
    if bare:
        explanation = (
            f"{len(bare)} of {len(claims)} check-worthy claims are attributed to no source,"
            " so the reader cannot tell where they come from."
        )
    elif claims:
        explanation = "Every check-worthy claim is attributed to a source or to the author."
    else:
        explanation = "No sentence was check-worthy enough to list as a claim."
    return Signal(
        "unattributed_claims", len(bare), explanation, [Span(c.start, c.end, "claim") for c in bare]
    )


class ClaimsComponent:
    """Sets ``claims`` and the signals ``anonymous_sourcing`` and ``unattributed_claims``."""

    name = "claims"
    needs_supported_language = True

    def __init__(self, threshold: float | None = None):
        self.threshold = threshold

    def threshold_for(self, article: Article) -> float:
        """The factory setting, else the checkworthiness model's calibrated threshold (which
        that component publishes in ``article.meta``), else :data:`DEFAULT_THRESHOLD`."""
        if self.threshold is not None:
            return self.threshold
        published = article.meta.get(THRESHOLD_META_KEY)
        return float(published) if published is not None else DEFAULT_THRESHOLD

    def __call__(self, article: Article) -> Article:
        scored = article.spans.get("checkworthiness")
        if scored is None:
            article.spans["claims"] = []
            article.signals = [
                s
                for s in article.signals
                if s.name not in ("anonymous_sourcing", "unattributed_claims")
            ]
            add_warning(article, NO_SCORES_WARNING)
            return article
        attributions = article.spans.get("attributions")
        if attributions is None:
            add_warning(article, NO_ATTRIBUTION_WARNING)
        hedges = Near(article.spans.get("hedges", []), _extent)
        attributions_near = Near(attributions or [], _attribution_extent)
        threshold = self.threshold_for(article)
        claims = []
        for sentence in scored:
            if sentence.score is None or sentence.score < threshold:
                continue
            attribution = best_attribution(sentence, attributions_near)
            claims.append(
                Span(
                    sentence.start,
                    sentence.end,
                    "claim",
                    score=sentence.score,
                    attrs={
                        "checkworthiness": round(float(sentence.score), 4),
                        "attribution": report_attribution(attribution.attrs)
                        if attribution
                        else None,
                        "hedged": is_hedged(sentence, hedges),
                    },
                )
            )
        article.spans["claims"] = claims
        set_signal(article, anonymous_sourcing_signal(article, claims))
        if attributions is None:
            article.signals = [s for s in article.signals if s.name != "unattributed_claims"]
        else:
            set_signal(article, unattributed_claims_signal(claims))
        return article


@factory("claims")
def make_claims(threshold: float | None = None) -> ClaimsComponent:
    return ClaimsComponent(threshold=threshold)
