"""The findings gold set: sources of attributions, their types, and three article signals.

The article texts belong to their publishers and the datasets in ``../shared/data`` that carry
them give no right to redistribute (DATA-LICENSES.md), so the repository holds only where each
gold text is (dataset, record id, character range of the record's text field), a SHA-1 of it
and the labels (``tests/data/findings_gold_labels.jsonl``). :func:`build_rows` rebuilds the
full rows, text included, from the user's copy of the data and checks every hash; ``newsift
data findings-gold`` writes them as the file ``newsift evaluate findings --data`` reads.
Labelling rules: docs/findings-gold.md.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsift.errors import InputError

SOURCE_TYPES = (
    "named_person",
    "named_organization",
    "news_outlet",
    "government_or_military",
    "anonymous",
    "author",
)
SIGNALS = ("hedge_then_certainty", "evidence_promised_not_shown", "satire")
SPLITS = ("dev", "test")
#: Gold texts are cut to at most this many characters, at a paragraph or sentence end.
MAX_CHARS = 2500

#: Each dataset's file under the data directory; the record id is its ``id`` field or column.
DATASET_FILES = {
    "semeval2019": "articles/semeval2019_hyperpartisan_byarticle/articles_training_byarticle.jsonl",
    "fakenewscorpus": "articles/fakenewscorpus_sample/news_sample.csv",
    "fakenewsnet": "articles/fakenewsnet/v1_buzzfeed_politifact_content.jsonl",
    "golbeck2018": "articles/golbeck2018_fake_vs_satire/articles.jsonl",
    "natalieh2018": "articles/satire_multisite_natalieh2018/articles.jsonl",
    "thespoof2021": "articles/thespoof2021_darbycobb/articles.jsonl",
}
#: The field holding the article body in each dataset.
TEXT_FIELDS = {"fakenewscorpus": "content", "golbeck2018": "body"}
DEFAULT_LABELS = Path("tests/data/findings_gold_labels.jsonl")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def cut(text: str, limit: int = MAX_CHARS) -> int:
    """Where a gold text ends: the last paragraph break (else sentence end) before ``limit``.

    Long articles are cut so that one annotator can label every attribution in them; a cut
    inside a sentence would leave attributions without their content.
    """
    if len(text.rstrip()) <= limit:
        return len(text.rstrip())
    head = text[:limit]
    paragraph = head.rfind("\n")
    if paragraph > limit // 2:
        return len(head[:paragraph].rstrip())
    sentence = max(head.rfind(". "), head.rfind('." '), head.rfind(".\u201d "))
    if sentence > limit // 2:
        return sentence + (1 if head[sentence + 1] == " " else 2)
    return limit


def iter_records(data_dir: Path, dataset: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(record id, body text, record) for every article of ``dataset``, streamed."""
    if dataset not in DATASET_FILES:
        raise InputError(f"unknown dataset {dataset!r} (known: {', '.join(DATASET_FILES)})")
    path = Path(data_dir) / DATASET_FILES[dataset]
    if not path.is_file():
        raise InputError(f"{path} is missing: is --data the shared data directory?")
    field = TEXT_FIELDS.get(dataset, "text")
    if dataset == "fakenewscorpus":
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield row["id"], row[field] or "", row
        return
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            row = json.loads(raw)
            ref = f"{row['label']}/{row['id']}" if dataset == "golbeck2018" else str(row["id"])
            yield ref, row.get(field) or "", row


def read_labels(path: Path = DEFAULT_LABELS) -> list[dict[str, Any]]:
    """The label rows (no text), checked: types, signals, splits, site-disjoint splits."""
    if not Path(path).is_file():
        raise InputError(f"findings labels {path} not found")
    rows = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line]
    check_rows(rows, str(path))
    return rows


def check_rows(rows: Iterable[dict[str, Any]], where: str) -> None:
    split_of_site: dict[str, str] = {}
    for row in rows:
        for attribution in row["attributions"]:
            if attribution["type"] not in SOURCE_TYPES:
                raise InputError(f"{where}: {row['id']}: unknown type {attribution['type']!r}")
            if not 0 <= attribution["start"] < attribution["end"]:
                raise InputError(f"{where}: {row['id']}: bad span {attribution}")
        for signal in SIGNALS:
            if not isinstance(row[signal], bool):
                raise InputError(f"{where}: {row['id']}: {signal} must be true or false")
        if row["split"] not in SPLITS:
            raise InputError(f"{where}: {row['id']}: unknown split {row['split']!r}")
        if split_of_site.setdefault(row["site"], row["split"]) != row["split"]:
            raise InputError(f"{where}: site {row['site']} is in both splits")


def build_rows(data_dir: Path, labels: Path = DEFAULT_LABELS) -> list[dict[str, Any]]:
    """The gold rows with their texts, re-read from ``data_dir`` and checked by hash."""
    label_rows = read_labels(labels)
    wanted: dict[str, set[str]] = {}
    for row in label_rows:
        wanted.setdefault(row["dataset"], set()).add(row["ref"])
    bodies: dict[tuple[str, str], str] = {}
    for dataset, refs in wanted.items():
        for ref, body, _ in iter_records(data_dir, dataset):
            if ref in refs:
                bodies[dataset, ref] = body
    out = []
    for row in label_rows:
        body = bodies.get((row["dataset"], row["ref"]))
        if body is None:
            raise InputError(f"{row['dataset']} record {row['ref']} not found under {data_dir}")
        text = body[row["offset"] : row["offset"] + row["length"]]
        if sha1(text) != row["sha1"]:
            raise InputError(
                f"{row['id']}: the text in {data_dir} differs from the labelled one (hash"
                " mismatch); the labels do not apply to this copy of the data"
            )
        attributions = [{**a, "text": text[a["start"] : a["end"]]} for a in row["attributions"]]
        out.append(
            {
                "id": row["id"],
                "dataset": row["dataset"],
                "site": row["site"],
                "text": text,
                "attributions": attributions,
                **{signal: row[signal] for signal in SIGNALS},
                "split": row["split"],
            }
        )
    return out
