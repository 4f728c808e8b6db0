"""The boilerplate gold set: line labels for scraped articles in ``../shared/data``.

The repository may not hold dataset text, so the gold file stores, for each article, how to find
it again (dataset and ref) and for each non-blank line a short hash, a label and a reason. This
module rebuilds the input text from the data directory, checks every hash and yields the
labelled lines; a mismatch means the data or the line rules changed, and it fails loudly.

A *line* is the input split on ``"\\n"``, stripped; lines empty after stripping are skipped and
the rest are numbered from 1 in order.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsift.errors import InputError

CONTENT = "content"
BOILERPLATE = "boilerplate"
LABELS = (CONTENT, BOILERPLATE)

#: Why a line is boilerplate. ``footer`` covers site navigation, breadcrumbs, tags and
#: categories, copyright and legal links; ``byline`` an author name and/or date line.
REASONS = (
    "scraping_debris",
    "rating_widget",
    "donation_ask",
    "newsletter_prompt",
    "social_prompt",
    "editorial_disclaimer",
    "related_links",
    "cookie_notice",
    "comment_section",
    "comment_form_help",
    "anti_spam_notice",
    "footer",
    "byline",
    "author_bio",
    "date",
    "image_caption_or_credit",
    "advertisement",
    "navigation",
    "other",
)
#: Each record names its split, and each labelling round has one split. Round 1 was used to
#: develop the cleaner (dev); round 2 was labelled blind and is held out (test); round 3 was
#: labelled to train the line classifier (train). Every split is site-disjoint from the others.
ROUND_SPLITS = {1: "dev", 2: "test", 3: "train"}
SPLITS = tuple(ROUND_SPLITS.values())
ROUNDS = tuple(ROUND_SPLITS)
#: The split that is only ever scored, never trained or tuned on.
HELD_OUT = "test"
SPLIT_ROLES = {
    "dev": "round 1, used to develop the cleaner",
    "test": "round 2, labelled blind and held out",
    "train": "round 3, labelled to train the line classifier",
    "dev+train": "rounds 1 and 3, the line classifier's training data",
    "all": "rounds 1, 2 and 3",
}
HASH_CHARS = 12

#: Where each dataset's articles live under the data directory, and what a ref means.
DATASET_FILES = {
    "fakenewscorpus": "articles/fakenewscorpus_sample/news_sample.csv",  # ref: the `id` column
    "horne2017": "articles/horne2017_fakenewsdata1/articles.jsonl",  # ref: "<dataset>/<file>"
    "fakenewsnet": "articles/fakenewsnet/v1_buzzfeed_politifact_content.jsonl",  # ref: `id`
    "golbeck2018": "articles/golbeck2018_fake_vs_satire/articles.jsonl",  # ref: "<label>/<id>"
    "semeval2019": (  # ref: the <article> id
        "articles/semeval2019_hyperpartisan_byarticle/articles-training-byarticle-20181122.xml"
    ),
}
# The gold set is the project's test data, not package data: relative to a checkout's root, as
# the CLI's --gold default.
DEFAULT_GOLD = Path("tests/data/boilerplate_gold.jsonl")


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A non-blank line of an input text; ``start``/``end`` bound the stripped text."""

    n: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class GoldLine:
    n: int
    start: int
    end: int
    text: str
    label: str
    reason: str | None


@dataclass(slots=True)
class GoldArticle:
    dataset: str
    ref: str
    site: str
    split: str
    round: int
    text: str
    lines: list[GoldLine]
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def source_lines(text: str) -> list[SourceLine]:
    """The gold set's unit: the non-blank lines of ``text``, stripped, with their offsets."""
    lines: list[SourceLine] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = offset + (len(raw) - len(raw.lstrip()))
            lines.append(SourceLine(len(lines) + 1, start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def line_hash(stripped_line: str) -> str:
    return hashlib.sha1(stripped_line.encode("utf-8")).hexdigest()[:HASH_CHARS]


# --- Reading the datasets -------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def render_semeval_article(article: ET.Element) -> str:
    """An SemEval-2019 ``<article>`` as a scraper's plain text.

    Each ``<p>`` becomes its own paragraph; text and links between paragraphs (image credits,
    inline ads) become their own line, as a text scraper would keep them. Whitespace inside a
    block collapses as a browser would collapse it. The title attribute is not part of the body.
    """
    blocks: list[str] = []
    loose: list[str] = [article.text or ""]

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(loose)).strip()
        if text:
            blocks.append(text)
        loose.clear()

    for child in article:
        if child.tag == "p":
            flush()
            paragraph = _SPACE.sub(" ", "".join(child.itertext())).strip()
            if paragraph:
                blocks.append(paragraph)
        else:
            loose.append("".join(child.itertext()))
        loose.append(child.tail or "")
    flush()
    return "\n\n".join(blocks)


def iter_semeval_articles(path: Path) -> Iterator[tuple[str, str]]:
    """(article id, rendered text) for each article, streamed."""
    for _, elem in ET.iterparse(path, events=("end",)):
        if elem.tag == "article":
            yield elem.get("id", ""), render_semeval_article(elem)
            elem.clear()


def iter_dataset(data_dir: Path, dataset: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(ref, input text, metadata) for every article of ``dataset``, streamed."""
    path = Path(data_dir) / DATASET_FILES[dataset]
    if not path.is_file():
        raise InputError(f"{path} is missing: is --data the shared data directory?")
    if dataset == "semeval2019":
        for ref, text in iter_semeval_articles(path):
            yield ref, text, {}
        return
    if dataset == "fakenewscorpus":
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield row["id"], row["content"], row
        return
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            row = json.loads(raw)
            if dataset == "horne2017":
                yield f"{row['dataset']}/{row['file']}", row["body"], row
            elif dataset == "fakenewsnet":
                yield row["id"], row["text"] or "", row
            else:  # golbeck2018
                yield f"{row['label']}/{row['id']}", row["body"] or "", row


def read_texts(data_dir: Path, wanted: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The input texts of the (dataset, ref) pairs asked for, each dataset read once."""
    by_dataset: dict[str, set[str]] = {}
    for dataset, ref in wanted:
        if dataset not in DATASET_FILES:
            known = ", ".join(DATASET_FILES)
            raise InputError(f"unknown dataset {dataset!r} (known: {known})")
        by_dataset.setdefault(dataset, set()).add(ref)
    texts: dict[tuple[str, str], str] = {}
    for dataset, refs in by_dataset.items():
        for ref, text, _ in iter_dataset(data_dir, dataset):
            if ref in refs:
                texts[dataset, ref] = text
        missing = refs - {ref for ds, ref in texts if ds == dataset}
        if missing:
            raise InputError(f"{dataset}: articles {sorted(missing)} not found under {data_dir}")
    return texts


# --- The gold file --------------------------------------------------------------------------


def read_gold_records(gold_path: Path = DEFAULT_GOLD) -> list[dict[str, Any]]:
    """The gold file's records, checked against the schema (no dataset access needed)."""
    path = Path(gold_path)
    if not path.is_file():
        raise InputError(f"gold file {path} not found")
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            if raw.strip():
                record = json.loads(raw)
                check_record(record, f"{path}:{number}")
                records.append(record)
    check_splits_are_site_disjoint(records, str(path))
    return records


def check_record(record: dict[str, Any], where: str) -> None:
    for key in ("dataset", "ref", "site", "split", "round", "lines"):
        if key not in record:
            raise InputError(f"{where}: gold record lacks {key!r}")
    if record["dataset"] not in DATASET_FILES:
        raise InputError(f"{where}: unknown dataset {record['dataset']!r}")
    if record["split"] not in SPLITS:
        raise InputError(f"{where}: split must be one of {SPLITS}, not {record['split']!r}")
    if record["round"] not in ROUNDS:
        raise InputError(f"{where}: round must be one of {ROUNDS}, not {record['round']!r}")
    if record["split"] != ROUND_SPLITS[record["round"]]:
        raise InputError(
            f"{where}: round {record['round']} belongs to split"
            f" {ROUND_SPLITS[record['round']]!r}, not {record['split']!r}"
        )
    for expected, line in enumerate(record["lines"], 1):
        if line.get("n") != expected:
            raise InputError(f"{where}: line numbers must run 1, 2, ... (got {line.get('n')})")
        if line.get("label") not in LABELS:
            raise InputError(f"{where}: line {expected} has label {line.get('label')!r}")
        reason = line.get("reason")
        if line["label"] == BOILERPLATE and reason not in REASONS:
            raise InputError(f"{where}: line {expected} has reason {reason!r}")
        if line["label"] == CONTENT and reason is not None:
            raise InputError(f"{where}: content line {expected} has a reason")
        if not re.fullmatch(rf"[0-9a-f]{{{HASH_CHARS}}}", str(line.get("sha1"))):
            raise InputError(f"{where}: line {expected} has a malformed hash")


def check_splits_are_site_disjoint(records: Iterable[dict[str, Any]], where: str) -> None:
    """A site in two splits would let a cleaner tuned on one split be scored on its template."""
    split_of: dict[str, str] = {}
    for record in records:
        first = split_of.setdefault(record["site"], record["split"])
        if first != record["split"]:
            raise InputError(
                f"{where}: site {record['site']} is in both the {first} and the"
                f" {record['split']} split; the splits must be site-disjoint"
            )


def summarize(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Counts per split (and for all): articles, sites, lines, boilerplate lines per reason.

    Reads only the gold file, so the counts can be printed without the data or the cleaner.
    """
    groups: dict[str, list[dict[str, Any]]] = {"all": []}
    for record in records:
        groups.setdefault(record["split"], []).append(record)
        groups["all"].append(record)
    summary = {}
    for split in (*SPLITS, "all"):
        chosen = groups.get(split, [])
        labels = [line for record in chosen for line in record["lines"]]
        reasons: dict[str, int] = {}
        for line in labels:
            if line["label"] == BOILERPLATE:
                reasons[line["reason"]] = reasons.get(line["reason"], 0) + 1
        summary[split] = {
            "rounds": sorted({record["round"] for record in chosen}),
            "articles": len(chosen),
            "sites": len({record["site"] for record in chosen}),
            "articles_without_boilerplate": sum(
                all(line["label"] == CONTENT for line in record["lines"]) for record in chosen
            ),
            "lines": len(labels),
            "boilerplate_lines": sum(reasons.values()),
            "per_reason": dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
            "per_dataset": {
                dataset: sum(record["dataset"] == dataset for record in chosen)
                for dataset in DATASET_FILES
                if any(record["dataset"] == dataset for record in chosen)
            },
        }
    return summary


def split_names(split: str) -> tuple[str, ...]:
    """The splits a ``--split`` value selects: one split, several joined by ``+``, or all.

    ``dev+train`` (rounds 1 and 3) is how the line classifier is trained on every split that is
    not held out.
    """
    if split == "all":
        return SPLITS
    names = tuple(split.split("+"))
    if any(name not in SPLITS for name in names) or len(set(names)) != len(names):
        choices = ", ".join(SPLITS)
        raise InputError(
            f"split must be one of {choices}, several joined by + (e.g. dev+train) or all,"
            f" not {split!r}"
        )
    return names


def load_gold(
    data_dir: Path, gold_path: Path = DEFAULT_GOLD, split: str = "all"
) -> Iterator[GoldArticle]:
    """Each gold article with its input text rebuilt from ``data_dir`` and every hash checked."""
    wanted = split_names(split)
    records = [r for r in read_gold_records(gold_path) if r["split"] in wanted]
    texts = read_texts(data_dir, ((r["dataset"], r["ref"]) for r in records))
    for record in records:
        text = texts[record["dataset"], record["ref"]]
        yield GoldArticle(
            dataset=record["dataset"],
            ref=record["ref"],
            site=record["site"],
            split=record["split"],
            round=record["round"],
            text=text,
            lines=match_lines(text, record),
            notes=record.get("notes", ""),
        )


def match_lines(text: str, record: dict[str, Any]) -> list[GoldLine]:
    """Pair the text's lines with the record's labels; any difference is an error."""
    where = f"{record['dataset']}:{record['ref']}"
    lines = source_lines(text)
    labels = record["lines"]
    if len(lines) != len(labels):
        raise InputError(
            f"{where}: the data has {len(lines)} non-blank lines, the gold set {len(labels)};"
            " the data or the line rules changed"
        )
    gold = []
    for line, label in zip(lines, labels, strict=True):
        if line_hash(line.text) != label["sha1"]:
            raise InputError(f"{where}: line {line.n} does not match its hash in the gold set")
        gold.append(
            GoldLine(line.n, line.start, line.end, line.text, label["label"], label.get("reason"))
        )
    return gold
