"""Command line: a thin layer over the library; one module per command group.

Every command is registered here, in the order ``--help`` lists them. Errors are one line on
stderr, never a traceback (``common.friendly_errors``). Commands import what they run lazily,
so ``newsift --help`` loads no model.

May import anything in the package; nothing imports it.
"""

from __future__ import annotations

from newsift.cli import analyze, batch, corpus, data, evaluate, factchecks, serve, sources, train
from newsift.cli.common import (
    app,
    corpus_app,
    data_app,
    evaluate_app,
    factchecks_app,
    sources_app,
    train_app,
)

# newsift COMMAND
app.command()(analyze.analyze)
app.command()(batch.batch)
app.command()(corpus.export)
app.command()(serve.serve)
app.command()(analyze.schema)

# newsift sources COMMAND
sources_app.command("lookup")(sources.lookup)
sources_app.command("stats")(sources.stats)
sources_app.command("import")(sources.import_list)
sources_app.command("build")(sources.build)
sources_app.command("report")(sources.report)

# newsift corpus COMMAND
corpus_app.command("stats")(corpus.stats)
corpus_app.command("copies")(corpus.copies)
corpus_app.command("stories")(corpus.stories)
corpus_app.command("narratives")(corpus.narratives)
corpus_app.command("show")(corpus.show)

# newsift factchecks COMMAND
factchecks_app.command("build")(factchecks.build)
factchecks_app.command("import")(factchecks.import_file)
factchecks_app.command("search")(factchecks.search)
factchecks_app.command("stats")(factchecks.stats)

# newsift data COMMAND
data_app.command("gold-lines")(data.gold_lines)
data_app.command("gold-summary")(data.gold_summary)
data_app.command("prepare")(data.prepare)
data_app.command("findings-gold")(data.findings_gold)

# newsift train COMMAND
train_app.command("boilerplate")(train.boilerplate)
train_app.command("credibility")(train.credibility)
train_app.command("attribution")(train.attribution)
train_app.command("checkworthiness")(train.checkworthiness)
train_app.command("factchecks")(train.factchecks)
train_app.command("propaganda")(train.propaganda)
train_app.command("embeddings")(train.embeddings)
train_app.command("narratives")(train.narratives)

# newsift evaluate COMMAND
evaluate_app.command("hedging")(evaluate.hedging)
evaluate_app.command("boilerplate")(evaluate.boilerplate)
evaluate_app.command("credibility")(evaluate.credibility)
evaluate_app.command("attribution")(evaluate.attribution)
evaluate_app.command("checkworthiness")(evaluate.checkworthiness)
evaluate_app.command("factchecks")(evaluate.factchecks)
evaluate_app.command("findings")(evaluate.findings)
evaluate_app.command("propaganda")(evaluate.propaganda)
evaluate_app.command("stories")(evaluate.stories)
evaluate_app.command("extraction")(evaluate.extraction)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
