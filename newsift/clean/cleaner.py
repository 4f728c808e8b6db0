"""Remove what a scraper left around an article, and keep a record of every removal.

Scraped plain text arrives with the page still attached: rating widgets, donation asks,
disclaimers, related-article lists, comment sections with their forms, footers. The cleaner
works on lines, because that is the unit scrapers flatten blocks into:

1. every line gets a label from patterns that name the kind of block it is (``PATTERNS``);
2. regions are found: a comment section runs from its header to the end of the page, and the
   page's tail (after the last line of prose) keeps only what is article;
3. the head yields the title and byline; author bios and datelines are recognised;
4. the outlet's own name is looked for in the lines that name the publisher (a Patreon ask,
   a disclaimer, a copyright line, a footer that is just the outlet's name).

Removed lines become boilerplate spans over the cleaner's input with a reason; kept lines are
joined, one paragraph per line, into ``Article.text`` with an offset map back to the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from newsift.article import Article, Evidence, Span
from newsift.clean.dates import find_date
from newsift.clean.html_blocks import removed_blocks
from newsift.clean.patterns import (
    _DATELINE,
    _OWN_SITE_PATTERNS,
    CONTENT,
    TITLE,
)
from newsift.clean.rules import Line, is_prose, label_lines
from newsift.pipeline import FunctionComponent, factory
from newsift.settings import OVERLAP_BLOCK_LINES


@dataclass
class CleanResult:
    text: str
    offset_map: list[tuple[int, int, int]]
    boilerplate: list[Span]
    title: str | None = None
    byline: str | None = None
    author_bio: str | None = None
    dateline: tuple[int, int] | None = None  # offsets into ``text``
    site_names: list[Evidence] = field(default_factory=list)
    published: str | None = None  # ISO date printed in the head ("Posted on June 3, 2023")
    warnings: list[str] = field(default_factory=list)


def clean_text(source: str, is_outlet_name=None, line_model: Any = "shipped") -> CleanResult:
    """Clean scraped plain text. ``is_outlet_name(str) -> bool`` recognises outlet names.

    ``line_model`` is the learned second opinion on the lines the rules kept: the shipped
    one by default, a :class:`newsift.clean.lineclass.LineModel`, or None for the rules alone.
    """
    lines, title, byline, bio = label_lines(source, is_outlet_name)
    published = _head_date(lines)
    warnings = []
    if line_model == "shipped":
        from newsift.clean.lineclass import load_model

        line_model = load_model()
    if line_model is not None:
        _apply_line_model(lines, line_model)
        if len(lines) > OVERLAP_BLOCK_LINES:
            warnings.append(
                f"the input has {len(lines):,} lines; the line classifier compared each line"
                f" with the {OVERLAP_BLOCK_LINES:,} lines of its block, not the whole page"
            )
    _rescue_if_everything_removed(lines)

    kept = [line for line in lines if line.label in (CONTENT, TITLE)]
    pieces: list[str] = []
    offset_map: list[tuple[int, int, int]] = []
    position = 0
    for line in kept:
        if pieces:
            pieces.append("\n\n")
            position += 2
        offset_map.append((position, line.start, len(line.text)))
        pieces.append(line.text)
        position += len(line.text)
    text = "".join(pieces)

    dateline = None
    first_body = next((line for line in kept if line.label == CONTENT), None)
    if first_body is not None:
        found = _DATELINE.match(first_body.text)
        if found and len(found.group(1)) <= 60:
            body_start = next(t for t, s, _ in offset_map if s == first_body.start)
            dateline = (body_start, body_start + found.end(1))

    return CleanResult(
        text=text,
        offset_map=offset_map,
        boilerplate=_merge_blocks(lines),
        title=title,
        byline=byline,
        author_bio=bio,
        dateline=dateline,
        site_names=_own_site_evidence(lines, is_outlet_name),
        published=published,
        warnings=warnings,
    )


#: Where a page prints its own date: the date and byline lines of its head.
_DATED_LABELS = ("date", "byline")


def _head_date(lines: list[Line]) -> str | None:
    """The date printed in a date or byline line before the body begins (a date in the body is
    an event's, not the article's)."""
    for line in lines:
        if line.label == CONTENT and is_prose(line):
            return None
        if line.label in _DATED_LABELS:
            found = find_date(line.text)
            if found:
                return found
    return None


def _apply_line_model(lines: list[Line], model: Any) -> None:
    """Remove the kept lines the classifier is confident about, naming the likely reason."""
    from newsift.clean.lineclass import line_features

    features, hashed = line_features(lines, [line.label for line in lines], model.rule_reasons)
    probabilities, reasons = model.predict(features, hashed)
    for line, probability, reason in zip(lines, probabilities, reasons, strict=True):
        if line.label == CONTENT and probability >= model.threshold:
            line.label = reason
            line.score = round(float(probability), 3)
            line.reason_detail = "line classifier"


def _rescue_if_everything_removed(lines: list[Line]) -> None:
    """Never return an empty article: if nothing but a title survived, keep the prose lines
    and the lines only the classifier removed (its verdicts are the uncertain ones: a one-line
    input such as "We will publish the documents next week." is text to analyse, not an ad)."""
    if any(line.label == CONTENT for line in lines):
        return
    for line in lines:
        if line.label == "comment_section":
            continue
        if is_prose(line) or line.score is not None:
            line.label = CONTENT
            line.score = None
            line.reason_detail = "kept: nothing else looked like article text"


def _merge_blocks(lines: list[Line]) -> list[Span]:
    blocks: list[Span] = []
    for index, line in enumerate(lines):
        if line.label in (CONTENT, TITLE):
            continue
        previous = blocks[-1] if blocks else None
        method = "model" if line.score is not None else "rule"
        if (
            previous is not None
            and previous.label == line.label
            and previous.attrs["method"] == method
            and previous.attrs["last"] == index - 1
        ):
            previous.end = line.end
            previous.attrs["last"] = index
            if line.score is not None:
                previous.score = min(previous.score or 1.0, line.score)
            continue
        blocks.append(
            Span(line.start, line.end, line.label, line.score, {"last": index, "method": method})
        )
    for block in blocks:
        del block.attrs["last"]
    return blocks


def _own_site_evidence(lines: list[Line], is_outlet_name) -> list[Evidence]:
    """Names of the publishing outlet found in the lines that name a publisher."""
    evidence: list[Evidence] = []
    for line in lines:
        if line.label == CONTENT or line.label == TITLE:
            continue
        if line.reason_detail == "outlet name":
            evidence.append(Evidence("text", line.text, line.start, line.end))
            continue
        for reason, pattern in _OWN_SITE_PATTERNS:
            if line.label != reason:
                continue
            found = pattern.search(line.text)
            if not found:
                continue
            name = _trim_name(found.group("name"))
            if name and len(name.split()) <= 5:
                start = line.start + found.start("name")
                evidence.append(Evidence("text", name, start, start + len(name)))
    return evidence


def _trim_name(name: str) -> str:
    name = re.sub(r"\s+(?:on|and|or|all|is|are|inc|llc|ltd)\b.*$", "", name.strip(), flags=re.I)
    return name.strip(" .,;:!")


def clean_article(article: Article, is_outlet_name=None) -> None:
    result = clean_text(article.source_text, is_outlet_name)
    article.text = result.text
    article.offset_map = result.offset_map
    article.boilerplate = result.boilerplate
    if result.title and not article.title:
        article.title = result.title
    if result.byline and not article.byline:
        article.byline = result.byline
    if result.published and not article.published:
        article.published = result.published  # the HTML's metadata, when there is one, wins
    article.author_bio = result.author_bio
    if result.dateline:
        start, end = result.dateline
        article.dateline = result.text[start:end]
        article.spans["dateline"] = [Span(start, end, "dateline")]
    if article.input_kind == "html":
        article.html_removed = removed_blocks(article.raw, article.source_text, article.title)
    article.site.evidence = [e for e in article.site.evidence if e.kind != "text"]
    article.site.evidence.extend(result.site_names)
    article.warnings.extend(result.warnings)


@factory("clean")
def make_clean() -> FunctionComponent:
    from newsift.sources.outlets import is_outlet_name

    return FunctionComponent("clean", lambda article: clean_article(article, is_outlet_name))
