"""The versioned JSON report: one schema for the CLI, Python API, REST API and web page.

Offsets in ``sentences``, ``entities``, ``claims``, ``attributions``, ``hedges``, ``propaganda`` and
``signals`` index into
``article.text`` (the cleaned text). ``boilerplate`` offsets index into the text the cleaner
received: the raw input for plain text, the text extracted from the page for HTML
(``boilerplate_basis`` says which); for HTML, ``html_removed`` offsets index into the raw page
and list what extraction left out. Bump ``SCHEMA_VERSION`` on any change: minor for added
fields, major for renamed or removed ones.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from newsift.article import Article, Span
from newsift.version import __version__

SCHEMA_VERSION = "1.9.0"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextSpan(_Model):
    start: int
    end: int
    text: str


class SiteEvidence(_Model):
    kind: Literal["url", "html_metadata", "text"]
    text: str
    start: int | None = Field(None, description="offset into the cleaner's input (kind=text)")
    end: int | None = None


class SiteInfo(_Model):
    domain: str | None = Field(None, description="registrable domain, lower-case, no www.")
    name: str | None = None
    evidence: list[SiteEvidence] = []


class ArticleInfo(_Model):
    id: str | None = None
    url: str | None = None
    input_kind: Literal["text", "html"]
    title: str | None = None
    text: str = Field(description="the cleaned article text; all non-boilerplate offsets index it")
    language: str | None = Field(None, description="ISO 639-1 code, None if too little text")
    language_confidence: float | None = None
    language_supported: bool = Field(
        True, description="False when the language analyzers did not run for this language"
    )
    byline: str | None = None
    author_bio: str | None = None
    published: str | None = None
    crawled: str | None = Field(
        None, description="when a crawler fetched the page (WARC-Date), for WARC input"
    )
    dateline: TextSpan | None = None
    site: SiteInfo


class RemovedHtmlBlock(_Model):
    start: int = Field(description="offset into the raw HTML input")
    end: int
    text: str = Field(description="the block's visible text")
    reason: str = Field(
        description="why it is not main text: where it sits in the page (navigation,"
        " comment_section, footer, ...), else the plain-text rules, else outside_main_text"
    )


class BoilerplateBlock(_Model):
    start: int
    end: int
    text: str
    reason: str
    method: Literal["rule", "model"] = Field(
        "rule", description="a named rule, or the line classifier (see its model card)"
    )
    score: float | None = Field(
        None, description="the classifier's lowest probability in the block"
    )


class SentenceSpan(_Model):
    start: int
    end: int


class EntitySpan(_Model):
    start: int
    end: int
    label: str
    text: str


SourceType = Literal[
    "named_person",
    "named_organization",
    "news_outlet",
    "government_or_military",
    "anonymous",
    "author",
    "unknown",
    "none",
]


class AttributionSource(_Model):
    text: str
    start: int | None = None
    end: int | None = None
    type: SourceType
    domain: str | None = Field(None, description="for cited news outlets: their domain")
    reputation: dict[str, Any] | None = Field(
        None, description="consensus reputation of a cited outlet, when rated"
    )
    resolved_to: TextSpan | None = Field(
        None, description="for a pronoun source ('she said'): the earlier mention it refers to"
    )


class ChainLink(_Model):
    source: AttributionSource
    cue: TextSpan | None = None


class Attribution(_Model):
    source: AttributionSource
    cue: TextSpan | None = None
    content: TextSpan | None = None
    chain: list[ChainLink] = Field(
        [], description="outer relays first, e.g. 'Sputnik reports' before 'Abbas said'"
    )


class AttributionSpan(Attribution):
    """One attribution relation found in the text; start/end cover its content (or, with no
    content, the cue's sentence)."""

    start: int
    end: int
    score: float | None = Field(None, description="the extractor's confidence in the cue")


class FactCheckMatch(_Model):
    claim: str = Field(description="the claim as the fact-checker stated it")
    rating: Literal["false", "misleading", "mixed", "true", "unrated"]
    rating_raw: str | None = Field(None, description="the publisher's own verdict words")
    publisher: str
    url: str | None = None
    date: str | None = Field(None, description="ISO date of the fact-check")
    score: float = Field(ge=0.0, le=1.0, description="probability that it is about this claim")


class Claim(_Model):
    start: int
    end: int
    text: str
    checkworthiness: float = Field(ge=0.0, le=1.0)
    attribution: Attribution | None = None
    hedged: bool = False
    factchecks: list[FactCheckMatch] = Field(
        [], description="earlier fact-checks of this claim in the local store, best first"
    )


class PropagandaSpan(_Model):
    start: int
    end: int
    text: str
    technique: str = Field(description="one of the 14 PTC techniques (SemEval-2020 Task 11)")
    score: float = Field(ge=0.0, le=1.0, description="calibrated probability the span is right")
    definition: str = Field(description="the technique in one line")


class Hedge(_Model):
    start: int
    end: int
    text: str
    kind: str


class SignalInfo(_Model):
    name: str
    value: float | int | bool | str
    explanation: str
    spans: list[TextSpan] = []


class Reason(_Model):
    signal: str
    contribution: float = Field(description="signed contribution to the log-odds")
    explanation: str | None = Field(None, description="what the signal measures")
    spans: list[TextSpan] = []


class ScorePart(_Model):
    probability: float = Field(ge=0.0, le=1.0)
    reasons: list[Reason] = []


class UnfamiliarData(_Model):
    ece: float = Field(
        description="mean gap between the probability and the observed frequency (LODO ECE)"
    )
    auroc: float | None = Field(None, description="ranking quality on unseen datasets (pooled)")
    macro_f1: float | None = None
    datasets: int = Field(description="datasets each held out in turn")
    note: str = Field(description="the same in a sentence a reader can act on")


class Score(_Model):
    content: ScorePart = Field(description="from the cleaned text alone")
    combined: ScorePart | None = Field(
        None, description="content joined with the site's reputation prior, when rated"
    )
    dominant: Literal["content", "source"] = "content"
    unfamiliar_data: UnfamiliarData | None = Field(
        None,
        description="how the content score did on whole datasets it never saw (leave one"
        " dataset out): how far to trust it on an unfamiliar kind of article",
    )


Factuality = Literal["reliable", "mixed", "unreliable", "unrated"]


class Rating(_Model):
    """One rater's verdict on the site, as the list says it and mapped to our taxonomy."""

    rater: str
    raw_label: str = Field(description="the label as the list gives it")
    factuality: Factuality = Field(
        description="'unrated' when the label says nothing about factuality (e.g. satire)"
    )
    categories: list[str] = []
    date: str | None = Field(None, description="when the list was made or last updated")
    license: str | None = None
    origin: str | None = Field(
        None, description="who made the judgement; ratings of one origin count once"
    )
    counted: bool = Field(
        True, description="False when a newer rating of the same origin is the one counted"
    )
    source: str | None = Field(None, description="repository@commit of the list")


class AxisAgreement(_Model):
    agree: int = Field(description="independent origins whose vote is the consensus")
    disagree: int = Field(description="independent origins that voted otherwise")
    votes: dict[str, list[str]] = Field({}, description="label -> origins that voted for it")
    status: Literal["unanimous", "majority", "split", "single", "none"]


class CategoryAgreement(_Model):
    agree: list[str] = Field(description="origins that assign the category")
    disagree: list[str] = Field(
        description="origins that rated the site, can assign the category, and did not"
    )


class SameSource(_Model):
    origin: str
    counted: str = Field(description="the rater whose (newest) rating was counted")
    also: list[str] = Field(description="raters of the same origin, not counted again")


class Agreement(_Model):
    independent_sources: int
    factuality: AxisAgreement
    categories: dict[str, CategoryAgreement] = {}
    same_source: list[SameSource] = []


class Consensus(_Model):
    factuality: Factuality
    categories: list[str] = []
    agreement: Agreement | None = None


class SourceReputation(_Model):
    domain: str | None
    status: Literal["rated", "unrated"]
    ratings: list[Rating] = []
    consensus: Consensus
    shortener: bool = Field(False, description="the domain is a link shortener or redirector")
    note: str | None = Field(None, description="a plain sentence a reader can act on")
    registry_version: str | None = None


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    newsift_version: str = __version__
    article: ArticleInfo
    boilerplate_basis: Literal["input", "extracted_text"]
    boilerplate: list[BoilerplateBlock] = []
    html_removed: list[RemovedHtmlBlock] = Field(
        [], description="HTML input: the page's blocks that extraction left out (spans of the page)"
    )
    sentences: list[SentenceSpan] = []
    entities: list[EntitySpan] = []
    claims: list[Claim] = []
    attributions: list[AttributionSpan] = []
    hedges: list[Hedge] = []
    propaganda: list[PropagandaSpan] = Field(
        [], description="possible propaganda techniques, each past its precision threshold"
    )
    signals: list[SignalInfo] = []
    scores: dict[str, Score] = {}
    source_reputation: SourceReputation | None = None
    pipeline: list[str] = Field([], description="components that ran, in order")
    warnings: list[str] = []


class ErrorRecord(_Model):
    """What batch output holds for an input that could not be analysed."""

    schema_version: str = SCHEMA_VERSION
    id: str | None = None
    url: str | None = None
    error: str
    error_type: str


def _text_span(text: str, span: Span) -> TextSpan:
    return TextSpan(start=span.start, end=span.end, text=text[span.start : span.end])


def build_report(article: Article, pipeline: list[str] | None = None) -> Report:
    text = article.text
    dateline = article.spans.get("dateline") or []
    return Report(
        article=ArticleInfo(
            id=article.id,
            url=article.url,
            input_kind=article.input_kind,
            title=article.title,
            text=text,
            language=article.language,
            language_confidence=article.language_confidence,
            language_supported="unsupported_language" not in article.meta,
            byline=article.byline,
            author_bio=article.author_bio,
            published=article.published,
            crawled=article.crawled,
            dateline=_text_span(text, dateline[0]) if dateline else None,
            site=SiteInfo(
                domain=article.site.domain,
                name=article.site.name,
                evidence=[
                    SiteEvidence(kind=e.kind, text=e.text, start=e.start, end=e.end)  # type: ignore[arg-type]
                    for e in article.site.evidence
                ],
            ),
        ),
        boilerplate_basis="input" if article.input_kind == "text" else "extracted_text",
        boilerplate=[
            BoilerplateBlock(
                start=b.start,
                end=b.end,
                text=article.source_text[b.start : b.end],
                reason=b.label,
                method=b.attrs.get("method", "rule"),
                score=b.score,
            )
            for b in article.boilerplate
        ],
        html_removed=[
            RemovedHtmlBlock(start=b.start, end=b.end, text=b.attrs["text"], reason=b.label)
            for b in article.html_removed
        ],
        sentences=[
            SentenceSpan(start=s.start, end=s.end) for s in article.spans.get("sentences", [])
        ],
        entities=[
            EntitySpan(start=e.start, end=e.end, label=e.label, text=text[e.start : e.end])
            for e in article.spans.get("entities", [])
        ],
        claims=[
            Claim(start=c.start, end=c.end, text=text[c.start : c.end], **c.attrs)
            for c in article.spans.get("claims", [])
        ],
        attributions=[
            AttributionSpan(start=a.start, end=a.end, score=a.score, **a.attrs)
            for a in article.spans.get("attributions", [])
        ],
        hedges=[
            Hedge(start=h.start, end=h.end, text=text[h.start : h.end], kind=h.label)
            for h in article.spans.get("hedges", [])
        ],
        propaganda=[
            PropagandaSpan(
                start=p.start,
                end=p.end,
                text=text[p.start : p.end],
                technique=p.label,
                score=p.score or 0.0,
                definition=p.attrs.get("definition", ""),
            )
            for p in article.spans.get("propaganda", [])
        ],
        signals=[
            SignalInfo(
                name=s.name,
                value=s.value,
                explanation=s.explanation,
                spans=[_text_span(text, sp) for sp in s.spans],
            )
            for s in article.signals
        ],
        scores={name: Score.model_validate(score) for name, score in article.scores.items()},
        source_reputation=(
            SourceReputation.model_validate(article.source_reputation)
            if article.source_reputation
            else None
        ),
        pipeline=pipeline or [],
        warnings=list(article.warnings),
    )


def error_record(article: Article) -> ErrorRecord:
    return ErrorRecord(
        id=article.id,
        url=article.url,
        error=article.meta.get("error", "unknown error"),
        error_type=article.meta.get("error_type", "NewsiftError"),
    )


def json_schema() -> dict[str, Any]:
    schema = Report.model_json_schema()
    schema["$id"] = f"https://newsift.invalid/schema/report-{SCHEMA_VERSION}.json"
    schema["title"] = "newsift report"
    return schema
