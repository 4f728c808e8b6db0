"""Fact-checks in: the public collections in ``../shared/data`` (CheckThat! 2020 and 2022 Task 2
Snopes claims, CrowdChecked, LIAR's PolitiFact statements), schema.org ClaimReview (one object,
a list, an ``@graph`` or the DataFeed that fact-checkers publish) and CSV.

The same claim is often in several collections; the store keeps the first reading (the order
of :data:`COLLECTIONS` prefers the one with a URL and a date).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsift.errors import InputError
from newsift.factchecks.store import FactCheck, iso_date, normalise_rating

SNOPES = "Snopes"
POLITIFACT = "PolitiFact"


def _key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError:
                    raise InputError(f"{path}:{number} is not a JSON line") from None


def checkthat2022(folder: Path) -> Iterator[FactCheck]:
    for row in _jsonl(folder / "vclaims.jsonl"):
        yield FactCheck(
            id=f"clef2022:{row['claim_id']}",
            claim=row["claim"],
            title=row.get("title"),
            publisher=SNOPES,
            dataset="clef2022_task2a_en_claim_retrieval",
            license="CC BY-SA 3.0 DE (CheckThat! 2022 files); Snopes texts keep their rights",
            date=iso_date(row.get("date")),
            url=row.get("url"),
        )


def checkthat2020(folder: Path) -> Iterator[FactCheck]:
    with open(folder / "verified_claims.docs.tsv", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            if len(row) < 2 or row[0] == "vclaim_id":
                continue
            yield FactCheck(
                id=f"clef2020:{row[0]}",
                claim=row[1],
                title=row[2] if len(row) > 2 else None,
                publisher=SNOPES,
                dataset="clef2020_task2_claim_retrieval",
                license="free for general research use (CheckThat! 2020); Snopes texts keep their rights",
            )


def crowdchecked(folder: Path) -> Iterator[FactCheck]:
    for row in _jsonl(folder / "vclaims.jsonl"):
        yield FactCheck(
            id=f"crowdchecked:{row['vclaim_id']}",
            claim=row["vclaim"],
            title=row.get("title"),
            publisher=SNOPES,
            dataset="crowdchecked_snopes_vclaims",
            license="CC BY-NC 4.0",
            date=iso_date(row.get("date")),
        )


def liar(folder: Path) -> Iterator[FactCheck]:
    for name in ("train.tsv", "valid.tsv", "test.tsv"):
        path = folder / name
        if not path.is_file():
            continue
        with open(path, encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) < 5:
                    continue
                speaker = row[4].replace("-", " ").title() if row[4] else None
                yield FactCheck(
                    id=f"liar:{row[0].removesuffix('.json')}",
                    claim=row[2],
                    claimant=speaker,
                    publisher=POLITIFACT,
                    dataset="liar",
                    license="research purposes only (LIAR); PolitiFact keeps its rights",
                    rating_raw=row[1],
                    rating=normalise_rating(row[1]),
                )


#: Folder under the data directory -> reader, in the order duplicates are settled.
COLLECTIONS = {
    "factchecks/clef2022_task2a_en_claim_retrieval": checkthat2022,
    "factchecks/clef2020_task2_claim_retrieval": checkthat2020,
    "factchecks/crowdchecked_snopes_vclaims": crowdchecked,
    "claims/liar": liar,
}


def from_data_dir(data: str | Path) -> Iterator[FactCheck]:
    """Every collection found under ``data`` (the layout of ``../shared/data``), each claim once."""
    data = Path(data)
    if (data / "data").is_dir() and not (data / "factchecks").is_dir():
        data = data / "data"
    found = [(folder, reader) for folder, reader in COLLECTIONS.items() if (data / folder).is_dir()]
    if not found:
        raise InputError(
            f"no fact-check collection under {data} (looked for {', '.join(COLLECTIONS)})"
        )
    seen: set[str] = set()
    for folder, reader in found:
        for check in reader(data / folder):
            key = _key(check.claim)
            if key and key not in seen:
                seen.add(key)
                yield check


# --- a newsroom's own: ClaimReview and CSV ---------------------------------------------------


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("alternateName"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _is_claim_review(node: dict) -> bool:
    kind = node.get("@type")
    return kind == "ClaimReview" or (isinstance(kind, list) and "ClaimReview" in kind)


def _claim_reviews(node: Any) -> Iterator[dict]:
    """Every ClaimReview object anywhere in a JSON-LD document (lists, @graph, DataFeed items)."""
    if isinstance(node, list):
        for item in node:
            yield from _claim_reviews(item)
    elif isinstance(node, dict):
        if _is_claim_review(node):
            yield node
            return
        for value in node.values():
            if isinstance(value, (list, dict)):
                yield from _claim_reviews(value)


def _stable_id(*parts: str | None) -> str:
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:16]


def claim_review_file(path: str | Path, license: str) -> Iterator[FactCheck]:
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read {path} ({err})") from None
    except ValueError as err:
        raise InputError(f"{path} is not JSON ({err})") from None
    reviews = list(_claim_reviews(document))
    if not reviews:
        raise InputError(f"{path} holds no ClaimReview object")
    for number, review in enumerate(reviews, start=1):
        claim = _text(review.get("claimReviewed"))
        if not claim:
            raise InputError(f"{path}: ClaimReview {number} has no claimReviewed")
        rating = review.get("reviewRating") or {}
        rating_raw = _text(rating.get("alternateName")) if isinstance(rating, dict) else None
        item = review.get("itemReviewed") or {}
        publisher = _text(review.get("author")) or _text(review.get("publisher")) or "unknown"
        yield FactCheck(
            id=f"claimreview:{_stable_id(review.get('url'), claim)}",
            claim=claim,
            publisher=publisher,
            dataset=f"import:{path.name}",
            license=license,
            rating_raw=rating_raw,
            rating=normalise_rating(rating_raw),
            claimant=_text(item.get("author")) if isinstance(item, dict) else None,
            date=iso_date(_text(review.get("datePublished"))),
            url=_text(review.get("url")),
            language=_text(review.get("inLanguage")) or "en",
        )


def csv_file(path: str | Path, license: str) -> Iterator[FactCheck]:
    """Rows with a ``claim`` column and any of rating, publisher, url, date, claimant, id."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"cannot read {path} (no such file)")
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
        if "claim" not in columns:
            raise InputError(f"{path} has no 'claim' column (columns: {sorted(columns)})")

        def get(row: dict, name: str) -> str | None:
            return (row.get(columns[name]) or "").strip() or None if name in columns else None

        for number, row in enumerate(reader, start=2):
            claim = get(row, "claim")
            if not claim:
                raise InputError(f"{path}:{number} has an empty claim")
            rating_raw = get(row, "rating")
            yield FactCheck(
                id=f"csv:{get(row, 'id') or _stable_id(get(row, 'url'), claim)}",
                claim=claim,
                publisher=get(row, "publisher") or "unknown",
                dataset=f"import:{path.name}",
                license=license,
                rating_raw=rating_raw,
                rating=normalise_rating(rating_raw),
                claimant=get(row, "claimant"),
                date=iso_date(get(row, "date")),
                url=get(row, "url"),
            )


def import_file(path: str | Path, license: str) -> list[FactCheck]:
    """A ClaimReview JSON(-LD) or CSV file, read whole before anything is written."""
    suffix = Path(path).suffix.lower()
    if suffix in (".json", ".jsonld"):
        return list(claim_review_file(path, license))
    if suffix == ".csv":
        return list(csv_file(path, license))
    raise InputError(f"{path}: import reads ClaimReview .json/.jsonld or .csv files")
