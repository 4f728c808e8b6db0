"""How well the cleaner finds a page's title and published date in scraped text, measured on the
extraction benchmarks (``newsift evaluate extraction --metadata``).

Each page is rendered as ``--mode text`` renders it and cleaned; the references are:

- **title**: the page's human-labelled headline where the data has one (L3S-GN1's
  ``extra.gold_headline``). A title is *right* when its lower-cased words are the headline's,
  in order; *breadcrumb* counts titles the cleaner's own patterns call navigation ("Home »
  Local"), which should never happen.
- **published date**: the date the page's markup states (``<meta>`` publication tags,
  structured data, the URL), read by ``htmldate`` without its search of the page text, so the
  reference does not come from the text being scored. It is the publisher's own claim, not a
  human label; pages whose markup states no date are left out. A found date is *right* when it
  is the same day.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsift.clean.training.extraction import _WORD, Page, render_text
from newsift.errors import NewsiftError


def markup_date(page: Page) -> str | None:
    """The publication date the page's markup states, as YYYY-MM-DD, else None."""
    from htmldate import find_date

    try:
        return find_date(page.html, url=page.url, extensive_search=False, original_date=True)  # type: ignore[return-value]
    except (ValueError, TypeError):  # htmldate refuses some malformed pages
        return None


def metadata_scores(pages: Iterable[Page]) -> dict[str, Any]:
    """Title and published-date figures of the plain-text cleaner on rendered pages."""
    from newsift.clean.cleaner import clean_text
    from newsift.clean.rules import match_reason
    from newsift.sources.outlets import is_outlet_name

    n_pages = titled = title_right = breadcrumbs = with_headline = 0
    dated = date_found = date_right = 0
    wrong_dates: list[dict[str, str]] = []
    for page in pages:
        n_pages += 1
        try:
            result = clean_text(render_text(page.html), is_outlet_name)
        except NewsiftError:  # nothing visible on the page
            continue
        title = result.title or ""
        breadcrumbs += bool(title) and match_reason(title) == "navigation"
        headline = page.extra.get("gold_headline") or ""
        if _WORD.findall(headline.lower()):
            with_headline += 1
            titled += bool(title)
            title_right += _WORD.findall(title.lower()) == _WORD.findall(headline.lower())
        reference = markup_date(page)
        if reference is not None:
            dated += 1
            date_found += result.published is not None
            date_right += result.published == reference
            if result.published is not None and result.published != reference:
                wrong_dates.append({"id": page.id, "found": result.published, "markup": reference})
    return {
        "n_pages": n_pages,
        "title": {
            "n_pages_with_headline": with_headline,
            "found": titled / with_headline if with_headline else None,
            "right": title_right / with_headline if with_headline else None,
            "breadcrumb_titles": breadcrumbs,
        },
        "published": {
            "n_pages_with_markup_date": dated,
            "found": date_found / dated if dated else None,
            "right": date_right / dated if dated else None,
            "precision": date_right / date_found if date_found else None,
            "wrong": wrong_dates[:20],
        },
    }
