"""The evaluation written down: the Markdown tables of docs/benchmarks.md and each score's model
card."""

from __future__ import annotations

import math
from typing import Any

from newsift.scores.credibility import (
    LinearScore,
)
from newsift.scores.training.fit import (
    MIN_CLASS,
    N_FOLDS,
)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "–" if math.isnan(value) else f"{value:.3f}"
    return str(value)


def _metric_row(label: str, m: dict[str, float]) -> str:
    cells = [label, _fmt(m["n"]), *(_fmt(m[k]) for k in ("accuracy", "macro_f1", "auroc", "ece"))]
    return "| " + " | ".join(cells) + " |"


HEAD = "| | n | accuracy | macro-F1 | AUROC | ECE |\n|---|---|---|---|---|---|"


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "## Credibility scores (unreliable, satire, hyperpartisan)",
        "",
        f"Produced by `{report['command']}` on {report['date']}. Site-disjoint: "
        f"{N_FOLDS}-fold StratifiedGroupKFold, groups = sites merged through shared texts and "
        "candidate sites (see docs/credibility.md); every probability is Platt-calibrated on "
        "inner site-grouped folds of the training part only. The random split (StratifiedKFold) "
        "is shown only beside it. Probes: *site identity* = the site's label share in the "
        "training folds (base rate for unseen sites); *length only* = logistic regression on "
        "log word count.",
        "",
    ]
    for target, entry in report["summary"].items():
        lines += [f"### {target}", "", HEAD]
        for split in ("site_disjoint", "random_split"):
            if split not in entry:
                continue
            for name, m in entry[split].items():
                lines.append(_metric_row(f"{split.replace('_', '-')}: {name}", m))
        spread = entry.get("ece_uncertainty")
        if spread:
            low, high = spread["interval"]
            lines += [
                "",
                f"ECE of the site-disjoint model {_fmt(spread['ece'])}: 95% bootstrap interval "
                f"over articles {_fmt(low)} to {_fmt(high)}; a perfectly calibrated model with "
                f"these probabilities would show up to {_fmt(spread['calibrated_97_5'])} "
                "(97.5th percentile, labels drawn from the probabilities).",
            ]
        lines += [
            "",
            "Per dataset (site-disjoint model, probes beside; random-split model last):",
            "",
            "| dataset | n | model acc | model macro-F1 | model AUROC | model ECE | site-id acc"
            " | length acc | length AUROC | random-split acc |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for dataset, d in entry["datasets"].items():
            s = d["site_disjoint"]
            r = d.get("random_split", {}).get("model", {})
            lines.append(
                "| "
                + " | ".join(
                    [
                        dataset,
                        _fmt(s["model"]["n"]),
                        _fmt(s["model"]["accuracy"]),
                        _fmt(s["model"]["macro_f1"]),
                        _fmt(s["model"]["auroc"]),
                        _fmt(s["model"]["ece"]),
                        _fmt(s["site_identity"]["accuracy"]),
                        _fmt(s["length_only"]["accuracy"]),
                        _fmt(s["length_only"]["auroc"]),
                        _fmt(r.get("accuracy", math.nan)),
                    ]
                )
                + " |"
            )
        lines.append("")
    g = report.get("goals", {})
    if g:
        lines += [
            "### Goals (site-disjoint)",
            "",
            "| goal | n | accuracy | macro-F1 | AUROC | ECE |",
        ]
        lines.append("|---|---|---|---|---|---|")
        for name, m in g.items():
            if "model" in m:
                for pred in ("model", "site_identity", "length_only"):
                    lines.append(_metric_row(f"{name} ({m['goal']}): {pred}", m[pred]))
            else:
                lines.append(_metric_row(f"{name} ({m['goal']})", m))
        combined = report.get("combined", {})
        for name, target, dataset in GOAL_SUBSETS:
            cell = combined.get(target, {}).get("datasets", {}).get(dataset)
            if name in g and cell:
                lines.append(_metric_row(f"{name}, rated sites only: content", cell["content"]))
                lines.append(
                    _metric_row(
                        f"{name}, rated sites only: combined with the raters' lists",
                        cell["combined"],
                    )
                )
        lines += [
            "",
            "The goals are read from the content score: the text alone, on sites the model never "
            "saw. The *rated sites only* rows are the articles whose site the source registry "
            "rates, scored from their text and then combined with the raters' verdict on the "
            "site (the independent lists of `newsift sources`, not these datasets' labels; the "
            "prior's weights fitted on the other folds): what a user sees for a known outlet, "
            "not what the text shows.",
            "",
        ]
    gap = report.get("left_right", {})
    if gap:
        lines += [
            "### Reliable outlets: left vs right",
            "",
            "Articles from outlets Baly et al. (MBFC) rate *high* factuality, by the outlet's "
            "lean, and how often the content-only unreliable score (site-disjoint, out of fold, "
            "threshold 0.5) calls them unreliable. Articles labelled unreliable or satire are "
            "left out.",
            "",
            "| lean | articles | sites | error rate | site-averaged error rate | mean p |",
            "|---|---|---|---|---|---|",
        ]
        for side in ("left", "right"):
            s = gap.get(side, {})
            if s.get("articles"):
                lines.append(
                    f"| {side} | {s['articles']} | {s['sites']} | {_fmt(s['error_rate'])} | "
                    f"{_fmt(s['site_averaged_error_rate'])} | {_fmt(s['mean_probability'])} |"
                )
        if "gap_right_minus_left" in gap:
            lines += [
                "",
                f"Gap (right - left): {_fmt(gap['gap_right_minus_left'])} per article, "
                f"{_fmt(gap['site_averaged_gap_right_minus_left'])} site-averaged.",
            ]
        if gap.get("by_dataset"):
            lines += [
                "",
                "The datasets were scraped differently and each side's articles come mostly "
                "from different ones, so the same comparison within each dataset:",
                "",
                "| dataset | left articles | left error rate | right articles | right error rate |",
                "|---|---|---|---|---|",
            ]
            for dataset, cell in gap["by_dataset"].items():
                left, right = cell.get("left", {}), cell.get("right", {})
                lines.append(
                    f"| {dataset} | {left.get('articles', 0)} | {_fmt(left.get('error_rate', math.nan))} "
                    f"| {right.get('articles', 0)} | {_fmt(right.get('error_rate', math.nan))} |"
                )
            if "dataset_matched_gap_right_minus_left" in gap:
                low, high = gap["dataset_matched_gap_interval"]
                lines += [
                    "",
                    "Dataset-matched gap (right - left, datasets with both sides, each weighted "
                    "by n_left * n_right / (n_left + n_right)): "
                    f"{_fmt(gap['dataset_matched_gap_right_minus_left'])} over "
                    f"{gap['dataset_matched_articles']} articles (95% bootstrap interval over "
                    f"articles {_fmt(low)} to {_fmt(high)}; articles of one site are not "
                    f"independent, so the real uncertainty is wider). {_gap_verdict(low, high)}",
                ]
        lines.append("")
    combined = {k: v for k, v in report.get("combined", {}).items() if isinstance(v, dict)}
    if combined:
        lines += [
            "### Combined with the source prior",
            "",
            f"Reputation from: {report['combined'].get('reputation_source')}. Rows: articles "
            "with article-level labels (a site-level label would be the rating itself) on "
            "rated sites; each outer fold's prior is fitted on the other folds' out-of-fold "
            "content log-odds, with a penalised intercept per site (a random effect), so a "
            "site with hundreds of articles does not set the ratio for every site rated as "
            "it is.",
            "",
            HEAD,
        ]
        for target, entry in combined.items():
            for part in ("content", "combined", "site_identity_probe"):
                lines.append(_metric_row(f"{target}: {part}", entry[part]))
            conflicts = entry.get("conflicting_sites") or {}
            if conflicts:
                for part, m in entry["without_conflicting_sites"].items():
                    lines.append(_metric_row(f"{target}: {part}, without conflicting sites", m))
            prior = ", ".join(f"{k} {v:+.2f}" for k, v in entry["prior_all_folds"].items())
            lines.append(f"| {target}: prior log-LR | {prior} | | | | |")
        lines.append("")
        conflict_lines = [
            f"- {target}: {name}, {c['articles']} articles rated `{c['rating']}`, "
            f"{c['contrary_share']:.0%} of them labelled the other way"
            for target, entry in combined.items()
            for name, c in (entry.get("conflicting_sites") or {}).items()
        ]
        if conflict_lines:
            lines += [
                "Conflicting sites: rated one way by the registry's consensus while the "
                "dataset labels (nearly) all their articles the other way. A rating judges a "
                "site's standards, a label one article's facts; the prior follows the raters, "
                "so these articles move the wrong way:",
                "",
                *conflict_lines,
                "",
            ]
    lines += _lodo_markdown(report)
    lines += _length_markdown(report)
    lines += _genre_markdown(report)
    lines += _ablation_markdown(report)
    shortcuts = report.get("shortcuts", {})
    if shortcuts:
        lines += ["### Known shortcuts and their neutralisation", ""]
        for name, s in shortcuts.items():
            lines += [f"#### {name}", "", s.get("what", ""), "", HEAD]
            for label, m in s.get("rows", {}).items():
                lines.append(_metric_row(label, m))
            lines.append("")
    return "\n".join(lines) + "\n"


def _lodo_markdown(report: dict[str, Any]) -> list[str]:
    lodo = report.get("lodo")
    if not lodo:
        return []
    lines = [
        "### Leave one dataset out",
        "",
        "Each dataset scored by a model trained on every other prepared dataset (the score's "
        "training datasets, docs/credibility.md), calibrated by a Platt map fitted on the other "
        "datasets' leave-one-dataset-out log-odds, so no dataset's labels set its own "
        "calibration (the models behind those log-odds did train on it: a two-parameter map, "
        "a weak path; *inner folds* where no other dataset has both classes). "
        "The shipped calibration is the Platt map over all held-out log-odds. A dataset with "
        "one class has no AUROC and a macro-F1 of at most 0.5.",
        "",
        "| score | held-out dataset | n | positives | accuracy | macro-F1 | AUROC | ECE |"
        " calibrated on |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for target, entry in lodo.items():
        for dataset, m in entry["datasets"].items():
            lines.append(
                "| "
                + " | ".join(
                    [
                        target,
                        dataset,
                        _fmt(m["n"]),
                        _fmt(m["positives"]),
                        *(_fmt(m[k]) for k in ("accuracy", "macro_f1", "auroc", "ece")),
                        "other datasets" if m["nested_calibration"] else "inner folds",
                    ]
                )
                + " |"
            )
        m = entry["pooled"]
        lines.append(
            f"| **{target}** | **all, pooled** | {_fmt(m['n'])} | {_fmt(m['positives'])} | "
            + " | ".join(_fmt(m[k]) for k in ("accuracy", "macro_f1", "auroc", "ece"))
            + " | |"
        )
    lines += ["", "| score | goal | pooled LODO ECE | reached | shipped calibration |"]
    lines.append("|---|---|---|---|---|")
    for target, entry in lodo.items():
        ece = entry["pooled"]["ece"]
        cal, lodo_map = entry.get("calibration"), entry.get("lodo_map")
        if cal:
            shipped = f"LODO: sigmoid({cal[0]:.3f} z {cal[1]:+.3f})"
        elif lodo_map:
            shipped = (
                f"inner folds (the LODO map, sigmoid({lodo_map[0]:.3f} z {lodo_map[1]:+.3f}),"
                " is flat: its log-odds rank the wrong way across datasets)"
            )
        else:
            shipped = "inner folds (fewer than 3 datasets)"
        reached = "yes" if ece <= 0.08 else "no"
        lines.append(f"| {target} | {entry['goal']} | {_fmt(ece)} | {reached} | {shipped} |")
    rows = [
        (target, entry["site_disjoint_with_shipped_calibration"])
        for target, entry in lodo.items()
        if "site_disjoint_with_shipped_calibration" in entry
    ]
    if rows:
        lines += [
            "",
            "The shipped (leave-one-dataset-out) calibration applied to the site-disjoint "
            "out-of-fold log-odds, for comparison with the per-score tables above (whose "
            "probabilities are calibrated on inner site-grouped folds):",
            "",
            HEAD,
        ]
        lines += [_metric_row(f"{t}: site-disjoint, shipped calibration", m) for t, m in rows]
    lines.append("")
    return lines


def _length_markdown(report: dict[str, Any]) -> list[str]:
    by_length = report.get("by_length")
    if not by_length:
        return []
    lines = [
        "### By length",
        "",
        "Site-disjoint out-of-fold figures by the article's word count (spaCy's alphabetic "
        "tokens of the cleaned text), beside the accuracy of always answering the bucket's "
        "majority class. Texts under `MIN_WORDS` (newsift/scores/credibility.py) get a warning "
        "and no scores.",
        "",
        "| score | words | n | accuracy | majority accuracy | macro-F1 | AUROC | ECE |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for target, buckets in by_length.items():
        for label, m in buckets.items():
            cells = [target, label, _fmt(m["n"]), _fmt(m["accuracy"])]
            cells += [_fmt(m["majority_accuracy"]), _fmt(m["macro_f1"]), _fmt(m["auroc"])]
            cells.append(_fmt(m["ece"]))
            lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _genre_markdown(report: dict[str, Any]) -> list[str]:
    rates = report.get("genre_cues")
    if not rates:
        return []
    names = [n for n in next(iter(next(iter(rates.values())).values())) if n != "n"]
    lines = [
        "### Satire genre cues: how often each fires",
        "",
        "Share of articles with the cue (newsift/scores/genre.py), satire vs news, in each "
        "dataset the satire score trains on.",
        "",
        "| dataset | class | n | " + " | ".join(names) + " |",
        "|---|---|---|" + "---|" * len(names),
    ]
    for dataset, classes in rates.items():
        for label, cell in sorted(classes.items()):
            shares = [f"{cell[n] / cell['n']:.2f}" for n in names]
            lines.append(f"| {dataset} | {label} | {cell['n']} | " + " | ".join(shares) + " |")
    lines.append("")
    return lines


def _ablation_markdown(report: dict[str, Any]) -> list[str]:
    ablations = report.get("ablations")
    if not ablations:
        return []
    lines = [
        "### What the reasons' rules cost",
        "",
        "Site-disjoint figures of the shipped setting beside the same CV with stop words kept "
        "as terms (the old vocabulary) and with the sign constraints lifted. All three rows "
        "are uncalibrated (sigmoid of the raw log-odds, no inner calibration folds, to spare "
        "fits): compare AUROC; accuracy and ECE here are not those of the shipped model.",
        "",
        HEAD,
    ]
    for target, rows in ablations.items():
        lines += [_metric_row(f"{target}: {label}", m) for label, m in rows.items()]
    lines.append("")
    return lines


def json_ready(report: Any) -> Any:
    """Private keys dropped and NaN (an undefined metric) as null, so the output is JSON."""
    if isinstance(report, dict):
        return {k: json_ready(v) for k, v in report.items() if not str(k).startswith("_")}
    if isinstance(report, list | tuple):
        return [json_ready(v) for v in report]
    if isinstance(report, float) and math.isnan(report):
        return None
    return report


DATA_LICENSES = {
    "horne2017_buzzfeed": "Horne & Adali 2017 (NECO); BSD-style, cite",
    "horne2017_random": "Horne & Adali 2017 (NECO); BSD-style, cite",
    "perezrosas2018_amt": "Pérez-Rosas et al. 2018 (COLING); research use, cite",
    "perezrosas2018_celebrity": "Pérez-Rosas et al. 2018 (COLING); research use, cite",
    "golbeck2018": "Golbeck et al. 2018 (WebSci); cite",
    "fakenewsnet_v1": "Shu et al. 2018 FakeNewsNet; cite",
    "coaid": "Cui & Lee 2020 CoAID; cite",
    "fakenewscorpus_sample": "FakeNewsCorpus (several27), Apache-2.0; labels from OpenSources (LGPL-3.0)",
    "semeval2019_hyperpartisan": "Kiesel et al. 2019 SemEval-2019 Task 4; CC BY 4.0",
    "sarcasm_headlines": "Misra & Arora, News Headlines Dataset for Sarcasm Detection; cite",
    "natalieh2018_multisite": "natalie-h/Capstone_Satirical-News-Classifier; none declared,"
    " research use",
    "rubin2016_snl_litrl": "Rubin et al. 2016 S-n-L News DB (litrl/litrl_code, GPL-3.0 repo);"
    " research use, cite",
    "thespoof2021": "darbycobb/cse8803_satire_detection_survey (thespoof.com); none declared,"
    " research use",
}


TARGET_TEXT = {
    "unreliable": "P(the article is unreliable: fabricated, conspiratorial or junk-science "
    "content) vs reliable. Satire is not part of this score (it has its own).",
    "satire": "P(the article is satire or parody) vs news (reliable or unreliable).",
    "hyperpartisan": "P(the article is hyperpartisan: extreme one-sidedness, as annotated in "
    "SemEval-2019 Task 4 by-article).",
}


def model_card(target: str, model: LinearScore, report: dict[str, Any]) -> str:
    entry = report["summary"][target]
    trained = model.meta.get("trained_on", {})
    a, b = model.calibration
    lines = [
        f"# Model card: credibility score `{target}`",
        "",
        f"Generated by `newsift train credibility` on {report['date']}.",
        "",
        "## What it predicts",
        "",
        TARGET_TEXT[target],
        "The `content` probability reads the cleaned text only; the `combined` probability "
        "adds the site's reputation prior when the `source_reputation` component rated the site.",
        "",
        "## Model",
        "",
        f"Logistic regression over {len(model.feature_names)} named style and genre features "
        f"(standardised; see newsift/scores/style.py and genre.py; known-direction signals "
        f"kept on their side: {_directions(target)}) and {len(model.vocabulary.terms)} TF-IDF word and "
        "word-pair terms that occur on at least 3 different sites in training (no numbers, no stop words or stop-word-only pairs). "
        f"Settings {model.meta.get('settings', {})}, chosen once on a 9-point grid "
        "(docs/credibility.md). Each dataset's classes get equal weight (classes under "
        f"{MIN_CLASS} rows count as {MIN_CLASS}). Pipeline before the features: "
        f"{', '.join(model.meta.get('pipeline', []))}. Reasons are exact: the calibrated "
        "log-odds equals the sum of the reasons' contributions.",
        "",
        "## Data",
        "",
        "| dataset | negatives | positives | license / citation |",
        "|---|---|---|---|",
    ]
    for dataset, counts in sorted(trained.items()):
        lines.append(
            f"| {dataset} | {counts['0']} | {counts['1']} | {DATA_LICENSES.get(dataset, '?')} |"
        )
    lines += [
        "",
        "Articles only (no headlines, no CoAID social posts). The artifact stores terms and "
        "weights, never article text.",
        "",
        "## Evaluation (site-disjoint 5-fold CV; the random split beside it in docs/benchmarks.md)",
        "",
        HEAD,
    ]
    for split in ("site_disjoint", "random_split"):
        for name, m in entry.get(split, {}).items():
            lines.append(_metric_row(f"{split.replace('_', '-')}: {name}", m))
    lines += [
        "",
        "| dataset | n | accuracy | macro-F1 | AUROC | ECE |",
        "|---|---|---|---|---|---|",
    ]
    for dataset, d in entry["datasets"].items():
        lines.append(_metric_row(dataset, d["site_disjoint"]["model"]))
    lines += [
        "",
        "## Calibration",
        "",
        f"Platt scaling fitted on {model.meta.get('calibration_from', 'inner site-grouped folds')}: "
        f"p = sigmoid({a:.4f} * z + {b:.4f}). ECE (10 bins) of the site-disjoint out-of-fold "
        f"predictions (calibrated on inner folds): "
        f"{_fmt(entry['site_disjoint']['model']['ece'])}. Reliability diagram: "
        "docs/reliability-credibility.png.",
        "",
        *_lodo_card(target, report),
        *_prior_card(target, report),
        "## Limits",
        "",
        "Trained on English news of 2016-2020, mostly US politics, celebrity gossip and "
        "COVID-19. Labels are partly site-level (an article inherits its site's label). "
        "A high probability is evidence to look closer, never a verdict.",
        "",
    ]
    return "\n".join(lines)


def _directions(target: str) -> str:
    from newsift.scores.credibility import DIRECTIONS

    signs = DIRECTIONS.get(target, {})
    return ", ".join(f"{n} {'>= 0' if v > 0 else '<= 0'}" for n, v in signs.items()) or "none"


def _lodo_card(target: str, report: dict[str, Any]) -> list[str]:
    entry = (report.get("lodo") or {}).get(target)
    if not entry:
        return []
    lines = [
        "## On unfamiliar data (leave one dataset out)",
        "",
        "Each dataset scored by a model trained on the others (docs/credibility.md); the "
        "report's `unfamiliar_data` field says the same to a reader.",
        "",
        "| held-out dataset | n | accuracy | macro-F1 | AUROC | ECE |",
        "|---|---|---|---|---|---|",
    ]
    for dataset, m in entry["datasets"].items():
        lines.append(_metric_row(dataset, m))
    lines += [_metric_row("**all, pooled**", entry["pooled"]), ""]
    return lines


def _prior_card(target: str, report: dict[str, Any]) -> list[str]:
    """The source prior's section of a model card: its ratios, data and figures."""
    combined = report.get("combined", {})
    entry = combined.get(target)
    if not isinstance(entry, dict):
        return []
    ratios = ", ".join(f"`{k}` {v:+.2f}" for k, v in entry["prior_all_folds"].items())
    lines = [
        "## Source prior (the `combined` probability)",
        "",
        f"Log-likelihood ratios per consensus cell of the site's reputation ({ratios}), from "
        f"{combined.get('reputation_source')}; fitted on {entry['rows']} articles with "
        "article-level labels on rated sites, with the content log-odds as an offset and a "
        "penalised intercept per site (docs/credibility.md). Site-disjoint figures on those "
        "articles:",
        "",
        "| | n | accuracy | macro-F1 | AUROC | ECE |",
        "|---|---|---|---|---|---|",
        _metric_row("content", entry["content"]),
        _metric_row("combined", entry["combined"]),
    ]
    conflicts = entry.get("conflicting_sites") or {}
    if conflicts:
        for part, m in entry["without_conflicting_sites"].items():
            lines.append(_metric_row(f"{part}, without conflicting sites", m))
        names = ", ".join(
            f"{name} ({c['articles']} articles rated `{c['rating']}`, labelled the other way)"
            for name, c in conflicts.items()
        )
        lines += ["", f"Conflicting sites: {names}."]
    return [*lines, ""]


#: Goals also shown on their rated-site subset, with and without the source prior.
GOAL_SUBSETS = (
    ("fake_vs_satire_golbeck", "satire", "golbeck2018"),
    ("hyperpartisan_semeval", "hyperpartisan", "semeval2019_hyperpartisan"),
)


#: A gap within this many error-rate points either way counts as small.
SMALL_GAP = 0.05


def _gap_verdict(low: float, high: float) -> str:
    if low >= -SMALL_GAP and high <= SMALL_GAP:
        return f"The whole interval is within {SMALL_GAP} either way: the gap is small."
    if low > SMALL_GAP or high < -SMALL_GAP:
        return f"The whole interval is beyond {SMALL_GAP}: the gap is not small."
    return (
        f"The interval reaches beyond {SMALL_GAP}: too few articles to show that the gap is "
        "small, or that it is not."
    )
