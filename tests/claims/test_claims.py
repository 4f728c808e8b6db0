"""Claims assembled from hand-built checkworthiness and attribution groups (the contracts of
those components), the real spaCy parse and the hedging component."""

from __future__ import annotations

import re

import pytest

from newsift.article import Article, Span
from newsift.claims.component import DEFAULT_THRESHOLD, NO_SCORES_WARNING, THRESHOLD_META_KEY
from newsift.input.ingest import article_from_text
from newsift.pipeline import Pipeline
from newsift.report import build_report
from newsift.views.html import render_html
from newsift.views.terminal import render_terminal

TEXT = (
    "The river authority says the dam is safe. "
    "A senior engineer told the Valley Post that cracks may have spread to the spillway. "
    "The dam was built in 1961. "
    "The mayor visited the site on Monday."
)


@pytest.fixture(scope="module")
def parse() -> Pipeline:
    return Pipeline.from_names(["extract", "clean", "site", "language", "nlp", "hedging"])


@pytest.fixture(scope="module")
def claims_only() -> Pipeline:
    return Pipeline.from_names(["claims"])


def part(article: Article, text: str) -> dict:
    start = article.text.index(text)
    return {"start": start, "end": start + len(text), "text": text}


def scored(article: Article, scores: list[float]) -> None:
    """The checkworthiness contract: one span per sentence, score = probability."""
    sentences = article.spans["sentences"]
    assert len(sentences) == len(scores)
    article.spans["checkworthiness"] = [
        Span(s.start, s.end, "checkworthiness", score=p)
        for s, p in zip(sentences, scores, strict=True)
    ]


def attribution(article: Article, source: str, kind: str, cue: str, content: str, chain=()):
    """The attribution contract: span over the content, attrs source / cue / content / chain."""
    src = {**part(article, source), "type": kind, "domain": None}
    body = part(article, content)
    return Span(
        body["start"],
        body["end"],
        "attribution",
        attrs={
            "source": src,
            "cue": part(article, cue),
            "content": body,
            "chain": list(chain),
        },
    )


@pytest.fixture
def article(parse) -> Article:
    article = article_from_text(TEXT)
    parse(article)
    scored(article, [0.9, 0.8, 0.7, 0.2])
    article.spans["attributions"] = [
        attribution(
            article, "The river authority", "government_or_military", "says", "the dam is safe"
        ),
        attribution(
            article,
            "A senior engineer",
            "anonymous",
            "told",
            "cracks may have spread to the spillway",
            chain=[
                {
                    "source": {**part(article, "the Valley Post"), "type": "news_outlet"},
                    "cue": None,
                }
            ],
        ),
    ]
    return article


def claims(article: Article) -> list[Span]:
    return article.spans["claims"]


def test_claims_are_the_sentences_at_or_above_the_threshold(article, claims_only):
    claims_only(article)
    texts = [article.span_text(c) for c in claims(article)]
    assert texts == [
        "The river authority says the dam is safe.",
        "A senior engineer told the Valley Post that cracks may have spread to the spillway.",
        "The dam was built in 1961.",
    ]
    assert [c.label for c in claims(article)] == ["claim"] * 3
    assert set(claims(article)[0].attrs) == {"checkworthiness", "attribution", "hedged"}
    assert [c.attrs["checkworthiness"] for c in claims(article)] == [0.9, 0.8, 0.7]


def test_each_claim_gets_the_attribution_that_covers_it(article, claims_only):
    claims_only(article)
    first, second, third = (c.attrs["attribution"] for c in claims(article))
    assert first["source"]["text"] == "The river authority"
    assert first["source"]["type"] == "government_or_military"
    assert first["cue"]["text"] == "says"
    assert second["source"]["type"] == "anonymous"
    assert second["chain"][0]["source"]["text"] == "the Valley Post"
    assert third is None


def test_a_cue_inside_the_sentence_attaches_when_the_content_lies_elsewhere(parse, claims_only):
    article = article_from_text("Ms Okafor said this on Friday. The bridge is closed.")
    parse(article)
    scored(article, [0.9, 0.9])
    source = {**part(article, "Ms Okafor"), "type": "named_person"}
    article.spans["attributions"] = [
        Span(0, 5, "attribution", attrs={"source": source, "cue": part(article, "said")})
    ]
    claims_only(article)
    assert claims(article)[0].attrs["attribution"]["source"]["text"] == "Ms Okafor"
    assert claims(article)[1].attrs["attribution"] is None


def test_hedged_follows_the_hedges_inside_the_claim(article, claims_only):
    claims_only(article)
    assert [c.attrs["hedged"] for c in claims(article)] == [False, True, False]


def test_an_approximate_number_alone_does_not_make_a_claim_hedged(parse, claims_only):
    article = article_from_text("About 300 homes lost power.")
    parse(article)
    scored(article, [0.9])
    article.spans["attributions"] = []
    claims_only(article)
    assert [h.label for h in article.spans["hedges"]] == ["approximator"]
    assert claims(article)[0].attrs["hedged"] is False


def test_anonymous_sourcing_counts_claims_resting_on_anonymous_sources(article, claims_only):
    claims_only(article)
    sig = next(s for s in article.signals if s.name == "anonymous_sourcing")
    assert sig.value == 1
    assert [article.span_text(s) for s in sig.spans] == ["A senior engineer"]
    assert "1 of 3" in sig.explanation and "A senior engineer" in sig.explanation


def test_an_anonymous_source_is_shown_as_what_its_pronoun_refers_to(parse, claims_only):
    article = article_from_text("The mayor thanked the volunteers, who said the shelter was full.")
    parse(article)
    scored(article, [0.9])
    relation = attribution(article, "who", "anonymous", "said", "the shelter was full")
    relation.attrs["source"]["resolved_to"] = part(article, "the volunteers")
    article.spans["attributions"] = [relation]
    claims_only(article)
    sig = next(s for s in article.signals if s.name == "anonymous_sourcing")
    assert [article.span_text(s) for s in sig.spans] == ["the volunteers"]
    assert "the volunteers" in sig.explanation


def test_unverifiable_phrases_count_as_anonymous_sourcing_without_an_attribution(
    parse, claims_only
):
    article = article_from_text("Sources say the factory will close in June.")
    parse(article)
    scored(article, [0.9])
    article.spans["attributions"] = []
    claims_only(article)
    sig = next(s for s in article.signals if s.name == "anonymous_sourcing")
    assert sig.value == 1
    assert [article.span_text(s) for s in sig.spans] == ["Sources say"]


def test_unattributed_claims_are_the_claims_with_no_source(article, claims_only):
    claims_only(article)
    sig = next(s for s in article.signals if s.name == "unattributed_claims")
    assert sig.value == 1
    assert [article.span_text(s) for s in sig.spans] == ["The dam was built in 1961."]
    assert "1 of 3" in sig.explanation


def test_author_voice_and_sourceless_attributions(parse, claims_only):
    article = article_from_text("We confirmed the dam is cracked. The dam will be closed.")
    parse(article)
    scored(article, [0.9, 0.9])
    author = {**part(article, "We"), "type": "author"}
    article.spans["attributions"] = [
        Span(0, 10, "attribution", attrs={"source": author, "cue": part(article, "confirmed")}),
        Span(
            article.text.index("The dam will"),
            len(article.text),
            "attribution",
            attrs={"source": None, "cue": None, "content": part(article, "The dam will be closed")},
        ),
    ]
    claims_only(article)
    first, second = (c.attrs["attribution"] for c in claims(article))
    assert first["source"]["type"] == "author"
    assert second["source"]["type"] == "none"
    sig = next(s for s in article.signals if s.name == "unattributed_claims")
    assert sig.value == 1
    assert [article.span_text(s) for s in sig.spans] == ["The dam will be closed."]


def test_threshold_comes_from_the_setting_then_the_checkworthiness_model(article):
    Pipeline.from_names(["claims"], threshold=0.75)(article)
    assert len(claims(article)) == 2
    article.meta[THRESHOLD_META_KEY] = 0.85
    Pipeline.from_names(["claims"])(article)
    assert len(claims(article)) == 1
    del article.meta[THRESHOLD_META_KEY]
    Pipeline.from_names(["claims"])(article)
    assert len(claims(article)) == sum(
        s.score >= DEFAULT_THRESHOLD for s in article.spans["checkworthiness"]
    )


def test_without_checkworthiness_there_are_no_claims_and_one_warning(parse, claims_only):
    article = article_from_text(TEXT)
    parse(article)
    claims_only(article)
    claims_only(article)
    assert claims(article) == []
    assert article.warnings.count(NO_SCORES_WARNING) == 1
    names = {s.name for s in article.signals}
    assert "anonymous_sourcing" not in names and "unattributed_claims" not in names


def test_running_twice_gives_the_same_claims_and_signals(article, claims_only):
    claims_only(article)
    first = ([(c.start, c.attrs) for c in claims(article)], [s.name for s in article.signals])
    claims_only(article)
    second = ([(c.start, c.attrs) for c in claims(article)], [s.name for s in article.signals])
    assert first == second


def test_the_report_and_its_views_show_claims_sources_and_hedges(article, claims_only):
    claims_only(article)
    report = build_report(article)
    assert [c.attribution.source.type if c.attribution else None for c in report.claims] == [
        "government_or_military",
        "anonymous",
        None,
    ]
    assert any(h.kind == "modal" and h.text == "may" for h in report.hedges)
    names = {s.name for s in report.signals}
    assert {
        "anonymous_sourcing",
        "unattributed_claims",
        "hedge_then_certainty",
        "evidence_promised_not_shown",
    } <= names
    page = render_html(report)
    assert "the Valley Post (news_outlet) → A senior engineer (anonymous); cue: told" in page
    assert re.search(r'<span class="[^"]*hedge[^"]*" title="[^"]*hedge: modal', page)
    from rich.console import Console

    console = Console(record=True, width=160)
    render_terminal(report, console)
    shown = console.export_text()
    assert "A senior engineer" in shown and "anonymous" in shown
