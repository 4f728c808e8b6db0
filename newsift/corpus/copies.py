"""Copies across a corpus: exact (same normalised text), near (MinHash LSH over word
shingles, rensa) and shared passages (the same normalised paragraph in articles that are not
otherwise copies).

The MinHash of each article is stored in the corpus file; the LSH index is rebuilt from those
rows when a writer opens the store, so the index can never disagree with the articles a batch
committed (see docs/corpus.md for the choice of rensa over datasketch and the measured quality).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Word n-grams per shingle, permutations and the LSH threshold, chosen on the labelled pairs
#: in docs/corpus.md (precision and recall by threshold are there).
SHINGLE_WORDS = 5
NUM_PERM = 128
NUM_BANDS = 32
NEAR_THRESHOLD = 0.5
SEED = 20250611
#: A paragraph shorter than this is too common ("Share this article") to mark a lifted passage.
MIN_PASSAGE_WORDS = 25

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-case words of NFKC-normalised text: punctuation, quotes and spacing do not count."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_hash(text: str) -> str:
    """Hash of the normalised text: equal for exact copies that differ in spacing or quotes."""
    return hashlib.sha256(" ".join(words(text)).encode()).hexdigest()[:32]


def shingles(tokens: list[str], size: int = SHINGLE_WORDS) -> list[str]:
    if len(tokens) <= size:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    hash: str


def passages(text: str) -> Iterator[Passage]:
    """Paragraphs long enough to be a lifted passage, with offsets into ``text``. Each line is
    a paragraph: scraped text separates them by one newline as often as by a blank line."""
    for match in re.finditer(r"[^\n]+", text):
        tokens = words(match.group())
        if len(tokens) >= MIN_PASSAGE_WORDS:
            digest = hashlib.sha256(" ".join(tokens).encode()).hexdigest()[:32]
            yield Passage(match.start(), match.end(), digest)


def minhash(text: str):
    """The article's MinHash over word shingles (a rensa ``RMinHash``)."""
    from rensa import RMinHash

    sketch = RMinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.update(shingles(words(text)))
    return sketch


class NearIndex:
    """An LSH index over article MinHashes, keyed by the store's article sequence number."""

    def __init__(self) -> None:
        from rensa import RMinHashLSH

        self._lsh = RMinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM, num_bands=NUM_BANDS)
        self._sketches: dict[int, object] = {}

    def __len__(self) -> int:
        return len(self._sketches)

    def load(self, rows: Iterable[tuple[int, bytes]]) -> None:
        """Add stored sketches (sequence number, the bytes of :func:`dump`)."""
        for seq, blob in rows:
            self.add(seq, load(blob))

    def add(self, seq: int, sketch) -> None:
        self._lsh.insert(seq, sketch)
        self._sketches[seq] = sketch

    def near(self, sketch) -> list[tuple[int, float]]:
        """Indexed articles whose estimated Jaccard similarity reaches the threshold."""
        found = []
        for seq in self._lsh.query(sketch):
            similarity = sketch.jaccard(self._sketches[seq])
            if similarity >= NEAR_THRESHOLD:
                found.append((seq, round(similarity, 4)))
        return found


def dump(sketch) -> bytes:
    """rensa's own serialisation, not Python pickle: a store file from elsewhere can fail to
    load, never run code."""
    return bytes(sketch.__getstate__())


def load(blob: bytes):
    from rensa import RMinHash

    sketch = RMinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.__setstate__(bytes(blob))
    return sketch


class UnionFind:
    """Groups from pairs: each article ends in one group with everything it copies."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> list[list[str]]:
        by_root: dict[str, list[str]] = {}
        for item in self.parent:
            by_root.setdefault(self.find(item), []).append(item)
        return [sorted(members) for members in by_root.values() if len(members) > 1]
