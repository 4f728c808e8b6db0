"""A learned second opinion for the cleaner: which of the lines the rules kept are boilerplate.

Rules name boilerplate precisely but only the families someone wrote down; on sites nobody
looked at they miss most captions, teasers and promos. A small gradient-boosted model over
the rules' own labels, the shape of each line and of its neighbours, and its words catches
part of the rest. It only ever removes lines the rules kept (rules stay in charge of what they
know) and a second model names the likely reason. Both are trained by ``newsift train
boilerplate`` from the line-labelled gold set; see ``newsift/models/boilerplate/MODEL_CARD.md``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsift.clean import patterns, rules
from newsift.errors import InputError
from newsift.settings import OVERLAP_BLOCK_LINES

MODEL_DIR = "models/boilerplate"
HASH_FEATURES = 2**12
_IMPERATIVE = re.compile(
    r"^(?:share|click|tap|subscribe|follow|join|sign|read|watch|like|download|get|see|visit|"
    r"learn|find|check|leave|tell|comment|donate|support|sponsored|advertisement|listen|buy|"
    r"order|shop)\b",
    re.IGNORECASE,
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_FIRST_PLURAL = re.compile(r"\b(?:we|us|our)\b", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.|\.com\b", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”]")


@dataclass
class LineModel:
    """The two boosters and the decision threshold chosen by cross-validation."""

    detector: Any  # lightgbm.Booster: boilerplate probability
    namer: Any  # lightgbm.Booster: reason among ``reasons``
    reasons: list[str]
    rule_reasons: list[str]
    threshold: float

    def predict(self, features: np.ndarray, hashed) -> tuple[np.ndarray, list[str]]:
        matrix = _matrix(features, hashed)
        # One thread: an article's few dozen lines are far too few for OpenMP, whose threads
        # spin on every call (0.87 s of CPU for 60 articles with its default, 0.04 s with one).
        probability = self.detector.predict(matrix, num_threads=1)
        names = [
            self.reasons[i] for i in np.argmax(self.namer.predict(matrix, num_threads=1), axis=1)
        ]
        return probability, names


def _matrix(features: np.ndarray, hashed):
    import scipy.sparse as sp

    return sp.hstack([sp.csr_matrix(features), hashed]).tocsr()


@lru_cache(maxsize=1)
def _hasher():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        n_features=HASH_FEATURES, alternate_sign=False, ngram_range=(1, 2), norm=None, binary=True
    )


def rule_reason_vocabulary() -> list[str]:
    """Every label the rules can give, in a fixed order (the model's categorical feature)."""
    extra = ["content", "title", "byline", "author_bio", "date", "repeated_furniture"]
    return sorted(set(patterns.PATTERNS) | set(extra))


def line_features(lines: Sequence, rule_labels: Sequence[str], vocabulary: list[str]):
    """Numeric features per line and the hashed words, from the text and the rules' labels."""
    n = len(lines)
    repeats = Counter(line.text for line in lines)
    boiler = [label not in (patterns.CONTENT, patterns.TITLE) for label in rule_labels]
    shape = [rules.is_prose(line) for line in lines]
    prose = [s and not b for s, b in zip(shape, boiler, strict=True)]
    prose_before = np.cumsum([0, *prose])[:-1]
    prose_after = sum(prose) - np.cumsum(prose)
    run_length, run_removed = _runs(prose, boiler)
    overlap = _overlap_with_other_lines(lines)
    removed_on_page = sum(boiler)
    page_prose = sum(prose)
    # Computed once per line: each is read again for six neighbours.
    label_index = [vocabulary.index(label) if label in vocabulary else -1 for label in rule_labels]
    word_count = [line.words for line in lines]
    terminal = [bool(patterns._TERMINAL.search(line.text)) for line in lines]
    rows = []
    for i, line in enumerate(lines):
        text = line.text
        letters = [ch for ch in text if ch.isalpha()]
        words = patterns._WORD.findall(text)
        # The line's own rule verdict is deliberately not a feature (nor part of the run and
        # page shares below): the model only ever scores lines the rules kept, and with the
        # verdict to lean on it learned "the rules removed it" for the lines they catch on the
        # development sites instead of what those lines look like, which is what carries over
        # to unseen sites, where the rules miss more.
        row = [
            word_count[i],
            len(text),
            terminal[i],
            text.endswith(":"),
            sum(ch.isupper() for ch in letters) / max(1, len(letters)),
            sum(1 for w in words if w[0].isupper()) / max(1, len(words)),
            sum(ch.isdigit() for ch in text) / max(1, len(text)),
            i / n,
            n - 1 - i,
            i,
            n,
            repeats[text],
            bool(_URL.search(text)),
            "@" in text,
            "©" in text,
            "|" in text,
            text.endswith(")"),
            bool(_QUOTE.search(text)),
            len(_SECOND_PERSON.findall(text)),
            len(_FIRST_PLURAL.findall(text)),
            bool(_IMPERATIVE.match(text)),
            rules.is_start_case(line),
            rules.is_headline_like(line),
            shape[i],
            # Where the line sits relative to the article's paragraphs: before the first, after
            # the last, or inside a block of short lines, and how much of that block the rules
            # removed. A caption often repeats words of a paragraph.
            prose_before[i],
            prose_after[i],
            0 if shape[i] else run_length[i],
            0.0 if shape[i] else run_removed[i],
            overlap[i],
            (removed_on_page - boiler[i]) / max(1, n - 1),
            page_prose - prose[i] + shape[i],
            (page_prose - prose[i] + shape[i]) / n,
        ]
        for offset in (-3, -2, -1, 1, 2, 3):
            j = i + offset
            if 0 <= j < n:
                row += [boiler[j], label_index[j], word_count[j], terminal[j], prose[j]]
            else:
                row += [True, -1, 0, False, False]
        rows.append(row)
    features = np.asarray(rows, dtype=np.float64).reshape(n, -1)
    hashed = _hasher().transform([line.text.lower() for line in lines])
    return features, hashed


def _runs(prose: list[bool], boiler: list[bool]) -> tuple[list[int], list[float]]:
    """For each line, the length of its run of non-prose lines (0 for prose) and the share of
    the *other* lines of that run the rules removed (the line's own verdict left out)."""
    length = [0] * len(prose)
    removed = [0.0] * len(prose)
    start = 0
    for i in range(len(prose) + 1):
        if i < len(prose) and not prose[i]:
            continue
        if i > start:
            total = sum(boiler[start:i])
            others = i - start - 1
            for j in range(start, i):
                length[j] = i - start
                removed[j] = (total - boiler[j]) / others if others else 0.0
        start = i + 1
    return length, removed


def _overlap_with_other_lines(lines: Sequence) -> list[float]:
    """The largest share of a line's words found in one other line of the page: captions
    repeat a sentence of the body, teasers repeat the headline. (One sparse product, not a
    loop over pairs: pages of thousands of lines exist.)

    The product has a row per pair of lines sharing a word, so it grows with the square of the
    page's lines: 100,000 short lines over a small vocabulary filled 8.5 GB. Past
    ``OVERLAP_BLOCK_LINES`` lines each line is compared with the lines of its own block only,
    which bounds the cost per line; shorter pages are compared whole, as before.
    """
    out: list[float] = []
    for start in range(0, len(lines), OVERLAP_BLOCK_LINES):
        out += _overlap_within(lines[start : start + OVERLAP_BLOCK_LINES])
    return out


def _overlap_within(lines: Sequence) -> list[float]:
    import scipy.sparse as sp

    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for i, line in enumerate(lines):
        for word in {w.lower() for w in patterns._WORD.findall(line.text)}:
            rows.append(i)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
    bags = sp.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(lines), max(1, len(vocabulary)))
    )
    shared = (bags @ bags.T).tocsr()
    shared = shared - sp.diags(shared.diagonal())
    sizes = np.asarray(bags.sum(axis=1)).ravel()
    most = shared.max(axis=1).toarray().ravel()
    return [float(m / n) if n >= 3 else 0.0 for m, n in zip(most, sizes, strict=True)]


@lru_cache(maxsize=2)
def load_model(folder: str | None = None) -> LineModel | None:
    """The shipped model (or the one in ``folder``, to compare a retrained or an earlier model
    on the same pages), or None when it is not there (the rules still work alone)."""
    import lightgbm as lgb

    if folder is None:
        where = resources.files("newsift") / MODEL_DIR
    else:
        where = Path(folder)
        if not (where / "meta.json").is_file():
            raise InputError(f"{folder}: no line model there (expected meta.json, detector.txt)")
    meta_file = where / "meta.json"
    if not meta_file.is_file():
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    return LineModel(
        detector=lgb.Booster(model_str=(where / "detector.txt").read_text(encoding="utf-8")),
        namer=lgb.Booster(model_str=(where / "namer.txt").read_text(encoding="utf-8")),
        reasons=meta["reasons"],
        rule_reasons=meta["rule_reasons"],
        threshold=meta["threshold"],
    )
