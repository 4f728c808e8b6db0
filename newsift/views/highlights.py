"""What both views say the same way: the highlight layers over the text, percentages, a site's
record in a line, a claim's source chain and hedges."""

from __future__ import annotations

from newsift.report import Attribution, Claim, Report

#: Highlight layers, drawn in this order (later ones on top). name -> (rich style, css class)
LAYERS: dict[str, tuple[str, str]] = {
    "claim": ("underline", "claim"),
    "entity": ("cyan", "entity"),
    "dateline": ("bold magenta", "dateline"),
    "hedge": ("black on yellow", "hedge"),
    "propaganda": ("white on dark_magenta", "propaganda"),
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
    for span in report.propaganda:
        tip = f"possible {span.technique.replace('_', ' ')} ({span.score:.2f}): {span.definition}"
        spans.append((span.start, span.end, "propaganda", tip))
    for signal in report.signals:
        for span in signal.spans:
            spans.append((span.start, span.end, "signal", signal.name))
    order = list(LAYERS)
    return sorted(spans, key=lambda s: (order.index(s[2]), s[0]))


def reason_text(reason) -> str:
    """One reason as a reader sees it: the signal, and for ``wording`` the content words and
    phrases that moved the score most (the words the model used), then the contribution."""
    if reason.signal == "wording" and reason.spans:
        seen: list[str] = []
        for span in reason.spans:
            word = span.text.lower()
            if word not in seen:
                seen.append(word)
        shown = ", ".join(f'"{w}"' for w in seen[:4])
        return f"wording ({shown}) {reason.contribution:+.2f}"
    return f"{reason.signal.replace('_', ' ')} {reason.contribution:+.2f}"


def percent(probability: float) -> str:
    return f"{100 * probability:.0f}%"


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


def factcheck_lines(claim: Claim) -> list[str]:
    """Each earlier fact-check of a claim as "rating, publisher, date (match p)"."""
    return [
        f"{m.rating_raw or m.rating}, {m.publisher}"
        + (f", {m.date}" if m.date else "")
        + f" (match {m.score:.2f}): {m.claim}"
        for m in claim.factchecks
    ]


def propaganda_lines(report: Report) -> list[tuple[str, str, str]]:
    """``(technique, quoted span, definition)`` for each possible technique found."""
    return [
        (
            f"possible {p.technique.replace('_', ' ').replace(',', ', ')} ({p.score:.2f})",
            f"“{p.text}”",
            p.definition,
        )
        for p in report.propaganda
    ]
