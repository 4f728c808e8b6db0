"""How much of a page's own text the extraction keeps, scored on human-labelled pages.

Rows are ``{id, html, gold_text, gold_comments?, url?, site?, extra?: {split?}}`` (the shape of
``../shared/data/extraction/*/*.jsonl.gz``). Each page is run through one *system* and its
output compared with ``gold_text`` as bags of words:

- a word is a run of letters, digits or underscores (``\\w+``), lower-cased; each word counts
  as often as it occurs (a multiset, so a paragraph kept twice is penalised);
- precision = shared words / output words, recall = shared words / gold words (shared =
  the multiset intersection), F1 their harmonic mean; an empty output scores 0 on all three;
  a page whose gold has no word is skipped (counted in ``n_skipped``);
- figures are averaged over pages (each page counts once), and also per site; ``site_mean``
  averages the per-site figures, so a site with ten pages counts as one.

Systems: ``newsift-html`` (the HTML path of ``analyze``: trafilatura as ``input/extract.py``
calls it, then the plain-text cleaner), ``newsift-text`` (the page rendered as a scraper or a
copy-paste would, by ``inscriptis``, then the plain-text cleaner), and the baselines
``trafilatura`` (2.x defaults, comments included) and ``trafilatura-no-comments``.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsift.errors import InputError, NewsiftError

_WORD = re.compile(r"\w+")
#: inscriptis prefixes list items with these bullets (by nesting level) after their padding;
#: a browser's copy and a text scraper leave them out.
_BULLET = re.compile(r"^(\s+)[*+o-] ", re.MULTILINE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
UNKNOWN_SITE = "(no site)"


@dataclass(slots=True)
class Page:
    id: str
    html: str
    gold_text: str
    gold_comments: str | None = None
    url: str | None = None
    site: str | None = None
    split: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def read_pages(
    path: Path,
    split: str | None = None,
    limit: int | None = None,
    exclude_sites: frozenset[str] | None = None,
) -> Iterator[Page]:
    """Stream the pages of a JSONL file (``.gz`` allowed); ``split`` keeps only the rows whose
    ``split`` (or ``extra.split``) is that one. ``exclude_sites`` leaves out the pages of those
    sites and the pages without a site (they may be of one of them): what is left was never seen
    by a model trained on the pages of ``exclude_sites``. A row without html or gold_text is an
    error."""
    from newsift.input.corpus import _open_text

    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if not str(path).lower().removesuffix(".gz").endswith((".jsonl", ".ndjson")):
        raise InputError(f"{path}: expected a .jsonl or .jsonl.gz file of pages")
    with _open_text(path) as handle:
        count = 0
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{number} is not valid JSON ({err.msg})") from None
            page = _page(row, path, number)
            if split is not None and page.split != split:
                continue
            if exclude_sites is not None and (page.site is None or page.site in exclude_sites):
                continue
            yield page
            count += 1
            if limit is not None and count >= limit:
                return


def sites_of(spec: str) -> frozenset[str]:
    """The sites of the pages of ``FILE[:SPLIT]`` (``dragnet.jsonl.gz:train``)."""
    path, _, split = spec.rpartition(":")
    if not path or "/" in split or "\\" in split:  # no split named: the colon is the path's
        path, split = spec, ""
    return frozenset(
        page.site for page in read_pages(Path(path), split or None) if page.site is not None
    )


def _page(row: Any, path: Path, number: int) -> Page:
    if not isinstance(row, dict):
        raise InputError(f"{path}:{number} is not a JSON object")
    missing = [key for key in ("html", "gold_text") if not isinstance(row.get(key), str)]
    if missing:
        raise InputError(
            f"{path}:{number} has no {' or '.join(missing)} (rows need id, html and gold_text;"
            " gold_comments, url and site are optional)"
        )
    extra = row.get("extra") if isinstance(row.get("extra"), dict) else {}
    return Page(
        id=str(row.get("id", number)),
        html=row["html"],
        gold_text=row["gold_text"],
        gold_comments=row.get("gold_comments"),
        url=row.get("url") or None,
        site=row.get("site") or None,
        split=row.get("split") or extra.get("split"),
        extra=extra,
    )


def words(text: str) -> Counter[str]:
    """The bag of lower-cased words the figures compare."""
    return Counter(_WORD.findall(text.lower()))


def word_scores(output: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``output``'s word bag against ``gold``'s."""
    predicted, expected = words(output), words(gold)
    shared = sum((predicted & expected).values())
    n_predicted, n_expected = sum(predicted.values()), sum(expected.values())
    precision = shared / n_predicted if n_predicted else 0.0
    recall = shared / n_expected if n_expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- Systems: a page in, text out -------------------------------------------------------------


def render_text(html: str) -> str:
    """The page as a scraper or a copy-paste gives it: every visible block in document order on
    its own line, scripts and styles dropped (inscriptis), list bullets left out."""
    try:
        from inscriptis import get_text
    except ImportError:
        raise NewsiftError(
            "--mode text renders pages with inscriptis: pip install 'newsift[eval]'"
        ) from None
    # lxml refuses a str that declares its own encoding; the text is decoded already.
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return ""
    return _BULLET.sub(r"\1", get_text(html))


def newsift_text(page: Page, line_model: Any = "shipped") -> str:
    """The plain-text cleaner on the rendered page."""
    from newsift.clean.cleaner import clean_text
    from newsift.sources.outlets import is_outlet_name

    try:
        return clean_text(render_text(page.html), is_outlet_name, line_model).text
    except NewsiftError:  # nothing visible on the page: an empty output
        return ""


def newsift_html(page: Page, line_model: Any = "shipped") -> str:
    """The HTML path of ``analyze``: trafilatura as ``input/extract.py`` calls it, then the
    plain-text cleaner on its output."""
    from newsift.article import Article
    from newsift.clean.cleaner import clean_text
    from newsift.input.extract import extract_html
    from newsift.sources.outlets import is_outlet_name

    article = Article(raw=page.html, input_kind="html", url=page.url)
    try:
        extract_html(article)
    except NewsiftError:  # no readable text: an empty output
        return ""
    return clean_text(article.source_text, is_outlet_name, line_model).text


def trafilatura_text(page: Page, include_comments: bool = True) -> str:
    """trafilatura alone, its defaults (``include_comments`` aside)."""
    import trafilatura

    return trafilatura.extract(page.html, url=page.url, include_comments=include_comments) or ""


MODES: dict[str, Callable[[Page], str]] = {"html": newsift_html, "text": newsift_text}
BASELINES: dict[str, Callable[[Page], str]] = {
    "trafilatura": trafilatura_text,
    "trafilatura-no-comments": lambda page: trafilatura_text(page, include_comments=False),
}


# --- Scoring ----------------------------------------------------------------------------------


@dataclass(slots=True)
class PageScore:
    id: str
    site: str
    precision: float
    recall: float
    f1: float


def summary(scores: list[PageScore], n_skipped: int = 0) -> dict[str, Any]:
    """Mean precision, recall and F1 over pages, per site, and averaged over sites."""
    by_site: dict[str, list[PageScore]] = defaultdict(list)
    for score in scores:
        by_site[score.site].append(score)
    per_site = {site: _means(rows) for site, rows in sorted(by_site.items())}
    site_mean = {
        key: statistics.fmean(row[key] for row in per_site.values()) if per_site else None
        for key in ("precision", "recall", "f1")
    }
    return {
        **_means(scores),
        "n_sites": len(per_site),
        "n_skipped": n_skipped,
        "site_mean": site_mean,
        "per_site": per_site,
    }


def _means(scores: list[PageScore]) -> dict[str, Any]:
    return {
        "precision": statistics.fmean(s.precision for s in scores) if scores else None,
        "recall": statistics.fmean(s.recall for s in scores) if scores else None,
        "f1": statistics.fmean(s.f1 for s in scores) if scores else None,
        "n_pages": len(scores),
    }


def score_systems(
    pages: Iterable[Page], systems: dict[str, Callable[[Page], str]]
) -> dict[str, dict[str, Any]]:
    """Each system's figures on the same pages (one pass over the pages)."""
    scores: dict[str, list[PageScore]] = {name: [] for name in systems}
    skipped = 0
    for page in pages:
        if not words(page.gold_text):
            skipped += 1
            continue
        site = page.site or UNKNOWN_SITE
        for name, system in systems.items():
            scores[name].append(
                PageScore(page.id, site, *word_scores(system(page), page.gold_text))
            )
    if not any(scores.values()):
        raise InputError("no page with a gold text to score")
    return {name: summary(rows, skipped) for name, rows in scores.items()}


def evaluate(
    pages: Iterable[Page],
    system: Callable[[Page], str],
    baseline: Callable[[Page], str] | None = None,
) -> dict[str, Any]:
    """Score ``system`` (and ``baseline``, on the same pages) against each page's gold text."""
    systems = {"system": system, **({"baseline": baseline} if baseline else {})}
    figures = score_systems(pages, systems)
    result = figures["system"]
    if baseline is not None:
        result["baseline"] = figures["baseline"]
    return result
