"""newsift evaluate ...: each model scored on labelled data in the documented formats."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

from newsift.cli.common import DEFAULT_DATA, fail, friendly_errors, prepared_data


@friendly_errors
def hedging(
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The shared data folder the labels point into."
    ),
    labels: Path | None = typer.Option(
        None, "--labels", help="Hedge labels (JSONL); default: the set shipped with newsift."
    ),
    fast: bool = typer.Option(False, "--fast", help="Without the dependency parser."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table."),
) -> None:
    """Precision and recall of the hedge cue detector on our small labelled sample."""
    from rich.table import Table

    from newsift.claims.training.hedging_eval import evaluate_hedging as run
    from newsift.claims.training.hedging_eval import markdown_table, result_rows

    result = run(data, labels, fast=fast)
    if as_json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return
    if markdown:
        print(markdown_table(result))
        return
    table = Table(title=f"Hedge cues on {result['sentences']} labelled sentences")
    for column in ("Level", "Precision", "Recall", "F1", "TP", "Predicted", "Gold"):
        table.add_column(column)
    for name, r in result_rows(result):
        table.add_row(
            name,
            f"{r['precision']:.2f}",
            f"{r['recall']:.2f}",
            f"{r['f1']:.2f}",
            str(r["tp"]),
            str(r["predicted"]),
            str(r["gold"]),
        )
    table.caption = (
        f"kind agreement on matched cues: {result['cues']['kind_agreement']:.2f}."
        " A small set labelled by one annotator: read the figures as rough."
    )
    Console().print(table)


#: ``--model DIR`` of the cleaner's evaluations: an earlier or a retrained line model scored on
#: the same lines or pages as the shipped one.
_LINE_MODEL_OPTION = typer.Option(
    None,
    "--model",
    help="The line model in this folder instead of the shipped one (an earlier or a retrained"
    " model, scored on the same input).",
)


@friendly_errors
def boilerplate(
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The labeled data directory (as ../shared/data)."
    ),
    gold: Path = typer.Option(
        Path("tests/data/boilerplate_gold.jsonl"), "--gold", help="The line-labelled gold file."
    ),
    split: str = typer.Option(
        "all",
        "--split",
        help="dev (round 1, used to develop the cleaner), train (round 3, labelled to train the "
        "line classifier), test (round 2, labelled blind and held out: report this one), several "
        "joined by + (dev+train) or all.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print a section for docs/benchmarks.md."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Also list the worst errors (lost content, missed lines)."
    ),
    limit: int = typer.Option(25, "--limit", min=1, help="Errors to list per kind."),
    rules_only: bool = typer.Option(
        False,
        "--rules-only",
        help="Without the line classifier (it was trained on dev and train).",
    ),
    cv: int = typer.Option(
        0,
        "--cv",
        min=0,
        help="Instead: site-grouped cross-validation with this many folds over --split (default"
        " dev+train; the held-out test split is refused): the development measure.",
    ),
    pages: str = typer.Option(
        "",
        "--pages",
        help="The rendered, line-labelled pages of these extraction benchmarks in --data,"
        " joined by + with an optional :split (dragnet:test+l3s_gn1), instead of the gold set;"
        " with --cv, besides it.",
    ),
    unseen_by: str = typer.Option(
        "",
        "--unseen-by",
        help="With --pages: leave out the pages of the sites of these pages (same syntax,"
        " dragnet:train) and pages without a site: pages of sites a model trained on them never saw.",
    ),
    model: str | None = _LINE_MODEL_OPTION,
) -> None:
    """Score the cleaner against the line-labelled boilerplate gold set."""
    from newsift.clean.training.evaluate import default_cleaner, rules_only_cleaner
    from newsift.clean.training.evaluate import evaluate_boilerplate as run

    if cv:
        from newsift.clean.training.evaluate import print_cross_validation
        from newsift.clean.training.lineclass_train import TRAIN_SPLIT, cross_validate

        split = TRAIN_SPLIT if split == "all" else split
        figures = cross_validate(data, gold, split, cv, pages)
        if as_json:
            print(json.dumps(figures, indent=2))
        else:
            print_cross_validation(figures, Console())
        return
    cleaner = rules_only_cleaner if rules_only else default_cleaner
    if model is not None and not rules_only:
        from newsift.clean.training.evaluate import model_cleaner

        cleaner = model_cleaner(model)
    if unseen_by and not pages:
        fail("--unseen-by selects among --pages; give --pages too")
    if pages:
        from newsift.clean.training.evaluate import score
        from newsift.clean.training.lineclass_train import page_articles

        report = score(page_articles(data, pages, unseen_by), cleaner, split=pages)
    else:
        report = run(data, gold, split, cleaner)
    if as_json:
        print(json.dumps(report.to_dict(with_errors=verbose), indent=2))
        return
    if markdown:
        command = f"newsift evaluate boilerplate --data {data} " + (
            f"--pages {pages}" if pages else f"--split {split}"
        )
        command += f" --unseen-by {unseen_by}" if unseen_by else ""
        command += " --rules-only" if rules_only else ""
        command += f" --model {model}" if model and not rules_only else ""
        print(report.to_markdown(command), end="")
        return
    from newsift.clean.training.evaluate import print_report

    print_report(report, Console(), errors_per_kind=limit if verbose else 0)


@friendly_errors
def credibility(
    data: Path = typer.Option(
        ..., "--data", help="Prepared labeled data (JSONL, docs/data-format.md) or a data folder."
    ),
    cv: bool = typer.Option(
        False,
        "--cv",
        help="Site-grouped cross-validation with the probes, instead of the shipped models.",
    ),
    random: bool = typer.Option(
        True, "--random/--no-random", help="With --cv: also a random split, beside."
    ),
    shortcuts: bool = typer.Option(
        True, "--shortcuts/--no-shortcuts", help="With --cv: the shortcut ablations."
    ),
    sources: Path = typer.Option(
        DEFAULT_DATA, "--sources-data", help="Data folder with sources/baly_mbfc (left/right gap)."
    ),
    diagram: Path | None = typer.Option(
        None, "--diagram", help="With --cv: write a reliability diagram PNG."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    as_markdown: bool = typer.Option(
        False, "--markdown", help="With --cv: print the Markdown tables."
    ),
    lodo: bool = typer.Option(
        False, "--lodo", help="With --cv: also leave one dataset out (each dataset held out)."
    ),
    ablations: bool = typer.Option(
        False,
        "--ablations",
        help="With --cv: also the CV with stop words kept and without sign constraints.",
    ),
) -> None:
    """Accuracy, macro-F1, AUROC and ECE per score and per dataset."""
    from newsift.scores.training.cards import json_ready, markdown
    from newsift.scores.training.evaluate import cv_report, evaluate_file

    path = prepared_data(data)
    if not cv:
        result = evaluate_file(path)
        if as_json:
            print(json.dumps(json_ready(result), indent=2))
            return
        for target, entry in result.items():
            print(f"{target}: " + _metric_line(entry["all"]))
            for dataset, m in entry["datasets"].items():
                print(f"  {dataset}: " + _metric_line(m))
        return
    command = "newsift evaluate credibility --cv " + " ".join(
        a for a in sys.argv[3:] if a not in ("--cv",)
    )
    report = cv_report(
        path,
        sources if sources.is_dir() else None,
        random=random,
        shortcuts=shortcuts,
        command=command.strip(),
        diagram=diagram,
        lodo=lodo,
        with_ablations=ablations,
    )
    if as_json:
        print(json.dumps(json_ready(report), indent=2))
    elif as_markdown:
        print(markdown(report), end="")
    else:
        for target, entry in report["summary"].items():
            for split, preds in entry.items():
                if split == "datasets":
                    continue
                for name, m in preds.items():
                    print(f"{target} {split} {name}: " + _metric_line(m))


def _metric_line(m: dict) -> str:
    return ", ".join(
        f"{k}={m[k]:.3f}" if isinstance(m[k], float) else f"{k}={m[k]}"
        for k in ("n", "accuracy", "macro_f1", "auroc", "ece")
    )


@friendly_errors
def attribution(
    data: Path = typer.Option(
        Path("../shared/data/attribution/polnear/dev"),
        "--data",
        help="A PolNeAR-format folder with text/ and attributions/ subfolders.",
    ),
    method: str = typer.Option(
        "learned", "--method", help="Extractor: learned, rules, or fast (no parser)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    as_markdown: bool = typer.Option(
        False,
        "--markdown",
        help="Print the docs/benchmarks.md section: every method, annotator agreement, CV.",
    ),
    cache: bool = typer.Option(True, "--cache/--no-cache", help="Reuse cached spaCy parses."),
) -> None:
    """Precision, recall and F1 of source, cue and content spans (exact and overlap)."""
    from newsift.claims.attribution.extractors import METHODS
    from newsift.claims.training.attribution_eval import (
        PRF_KEYS,
        benchmark_markdown,
        evaluate_folder,
    )

    if method not in METHODS:
        fail(f"unknown method {method!r}; choose from {', '.join(METHODS)}", 2)
    if as_markdown:
        print(benchmark_markdown(data, cache=cache), end="")
        return
    scores = evaluate_folder(data, [method], cache=cache)[method]
    if as_json:
        print(json.dumps({"method": method, **scores}, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"attribution ({method}) on {scores['articles']} articles of {data}")
    table.add_column("role")
    for key in ("P exact", "R exact", "F1 exact", "P overlap", "R overlap", "F1 overlap"):
        table.add_column(key, justify="right")
    for role in ("source", "cue", "content"):
        row = scores[role]
        table.add_row(role, *(f"{row[k]:.3f}" for k in PRF_KEYS))
    Console().print(table)


@friendly_errors
def findings(
    data: Path = typer.Option(
        ...,
        "--data",
        help="The findings gold rows with texts (`newsift data findings-gold --out FILE`), or the"
        " label file with --source-data.",
    ),
    split: str = typer.Option("all", "--split", help="dev, test or all."),
    source_data: Path | None = typer.Option(
        None, "--source-data", help="With a label file: the data directory to rebuild texts from."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print a section for docs/benchmarks.md."
    ),
) -> None:
    """Precision and recall of source types and signals on the findings gold set."""
    from newsift.claims.training.findings_eval import markdown as to_markdown
    from newsift.claims.training.findings_eval import run

    def progress(done: int, total: int) -> None:
        print(f"\ranalysed {done}/{total} articles", end="", file=sys.stderr, flush=True)
        if done == total:
            print(file=sys.stderr)

    result = run(data, split, source_data, progress=progress)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    if markdown:
        command = f"newsift evaluate findings --data {data} --split {split} --markdown"
        print(to_markdown(result, command, split), end="")
        return
    from rich.table import Table

    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    title = f"Findings on {result['n_articles']} articles ({split})"
    table = Table("", "precision", "recall", "support", "predicted", "matched", title=title)
    rows = [*result["source_type"].items(), ("any type (span)", result["sources_any_type"])]
    for name, row in [*rows, *result["signals"].items()]:
        table.add_row(
            name,
            fmt(row["precision"]),
            fmt(row["recall"]),
            str(row["support"]),
            str(row["predicted"]),
            str(row["matched"]),
        )
    Console().print(table)
    for goal in result["goals"]:
        state = {True: "reached", False: "NOT reached", None: "no figure"}[goal["reached"]]
        print(f"goal {goal['what']} >= {goal['goal']:.2f}: {fmt(goal['value'])} ({state})")


@friendly_errors
def checkworthiness(
    data: Path = typer.Option(
        ..., "--data", help="ClaimBuster .json, CheckThat! .tsv, or a folder of debate TSVs."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    threshold: float | None = typer.Option(
        None, min=0.0, max=1.0, help="Decision threshold (default: the model's, from validation)."
    ),
) -> None:
    """Precision, recall and F1 of check-worthy sentences; MAP and P@k per ranked file."""
    from newsift.claims.training.checkworthiness_eval import evaluate

    figures = evaluate(data, threshold=threshold)
    if as_json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:>10}  {value}")


@friendly_errors
def factchecks(
    data: Path = typer.Option(
        ..., "--data", help="A CheckThat! Task 2 folder (2022 or 2020 layout)."
    ),
    cv: bool = typer.Option(
        False,
        "--cv",
        help="Cross-validate the re-ranker on this folder instead of the shipped one.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    as_markdown: bool = typer.Option(
        False, "--markdown", help="Print the benchmarks table (with --cv)."
    ),
) -> None:
    """MAP@1/3/5, precision@1, recall@10, and precision and recall at the match threshold."""
    from newsift.factchecks.training.checkthat import cross_validate, evaluate, markdown, read_task

    if cv:
        figures = cross_validate(read_task(data))
        if as_markdown:
            print(
                markdown(figures, f"newsift evaluate factchecks --data {data} --cv --markdown"),
                end="",
            )
            return
    else:
        figures = evaluate(data)
    if as_json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:>14}  {value}")


@friendly_errors
def propaganda(
    data: Path = typer.Option(
        ..., "--data", help="A PTC folder (*-articles/, *SI.labels, *TC.labels)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Print the benchmarks table."),
) -> None:
    """SI precision/recall/F1 (official overlap measure) and TC micro-F1, cross-validated by article."""
    from newsift.propaganda.training.ptc import evaluate, markdown

    figures = evaluate(data)
    if as_markdown:
        print(markdown(figures, f"newsift evaluate propaganda --data {data} --markdown"), end="")
    elif as_json:
        print(json.dumps(figures))
    else:
        print(f"SI  {figures['si']}\nTC  micro-F1 {figures['tc']['micro_f1']}")
        for technique, f in figures["tc"]["per_technique"].items():
            print(f"    {technique:<36} F1 {f['f1']:.3f}  ({f['support']} spans)")


@friendly_errors
def stories(
    data: Path = typer.Option(
        ..., "--data", help="JSONL rows {id, cluster, title, text, url?, source?, date?}."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    threshold: float | None = typer.Option(
        None, "--threshold", help="Join threshold (default: the shipped, tuned one)."
    ),
) -> None:
    """B-cubed precision, recall, F1 and the adjusted Rand index of the story clustering."""
    from newsift.corpus.stories import evaluate_stories

    if not data.exists():
        fail(f"{data} does not exist")
    result = evaluate_stories(data, threshold=threshold)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['n_articles']} articles, {result['n_gold_clusters']} gold clusters,"
        f" {result['n_clusters']} found: B-cubed P {result['bcubed_precision']:.3f}"
        f" R {result['bcubed_recall']:.3f} F1 {result['bcubed_f1']:.3f}, ARI {result['ari']:.3f}"
    )


@friendly_errors
def extraction(
    data: Path = typer.Option(
        ...,
        "--data",
        help="JSONL[.gz] rows {id, html, gold_text, gold_comments?, url?, site?}"
        " (as ../shared/data/extraction/*/*.jsonl.gz).",
    ),
    mode: str = typer.Option(
        "html",
        "--mode",
        help="html: the page as HTML (trafilatura, then the cleaner); text: the page rendered as"
        " plain text by inscriptis, then the cleaner.",
    ),
    baseline: str | None = typer.Option(
        None, "--baseline", help="Also score trafilatura or trafilatura-no-comments, beside."
    ),
    split: str | None = typer.Option(
        None, "--split", help="Only the rows of this split (a row's split or extra.split)."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="At most this many pages."),
    unseen_sites_of: str | None = typer.Option(
        None,
        "--unseen-sites-of",
        help="Leave out the pages of the sites of FILE[:SPLIT] (dragnet.jsonl.gz:train) and"
        " pages without a site: pages of sites a model trained on those never saw.",
    ),
    model: str | None = _LINE_MODEL_OPTION,
    per_site: bool = typer.Option(False, "--per-site", help="Also list each site's figures."),
    comments: bool = typer.Option(
        False,
        "--comments",
        help="Instead: on pages with gold comments, how well the HTML path's removed blocks are"
        " named comment_section, and how many comment lines stay in the cleaned text (JSON).",
    ),
    metadata: bool = typer.Option(
        False,
        "--metadata",
        help="Instead: the plain-text cleaner's title against the gold headline (where the data"
        " has one) and its published date against the date the page's markup states (JSON).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Word precision, recall and F1 of the extracted text against each page's gold main text."""
    from functools import partial

    from newsift.clean.lineclass import load_model
    from newsift.clean.training.extraction import BASELINES, MODES, evaluate, read_pages, sites_of

    line_model = "shipped" if model is None else load_model(model)
    exclude = sites_of(unseen_sites_of) if unseen_sites_of else None
    if comments:
        from newsift.clean.training.pagelines import comment_reasons

        pages = read_pages(data, split, limit, exclude)
        print(json.dumps(comment_reasons(pages, line_model), indent=2))
        return
    if metadata:
        from newsift.clean.training.metadata import metadata_scores

        print(json.dumps(metadata_scores(read_pages(data, split, limit, exclude)), indent=2))
        return

    if mode not in MODES:
        fail(f"--mode must be one of {', '.join(MODES)}, not {mode!r}")
    if baseline is not None and baseline not in BASELINES:
        fail(f"--baseline must be one of {', '.join(BASELINES)}, not {baseline!r}")
    figures = evaluate(
        read_pages(data, split, limit, exclude),
        partial(MODES[mode], line_model=line_model),
        BASELINES[baseline] if baseline else None,
    )
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    from rich.table import Table

    rows = [(f"newsift --mode {mode}", figures)]
    if baseline:
        rows.append((baseline, figures["baseline"]))
    table = Table(
        "system", "pages", "precision", "recall", "F1", "F1, mean of sites",
        title=f"{data}"
        + (f", split {split}" if split else "")
        + (f", sites absent from {unseen_sites_of}" if unseen_sites_of else ""),
    )  # fmt: skip
    for name, row in rows:
        table.add_row(
            name,
            str(row["n_pages"]),
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            f"{row['site_mean']['f1']:.3f}",
        )
    console = Console()
    console.print(table)
    if per_site:
        sites = Table("site", "pages", "F1", *(["baseline F1"] if baseline else []))
        for site, row in figures["per_site"].items():
            other = [f"{figures['baseline']['per_site'][site]['f1']:.3f}"] if baseline else []
            sites.add_row(site, str(row["n_pages"]), f"{row['f1']:.3f}", *other)
        console.print(sites)
