"""Narratives: the pairwise decision on MSRP and the clustering of hand-grouped claims.

    newsift train narratives --cache /tmp/msrp-cache          # fits pair.json, MSRP figures
    PYTHONPATH=. python bench/narratives.py --tune            # link threshold on the hand groups
    PYTHONPATH=. python bench/narratives.py --write-docs      # the docs/benchmarks.md section
    PYTHONPATH=. python bench/narratives.py --msrp-shipped    # pair.json on MSRP test, as read now

``--tune`` scores the online clustering of ``bench/data/narratives_gold.jsonl`` (see
docs/corpus.md for how the groups were made) at a grid of link thresholds and rare-word shares and writes the best
link threshold into ``pair.json`` (the rare-word share is ``MIN_RARE_OVERLAP`` in the code): the figure reported at that threshold is therefore a tuned one, not
held-out. The MSRP table comes from ``newsift/models/narratives/metrics.json``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from newsift.corpus.narratives import MODEL_PATH, NarrativeIndex, PairDecision
from newsift.corpus.training.narrative_gold import evaluate, load_gold

REPO = Path(__file__).resolve().parents[1]
THRESHOLDS = [0.1, 0.2, 0.3, 0.4, 0.5]
RARE_OVERLAPS = [0.0, 0.1, 0.2, 0.3]


class CachedEmbedder:
    """Embeds each text once across the threshold sweep."""

    def __init__(self):
        from newsift.nlp.embed import load_embedder

        self.inner = load_embedder()
        self.dim = self.inner.dim
        self.seen = {}

    def encode(self, texts):
        import numpy as np

        missing = [t for t in dict.fromkeys(texts) if t not in self.seen]
        if missing:
            self.seen.update(zip(missing, self.inner.encode(missing), strict=True))
        return np.array([self.seen[t] for t in texts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--msrp-shipped",
        action="store_true",
        help="Score the shipped pair.json on MSRP test with this code's features (no refit).",
    )
    args = parser.parse_args()
    if args.msrp_shipped:
        msrp_shipped(args.data)
        return
    decision = PairDecision.load(MODEL_PATH)
    embedder = CachedEmbedder()
    if args.tune:
        results = []
        for threshold in THRESHOLDS:
            for rare in RARE_OVERLAPS:
                index = NarrativeIndex(
                    embedder, decision, link_threshold=threshold, min_rare_overlap=rare
                )
                scores = evaluate(args.data, index)
                results.append((scores["bcubed_f1"], -threshold, rare, threshold))
                print(
                    f"link threshold {threshold}, rare overlap {rare}:"
                    f" {json.dumps({k: v for k, v in scores.items() if k != 'groups'})}"
                )
        best = max(results)[3]
        print(f"best: link threshold {best}, rare overlap {max(results)[2]}")
        replace(decision, link_threshold=best).save(
            MODEL_PATH,
            **{
                k: v
                for k, v in json.loads(MODEL_PATH.read_text()).items()
                if k in ("trained", "data", "msrp_test")
            },
        )
        print(f"wrote link_threshold {best} to {MODEL_PATH}")
        return
    index = NarrativeIndex(embedder, decision)
    scores = evaluate(args.data, index)
    heldout = evaluate(args.data, NarrativeIndex(embedder, decision), split="heldout")
    metrics = json.loads((MODEL_PATH.parent / "metrics.json").read_text())
    names = {
        "cosine": "cosine >= threshold",
        "cosine_rules": "cosine + negation and number checks",
        "learned_all": "logistic regression, all features",
        "learned_all_role_check": "the same + role check",
        "learned_length_invariant": "logistic regression, length-invariant features",
        "learned_length_invariant_role_check": "the same + role check (shipped)",
        "always_paraphrase": "always paraphrase",
    }
    lines = [
        "## Narratives",
        "",
        "Claims that recur in other words (`newsift/corpus/narratives.py`, method in",
        "[corpus.md](corpus.md#narratives)).",
        "",
        "```",
        "newsift train narratives --cache /tmp/msrp-cache",
        "PYTHONPATH=. python bench/narratives.py --tune",
        "PYTHONPATH=. python bench/narratives.py --write-docs",
        "```",
        "",
        f"Pairwise decision on MSRP test ({metrics['cosine']['pairs']} pairs; thresholds chosen for",
        f"accuracy on train+val, {metrics['train_pairs']} pairs; trained {metrics['date']}):",
        "",
        "| decision | threshold | accuracy | precision | recall | F1 |",
        "|---|---|---|---|---|---|",
    ]
    for key, name in names.items():
        m = metrics[key]
        threshold = f"{m['threshold']:.3f}" if "threshold" in m else "-"
        lines.append(
            f"| {name} | {threshold} | {m['accuracy']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |"
        )
    tune, held = load_gold(args.data), load_gold(args.data, split="heldout")
    lines += [
        "",
        "Online clustering of the hand-grouped claims (bench/data/narratives_gold.jsonl), two",
        f"batches, link threshold {index.link_threshold} and rare-word share"
        f" {index.min_rare_overlap}, both chosen on the tune split by `--tune` (a tuned figure;"
        " without",
        "the rare-word check the best there is B-cubed F1 0.832 at link threshold 0.3, see",
        "`--tune`'s output); the held-out split was grouped after the settings were fixed and",
        "never tuned on:",
        "",
        "| split | claims | groups | B-cubed P | B-cubed R | B-cubed F1 | ARI | clusters |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, rows, found in (("tune", tune, scores), ("held-out", held, heldout)):
        lines.append(
            f"| {name} | {len(rows)} | {len({r['narrative'] for r in rows})}"
            f" | {found['bcubed_precision']:.3f} | {found['bcubed_recall']:.3f}"
            f" | {found['bcubed_f1']:.3f} | {found['ari']:.3f} | {found['n_clusters']} |"
        )
    for name, found in (("tune", scores), ("held-out", heldout)):
        lines += ["", f"Clusters found on the {name} split, by their hand labels:", ""]
        lines += [f"- {', '.join(group)}" for group in found["groups"]]
    print("\n".join(lines))
    if args.write_docs:
        from _docs import write_section

        write_section("narratives", "\n".join(lines))


def msrp_shipped(data: Path) -> None:
    """Whether a change to how claims are read moved the shipped decision on MSRP test."""
    import numpy as np

    from newsift.corpus.training.pairs import featurise
    from newsift.nlp.embed import load_embedder
    from newsift.nlp.training.msrp import accuracy_f1, load_msrp

    decision = PairDecision.load(MODEL_PATH)
    x, y, swapped = featurise(load_msrp(data, "test"), load_embedder())
    accepted = np.array([decision.proba(list(row)) for row in x]) >= decision.threshold
    figures = accuracy_f1(accepted & ~swapped, y)
    print(json.dumps({"threshold": decision.threshold, **figures}))


if __name__ == "__main__":
    main()
