"""Genre cues of satire, read from the cleaned text and the title, each with its spans.

Satirical news imitates a news article but leaves marks of the genre a reader can check:

- ``satire_dateline``: an opening dateline dressed like a wire story but credited to no news
  agency, with a region written the way satire sites write it ("HARRISBURG, PA—",
  "TRINIDAD Colorado – (Satire News) –", "Washington (dpo) -");
- ``author_bio``: a closing line that introduces the writer ("Dan Smith is a freelance
  humorist who ..."): news sites put bylines in the page, satire sites often in the text;
- ``stock_character_quotes``: quotes put in the mouths of stock characters ("area man",
  "local woman"), the too-perfect witness of satire (an age such as "a 37-year-old" is not
  one: it was more frequent in the news than in the satire of the training sets);
- ``closing_quote``: the article ends on a direct quote, the punchline position.

These are computed from a cached row's cleaned text (not from the spaCy parse), so training
reads them after the feature cache and analysis computes them the same way. How much each one
separates satire from news is measured in docs/benchmarks.md (credibility section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsift.article import Span
from newsift.scores.style import is_case_flattened

NAN = float("nan")

_AGENCIES = re.compile(
    r"\((?:AP|Reuters|AFP|CNN|UPI|Bloomberg|dpa|PTI|IANS|ANI|Xinhua|TASS|BBC|NPR|CBS|NBC|ABC)\)",
    re.I,
)
#: An opening of at most 8 words, a place then an optional region, before a dash.
_DATELINE = re.compile(
    r"\A\s*(?P<head>(?:[A-Z][\w.'’&-]*,?\s?){1,6}(?:\([^()\n]{1,30}\)\s?)?)"
    r"(?P<dash>\s?(?:—|–|--|-)\s?)(?:\([^()\n]{1,30}\)\s?(?:—|–|--|-)\s?)?"
)
#: A region as satire sites write it: a bare two-letter state ("PA"), a state spelled out
#: after the city without a comma, or a credit in parentheses that is no news agency.
_REGION = re.compile(r",\s?[A-Z]{2}\b|,\s?[A-Z][a-z]{1,4}\.(?=\s?[—–-])|\([^()]+\)")
_BIO = re.compile(
    r"(?:\b[A-Z][a-z]+(?:\s[A-Z]\.)?(?:\s[A-Z][a-z'’-]+)+\s(?:is|was)\s(?:a|an|the)\b[^.\n]{0,140}?"
    r"\b(?:writer|author|comedian|contributor|satirist|columnist|blogger|humou?rist|"
    r"correspondent|novelist|poet|freelancer|cartoonist)s?\b"
    r"|\bAbout the (?:author|writer)\b)",
)
_STOCK = re.compile(
    r"\b(?:area|local)\s(?:man|woman|men|women|resident|residents|father|mother|dad|mom|"
    r"teen|teenager|boy|girl|couple|family|grandmother|grandfather)\b",
    re.I,
)
_SAID = re.compile(r"\b(?:said|says|added|explained|told reporters|confirmed|noted)\b", re.I)
_CLOSING_QUOTE = re.compile(r"[”\"]\s*(?:\(?[^\w\n]{0,3})?\s*\Z")
_QUOTE_START = re.compile(r"[“\"]")


@dataclass(frozen=True)
class GenreFeature:
    name: str
    explanation: str


GENRE_FEATURES: tuple[GenreFeature, ...] = (
    GenreFeature(
        "satire_dateline",
        "opens with a dateline credited to no news agency, region written satire-style"
        " ('HARRISBURG, PA—')",
    ),
    GenreFeature("author_bio", "the text introduces its writer ('... is a freelance humorist')"),
    GenreFeature(
        "stock_character_quotes",
        "quotes from stock characters ('area man', 'local woman') per 10 sentences",
    ),
    GenreFeature("closing_quote", "the article ends on a direct quote"),
)
GENRE_NAMES: tuple[str, ...] = tuple(f.name for f in GENRE_FEATURES)
GENRE_EXPLANATIONS: dict[str, str] = {f.name: f.explanation for f in GENRE_FEATURES}


def genre_cues(text: str, title: str | None = None) -> tuple[dict[str, float], dict[str, list]]:
    """The values and spans of the genre cues of ``text`` (the cleaned text)."""
    spans: dict[str, list[Span]] = {name: [] for name in GENRE_NAMES}
    values: dict[str, float] = {}
    if not text.strip():
        return {name: NAN for name in GENRE_NAMES}, spans

    dateline = _DATELINE.match(text)
    fake = False
    if dateline:
        opening = text[: dateline.end()]
        if not _AGENCIES.search(opening) and _REGION.search(opening):
            fake = True
            start = len(text) - len(text.lstrip())
            spans["satire_dateline"].append(Span(start, dateline.end(), "satire_dateline"))
    values["satire_dateline"] = float(fake)

    tail_start = max(0, len(text) - 700)
    bios = [m for m in _BIO.finditer(text, tail_start)]
    spans["author_bio"] = [Span(m.start(), m.end(), "author_bio") for m in bios]
    values["author_bio"] = float(bool(bios))

    sentences = max(1, len(re.findall(r"[.!?](?:\s|\Z)", text)))
    stock = []
    for m in _STOCK.finditer(text):
        window = text[max(0, m.start() - 120) : m.end() + 120]
        if _SAID.search(window) and _QUOTE_START.search(window):
            stock.append(Span(m.start(), m.end(), "stock_character_quotes"))
    spans["stock_character_quotes"] = stock
    values["stock_character_quotes"] = 10.0 * len(stock) / sentences

    stripped = text.rstrip()
    closing = bool(_CLOSING_QUOTE.search(stripped[-6:])) if stripped else False
    if closing:
        start = max(stripped.rfind("“"), stripped.rfind('"', 0, len(stripped) - 1))
        spans["closing_quote"] = [Span(max(start, 0), len(stripped), "closing_quote")]
    values["closing_quote"] = float(closing)
    if is_case_flattened(text):
        # A dateline's and a bio's capitals are gone: the evidence is absent, not negative.
        values["satire_dateline"] = values["author_bio"] = NAN
        spans["satire_dateline"], spans["author_bio"] = [], []
    return values, spans
