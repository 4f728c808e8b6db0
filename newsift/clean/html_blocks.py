"""What HTML extraction left out, as spans of the raw page with reasons.

trafilatura keeps a page's main text and drops the rest (navigation, comments, share bars,
related links, footers). So that nothing is lost for HTML and URL input either, every visible
block of the page that is not in the extracted text is reported: its character span in the raw
HTML, its text, and why it was dropped, read from where it sits in the page (``<nav>``, a
``class="comments"`` ancestor, ``role="contentinfo"``, ...) or, when the markup says nothing,
from the plain-text rules. The standard library's HTML parser gives positions in the source,
which lxml's tree does not, and it reads any markup in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from newsift.article import Span
from newsift.clean.rules import match_reason
from newsift.input.extract import VOID_TAGS

#: Elements whose text is a block of its own on a rendered page.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "caption",
        "label",
    ]
)
#: Elements whose content is never visible text.
HIDDEN_TAGS = frozenset(
    ["script", "style", "noscript", "template", "head", "svg", "math", "select", "option"]
)

#: Where a block sits (ancestor tag, role, id and class words) -> why it is not main text.
#: First match wins, innermost context first.
CONTEXT_REASONS: list[tuple[str, re.Pattern[str]]] = [
    ("comment_section", re.compile(r"\b(?:comments?|disqus|discussion|respond|replies)\b")),
    ("cookie_notice", re.compile(r"\b(?:cookies?|consent|gdpr)\b")),
    ("navigation", re.compile(r"\b(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|pagination|pager)\b")),
    ("social_prompt", re.compile(r"\b(?:share|sharing|social|follow)\b")),
    ("newsletter_prompt", re.compile(r"\b(?:newsletter|subscribe|subscription|signup)\b")),
    ("related_links", re.compile(r"\b(?:related|recommended|recommendations|popular|trending|"
                                 r"more stories|read more|outbrain|taboola|teasers?)\b")),
    ("advertisement", re.compile(r"\b(?:ad|ads|advert|advertisement|sponsored|sponsor|promo|dfp)\b")),
    ("image_caption", re.compile(r"\b(?:figcaption|caption|credit)\b")),
    ("byline", re.compile(r"\b(?:byline|author|timestamp|dateline)\b")),
    ("footer", re.compile(r"\b(?:footer|contentinfo|copyright|colophon)\b")),
    ("page_header", re.compile(r"\b(?:header|banner|masthead|topbar|logo)\b")),
    ("sidebar", re.compile(r"\b(?:aside|sidebar|widget)\b")),
]  # fmt: skip
#: A block the markup and the rules say nothing about: the extractor judged it not main text.
OUTSIDE_MAIN_TEXT = "outside_main_text"
#: Blocks shorter than this (after normalising) must match a whole extracted line to count as
#: kept, since a short string such as "Home" is found inside any article.
SHORT_BLOCK = 24

_NON_WORD = re.compile(r"[\W_]+")
#: Deeper elements are read as part of their ancestor at this depth, and a block's reason is
#: read from its innermost ancestors only, so nesting costs linear time.
MAX_DEPTH = 256
CONTEXT_DEPTH = 24


@dataclass
class Block:
    start: int
    end: int
    context: str
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


class _BlockParser(HTMLParser):
    """Visible text blocks with their start and end offsets in the source."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        for match in re.finditer("\n", source):
            self._line_starts.append(match.end())
        self._stack: list[tuple[str, str, int]] = []  # (tag, context words, block id)
        self._next_block = 0
        self._hidden = 0
        self._open: tuple[int, int] | None = None  # (block id, data start) awaiting its end
        self.blocks: dict[int, Block] = {}
        self._pending_text = ""

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _close_data(self) -> None:
        if self._open is None:
            return
        block_id, start = self._open
        end = self._offset()
        block = self.blocks.get(block_id)
        if block is None:
            self.blocks[block_id] = Block(start, end, self._context(), [self._pending_text])
        else:
            block.end = end
            block.parts.append(self._pending_text)
        self._open = None

    def _context(self) -> str:
        return " ".join(words for _, words, _ in reversed(self._stack[-CONTEXT_DEPTH:]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._close_data()
        if tag in VOID_TAGS or (len(self._stack) >= MAX_DEPTH and tag not in HIDDEN_TAGS):
            return
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        words = [tag]
        for name, value in attrs:
            if name in ("id", "class", "role", "aria-label", "itemprop") and value:
                words.append(_NON_WORD.sub(" ", value.lower()))
        block_id = self._stack[-1][2] if self._stack else -1
        if tag in BLOCK_TAGS or not self._stack:
            block_id = self._next_block
            self._next_block += 1
        self._stack.append((tag, " ".join(words), block_id))

    def handle_endtag(self, tag: str) -> None:
        self._close_data()
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                for closed, _, _ in self._stack[depth:]:
                    if closed in HIDDEN_TAGS:
                        self._hidden -= 1
                del self._stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._close_data()
        if self._hidden or not data.strip() or not self._stack:
            return
        self._open = (self._stack[-1][2], self._offset())
        self._pending_text = data

    def close(self) -> None:
        super().close()
        if self._open is not None:
            block_id, start = self._open
            self._open = None
            self.blocks.setdefault(block_id, Block(start, start, self._context(), []))
            self.blocks[block_id].parts.append(self._pending_text)


def _normal(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def _reason(block: Block) -> str:
    for reason, pattern in CONTEXT_REASONS:
        if pattern.search(block.context):
            return reason
    return match_reason(block.text) or OUTSIDE_MAIN_TEXT


def removed_blocks(html: str, extracted: str, title: str | None = None) -> list[Span]:
    """Spans of ``html`` whose visible text is not in ``extracted`` (nor the title), with a
    reason each; neighbours with one reason are merged, as the text cleaner merges lines."""
    parser = _BlockParser(html)
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # the standard parser is lenient; anything it still refuses is skipped
        return []
    kept_text = _normal(extracted)
    kept_lines = {_normal(line) for line in extracted.splitlines()}
    if title:
        kept_lines.add(_normal(title))
    spans: list[Span] = []
    follows_removed = False  # never merge across a block that was kept
    for block in sorted(parser.blocks.values(), key=lambda b: b.start):
        text = block.text
        normal = _normal(text)
        if not normal:
            continue
        kept = normal in kept_lines or (len(normal) >= SHORT_BLOCK and normal in kept_text)
        if kept:
            follows_removed = False
            continue
        reason = _reason(block)
        merge = follows_removed and spans[-1].label == reason
        follows_removed = True
        if merge:
            last = spans[-1]
            last.end = max(last.end, block.end)
            last.attrs["text"].append(text)
            continue
        spans.append(Span(block.start, block.end, reason, attrs={"text": [text]}))
    for span in spans:
        span.attrs["text"] = "\n".join(span.attrs["text"])
    return spans
