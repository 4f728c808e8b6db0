"""The source-reputation registry: every rater's entries in one table, with provenance.

One row per (domain, rater): the rater's raw label, the label mapped to newsift's taxonomy,
the outlet's name when the list gives one, and the rater's origin (who made the judgement).
Rater metadata (date, version, license, repository) lives beside the rows in a manifest.

Where the rows come from:

* **shipped** (``newsift/data/sources/``): the lists whose licenses allow redistribution, one
  file per license so each file carries exactly one (see DATA-LICENSES.md). ``newsift sources
  build --data ../shared/data`` regenerates them byte for byte;
* **user imports** (``newsift sources import``): lists a user may use but we may not ship
  (MBFC, Baly), stored in the user data directory (``$NEWSIFT_DATA_DIR``, else
  ``$XDG_DATA_HOME/newsift``, else ``~/.local/share/newsift``);
* **../shared/data** directly, for evaluation (``newsift sources report``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from newsift.errors import InputError, ModelError, NewsiftError
from newsift.sources import taxonomy
from newsift.sources.domains import (
    SOCIAL_PLATFORMS,
    host_of,
    is_platform,
    normalize_host,
    registrable_domain,
)
from newsift.sources.raters import RATERS, RATERS_BY_ID, SHIPPED_FILES, Rater, RawRow
from newsift.sources.taxonomy import LabelMap, UnknownLabel

FORMAT = 1
COLUMNS = (
    "domain",
    "rater",
    "origin",
    "raw_label",
    "factuality",
    "categories",
    "name",
    "name_flag",
)
MANIFEST = "manifest.json"
USER_MANIFEST = "raters.json"


@dataclass(frozen=True, slots=True)
class Entry:
    domain: str  # normalised host (www./m./amp. stripped), usually the registrable domain
    rater: str
    origin: str
    raw_label: str
    factuality: str | None
    categories: tuple[str, ...]
    name: str = ""
    name_ambiguous: bool = False


@dataclass(frozen=True)
class RaterInfo:
    """What a reader of a rating needs to know about the list it comes from."""

    id: str
    title: str
    origin: str
    date: str
    version: str
    license: str
    repository: str
    shipped: bool
    user: bool = False
    outlet_names: bool = True
    vocabulary: tuple[str, ...] = ()
    note: str = ""

    @classmethod
    def of(cls, rater: Rater) -> RaterInfo:
        return cls(
            id=rater.id,
            title=rater.title,
            origin=rater.origin,
            date=rater.date,
            version=rater.version,
            license=rater.license,
            repository=rater.repository,
            shipped=rater.ship_as is not None,
            outlet_names=rater.outlet_names,
            vocabulary=tuple(taxonomy.ordered(rater.labels.vocabulary)),
            note=rater.note,
        )

    def to_json(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict) -> RaterInfo:
        data = dict(data)
        data["vocabulary"] = tuple(data.get("vocabulary", ()))
        return cls(**data)


@dataclass
class BuildProblems:
    """What a build could not use, reported rather than silently dropped."""

    bad_domains: Counter = field(default_factory=Counter)  # rater -> count
    unknown_labels: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    duplicates: Counter = field(default_factory=Counter)  # rater -> rows merged
    missing: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"missing input: {m}" for m in self.missing]
        out += [
            f"{r}: {n} rows without a usable domain (or a social-platform page)"
            for r, n in self.bad_domains.items()
        ]
        out += [f"{r}: {n} duplicate rows merged" for r, n in self.duplicates.items()]
        for rater, tokens in self.unknown_labels.items():
            out.append(f"{rater}: unmapped labels {dict(tokens)}")
        return out


_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def domain_key(site: str) -> str | None:
    """The key a list's site is filed under: its host without www./m./amp., lower case.

    A platform's own domain (``wordpress.com``, which the Public Suffix List treats as a
    suffix) is kept: lists rate it, and lookups of ``name.wordpress.com`` never reach it.
    """
    site = re.sub(r"\s+", "", site).strip("/").lower()
    if not site:
        return None
    host = normalize_host(site)
    if not host or "." not in host or _IP.fullmatch(host):
        return None
    return host if registrable_domain(host) or is_platform(host) else None


def _map(labels: LabelMap, raw: str, rater: str, problems: BuildProblems | None):
    try:
        return labels(raw)
    except UnknownLabel as err:
        if problems is not None:
            problems.unknown_labels[rater][str(err)] += 1
        tokens = []
        for token in taxonomy.split_label(raw):
            try:
                tokens.append(labels.token(token))
            except UnknownLabel:
                continue
        return taxonomy.combine(tokens)


def entries_from_rows(
    rater: RaterInfo,
    labels: LabelMap,
    rows: Iterable[RawRow],
    problems: BuildProblems | None = None,
    ambiguous=None,
) -> list[Entry]:
    """Map one rater's rows; one entry per domain (a whole-site row beats a section's)."""
    from newsift.sources.names import name_is_ambiguous

    ambiguous = ambiguous or name_is_ambiguous
    kept: dict[str, Entry] = {}
    for row in rows:
        key = domain_key(row.site)
        if key is None or (
            "/" in row.site.split("://")[-1].strip("/")
            and registrable_domain(key) in SOCIAL_PLATFORMS
        ):  # no domain, or a page on a social platform: neither rates a site
            if problems is not None:
                problems.bad_domains[rater.id] += 1
            continue
        label = _map(labels, row.raw_label, rater.id, problems)
        name = row.name if row.name and not domain_key_like(row.name) else ""
        entry = Entry(
            domain=key,
            rater=rater.id,
            origin=row.origin or rater.origin,
            raw_label=row.raw_label,
            factuality=label.factuality,
            categories=tuple(taxonomy.ordered(label.categories)),
            name=name,
            name_ambiguous=bool(name) and ambiguous(name),
        )
        previous = kept.get(key)
        if previous is not None:
            if problems is not None:
                problems.duplicates[rater.id] += 1
            if "section=" not in previous.raw_label or "section=" in entry.raw_label:
                continue
        kept[key] = entry
    return list(kept.values())


def domain_key_like(text: str) -> bool:
    return bool(re.fullmatch(r"(?:https?://)?[\w.-]+\.[a-z]{2,}/?", text.strip(), re.I))


def read_rater(
    rater: Rater, data_dir: Path, problems: BuildProblems | None = None
) -> list[Entry] | None:
    path = data_dir / rater.path
    if not path.exists():
        if problems is not None:
            problems.missing.append(str(path))
        return None
    return entries_from_rows(RaterInfo.of(rater), rater.labels, rater.reader(path), problems)


# --- the registry ----------------------------------------------------------------------------


class Registry:
    """All entries, indexed by domain; lookups walk from a host up to its registrable domain."""

    def __init__(self, entries: Iterable[Entry], raters: dict[str, RaterInfo], version: str = ""):
        self.raters = raters
        self.version = version
        self.by_domain: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            self.by_domain[entry.domain].append(entry)

    def __len__(self) -> int:
        return len(self.by_domain)

    def entries(self) -> Iterator[Entry]:
        for rows in self.by_domain.values():
            yield from rows

    def find(self, url_or_host: str) -> tuple[str | None, list[Entry]]:
        """(the key that matched, its entries); walks ``a.b.example.com`` up to ``example.com``.

        Without a match, the key is the registrable domain of the query (or None).
        """
        host = normalize_host(url_or_host) or ""
        if not host:
            return None, []
        if host in self.by_domain:
            return host, self.by_domain[host]
        base = registrable_domain(host)
        if base is None:
            return None, []
        labels = host.split(".")
        for i in range(1, len(labels) - len(base.split(".")) + 1):
            candidate = ".".join(labels[i:])
            if candidate in self.by_domain:
                return candidate, self.by_domain[candidate]
        return base, []

    def stats(self) -> dict:
        per_rater: dict[str, set[str]] = defaultdict(set)
        per_origin: dict[str, set[str]] = defaultdict(set)
        with_factuality: set[str] = set()
        for entry in self.entries():
            per_rater[entry.rater].add(entry.domain)
            per_origin[entry.origin].add(entry.domain)
            if entry.factuality:
                with_factuality.add(entry.domain)
        raters = {}
        for rater_id, info in sorted(self.raters.items()):
            raters[rater_id] = {
                "domains": len(per_rater.get(rater_id, ())),
                "origin": info.origin,
                "date": info.date,
                "license": info.license,
                "shipped": info.shipped,
                "user": info.user,
            }
        return {
            "version": self.version,
            "domains": len(self.by_domain),
            "domains_with_factuality": len(with_factuality),
            "raters": raters,
            "origins": {o: len(d) for o, d in sorted(per_origin.items())},
        }


def package_dir() -> Path:
    return Path(str(resources.files("newsift") / "data" / "sources"))


def user_dir() -> Path:
    """Where ``newsift sources import`` keeps a user's lists (never inside the package)."""
    if os.environ.get("NEWSIFT_DATA_DIR"):
        base = Path(os.environ["NEWSIFT_DATA_DIR"]).expanduser()
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = Path(xdg).expanduser() / "newsift" if xdg else Path.home() / ".local/share/newsift"
    return base / "sources"


def read_table(path: Path) -> Iterator[Entry]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        if next(rows, None) != list(COLUMNS):
            raise ValueError(f"{path.name} does not have the columns {', '.join(COLUMNS)}")
        for domain, rater, origin, raw, fact, cats, name, flag in rows:
            yield Entry(
                domain=domain,
                rater=rater,
                origin=origin,
                raw_label=raw,
                factuality=fact or None,
                categories=tuple(cats.split(",")) if cats else (),
                name=name,
                name_ambiguous=flag == "ambiguous",
            )


def table_text(entries: Iterable[Entry], header: Iterable[str] = ()) -> str:
    out = io.StringIO()
    for line in header:
        out.write(f"# {line}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in sorted(entries, key=lambda e: (e.rater, e.domain)):
        writer.writerow(
            [
                e.domain,
                e.rater,
                e.origin,
                e.raw_label,
                e.factuality or "",
                ",".join(e.categories),
                e.name,
                "ambiguous" if e.name_ambiguous else "",
            ]
        )
    return out.getvalue()


def _file_raters(manifest: dict, name: str) -> list[str]:
    files = manifest["files"]
    return files[name].get("raters", []) if isinstance(files, dict) else [Path(name).stem]


def _load_dir(directory: Path, manifest_name: str, user: bool):
    manifest_path = directory / manifest_name
    if not manifest_path.exists():
        return [], {}, ""
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        raters = {
            rid: RaterInfo.from_json({**info, "user": user})
            for rid, info in manifest["raters"].items()
        }
        # A redistributor may delete a file whose license they cannot carry (DATA-LICENSES.md):
        # the registry works without it, and `sources stats` shows fewer raters.
        present = [f for f in manifest["files"] if (directory / f).exists()]
        gone = {r for f in manifest["files"] if f not in present for r in _file_raters(manifest, f)}
        raters = {rid: info for rid, info in raters.items() if rid not in gone}
        entries = [e for f in present for e in read_table(directory / f)]
    except (OSError, ValueError, KeyError, TypeError) as err:
        where = "user" if user else "shipped"
        raise ModelError(
            f"the {where} source registry in {directory} is unreadable: {err}"
        ) from err
    return entries, raters, manifest.get("version", "")


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    """The shipped registry plus the user's imports (cached; ``load_registry.cache_clear()``)."""
    entries, raters, version = _load_dir(package_dir(), MANIFEST, user=False)
    if not raters:
        raise ModelError(
            f"the shipped source registry is missing from {package_dir()} (a broken install?)"
        )
    user_entries, user_raters, _ = _load_dir(user_dir(), USER_MANIFEST, user=True)
    raters.update(user_raters)
    return Registry([*entries, *user_entries], raters, version)


def registry_from_data(
    data_dir: Path, shipped_only: bool = False
) -> tuple[Registry, BuildProblems]:
    """Every rater read straight from ``data_dir`` (../shared/data), for builds and evaluation."""
    sources = data_dir / "sources"
    if not sources.is_dir():
        raise InputError(f"{data_dir} has no sources/ folder; pass --data ../shared/data")
    problems = BuildProblems()
    entries: list[Entry] = []
    raters: dict[str, RaterInfo] = {}
    for rater in RATERS:
        if shipped_only and rater.ship_as is None:
            continue
        rows = read_rater(rater, data_dir, problems)
        if rows is None:
            continue
        entries.extend(rows)
        raters[rater.id] = RaterInfo.of(rater)
    return Registry(entries, raters, "data:" + str(data_dir)), problems


def _license_header(file_id: str, raters: list[Rater]) -> list[str]:
    lines = [
        f"newsift source registry, file '{file_id}': generated by `newsift sources build`;"
        " do not edit by hand.",
        f"License of this file: {SHIPPED_FILES[file_id]} (from the lists it is derived from;"
        " see DATA-LICENSES.md), not the Apache-2.0 of newsift's code. Derived from:",
    ]
    lines += [f"  {r.id}: {r.title}, {r.repository} ({r.version})" for r in raters]
    return lines


def build_shipped(data_dir: Path, out_dir: Path | None = None) -> tuple[dict, BuildProblems]:
    """Regenerate the shipped tables from ``data_dir``; deterministic, so reproducible."""
    out_dir = out_dir or package_dir()
    registry, problems = registry_from_data(data_dir, shipped_only=True)
    if problems.missing:
        raise InputError(f"cannot build: missing {', '.join(problems.missing)}")
    groups: dict[str, list[Rater]] = defaultdict(list)
    for rater in RATERS:
        if rater.ship_as:
            groups[rater.ship_as].append(rater)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    by_rater: dict[str, list[Entry]] = defaultdict(list)
    for entry in registry.entries():
        by_rater[entry.rater].append(entry)
    for file_id, raters in sorted(groups.items()):
        rows = [e for r in raters for e in by_rater[r.id]]
        text = table_text(rows, _license_header(file_id, raters))
        name = f"{file_id}.tsv"
        (out_dir / name).write_text(text, encoding="utf-8")
        files[name] = {
            "license": SHIPPED_FILES[file_id],
            "raters": [r.id for r in raters],
            "rows": len(rows),
            "sha256": hashlib.sha256(text.encode()).hexdigest(),
        }
    version = hashlib.sha256("".join(f["sha256"] for f in files.values()).encode()).hexdigest()[:12]
    manifest = {
        "format": FORMAT,
        "version": version,
        "built_from": "../shared/data (see each rater's version)",
        "raters": {rid: info.to_json() for rid, info in registry.raters.items()},
        "files": files,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    load_registry.cache_clear()
    return manifest, problems


# --- user imports ----------------------------------------------------------------------------

_RATER_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_DOMAIN_COLUMNS = ("domain", "site", "host", "url", "source_url", "source", "website")
_LABEL_COLUMNS = ("label", "labels", "factuality", "rating", "reliability", "category", "type")


def _sniff(path: Path) -> tuple[str, list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
    except UnicodeDecodeError as err:
        raise InputError(f"{path} is not UTF-8 text: {err.reason}") from err
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    columns = [c.strip().lower() for c in next(csv.reader([first], delimiter=delimiter), [])]
    return delimiter, columns


def _generic_rows(path: Path, delimiter: str, domain_col: str, label_col: str, name_col: str):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        for row in reader:
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
            labels = [t.strip() for t in re.split(r"[;,|]", row.get(label_col, "")) if t.strip()]
            yield RawRow(row.get(domain_col, ""), "; ".join(labels), row.get(name_col, ""))


def import_ratings(
    path: Path,
    rater_id: str,
    license: str,
    origin: str | None = None,
    date: str | None = None,
    title: str | None = None,
) -> tuple[RaterInfo, int, BuildProblems]:
    """Map a user's copy of a list and store it in :func:`user_dir` (replacing an older one).

    Known formats are recognised by their columns (the MBFC scrape, Baly's corpus.tsv, an
    OpenSources or Idiap file); anything else needs a domain column and a label column whose
    values are in :data:`newsift.sources.taxonomy.GENERIC`.
    """
    from newsift.sources import raters as known

    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if not _RATER_ID.fullmatch(rater_id):
        raise InputError(
            f"--rater {rater_id!r}: use lower-case letters, digits, '.', '_' or '-' (max 64)"
        )
    if rater_id in RATERS_BY_ID:
        raise InputError(
            f"--rater {rater_id!r} is a shipped or built-in rater; choose another name"
        )
    if not license.strip():
        raise InputError("--license must say under which terms you hold this list")
    delimiter, columns = _sniff(path)
    cols = set(columns)
    if {"factual_reporting", "bias_rating"} <= cols:
        fmt, labels, rows = "mbfc", taxonomy.MBFC, known.read_mbfc_scrape(path)
        default_origin = "mbfc"
    elif {"source_url", "fact", "bias"} <= cols:
        fmt, labels, rows = "baly", taxonomy.BALY, known.read_baly(path)
        default_origin = "mbfc"
    elif {"reliability_label", "label_source"} <= cols:
        fmt, labels, rows = "idiap", taxonomy.IDIAP, known.read_idiap(path)
        default_origin = "idiap"
    elif {"type", "2nd type"} <= cols:
        fmt, labels, rows = "opensources", taxonomy.OPENSOURCES, known.read_opensources_csv(path)
        default_origin = "opensources"
    else:
        domain_col = next((c for c in _DOMAIN_COLUMNS if c in cols), None)
        label_col = next((c for c in _LABEL_COLUMNS if c in cols), None)
        if domain_col is None or label_col is None:
            raise InputError(
                f"{path}: unknown format; a CSV/TSV needs a domain column ({', '.join(_DOMAIN_COLUMNS)})"
                f" and a label column ({', '.join(_LABEL_COLUMNS)}); found: {', '.join(columns) or 'none'}"
            )
        name_col = "name" if "name" in cols else ""
        fmt, labels = "generic", taxonomy.GENERIC
        rows = _generic_rows(path, delimiter, domain_col, label_col, name_col)
        default_origin = rater_id
    info = RaterInfo(
        id=rater_id,
        title=title or f"{rater_id} (imported {fmt} file {path.name})",
        origin=origin or default_origin,
        date=date or "",
        version=f"user import of {path.name}",
        license=license,
        repository="",
        shipped=False,
        user=True,
        outlet_names=fmt != "idiap",
        vocabulary=tuple(taxonomy.ordered(labels.vocabulary)),
    )
    problems = BuildProblems()
    try:
        entries = entries_from_rows(info, labels, rows, problems)
    except (KeyError, csv.Error, ValueError) as err:
        raise InputError(f"{path}: cannot read it as a {fmt} file: {err}") from err
    if origin:  # the user knows better; otherwise known formats keep their per-row origins
        entries = [replace(e, origin=origin) for e in entries]
    if fmt == "generic" and problems.unknown_labels:
        unknown = sorted(problems.unknown_labels[rater_id])
        raise InputError(
            f"{path}: labels newsift cannot map: {', '.join(unknown[:8])}"
            + (" ..." if len(unknown) > 8 else "")
            + "; use reliable/mixed/unreliable or a category (fake, satire, conspiracy, ...)"
        )
    if not entries:
        raise InputError(f"{path}: no row with a usable domain")
    _write_user(info, entries)
    return info, len(entries), problems


def _write_user(info: RaterInfo, entries: list[Entry]) -> None:
    directory = user_dir()
    directory.mkdir(parents=True, exist_ok=True)
    manifest_path = directory / USER_MANIFEST
    manifest = {"format": FORMAT, "raters": {}, "files": []}
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except ValueError as err:
            raise NewsiftError(
                f"{manifest_path} is unreadable; remove it and import again"
            ) from err
    name = f"{info.id}.tsv"
    header = [f"imported by `newsift sources import` under license: {info.license}"]
    (directory / name).write_text(table_text(entries, header), encoding="utf-8")
    manifest["raters"][info.id] = {k: v for k, v in info.to_json().items() if k != "user"}
    manifest["files"] = sorted({*manifest.get("files", []), name})
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    load_registry.cache_clear()


def lookup_host(query: str) -> str | None:
    """``query`` as a host if it looks like a domain or URL, else None (a name, maybe)."""
    query = query.strip()
    if not query or " " in query or "." not in query:
        return None
    host = host_of(query)
    return host if host and registrable_domain(host) else None
