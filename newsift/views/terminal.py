"""A report in the terminal (Rich): the article's record, scores, claims and signals, and the
text with its highlights. It reads the :class:`Report` alone, so what a user sees is exactly
what the JSON says."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsift.report import Report
from newsift.views.highlights import (
    LAYERS,
    claim_hedges,
    factcheck_lines,
    highlight_spans,
    percent,
    propaganda_lines,
    reason_text,
    reputation_summary,
    source_chain,
)


def render_terminal(
    report: Report, console: Console | None = None, *, show_text: bool = True
) -> None:
    console = console or Console()
    art = report.article
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    site = art.site.domain or "unknown"
    if art.site.name:
        site += f" ({art.site.name})"
    if art.site.evidence:
        site += (
            "  [dim]from "
            + "; ".join(f"{e.kind}: {e.text[:60]}" for e in art.site.evidence[:3])
            + "[/dim]"
        )
    head.add_row("Site", site)
    for label, value in (
        ("Title", art.title),
        ("Byline", art.byline),
        ("Published", art.published),
        ("URL", art.url),
    ):
        if value:
            head.add_row(label, Text(value))
    language = art.language or "undetermined"
    if art.language_confidence:
        language += f" (p={art.language_confidence:.2f})"
    head.add_row("Language", language)
    console.print(Panel(head, title="newsift report", subtitle=f"schema {report.schema_version}"))

    if report.source_reputation:
        console.print(_reputation_table(report))
    if report.scores:
        console.print(_scores_table(report))
    if report.claims:
        console.print(_claims_table(report))
    if report.signals:
        console.print(_signals_table(report))
    if show_text:
        text = Text(art.text)
        for start, end, layer, _tip in highlight_spans(report):
            text.stylize(LAYERS[layer][0], start, end)
        legend = "  ".join(f"[{style}]{name}[/]" for name, (style, _) in LAYERS.items())
        console.print(Panel(text, title="Cleaned text", subtitle=legend))
    if report.propaganda:
        table = Table(title="Possible propaganda techniques", expand=True)
        for column in ("Technique", "Span", "What it means"):
            table.add_column(column)
        for technique, quoted, definition in propaganda_lines(report):
            table.add_row(technique, Text(quoted), definition)
        console.print(table)
    if report.html_removed:
        console.print(_removed_table("Left out of the page by extraction", report.html_removed))
    if report.boilerplate:
        basis = "input" if report.boilerplate_basis == "input" else "text extracted from the page"
        console.print(_removed_table(f"Removed from the {basis}", report.boilerplate))
    for warning in report.warnings:
        console.print(f"[bold yellow]warning:[/] {warning}")


def _reputation_table(report: Report) -> Table:
    rep = report.source_reputation
    assert rep is not None
    table = Table(title=f"Source reputation: {rep.domain or 'unknown site'}", expand=True)
    for column in ("Rater", "Label", "Factuality", "Categories", "Date", "License"):
        table.add_column(column)
    for rating in rep.ratings:
        style = "" if rating.counted else "dim"
        table.add_row(
            rating.rater,
            rating.raw_label,
            rating.factuality,
            ", ".join(rating.categories),
            rating.date or "",
            rating.license or "",
            style=style,
        )
    table.caption = " ".join(reputation_summary(report))
    return table


def _scores_table(report: Report) -> Table:
    table = Table(title="Scores (calibrated probabilities)", expand=True)
    for column in ("Score", "Content", "Combined", "Driven by", "Top reasons"):
        table.add_column(column)
    for name, score in report.scores.items():
        part = score.combined or score.content
        reasons = "; ".join(reason_text(r) for r in part.reasons[:4])
        table.add_row(
            name,
            percent(score.content.probability),
            percent(score.combined.probability) if score.combined else "—",
            score.dominant,
            reasons,
        )
    notes = [
        f"{name}: {score.unfamiliar_data.note}"
        for name, score in report.scores.items()
        if score.unfamiliar_data
    ]
    if notes:
        table.caption = " ".join(notes)
    return table


def _claims_table(report: Report) -> Table:
    table = Table(title="Check-worthy claims and who they rest on", expand=True, show_lines=True)
    table.add_column("Claim", ratio=3)
    table.add_column("Worth", justify="right")
    table.add_column("Source (relays first)", ratio=2, overflow="fold")
    table.add_column("Hedges", ratio=1, min_width=14, overflow="fold")
    checked = any(claim.factchecks for claim in report.claims)
    if checked:
        table.add_column("Fact-checked before", ratio=2, overflow="fold")
    for claim in report.claims:
        source = Text(source_chain(claim.attribution)) if claim.attribution else Text("—")
        hedges = "; ".join(claim_hedges(report, claim)) if claim.hedged else ""
        row = [
            Text(claim.text[:240]),
            f"{claim.checkworthiness:.2f}",
            source,
            Text(hedges, style="black on yellow") if hedges else "",
        ]
        if checked:
            lines = [*factcheck_lines(claim), *(m.url for m in claim.factchecks if m.url)]
            row.append(Text("\n".join(lines), style="bold magenta") if lines else "")
        table.add_row(*row)
    return table


def _signals_table(report: Report) -> Table:
    table = Table(title="Signals", expand=True)
    table.add_column("Signal")
    table.add_column("Value")
    table.add_column("Why")
    for signal in report.signals:
        table.add_row(signal.name, str(signal.value), signal.explanation)
    return table


def _removed_table(title: str, blocks: list) -> Table:
    removed = Table(title=title, show_lines=False, expand=True)
    removed.add_column("Reason", style="yellow", no_wrap=True)
    removed.add_column("Offsets", style="dim", no_wrap=True)
    removed.add_column("Text")
    for block in blocks:
        excerpt = " / ".join(x.strip() for x in block.text.splitlines() if x.strip())
        removed.add_row(
            block.reason.replace("_", " "),
            f"{block.start}-{block.end}",
            Text(excerpt[:160] + ("…" if len(excerpt) > 160 else "")),
        )
    return removed
