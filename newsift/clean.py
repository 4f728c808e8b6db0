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

from newsift.article import Article, Evidence, Span
from newsift.errors import InputError
from newsift.pipeline import FunctionComponent, factory

CONTENT = "content"
TITLE = "title"


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


#: Line patterns by reason. ``full`` patterns must match the whole (stripped) line: they are
#: words that are boilerplate only when they stand alone ("Share", "Comments"). ``part``
#: patterns may match anywhere, because the phrase itself is unmistakable.
PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {
    "scraping_debris": {
        "full": _rx(
            r"in\s*,?",
            r"[\W_]{1,3}",
            r"(?:advertisement|advertisements|sponsored|promoted|ad)",
            r"story continues (?:below|after)(?: advertisement)?",
            r"continue reading(?: below| the main story)?\W*",
            r"\(adsbygoogle.*",
            r"loading\.*",
            r"skip to (?:main )?content",
            r"(?:this )?video (?:is )?(?:not )?(?:available|unavailable).*",
            r"(?:click|tap) (?:here )?to (?:enlarge|play|watch|expand).*",
            r"embed(?: code)?",
            r"(?:photo|image|video|source|credit|picture)s?\s*(?:credit)?\s*:.{0,80}",
            r"\((?:photo|image|video)[^)]{0,80}\)",
            r"(?:featured )?image (?:via|by|credit|source)[: ].{0,80}",
            r"https?://\S+",
        ),
        "part": _rx(r"\bwindow\.adsbygoogle\b", r"\bdocument\.getElementById\("),
    },
    "rating_widget": {
        "full": _rx(
            r"\d+\s+\d+\s+votes?",
            r"article rating",
            r"rate this (?:article|post|story)\W*",
            r"(?:\d+\s*)?(?:likes?|dislikes?|votes?)",
            r"\d+(?:\.\d+)?\s*/\s*\d+\s*(?:stars?)?",
            r"(?:average )?rating:?\s*[\d.]+.*",
        ),
        "part": _rx(
            r"% of readers think this story is",
            r"\badd your two cents\b",
            r"\bvotes?,\s*average\b",
        ),
    },
    "donation_ask": {
        "full": _rx(r"donate(?: now)?\W*", r"support us\W*", r"become a patron\W*"),
        "part": _rx(
            r"\bon patreon\b",
            r"\bpatreon\.com\b",
            r"\b(?:please )?(?:consider )?(?:supporting|support|donat(?:e|ing) to) (?:us|our work|"
            r"independent (?:media|journalism)|this site|the site|[A-Z][\w.]*(?: [A-Z][\w.]*){0,3})"
            r"(?: (?:today|now))?\s*(?:by|with|on|via|through)\b.{0,60}\b(?:donat|patreon|paypal|"
            r"subscri|contribut)",
            r"\bmake a (?:donation|contribution)\b",
            r"\b(?:liked|enjoyed|like) (?:it|this|this article)\?.{0,40}\bsupport\b",
            r"\btip jar\b",
            r"\bpaypal\.me\b",
        ),
    },
    "newsletter_prompt": {
        "full": _rx(
            r"subscribe(?: now| today| here)?\W*",
            r"(?:sign up|subscribe) (?:for|to) (?:our|the|my) .{0,40}",
            r"get (?:our|the) .{0,30}newsletter.{0,40}",
            r"(?:enter )?your email(?: address)?\W*",
        ),
        "part": _rx(
            r"\bsign up for (?:our|the|my|a) (?:free )?(?:\w+ )?(?:newsletter|email|alerts)\b",
            r"\bsubscribe to (?:our|the|my) (?:free )?(?:\w+ )?(?:newsletter|mailing list|channel)\b",
            r"\bdelivered (?:straight |directly )?to your inbox\b",
            r"\bjoin (?:our|the) mailing list\b",
            r"\bnever miss (?:a|another) (?:story|post|update)\b",
            r"\byou (?:may|can) (?:opt out|unsubscribe) at any ?time\b",
            r"\bgrants you access to .{0,60}\bupdates\b",
            r"\byou (?:also )?agree to (?:our|this site'?s|the) (?:privacy policy|terms)\b",
        ),
    },
    "comment_form_help": {
        "full": _rx(
            r"(?:name|email|e-mail|website|comment)\s*(?:\*|\(required\))",
            r"post comment\W*",
            r"submit(?: comment)?\W*",
        ),
        "part": _rx(
            r"\byour email address will not be published\b",
            r"\brequired fields are marked\b",
            r"\byou may use these html tags\b",
            r"\bsave my name, email,? and website\b",
            r"\bnotify me of (?:follow-up comments|new posts|new comments)\b",
            r"\bthis field is for validation purposes\b",
        ),
    },
    "social_prompt": {
        "full": _rx(
            r"(?:share|tweet|email|e-mail|print|pin(?: it)?|save|facebook|twitter|whatsapp|reddit|"
            r"linkedin|telegram|pinterest|flipboard|copy link|more|gab|vk|mix)(?:\s*\d+)?"
            r"(?:\s*(?:share|tweet|email|print|pin|facebook|twitter|whatsapp|reddit|linkedin|"
            r"telegram|pinterest))*\W*",
            r"share (?:this|on|via).{0,60}",
            r"(?:click to )?share on \w+.*",
            r"\d+\s*shares?",
            r"(?:follow|like|find) us on .{0,60}",
        ),
        "part": _rx(
            r"\bfollow (?:us|me) on (?:twitter|facebook|instagram|telegram|gab|youtube)\b",
            r"\blike us on facebook\b",
            r"\bshare this (?:article|story|post) (?:with|on)\b",
        ),
    },
    "editorial_disclaimer": {
        "full": _rx(r"disclaimer\W*"),
        "part": _rx(
            r"\b(?:statements|views|opinions)(?:,? (?:views|opinions))?(?:,? and (?:opinions|views))?"
            r" expressed (?:in this (?:column|article|post|piece) )?are (?:solely )?"
            r"(?:those of the (?:author|writer)|the author'?s)",
            r"\bdo(?:es)? not necessarily (?:reflect|represent) (?:the )?(?:views|those|opinions)",
            r"\bthis article (?:was )?(?:originally )?(?:appeared|published) (?:on|at|in)\b",
            r"\boriginally (?:appeared|published) (?:on|at)\b",
            r"\bfair use\b.{0,80}\bcopyright",
            r"\bcopyrighted material\b.{0,60}\bnot (?:always )?(?:been )?(?:specifically )?authori[sz]ed\b",
            r"\bthis (?:article|post|content) (?:is|may be) (?:for )?(?:informational|entertainment)"
            r" purposes\b",
            r"\bnot (?:intended|meant) (?:as|to be|to provide) (?:medical|legal|financial) advice\b",
        ),
    },
    "related_links": {
        "full": _rx(
            r"(?:related|read more|read also|see also|also read|more from .{0,40}|recommended"
            r"(?: for you)?|you (?:may|might) (?:also )?like|trending(?: now)?|popular(?: posts)?|"
            r"most (?:read|popular|viewed|shared)|don'?t miss|next (?:article|post|story)|"
            r"previous (?:article|post|story)|more stories|latest (?:news|posts|stories)|"
            r"related (?:posts|articles|stories|coverage|news)|in (?:other|case you missed)"
            r"(?: news)?|top stories|editor'?s picks?|what to read next)\W*",
            r"(?:related|read more|read also|see also|also read|more|watch|listen)\s*:.{0,200}",
            r"(?:«|<<|←)\s*.{1,150}",
            r".{1,150}\s*(?:»|>>|→)",
            r"(?:previous|next|older|newer)\s+(?:post|article|entry|story)\b.{0,150}",
        ),
        "part": _rx(r"^\s*(?:related|read more|more)\s*[:|»>]"),
    },
    "cookie_notice": {
        "full": _rx(
            r"(?:accept|reject|allow|manage)(?: all)? cookies\W*", r"(?:got it|i agree|ok)\W*"
        ),
        "part": _rx(
            r"\b(?:we|this (?:site|website)) uses? cookies\b",
            r"\bby (?:continuing to use|using) (?:this|our) (?:site|website)\b.{0,80}\bagree\b",
            r"\bcookie (?:policy|settings|preferences)\b",
        ),
    },
    "comment_section": {
        "full": _rx(
            r"\d+\s+(?:comments?|responses?|replies|thoughts? on .{0,200})",
            r"(?:no|show|view|load|hide|read|see) (?:all )?(?:\d+ )?comments?.{0,30}",
            r"comments?(?: \(\d+\))?\W*",
            r"notify (?:me )?of\W*",
            r"inline feedbacks",
            r"view all comments",
            r"(?:oldest|newest|most voted|best|top)(?:\s*(?:oldest|newest|most voted|best|top))*",
            r"(?:leave|post|add|write) a (?:reply|comment|response)\W*",
            r"join the (?:discussion|conversation)\W*",
            r"reply(?: ↓)?",
            r"cancel reply",
            r"(?:log ?in|sign ?in) to (?:reply|comment).{0,40}",
            r"(?:\d+\s+)?(?:points?|upvotes?)",
            r"comment policy.{0,100}",
            r"(?:powered by )?disqus.{0,40}",
            r"(?:guest|anonymous)\s*",
            r"(?:\d+\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?) ago",
        ),
        "part": _rx(
            r"\bcomments are (?:closed|moderated)\b",
            r"\bplease read our comment policy\b",
            r"\bbe the first to comment\b",
        ),
    },
    "anti_spam_notice": {
        "full": _rx(),
        "part": _rx(
            r"\buses akismet to reduce spam\b",
            r"\blearn how your comment data is processed\b",
            r"\bprotected by recaptcha\b",
        ),
    },
    "footer": {
        "full": _rx(
            r"(?:privacy policy|terms of (?:use|service)|contact(?: us)?|about(?: us)?|advertise"
            r"(?: with us)?|careers|sitemap|site map|home|menu|search|log ?in|log ?out|register)"
            r"(?:\s*[|·•/-]\s*(?:privacy policy|terms of (?:use|service)|contact(?: us)?|about"
            r"(?: us)?|advertise(?: with us)?|careers|sitemap|site map|home))*\W*",
            r"(?:posted in|filed under|categories|category|tags?|tagged(?: with)?)\s*:.{0,300}",
            r"(?:home|news)\s*(?:[»>/|]\s*[\w ,'&-]{1,40}){1,5}",
            r"back to top\W*",
            r"powered by .{0,60}",
        ),
        "part": _rx(
            r"^\W{0,3}(?:copyright\s*)?(?:©|\(c\))\s*(?:copyright\s*)?\d{4}",
            r"^\W{0,3}copyright\s+(?:©\s*)?\d{4}",
            r"\ball rights reserved\b",
        ),
    },
}

# "© AFP Pope Francis greets ..." is a photo caption with its agency credit, not a footer.
PATTERNS["image_caption"] = {
    "full": re.compile(
        r"©\s*(?:Provided by\s+)?(?:[A-Z][\w.&'’-]*\s*){1,4}(?:/\s*[\w. ]+?\s)?.{0,300}"
    ),
    "part": re.compile(""),
}

#: Reasons whose first match near the end of a page starts a region that runs to the end.
TAIL_STARTERS = {"comment_section", "comment_form_help", "anti_spam_notice"}
#: Comment-section headers strong enough to start the region on their own.
_STRONG_COMMENT_HEADER = _rx(
    r"\d+\s+(?:comments?|responses?|replies|thoughts? on .*)",
    r"(?:leave|post|add|write) a (?:reply|comment|response)\W*",
    r"notify (?:me )?of\W*",
    r"inline feedbacks",
    r"view all comments",
    r"join the (?:discussion|conversation)\W*",
    r"(?:no|show|view|load|read|see) (?:all )?(?:\d+ )?comments?.{0,30}",
)

#: Headers that start a comment section only when a comment marker follows within a few lines:
#: articles end with "What do you think?" too.
_WEAK_COMMENT_HEADER = _rx(r"what do you think\?*", r"(?:your|reader) (?:comments|thoughts)\W*")

_TERMINAL = re.compile(r"""[.!?…]["'”’)\]]*$|[.!?]\s*["'”’]$""")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_NAME_TOKEN = r"[A-Z][\w'’.-]*\.?"
_BYLINE = re.compile(
    rf"^(?i:by|written by|posted by|authored by|reporting by|story by)[:\s]+"
    rf"({_NAME_TOKEN}(?:\s+(?:{_NAME_TOKEN}|de|van|von|al|bin|and|&)){{0,5}})"
    r"(?:\s*[,|–—-]\s*.{0,80})?$"
)
_PERSON_LINE = re.compile(
    rf"^({_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,4}})(?:,?\s+(?:J\.?D\.?|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|III|II))?\.?$"
)
_ROLE_LINE = re.compile(
    r"^(?:(?:senior|chief|staff|contributing|guest|managing|investigative|independent|political|"
    r"freelance|editor-at-large|executive|associate|deputy|foreign|white house|national|"
    r"international)\s+)*(?:journalist|reporter|writer|editor|correspondent|columnist|contributor|"
    r"author|blogger|analyst|researcher|founder|publisher|editor-in-chief|photographer)s?$",
    re.IGNORECASE,
)
#: "Jane Roe is an award-winning reporter ...": a name, a copula, an article, a role soon after.
_BIO_START = re.compile(
    r"^(?:(?i:about the author)\W*$|(?:[A-Z][\w'’.-]*\.?\s+){0,4}[A-Z][\w'’.-]*\.?,?\s+"
    r"(?:is|was|has been|serves as)\s+(?:an?|the)\s+(?:[\w,'’-]+\s+){0,8}?"
    r"(?:journalist|reporter|writer|editor|author|correspondent|columnist|contributor|blogger|"
    r"analyst|professor|researcher|founder|host|commentator|director|fellow|producer|"
    r"editor-in-chief|veteran|expert|activist|filmmaker|investigator|scholar|publisher)s?\b)"
)
_DATE_LINE = re.compile(
    r"^(?:(?:published|posted|updated|last updated|date)\s*:?\s*)?(?:on\s+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?:\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*[A-Z]{2,4})?)?\W*$"
    r"|^(?:(?:published|posted|updated)\s*:?\s*)?\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\W*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^((?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3})"
    r"(?:,\s*[A-Z][A-Za-z.]{1,20}\.?)?"
    r"(?:\s*\((?:AP|Reuters|AFP|UPI|CNN|Sputnik|TASS|RIA Novosti|[A-Z]{2,6})\))?)"
    r"\s*[–—-]{1,2}\s+"
)

#: Patterns that name the publishing outlet; group ``name`` is the outlet's name.
_OWN_SITE_PATTERNS = [
    (
        "donation_ask",
        re.compile(
            r"support (?P<name>(?:the\s+)?[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4}) on patreon",
            re.I,
        ),
    ),
    (
        "editorial_disclaimer",
        re.compile(
            r"(?:represent|reflect) (?:those|the views|the opinions) of (?P<name>(?:the\s+)?[A-Z]"
            r"[\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,4})",
        ),
    ),
    (
        "footer",
        re.compile(
            r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
            r"(?P<name>[A-Z][\w.'’&-]*(?:\s+[A-Z][\w.'’&-]*){0,5})",
            re.I,
        ),
    ),
]


@dataclass
class Line:
    start: int  # offsets into the cleaner's input, stripped of surrounding whitespace
    end: int
    text: str
    label: str = CONTENT
    reason_detail: str = ""

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


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
PART_MATCH_MAX_WORDS = {"editorial_disclaimer": 150, "comment_form_help": 60, "footer": 60}
PART_MATCH_DEFAULT_MAX_WORDS = 40


def match_reason(text: str) -> str | None:
    """The boilerplate reason a single line matches on its own, if any."""
    words = len(_WORD.findall(text))
    for reason, patterns in PATTERNS.items():
        full = patterns["full"]
        if full.pattern and full.fullmatch(text):
            return reason
        part = patterns["part"]
        limit = PART_MATCH_MAX_WORDS.get(reason, PART_MATCH_DEFAULT_MAX_WORDS)
        if part.pattern and words <= limit and part.search(text):
            return reason
    return None


def is_prose(line: Line) -> bool:
    """A line that reads like article prose: several words ending as a sentence ends."""
    return line.words >= 8 and bool(_TERMINAL.search(line.text))


def is_headline_like(line: Line) -> bool:
    return 2 <= line.words <= 25 and not _TERMINAL.search(line.text.rstrip("”\"'’ "))


def clean_text(source: str, is_outlet_name=None) -> CleanResult:
    """Clean scraped plain text. ``is_outlet_name(str) -> bool`` recognises outlet names."""
    lines = split_lines(source)
    if not lines:
        raise InputError("input has no text")
    for line in lines:
        reason = match_reason(line.text)
        if reason:
            line.label = reason
    _mark_comment_region(lines)
    _mark_tail(lines, is_outlet_name)
    title = _mark_head(lines)
    byline, bio = _mark_author_blocks(lines)
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
        headline = is_headline_like(line) and not _BIO_START.match(line.text)
        if headline and ((seen_boilerplate and not by_region) or (by_region and trailing)):
            line.label = "related_links"
            line.reason_detail = ""
            continue
        if by_region:
            seen_boilerplate = True
            trailing = False
            continue
        return


def _mark_head(lines: list[Line]) -> str | None:
    """Leading debris, the title (first headline-like line), then bylines and dates."""
    title = None
    for line in lines[:8]:
        if line.label != CONTENT:
            continue
        if title is None and is_headline_like(line) and not _DATE_LINE.match(line.text):
            line.label = TITLE
            title = line.text
            continue
        if _BYLINE.match(line.text):
            line.label = "byline"
            continue
        if _DATE_LINE.match(line.text):
            line.label = "date"
            continue
        if title is not None:
            break
    return title


def _mark_author_blocks(lines: list[Line]) -> tuple[str | None, str | None]:
    """Bylines anywhere ("By Jane Roe") and author blocks: name, role, bio paragraph."""
    byline = None
    bio_parts: list[str] = []
    for i, line in enumerate(lines):
        if line.label == "byline":
            found = _BYLINE.match(line.text)
            byline = byline or (found.group(1) if found else line.text)
            continue
        if line.label != CONTENT:
            continue
        if _BYLINE.match(line.text) and line.words <= 12:
            line.label = "byline"
            byline = byline or _BYLINE.match(line.text).group(1)  # type: ignore[union-attr]
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
        if _BIO_START.match(line.text) and i >= len(lines) - 6 and i > 0:
            # A bio paragraph near the end of the page ("Jane Roe is a reporter who ...").
            line.label = "author_bio"
            bio_parts.append(line.text)
    return byline, (" ".join(bio_parts) or None)


def _rescue_if_everything_removed(lines: list[Line]) -> None:
    """Never return an empty article: if nothing but a title survived, keep the prose lines."""
    if any(line.label == CONTENT for line in lines):
        return
    for line in lines:
        if is_prose(line) and line.label not in ("comment_section",):
            line.label = CONTENT
            line.reason_detail = "kept: nothing else looked like article text"


def _merge_blocks(lines: list[Line]) -> list[Span]:
    blocks: list[Span] = []
    for line in lines:
        if line.label in (CONTENT, TITLE):
            continue
        previous = blocks[-1] if blocks else None
        if (
            previous is not None
            and previous.label == line.label
            and previous.attrs["last"] == lines.index(line) - 1
        ):
            previous.end = line.end
            previous.attrs["last"] += 1
            continue
        blocks.append(Span(line.start, line.end, line.label, attrs={"last": lines.index(line)}))
    for block in blocks:
        block.attrs.clear()
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
    article.author_bio = result.author_bio
    if result.dateline:
        start, end = result.dateline
        article.dateline = result.text[start:end]
        article.spans["dateline"] = [Span(start, end, "dateline")]
    article.site.evidence = [e for e in article.site.evidence if e.kind != "text"]
    article.site.evidence.extend(result.site_names)


@factory("clean")
def make_clean() -> FunctionComponent:
    from newsift.sources import is_outlet_name

    return FunctionComponent("clean", lambda article: clean_article(article, is_outlet_name))
