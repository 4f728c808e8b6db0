"""Tokens and hashed features shared by training and analysis, so both read text alike.

Tokens come from one regular expression (no parser: the stage also runs in fast mode). A token
is described by its word, its neighbours, its shape and its sentence; a span by its words, word
pairs, edges and the words around it. Features are hashed (scikit-learn's HashingVectorizer), so
the shipped model is a weight vector and nothing else.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
SENTENCE_END = frozenset(".!?")
TOKEN_FEATURES = 2**18
SPAN_FEATURES = 2**16


def tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "UPPER"
    if word[:1].isupper():
        return "Cap"
    if word.isdigit():
        return "digit"
    if not word[:1].isalnum():
        return f"punct{word}"
    return "lower"


def token_feature_lists(toks: Sequence[tuple[str, int, int]]) -> list[list[str]]:
    """Per token: its word, neighbours (±2), pairs, shape, suffix, and its sentence's marks."""
    words = [t[0].lower() for t in toks]
    sentence_marks: list[str] = []
    start = 0
    out: list[list[str]] = []
    for i, (word, _, _) in enumerate(toks):
        if word in SENTENCE_END or i == len(toks) - 1:
            marks = {w for w in words[start : i + 1] if w in ("!", "?", '"', "“", "”")}
            length = min((i + 1 - start) // 10, 5)
            sentence_marks += [
                f"sent_len={length} " + " ".join(f"sent{m}" for m in sorted(marks))
            ] * (i + 1 - start)
            start = i + 1
    quote_depth = 0
    for i, (word, _, _) in enumerate(toks):
        if word in ('"', "“", "”"):
            quote_depth = 1 - quote_depth if word == '"' else (1 if word == "“" else 0)
        w = words[i]
        prev1 = words[i - 1] if i > 0 else "<s>"
        prev2 = words[i - 2] if i > 1 else "<s>"
        next1 = words[i + 1] if i + 1 < len(words) else "</s>"
        next2 = words[i + 2] if i + 2 < len(words) else "</s>"
        out.append(
            [
                f"w={w}",
                f"w-1={prev1}",
                f"w+1={next1}",
                f"w-2={prev2}",
                f"w+2={next2}",
                f"w-1w={prev1}|{w}",
                f"ww+1={w}|{next1}",
                f"shape={_shape(word)}",
                f"suf={w[-3:]}",
                f"quoted={quote_depth}",
                *sentence_marks[i].split(),
            ]
        )
    return out


def span_feature_list(text: str, start: int, end: int) -> list[str]:
    """A span's words, pairs, first and last words, length and the three words each side."""
    inside = [t[0].lower() for t in tokens(text[start:end])]
    left = [t[0].lower() for t in tokens(text[max(0, start - 80) : start])][-3:]
    right = [t[0].lower() for t in tokens(text[end : end + 80])][:3]
    feats = [f"w={w}" for w in inside]
    feats += [f"ww={a}|{b}" for a, b in itertools.pairwise(inside)]
    if inside:
        feats += [f"first={inside[0]}", f"last={inside[-1]}"]
    feats += [f"L={w}" for w in left] + [f"R={w}" for w in right]
    feats.append(f"len={min(len(inside), 30) // 3}")
    if text[start:end].isupper():
        feats.append("all_caps")
    return feats


@lru_cache(maxsize=2)
def hasher(n_features: int):
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        n_features=n_features, analyzer=_identity, alternate_sign=False, norm=None
    )


def _identity(features: list[str]) -> list[str]:
    return features


def hashed(feature_lists: Iterable[list[str]], n_features: int):
    return hasher(n_features).transform(list(feature_lists))
