"""Line labels for rendered pages, from their gold text: the line classifier's training data
from the extraction benchmarks (``../shared/data/extraction``).

A page is rendered as ``newsift evaluate extraction --mode text`` renders it, split into the
cleaner's lines (``goldset.source_lines``), and each line is labelled by where its words are
found, in the words of the gold main text (``gold_text``) and of the gold comments:

- a line of three words or more is **content** when at least half of its word trigrams occur
  in the gold text, a **comment** (boilerplate, reason ``comment_section``) when at least half
  occur in the gold comments instead;
- a line of one or two words (a heading, a "Home" link) is content only when it is a whole
  line of the gold text (the same words in the same order), a comment likewise; a short word
  found somewhere inside a gold paragraph says nothing;
- everything else, and lines without a word, is **other boilerplate** (no reason).

Words are lower-cased ``\\w+`` runs, as in the word-bag measure, so punctuation and spacing
differences between the renderer and the annotators' copy do not matter.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsift.clean.training.extraction import _WORD, Page, render_text
from newsift.clean.training.goldset import BOILERPLATE, CONTENT, GoldArticle, GoldLine, source_lines

#: The share of a line's trigrams that must occur in a gold text for the line to be from it.
MIN_TRIGRAM_SHARE = 0.5
COMMENT = "comment_section"


@dataclass(frozen=True, slots=True)
class GoldIndex:
    """What a gold text offers for matching: its word trigrams and its lines' word sequences."""

    trigrams: frozenset[tuple[str, str, str]]
    lines: frozenset[tuple[str, ...]]

    @classmethod
    def of(cls, text: str | None) -> GoldIndex:
        tokens = _WORD.findall((text or "").lower())
        lines = {tuple(_WORD.findall(line.lower())) for line in (text or "").splitlines()}
        return cls(frozenset(zip(tokens, tokens[1:], tokens[2:], strict=False)), frozenset(lines))

    def holds(self, tokens: list[str]) -> bool:
        if len(tokens) < 3:
            return bool(tokens) and tuple(tokens) in self.lines
        grams = list(zip(tokens, tokens[1:], tokens[2:], strict=False))
        return sum(gram in self.trigrams for gram in grams) >= MIN_TRIGRAM_SHARE * len(grams)


def label_line(text: str, gold: GoldIndex, comments: GoldIndex) -> tuple[str, str | None]:
    """(label, reason) of one rendered line."""
    tokens = _WORD.findall(text.lower())
    if gold.holds(tokens):
        return CONTENT, None
    if comments.holds(tokens):
        return BOILERPLATE, COMMENT
    return BOILERPLATE, None


def labelled_page(page: Page, dataset: str, split: str) -> GoldArticle | None:
    """The page rendered and line-labelled in the gold set's shape; None if it renders empty.
    ``split`` names the group the page is reported in (``dragnet:train``)."""
    text = render_text(page.html)
    lines = source_lines(text)
    if not lines:
        return None
    gold, comments = GoldIndex.of(page.gold_text), GoldIndex.of(page.gold_comments)
    labelled = [
        GoldLine(line.n, line.start, line.end, line.text, *label_line(line.text, gold, comments))
        for line in lines
    ]
    return GoldArticle(
        dataset=dataset,
        ref=page.id,
        # Pages without a site are one group: they may share a site, and CV must not split it.
        site=page.site or f"{dataset}:(no site)",
        split=split,
        round=0,
        text=text,
        lines=labelled,
        extra={"gold_text": page.gold_text},
    )


def labelled_pages(pages: Iterable[Page], dataset: str, split: str) -> Iterator[GoldArticle]:
    for page in pages:
        article = labelled_page(page, dataset, split)
        if article is not None:
            yield article
