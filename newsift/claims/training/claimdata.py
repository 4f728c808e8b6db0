"""Labelled check-worthiness sentences: ClaimBuster JSON and CheckThat! TSV, read the same way.

Every reader yields :class:`LabeledSentence` rows so training and evaluation need not care which
data set a sentence came from. ``source`` names the ranked list a sentence belongs to (a debate
file, a tweet file), because CheckThat!'s official metric, MAP, ranks each list separately.

The data sets overlap (DATA.md: CLEF 2019 Task 1 test debates reappear in CLEF 2020 Task 5
training, and the 2019 and 2020 training sets share debates), so :func:`remove_overlap` drops
every training sentence, and every training debate, that an evaluation set also contains.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsift.errors import InputError

#: Tweet files have a header naming the text and label columns (CheckThat! 2020 / 2022).
TWEET_TEXT_COLUMN = "tweet_text"
TWEET_LABEL_COLUMNS = ("check_worthiness", "claim_worthiness", "class_label")

#: A training debate sharing at least this share of its sentences with an evaluation debate is
#: the same event transcribed twice and is dropped whole.
SAME_DEBATE_OVERLAP = 0.2

#: Folders of the shared data used by ``newsift train checkworthiness``, relative to ``--data``.
CLAIMBUSTER = "claims/claimbuster_2.5xNCS/train.json"
CLEF2019_TRAIN = "claims/clef2019_task1_checkworthiness_debates/training"
CLEF2019_TEST = "claims/clef2019_task1_checkworthiness_debates/test_annotated"
CLEF2020_DEBATES = "claims/clef2020_task5_checkworthiness_debates/training"


@dataclass(frozen=True, slots=True)
class LabeledSentence:
    text: str
    label: int  # 1 = check-worthy
    source: str  # the file (ranked list) it came from
    line: int  # 1-based position in that list
    speaker: str | None = None


def normalise(text: str) -> str:
    """Case- and punctuation-blind form, so a sentence transcribed twice compares equal."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def _label(value: object, where: str) -> int:
    text = str(value).strip()
    if text in ("0", "1"):
        return int(text)
    if isinstance(value, bool):
        return int(value)
    raise InputError(f"{where}: label must be 0 or 1, got {text[:20]!r}")


def read_claimbuster(path: str | Path) -> list[LabeledSentence]:
    """A ClaimBuster-format JSON file: a list of objects with ``text`` and ``label`` (0/1)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as handle:
            rows = json.load(handle)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not valid JSON ({err.msg} at line {err.lineno})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    if not isinstance(rows, list):
        raise InputError(f"{path}: expected a JSON list of {{text, label}} objects")
    out = []
    for i, row in enumerate(rows, 1):
        where = f"{path}: item {i}"
        if not isinstance(row, dict) or "text" not in row or "label" not in row:
            raise InputError(f"{where}: expected an object with 'text' and 'label'")
        text = str(row["text"]).strip()
        if not text:
            raise InputError(f"{where}: empty text")
        out.append(LabeledSentence(text, _label(row["label"], where), path.name, i))
    return out


def read_checkthat(path: str | Path) -> list[LabeledSentence]:
    """A CheckThat! TSV: a debate (line, speaker, sentence, label; no header) or tweets (header)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            if TWEET_TEXT_COLUMN in first.rstrip("\r\n").split("\t"):
                return list(_read_tweets(path, handle))
            return list(_read_debate(path, handle))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None


def _read_debate(path: Path, lines: Iterable[str]) -> Iterator[LabeledSentence]:
    # Split on tabs, not with csv: debate sentences contain quote characters.
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        where = f"{path}:{number}"
        if len(fields) != 4:
            raise InputError(
                f"{where}: expected 4 tab-separated fields (line, speaker, sentence, label),"
                f" got {len(fields)}"
            )
        line_no, speaker, text, label = fields
        if not line_no.strip().isdigit():
            raise InputError(f"{where}: line number must be an integer, got {line_no[:20]!r}")
        yield LabeledSentence(text.strip(), _label(label, where), path.name, int(line_no), speaker)


def _read_tweets(path: Path, handle: Iterable[str]) -> Iterator[LabeledSentence]:
    reader = csv.DictReader(handle, delimiter="\t")
    header = reader.fieldnames or []
    label_column = next((c for c in TWEET_LABEL_COLUMNS if c in header), None)
    if label_column is None:
        raise InputError(f"{path}: no label column (one of {', '.join(TWEET_LABEL_COLUMNS)})")
    for position, row in enumerate(reader, 1):
        where = f"{path}:{reader.line_num}"
        if None in row or any(row[c] is None for c in header):
            raise InputError(f"{where}: expected {len(header)} tab-separated fields")
        yield LabeledSentence(
            row[TWEET_TEXT_COLUMN].strip(), _label(row[label_column], where), path.name, position
        )


def read_labeled(path: str | Path) -> list[LabeledSentence]:
    """A ClaimBuster ``.json``, a CheckThat! ``.tsv``, or a folder of them (e.g. debates)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".tsv"))
        if not files:
            raise InputError(f"{path}: no .json or .tsv files in this folder")
        return [s for f in files for s in read_labeled(f)]
    if path.suffix == ".json":
        rows = read_claimbuster(path)
    elif path.suffix == ".tsv":
        rows = read_checkthat(path)
    else:
        raise InputError(f"{path}: expected a ClaimBuster .json or a CheckThat! .tsv file")
    if not rows:
        raise InputError(f"{path}: no labelled sentences")
    return rows


def remove_overlap(
    train: list[LabeledSentence], evaluation: Iterable[LabeledSentence]
) -> list[LabeledSentence]:
    """Training rows minus any sentence, or debate, that the evaluation data also holds."""
    eval_texts = {normalise(s.text) for s in evaluation}
    by_source: dict[str, list[LabeledSentence]] = {}
    for s in train:
        by_source.setdefault(s.source, []).append(s)
    kept = []
    for rows in by_source.values():
        shared = sum(normalise(s.text) in eval_texts for s in rows)
        if len(rows) >= 20 and shared / len(rows) >= SAME_DEBATE_OVERLAP:
            continue
        kept.extend(s for s in rows if normalise(s.text) not in eval_texts)
    return kept


def deduplicate(rows: Iterable[LabeledSentence]) -> list[LabeledSentence]:
    """One row per normalised sentence; a sentence labelled positive anywhere stays positive."""
    best: dict[str, LabeledSentence] = {}
    for s in rows:
        key = normalise(s.text)
        if key and (key not in best or s.label > best[key].label):
            best[key] = s
    return list(best.values())
