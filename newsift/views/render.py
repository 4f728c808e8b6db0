"""Show a report to a person: in the terminal (Rich) or as a standalone HTML page.

Both work from the :class:`Report` alone, so what a user sees is exactly what the JSON says.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsift.report import Attribution, Claim, Report

#: Highlight layers, drawn in this order (later ones on top). name -> (rich style, css class)
LAYERS: dict[str, tuple[str, str]] = {
    "claim": ("underline", "claim"),
    "entity": ("cyan", "entity"),
    "dateline": ("bold magenta", "dateline"),
    "hedge": ("black on yellow", "hedge"),
    "signal": ("bold red", "signal"),
}


def highlight_spans(report: Report) -> list[tuple[int, int, str, str]]:
    """``(start, end, layer, tooltip)`` for everything worth highlighting in the text."""
    spans: list[tuple[int, int, str, str]] = []
    for claim in report.claims:
        tip = f"claim, check-worthiness {claim.checkworthiness:.2f}"
        if claim.attribution:
            tip += f"; source: {claim.attribution.source.text} ({claim.attribution.source.type})"
        spans.append((claim.start, claim.end, "claim", tip))
    for entity in report.entities:
        spans.append((entity.start, entity.end, "entity", entity.label))
    if report.article.dateline:
        spans.append(
            (report.article.dateline.start, report.article.dateline.end, "dateline", "dateline")
        )
    for hedge in report.hedges:
        spans.append((hedge.start, hedge.end, "hedge", f"hedge: {hedge.kind}"))
    for signal in report.signals:
        for span in signal.spans:
            spans.append((span.start, span.end, "signal", signal.name))
    order = list(LAYERS)
    return sorted(spans, key=lambda s: (order.index(s[2]), s[0]))


def _pct(probability: float) -> str:
    return f"{100 * probability:.0f}%"


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
    if report.boilerplate:
        removed = Table(title="Removed from the input", show_lines=False, expand=True)
        removed.add_column("Reason", style="yellow", no_wrap=True)
        removed.add_column("Offsets", style="dim", no_wrap=True)
        removed.add_column("Text")
        for block in report.boilerplate:
            excerpt = " / ".join(x.strip() for x in block.text.splitlines() if x.strip())
            removed.add_row(
                block.reason.replace("_", " "),
                f"{block.start}-{block.end}",
                Text(excerpt[:160] + ("…" if len(excerpt) > 160 else "")),
            )
        console.print(removed)
    for warning in report.warnings:
        console.print(f"[bold yellow]warning:[/] {warning}")


def reputation_summary(report: Report) -> list[str]:
    """Plain sentences about the site's ratings: verdict, agreement, what counted once."""
    rep = report.source_reputation
    if rep is None:
        return []
    if rep.status == "unrated":
        return [rep.note or f"{rep.domain or 'The site'} is not rated by any list newsift knows."]
    consensus = rep.consensus
    lines = []
    agreement = consensus.agreement
    verdict = f"Consensus factuality: {consensus.factuality}"
    if agreement is not None:
        fact = agreement.factuality
        verdict += (
            f" ({fact.status}: {fact.agree} of {fact.agree + fact.disagree} independent"
            f" sources agree)"
        )
    lines.append(verdict + ".")
    if consensus.categories:
        parts = []
        for category in consensus.categories:
            detail = agreement.categories.get(category) if agreement else None
            if detail is not None:
                parts.append(
                    f"{category} ({len(detail.agree)} agree, {len(detail.disagree)} do not)"
                )
            else:
                parts.append(category)
        lines.append("Categories: " + ", ".join(parts) + ".")
    if agreement is not None:
        for same in agreement.same_source:
            raters = ", ".join([same.counted, *same.also])
            lines.append(f"{raters} all derive from {same.origin}: counted as one source.")
    return lines


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
        reasons = "; ".join(f"{r.signal} {r.contribution:+.2f}" for r in part.reasons[:4])
        table.add_row(
            name,
            _pct(score.content.probability),
            _pct(score.combined.probability) if score.combined else "—",
            score.dominant,
            reasons,
        )
    return table


def source_chain(attribution: Attribution) -> str:
    """ "Al Mayadeen (news_outlet) → Hadiya Khalaf Abbas (named_person), cue: said": relays
    first, each with its type, so a reader sees whose word the claim finally rests on."""
    links = [link.source for link in attribution.chain]
    final = attribution.source
    if not links or (links[-1].text, links[-1].start) != (final.text, final.start):
        links.append(final)
    parts = []
    for source in links:
        detail = source.type + (f", {source.domain}" if source.domain else "")
        parts.append(f"{source.text or 'unnamed'} ({detail})")
    text = " → ".join(parts)
    if attribution.cue:
        text += f"; cue: {attribution.cue.text}"
    return text


def claim_hedges(report: Report, claim: Claim) -> list[str]:
    """The hedge cues inside a claim, as "cue (kind)"."""
    return [
        f"{hedge.text} ({hedge.kind})"
        for hedge in report.hedges
        if hedge.start < claim.end and hedge.end > claim.start
    ]


def _claims_table(report: Report) -> Table:
    table = Table(title="Check-worthy claims and who they rest on", expand=True, show_lines=True)
    table.add_column("Claim", ratio=3)
    table.add_column("Worth", justify="right")
    table.add_column("Source (relays first)", ratio=2, overflow="fold")
    table.add_column("Hedges", ratio=1, min_width=14, overflow="fold")
    for claim in report.claims:
        source = Text(source_chain(claim.attribution)) if claim.attribution else Text("—")
        hedges = "; ".join(claim_hedges(report, claim)) if claim.hedged else ""
        table.add_row(
            Text(claim.text[:240]),
            f"{claim.checkworthiness:.2f}",
            source,
            Text(hedges, style="black on yellow") if hedges else "",
        )
    return table


def _signals_table(report: Report) -> Table:
    table = Table(title="Signals", expand=True)
    table.add_column("Signal")
    table.add_column("Value")
    table.add_column("Why")
    for signal in report.signals:
        table.add_row(signal.name, str(signal.value), signal.explanation)
    return table


# --- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font:16px/1.55 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem} h2{font:600 1.05rem system-ui,sans-serif;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font:14px system-ui,sans-serif}
td,th{border-bottom:1px solid #eee;padding:.3rem .5rem;text-align:left;vertical-align:top}
.meta td:first-child{font-weight:600;width:8rem}
.text{white-space:pre-wrap}
.claim{text-decoration:underline;text-decoration-color:#36c;text-decoration-thickness:2px}
.entity{color:#06707a} .dateline{color:#8a2be2;font-weight:600}
.hedge{background:#fff2a8} .signal{outline:2px solid #d33}
.removed{color:#777;font-size:13px;white-space:pre-wrap}
.legend span{margin-right:1rem;font:13px system-ui,sans-serif}
.warn{color:#a60}
"""


def _segments(text: str, spans: Iterable[tuple[int, int, str, str]]) -> str:
    """Text with nested-free markup: cut at every boundary, tag each piece with its layers."""
    spans = list(spans)
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    out = []
    for left, right in itertools.pairwise(cuts):
        active = [s for s in spans if s[0] <= left and right <= s[1]]
        piece = html.escape(text[left:right])
        if active:
            classes = " ".join(sorted({LAYERS[s[2]][1] for s in active}))
            tips = html.escape("; ".join(dict.fromkeys(s[3] for s in active)), quote=True)
            piece = f'<span class="{classes}" title="{tips}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def render_html(report: Report) -> str:
    art = report.article
    esc = html.escape
    rows = [
        (
            "Site",
            f"{art.site.domain or 'unknown'}" + (f" ({art.site.name})" if art.site.name else ""),
        ),
        ("Site evidence", "; ".join(f"{e.kind}: {e.text}" for e in art.site.evidence) or "none"),
        ("Byline", art.byline or ""),
        ("Published", art.published or ""),
        ("URL", art.url or ""),
        ("Language", f"{art.language or 'undetermined'}"),
    ]
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>newsift: {esc(art.title or 'article')}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(art.title or 'Untitled article')}</h1>",
        "<table class='meta'>"
        + "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in rows if v)
        + "</table>",
    ]
    if report.source_reputation:
        rep = report.source_reputation
        parts.append(f"<h2>Source reputation: {esc(rep.domain or 'unknown')}</h2><table>")
        parts.append(
            "<tr><th>Rater</th><th>Label</th><th>Factuality</th><th>Categories</th><th>Date</th><th>License</th></tr>"
        )
        for r in rep.ratings:
            parts.append(
                f"<tr><td>{esc(r.rater)}</td><td>{esc(r.raw_label)}</td><td>{esc(r.factuality)}</td>"
                f"<td>{esc(', '.join(r.categories))}</td><td>{esc(r.date or '')}</td><td>{esc(r.license or '')}</td></tr>"
            )
        parts.append("</table>")
        parts.extend(f"<p>{esc(sentence)}</p>" for sentence in reputation_summary(report))
    if report.scores:
        parts.append(
            "<h2>Scores</h2><table><tr><th>Score</th><th>Content</th><th>Combined</th><th>Driven by</th><th>Reasons</th></tr>"
        )
        for name, score in report.scores.items():
            part = score.combined or score.content
            reasons = "; ".join(f"{r.signal} {r.contribution:+.2f}" for r in part.reasons[:5])
            parts.append(
                f"<tr><td>{esc(name)}</td><td>{_pct(score.content.probability)}</td>"
                f"<td>{_pct(score.combined.probability) if score.combined else '—'}</td>"
                f"<td>{esc(score.dominant)}</td><td>{esc(reasons)}</td></tr>"
            )
        parts.append("</table>")
    if report.claims:
        parts.append(
            "<h2>Claims</h2><table><tr><th>Claim</th><th>Worth</th>"
            "<th>Source (relays first)</th><th>Hedges</th></tr>"
        )
        for claim in report.claims:
            source = source_chain(claim.attribution) if claim.attribution else "—"
            hedges = "; ".join(claim_hedges(report, claim)) if claim.hedged else ""
            parts.append(
                f"<tr><td>{esc(claim.text)}</td><td>{claim.checkworthiness:.2f}</td>"
                f"<td>{esc(source)}</td><td><span class='hedge'>{esc(hedges)}</span></td></tr>"
            )
        parts.append("</table>")
    if report.signals:
        parts.append("<h2>Signals</h2><table>")
        for s in report.signals:
            parts.append(
                f"<tr><td>{esc(s.name)}</td><td>{esc(str(s.value))}</td><td>{esc(s.explanation)}</td></tr>"
            )
        parts.append("</table>")
    legend = "".join(f"<span class='{css}'>{esc(name)}</span>" for name, (_, css) in LAYERS.items())
    parts.append(f"<h2>Cleaned text</h2><p class='legend'>{legend}</p>")
    parts.append(f"<div class='text'>{_segments(art.text, highlight_spans(report))}</div>")
    if report.boilerplate:
        basis = "input" if report.boilerplate_basis == "input" else "text extracted from the page"
        parts.append(
            f"<h2>Removed from the {esc(basis)}</h2><table><tr><th>Reason</th><th>Offsets</th><th>Text</th></tr>"
        )
        for block in report.boilerplate:
            parts.append(
                f"<tr><td>{esc(block.reason.replace('_', ' '))}</td><td>{block.start}–{block.end}</td>"
                f"<td class='removed'>{esc(block.text)}</td></tr>"
            )
        parts.append("</table>")
    for warning in report.warnings:
        parts.append(f"<p class='warn'>warning: {esc(warning)}</p>")
    parts.append(
        f"<footer><p><small>newsift {esc(report.newsift_version)}, report schema "
        f"{esc(report.schema_version)}. newsift reports evidence, not truth.</small></p></footer>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)
