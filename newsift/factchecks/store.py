"""The local fact-check store: a versioned folder of fact-checks with its BM25 index.

A store is a folder holding ``manifest.json`` (format, version, counts per dataset),
``checks.jsonl`` (one :class:`FactCheck` per line), ``bm25/`` (the lexical index, saved by bm25s
so a store opens without re-indexing) and ``embeddings.npy`` (each check's vector from the shared
embedding model, so a claim finds checks in other words, not only in the same ones). Writes never half-replace a store: the new one is
written beside it and swapped in by renames. Nothing ships in the package (the licenses of the
public collections do not allow it, see DATA-LICENSES.md): ``newsift factchecks build`` makes a
store from the user's copy of the data and ``newsift factchecks import`` adds a newsroom's own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsift.errors import InputError, OutputError

FORMAT = "newsift-factchecks"
#: 2: each fact-check's sentence embedding is stored beside the BM25 index.
STORE_VERSION = 2
#: Threads embedding a batch of claims (each runs one text per call, see ``newsift.nlp.embed``).
EMBED_WORKERS = min(2, os.cpu_count() or 1)
#: Normalised verdicts; ``unrated`` where the source gives none (Snopes collections here).
RATINGS = ("false", "misleading", "mixed", "true", "unrated")
#: Verdict words, most specific first, to their normalised rating.
_RATING_WORDS: list[tuple[str, str]] = [
    ("pants on fire", "false"),
    ("pants-fire", "false"),
    ("mostly false", "misleading"),
    ("mostly-false", "misleading"),
    ("barely true", "misleading"),
    ("barely-true", "misleading"),
    ("half true", "mixed"),
    ("half-true", "mixed"),
    ("mostly true", "true"),
    ("mostly-true", "true"),
    ("unproven", "unrated"),
    ("unverified", "unrated"),
    ("false", "false"),
    ("fake", "false"),
    ("hoax", "false"),
    ("incorrect", "false"),
    ("wrong", "false"),
    ("misleading", "misleading"),
    ("miscaptioned", "misleading"),
    ("missing context", "misleading"),
    ("out of context", "misleading"),
    ("exaggerat", "misleading"),
    ("distort", "misleading"),
    ("mixture", "mixed"),
    ("mixed", "mixed"),
    ("partly", "mixed"),
    ("half", "mixed"),
    ("correct attribution", "true"),
    ("accurate", "true"),
    ("correct", "true"),
    ("true", "true"),
]


def normalise_rating(raw: str | None) -> str:
    """A publisher's verdict in our five words (``unrated`` when it is missing or unknown)."""
    if not raw:
        return "unrated"
    text = raw.strip().lower()
    for word, rating in _RATING_WORDS:
        if word in text:
            return rating
    return "unrated"


@dataclass
class FactCheck:
    id: str
    claim: str
    publisher: str
    dataset: str
    license: str
    rating: str = "unrated"
    rating_raw: str | None = None
    claimant: str | None = None
    date: str | None = None  # ISO date of the fact-check
    url: str | None = None
    title: str | None = None
    language: str = "en"

    def search_text(self) -> str:
        """What BM25 indexes: the claim and the fact-check's headline."""
        return " ".join(part for part in (self.claim, self.title or "") if part)


_FIELDS = {f.name for f in fields(FactCheck)}


def check_from_dict(row: dict) -> FactCheck:
    missing = [k for k in ("id", "claim", "publisher", "dataset", "license") if not row.get(k)]
    if missing:
        raise InputError(f"a fact-check needs {', '.join(missing)}")
    check = FactCheck(**{k: v for k, v in row.items() if k in _FIELDS})
    if check.rating not in RATINGS:
        check.rating = normalise_rating(check.rating_raw or check.rating)
    return check


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(text: str | None) -> str | None:
    """'30 January 2019' or '2019-01-30T...' as '2019-01-30'; None when unreadable."""
    if not text:
        return None
    match = _ISO.search(text)
    try:
        if match:
            return date(*map(int, match.groups())).isoformat()
        match = _DAY_MONTH_YEAR.search(text)
        if match and match.group(2).lower() in _MONTHS:
            day, month, year = match.groups()
            return date(int(year), _MONTHS[month.lower()], int(day)).isoformat()
    except ValueError:
        return None
    return None


def tokenize(texts: Sequence[str]):
    import bm25s

    return bm25s.tokenize(list(texts), stopwords="english", show_progress=False)


class FactCheckStore:
    """An opened store: the checks in memory and the saved BM25 index memory-mapped."""

    def __init__(
        self, path: Path, checks: list[FactCheck], manifest: dict, index, vectors=None
    ) -> None:
        self.path = path
        self.checks = checks
        self.manifest = manifest
        self.index = index
        #: (len(checks), dim) float32 unit vectors, or None for an empty store: converted once
        #: here so each batch of claims costs one matrix product.
        self.vectors = vectors

    @classmethod
    def open(cls, path: str | Path) -> FactCheckStore:
        import bm25s

        path = Path(path)
        manifest_path = path / "manifest.json"
        if not manifest_path.is_file():
            raise InputError(
                f"{path} is not a fact-check store (no manifest.json); build one with"
                " `newsift factchecks build --data DIR` or `newsift factchecks import FILE`"
            )
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(f"{manifest_path} is unreadable ({err})") from None
        if manifest.get("format") != FORMAT or manifest.get("version") != STORE_VERSION:
            raise InputError(
                f"{path} is a fact-check store of another version ({manifest.get('format')}"
                f" {manifest.get('version')}; this newsift reads {FORMAT} {STORE_VERSION});"
                " rebuild it with `newsift factchecks build`"
            )
        with open(path / "checks.jsonl", encoding="utf-8") as lines:
            checks = [check_from_dict(json.loads(line)) for line in lines if line.strip()]
        index = vectors = None
        if checks:
            index = bm25s.BM25.load(str(path / "bm25"), mmap=True, show_progress=False)
            vectors = unit_rows(np.load(path / "embeddings.npy"))
        return cls(path, checks, manifest, index, vectors)

    @classmethod
    def in_memory(cls, checks: list[FactCheck]) -> FactCheckStore:
        """A store that lives only in memory (evaluation, tests)."""
        import bm25s

        index = vectors = None
        if checks:
            index = bm25s.BM25()
            index.index(tokenize([c.search_text() for c in checks]), show_progress=False)
            vectors = embed([c.search_text() for c in checks])
        manifest = {"format": FORMAT, "version": STORE_VERSION}
        return cls(Path("<memory>"), checks, manifest, index, vectors)

    def stats(self) -> dict:
        return {
            "path": str(self.path),
            "version": self.manifest.get("version"),
            "built": self.manifest.get("built"),
            "checks": len(self.checks),
            "datasets": dict(Counter(c.dataset for c in self.checks)),
            "ratings": dict(Counter(c.rating for c in self.checks)),
            "publishers": dict(Counter(c.publisher for c in self.checks).most_common(10)),
        }

    def candidates(
        self, queries: Sequence[str], k: int = 20
    ) -> list[list[tuple[int, float, int, float]]]:
        """For each query, the union of the ``k`` best checks by BM25 and the ``k`` nearest by
        embedding: (index into ``checks``, BM25 score, BM25 rank or k + 1, cosine).

        Work is per batch, not per query: one BM25 retrieval for all queries, one embedding
        call and one matrix product, so callers should pass every claim they have at once."""
        if self.index is None or self.vectors is None or not queries:
            return [[] for _ in queries]
        k = min(k, len(self.checks))
        found, scores = self.index.retrieve(
            tokenize(queries), k=k, show_progress=False, n_threads=1
        )
        cosines = embed(queries) @ self.vectors.T
        if k < cosines.shape[1]:
            nearest = np.argpartition(-cosines, k - 1, axis=1)[:, :k]
        else:
            nearest = np.broadcast_to(np.arange(cosines.shape[1]), cosines.shape)
        out = []
        for row, score_row, cos, near in zip(found, scores, cosines, nearest, strict=True):
            lexical = {
                int(j): (float(s), rank)
                for rank, (j, s) in enumerate(zip(row, score_row, strict=True), 1)
                if s > 0
            }
            union = sorted(set(lexical) | set(near.tolist()))
            out.append([(j, *lexical.get(j, (0.0, k + 1)), float(cos[j])) for j in union])
        return out


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """float32 rows of length one (a stored float16 vector is a little off unit length)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors from the shared embedding model (``newsift.nlp.embed``), on every core:
    the claims' embeddings are most of the cost of matching."""
    from newsift.nlp.embed import load_embedder

    return load_embedder().encode(list(texts), workers=EMBED_WORKERS)


def write_store(path: str | Path, checks: Iterable[FactCheck], *, replace: bool) -> dict:
    """Write a store (deduplicated by id, later wins) beside ``path`` and swap it in."""
    import bm25s

    path = Path(path)
    if path.exists() and not replace:
        raise OutputError(f"{path} exists; pass --overwrite to replace it, or import into it")
    unique: dict[str, FactCheck] = {}
    for check in checks:
        unique[check.id] = check
    rows = list(unique.values())
    staging = path.with_name(f".{path.name}.new-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        staging.mkdir(parents=True)
        with open(staging / "checks.jsonl", "w", encoding="utf-8") as out:
            for check in rows:
                out.write(json.dumps(asdict(check), ensure_ascii=False) + "\n")
        if rows:
            texts = [c.search_text() for c in rows]
            index = bm25s.BM25()
            index.index(tokenize(texts), show_progress=False)
            index.save(str(staging / "bm25"), show_progress=False)
            np.save(staging / "embeddings.npy", embed(texts).astype(np.float16))
        manifest = {
            "format": FORMAT,
            "version": STORE_VERSION,
            "built": date.today().isoformat(),
            "count": len(rows),
            "datasets": dict(Counter(c.dataset for c in rows)),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write the fact-check store at {path} ({err})") from None
    retired = path.with_name(f".{path.name}.old-{os.getpid()}")
    if path.exists():
        os.replace(path, retired)
    os.replace(staging, path)
    shutil.rmtree(retired, ignore_errors=True)
    open_store.cache_clear()
    return manifest


def default_store_path() -> Path:
    """``NEWSIFT_FACTCHECKS``, else ``$XDG_DATA_HOME/newsift/factchecks`` (~/.local/share)."""
    explicit = os.environ.get("NEWSIFT_FACTCHECKS")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "newsift" / "factchecks"


@lru_cache(maxsize=4)
def open_store(path: Path) -> FactCheckStore:
    """A store opened once per process and path."""
    return FactCheckStore.open(path)
