"""How far the raters cover and agree: the tables of docs/sources.md, generated, never typed.

Coverage counts distinct domains per rater, shipped and with ../shared (MBFC and Baly are read
from there for evaluation only). Agreement is Cohen's kappa on the factuality axis for every
pair of raters with enough shared domains (both stating a factuality), beside the raw share of
domains on which they agree; pairs of the same origin (MBFC over time, the RSP in 2021 and
2026) are marked, since their agreement measures consistency, not independent confirmation.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter, defaultdict
from pathlib import Path

from newsift.sources import taxonomy
from newsift.sources.raters import NOT_RATERS, RATERS
from newsift.sources.registry import BuildProblems, Registry, registry_from_data
from newsift.sources.reputation import _counted, consensus

MIN_SHARED = 10


def coverage(registry: Registry) -> list[dict]:
    rows = []
    per_rater: dict[str, list] = defaultdict(list)
    for entry in registry.entries():
        per_rater[entry.rater].append(entry)
    for rater in RATERS:
        entries = per_rater.get(rater.id, [])
        if rater.id not in registry.raters:
            continue
        facts = Counter(e.factuality or "none" for e in entries)
        rows.append(
            {
                "rater": rater.id,
                "origin": rater.origin,
                "date": rater.date,
                "license": rater.license,
                "shipped": rater.ship_as is not None,
                "domains": len(entries),
                **{k: facts.get(k, 0) for k in (*taxonomy.FACTUALITY, "none")},
            }
        )
    return rows


def _kappa(x: list[str], y: list[str]) -> tuple[float, float]:
    from sklearn.metrics import cohen_kappa_score

    if not x:
        return math.nan, math.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one label on both sides: kappa is undefined (nan)
        kappa = cohen_kappa_score(x, y, labels=list(taxonomy.FACTUALITY))
        weighted = cohen_kappa_score(
            [taxonomy.SEVERITY[v] for v in x],
            [taxonomy.SEVERITY[v] for v in y],
            weights="linear",
            labels=[0, 1, 2],
        )
    return kappa, weighted


def _pair(a: str, b: str, x: list[str], y: list[str]) -> dict:
    """Agreement figures of two raters' factuality votes on the same domains."""
    kappa, weighted = _kappa(x, y)
    return {
        "a": a,
        "b": b,
        "n": len(x),
        "agree": sum(p == q for p, q in zip(x, y, strict=True)) / len(x),
        "kappa": kappa,
        "kappa_linear": weighted,
        "labels": f"{len(set(x))}/{len(set(y))}",
    }


def kappa_pairs(registry: Registry, min_shared: int = MIN_SHARED) -> list[dict]:
    """Rater pairs; ``independent`` restricts to domains whose two ratings differ in origin
    (Idiap's MBFC-derived rows against the MBFC scrape are one source, not two)."""
    votes: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    for entry in registry.entries():
        if entry.factuality:
            votes[entry.rater][entry.domain] = (entry.factuality, entry.origin)
    out = []
    for a, b in itertools.combinations([r.id for r in RATERS if r.id in votes], 2):
        shared = sorted(votes[a].keys() & votes[b].keys())
        if len(shared) < min_shared:
            continue
        x = [votes[a][d][0] for d in shared]
        y = [votes[b][d][0] for d in shared]
        indep = [d for d in shared if votes[a][d][1] != votes[b][d][1]]
        kappa_indep, _ = _kappa([votes[a][d][0] for d in indep], [votes[b][d][0] for d in indep])
        out.append(
            {**_pair(a, b, x, y), "n_independent": len(indep), "kappa_independent": kappa_indep}
        )
    out.sort(key=lambda r: (-r["n"], r["a"], r["b"]))
    return out


def origin_kappa_pairs(registry: Registry, min_shared: int = MIN_SHARED) -> list[dict]:
    """Pairs of independent origins, each voting as in consensus (its newest rating)."""
    votes: dict[str, dict[str, str]] = defaultdict(dict)
    for domain, entries in registry.by_domain.items():
        for origin, rows in _counted(entries, registry.raters).items():
            if rows[0].factuality:
                votes[origin][domain] = rows[0].factuality
    out = []
    for a, b in itertools.combinations(sorted(votes), 2):
        shared = sorted(votes[a].keys() & votes[b].keys())
        if len(shared) < min_shared:
            continue
        out.append(_pair(a, b, [votes[a][d] for d in shared], [votes[b][d] for d in shared]))
    out.sort(key=lambda r: (-r["n"], r["a"], r["b"]))
    return out


def consensus_summary(registry: Registry) -> dict[str, Counter]:
    status: Counter = Counter()
    verdicts: Counter = Counter()
    independent: Counter = Counter()
    for entries in registry.by_domain.values():
        result = consensus(entries, registry.raters)
        fact = result["agreement"]["factuality"]
        status[fact["status"]] += 1
        verdicts[result["factuality"]] += 1
        votes = fact["agree"] + fact["disagree"]
        independent["3+" if votes >= 3 else str(votes)] += 1
    return {"status": status, "verdict": verdicts, "votes": independent}


def _fmt(value: float) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.2f}"


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _mapping_tables() -> list[str]:
    lines = []
    seen: set[int] = set()
    for rater in RATERS:
        labels = rater.labels
        if id(labels) in seen:
            continue
        seen.add(id(labels))
        users = [r.id for r in RATERS if r.labels is labels]
        lines += ["", f"**{', '.join(users)}**", ""]
        rows = [
            [
                f"`{token}`",
                label.factuality or "(abstains)",
                ", ".join(taxonomy.ordered(label.categories)),
            ]
            for token, label in labels.exact.items()
        ]
        rows += [
            [
                f"`{key}=` containing `{word}`",
                label.factuality or "(abstains)",
                ", ".join(sorted(label.categories)),
            ]
            for key, word, label in labels.keywords
        ]
        rows += [[f"`{a}`", f"same as `{b}`", ""] for a, b in labels.aliases.items()]
        lines += _table(["raw token", "factuality", "categories"], rows)
        if labels.combine != "severest":
            lines += ["", "Several differing statuses on one site combine to `mixed`."]
    return lines


def render(full: Registry, shipped: Registry, problems: BuildProblems, data_dir: Path) -> str:
    lines = [
        "# Source reputation: coverage and agreement",
        "",
        "Generated by `newsift sources report --data ../shared/data --out docs/sources.md`;"
        " do not edit by hand. Mapping rules: `newsift/sources/taxonomy.py`; consensus rules:"
        " `newsift/sources/reputation.py`; licenses: `DATA-LICENSES.md`.",
        "",
        "## Coverage",
        "",
        f"- **Shipped** (installed with newsift, works offline): **{len(shipped)}** distinct"
        f" domains, {shipped.stats()['domains_with_factuality']} of them with a factuality"
        " rating.",
        f"- **With ../shared** (adds MBFC and Baly, not redistributable: users import their own"
        f" copies with `newsift sources import`): **{len(full)}** distinct domains,"
        f" {full.stats()['domains_with_factuality']} with a factuality rating.",
        f"- Independent origins: {len({e.origin for e in full.entries()})} (raters that derive"
        " from the same source count once in consensus).",
        "",
    ]
    rows = [
        [
            r["rater"],
            r["origin"],
            r["date"],
            r["license"],
            "yes" if r["shipped"] else "no",
            r["domains"],
            r["reliable"],
            r["mixed"],
            r["unreliable"],
            r["none"],
        ]
        for r in coverage(full)
    ]
    lines += _table(
        [
            "rater",
            "origin",
            "date",
            "license",
            "shipped",
            "domains",
            "reliable",
            "mixed",
            "unreliable",
            "no factuality",
        ],
        rows,
    )
    lines += ["", "Notes on provenance:", ""]
    lines += [f"- `{r.id}`: {r.note}" for r in RATERS if r.note]
    origin_domains: dict[str, set[str]] = defaultdict(set)
    for entry in full.entries():
        origin_domains[entry.origin].add(entry.domain)
    lines += ["", "Domains per origin (who made the judgement):", ""]
    lines += _table(
        ["origin", "domains"],
        [[o, len(d)] for o, d in sorted(origin_domains.items(), key=lambda kv: -len(kv[1]))],
    )
    lines += [
        "",
        "## Agreement on factuality",
        "",
        f"Cohen's kappa (scikit-learn `cohen_kappa_score`) between each pair of raters on the"
        f" domains both rate with a factuality (pairs with at least {MIN_SHARED}); `kappa lin.`"
        " is the linearly weighted kappa on the ordinal scale unreliable < mixed < reliable."
        " Lists of bad sites only (labels 1/x) give kappa near 0 or n/a by construction; read"
        " their `agree` column. `n indep.` and `kappa indep.` keep only the shared domains"
        " whose two ratings come from different origins: two lists of one origin (MBFC in"
        " Baly and in the 2025 scrape, Idiap's MBFC-derived rows) measure one rater's"
        " consistency over time, not independent confirmation.",
        "",
    ]
    lines += _table(
        [
            "rater A",
            "rater B",
            "n shared",
            "agree",
            "kappa",
            "kappa lin.",
            "labels A/B",
            "n indep.",
            "kappa indep.",
        ],
        [
            [
                p["a"],
                p["b"],
                p["n"],
                f"{p['agree']:.0%}",
                _fmt(p["kappa"]),
                _fmt(p["kappa_linear"]),
                p["labels"],
                p["n_independent"],
                _fmt(p["kappa_independent"]),
            ]
            for p in kappa_pairs(full)
        ],
    )
    lines += [
        "",
        "### Between independent origins",
        "",
        "The same, with each origin voting once per domain as in consensus (its newest"
        " rating): MBFC here is the 2025 scrape where it rates a site, else Baly or Idiap's"
        " MBFC-derived label; the RSP is its 2026 status where there is one.",
        "",
    ]
    lines += _table(
        ["origin A", "origin B", "n shared", "agree", "kappa", "kappa lin.", "labels A/B"],
        [
            [
                p["a"],
                p["b"],
                p["n"],
                f"{p['agree']:.0%}",
                _fmt(p["kappa"]),
                _fmt(p["kappa_linear"]),
                p["labels"],
            ]
            for p in origin_kappa_pairs(full)
        ],
    )
    for title, registry in (("shipped lists", shipped), ("with ../shared", full)):
        summary = consensus_summary(registry)
        lines += [
            "",
            f"### Consensus over every domain ({title})",
            "",
            "Factuality verdicts: "
            + ", ".join(f"{k} {v}" for k, v in summary["verdict"].most_common())
            + ". Status: "
            + ", ".join(f"{k} {v}" for k, v in summary["status"].most_common())
            + ". Independent factuality votes per domain: "
            + ", ".join(f"{k}: {v}" for k, v in sorted(summary["votes"].items()))
            + ".",
        ]
    lines += ["", "## Label mapping (from `newsift/sources/taxonomy.py`)"]
    lines += _mapping_tables()
    lines += ["", "## Files read but not raters", ""]
    lines += [f"- `{path}`: {why}" for path, why in NOT_RATERS.items()]
    lines += ["", "## Rows the build could not use", ""]
    lines += [f"- {line}" for line in problems.lines()] or ["- none"]
    return "\n".join(lines) + "\n"


def write_report(data_dir: Path, out: Path) -> str:
    full, problems = registry_from_data(data_dir)
    shipped, _ = registry_from_data(data_dir, shipped_only=True)
    text = render(full, shipped, problems, data_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return text
