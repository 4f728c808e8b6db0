"""The hand-grouped claims the narrative clustering is scored on (``bench/data``).

Each row of ``bench/data/narratives_gold.jsonl`` points at one sentence of an article in
``../shared/data`` (file, id, character offsets into the text field: no text is copied) and
names the narrative a reader assigned it to; how the groups were made is in docs/corpus.md.
The claims are fed to :class:`NarrativeIndex` in two batches, in a seeded random order, so the
score covers extending clusters as well as starting them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from newsift.corpus.metrics import clustering_scores
from newsift.corpus.narratives import NarrativeIndex

GOLD = Path(__file__).resolve().parents[3] / "bench" / "data" / "narratives_gold.jsonl"


#: Rows without a ``split`` were the first hand-grouped set, on which the settings were
#: chosen; ``heldout`` rows were grouped after the settings were fixed and are never tuned on.
SPLITS = ("tune", "heldout")


def load_gold(data: Path, gold: Path = GOLD, split: str | None = "tune") -> list[dict]:
    """Gold rows of one split (``None``: all) with their claim text resolved from the shared
    data."""
    rows = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
    rows = [r for r in rows if split is None or r.get("split", "tune") == split]
    texts: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["file"] not in texts:
            with (data / row["file"]).open(encoding="utf-8") as handle:
                records = [json.loads(line) for line in handle]
            texts[row["file"]] = {str(r[row["key"]]): r[row["field"]] for r in records}
        article = texts[row["file"]][row["id"]]
        row["text"] = article[row["start"] : row["end"]].strip()
        row["article_id"] = f"{row['file']}#{row['id']}"
    return rows


def evaluate(
    data: Path, index: NarrativeIndex | None = None, seed: int = 13, split: str = "tune"
) -> dict:
    """B-cubed and ARI of the online clustering against the hand groups of one split."""
    rows = load_gold(data, split=split)
    random.Random(seed).shuffle(rows)
    index = index or NarrativeIndex()
    half = len(rows) // 2
    predicted = index.add(rows[:half]) + index.add(rows[half:])
    scores = clustering_scores([r["narrative"] for r in rows], predicted)
    scores["groups"] = [
        sorted(r["narrative"] for r, p in zip(rows, predicted, strict=True) if p == cluster)
        for cluster in sorted(set(predicted))
    ]
    return scores
