"""Prepared articles to feature rows: each through the same pipeline as at analysis time (every
default component before ``credibility``), its style features and cleaned text cached per input
file, and grouped by site so no outlet is on both sides of a split."""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsift.errors import InputError
from newsift.scores.style import FEATURE_NAMES, extract, is_case_flattened
from newsift.scores.training.datasets import read_prepared, text_fingerprint
from newsift.settings import DEFAULT_COMPONENTS

#: Part of the feature cache key: bump it when a pipeline change alters what the features
#: read (2: sentences no longer end inside a dateline).
FEATURE_VERSION = "2"

#: Modules whose features are computed from a cached row's text, not cached themselves.
POST_CACHE = {"scores/genre.py"}


@dataclass
class Row:
    id: str
    dataset: str
    kind: str
    site: str
    group: str | None
    candidate_sites: list[str] | None
    label: str | None
    hyperpartisan: bool | None
    label_level: str
    title: str | None
    text: str  # the cleaned text (articles) or the headline (headlines)
    values: list[float] = field(default_factory=list)
    words: int = 0
    flattened: bool = False
    fingerprint: str | None = None
    key: str = ""

    def target(self, name: str) -> int | None:
        if self.kind != "article":
            return None
        if name == "unreliable":
            return {"reliable": 0, "unreliable": 1}.get(self.label or "")
        if name == "satire":
            return None if self.label is None else int(self.label == "satire")
        if name == "hyperpartisan":
            return None if self.hyperpartisan is None else int(self.hyperpartisan)
        raise KeyError(name)


def analysis_components() -> list[str]:
    """The default pipeline up to the scoring step, less what the scores do not read: the source
    prior, the matches in the user's own fact-check store, and propaganda spans (not used by
    the scores until they improve them on site-disjoint folds)."""
    names = []
    for name in DEFAULT_COMPONENTS:
        if name == "credibility":
            break
        if name not in ("source_reputation", "factchecks", "propaganda"):
            names.append(name)
    return names


def cache_dir() -> Path:
    return Path(os.environ.get("NEWSIFT_CACHE", Path.home() / ".cache" / "newsift"))


def _pipeline_key(components: list[str]) -> str:
    return hashlib.sha1(
        json.dumps([FEATURE_VERSION, components, FEATURE_NAMES, _analysis_digest()]).encode()
    ).hexdigest()[:16]


def _analysis_digest() -> str:
    """A digest of the code and models the features come from (everything in the package but
    the credibility scores themselves), so a changed cleaner rule or a retrained line
    classifier recomputes the cached features instead of training on stale ones."""
    package = Path(__file__).resolve().parents[2]
    digest = hashlib.sha1()
    files = sorted(package.rglob("*.py")) + sorted(
        p for p in (package / "models").rglob("*") if p.is_file()
    )
    for path in files:
        relative = path.relative_to(package)
        if "credibility" in path.name or "credibility" in path.parent.name:
            continue
        # The faces (command line, service, rendering, the report's schema) and prose do not
        # change a feature.
        if relative.parts[0] in ("cli", "web", "views", "report.py"):
            continue
        # Training code reads the cached rows, and the genre cues are computed from a cached
        # row's cleaned text after the cache (bump FEATURE_VERSION when ``_featurize`` changes).
        if relative.parts[:2] == ("scores", "training") or relative.as_posix() in POST_CACHE:
            continue
        if path.suffix in (".pyc", ".md"):
            continue
        digest.update(relative.as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def record_key(record: dict[str, Any]) -> str:
    """What a record's features depend on: its text, title, URL, kind and labels."""
    keep = ("id", "dataset", "kind", "text", "title", "url", "site", "group", "candidate_sites")
    labels = ("label", "label_level", "hyperpartisan")
    data = json.dumps([[record.get(k) for k in keep], [record.get(k) for k in labels]])
    return hashlib.sha1(data.encode()).hexdigest()


def load_rows(path: Path | str, *, use_cache: bool = True, progress: bool = True) -> list[Row]:
    """Featurise every record of a prepared file. Features are cached per record (by its
    content and the pipeline), so a changed dataset recomputes only its changed rows."""
    path = Path(path)
    components = analysis_components()
    cached_path = cache_dir() / f"credibility-features-{_pipeline_key(components)}.jsonl.gz"
    cached: dict[str, Row] = {}
    if use_cache and cached_path.exists():
        with gzip.open(cached_path, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = Row(**json.loads(line))
                cached[row.key] = row
    records = list(_keyed(read_prepared(path)))
    missing = [r for r in records if r["_key"] not in cached]
    fresh = {row.key: row for row in _featurize(missing, components, progress)} if missing else {}
    rows = [cached.get(r["_key"]) or fresh.get(r["_key"]) for r in records]
    rows = [row for row in rows if row is not None]
    if not rows:
        raise InputError(f"{path} has no usable records")
    if use_cache and fresh:
        cached.update(fresh)
        cached_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached_path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as handle:
            for row in cached.values():
                handle.write(json.dumps(row.__dict__) + "\n")
        tmp.replace(cached_path)
    return rows


def _keyed(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for record in records:
        record["_key"] = record_key(record)
        yield record


def _featurize(records: Iterable[dict[str, Any]], components: list[str], progress: bool):
    from newsift.errors import NewsiftError
    from newsift.input.ingest import article_from_text
    from newsift.pipeline import Pipeline

    pipeline = Pipeline.from_names(components)
    pending: list[tuple[dict[str, Any], Any]] = []
    done = 0

    def flush() -> Iterator[Row]:
        nonlocal done
        articles = [a for _, a in pending]
        for (record, _), article in zip(
            pending, pipeline.pipe(articles, batch_size=64), strict=True
        ):
            done += 1
            if "error" in article.meta or article.meta.get("unsupported_language"):
                continue
            if not article.text.strip() or article.doc is None:
                continue
            style = extract(article)
            yield _row(record, article.text, article.title, style.values, style.words)
            article.doc = None
        if progress:
            print(f"\rfeaturised {done} records", end="", file=sys.stderr, flush=True)
        pending.clear()

    for record in records:
        if record["kind"] == "headline" or not record["text"].strip():
            if record.get("title"):
                yield _row(record, record["title"], record["title"], [], 0)
            continue
        try:
            article = article_from_text(
                record["text"], url=record.get("url"), title=record.get("title"), kind="text"
            )
        except NewsiftError:
            continue
        pending.append((record, article))
        if len(pending) >= 256:
            yield from flush()
    if pending:
        yield from flush()
    if progress:
        print(file=sys.stderr)


def _row(record, text, title, values, words) -> Row:
    values = values if isinstance(values, list) else [values[n] for n in FEATURE_NAMES]
    return Row(
        id=str(record["id"]),
        dataset=str(record.get("dataset") or ""),
        kind=(record.get("kind") or "article") if values else "headline",
        site=record.get("site") or f"id:{record['id']}",
        group=record.get("group"),
        candidate_sites=record.get("candidate_sites"),
        label=record.get("label"),
        hyperpartisan=record.get("hyperpartisan"),
        label_level=record.get("label_level") or "article",
        title=title,
        text=text,
        values=[None if isinstance(v, float) and math.isnan(v) else v for v in values],
        words=words,
        flattened=is_case_flattened(text) if record.get("kind") != "headline" else False,
        fingerprint=text_fingerprint(record.get("text") or "")
        if record.get("kind") != "headline"
        else None,
        key=record.get("_key", ""),
    )


def site_groups(rows: list[Row]) -> list[str]:
    """One group id per row: sites united when rows share a text or a candidate site."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for row in rows:
        key = f"site:{row.site}"
        find(key)
        if row.group:
            union(key, f"group:{row.group}")
        for candidate in row.candidate_sites or []:
            union(key, f"site:{candidate}")
        if row.fingerprint:
            union(key, f"text:{row.fingerprint}")
    # AMT topics are stricter than the pseudo-site: a row's group, when given, is its unit.
    return [find(f"site:{row.site}") for row in rows]
