"""Copies: quality on labelled pairs (datasketch vs rensa) and throughput and memory at scale.

    python bench/copies.py quality --data ../shared/data --write-docs
    python bench/copies.py scale --data ../shared/data --n 100000 --write-docs

``quality`` builds labelled pairs from real articles (how: docs/corpus.md), runs the same
shingles through both MinHash LSH libraries, each in its own process so peak memory is its
own, and reports precision, recall, speed and memory (``pip install datasketch`` first: only
this comparison needs it). ``scale`` runs the shipped path (rensa,
``newsift.corpus``) over ``--n`` articles: real ones, new ones made by mixing real articles'
sentences, and edited copies of them; first the index alone, then the whole store.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._docs import machine, write_section
from newsift.corpus import copies

THRESHOLD = copies.NEAR_THRESHOLD
RESULTS = Path(__file__).resolve().parent / "results"


# --- real articles -----------------------------------------------------------------------------


def real_articles(data: Path) -> list[dict]:
    """Articles with title and text from the shared datasets, each with its dataset and group
    keys for hard negatives (BASIL event, WikiRef topic, FakeNewsAMT story)."""
    out: list[dict] = []

    def add(dataset: str, title, text, **extra) -> None:
        if text and len(copies.words(text)) >= 80:
            out.append({"dataset": dataset, "title": title or "", "text": text, **extra})

    def jsonl(path: Path) -> Iterator[dict]:
        with open(data / path, encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)

    articles = Path("articles")
    for row in jsonl(articles / "horne2017_fakenewsdata1/articles.jsonl"):
        add("horne2017", row.get("title"), row.get("body"))
    for row in jsonl(articles / "fakenewsnet/v1_buzzfeed_politifact_content.jsonl"):
        add("fakenewsnet", row.get("title"), row.get("text"))
    for row in jsonl(articles / "golbeck2018_fake_vs_satire/articles.jsonl"):
        add("golbeck2018", row.get("title"), row.get("body"))
    for row in jsonl(
        articles / "semeval2019_hyperpartisan_byarticle/articles_training_byarticle.jsonl"
    ):
        add("semeval2019", row.get("title"), row.get("text"))
    for name in ("satire_multisite_natalieh2018", "rubin2016_snl_litrl", "thespoof2021_darbycobb"):
        for row in jsonl(articles / name / "articles.jsonl"):
            add(name.split("_")[0], row.get("title"), row.get("text"))
    for row in jsonl(articles / "perezrosas2018_fakenews_amt_celebrity/articles.jsonl"):
        story = f"{row['domain']}:{row['file'].removesuffix('.txt').rstrip('fakelgit')}"
        add("amt", row.get("title"), row.get("body"), amt=story)
    for row in jsonl(Path("bias/basil_triplets/basil_articles.jsonl")):
        add("basil", row.get("title"), row.get("text"), event=row["triplet_uuid"])
    for row in jsonl(Path("similarity/wikiref220_topic_clustering/wikiref220.jsonl")):
        add("wikiref220", "", row.get("text"), topic=row["topic"])
    csv.field_size_limit(sys.maxsize)
    with open(data / articles / "fakenewscorpus_sample/news_sample.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            add("fakenewscorpus", row.get("title"), row.get("content"))
    for number, article in enumerate(out):
        article["id"] = f"r{number}"
    return out


# --- labelled pairs ----------------------------------------------------------------------------

EDITS = ("headline", "new_lede", "drop_paragraph", "footer", "word_swaps", "truncate", "restyle")


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def edit(text: str, ops: list[str], rng: random.Random, donor: dict) -> str:
    """An edited copy, as a syndicating or copying outlet makes one (the ops: docs/corpus.md)."""
    parts = paragraphs(text)
    for op in ops:
        if op == "headline":
            parts.insert(0, donor["title"] or "Read this now")
        elif op == "new_lede":
            parts[0] = paragraphs(donor["text"])[0]
        elif op == "drop_paragraph" and len(parts) > 2:
            parts.pop(rng.randrange(1, len(parts)))
        elif op == "footer":
            parts.append(
                "This article originally appeared on a partner site and is republished with"
                " permission. Follow us for more stories like this one."
            )
        elif op == "word_swaps":  # about 3% of words replaced (typos, synonyms, house style)
            words = " ".join(parts).split(" ")
            for i in rng.sample(range(len(words)), max(1, len(words) * 3 // 100)):
                words[i] = rng.choice(("the", "said", "new", "reported", "also", "that"))
            parts = [" ".join(words)]
        elif op == "truncate" and len(parts) > 3:
            parts = parts[: max(2, len(parts) * 3 // 4)]
        elif op == "restyle":  # curly quotes, dashes, spacing: the same text once normalised
            parts = [p.replace('"', "\u201c").replace(" - ", " \u2014 ").upper() for p in parts]
    return "\n\n".join(parts)


def labelled(data: Path, seed: int = 7) -> tuple[list[dict], list[tuple[str, str, str, str]]]:
    """Articles (real and synthesised) and pairs ``(a, b, label, how)``; label is ``copy``
    (exact or near), ``passage``, ``different`` or ``rewrite`` (a crowd-written fake and its
    source story: reported apart)."""
    rng = random.Random(seed)
    articles = real_articles(data)
    pairs: list[tuple[str, str, str, str]] = []

    by_title: dict[str, list[dict]] = defaultdict(list)
    for article in articles:
        key = " ".join(copies.words(article["title"]))
        if len(key.split()) >= 5:
            by_title[key].append(article)
    for group in by_title.values():  # one story scraped into two datasets, or twice into one
        for a, b in itertools.combinations(group, 2):
            if a["text"] != b["text"] or rng.random() < 0.2:
                pairs.append((a["id"], b["id"], "copy", "real: same title in the data"))

    base = [a for a in articles if len(paragraphs(a["text"])) >= 4]
    synthetic: list[dict] = []
    for number, original in enumerate(rng.sample(base, 600)):
        donor = rng.choice(articles)
        if number < 400:
            ops = rng.sample(EDITS, rng.randint(1, 3))
            text = edit(original["text"], ops, rng, donor)
            copy_id = f"s{number}"
            synthetic.append({"id": copy_id, "dataset": "synthetic", "title": "", "text": text})
            pairs.append((original["id"], copy_id, "copy", "synthetic: " + "+".join(sorted(ops))))
        else:  # one long paragraph of the original lifted into another article
            lifted = max(paragraphs(original["text"]), key=len)
            if len(copies.words(lifted)) < copies.MIN_PASSAGE_WORDS:
                continue
            host = paragraphs(donor["text"])
            host.insert(rng.randrange(0, len(host) + 1), lifted)
            host_id = f"p{number}"
            synthetic.append(
                {"id": host_id, "dataset": "synthetic", "title": "", "text": "\n\n".join(host)}
            )
            pairs.append((original["id"], host_id, "passage", "synthetic: one paragraph lifted"))

    for key, label, how in (
        ("event", "different", "hard: BASIL, one event, other outlet"),
        ("topic", "different", "hard: WikiRef220, one topic"),
        # Crowd workers wrote each fake from its legit story, some by editing its text: a copy
        # with a changed fact. Reported apart, in neither precision nor recall.
        ("amt", "rewrite", "FakeNewsAMT fake and the legit story it was written from"),
    ):
        groups: dict[str, list[dict]] = defaultdict(list)
        for article in articles:
            if key in article:
                groups[article[key]].append(article)
        candidates = [(a, b) for g in groups.values() for a, b in itertools.combinations(g, 2)]
        for a, b in rng.sample(candidates, min(300, len(candidates))):
            pairs.append((a["id"], b["id"], label, how))
    return articles + synthetic, pairs


# --- the libraries -----------------------------------------------------------------------------


def run_library(library: str, docs: list[tuple[str, list[str]]]) -> dict:
    """Sketch, query-then-insert every document (as a batch does); candidate pairs verified
    by estimated Jaccard. Returns pairs found and the time each step took."""
    from newsift.corpus.copies import NUM_BANDS, NUM_PERM, SEED

    found: dict[tuple[str, str], float] = {}
    start = time.perf_counter()
    if library == "datasketch":
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        sketches = {}
        sketch_seconds = 0.0
        for doc_id, shingles in docs:
            t = time.perf_counter()
            sketch = MinHash(num_perm=NUM_PERM, seed=SEED)
            sketch.update_batch([s.encode() for s in shingles])
            sketch_seconds += time.perf_counter() - t
            for other in lsh.query(sketch):
                similarity = sketch.jaccard(sketches[other])
                if similarity >= THRESHOLD:
                    found[tuple(sorted((doc_id, other)))] = similarity
            lsh.insert(doc_id, sketch)
            sketches[doc_id] = sketch
    else:
        from rensa import RMinHash, RMinHashLSH

        lsh = RMinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, num_bands=NUM_BANDS)
        sketches = {}
        sketch_seconds = 0.0
        for key, (doc_id, shingles) in enumerate(docs):
            t = time.perf_counter()
            sketch = RMinHash(num_perm=NUM_PERM, seed=SEED)
            sketch.update(shingles)
            sketch_seconds += time.perf_counter() - t
            for other in lsh.query(sketch):
                similarity = sketch.jaccard(sketches[other])
                if similarity >= THRESHOLD:
                    found[tuple(sorted((doc_id, docs[other][0])))] = similarity
            lsh.insert(key, sketch)
            sketches[key] = sketch
    seconds = time.perf_counter() - start
    rss_after = rss_mb()  # while the index and sketches are still alive
    return {
        "library": library,
        "docs": len(docs),
        "seconds": seconds,
        "sketch_seconds": sketch_seconds,
        "docs_per_second": len(docs) / seconds,
        "rss_after_mb": rss_after,
        "pairs": [[a, b, s] for (a, b), s in found.items()],
    }


def rss_mb() -> float:
    """Resident memory now (Linux): what the index holds, Rust's allocations included."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(args: argparse.Namespace) -> None:
    """One library over the documents in a file, in a fresh process."""
    docs = [tuple(row) for row in json.loads(Path(args.docs).read_text())]
    baseline = rss_mb()
    result = run_library(args.library, docs)
    result["held_mb"] = result.pop("rss_after_mb") - baseline
    Path(args.result).write_text(json.dumps(result))


def in_process(library: str, docs: list[tuple[str, list[str]]]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        docs_file, result_file = Path(tmp) / "docs.json", Path(tmp) / "result.json"
        docs_file.write_text(json.dumps(docs))
        subprocess.run(
            [sys.executable, __file__, "_child", library, str(docs_file), str(result_file)],
            check=True,
        )
        return json.loads(result_file.read_text())


def quality(args: argparse.Namespace) -> None:
    articles, pairs = labelled(args.data)
    by_id = {a["id"]: a for a in articles}
    hashes = {a["id"]: copies.content_hash(a["text"]) for a in articles}
    passages = {a["id"]: {p.hash for p in copies.passages(a["text"])} for a in articles}
    docs = [(a["id"], copies.shingles(copies.words(a["text"]))) for a in articles]
    results = {lib: in_process(lib, docs) for lib in ("datasketch", "rensa")}

    lines = [
        f"{len(articles)} articles ({sum(1 for a in articles if a['dataset'] == 'synthetic')}"
        f" synthesised), {len(pairs)} labelled pairs: "
        + ", ".join(f"{n} {label}" for label, n in sorted(Counter(p[2] for p in pairs).items()))
        + f". {machine()}. Word {copies.SHINGLE_WORDS}-shingles, {copies.NUM_PERM} permutations,"
        f" estimated Jaccard >= {THRESHOLD}.",
        "",
        "| library | articles/s (sketch + query + insert) | sketching alone, articles/s |"
        " memory held by index and sketches | copy precision | copy recall | hard-negative false positives |",
        "|---|---|---|---|---|---|---|",
    ]
    per_how: dict[str, Counter] = {}
    for library, result in results.items():
        found = {(a, b) for a, b, _ in result["pairs"]}

        def is_copy(a: str, b: str, found=found) -> bool:
            return hashes[a] == hashes[b] or tuple(sorted((a, b))) in found

        tp = fp = fn = hard_fp = hard = 0
        for a, b, label, how in pairs:
            flagged = is_copy(a, b)
            if label == "copy":
                tp += flagged
                fn += not flagged
                if library == "rensa":
                    for part in how.removeprefix("synthetic: ").split("+"):
                        per_how.setdefault(part, Counter())[flagged] += 1
            elif label == "different":
                fp += flagged
                hard += 1
                hard_fp += flagged
        lines.append(
            f"| {library} | {result['docs_per_second']:,.0f} |"
            f" {result['docs'] / result['sketch_seconds']:,.0f} |"
            f" {result['held_mb']:,.0f} MB |"
            f" {tp / max(1, tp + fp):.3f} | {tp / max(1, tp + fn):.3f} | {hard_fp} of {hard} |"
        )

    passage_pairs = [p for p in pairs if p[2] == "passage"]
    shared = sum(bool(passages[a] & passages[b]) for a, b, _, _ in passage_pairs)
    hard_shared = [
        (a, b) for a, b, label, _ in pairs if label == "different" and passages[a] & passages[b]
    ]
    lines += [
        "",
        f"Shared passages (exact normalised paragraphs of >= {copies.MIN_PASSAGE_WORDS} words,"
        f" the same for both libraries): {shared} of {len(passage_pairs)} lifted paragraphs"
        f" found; {len(hard_shared)} hard-negative pairs share a paragraph.",
        "",
        "Copy recall (rensa) by how the pair was made (a synthetic copy had one to three edit"
        " operations; it counts under each):",
        "",
        "| pair or edit operation | found | of |",
        "|---|---|---|",
    ]
    for how, counts in sorted(per_how.items(), key=lambda kv: -sum(kv[1].values())):
        lines.append(f"| {how} | {counts[True]} | {counts[True] + counts[False]} |")

    # What the threshold trades: verified pairs at other thresholds (rensa's sketches).
    lines += ["", "The threshold's trade (rensa's estimated Jaccard of each labelled pair):", ""]
    lines += ["| threshold | precision | recall |", "|---|---|---|"]
    sims = {tuple(sorted((a, b))): s for a, b, s in results["rensa"]["pairs"]}
    sims.update(low_pairs(docs, pairs))
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        tp = fp = fn = 0
        for a, b, label, _ in pairs:
            if label == "passage":
                continue
            flagged = hashes[a] == hashes[b] or sims.get(tuple(sorted((a, b))), 0) >= threshold
            tp += flagged and label == "copy"
            fp += flagged and label == "different"
            fn += (not flagged) and label == "copy"
        lines.append(f"| {threshold} | {tp / max(1, tp + fp):.3f} | {tp / max(1, tp + fn):.3f} |")

    rewrites = [(a, b) for a, b, label, _ in pairs if label == "rewrite"]
    rewritten = sum(
        hashes[a] == hashes[b] or sims[tuple(sorted((a, b)))] >= THRESHOLD for a, b in rewrites
    )
    lines += [
        "",
        f"FakeNewsAMT: {rewritten} of {len(rewrites)} fakes are near copies of the legit story"
        " they were written from (the worker edited its text): a copy with a changed fact, which"
        " `corpus copies` shows and a reader should see.",
    ]
    hard_found = Counter(
        how
        for a, b, label, how in pairs
        if label == "different"
        and tuple(sorted((a, b))) in sims
        and (sims[tuple(sorted((a, b)))] >= THRESHOLD or hashes[a] == hashes[b])
    )
    lines += [
        "",
        "Hard negatives flagged as copies: "
        + (", ".join(f"{n} {how}" for how, n in hard_found.items()) or "none"),
    ]
    missed_real = [
        (a, b)
        for a, b, label, how in pairs
        if how.startswith("real")
        and hashes[a] != hashes[b]
        and tuple(sorted((a, b))) not in {(x, y) for x, y, _ in results["rensa"]["pairs"]}
    ]
    lines += [
        "",
        f"Real same-title pairs not found: {len(missed_real)}; e.g. "
        + "; ".join(
            f"{by_id[a]['dataset']} {len(copies.words(by_id[a]['text']))} words vs"
            f" {by_id[b]['dataset']} {len(copies.words(by_id[b]['text']))} words"
            for a, b in missed_real[:4]
        ),
    ]
    markdown = "\n".join(lines)
    print(markdown)
    RESULTS.mkdir(exist_ok=True)
    if args.write_docs:
        write_section(
            "copies-quality",
            f"Command: `python bench/copies.py quality --data {args.data}`\n\n{markdown}",
        )


def low_pairs(docs, pairs) -> dict[tuple[str, str], float]:
    """Estimated Jaccard for every labelled pair, found by LSH or not."""
    from rensa import RMinHash

    shingles = dict(docs)
    out = {}
    for a, b, _, _ in pairs:
        sketches = []
        for doc in (a, b):
            sketch = RMinHash(num_perm=copies.NUM_PERM, seed=copies.SEED)
            sketch.update(shingles[doc])
            sketches.append(sketch)
        out[tuple(sorted((a, b)))] = sketches[0].jaccard(sketches[1])
    return out


# --- scale -------------------------------------------------------------------------------------


def synthetic_corpus(data: Path, n: int, seed: int = 11) -> Iterator[tuple[str, str, str | None]]:
    """``n`` articles (id, text, date): real ones, then new ones made of sentences from five
    real articles, and about one in ten an edited copy of an earlier one."""
    rng = random.Random(seed)
    real = real_articles(data)
    made: list[str] = []
    for number in range(n):
        if number < len(real):
            text = real[number]["text"]
        elif made and rng.random() < 0.1:
            ops = rng.sample(EDITS, rng.randint(1, 3))
            text = edit(rng.choice(made), ops, rng, rng.choice(real))
        else:  # sentences of five real articles, so no paragraph repeats a real one
            sentences = [
                s
                for _ in range(5)
                for s in re.split(r"(?<=[.!?])\s+|\n+", rng.choice(real)["text"])
            ]
            picked = rng.sample(sentences, min(12, len(sentences)))
            text = "\n\n".join(" ".join(picked[i : i + 3]) for i in range(0, len(picked), 3))
            made.append(text)
        day = f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}" if number % 5 else None
        yield f"n{number}", text, day


def scale(args: argparse.Namespace) -> None:
    from newsift import Corpus
    from newsift.corpus.store import StoreWriter
    from newsift.report import ArticleInfo, Report, SiteInfo

    corpus = list(synthetic_corpus(args.data, args.n))
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    start = time.perf_counter()
    index = copies.NearIndex()
    near = 0
    for seq, (_, text, _) in enumerate(corpus):
        sketch = copies.minhash(text)
        near += bool(index.near(sketch))
        index.add(seq, sketch)
    index_seconds = time.perf_counter() - start
    rss_index = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del index

    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        path = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        with StoreWriter(path, commit_every=500) as writer:
            for doc_id, text, day in corpus:
                writer.write(
                    Report(
                        article=ArticleInfo(
                            id=doc_id,
                            input_kind="text",
                            text=text,
                            published=day,
                            site=SiteInfo(domain=f"site{hash(doc_id) % 500}.example"),
                        ),
                        boilerplate_basis="input",
                    )
                )
        store_seconds = time.perf_counter() - start
        start = time.perf_counter()
        StoreWriter(path).close()  # opening rebuilds the index from the stored sketches
        reopen_seconds = time.perf_counter() - start
        start = time.perf_counter()
        with Corpus(path) as opened:
            groups = opened.copies()
        copies_seconds = time.perf_counter() - start
        size_mb = path.stat().st_size / 2**20
    rss_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kinds = Counter(g["kind"] for g in groups)
    markdown = "\n".join(
        [
            f"Command: `python bench/copies.py scale --data {args.data} --n {args.n}`."
            f" {machine()}.",
            "",
            f"{args.n:,} articles: {min(args.n, len(real_articles(args.data))):,} real, the rest"
            " made of sentences of five real articles, one in ten an edited copy (the edit"
            " operations of the quality table). Hand-built reports, so this times the store and"
            " the copies, not the analysis.",
            "",
            "| step | time | articles/s |",
            "|---|---|---|",
            f"| MinHash + LSH query + insert (index alone) | {index_seconds:.1f} s |"
            f" {args.n / index_seconds:,.0f} |",
            f"| the whole store: reports, tables, sketches, copy pairs; a commit per 500 |"
            f" {store_seconds:.1f} s | {args.n / store_seconds:,.0f} |",
            f"| reopening the store for writing (index rebuilt from sketches) |"
            f" {reopen_seconds:.1f} s | |",
            f"| `Corpus.copies()` (groups from pairs, hashes and passages) |"
            f" {copies_seconds:.1f} s | |",
            "",
            f"Peak RSS: {rss0:,.0f} MB with the texts loaded, {rss_index:,.0f} MB after the index"
            f" alone, {rss_all:,.0f} MB at the end. Store file {size_mb:,.0f} MB. Articles with a"
            f" near copy already indexed: {near:,}. Groups: "
            + ", ".join(f"{kinds[k]:,} {k}" for k in ("exact", "near", "passage"))
            + ".",
        ]
    )
    print(markdown)
    if args.write_docs:
        write_section(f"copies-scale-{args.n}", markdown)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(argparse.Namespace(library=sys.argv[2], docs=sys.argv[3], result=sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("quality", "scale"):
        command = sub.add_parser(name)
        command.add_argument("--data", type=Path, default=Path("../shared/data"))
        command.add_argument("--write-docs", action="store_true")
    sub.choices["scale"].add_argument("--n", type=int, default=100_000)
    sub.choices["scale"].add_argument(
        "--tmp", type=Path, default=None, help="Folder for the store."
    )
    args = parser.parse_args()
    {"quality": quality, "scale": scale}[args.command](args)


if __name__ == "__main__":
    main()
