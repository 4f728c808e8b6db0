"""Hedge cues, certainty, promised evidence, unverifiable sourcing and hedge_then_certainty,
on sentences written for these tests, parsed by the real spaCy pipeline."""

from __future__ import annotations

import pytest

from newsift.article import Article, Span
from newsift.claims.hedging import HEDGE_KINDS, load_lexicon
from newsift.input.ingest import article_from_text
from newsift.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_names(["extract", "clean", "site", "language", "nlp", "hedging"])


@pytest.fixture(scope="module")
def fast_pipeline() -> Pipeline:
    return Pipeline.from_names(
        ["extract", "clean", "site", "language", "nlp", "hedging"], fast=True
    )


def run(pipeline: Pipeline, text: str) -> Article:
    article = article_from_text(text)
    pipeline(article)
    return article


def found(article: Article, group: str) -> list[tuple[str, str]]:
    return [(span.label, article.span_text(span)) for span in article.spans.get(group, [])]


def hedges(article: Article) -> list[tuple[str, str]]:
    return found(article, "hedges")


def signal(article: Article, name: str):
    matches = [s for s in article.signals if s.name == name]
    assert len(matches) == 1, [s.name for s in article.signals]
    return matches[0]


# --- each kind, with its span ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind", "cue"),
    [
        ("The new bridge may collapse under heavy traffic next winter.", "modal", "may"),
        ("The council might raise parking fees again in the spring.", "modal", "might"),
        ("Rising water could flood the lower town by Friday.", "modal", "could"),
        ("The mayor appears to have signed the contract last year.", "epistemic", "appears to"),
        ("The harbour seems busier than it was a decade ago.", "epistemic", "seems"),
        ("The tests suggest that the well water is unsafe.", "epistemic", "suggest"),
        ("The fire was probably started by a faulty heater.", "epistemic", "probably"),
        ("The councillor reportedly moved the money abroad.", "reporting", "reportedly"),
        ("The company allegedly hid the losses from its auditors.", "reporting", "allegedly"),
        ("The alleged bribe was paid in cash.", "reporting", "alleged"),
        ("The minister is said to be furious about the leak.", "reporting", "is said to"),
        ("The singer is rumored to be planning a comeback tour.", "reporting", "rumored"),
        ("If confirmed, the deal would double the port's capacity.", "conditional", "If confirmed"),
        ("If true, the report changes everything for the farmers.", "conditional", "If true"),
        (
            "If this letter does exist, the governor will have to resign.",
            "conditional",
            "If this letter does exist",
        ),
        (
            "If the reports are accurate, the dam was never inspected.",
            "conditional",
            "If the reports are accurate",
        ),
        ("The storm cut power to about 4,000 homes overnight.", "approximator", "about"),
        ("Roughly 300 workers joined the strike on Tuesday.", "approximator", "Roughly"),
        ("The gallery sold some 120 paintings at the auction.", "approximator", "some"),
        ("The repairs cost an estimated $2 million.", "approximator", "an estimated"),
    ],
)
def test_each_hedge_kind_is_found_with_its_span(pipeline, sentence, kind, cue):
    article = run(pipeline, sentence)
    assert (kind, cue) in hedges(article)
    span = next(s for s in article.spans["hedges"] if article.span_text(s) == cue)
    assert article.text[span.start : span.end] == cue
    assert span.label in HEDGE_KINDS


@pytest.mark.parametrize(
    ("sentence", "not_a_hedge"),
    [
        ("The council votes on May 5 in the town hall.", "May"),
        ("The landlord could not be reached for comment on Sunday.", "could"),
        ("The suspect appeared in court on Monday morning.", "appeared"),
        ("The band appears on the late show every Friday.", "appears"),
        ("The rebels claimed responsibility for the explosion.", "claimed"),
        ("The referee could not see the foul from where he stood.", "could"),
        ("Please finish the survey as soon as possible.", "possible"),
        ("You may use these tags in your comment.", "may"),
        ("Talk about the weather never ends in this village.", "about"),
        ("He said he would attend the ceremony in March.", "would"),
        ("The military might of the empire was unmatched.", "might"),
    ],
)
def test_ambiguous_words_are_not_hedges_where_they_do_not_hedge(pipeline, sentence, not_a_hedge):
    article = run(pipeline, sentence)
    assert not_a_hedge not in [text for _, text in hedges(article)]


def test_a_would_under_a_conditional_is_a_hedge_and_carries_to_the_next_sentence(pipeline):
    article = run(
        pipeline,
        "If true, the memo would end the senator's career. It would also embarrass his party.",
    )
    woulds = [s for s in article.spans["hedges"] if article.span_text(s) == "would"]
    assert [s.label for s in woulds] == ["modal", "modal"]


def test_a_cue_inside_a_conditional_clause_is_part_of_that_hedge(pipeline):
    article = run(pipeline, "If the video is genuine, the officer lied under oath.")
    assert hedges(article) == [("conditional", "If the video is genuine")]


def test_fast_mode_without_the_parser_still_finds_unambiguous_cues(fast_pipeline):
    article = run(
        fast_pipeline, "The mayor reportedly resigned. If confirmed, the vote may be delayed."
    )
    kinds = {kind for kind, _ in hedges(article)}
    assert {"reporting", "conditional", "modal"} <= kinds
    assert ("modal", "May") not in hedges(run(fast_pipeline, "The council votes on May 5."))


# --- certainty, promised evidence, unverifiable sourcing ---------------------------------------


@pytest.mark.parametrize(
    ("sentence", "marker"),
    [
        ("The ledger shows, beyond a shadow of a doubt, that the funds were moved.", None),
        ("The witness was undeniably at the scene.", "undeniably"),
        ("It is clear that the contract was rigged.", "It is clear"),
        ("The invoices prove that the money went abroad.", "prove"),
        ("The charity clearly misled its donors.", "clearly"),
    ],
)
def test_certainty_markers_are_found(pipeline, sentence, marker):
    article = run(pipeline, sentence)
    texts = [text for _, text in found(article, "certainty")]
    assert (marker or "beyond a shadow of a doubt") in texts


@pytest.mark.parametrize(
    "sentence",
    [
        "The move proved costly for the club.",
        "There is no proof that the mayor knew.",
        "The report does not prove anything about the contract.",
        "The river is not clearly marked on old maps.",
    ],
)
def test_non_certainty_uses_are_not_certainty(pipeline, sentence):
    assert found(run(pipeline, sentence), "certainty") == []


@pytest.mark.parametrize(
    ("sentence", "promise"),
    [
        (
            "The spokesman said the full recording would be made public later.",
            "the full recording would be made public later",
        ),
        ("We will publish the documents next week.", "will publish the documents"),
        (
            "The union promised to release the evidence soon.",
            "promised to release the evidence soon",
        ),
        ("Police have arrested two men. Details to follow.", "Details to follow"),
        ("This is only the beginning, and there is more to come.", "more to come"),
    ],
)
def test_evidence_promised_is_found(pipeline, sentence, promise):
    article = run(pipeline, sentence)
    assert promise in [text for _, text in found(article, "evidence_promised")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry released the documents on Monday.",
        "The ministry will not release the documents.",
        "The band will release a new album in May.",
    ],
)
def test_released_or_refused_evidence_is_not_a_promise(pipeline, sentence):
    assert found(run(pipeline, sentence), "evidence_promised") == []


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("Sources say the factory will close in June.", "Sources say"),
        (
            "A senior defence official told reporters the drills were cancelled.",
            "A senior defence official",
        ),
        ("According to insiders, the merger is off.", "According to insiders"),
        ("It is said that the old mill is haunted.", "It is said"),
        ("Many people are saying the count was wrong.", "Many people are saying"),
        ("Officials said the road would reopen on Friday.", "Officials"),
    ],
)
def test_unverifiable_sourcing_is_found(pipeline, sentence, source):
    article = run(pipeline, sentence)
    assert source in [text for _, text in found(article, "unverifiable_sourcing")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Maria Lopez, the city's treasurer, said the budget was balanced.",
        "The official, Tom Reyes, said the road would reopen.",
        "The officials met in Geneva on Monday.",
    ],
)
def test_named_or_non_speaking_people_are_not_unverifiable_sources(pipeline, sentence):
    assert found(run(pipeline, sentence), "unverifiable_sourcing") == []


def test_anonymous_attribution_sources_join_unverifiable_sourcing(pipeline):
    article = run(pipeline, "The plant will close, the caller insisted.")
    assert found(article, "unverifiable_sourcing") == []  # the rules alone do not see it
    start = article.text.index("the caller")
    end = start + len("the caller")
    source = {"start": start, "end": end, "text": "the caller", "type": "anonymous"}
    article.spans["attributions"] = [
        Span(0, len(article.text), "attribution", attrs={"source": source})
    ]
    pipeline.get("hedging")(article)
    assert found(article, "unverifiable_sourcing") == [("unverifiable_sourcing", "the caller")]


# --- hedge_then_certainty ----------------------------------------------------------------------

HEDGE_THEN_CERTAINTY = (
    "A local blogger says he has seen the mayor's diary. If confirmed, this would change how "
    "the council votes.\n\nIt would prove, beyond a shadow of a doubt, that the mayor lied."
)


def test_hedge_then_certainty_fires_on_a_hedged_premise_and_a_certain_conclusion(pipeline):
    article = run(pipeline, HEDGE_THEN_CERTAINTY)
    sig = signal(article, "hedge_then_certainty")
    assert sig.value == 1
    texts = [article.span_text(s) for s in sig.spans]
    assert "If confirmed" in texts
    assert "beyond a shadow of a doubt" in texts
    assert "If confirmed" in sig.explanation and "beyond a shadow of a doubt" in sig.explanation


def test_hedge_then_certainty_fires_within_one_conditional_sentence(pipeline):
    article = run(pipeline, "If the leaked memo is real, it clearly shows a cover-up.")
    assert signal(article, "hedge_then_certainty").value == 1


def test_hedge_then_certainty_needs_a_prior_hedge(pipeline):
    article = run(
        pipeline,
        "The auditors read every invoice. It proves, beyond a shadow of a doubt, that the "
        "mayor lied.",
    )
    sig = signal(article, "hedge_then_certainty")
    assert sig.value == 0
    assert sig.spans == []
    assert found(article, "certainty")  # the certainty marker itself is found


def test_hedge_then_certainty_needs_certainty(pipeline):
    article = run(
        pipeline,
        "If confirmed, this would change how the council votes. It might also delay the budget.",
    )
    assert hedges(article)
    assert signal(article, "hedge_then_certainty").value == 0


def test_hedge_then_certainty_needs_the_conclusion_to_follow_closely(pipeline):
    article = run(
        pipeline,
        "If confirmed, the plan would cut bus routes. The council meets on Tuesday. Buses run "
        "hourly. Trams run every ten minutes. The mayor clearly enjoys the tram.",
    )
    assert signal(article, "hedge_then_certainty").value == 0


def test_a_discourse_booster_alone_does_not_make_a_conclusion(pipeline):
    article = run(
        pipeline,
        "The mayor may run again next year. It is, of course, her decision to make.",
    )
    assert found(article, "certainty")
    assert signal(article, "hedge_then_certainty").value == 0


def test_a_booster_opening_with_therefore_draws_a_conclusion(pipeline):
    article = run(
        pipeline,
        "The mayor reportedly met the developer twice. Therefore she clearly took the bribe.",
    )
    sig = signal(article, "hedge_then_certainty")
    assert sig.value == 1
    assert [article.span_text(s) for s in sig.spans] == ["reportedly", "clearly"]


@pytest.mark.parametrize(
    ("sentence", "marker"),
    [
        ("There is no longer any doubt that the quarry poisoned the creek.", "no longer any doubt"),
        ("There isn't any doubt left about who signed the permit.", "n't any doubt"),
        ("Nobody can have any doubt now about the vote count.", "Nobody can have any doubt"),
    ],
)
def test_doubt_denied_at_a_distance_is_certainty(pipeline, sentence, marker):
    article = run(pipeline, sentence)
    assert ("certainty", marker) in found(article, "certainty")
    assert article.spans["certainty"][0].attrs["kind"] == "conclusion"


@pytest.mark.parametrize(
    "sentence",
    [
        "The report casts doubt on the quarry's figures.",
        "Residents doubt that the creek will recover.",
        "There is some doubt about the vote count.",
    ],
)
def test_doubt_that_is_not_denied_is_not_certainty(pipeline, sentence):
    assert found(run(pipeline, sentence), "certainty") == []


@pytest.mark.parametrize(
    ("text", "premise", "marker"),
    [
        (
            "If accurate, the ledger would reveal the largest fraud in the league's history."
            " There is no longer any doubt that the owners knew.",
            "If accurate",
            "no longer any doubt",
        ),
        (
            "If genuine, the letter would end the senator's career. There can be no doubt"
            " that she wrote it.",
            "If genuine",
            "no doubt",
        ),
    ],
)
def test_an_impersonal_conclusion_after_a_conditional_is_hedge_then_certainty(
    pipeline, text, premise, marker
):
    # "There is no doubt" has an expletive subject, like "it is certain": it concludes from
    # what came before as much as "this proves" does.
    article = run(pipeline, text)
    sig = signal(article, "hedge_then_certainty")
    assert sig.value == 1
    assert [article.span_text(s) for s in sig.spans] == [premise, marker]


def test_certainty_before_the_hedge_does_not_fire(pipeline):
    article = run(pipeline, "One thing is for sure: if the tape exists, it will matter.")
    assert signal(article, "hedge_then_certainty").value == 0


def test_evidence_promised_not_shown_counts_the_promises(pipeline):
    article = run(
        pipeline,
        "The activist said the photos would be made public later. More details to follow.",
    )
    sig = signal(article, "evidence_promised_not_shown")
    assert sig.value == 2
    assert [article.span_text(s) for s in sig.spans] == [
        "the photos would be made public later",
        "More details to follow",
    ]
    quiet = run(pipeline, "The council approved the budget on Monday.")
    assert signal(quiet, "evidence_promised_not_shown").value == 0


def test_running_twice_gives_the_same_article(pipeline):
    article = run(pipeline, HEDGE_THEN_CERTAINTY)
    before = (dict(article.spans), [(s.name, s.value) for s in article.signals])
    pipeline.get("hedging")(article)
    assert (dict(article.spans), [(s.name, s.value) for s in article.signals]) == before


def test_without_the_parse_the_component_warns_instead_of_failing():
    article = article_from_text("The mayor may resign.")
    Pipeline.from_names(["clean", "hedging"])(article)
    assert article.spans.get("hedges") is None
    assert any("nlp" in w for w in article.warnings)


def test_every_lexicon_entry_is_well_formed():
    kinds = set(HEDGE_KINDS)
    for entry in load_lexicon():
        assert entry.group in {"hedge", "certainty", "evidence_promised", "unverifiable"}
        assert entry.sources, entry
        if entry.group == "hedge":
            assert entry.kind in kinds, entry


# --- hedge_then_certainty in the author's voice, and a hedged claim asserted much later --------


@pytest.fixture(scope="module")
def attributing() -> Pipeline:
    return Pipeline.from_names(
        ["extract", "clean", "site", "language", "nlp", "attribution", "hedging"]
    )


#: A hedged claim, then three sentences about other things.
HEDGED_MAYOR = (
    "Sources say the mayor took the money from the developer. If true, this would be the"
    " biggest cover-up in the history of the town. The council meets on Monday. Residents have"
    " asked questions for months. "
)


@pytest.mark.parametrize(
    ("ending", "spans"),
    [
        (  # the hedged claim, asserted as certain four sentences later
            "The mayor has not answered them. There is no longer any doubt that the mayor took"
            " the money.",
            ["If true", "no longer any doubt"],
        ),
        (  # a certainty about another claim
            "The library reopens in June. There is no longer any doubt that the new roof was"
            " worth its price.",
            [],
        ),
    ],
)
def test_a_hedged_claim_asserted_much_later_is_hedge_then_certainty(attributing, ending, spans):
    article = run(attributing, HEDGED_MAYOR + ending)
    sig = signal(article, "hedge_then_certainty")
    assert sig.value == (1 if spans else 0)
    assert [article.span_text(s) for s in sig.spans] == spans


def test_a_conclusion_that_points_back_to_a_hedged_claim_fires(attributing):
    article = run(
        attributing,
        "The senator appears to have hidden his illness from voters. His staff cancelled two"
        " rallies. The campaign has the medical records to prove it.",
    )
    assert signal(article, "hedge_then_certainty").value == 1


def test_certainty_in_someone_elses_words_is_not_the_authors(attributing):
    article = run(
        attributing,
        "The senator reportedly took the money. “This is not just a few mistakes,” his rival"
        " said. “This proves he is corrupt.” Asked about his powers, the senator argued that"
        " the rules “clearly allow” the payment.",
    )
    assert signal(article, "hedge_then_certainty").value == 0


def test_a_proof_announced_with_a_colon_is_not_a_conclusion(attributing):
    article = run(
        attributing,
        "We may not be as smart as we think. I can prove it: I once typed my password into the"
        " search bar.",
    )
    assert signal(article, "hedge_then_certainty").value == 0


# --- a hedged act later stated as fact ---------------------------------------------------------

RESTATED = (
    "Someone inside the water board allegedly copied the tender files onto a memory stick."
    " The board has hired lawyers. The tender closes in May. This was an inside job by a"
    " clerk who copied the tender files from the board's server onto a memory stick."
)


def test_a_hedged_act_later_stated_as_fact_is_hedge_then_certainty(attributing):
    article = run(attributing, RESTATED)
    sig = signal(article, "hedge_then_certainty")
    assert sig.value == 1
    texts = [article.span_text(s) for s in sig.spans]
    assert "allegedly" in texts
    assert any(t.startswith("who copied the tender files") for t in texts), texts


@pytest.mark.parametrize(
    "later",
    [
        # Still hedged, denied, asked, or another act on the same things: no certainty.
        "A clerk may have copied the tender files onto a memory stick.",
        "No clerk copied the tender files onto a memory stick.",
        "Did a clerk copy the tender files onto a memory stick?",
        "A clerk printed the tender files and kept a memory stick.",
        # The same act in someone else's words is theirs, not the author's.
        "The board said a clerk copied the tender files onto a memory stick.",
    ],
)
def test_a_hedged_act_not_restated_as_the_authors_fact_does_not_fire(attributing, later):
    text = (
        "Someone inside the water board allegedly copied the tender files onto a memory stick."
        " The board has hired lawyers. The tender closes in May. " + later
    )
    assert signal(run(attributing, text), "hedge_then_certainty").value == 0
