"""Every labeled article set in ``../shared/data/articles`` as one JSONL format.

Each reader streams its files and yields records with the same keys (docs/data-format.md):
``id, dataset, subset, kind, text, title, url, site, group, label, label_level,
hyperpartisan, raw_label``. ``label`` is ``reliable`` | ``unreliable`` | ``satire`` | None;
``hyperpartisan`` is true | false | None. All evaluation commands read this format, so anyone
can score newsift on their own labeled data by writing it.

``site`` is the registrable domain when the data gives a URL or domain. Where it does not, a
pseudo-site ``<dataset>:<what>`` (a colon never occurs in a domain) names the group of
articles that may share an outlet, so site-grouped evaluation can never put two articles of
one unknown outlet on both sides of a split. ``group`` is set where a stricter grouping than
the site is needed (AMT rewrites stay with their originals); evaluation also merges groups
whose texts are near-duplicates (see :func:`text_fingerprint`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsift.errors import InputError
from newsift.sources.domains import registrable_domain

LABELS = ("reliable", "unreliable", "satire")
KINDS = ("article", "post", "headline")
ARTICLES = "articles"

#: Publisher-branded link shorteners in FakeNewsNet URLs, mapped to the publisher's domain
#: (these are the outlet's own short domains, so the mapping is a fact, not a guess).
BRANDED_SHORTENERS = {"politi.co": "politico.com", "cnn.it": "cnn.com", "abcn.ws": "go.com"}

#: Outlets the Horne 2017 README names as the sources of its "random" sub-dataset. The
#: articles carry no URL, so we cannot tell which outlet wrote which; evaluation treats all of
#: them as one group together with these domains (``candidate_sites``).
HORNE_RANDOM_OUTLETS = {
    "real": [
        "wsj.com", "economist.com", "bbc.com", "bbc.co.uk", "npr.org", "go.com", "cbsnews.com",
        "usatoday.com", "theguardian.com", "nbcnews.com", "washingtonpost.com",
    ],
    "satire": [
        "theonion.com", "huffingtonpost.com", "newyorker.com", "thebeaverton.com",
        "satirewire.com", "fakingnews.com",
    ],
    "fake": [
        "endingthefed.com", "truepundit.com", "abcnews.com.co", "dcgazette.com",
        "libertywritersnews.com", "beforeitsnews.com", "infowars.com", "realnewsrightnow.com",
    ],
}  # fmt: skip

#: OpenSources tags (FakeNewsCorpus ``type``) to our factuality label. ``bias`` (extreme
#: bias), ``political``, ``clickbait``, ``unreliable`` ("proceed with caution"), ``state``
#: and ``rumor`` describe orientation or style, not whether the site fabricates, so they get
#: no factuality label; ``bias`` and ``political`` mark the site hyperpartisan.
OPENSOURCES_FACTUALITY = {
    "fake": "unreliable",
    "conspiracy": "unreliable",
    "junksci": "unreliable",
    "hate": "unreliable",
    "reliable": "reliable",
    "satire": "satire",
}
OPENSOURCES_HYPERPARTISAN = {"bias", "political"}


def _record(
    dataset: str,
    id: str,
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    site: str | None = None,
    label: str | None = None,
    label_level: str = "article",
    hyperpartisan: bool | None = None,
    raw_label: str | None = None,
    subset: str | None = None,
    kind: str = "article",
    group: str | None = None,
    candidate_sites: list[str] | None = None,
) -> dict[str, Any]:
    if site is None and url:
        site = site_of(url)
    return {
        "id": f"{dataset}:{id}",
        "dataset": dataset,
        "subset": subset,
        "kind": kind,
        "text": text or "",
        "title": (title or "").strip() or None,
        "url": url or None,
        "site": site,
        "group": group,
        "candidate_sites": candidate_sites,
        "label": label,
        "label_level": label_level,
        "hyperpartisan": hyperpartisan,
        "raw_label": raw_label,
    }


def site_of(url_or_domain: str) -> str | None:
    domain = registrable_domain(url_or_domain)
    return BRANDED_SHORTENERS.get(domain, domain) if domain else None


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _csv(path: Path) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


# --- one reader per dataset -------------------------------------------------------------


def read_horne2017(folder: Path) -> Iterator[dict[str, Any]]:
    """BuzzFeed: article-level fact-check labels, outlets unknown -> one pseudo-site.
    Random: labels are the outlet's type (site-level), outlet unknown per article -> one
    pseudo-site plus the README's outlet list as candidate sites."""
    labels = {"fake": "unreliable", "real": "reliable", "satire": "satire"}
    for row in _jsonl(folder / "articles.jsonl"):
        subset = row["dataset"]
        random = subset == "random"
        yield _record(
            f"horne2017_{subset}",
            f"{row['label']}/{row['file']}",
            row.get("body") or "",
            title=row.get("title"),
            site=f"horne2017_{subset}:unknown",
            label=labels[row["label"]],
            label_level="site" if random else "article",
            raw_label=row["label"],
            subset=subset,
            candidate_sites=sorted({d for ds in HORNE_RANDOM_OUTLETS.values() for d in ds})
            if random
            else None,
        )


def read_perezrosas2018(folder: Path) -> Iterator[dict[str, Any]]:
    """AMT: fakes are crowd rewrites of the legit articles; a topic's pairs share one group
    (stricter than pairs: the legit articles of a topic often come from the same outlets).
    Celebrity: legit/fake pairs from unnamed gossip and magazine sites -> one pseudo-site."""
    labels = {"fake": "unreliable", "legit": "reliable"}
    for row in _jsonl(folder / "articles.jsonl"):
        body, title = row.get("body") or "", row.get("title")
        if not body.strip() and title and len(title.split()) > 25:
            # 31 files hold the whole article on their first line, read as the title.
            body, title = title, None
        if row["dataset"] == "fakenewsamt":
            dataset, site, group = (
                "perezrosas2018_amt",
                "perezrosas2018_amt:unknown",
                f"perezrosas2018_amt:{row['domain']}",
            )
        else:
            dataset, site, group = (
                "perezrosas2018_celebrity",
                "perezrosas2018_celebrity:unknown",
                None,
            )
        yield _record(
            dataset,
            row["file"],
            body,
            title=title,
            site=site,
            group=group,
            label=labels[row["label"]],
            raw_label=row["label"],
            subset=row["domain"],
        )


def read_golbeck2018(folder: Path) -> Iterator[dict[str, Any]]:
    """Only the ``final`` articles (283 fake + 203 satire, as in the paper); the ``ditched``
    and ``rejected`` ones were dropped by the authors."""
    labels = {"fake": "unreliable", "satire": "satire"}
    for row in _jsonl(folder / "articles.jsonl"):
        if row.get("status") != "final":
            continue
        url = row.get("url") or None
        yield _record(
            "golbeck2018",
            row["id"],
            row.get("body") or "",
            title=row.get("title"),
            url=url,
            site=None if url and site_of(url) else "golbeck2018:unknown",
            label=labels[row["label"]],
            raw_label=row["label"],
        )


def read_fakenewsnet(folder: Path) -> Iterator[dict[str, Any]]:
    """v1: full text with PolitiFact/BuzzFeed article verdicts. v2: titles and URLs only
    (``kind: headline``)."""
    labels = {"fake": "unreliable", "real": "reliable"}
    v1 = folder / "v1_buzzfeed_politifact_content.jsonl"
    if v1.exists():
        for row in _jsonl(v1):
            url = row.get("url") or row.get("source") or None
            site = site_of(url) if url else None
            if site is None or site in ("goo.gl",):
                site = "fakenewsnet_v1:unknown"
            yield _record(
                "fakenewsnet_v1",
                row["id"],
                row.get("text") or "",
                title=row.get("title"),
                url=url,
                site=site,
                label=labels[row["label"]],
                raw_label=row["label"],
                subset=row["dataset"],
            )
    seen: set[str] = set()
    for path in sorted(folder.glob("v2_*/*.csv")):
        source, raw = path.stem.split("_")
        for row in _csv(path):
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            url = row.get("news_url") or None
            yield _record(
                "fakenewsnet_v2",
                row["id"],
                "",
                title=row.get("title"),
                url=url,
                site=(site_of(url) if url else None) or "fakenewsnet_v2:unknown",
                label=labels[raw],
                raw_label=raw,
                subset=source,
                kind="headline",
            )


def read_coaid(folder: Path) -> Iterator[dict[str, Any]]:
    """News with content only (the claim files are one-sentence claims, not articles).
    Social-media posts are kept as ``kind: post``. CoAID's text is lower-cased by its
    authors; exact duplicate texts (many WebMD/CDC pages recur across releases) are kept once.
    """
    seen: set[str] = set()
    for path in sorted(folder.glob("*/News*COVID-19.csv")):
        raw = "fake" if "Fake" in path.name else "real"
        for row in _csv(path):
            text = (row.get("content") or "").strip()
            if not text:
                continue
            key = hashlib.sha1(text.encode()).hexdigest()
            if key in seen:
                continue
            seen.add(key)
            url = row.get("news_url") or None
            yield _record(
                "coaid",
                f"{path.parent.name}/{path.stem}/{row.get('')}",
                text,
                title=row.get("newstitle") or row.get("title"),
                url=url,
                site=(site_of(url) if url else None) or "coaid:unknown",
                label="unreliable" if raw == "fake" else "reliable",
                raw_label=raw,
                subset=path.parent.name,
                kind="post" if row.get("type") == "post" else "article",
            )


def _opensources_tags(folder: Path) -> dict[str, set[str]]:
    tags: dict[str, set[str]] = {}
    path = folder / "websites.csv"
    if path.exists():
        for row in _csv(path):
            values = {row.get(k, "").strip().lower() for k in ("type", "2nd_type", "3rd_type")}
            tags[site_of(row["url"]) or row["url"]] = values - {""}
    return tags


def read_fakenewscorpus(folder: Path) -> Iterator[dict[str, Any]]:
    """Labels are the site's OpenSources tags (site-level). All of a domain's tags from
    websites.csv count: satire anywhere makes it satire (never fake), otherwise a
    fabrication tag makes it unreliable; bias/political tags make it hyperpartisan."""
    tags = _opensources_tags(folder)
    for row in _csv(folder / "news_sample.csv"):
        site = site_of(row.get("domain") or row.get("url") or "") or "fakenewscorpus:unknown"
        site_tags = tags.get(site, set()) | {(row.get("type") or "").strip().lower()} - {""}
        factual = {OPENSOURCES_FACTUALITY[t] for t in site_tags if t in OPENSOURCES_FACTUALITY}
        label = (
            "satire"
            if "satire" in factual
            else "unreliable"
            if "unreliable" in factual
            else "reliable"
            if factual == {"reliable"}
            else None
        )
        partisan: bool | None = None
        if site_tags & OPENSOURCES_HYPERPARTISAN:
            partisan = True
        elif site_tags == {"reliable"}:
            partisan = False
        yield _record(
            "fakenewscorpus_sample",
            row["id"],
            row.get("content") or "",
            title=row.get("title"),
            url=row.get("url") or None,
            site=site,
            label=label,
            label_level="site",
            hyperpartisan=partisan,
            raw_label=",".join(sorted(site_tags)) or None,
        )


def read_semeval2019(folder: Path) -> Iterator[dict[str, Any]]:
    for row in _jsonl(folder / "articles_training_byarticle.jsonl"):
        url = row.get("url") or None
        site = site_of(row.get("domain") or url or "") or "semeval2019:unknown"
        yield _record(
            "semeval2019_hyperpartisan",
            row["id"],
            row.get("text") or "",
            title=row.get("title"),
            url=url,
            site=site,
            hyperpartisan=str(row.get("hyperpartisan")).lower() == "true",
            raw_label=f"hyperpartisan={row.get('hyperpartisan')}",
        )


def read_sarcasm_headlines(folder: Path) -> Iterator[dict[str, Any]]:
    """The Onion (satire) vs HuffPost headlines, lower-cased by the authors: title only."""
    for index, row in enumerate(_csv(folder / "sarcasm_headlines_v1.csv")):
        sarcastic = row.get("is_sarcastic") == "1"
        yield _record(
            "sarcasm_headlines",
            str(index),
            "",
            title=row.get("headline"),
            site=site_of(row.get("implied_source") or "") or "sarcasm_headlines:unknown",
            label="satire" if sarcastic else "reliable",
            label_level="site",
            raw_label=row.get("is_sarcastic"),
            kind="headline",
        )


#: Site names that the natalie-h satire/news scrape leaves in its texts ("(CNN)", "(The
#: Borowitz Report)", "(TheSkunk.org)"): masked, or a model learns the outlet's name.
_SITE_NAME_IN_PARENS = re.compile(
    r"\s*\((?:CNN|CNN Money|CNN Business|The Borowitz Report|Borowitz Report|The Onion|"
    r"ClickHole|The Daily Mash|The Beaverton|Babylon Bee|The Babylon Bee|Islamica News|"
    r"Make America The Best|Fox News|FoxNews|The New York Times|NYT|[A-Za-z]+\.(?:com|org|net))\)",
)


def mask_site_names(text: str, names: Iterable[str] = ()) -> str:
    """Drop parenthesised outlet names ("(CNN)") and the article's own outlet name in
    parentheses; the rest of the text is kept as it is."""
    text = _SITE_NAME_IN_PARENS.sub("", text)
    for name in names:
        if name:
            text = text.replace(f"({name})", "")
    return text.lstrip()


def read_natalieh2018(folder: Path) -> Iterator[dict[str, Any]]:
    """Satire of 8 satire sites vs CNN, NYT and Fox (natalie-h capstone, 2018): the site of
    every article is known; the label is the site's kind (site-level). Outlet names in
    parentheses are masked."""
    for row in _jsonl(folder / "articles.jsonl"):
        url = row.get("url") or None
        site = (site_of(url) if url else None) or site_of(row.get("site") or "")
        yield _record(
            "natalieh2018_multisite",
            row["id"],
            mask_site_names(row.get("text") or "", [row.get("site_name") or ""]),
            title=row.get("title"),
            url=url,
            site=site or "natalieh2018_multisite:unknown",
            label=row["label"],
            label_level="site",
            raw_label=row["label"],
        )


def read_rubin2016(folder: Path) -> Iterator[dict[str, Any]]:
    """S-n-L News DB (The Onion, The Beaverton vs NYT, Toronto Star) plus LiT.RL's extra
    articles. No article records its site, so all of them share one pseudo-site, joined with
    the four candidate outlets (conservative: no outlet can be on both sides of a split)."""
    candidates = ["theonion.com", "thebeaverton.com", "nytimes.com", "thestar.com"]
    for row in _jsonl(folder / "articles.jsonl"):
        yield _record(
            "rubin2016_snl_litrl",
            row["id"],
            row.get("text") or "",
            title=row.get("title") or None,
            site="rubin2016_snl_litrl:unknown",
            label=row["label"],
            label_level="site",
            raw_label=row["label"],
            subset=row.get("subset"),
            candidate_sites=candidates,
        )


#: The Spoof is one site: a fixed sample of its articles (every k-th by position, so it
#: spreads over the year and its sections), on top of the weight cap in training.
THESPOOF_MAX = 600


def read_thespoof2021(folder: Path) -> Iterator[dict[str, Any]]:
    """One satire site (thespoof.com, user-written): satire only. At most ``THESPOOF_MAX``
    articles, evenly spaced through the file; training also caps its weight."""
    rows = list(_jsonl(folder / "articles.jsonl"))
    step = max(1, math.ceil(len(rows) / THESPOOF_MAX))
    for row in rows[::step]:
        url = row.get("url") or None
        yield _record(
            "thespoof2021",
            row["id"],
            row.get("text") or "",
            title=row.get("title"),
            url=url,
            site="thespoof.com",
            label="satire",
            label_level="site",
            raw_label=row.get("label"),
        )


READERS = {
    "horne2017_fakenewsdata1": read_horne2017,
    "perezrosas2018_fakenews_amt_celebrity": read_perezrosas2018,
    "golbeck2018_fake_vs_satire": read_golbeck2018,
    "fakenewsnet": read_fakenewsnet,
    "coaid": read_coaid,
    "fakenewscorpus_sample": read_fakenewscorpus,
    "semeval2019_hyperpartisan_byarticle": read_semeval2019,
    "sarcasm_headlines": read_sarcasm_headlines,
    "satire_multisite_natalieh2018": read_natalieh2018,
    "rubin2016_snl_litrl": read_rubin2016,
    "thespoof2021_darbycobb": read_thespoof2021,
}


def iter_labeled(data_dir: Path | str) -> Iterator[dict[str, Any]]:
    """Every record of every known dataset under ``data_dir`` (``.../data`` or its
    ``articles`` folder). Unknown folders are skipped with a note on stderr."""
    root = Path(data_dir)
    articles = root / ARTICLES if (root / ARTICLES).is_dir() else root
    if not articles.is_dir():
        raise InputError(f"no such data folder: {articles}")
    found = False
    for folder in sorted(p for p in articles.iterdir() if p.is_dir()):
        reader = READERS.get(folder.name)
        if reader is None:
            print(f"newsift: skipping unknown dataset folder {folder.name}", file=sys.stderr)
            continue
        found = True
        try:
            yield from reader(folder)
        except (OSError, KeyError, ValueError, csv.Error) as err:
            raise InputError(f"cannot read {folder}: {type(err).__name__}: {err}") from None
    if not found:
        raise InputError(f"no known labeled article sets in {articles}")


def prepare(data_dir: Path | str, out: Path | str) -> dict[str, dict[str, int]]:
    """Write every record to ``out`` (JSONL), streaming; return counts per dataset/label."""
    counts: dict[str, dict[str, int]] = {}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for record in iter_labeled(data_dir):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            per = counts.setdefault(record["dataset"], {})
            key = f"{record['kind']}/{record['label']}"
            if record["hyperpartisan"] is not None:
                key += f"/hyperpartisan={str(record['hyperpartisan']).lower()}"
            per[key] = per.get(key, 0) + 1
    tmp.replace(out)
    return counts


# --- reading the prepared format ---------------------------------------------------------

REQUIRED = ("text",)


def read_prepared(path: Path | str) -> Iterator[dict[str, Any]]:
    """Stream records of a prepared JSONL file, filling optional keys and checking values.

    Only ``text`` (or ``title`` for headlines) and one of ``label``/``hyperpartisan`` are
    required, so a user's own labeled data needs little more than text and label.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    with path.open("rb") as raw:
        stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
        try:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                yield _checked(line, number, path)
        except UnicodeDecodeError:
            raise InputError(f"{path} is not UTF-8 text") from None


def _checked(line: str, number: int, path: Path) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}:{number}: not valid JSON ({err.msg})") from None
    if not isinstance(record, dict):
        raise InputError(f"{path}:{number}: each line must be a JSON object")
    text, title = record.get("text"), record.get("title")
    if not isinstance(text, str) and not isinstance(title, str):
        raise InputError(f"{path}:{number}: a record needs a 'text' (or a 'title') string")
    label = record.get("label")
    if label is not None and label not in LABELS:
        raise InputError(f"{path}:{number}: label must be one of {LABELS} or null, not {label!r}")
    partisan = record.get("hyperpartisan")
    if partisan is not None and not isinstance(partisan, bool):
        raise InputError(f"{path}:{number}: hyperpartisan must be true, false or null")
    record.setdefault("id", f"{path.name}:{number}")
    record.setdefault("label", None)
    record.setdefault("hyperpartisan", None)
    record.setdefault("dataset", path.stem)
    record["text"] = text if isinstance(text, str) else ""
    record.setdefault("title", None)
    record.setdefault("url", None)
    if not record.get("site") and record.get("url"):
        record["site"] = site_of(record["url"])
    record.setdefault("site", None)
    record.setdefault("group", None)
    record.setdefault("candidate_sites", None)
    record.setdefault("kind", "article" if record["text"].strip() else "headline")
    record.setdefault("label_level", "article")
    record.setdefault("subset", None)
    return record


_FINGERPRINT_WORDS = re.compile(r"[a-z0-9]+")


def text_fingerprint(text: str, words: int = 40) -> str | None:
    """The same article republished (other site, other dataset, other case) gets one key:
    the first ``words`` lower-cased alphanumeric words of the text."""
    tokens = _FINGERPRINT_WORDS.findall(text.lower())
    if len(tokens) < 12:
        return None
    return hashlib.sha1(" ".join(tokens[:words]).encode()).hexdigest()
