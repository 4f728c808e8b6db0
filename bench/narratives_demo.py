"""The two example articles among 1,000+ others: do they share one narrative, and only it?

    PYTHONPATH=. python bench/narratives_demo.py [--data ../shared/data] [--examples ../shared/examples]
        [--others 1000] [--claims /tmp/narratives_claims.jsonl] [--reuse] [--write-docs]

Every article in ../shared/data's article sets that mentions Syria, Russia or ISIS is taken,
then a seeded sample of the rest up to ``--others``; the two example articles are put at seeded
random places among them. ``newsift.pipe`` (fast mode: no dependency parser, same claims
model) analyses them all; each report's claims become claim records; the records go to one
``NarrativeIndex`` in two batches (the second extends the first's clusters). The script prints
the narratives the examples' claims belong to, every member claim, and how many Syria/ISIS
claims of other articles stayed outside. ``--reuse`` reads the claim records of an earlier
run from ``--claims`` (and their embeddings and parses, kept beside them while
``newsift/corpus/narratives.py`` is unchanged) instead of analysing again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import re
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MENTION = re.compile(r"\b(Syria|Syrian|Russia|Russian|ISIS|ISIL|Daesh|Islamic State)\b")
#: (file, id field, text field, title field, url field, date field) per article set.
SETS = [
    (
        "articles/fakenewsnet/v1_buzzfeed_politifact_content.jsonl",
        "id",
        "text",
        "title",
        "url",
        "publish_date",
    ),
    (
        "articles/semeval2019_hyperpartisan_byarticle/articles_training_byarticle.jsonl",
        "id",
        "text",
        "title",
        "url",
        "published_at",
    ),
    ("articles/horne2017_fakenewsdata1/articles.jsonl", "file", "body", "title", None, None),
    ("articles/golbeck2018_fake_vs_satire/articles.jsonl", "id", "body", "title", "url", None),
    ("articles/satire_multisite_natalieh2018/articles.jsonl", "id", "text", "title", "url", "date"),
    ("articles/thespoof2021_darbycobb/articles.jsonl", "id", "text", "title", "url", "date"),
    ("articles/rubin2016_snl_litrl/articles.jsonl", "id", "text", "title", "url", None),
    ("bias/basil_triplets/basil_articles.jsonl", "uuid", "text", "title", "url", "date"),
    (
        "articles/perezrosas2018_fakenews_amt_celebrity/articles.jsonl",
        "file",
        "body",
        "title",
        None,
        None,
    ),
]


def corpus(data: Path, others: int, seed: int = 13) -> tuple[list[dict], int]:
    """Rows for ``newsift.pipe``: every Syria/Russia/ISIS article, then a sample of the rest."""
    mentioning, rest = [], []
    for file, key, text, title, url, date in SETS:
        name = file.split("/")[1]
        with (data / file).open(encoding="utf-8") as handle:
            for line in handle:
                r = json.loads(line)
                body = r.get(text) or ""
                if len(body.strip()) < 200:
                    continue
                row = {
                    "id": f"{name}:{r[key]}",
                    "text": body,
                    "title": r.get(title) or None,
                    "url": (r.get(url) or None) if url else None,
                    # newsift.pipe keeps a row's own date as the report's article.published
                    "published": str(r.get(date) or "")[:10] or None if date else None,
                }
                (mentioning if MENTION.search(f"{row['title'] or ''} {body}") else rest).append(row)
    rng = random.Random(seed)
    rng.shuffle(rest)
    rows = mentioning + rest[: max(0, others - len(mentioning))]
    rng.shuffle(rows)
    return rows, len(mentioning)


def analyse(rows: list[dict], out: Path) -> None:
    """Claim records of every report, written to ``out`` (one JSON per line)."""
    import newsift

    started = time.perf_counter()
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for report in newsift.pipe(rows, batch_size=16, n_process=2, fast=True):
            if not hasattr(report, "claims"):
                continue
            n += 1
            reputation = report.source_reputation
            for claim in report.claims:
                record = {
                    "article_id": report.article.id,
                    "text": claim.text,
                    "site": report.article.site.domain,
                    "published": report.article.published,
                    "reputation": reputation.model_dump() if reputation else None,
                    "start": claim.start,
                    "end": claim.end,
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(
        f"analysed {n} articles in {time.perf_counter() - started:.0f} s (fast mode, 2 processes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--examples", type=Path, default=REPO.parent / "shared" / "examples")
    parser.add_argument("--others", type=int, default=1000)
    parser.add_argument("--claims", type=Path, default=Path("/tmp/narratives_claims.jsonl"))
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--min-rare-overlap",
        type=float,
        default=None,
        help="Override the shipped rare-word share (to show what the setting does).",
    )
    args = parser.parse_args()

    rows, n_mentioning = corpus(args.data, args.others)
    examples = sorted(args.examples.glob("*.txt"))
    rng = random.Random(7)
    for path in examples:
        rows.insert(
            rng.randrange(len(rows) + 1),
            {"id": f"example:{path.stem}", "text": path.read_text(encoding="utf-8")},
        )
    lines = [
        f"{len(rows) - len(examples)} other articles ({n_mentioning} mention Syria, Russia or ISIS)"
        f" and {len(examples)} examples"
    ]
    if not args.reuse:
        analyse(rows, args.claims)
    with args.claims.open(encoding="utf-8") as handle:
        claims = [json.loads(line) for line in handle]

    from newsift.corpus.narratives import MIN_RARE_OVERLAP, NarrativeIndex

    rare = MIN_RARE_OVERLAP if args.min_rare_overlap is None else args.min_rare_overlap
    index = NarrativeIndex(min_rare_overlap=rare)
    lines.append(
        f"link threshold {index.link_threshold}, rare-word share {rare}"
        + (" (shipped)" if rare == MIN_RARE_OVERLAP else f" (not the shipped {MIN_RARE_OVERLAP})")
    )
    # Embeddings and parses depend on how narratives.py reads a claim: a cache made by other
    # code is not reused.
    code = hashlib.sha256((REPO / "newsift/corpus/narratives.py").read_bytes()).hexdigest()[:12]
    cache = args.claims.with_suffix(f".prepared-{code}.pickle")
    if args.reuse and cache.exists():
        vectors, features = pickle.loads(cache.read_bytes())
    else:
        started = time.perf_counter()
        vectors, features = index.prepare(claims)
        cache.write_bytes(pickle.dumps((vectors, features)))
        lines.append(f"embedded and parsed the claims in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    half = len(claims) // 2
    assigned = index.add(claims[:half], vectors[:half], features[:half]) + index.add(
        claims[half:], vectors[half:], features[half:]
    )
    lines.append(
        f"{len(claims)} check-worthy claims clustered in two batches in"
        f" {time.perf_counter() - started:.0f} s (1-minute load average {os.getloadavg()[0]:.1f}"
        f" on {os.cpu_count()} cores): {len(index.recurring())} narratives carried by 2+ articles"
    )
    ids = {f"example:{p.stem}" for p in examples}
    shared = [n for n in index.recurring() if ids <= n.articles]
    lines.append(f"narratives holding claims of both examples: {len(shared)}")
    for narrative in shared:
        summary = narrative.summary()
        lines.append(
            f"\nnarrative {summary['id']}: {summary['n_claims']} claims, {summary['n_articles']}"
            f" articles, {summary['n_outlets']} outlets, first {summary['first_seen']}, last"
            f" {summary['last_seen']}, crossed to reliable: {summary['crossed_to_reliable']}"
        )
        mix = {k: v for k, v in summary["reputation_mix"].items() if v}
        lines.append(f"  reputation mix of its outlets: {mix}")
        for claim in summary["claims"]:
            text = " ".join(claim["text"].split())
            text = text if len(text) <= 150 else text[:147] + "..."
            lines.append(
                f"  - [{claim['site'] or '?'} | {claim['published'] or 'undated'} |"
                f" {claim['rating']}] {claim['article_id']}: {text}"
            )
    if not shared:
        lines.append("goal (one narrative shared by both examples) not reached: see docs/corpus.md")
    inside = {i for n in shared for i in range(len(claims)) if assigned[i] == n.id}
    syria = [
        i for i, c in enumerate(claims) if MENTION.search(c["text"]) and c["article_id"] not in ids
    ]
    lines.append(
        f"\nclaims of other articles that mention Syria, Russia or ISIS: {len(syria)};"
        f" in the examples' narrative: {len(inside & set(syria))}"
    )
    print("\n".join(lines))
    if args.write_docs:
        from _docs import write_section

        shipped = rare == MIN_RARE_OVERLAP
        flag = "" if shipped else f" --min-rare-overlap {rare}"
        write_section(
            "narratives-demo" + ("" if shipped else f"-{rare}"),
            (
                "## Narratives: the two examples\n\n"
                if shipped
                else f"### At rare-word share {rare}\n\n"
            )
            + f"```\nPYTHONPATH=. python bench/narratives_demo.py --reuse{flag} --write-docs\n```\n\n```\n"
            + "\n".join(lines)
            + "\n```",
        )


if __name__ == "__main__":
    main()
