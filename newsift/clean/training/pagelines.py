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

import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsift.clean.training.extraction import _WORD, Page, render_text, words
from newsift.clean.training.goldset import BOILERPLATE, CONTENT, GoldArticle, GoldLine, source_lines
from newsift.errors import NewsiftError

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


def comment_reasons(pages: Iterable[Page], line_model: Any = "shipped") -> dict[str, Any]:
    """How well the reasons of the blocks the HTML path leaves out (``html_blocks``) name the
    comments, on pages whose gold has comments: each removed block's lines are matched to the
    gold comments as ``pagelines`` matches rendered lines; a comment line is found when its
    block's reason is ``comment_section``. Also the share of gold comment lines (three words or
    more, not in the gold text) found in the cleaned text, averaged over pages: comments kept
    as article."""
    from newsift.article import Article
    from newsift.clean.cleaner import clean_text
    from newsift.clean.html_blocks import removed_blocks
    from newsift.input.extract import extract_html

    comment_lines = named = named_right = named_wrong = pages_seen = 0
    leaked: list[float] = []
    for page in pages:
        if not words(page.gold_comments or ""):
            continue
        pages_seen += 1
        article = Article(raw=page.html, input_kind="html", url=page.url)
        try:
            extract_html(article)
        except NewsiftError:
            continue
        gold, comments = GoldIndex.of(page.gold_text), GoldIndex.of(page.gold_comments)
        for span in removed_blocks(page.html, article.source_text, article.title):
            for line in span.attrs["text"].splitlines():
                tokens = _WORD.findall(line.lower())
                is_comment = not gold.holds(tokens) and comments.holds(tokens)
                comment_lines += is_comment
                if span.label == COMMENT:
                    named += 1
                    named_right += is_comment
                    named_wrong += not is_comment
        kept = GoldIndex.of(clean_text(article.source_text, line_model=line_model).text)
        own = [_WORD.findall(line.lower()) for line in (page.gold_comments or "").splitlines()]
        own = [tokens for tokens in own if len(tokens) >= 3 and not gold.holds(tokens)]
        if own:
            leaked.append(sum(kept.holds(tokens) for tokens in own) / len(own))
    return {
        "n_pages": pages_seen,
        "comment_lines_removed": comment_lines,
        "recall": named_right / comment_lines if comment_lines else None,
        "precision": named_right / named if named else None,
        "comment_lines_kept": statistics.fmean(leaked) if leaked else None,
    }
