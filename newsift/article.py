"""The one document that flows through the pipeline.

Like spaCy's ``Doc``: ingest creates an :class:`Article`, every pipeline component reads what
earlier ones added and adds its own spans and signals, and the report is built from it at the
end. All spans point into ``Article.text`` (the cleaned text) except ``Article.boilerplate``,
which points into ``Article.source_text`` (what the cleaner saw), so nothing removed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

InputKind = Literal["text", "html"]


@dataclass(slots=True)
class Span:
    """A labelled character range; ``attrs`` carries component-specific detail."""

    start: int
    end: int
    label: str
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class Signal:
    """An article-level finding with the spans that support it."""

    name: str
    value: float | int | bool | str
    explanation: str
    spans: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Evidence:
    """Why we believe something about the article (e.g. which outlet published it)."""

    kind: str  # "url", "html_metadata", "text"
    text: str
    start: int | None = None  # offsets into Article.source_text when kind == "text"
    end: int | None = None


@dataclass(slots=True)
class Site:
    domain: str | None = None
    name: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Article:
    """Raw input plus everything the pipeline learned about it."""

    raw: str
    input_kind: InputKind = "text"
    id: str | None = None
    url: str | None = None
    # Text the plain-text cleaner runs on: ``raw`` for text input, the extracted main text
    # for HTML. Boilerplate spans index into it.
    source_text: str = ""
    text: str = ""
    title: str | None = None
    byline: str | None = None
    author_bio: str | None = None
    published: str | None = None
    dateline: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    site: Site = field(default_factory=Site)
    boilerplate: list[Span] = field(default_factory=list)
    # For HTML input: the page's blocks that extraction left out, as spans of ``raw``.
    html_removed: list[Span] = field(default_factory=list)
    spans: dict[str, list[Span]] = field(default_factory=dict)
    signals: list[Signal] = field(default_factory=list)
    scores: dict[str, Any] = field(default_factory=dict)
    source_reputation: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Pieces of ``text`` and where they came from in ``source_text``:
    # (text_start, source_start, length). Lets a user map any span back to the input.
    offset_map: list[tuple[int, int, int]] = field(default_factory=list)
    doc: Any = None  # the spaCy Doc over ``text``; not serialised

    def __post_init__(self) -> None:
        if not self.source_text and self.input_kind == "text":
            self.source_text = self.raw

    def group(self, name: str) -> list[Span]:
        """The span group ``name``, created empty on first use (like ``Doc.spans``)."""
        return self.spans.setdefault(name, [])

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def source_offset(self, text_offset: int) -> int | None:
        """Map an offset in ``text`` back to ``source_text`` (None if it was inserted)."""
        for text_start, source_start, length in self.offset_map:
            if text_start <= text_offset <= text_start + length:
                return source_start + (text_offset - text_start)
        return None
