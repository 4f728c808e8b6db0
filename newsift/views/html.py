"""A report as one standalone HTML page (no scripts, no external assets), for ``--html`` and the
web page."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable

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

_CSS = """
body{font:16px/1.55 Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem} h2{font:600 1.05rem system-ui,sans-serif;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font:14px system-ui,sans-serif}
td,th{border-bottom:1px solid #eee;padding:.3rem .5rem;text-align:left;vertical-align:top}
.meta td:first-child{font-weight:600;width:8rem}
.text{white-space:pre-wrap}
.propaganda{background:#efe0f7;border-bottom:2px solid #7b2d9b}
.factcheck{margin-top:.3em;padding:.2em .4em;background:#fde7f3;font-size:.9em}
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
            reasons = "; ".join(reason_text(r) for r in part.reasons[:5])
            parts.append(
                f"<tr><td>{esc(name)}</td><td>{percent(score.content.probability)}</td>"
                f"<td>{percent(score.combined.probability) if score.combined else '—'}</td>"
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
            checks = "".join(
                f"<div class='factcheck'>{esc(line)}"
                + (f" <a href='{esc(m.url)}'>{esc(m.url)}</a>" if m.url else "")
                + "</div>"
                for line, m in zip(factcheck_lines(claim), claim.factchecks, strict=True)
            )
            parts.append(
                f"<tr><td>{esc(claim.text)}{checks}</td><td>{claim.checkworthiness:.2f}</td>"
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
    if report.propaganda:
        parts.append(
            "<h2>Possible propaganda techniques</h2><table><tr><th>Technique</th><th>Span</th>"
            "<th>What it means</th></tr>"
        )
        for technique, quoted, definition in propaganda_lines(report):
            parts.append(
                f"<tr><td>{esc(technique)}</td><td class='propaganda'>{esc(quoted)}</td>"
                f"<td>{esc(definition)}</td></tr>"
            )
        parts.append("</table>")
    removed = [("page by extraction", report.html_removed)]
    basis = "input" if report.boilerplate_basis == "input" else "text extracted from the page"
    removed.append((basis, report.boilerplate))
    for where, blocks in removed:
        if not blocks:
            continue
        heading = "Left out of the" if blocks is report.html_removed else "Removed from the"
        parts.append(
            f"<h2>{heading} {esc(where)}</h2>"
            "<table><tr><th>Reason</th><th>Offsets</th><th>Text</th></tr>"
        )
        for block in blocks:
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
