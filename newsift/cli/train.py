"""newsift train ...: each shipped model retrained from labelled data."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from newsift.cli.common import DEFAULT_DATA, friendly_errors, prepared_data, stderr


@friendly_errors
def boilerplate(
    data: Path = typer.Option(
        Path("../shared/data"), "--data", help="The labeled data directory (as ../shared/data)."
    ),
    gold: Path = typer.Option(
        Path("tests/data/boilerplate_gold.jsonl"), "--gold", help="The line-labelled gold file."
    ),
    split: str = typer.Option(
        "dev+train",
        "--split",
        help="The gold splits to train on, joined by +: dev+train (rounds 1 and 3, the default),"
        " dev or train. The held-out test split (round 2) is refused: it is only scored.",
    ),
    out: Path = typer.Option(
        Path("newsift/models/boilerplate"), "--out", help="Where to write the model and its card."
    ),
    score_test: bool = typer.Option(
        False,
        "--score-test",
        help="Also score the held-out test split and put its figures in the card. Each such"
        " run is a look at the test split: use it once, for the model you ship.",
    ),
    pages: str = typer.Option(
        "",
        "--pages",
        help="Also learn from the rendered pages of these extraction benchmarks in --data,"
        " joined by + with an optional :split (dragnet:train; L3S-GN1 is for research use only"
        " and may not be in a shipped model; see DATA-LICENSES.md). Default: the gold set alone.",
    ),
) -> None:
    """Train the cleaner's line classifier (threshold by site-grouped CV) and its model card."""
    from newsift.clean.training.lineclass_train import train

    figures = train(data, gold, out, split, score_test=score_test, pages=pages)
    print(json.dumps(figures, indent=2))


@friendly_errors
def credibility(
    data: Path = typer.Option(
        DEFAULT_DATA, "--data", help="A data folder or a prepared JSONL file."
    ),
    out: Path = typer.Option(
        Path("newsift/models/credibility"), "--out", help="Where to write the models and cards."
    ),
    sources: Path = typer.Option(
        DEFAULT_DATA, "--sources-data", help="Data folder with sources/ (for the cards' figures)."
    ),
    diagram: Path = typer.Option(
        Path("docs/reliability-credibility.png"), "--diagram", help="Reliability diagram PNG."
    ),
) -> None:
    """Train the three credibility scores and write them with their model cards."""
    from newsift.scores.training.evaluate import train_and_document

    path = prepared_data(data)
    written = train_and_document(path, out, sources if sources.is_dir() else None, diagram)
    for item in written:
        stderr.print(f"wrote {item}")


@friendly_errors
def attribution(
    data: Path = typer.Option(
        Path("../shared/data/attribution/polnear"),
        "--data",
        help="A PolNeAR-format folder with train/ (and dev/, scored for the model card).",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Where to write the model (default: the package's models folder)."
    ),
    folds: int = typer.Option(5, min=2, help="Cross-validation folds over training articles."),
    threads: int = typer.Option(1, min=1, max=2, help="LightGBM threads."),
) -> None:
    """Train the attribution extractor (cue, source, content) on PolNeAR."""
    from newsift.claims.training.attribution_train import default_model_dir, train

    card = train(
        data,
        out or default_model_dir(),
        folds=folds,
        threads=threads,
        log=lambda line: stderr.print(line, highlight=False),
    )
    print(json.dumps(card, indent=2))


@friendly_errors
def checkworthiness(
    data: Path = typer.Option(Path("../shared/data"), help="The shared data folder."),
    out: Path = typer.Option(
        Path("newsift/models/checkworthiness"), help="Where to write the model and its card."
    ),
    cv: bool = typer.Option(
        False, "--cv", help="Also run 5-fold cross-validation (about 5 times longer)."
    ),
    epochs: int = typer.Option(3, min=1, help="Fine-tuning epochs."),
    threads: int = typer.Option(2, min=1, help="CPU threads for torch."),
    measure_only: bool = typer.Option(
        False,
        "--measure-only",
        help="Do not train: recalibrate and re-measure the model in --out, rewrite its card.",
    ),
    linear: bool = typer.Option(
        False,
        "--linear",
        help="Train the cheap hashed n-gram model instead (fast mode's score, the encoder's"
        " gate), into newsift/models/checkworthiness_linear unless --out is given.",
    ),
) -> None:
    """Fine-tune the sentence check-worthiness model on ClaimBuster and export it to ONNX."""
    if linear:
        from newsift.claims.training.checkworthiness_linear import train as train_linear

        if out == Path("newsift/models/checkworthiness"):
            out = Path("newsift/models/checkworthiness_linear")
        figures = train_linear(data, out, log=lambda m: stderr.print(m))
        print(json.dumps({k: figures[k] for k in ("heldout", "gate") if k in figures}))
        stderr.print(f"wrote {out}/weights.npy, model.json, metrics.json and MODEL_CARD.md")
        return
    from newsift.claims.training.checkworthiness_train import measure, train
    from newsift.claims.training.finetune import FineTuneSettings

    if measure_only:
        figures = measure(data, out, log=lambda m: stderr.print(m))
        print(json.dumps({k: figures[k] for k in ("heldout", "clef2019_test") if k in figures}))
        return

    settings = FineTuneSettings(epochs=epochs, threads=threads)
    figures = train(data, out, cv=cv, settings=settings, log=lambda m: stderr.print(m))
    print(json.dumps({k: figures[k] for k in ("heldout", "clef2019_test") if k in figures}))
    stderr.print(f"wrote {out}/model.onnx, model.json, metrics.json and MODEL_CARD.md")


@friendly_errors
def factchecks(
    data: Path = typer.Option(
        Path("../shared/data/factchecks/clef2022_task2a_en_claim_retrieval"),
        "--data",
        help="A CheckThat! Task 2 folder (2022 or 2020 layout).",
    ),
    out: Path = typer.Option(
        Path("newsift/models/factchecks"), help="Where to write the re-ranker and its card."
    ),
) -> None:
    """Fit the fact-check re-ranker on BM25 candidates; threshold chosen on held-out folds."""
    from newsift.factchecks.training.checkthat import train

    cv = train(data, out)
    print(json.dumps(cv))
    stderr.print(f"wrote {out}/reranker.json and MODEL_CARD.md")


@friendly_errors
def propaganda(
    data: Path = typer.Option(
        Path("../shared/data/propaganda/ptc_semeval2020"), "--data", help="A PTC folder."
    ),
    out: Path = typer.Option(
        Path("newsift/models/propaganda"), help="Where to write the model and its card."
    ),
) -> None:
    """Fit the propaganda tagger and classifier; calibration and thresholds from CV by article."""
    from newsift.propaganda.training.ptc import train

    figures = train(data, out)
    print(json.dumps({k: figures[k] for k in ("si", "tc", "token_threshold")}))
    stderr.print(f"wrote {out}/weights.npz, model.json and MODEL_CARD.md")


@friendly_errors
def embeddings(
    data: Path = typer.Option(Path("../shared/data"), help="The shared data folder (MSRP)."),
    out: Path = typer.Option(
        Path("newsift/models/embeddings"), help="Where to write the int8 model and its card."
    ),
    work: Path = typer.Option(
        Path("/tmp/newsift-embeddings-fp32"), help="Where to keep the fp32 export (not shipped)."
    ),
) -> None:
    """Export all-MiniLM-L6-v2 to int8 ONNX, measure it on MSRP and write its model card."""
    from newsift.nlp.training.embeddings import export

    figures = export(data, out, work, log=lambda m: stderr.print(m))
    print(json.dumps({k: figures[k] for k in ("fp32", "int8")}))
    stderr.print(f"wrote {out}/model.onnx, model.json, metrics.json and MODEL_CARD.md")


@friendly_errors
def narratives(
    data: Path = typer.Option(Path("../shared/data"), help="The shared data folder (MSRP)."),
    cache: Path | None = typer.Option(
        None, help="A folder to keep the MSRP cosines in, so a refit does not embed again."
    ),
) -> None:
    """Fit the narratives' pairwise decision on MSRP train; print MSRP test figures."""
    from newsift.corpus.training.pairs import train

    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    figures = train(data, cache=cache, log=lambda m: stderr.print(m))
    print(json.dumps(figures, indent=2))
