"""Every rater list in ``../shared/data/sources``: where it comes from, its license, and a reader.

A reader turns one list's files into :class:`RawRow` s (the site as the list wrote it, the raw
label as ``"; "``-joined tokens, the outlet's name when the list has one, and the origin when a
row's judgement comes from someone other than the list's author). Labels are mapped to the
taxonomy in :mod:`newsift.sources.taxonomy`, never here.

``origin`` is who actually made the judgement: MBFC feeds Baly's corpora, most of Idiap's
ground truth and the yang3kc scrape; hearvox's ``opensources-2017-04`` is a copy of
OpenSources. Consensus counts each origin once.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsift.sources import taxonomy
from newsift.sources.taxonomy import LabelMap

HEARVOX = "https://github.com/hearvox/unreliable-news"
HEARVOX_VERSION = "hearvox/unreliable-news@c35264e7"


@dataclass(frozen=True)
class RawRow:
    site: str  # a domain, host or URL as the list wrote it
    raw_label: str
    name: str = ""
    origin: str = ""  # empty: the rater's own origin


@dataclass(frozen=True)
class Rater:
    id: str
    title: str
    origin: str
    date: str  # when the list's judgements were made or last updated (ISO, partial)
    version: str  # repository@commit of the copy we read
    license: str
    repository: str
    path: str  # under the data directory (../shared/data)
    labels: LabelMap
    reader: Callable[[Path], Iterator[RawRow]]
    #: Redistributable inside the package, and under which shipped file (one per license).
    ship_as: str | None = None
    #: Whether every entry is a news outlet, so its names may type outlet mentions in text.
    outlet_names: bool = True
    note: str = ""


def _csv_rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    # newline="" lets csv handle the lists saved with bare CR line endings.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=delimiter):
            yield {(k or "").strip(): (v or "").strip() for k, v in row.items()}


def _tokens(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _section(url: str) -> str:
    """The path of a URL that rates a section rather than a whole site ("" for a home page)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I).split("#")[0].split("?")[0]
    path = re.sub(r"/(?:index\.\w+|home\.html|main_page)?$", "", path, flags=re.I).rstrip("/")
    if re.fullmatch(r"/(?:[a-z]{2}(?:-[a-z]{2})?|english|news|home|h)?", path, flags=re.I):
        return ""
    return path


_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


def _clean_name(name: str) -> str:
    """'Sputnik (news agency)' -> 'Sputnik'; HTML entities and qualifiers dropped."""
    import html

    name = _PARENTHETICAL.sub("", html.unescape(html.unescape(name))).strip()
    return re.sub(r"\s+", " ", name)


# --- readers ---------------------------------------------------------------------------------


def read_opensources(path: Path) -> Iterator[RawRow]:
    """``sources.json``: the repository's own de-duplicated form of ``sources.csv``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for site, row in data.items():
        tags = [row.get(k, "") for k in ("type", "2nd type", "3rd type")]
        yield RawRow(site, _tokens(*(t.strip() for t in tags)))


def read_opensources_csv(path: Path) -> Iterator[RawRow]:
    for row in _csv_rows(path):
        tags = [row.get(k, "") for k in ("type", "2nd type", "3rd type")]
        if row.get("domain"):
            yield RawRow(row["domain"], _tokens(*tags))


def read_baly(path: Path) -> Iterator[RawRow]:
    for row in _csv_rows(path, "\t"):
        section = _section(row["source_url"])
        label = _tokens(
            f"fact={row['fact']}", f"bias={row['bias']}", f"section={section}" if section else ""
        )
        yield RawRow(row["source_url"], label)


def read_idiap(path: Path) -> Iterator[RawRow]:
    origins = {"mbfc": "mbfc", "wikipedia": "wikipedia-rsp", "newsguard": "newsguard"}
    for row in _csv_rows(path):
        yield RawRow(
            row["domain"],
            f"reliability={row['reliability_label']}",
            origin=origins.get(row["label_source"], "idiap"),
        )


def read_mbfc_scrape(path: Path) -> Iterator[RawRow]:
    for row in _csv_rows(path):
        site = row.get("domain") or row.get("source", "")
        if not site:
            continue
        section = _section(row.get("source", ""))
        label = _tokens(
            f"factual={row['factual_reporting'] or 'not rated'}",
            f"bias={row['bias_rating']}" if row.get("bias_rating") else "",
            f"category={row['leaning']}" if row.get("leaning") else "",
            f"credibility={row['credibility_rating']}" if row.get("credibility_rating") else "",
            f"section={section}" if section else "",
        )
        yield RawRow(site, label, name=_clean_name(row.get("page", "")))


_RSP_STATUS = {
    "gr": "generally reliable",
    "nc": "no consensus",
    "gu": "generally unreliable",
    "d": "deprecated",
    "b": "blacklisted",
    "m": "multiple",
}


def _one_row_per_site(rows: list[tuple[str, str, str]]) -> Iterator[RawRow]:
    """RSP rows (site, status, name) -> one row per site with all its statuses.

    A source rated per topic or period ("Anadolu Agency" general vs controversial topics)
    keeps all its statuses; a site shared by differently named sources (pressreader.com
    hosts the Daily Mail and the Daily Express) rates none of them and is dropped.
    """
    statuses: dict[str, list[str]] = {}
    names: dict[str, set[str]] = {}
    for site, status, name in rows:
        key = site.lower().removeprefix("www.")
        statuses.setdefault(key, [])
        if status not in statuses[key]:
            statuses[key].append(status)
        names.setdefault(key, set()).add(name)
    for site, labels in statuses.items():
        if len(names[site]) == 1:
            yield RawRow(site, _tokens(*labels), name=next(iter(names[site])))


def read_rsp_2026(path: Path) -> Iterator[RawRow]:
    rows = []
    for row in _csv_rows(path):
        status = _RSP_STATUS.get(row["status"], row["status"])
        for site in filter(None, (d.strip() for d in row["domains"].split(";"))):
            rows.append((site, status, _clean_name(row["name"])))
    return _one_row_per_site(rows)


#: Hosts that the 2021 parse took from infoboxes and external-link sections but that are not
#: the source's own site (reference databases, wikis, platforms).
_RSP_2021_NOT_OWN_SITE = frozenset(
    {
        "wikipedia.org", "wikidata.org", "wikisource.org", "wiktionary.org", "toolforge.org",
        "wikimedia.org", "nasdaq.com", "loc.gov", "jstor.org", "nih.gov", "scopus.com",
        "issn.org", "youtube.com", "facebook.com", "twitter.com", "instagram.com", "google.com",
        "archive.org", "fubo.tv", "ams.org", "cas.org", "ub.edu", "psu.edu", "washington.edu",
        "github.io", "linkedin.com",
    }
)  # fmt: skip


def _home_page(url: str) -> bool:
    """``www.afp.com/en`` is a site; ``www.nasdaq.com/symbol/amzn`` or ``x.com/a.pdf`` is not."""
    _, _, path = url.partition("/")
    path = path.strip("/")
    return "?" not in url and (not path or (re.fullmatch(r"[\w-]+", path) is not None))


def read_rsp_2021(path: Path) -> Iterator[RawRow]:
    """Kudusch's 2021 parse: statuses and URLs are JSON lists; URLs need filtering."""
    from newsift.sources.domains import registrable_domain

    rows = []
    for row in _csv_rows(path):
        statuses = [s for s in json.loads(row["status"] or "[]") if not s.startswith("Wikipedia:")]
        sites = []
        for url in json.loads(row["urls"] or "[]"):
            domain = registrable_domain(url) if _home_page(url) else None
            if domain and domain not in _RSP_2021_NOT_OWN_SITE:
                sites.append(url.split("/", 1)[0])
        for site in dict.fromkeys(sites):
            for status in statuses:
                rows.append((site, status.lower(), _clean_name(row["name"])))
    return _one_row_per_site(rows)


def _listed(name_field: str = "") -> Callable[[Path], Iterator[RawRow]]:
    def read(path: Path) -> Iterator[RawRow]:
        delimiter = "\t" if path.suffix == ".tsv" else ","
        for row in _csv_rows(path, delimiter):
            if row.get("domain"):
                yield RawRow(row["domain"], "listed", name=_clean_name(row.get(name_field, "")))

    return read


def read_buzzfeed(path: Path) -> Iterator[RawRow]:
    for row in _csv_rows(path):
        network = row.get("network", "")
        yield RawRow(row["domain"], _tokens("listed", f"network={network}" if network else ""))


def _category(field: str, name_field: str = "") -> Callable[[Path], Iterator[RawRow]]:
    def read(path: Path) -> Iterator[RawRow]:
        for row in _csv_rows(path):
            if row.get("domain"):
                yield RawRow(row["domain"], row[field], name=_clean_name(row.get(name_field, "")))

    return read


_ISITFAKE_ORIGINS = {
    "wikipedia": "wikipedia-fake-news-list",
    "snopes.com": "snopes",
    "buzzfeed": "buzzfeed",
    "cbs news": "cbs-news",
}


def read_is_it_fake_news(path: Path) -> Iterator[RawRow]:
    """Is It Fake News? aggregated other lists; its ``source`` column names the origin."""
    for row in _csv_rows(path):
        origin = _ISITFAKE_ORIGINS.get(row.get("source", "").lower(), "is-it-fake-news")
        yield RawRow(row["domain"], row["category"], _clean_name(row.get("name", "")), origin)


def read_junk_news(path: Path) -> Iterator[RawRow]:
    for row in _csv_rows(path):
        criteria = [row.get(f"criteria-{i}", "").strip() for i in range(1, 5)]
        yield RawRow(row["domain"], _tokens("junk news", *criteria))


# --- the registry of raters ------------------------------------------------------------------

_HV = "sources/unreliable_news_lists_hearvox/"


def _hearvox(
    id: str, title: str, origin: str, date: str, file: str, labels: LabelMap, reader, note=""
) -> Rater:
    return Rater(
        id=id,
        title=title,
        origin=origin,
        date=date,
        version=HEARVOX_VERSION,
        license="GPL-3.0",
        repository=HEARVOX,
        path=_HV + file,
        labels=labels,
        reader=reader,
        ship_as="hearvox",
        note=note,
    )


RATERS: tuple[Rater, ...] = (
    Rater(
        id="opensources",
        title="OpenSources",
        origin="opensources",
        date="2017-04",
        version="BigMcLargeHuge/opensources@77dad6d7",
        license="LGPL-3.0",
        repository="https://github.com/BigMcLargeHuge/opensources",
        path="sources/opensources/sources.json",
        labels=taxonomy.OPENSOURCES,
        reader=read_opensources,
        ship_as="opensources",
    ),
    Rater(
        id="idiap",
        title="Idiap news media reliability ground truth (Burdisso et al., NAACL 2024)",
        origin="idiap",
        date="2024",
        version="idiap/News-Media-Reliability@c3f50254",
        license="Apache-2.0",
        repository="https://github.com/idiap/News-Media-Reliability",
        path="sources/idiap_news_media_reliability/data/golden_truth/golden_truth_dataset.csv",
        labels=taxonomy.IDIAP,
        reader=read_idiap,
        ship_as="idiap",
        outlet_names=False,
        note="each row's label_source (mbfc, wikipedia, newsguard, manual) is its origin",
    ),
    Rater(
        id="wikipedia-rsp-2026",
        title="Wikipedia: Reliable sources/Perennial sources (2026 parse)",
        origin="wikipedia-rsp",
        date="2026",
        version="audiodude/wiki-reliable-sources-parser@ae050a6c",
        license="CC-BY-SA-4.0",
        repository="https://github.com/audiodude/wiki-reliable-sources-parser",
        path="sources/wikipedia_perennial_sources/rsp_2026_domains.csv",
        labels=taxonomy.WIKIPEDIA_RSP,
        reader=read_rsp_2026,
        ship_as="wikipedia_rsp",
        outlet_names=False,  # also rates books, platforms, people
    ),
    Rater(
        id="wikipedia-rsp-2021",
        title="Wikipedia: Reliable sources/Perennial sources (2021-03-17 parse)",
        origin="wikipedia-rsp",
        date="2021-03-17",
        version="Kudusch@1a7c0c2d",
        license="CC-BY-SA-3.0",
        repository="https://github.com/Kudusch",
        path="sources/wikipedia_perennial_sources/rsp_kudusch_2021_perennial-sources.csv",
        labels=taxonomy.WIKIPEDIA_RSP,
        reader=read_rsp_2021,
        ship_as="wikipedia_rsp",
        outlet_names=False,
        note="site URLs scraped from infoboxes; reference and platform hosts dropped",
    ),
    Rater(
        id="mbfc-yang3kc",
        title="Media Bias/Fact Check, scraped by yang3kc/list_of_news_domains",
        origin="mbfc",
        date="2025-03",
        version="yang3kc/list_of_news_domains@6704146b",
        license="MBFC terms: research use only, not redistributable",
        repository="https://github.com/yang3kc/list_of_news_domains",
        path="sources/mbfc_yang3kc/mbfc_ratings.csv",
        labels=taxonomy.MBFC,
        reader=read_mbfc_scrape,
    ),
    Rater(
        id="baly-emnlp18",
        title="Baly et al. EMNLP 2018 corpus (MBFC labels)",
        origin="mbfc",
        date="2018-08",
        version="ramybaly/News-Media-Reliability@28ab9b41",
        license="no license stated; labels from MBFC",
        repository="https://github.com/ramybaly/News-Media-Reliability",
        path="sources/baly_mbfc/emnlp18/corpus.tsv",
        labels=taxonomy.BALY,
        reader=read_baly,
    ),
    Rater(
        id="baly-acl2020",
        title="Baly et al. ACL 2020 corpus (MBFC labels)",
        origin="mbfc",
        date="2020",
        version="ramybaly/News-Media-Reliability@28ab9b41",
        license="no license stated; labels from MBFC",
        repository="https://github.com/ramybaly/News-Media-Reliability",
        path="sources/baly_mbfc/acl2020/corpus.tsv",
        labels=taxonomy.BALY,
        reader=read_baly,
    ),
    _hearvox(
        "opensources-2017-04",
        "OpenSources (hearvox copy, 2017-04)",
        "opensources",
        "2017-04",
        "opensources-2017-04.csv",
        taxonomy.OPENSOURCES,
        read_opensources_csv,
        note="a copy of OpenSources: counted once with it",
    ),
    _hearvox(
        "buzzfeed-2018",
        "BuzzFeed News top fake news sites 2016-2018",
        "buzzfeed",
        "2018-12",
        "buzzfeed-2018-12.csv",
        taxonomy.BUZZFEED,
        read_buzzfeed,
    ),
    _hearvox(
        "factcheck-org-2018",
        "FactCheck.org misinformation directory",
        "factcheck.org",
        "2018-11",
        "factcheck-org-2018.csv",
        taxonomy.FACTCHECK_ORG,
        _listed("name"),
    ),
    _hearvox(
        "fake-news-codex-2018",
        "The Fake News Codex",
        "fake-news-codex",
        "2018-06",
        "fake-news-codex-2018-06.csv",
        taxonomy.FAKE_NEWS_CODEX,
        _category("type", "name"),
    ),
    _hearvox(
        "fake-news-watch-2016",
        "Fake News Watch",
        "fake-news-watch",
        "2016-01",
        "fake-news-watch-2016-01.csv",
        taxonomy.FAKE_NEWS_WATCH,
        _category("category"),
    ),
    _hearvox(
        "is-it-fake-news-2018",
        "Is It Fake News?",
        "is-it-fake-news",
        "2018-11",
        "is-it-fake-news-2018-11.csv",
        taxonomy.IS_IT_FAKE_NEWS,
        read_is_it_fake_news,
        note="aggregates other lists; a row's source column is its origin",
    ),
    _hearvox(
        "junk-news-aggregator-2018",
        "Oxford Internet Institute Junk News Aggregator",
        "oii-junk-news",
        "2018-01",
        "junk-news-aggregator-2018-01.csv",
        taxonomy.JUNK_NEWS,
        read_junk_news,
    ),
    _hearvox(
        "politifact-2017",
        "PolitiFact's fake news almanac",
        "politifact",
        "2017-11",
        "politifact-2017-11.csv",
        taxonomy.POLITIFACT,
        _category("type_of_site"),
    ),
    _hearvox(
        "snopes-2017",
        "Snopes' field guide to fake news sites",
        "snopes",
        "2017-12",
        "snopes-2017-12.csv",
        taxonomy.LISTED_FAKE,
        _listed(),
    ),
    _hearvox(
        "wikipedia-fake-news-list-2018",
        "Wikipedia: List of fake news websites",
        "wikipedia-fake-news-list",
        "2018-11",
        "wikipedia-2018-11.tsv",
        taxonomy.LISTED_FAKE,
        _listed("name"),
    ),
)

RATERS_BY_ID = {r.id: r for r in RATERS}

#: The license each shipped file is distributed under (see DATA-LICENSES.md). The RSP file
#: mixes the 2021 parse (CC BY-SA 3.0) and the 2026 one (CC BY-SA 4.0); BY-SA 3.0 lets an
#: adaptation be licensed under a later version with the same elements (section 4(b)).
SHIPPED_FILES = {
    "opensources": "LGPL-3.0",
    "hearvox": "GPL-3.0",
    "wikipedia_rsp": "CC-BY-SA-4.0",
    "idiap": "Apache-2.0",
}

#: Files of ../shared/data/sources that are inputs of a rater above rather than raters of
#: their own (reported by `newsift sources report`, so nothing is silently skipped).
NOT_RATERS = {
    "sources/idiap_news_media_reliability/CC-NEWS/ALL/08/graph/en/reliability_scores.json": (
        "scores estimated by Idiap's graph model, not ratings; its ground_truth field repeats "
        "golden_truth_dataset.csv"
    ),
    "sources/idiap_news_media_reliability/data/golden_truth/mbfc/mbfc.csv": (
        "Idiap's MBFC scrape, an input of golden_truth_dataset.csv (MBFC data, not shipped)"
    ),
    "sources/idiap_news_media_reliability/data/golden_truth/nela-gt": (
        "NELA-GT 2018 labels (NewsGuard, MBFC, OpenSources, ...), inputs of the ground truth"
    ),
    "sources/idiap_news_media_reliability/data/golden_truth/wikipedia_perennial_sources": (
        "Idiap's RSP parse, an input of the ground truth (origin wikipedia-rsp)"
    ),
    "sources/idiap_news_media_reliability/data/golden_truth/unreliable_news_sources.txt": (
        "the ground truth's 'manual' rows (origin idiap)"
    ),
    "sources/idiap_news_media_reliability/data/golden_truth/evaluation_ranking.csv": (
        "NewsGuard scores used for ranking evaluation (proprietary scores, not used)"
    ),
    "sources/wikipedia_perennial_sources/rsp_audiodude_2026_sources.jsonl": (
        "the full 2026 parse; rsp_2026_domains.csv is its domain table"
    ),
    "sources/opensources/sources.csv": "the same list as sources.json, with duplicate rows",
}
