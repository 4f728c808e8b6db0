"""The rules: every line of the input labelled content, title or a boilerplate reason, from the
patterns and from the line's place on the page (comment regions, the tail, the head, author
blocks, runs of short lines, repeats)."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from newsift.clean.dates import find_date
from newsift.clean.patterns import (
    _BIO_START,
    _BYLINE,
    _DATE_LINE,
    _ORG_BIO,
    _PERSON_LINE,
    _ROLE_LINE,
    _STRONG_COMMENT_HEADER,
    _TERMINAL,
    _TRAILING_CREDIT,
    _WEAK_COMMENT_HEADER,
    _WORD,
    CONTENT,
    PATTERNS,
    TAIL_STARTERS,
    TITLE,
    _rx,
    byline_name,
    meta_line,
)
from newsift.errors import InputError


@dataclass
class Line:
    start: int  # offsets into the cleaner's input, stripped of surrounding whitespace
    end: int
    text: str
    label: str = CONTENT
    reason_detail: str = ""
    score: float | None = None  # the line classifier's probability, when it decided

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def split_lines(source: str) -> list[Line]:
    lines = []
    for match in re.finditer(r"[^\n]+", source):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(start, start + len(stripped), stripped))
    return lines


#: A phrase found inside a line marks it only if the line is this short (in words): prompts
#: and notices are short, while prose may quote "follow me on Twitter". Disclaimers run longer.
PART_MATCH_MAX_WORDS = {
    "editorial_disclaimer": 150,
    "comment_form_help": 90,
    "footer": 60,
    "social_prompt": 60,
    "related_links": 40,
}


PART_MATCH_DEFAULT_MAX_WORDS = 40


def match_reason(text: str) -> str | None:
    """The boilerplate reason a single line matches on its own, if any.

    Runs of spaces are read as one: a rendered page's table row ("Theater »   Opinion »")
    holds dozens, and a pattern that allows a space on both sides of a separator then tries
    every split of each run (minutes on one line of a Dragnet page)."""
    text = " ".join(text.split())
    words = len(_WORD.findall(text))
    for reason, patterns in PATTERNS.items():
        if patterns["full"].fullmatch(text) or patterns["cased"].fullmatch(text):
            return reason
        limit = PART_MATCH_MAX_WORDS.get(reason, PART_MATCH_DEFAULT_MAX_WORDS)
        if words <= limit and patterns["part"].search(text):
            return reason
    if words <= 60 and _TRAILING_CREDIT.search(text):
        return "image_caption"
    return None


def is_prose(line: Line) -> bool:
    """A line that reads like article prose: several words ending as a sentence ends."""
    return line.words >= 8 and bool(_TERMINAL.search(line.text))


def is_headline_like(line: Line) -> bool:
    return 2 <= line.words <= 25 and not _TERMINAL.search(line.text.rstrip("”\"'’ "))


def label_lines(
    source: str, is_outlet_name=None
) -> tuple[list[Line], str | None, str | None, str | None]:
    """The rules alone: every line labelled, plus the title, byline and author bio found."""
    lines = split_lines(source)
    if not lines:
        raise InputError("input has no text")
    for line in lines:
        reason = match_reason(line.text)
        if reason:
            line.label = reason
    _mark_comment_region(lines)
    _mark_tail(lines, is_outlet_name)
    _mark_closing_questions(lines)
    _mark_after_caption_markers(lines)
    title = _mark_head(lines)
    byline, bio = _mark_author_blocks(lines)
    _mark_context(lines, is_outlet_name)
    _mark_repeats(lines, title)
    _settle_punctuation_lines(lines)
    _fill_boilerplate_runs(lines)
    title = _title_above_body(lines, title)
    return lines, title, byline, bio


#: A head title further than this many lines above the first paragraph is the page's menu,
#: not the article's headline (a whole page rendered as text).
TITLE_MAX_LINES_ABOVE_BODY = 6
#: What may stand between a headline and its first paragraph.
_BETWEEN_HEADLINE_AND_BODY = ("byline", "date", "image_caption", "social_prompt")


def _title_above_body(lines: list[Line], title: str | None) -> str | None:
    """On a whole page rendered as text, the head is the site's menu and its first
    headline-like line a section name ("Press Room"); the article's headline is the
    headline-like line just above the first paragraph (bylines and dates aside). Used when the
    head gave no title or one far above the body; only a kept line becomes the title, so no
    removal changes."""
    body = next(
        (i for i, line in enumerate(lines) if line.label == CONTENT and is_prose(line)), None
    )
    if body is None:
        return title
    above = body - 1
    while above >= 0 and lines[above].label in _BETWEEN_HEADLINE_AND_BODY:
        above -= 1
    if above < 0 or lines[above].label != CONTENT or not is_headline_like(lines[above]):
        return title
    head = next((i for i, line in enumerate(lines) if line.label == TITLE), None)
    if head is not None and body - head <= TITLE_MAX_LINES_ABOVE_BODY:
        return title
    if head is not None:
        lines[head].label = CONTENT
    lines[above].label = TITLE
    return lines[above].text


#: A run of short lines is one block when at least this share of it is already boilerplate.
RUN_BOILERPLATE_SHARE = 0.5


def _fill_boilerplate_runs(lines: list[Line]) -> None:
    """Short lines between prose paragraphs form blocks (a player, a link list, a share bar):
    when most of a block is boilerplate, the rest of it is too, named after its nearest
    removed neighbour. Prose ends a block, so an article's own lists and headings, which sit
    between paragraphs, are only taken when the rules already removed most of their lines."""
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and lines[i].label != TITLE and not is_prose(lines[i]):
            run.append(i)
            continue
        removed = [j for j in run if lines[j].label != CONTENT]
        if len(run) >= 3 and len(removed) >= 2 and len(removed) >= RUN_BOILERPLATE_SHARE * len(run):
            for j in run:
                # The run is consecutive lines, so only its last line is followed by prose.
                heading = j + 1 < len(lines) and j == run[-1] and lines[j].words >= 2
                if lines[j].label == CONTENT and _fills_block(lines[j]) and not heading:
                    nearest = _nearest(removed, j)
                    lines[j].label = lines[nearest].label
                    lines[j].reason_detail = _IN_BLOCK
        run = []


def _nearest(indices: list[int], j: int) -> int:
    """The index in sorted ``indices`` closest to ``j``, the earlier on a tie (a bisection, not
    a scan: a block of short lines can be most of a page of 100,000 lines)."""
    k = bisect.bisect_left(indices, j)
    if k == len(indices):
        return indices[-1]
    if k > 0 and j - indices[k - 1] <= indices[k] - j:
        return indices[k - 1]
    return indices[k]


_IN_BLOCK = "inside a block of boilerplate lines"


def _fills_block(line: Line) -> bool:
    """Short, and neither a sentence, a question, a pointer to an embed nor a field: the lines
    of a widget, not a question in an interview or the "Watch below:" before a video."""
    text = line.text.rstrip("”\"'’ ")
    sentence = line.words >= 5 and bool(_TERMINAL.search(text))
    return (
        line.words <= 20
        and not sentence
        and not text.endswith("?")
        and not _EMBED_OR_FIELD.search(text)
    )


def _mark_comment_region(lines: list[Line]) -> None:
    """From a comment-section header in the page's second half to the end: comments."""
    n = len(lines)
    for i, line in enumerate(lines):
        if i < n // 2 and i < n - 12:
            continue
        # Form fields and spam notices are removed line by line but never start a region: a
        # newsletter form in the middle of an article has "Email *" too.
        strong = bool(_STRONG_COMMENT_HEADER.fullmatch(line.text))
        weak = line.label == "comment_section" or bool(_WEAK_COMMENT_HEADER.fullmatch(line.text))
        if not (strong or weak):
            continue
        if weak and not strong:
            # A lone "Comments" or "What do you think?" needs a second comment marker soon after.
            window = lines[i + 1 : i + 6]
            if not any(w.label in TAIL_STARTERS for w in window):
                continue
        for rest in lines[i:]:
            if rest.label == CONTENT:
                rest.label = "comment_section"
                rest.reason_detail = _IN_REGION
        return


_IN_REGION = "inside a comment section"


def _mark_tail(lines: list[Line], is_outlet_name) -> None:
    """Walk back from the end: boilerplate and the short links among it form the tail.

    Lines that only the comment region labelled are looked at again: the page's last lines
    are often the outlet's name or links to other articles, not comments.
    """
    seen_boilerplate = False
    trailing = True  # still in the page's last run of links, before any comment text
    for line in reversed(lines):
        by_region = line.reason_detail == _IN_REGION
        if line.label not in (CONTENT, TITLE) and not by_region:
            seen_boilerplate = True
            continue
        if is_outlet_name and is_outlet_name(line.text):
            line.label = "footer"
            line.reason_detail = "outlet name"
            seen_boilerplate = True
            continue
        headline = (
            is_headline_like(line)
            and not _BIO_START.match(line.text)
            and not _EMBED_OR_FIELD.search(line.text)
            and not _SENTENCE_BREAK.search(line.text)
        )
        if headline and ((seen_boilerplate and not by_region) or (by_region and trailing)):
            line.label = "related_links"
            line.reason_detail = ""
            continue
        if by_region:
            seen_boilerplate = True
            trailing = False
            continue
        return


#: Two sentences in one line ("... the act! [10:28]"): prose that lost its full stop, not a
#: headline.
_SENTENCE_BREAK = re.compile(
    r"\b(?!(?:Mrs|Gov|Sen|Rep|Gen|Col|Sgt|Capt|Prof|Rev|Inc|Corp|Ltd|Ave|Blvd|Dept|Univ)\.)"
    r"[A-Za-z]{3,}[.!?]\s+[A-Z]"
)


#: A question that asks the reader to reply; a rhetorical question about the subject does not
#: open this way.
_READER_QUESTION = _rx(
    r"(?:so,?\s*)?(?:what do you think|what are your thoughts|your thoughts|thoughts)\s*\?+",
    r"do you (?:think|agree|believe|support)\b[^.!\"“”]{0,250}\?.{0,200}",
)


def _mark_closing_questions(lines: list[Line]) -> None:
    """Questions to the reader after the article's last paragraph ask for comments. Inside the
    article the same words may be the author's own device, so only the page's end counts."""
    for line in reversed(lines):
        if line.label not in (CONTENT, TITLE):
            continue
        if not _READER_QUESTION.fullmatch(line.text):
            return
        line.label = "social_prompt"
        line.reason_detail = "question to the reader after the article"


#: Lines that point at an embed or state a field ("Watch below:", "Age: 42", a tweet's
#: "— Name (@handle) date"): article content even when short and unpunctuated.
_EMBED_OR_FIELD = re.compile(
    r"[:;]\s*$|\bbelow\W*$|^[\w ]{1,20}:\s|@\w+|pic\.twitter\.com|https?://", re.IGNORECASE
)


def _mark_head(lines: list[Line]) -> str | None:
    """Leading debris, the title (first headline-like line), then bylines and dates."""
    title = None
    title_index = -1
    for index, line in enumerate(lines[:8]):
        if line.label != CONTENT:
            continue
        if index and _opens_list(lines[index - 1]):
            continue  # the first headline under "Related:" is another article's
        if _BYLINE.match(line.text):
            line.label = "byline"
            continue
        if _DATE_LINE.match(line.text):
            line.label = "date"
            continue
        meta = meta_line(line.text)
        if meta is not None:
            line.label = meta[0]
            line.reason_detail = "metadata strip"
            continue
        if title is None and is_prose(line):
            break  # the body has begun: a headline-like line after it is no title
        if title is None and is_headline_like(line):
            line.label = TITLE
            title = line.text
            title_index = index
            continue
        right_after_title = title is not None and index == title_index + 1
        if right_after_title and line.words <= 5 and _PERSON_LINE.match(line.text):
            line.label = "byline"  # a bare author name under the headline
            continue
        if title is not None:
            break
    return title


_READS_IN = re.compile(r"\b\d{1,2}\s*min(?:ute)?s?\.? read\b", re.IGNORECASE)


def _author_of(text: str) -> str | None:
    """The author a line labelled byline names: a bare name, "By Jane Roe ...", a metadata
    strip's name ("Jane Roe · June 3, 2023 · 5 min read"); else the line itself when it holds
    no date (a credit such as "Reporting by Jane Roe; editing by John Doe")."""
    if _PERSON_LINE.match(text):
        return text
    if _BYLINE.match(text):
        return byline_name(text)
    meta = meta_line(text)
    if meta is not None:
        return meta[1]
    return None if find_date(text) or _READS_IN.search(text) else text


def _mark_author_blocks(lines: list[Line]) -> tuple[str | None, str | None]:
    """Bylines anywhere ("By Jane Roe") and author blocks: name, role, bio paragraph."""
    byline = None
    bio_parts: list[str] = []
    for i, line in enumerate(lines):
        if line.label == "byline":
            byline = byline or _author_of(line.text)
            continue
        if line.label != CONTENT:
            continue
        if _BYLINE.match(line.text) and line.words <= 12:
            line.label = "byline"
            byline = byline or byline_name(line.text)
            continue
        if _PERSON_LINE.match(line.text) and i + 1 < len(lines):
            following = lines[i + 1 : i + 3]
            surname = line.text.split()[0]
            has_role = any(_ROLE_LINE.match(f.text) for f in following)
            has_bio = any(_BIO_START.match(f.text) and surname in f.text for f in following)
            if has_role or has_bio:
                line.label = "byline"
                byline = byline or line.text
                for f in following:
                    if _ROLE_LINE.match(f.text) or (_BIO_START.match(f.text) and surname in f.text):
                        f.label = "author_bio"
                        bio_parts.append(f.text)
                continue
        near_end = i >= len(lines) - 6 and i > 0
        if near_end and (_BIO_START.match(line.text) or _ORG_BIO.match(line.text)):
            # A bio paragraph near the end of the page ("Jane Roe is a reporter who ...").
            line.label = "author_bio"
            bio_parts.append(line.text)
    return byline, (" ".join(bio_parts) or None)


#: Lines after which the next line is a caption ("Image caption" then the caption itself).
_CAPTION_MARKER = _rx(
    r"image caption", r"modal trigger", r"(?:hide|toggle|show) caption", r"enlarge this image"
)


#: Related-links headers after which a list of headlines follows.
_LIST_HEADER = _rx(
    r"(?:related|read more|read more about|more on this|see also|also read|recommended|read next|"
    r"more stories|related (?:posts|articles|stories|coverage))\W*"
)


_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "for",
        "from",
        "in",
        "is",
        "of",
        "on",
        "that",
        "the",
        "to",
        "with",
        "be",
        "are",
        "was",
        "it",
    ]
)


def _opens_list(line: Line) -> bool:
    """A related-links header ("Related:", "Read next") over a list of headlines."""
    return bool(_LIST_HEADER.fullmatch(line.text)) or (
        line.label == "related_links" and line.text.rstrip().endswith(":")
    )


def _is_list_item(line: Line) -> bool:
    """A headline in a list of links: short, and not a sentence (a question may be one)."""
    text = line.text.rstrip("”\"'’ ")
    return 2 <= line.words <= 20 and not re.search(r"[.…]$", text)


def is_start_case(line: Line) -> bool:
    """Every Word Capitalised, Function Words Too: the style of captions and teaser links."""
    words = _WORD.findall(line.text)
    letters = [ch for ch in line.text if ch.isalpha()]
    if len(words) < 7 or sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
        return False  # too short to tell, or ALL CAPS (a different habit)
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    functions = [w for w in words if w.lower() in _FUNCTION_WORDS]
    return capitalised == len(words) and sum(w[0].isupper() for w in functions) >= 2


def _mark_context(lines: list[Line], is_outlet_name=None) -> None:
    """Labels that depend on the lines around: captions and credits, lists after link headers."""
    for i, line in enumerate(lines):
        if line.label != CONTENT or i == 0:
            continue
        if is_start_case(line) and not _TERMINAL.search(line.text):
            line.label = "image_caption"
        elif is_outlet_name and line.words <= 6 and is_outlet_name(line.text):
            # A bare outlet name inside the article credits a picture; it is not the publisher.
            line.label = "image_caption"
    in_list = False
    for i, line in enumerate(lines):
        if _opens_list(line):
            in_list = True
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is not None and following.label == CONTENT and is_prose(following):
            in_list = False  # a short line before prose is the next section's heading
        if in_list and line.label == CONTENT and _is_list_item(line):
            line.label = "related_links"
            continue
        in_list = in_list and line.label not in (CONTENT, TITLE)


def _mark_after_caption_markers(lines: list[Line]) -> None:
    """The line after "Image caption" (or a lightbox trigger) is the caption itself."""
    for previous, line in itertools.pairwise(lines):
        if line.label == CONTENT and _CAPTION_MARKER.fullmatch(previous.text) and line.words <= 40:
            line.label = "image_caption"


def _mark_repeats(lines: list[Line], title: str | None) -> None:
    """A short line seen twice in one page is page furniture (ads, captions with their alt
    text, teaser links); a line repeated right after itself is an image's alt text and caption.
    Long paragraphs are left alone: some scrapes hold the whole article twice."""
    seen: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        seen.setdefault(line.text, []).append(index)
    for text, indices in seen.items():
        if len(indices) < 2 or text == title:
            continue
        copies = [lines[i] for i in indices]
        adjacent = any(b == a + 1 for a, b in itertools.pairwise(indices))
        furniture = (
            4 <= copies[0].words <= 25
            and not re.search(r"[.;:…]\W*$", text)
            and not _EMBED_OR_FIELD.search(text)
        )
        # Three or more copies of one short line are a widget, whatever its punctuation.
        widget = len(copies) >= 3 and copies[0].words <= 25 and not _EMBED_OR_FIELD.search(text)
        if not (adjacent or widget or (furniture and not text.endswith((":", ";")))):
            continue
        for line in copies:
            if line.label == CONTENT:
                line.label = "image_caption" if adjacent else "repeated_furniture"


def _settle_punctuation_lines(lines: list[Line]) -> None:
    """A line of only punctuation ('.', '***') belongs to whatever surrounds it."""
    wordy = [any(ch.isalnum() for ch in line.text) for line in lines]
    # The nearest line with a letter or digit before and after each line, found in one pass
    # each way (a page of many punctuation lines made a scan per line quadratic).
    before: list[Line | None] = []
    last: Line | None = None
    for line, has_word in zip(lines, wordy, strict=True):
        before.append(last)
        if has_word:
            last = line
    after: list[Line | None] = []
    last = None
    for line, has_word in zip(reversed(lines), reversed(wordy), strict=True):
        after.append(last)
        if has_word:
            last = line
    after.reverse()
    for i, line in enumerate(lines):
        if wordy[i]:
            continue
        removed = [x is None or x.label not in (CONTENT, TITLE) for x in (before[i], after[i])]
        line.label = "scraping_debris" if all(removed) else CONTENT
