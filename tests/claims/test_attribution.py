"""Attribution: who said what, on sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import needs_shared
from typer.testing import CliRunner

from newsift.article import Article
from newsift.claims.attribution.component import AttributionComponent
from newsift.claims.training.attribution_eval import Scorer, match_spans
from newsift.claims.training.brat import BratSpan, parse_ann, read_folder
from newsift.cli import app
from newsift.nlp.quotes import quote_regions
from newsift.pipeline import Pipeline
from newsift.report import Attribution, build_report

DAILY_PLANET = "dailyplanet.example"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.from_names(["clean", "nlp", "attribution"])


@pytest.fixture(autouse=True)
def planet_outlet(monkeypatch):
    """A made-up outlet in the name index, so the tests do not depend on the shipped list."""
    from newsift.sources import outlets as sources

    real = sources.resolve_outlet_name

    def resolve(name: str):
        return DAILY_PLANET if sources.normalize_name(name) == "daily planet" else real(name)

    monkeypatch.setattr(sources, "resolve_outlet_name", resolve)


def attributions(pipeline: Pipeline, text: str) -> tuple[Article, list]:
    article = Article(raw=text)
    pipeline(article)
    return article, article.spans["attributions"]


def by_cue(spans, cue: str):
    found = [s for s in spans if cue in s.attrs["cue"]["text"].lower()]
    assert found, f"no attribution with cue {cue!r} in {[s.attrs['cue']['text'] for s in spans]}"
    return found[0]


def test_named_person_said(pipeline):
    text = "Maria Lopez, the city's treasurer, said the budget would be balanced by June."
    article, spans = attributions(pipeline, text)
    span = by_cue(spans, "said")
    source = span.attrs["source"]
    assert "Maria Lopez" in source["text"]
    assert source["type"] == "named_person"
    assert "budget would be balanced" in span.attrs["content"]["text"]
    # Offsets point into the cleaned text.
    assert article.text[source["start"] : source["end"]] == source["text"]
    assert article.text[span.start : span.end] == span.attrs["content"]["text"]


def test_name_the_parser_leaves_without_a_verb_is_still_the_source(pipeline):
    # The small parser hangs "Jane Doe" off "the Daily Planet", so "said" has no subject.
    text = (
        "In an interview with the Daily Planet, the mayor of Springfield, Jane Doe, said that"
        " city auditors hold a recording of the council meeting."
    )
    article, spans = attributions(pipeline, text)
    span = by_cue(spans, "said")
    source = span.attrs["source"]
    assert source["text"] == "Jane Doe"
    assert source["type"] == "named_person"
    assert article.text[source["start"] : source["end"]] == "Jane Doe"
    assert [link["source"]["domain"] for link in span.attrs["chain"]] == [DAILY_PLANET]


def test_interview_outlet_span_leaves_out_the_apposition_the_parser_hangs_on_it(pipeline):
    text = (
        "In an interview with the Daily Planet broadcaster, the mayor of Springfield, Jane Doe,"
        " said that city auditors hold a recording of the council meeting."
    )
    _, spans = attributions(pipeline, text)
    span = by_cue(spans, "said")
    assert span.attrs["source"]["text"] == "Jane Doe"
    (link,) = span.attrs["chain"]
    assert link["source"]["text"] == "the Daily Planet broadcaster"
    assert link["source"]["type"] == "news_outlet"


def test_speech_act_nouns_unseen_in_training_read_as_their_verb():
    from newsift.claims.attribution.learned import NOMINALIZED, shipped_model

    lexicon = shipped_model().lexicon
    unseen = [n for n in NOMINALIZED if n not in lexicon.lemma_stats]
    assert unseen, "every listed noun was seen in training: the table is dead weight"
    for noun in unseen:
        assert lexicon.rate(noun) == lexicon.rate(NOMINALIZED[noun]) > 0
    seen = [n for n in NOMINALIZED if n in lexicon.lemma_stats]
    for noun in seen:  # a noun seen in training keeps its own statistics
        cue, n = lexicon.lemma_stats[noun]
        assert lexicon.rate(noun) == (cue + 5 * lexicon.prior) / (n + 5)


def test_documents_are_evidence_not_anonymous_people(pipeline):
    text = (
        "Auditors found records that indicate the contract was signed before the tender"
        " opened. Leaked emails show that the mayor approved the deal."
        " The ministry's memo says the payment was made in May."
    )
    _, spans = attributions(pipeline, text)
    types = {s.attrs["cue"]["text"].lower(): s.attrs["source"]["type"] for s in spans}
    # Findings ("indicate", "show") are no statements, so no attribution at all.
    assert "indicate" not in types and "show" not in types
    assert types["says"] == "government_or_military"


def test_according_to_the_ministry(pipeline):
    text = "The northern bridge will stay closed until March, according to the ministry."
    _, spans = attributions(pipeline, text)
    span = by_cue(spans, "according")
    assert span.attrs["source"]["text"].endswith("ministry")
    assert span.attrs["source"]["type"] == "government_or_military"
    assert "bridge will stay closed" in span.attrs["content"]["text"]


def test_anonymous_official_told_an_outlet(pipeline):
    text = "A senior official told The Daily Planet that the talks had collapsed on Friday."
    _, spans = attributions(pipeline, text)
    span = by_cue(spans, "told")
    assert span.attrs["source"]["text"].lower() == "a senior official"
    assert span.attrs["source"]["type"] == "anonymous"
    # The outlet the official spoke to is the relay we read the claim through.
    relays = [link["source"] for link in span.attrs["chain"]]
    assert [r["type"] for r in relays] == ["news_outlet"]
    assert relays[0]["domain"] == DAILY_PLANET
    assert "talks had collapsed" in span.attrs["content"]["text"]


def test_outlet_report_chains_the_quoted_speaker(pipeline):
    text = (
        "The Daily Planet reports that John Smith, the harbour master, said the pier "
        "was unsafe for months."
    )
    _, spans = attributions(pipeline, text)
    outlet = by_cue(spans, "reports")
    assert outlet.attrs["source"]["type"] == "news_outlet"
    assert outlet.attrs["source"]["domain"] == DAILY_PLANET
    smith = by_cue(spans, "said")
    assert "John Smith" in smith.attrs["source"]["text"]
    chain = smith.attrs["chain"]
    assert [link["source"]["text"] for link in chain] == ["The Daily Planet"]
    assert chain[0]["cue"]["text"] == "reports"


def test_outlet_report_announcing_what_follows(pipeline):
    text = (
        "The Daily Planet reports further on the flooding.\n\n"
        "Harbour master John Smith said the pier had been unsafe for months."
    )
    _, spans = attributions(pipeline, text)
    smith = by_cue(spans, "said")
    assert [link["source"]["text"] for link in smith.attrs["chain"]] == ["The Daily Planet"]


def test_pronoun_resolved_to_named_source(pipeline):
    text = (
        "Senator Jane Whitfield spoke to farmers in Dayton on Tuesday. "
        "She said the new levy would hurt small dairies."
    )
    article, spans = attributions(pipeline, text)
    span = by_cue(spans, "said")
    source = span.attrs["source"]
    assert source["text"] == "She"
    assert source["type"] == "named_person"
    resolved = source["resolved_to"]
    assert "Jane Whitfield" in resolved["text"]
    assert article.text[resolved["start"] : resolved["end"]] == resolved["text"]
    assert resolved["end"] <= source["start"]


def test_first_person_outside_quotes_is_the_author(pipeline):
    _, spans = attributions(pipeline, "We have learned that the factory will close in May.")
    assert by_cue(spans, "learned").attrs["source"]["type"] == "author"


def test_plain_factual_sentence_has_no_attribution(pipeline):
    _, spans = attributions(
        pipeline, "The river rose two metres overnight and flooded the lower town."
    )
    assert spans == []


def test_component_is_idempotent_and_validates_against_the_report(pipeline):
    text = "Maria Lopez said the budget would be balanced. She added that taxes would not rise."
    article, first = attributions(pipeline, text)
    again = [(s.start, s.end, s.attrs) for s in first]
    pipeline.get("attribution")(article)
    assert [(s.start, s.end, s.attrs) for s in article.spans["attributions"]] == again
    for span in first:
        Attribution.model_validate(span.attrs)
    report = build_report(article)
    assert len(report.attributions) == len(first)


def test_fast_mode_falls_back_without_a_parse():
    pipeline = Pipeline.from_names(["clean", "nlp", "attribution"], fast=True)
    article = Article(
        raw="The talks had collapsed on Friday, a senior official told The Daily Planet. "
        "Mayor John Smith, in a speech on Monday, said the port would reopen."
    )
    pipeline(article)
    assert article.meta["attribution_method"] == "fast"
    told = by_cue(article.spans["attributions"], "told")
    assert told.attrs["source"]["text"].lower() == "a senior official"
    assert told.attrs["source"]["type"] == "anonymous"
    assert "talks had collapsed" in told.attrs["content"]["text"]
    assert [link["source"]["domain"] for link in told.attrs["chain"]] == [DAILY_PLANET]
    said = by_cue(article.spans["attributions"], "said")
    assert "John Smith" in said.attrs["source"]["text"]  # the parenthetical is skipped


def test_unparsed_article_gets_an_empty_group():
    article = Article(raw="")
    AttributionComponent()(article)
    assert article.spans["attributions"] == []


def test_quote_regions_pair_curly_straight_and_doubled_apostrophes():
    text = "“One,” he said. \"Two.\" ''Three'' and “open\n\nnext"
    regions = [text[a:b] for a, b in quote_regions(text)]
    assert regions == ["“One,”", '"Two."', "''Three''", "“open"]


# --- brat reader ---------------------------------------------------------------------------

ANN = """T1\tSource 0 10\tJane Roe's
T2\tCue 16 20\tsaid
T3\tContent 21 30;35 44\tthe plan, will work
T4\tAttribution 16 20\tsaid
E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3
T5\tCue 46 54\tis known
T6\tContent 55 64\tthat it's
two lines
T7\tAttribution-no-source 46 54\tis known
E2\tAttribution-no-source:T7 Cue:T5 Content:T6
T8\tDiscuss 0 4\tJane
#1\tAnnotatorNotes T1\ta note
"""


def test_parse_ann_reads_relations_discontinuous_and_multiline_spans():
    relations = parse_ann(ANN)
    assert len(relations) == 2
    first, second = relations
    assert first.source == BratSpan(((0, 10),))
    assert first.cue == BratSpan(((16, 20),))
    assert first.content[0].fragments == ((21, 30), (35, 44))
    assert (first.content[0].start, first.content[0].end) == (21, 44)
    assert second.source is None
    assert second.cue == BratSpan(((46, 54),))
    assert second.content[0].fragments == ((55, 64),)


def _polnear_folder(root: Path, annotators=("aaaa", "bbbb")) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "paper_2016-01-01_story.txt").write_text(
        "Jane Roe said rain is coming.", encoding="utf-8"
    )
    for k, annotator in enumerate(annotators):
        cue = "T2\tCue 9 13\tsaid\n" if k == 0 else "T2\tCue 5 13\tRoe said\n"
        (root / "attributions" / f"paper_2016-01-01_story_{annotator}.ann").write_text(
            "T1\tSource 0 8\tJane Roe\n" + cue + "T3\tContent 14 28\train is coming\n"
            "T4\tAttribution 9 13\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n",
            encoding="utf-8",
        )
    return root


def test_read_folder_takes_the_first_annotator_unless_asked(tmp_path):
    folder = _polnear_folder(tmp_path / "split")
    (only,) = list(read_folder(folder))
    assert only.annotator == "aaaa"
    assert [(s.start, s.end) for s in only.spans("cue")] == [(9, 13)]
    assert only.text[0:8] == "Jane Roe"
    assert len(list(read_folder(folder, all_annotators=True))) == 2


# --- evaluation ----------------------------------------------------------------------------

TEXT = "Jane Roe, the mayor, said on Monday that the new bridge will open in May."


def test_exact_and_overlap_matching():
    gold = [BratSpan(((0, 8),)), BratSpan(((40, 72),))]
    # One exact hit, one partial hit, one prediction overlapping nothing.
    predicted = [(0, 8), (45, 60), (21, 25)]
    counts = match_spans(TEXT, gold, predicted)
    assert (counts.gold, counts.predicted, counts.exact, counts.overlap) == (2, 3, 1, 2)
    scorer = Scorer()
    scorer.counts["source"] = counts
    scores = scorer.scores()["source"]
    assert scores["precision_exact"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["recall_overlap"] == pytest.approx(1.0)
    assert scores["f1_overlap"] == pytest.approx(0.8)


def test_overlap_matching_is_one_to_one():
    # One long prediction covering two references matches only one of them.
    gold = [BratSpan(((0, 8),)), BratSpan(((10, 19),))]
    counts = match_spans(TEXT, gold, [(0, 19)])
    assert counts.overlap == 1
    # A discontinuous reference only matches characters inside its fragments.
    gapped = [BratSpan(((0, 4), (15, 19)))]
    assert match_spans(TEXT, gapped, [(5, 8)]).overlap == 0
    assert match_spans(TEXT, gapped, [(5, 16)]).overlap == 1


# --- CLI -----------------------------------------------------------------------------------


def test_cli_evaluate_missing_folder_fails_cleanly(tmp_path):
    result = CliRunner().invoke(
        app, ["evaluate", "attribution", "--data", str(tmp_path / "nowhere"), "--json"]
    )
    assert result.exit_code != 0
    assert "not a PolNeAR-format folder" in result.output
    assert "Traceback" not in result.output


def test_cli_evaluate_json_on_a_tiny_folder(tmp_path):
    folder = _polnear_folder(tmp_path / "split", annotators=("aaaa",))
    result = CliRunner().invoke(
        app, ["evaluate", "attribution", "--data", str(folder), "--json", "--no-cache"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    for role in ("source", "cue", "content"):
        assert {"f1_exact", "f1_overlap"} <= set(scores[role])
    assert scores["source"]["f1_overlap"] == 1.0  # "Jane Roe said ..." is found


@needs_shared
def test_dev_source_f1_above_floor(shared):
    """The learned model on the first 30 PolNeAR dev articles (about a third of dev).

    On these 30 articles the rules baseline scores 0.59 source F1 (overlap) and the shipped
    model 0.76 (0.79 on all of dev). The floor, 0.70, fails if the model falls back towards
    baseline quality, with room for retraining noise.
    """
    from newsift.claims.attribution.extractors import extractor
    from newsift.claims.training.attribution_eval import gold_spans, parsed, predicted_spans

    texts = list(read_folder(shared / "data" / "attribution" / "polnear" / "dev"))[:30]
    learned = extractor("learned")
    scorer = Scorer()
    for annotated, doc in zip(texts, parsed(texts), strict=True):
        scorer.add(annotated.text, gold_spans(annotated), predicted_spans(learned.find(doc)))
    assert scorer.scores()["source"]["f1_overlap"] >= 0.70


def test_headline_speaker_colon_claim_is_an_attribution(pipeline):
    text = (
        "Regional mayor: ‘The new dam will flood three villages’\n\n"
        "The mayor of the valley district spoke at a public meeting on Tuesday evening."
    )
    article, spans = attributions(pipeline, text)
    assert article.title and article.title.startswith("Regional mayor")
    headline = [s for s in spans if s.attrs["cue"]["text"] == ":"]
    assert len(headline) == 1
    source = headline[0].attrs["source"]
    assert source["text"] == "Regional mayor"
    assert source["type"] == "government_or_military"
    assert headline[0].attrs["content"]["text"].startswith("‘The new dam")


def test_headline_speaker_is_kept_when_the_claim_has_its_own_reporting_verb(pipeline):
    text = (
        "Ministry: Auditors Say Council Paid Contractors Twice\n\n"
        "The ministry published its findings on Tuesday evening."
    )
    _, spans = attributions(pipeline, text)
    headline = [s for s in spans if s.attrs["cue"]["text"] == ":"]
    assert len(headline) == 1
    assert headline[0].attrs["source"]["text"] == "Ministry"
    assert headline[0].attrs["source"]["type"] == "government_or_military"


@pytest.mark.parametrize("label", ["UPDATE", "Opinion", "WATCH"])
def test_headline_section_labels_are_not_speakers(pipeline, label):
    text = (
        f"{label}: The new dam will flood three villages in the valley\n\n"
        "The district council approved the plan on Tuesday after a long debate."
    )
    _, spans = attributions(pipeline, text)
    assert not [s for s in spans if s.attrs["cue"]["text"] == ":"]


# --- who a source is: organisations, references back, names that are not sources ---------


def source_of(spans, cue: str) -> dict:
    return by_cue(spans, cue).attrs["source"]


@pytest.mark.parametrize(
    ("text", "kind", "organisation"),
    [
        (
            "Scientists at the Alpine Glacier Monitoring Institute said the ice sheet lost a"
            " record amount of mass this summer.",
            "named_organization",
            "Alpine Glacier Monitoring Institute",
        ),
        (
            "Economists polled by the Daily Planet said inflation would slow next year.",
            "news_outlet",
            "Daily Planet",
        ),
    ],
)
def test_people_of_a_named_organisation_speak_for_it(pipeline, text, kind, organisation):
    article, spans = attributions(pipeline, text)
    source = source_of(spans, "said")
    assert source["type"] == kind
    assert organisation in source["resolved_to"]["text"]
    resolved = source["resolved_to"]
    assert article.text[resolved["start"] : resolved["end"]] == resolved["text"]


def test_an_unnamed_individual_of_a_named_organisation_stays_anonymous(pipeline):
    text = "A senior official at the Harrow Valley Water District said the dam had cracked."
    _, spans = attributions(pipeline, text)
    assert source_of(spans, "said")["type"] == "anonymous"


def test_an_organisation_named_after_a_body_is_that_organisation(pipeline):
    # "Committee" is a body noun and "Harrow Valley" names it: the name is the organisation.
    text = "The Harrow Valley Planning Committee said the permit was void."
    _, spans = attributions(pipeline, text)
    source = source_of(spans, "said")
    assert source["type"] == "named_organization"
    assert source["resolved_to"] is None


def test_a_body_of_a_named_organisation_is_that_organisation(pipeline):
    text = "The Harrow Valley Water District board said on Monday that fees would rise."
    _, spans = attributions(pipeline, text)
    source = source_of(spans, "said")
    assert source["type"] == "named_organization"
    assert "Harrow Valley Water District" in source["resolved_to"]["text"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "The provincial water agency said the river had reached a record level.",
            "government_or_military",
        ),
        (
            "The country's state news agency said the river had reached a record level.",
            "news_outlet",
        ),
    ],
)
def test_an_agency_is_a_news_agency_only_when_its_phrase_says_so(pipeline, text, kind):
    _, spans = attributions(pipeline, text)
    assert source_of(spans, "said")["type"] == kind


def test_a_named_agency_is_no_news_agency(pipeline):
    text = "The Harrow Valley Environmental Protection Agency said the river was unsafe."
    _, spans = attributions(pipeline, text)
    assert source_of(spans, "said")["type"] == "government_or_military"


def test_a_definite_description_refers_back_to_the_named_organisation(pipeline):
    text = (
        "Scientists at the Alpine Glacier Monitoring Institute said the ice sheet lost a record"
        " amount of mass this summer. The institute said its satellites recorded the loss"
        " over six weeks."
    )
    _, spans = attributions(pipeline, text)
    later = [s.attrs["source"] for s in spans if s.attrs["source"]["text"] == "The institute"]
    assert later, [s.attrs["source"]["text"] for s in spans]
    assert later[0]["type"] == "named_organization"
    assert "Alpine Glacier Monitoring Institute" in later[0]["resolved_to"]["text"]


def test_a_definite_description_refers_back_to_organisations_only(pipeline):
    text = (
        "A campaign ad by Senator Jane Whitfield said the levy would hurt dairies. The ad said"
        " prices would rise. The mayor said the levy was fair. The mayor said it again later."
    )
    _, spans = attributions(pipeline, text)
    for span in spans:
        source = span.attrs["source"]
        if source["text"] in ("The ad", "The mayor"):
            assert source["resolved_to"] is None, source


def test_a_relative_pronoun_is_its_antecedent_even_through_another_verb(pipeline):
    text = "The council thanked Dr. Ana Ruiz, who went on to say that the clinic would reopen."
    _, spans = attributions(pipeline, text)
    source = source_of(spans, "say")
    assert source["text"] == "who"
    assert source["type"] == "named_person"
    assert "Ana Ruiz" in source["resolved_to"]["text"]


def test_an_anonymous_source_behind_a_relative_pronoun_is_shown_as_its_antecedent():
    pipeline = Pipeline.from_names(["clean", "nlp", "attribution", "hedging"])
    text = "The mayor thanked the volunteers, who said the shelter ran out of blankets."
    article = Article(raw=text)
    pipeline(article)
    source = source_of(article.spans["attributions"], "said")
    assert source["type"] == "anonymous"
    assert source["resolved_to"]["text"] == "the volunteers"
    shown = [article.span_text(s) for s in article.spans["unverifiable_sourcing"]]
    assert shown == ["the volunteers"]


def test_a_shouted_word_before_a_colon_is_not_a_speaker(pipeline):
    text = "SHOCKING: Health Ministry hid test results from parents\n\nThe ministry kept them."
    article, spans = attributions(pipeline, text)
    assert article.title.startswith("SHOCKING")
    assert not [s for s in spans if s.attrs["source"]["text"] == "SHOCKING"]


def test_a_name_given_to_something_else_is_not_a_source_of_its_own(pipeline):
    text = (
        "The Federal Maritime Safety Office, known by its acronym FMSO, said the tanker had"
        " no permit."
    )
    _, spans = attributions(pipeline, text)
    for span in spans:
        source = span.attrs["source"]
        if "FMSO" in source["text"]:
            assert source["type"] == "government_or_military"
            assert source["resolved_to"]["text"] == "The Federal Maritime Safety Office"


# --- Findings a fact-checker can trust: no source where none spoke, no type on weak evidence --


def test_beliefs_decisions_and_findings_are_no_sources(pipeline):
    text = (
        "The couple bought an old desk at a yard sale. They decided to take it apart to fit it"
        " through the door. They believed it was worthless. We think the desk is older than it"
        " looks, and researchers discovered a hidden drawer inside it."
    )
    _, spans = attributions(pipeline, text)
    cues = {s.attrs["cue"]["text"].lower() for s in spans}
    assert not cues & {"decided", "believed", "think", "discovered"}, cues
    # nothing left to accuse the text of: no anonymous source, no author citing anyone
    assert all(s.attrs["source"]["type"] not in ("anonymous", "author") for s in spans)


def test_speech_verbs_stay_attributions(pipeline):
    text = (
        "A senior official told reporters the plant would close. Witnesses said the gates were"
        " locked. The mayor, Ana Ruiz, went on to say that jobs would move south."
    )
    _, spans = attributions(pipeline, text)
    assert by_cue(spans, "told").attrs["source"]["type"] == "anonymous"
    assert by_cue(spans, "said").attrs["source"]["type"] == "anonymous"
    assert "Ana Ruiz" in by_cue(spans, "went").attrs["source"]["text"]  # "went on to say"


def test_a_definite_description_of_a_person_is_not_anonymous(pipeline):
    text = (
        "Lena Ortiz lost her son in the flood. The mother says the warning came too late."
        " The loving father was not reached."
    )
    _, spans = attributions(pipeline, text)
    source = by_cue(spans, "says").attrs["source"]
    assert source["text"] == "The mother"
    assert source["type"] != "anonymous"


def test_an_unresolved_pronoun_is_of_unknown_type_not_anonymous(pipeline):
    text = "“We will rebuild the bridge,” she said at the ceremony."
    _, spans = attributions(pipeline, text)
    source = by_cue(spans, "said").attrs["source"]
    assert source["text"] == "she"
    assert source["type"] == "unknown"


def test_a_surname_after_the_full_name_is_a_person(pipeline):
    text = (
        "Press secretary Sean Spicer spoke on Monday. Spicer argued that the Constitution"
        " clearly states what the President may do. Spicer also said that the president had"
        " confidence in his staff."
    )
    _, spans = attributions(pipeline, text)
    for cue in ("argued", "said"):
        source = by_cue(spans, cue).attrs["source"]
        assert source["text"] == "Spicer"
        assert source["type"] == "named_person"


def test_the_title_refers_back_to_the_named_office_holder(pipeline):
    text = (
        "President Halvard Moen signed the order on Friday. “This is final,” the President said"
        " as he left the hall."
    )
    _, spans = attributions(pipeline, text)
    source = by_cue(spans, "said").attrs["source"]
    assert source["type"] == "named_person"
    assert source["resolved_to"]["text"] == "Halvard Moen"


def test_a_spokesperson_for_a_named_body_speaks_for_it(pipeline):
    text = "A spokesperson for the Ministry of Transport said the line would reopen in May."
    _, spans = attributions(pipeline, text)
    assert by_cue(spans, "said").attrs["source"]["type"] == "government_or_military"


def test_the_reader_is_no_source(pipeline):
    text = "If you move to a new country, you can't even say the pledge without a teacher."
    _, spans = attributions(pipeline, text)
    assert all(s.attrs["source"]["type"] == "none" for s in spans if s.attrs["source"]["text"])


def test_the_same_unnamed_source_again_stays_anonymous(pipeline):
    text = (
        "The server was wiped, according to a senior official with knowledge of the inquiry."
        " The backup was also deleted, the official said."
    )
    _, spans = attributions(pipeline, text)
    later = by_cue(spans, "said").attrs["source"]
    assert later["text"] == "the official"
    assert later["type"] == "anonymous"


def test_a_cue_inside_a_quotation_is_the_quoted_speakers_account(pipeline):
    text = (
        "“It was chaos in the hall,” said Karim Ahmed. “He said ‘Shoulder to shoulder, pray as"
        " one’ and we obeyed.”"
    )
    _, spans = attributions(pipeline, text)
    sources = [s.attrs["source"]["text"] for s in spans]
    assert sources == ["Karim Ahmed"], sources


def test_a_statement_named_but_not_made_is_no_attribution(pipeline):
    text = (
        "The article ignored Jackie’s allegations that she was attacked. Trump’s promise to"
        " rebuild the mills is a call to return to the past."
    )
    _, spans = attributions(pipeline, text)
    assert not [s for s in spans if s.attrs["source"]["type"] == "named_person"], [
        (s.attrs["source"]["text"], s.attrs["cue"]["text"]) for s in spans
    ]


def test_a_dateline_is_not_part_of_the_source(pipeline):
    text = "WASHINGTON, D.C. (AP) — Vantor Mills announced today that it will close two plants."
    _, spans = attributions(pipeline, text)
    source = by_cue(spans, "announced").attrs["source"]
    assert source["text"] == "Vantor Mills"
    assert source["type"] != "news_outlet"


def test_calling_posting_and_publishing_need_what_was_said(pipeline):
    text = (
        "When Noah Muroff called her, she was speechless. During the rally, Dana Brown posted"
        " videos on social media. Jim Bray publishes TechnoFile Magazine. Senator Ola Berg"
        " called the ban a disgrace, and Berg posted on Facebook that the vote was rigged."
    )
    _, spans = attributions(pipeline, text)
    cues = [s.attrs["cue"]["text"] for s in spans]
    assert "publishes" not in cues and cues.count("called") == 1, cues
    assert any("posted" in c for c in cues) and len(cues) == 2, cues


def test_the_one_told_is_not_the_speaker(pipeline):
    text = '"We all should be embarrassed," Hayden, who also directed the NSA, told Erin Burnett.'
    _, spans = attributions(pipeline, text)
    assert by_cue(spans, "told").attrs["source"]["text"] == "Hayden"


def test_the_articles_own_plan_cites_no_one(pipeline):
    text = "In this article, we’ll tell you everything you need to know about money orders."
    _, spans = attributions(pipeline, text)
    assert all(s.attrs["source"]["type"] != "author" for s in spans)


def test_a_bare_title_after_other_names_is_of_unknown_type(pipeline):
    text = (
        "Donald Trump met the senators on Thursday. “This was not the language used,” the"
        " president tweeted on Friday."
    )
    _, spans = attributions(pipeline, text)
    assert by_cue(spans, "tweeted").attrs["source"]["type"] == "unknown"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The Secret Service said the agent had been suspended.", "government_or_military"),
        ("The Federal Reserve said rates would rise in March.", "government_or_military"),
        ("The National Guard said two hundred troops were deployed.", "government_or_military"),
        ("ICE said the man was detained at the border.", "government_or_military"),
        ("Republicans in Congress said the bill would pass.", "government_or_military"),
        ("Democrats said the bill would fail.", "named_organization"),
        ("Facebook said on Monday that it would remove the posts.", "named_organization"),
        ("NBC reported that the deal was off.", "news_outlet"),
    ],
)
def test_state_bodies_parties_platforms_and_broadcasters_are_typed_by_what_they_are(
    pipeline, text, kind
):
    _, spans = attributions(pipeline, text)
    source = spans[0].attrs["source"]
    assert source["type"] == kind, source


@pytest.mark.parametrize(
    "text",
    [
        "Russians say the ban is unfair.",
        "Republicans across the country said they were excited about the pick.",
    ],
)
def test_a_nationality_or_party_members_at_large_is_no_organisation(pipeline, text):
    # People of a nation, or a party's members anywhere, are not the party speaking as a body.
    _, spans = attributions(pipeline, text)
    assert spans[0].attrs["source"]["type"] not in ("named_organization", "news_outlet")


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "“The soup is cold again!” yelled a man while waving a spoon at the waiter.",
            "yelled",
            "a man",
        ),
        (
            "The new coach is described by many to be a genius with young players.",
            "described",
            "many",
        ),
        (
            "The harbour master was notified by a confidential informant of a plan to sink the"
            " ferry.",
            "notified",
            "a confidential informant",
        ),
        (
            "Furthermore, we are told by one of our insiders that the vote was rigged.",
            "told",
            "one of our insiders",
        ),
    ],
)
def test_an_unnamed_speaker_after_the_verb_or_as_passive_agent_is_anonymous(
    pipeline, text, cue, source
):
    # The speaker stands after the verb (a quote, then "yelled a man") or is the agent of a
    # passive speech verb ("told by", "notified by"): still the one the claim rests on.
    _, spans = attributions(pipeline, text)
    found = source_of(spans, cue)
    assert found["text"] == source
    assert found["type"] == "anonymous"


def test_a_generic_passive_report_has_no_source(pipeline):
    # "It was reported" names nobody: no source, so no anonymous one either.
    _, spans = attributions(pipeline, "It was reported that the minister had resigned.")
    assert all(s.attrs["source"]["type"] == "none" for s in spans)


@pytest.mark.parametrize(
    ("text", "cue", "kind"),
    [
        # An organisation name the recogniser tags ORG with nothing saying what kind it is
        # (a blog, a law, an agency) claims no type; a name that says it is one does.
        ("As Hot Air noted, the legacy media ignored the story.", "noted", "unknown"),
        ("According to Sharia, the contract was void.", "according", "unknown"),
        (
            "The Harrow Valley Rowing Association said the regatta was cancelled.",
            "said",
            "named_organization",
        ),
        # A capitalised word of a group's phrase is no person: "Advocacy groups" are unnamed.
        (
            "Advocacy groups for tenants condemned what the landlord reportedly said.",
            "condemned",
            "anonymous",
        ),
        # A person's name the recogniser took for a place, after the full name was given.
        (
            "French President Charles De Gaulle spoke in Montreal. De Gaulle said that the"
            " city would be free.",
            "said",
            "named_person",
        ),
        (
            "Twitter announced on Monday that it would delete the account.",
            "announced",
            "named_organization",
        ),
    ],
)
def test_a_source_is_typed_only_on_evidence_of_what_it_is(pipeline, text, cue, kind):
    _, spans = attributions(pipeline, text)
    assert source_of(spans, cue)["type"] == kind


def test_a_class_noun_refers_back_to_the_organisation_of_its_kind(pipeline):
    text = (
        "The Harrow Valley Rowing Association said the regatta was cancelled. The group said"
        " it would refund every entry fee."
    )
    _, spans = attributions(pipeline, text)
    later = [s.attrs["source"] for s in spans if s.attrs["source"]["text"] == "The group"]
    assert later and later[0]["type"] == "named_organization"
    assert "Rowing Association" in later[0]["resolved_to"]["text"]


def test_a_denied_statement_without_content_is_no_attribution(pipeline):
    # "has not said much" reports no statement: nobody is cited for anything.
    text = "The Harrow council has not said much in recent weeks about the closure."
    _, spans = attributions(pipeline, text)
    assert not [s for s in spans if "said" in s.attrs["cue"]["text"]]


def test_the_woman_introduced_without_a_name_stays_anonymous_through_definite_mentions(pipeline):
    text = (
        "A Harrow woman sold an old piano to a neighbour. He called the woman he bought it from"
        " when he found cash inside. “You are an honest man,” the woman wrote in a card."
    )
    _, spans = attributions(pipeline, text)
    source = source_of(spans, "wrote")
    assert source["type"] == "anonymous"
    assert source["resolved_to"]["text"] == "A Harrow woman"


def test_a_plural_group_with_a_name_like_word_is_no_named_person(pipeline):
    # The recogniser sometimes tags a capitalised first word as a name ("Advocacy"): a plural
    # head ("groups") still names a group, never one person.
    from spacy.tokens import Span as SpacySpan

    from newsift.claims.attribution.component import source_type

    article = Article(raw="Advocacy groups for tenants condemned the plan.")
    Pipeline.from_names(["clean", "nlp"])(article)
    doc = article.doc
    doc.ents = [SpacySpan(doc, 0, 1, label="PERSON")]
    kind, _ = source_type(doc, 0, len("Advocacy groups for tenants"), 1)
    assert kind == "anonymous"


@pytest.mark.parametrize(
    "text",
    [
        "A police spokesman said two men were arrested near the harbour.",
        "A spokeswoman for the ministry said the drill was routine.",
    ],
)
def test_a_spokesperson_of_a_state_body_is_that_body_not_anonymous(pipeline, text):
    # The office vouches for its spokesperson: calling the source anonymous would accuse the
    # article of hiding who spoke.
    _, spans = attributions(pipeline, text)
    assert source_of(spans, "said")["type"] == "government_or_military"


def test_a_spokesperson_of_no_named_body_stays_anonymous(pipeline):
    _, spans = attributions(pipeline, "A spokesman said the firm would appeal the ruling.")
    assert source_of(spans, "said")["type"] == "anonymous"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The director of the museum said the painting was a fake.", "unknown"),
        ("The speaker at the conference said the climate was changing fast.", "unknown"),
        (
            "The chairman of the Harrow Rowing Association said fees would rise.",
            "named_organization",
        ),
        ("The Speaker of the House said the vote would be held Friday.", "government_or_military"),
        ("The Secretary of State said the embassy would reopen.", "government_or_military"),
    ],
)
def test_a_title_companies_have_too_takes_the_type_of_its_body(pipeline, text, kind):
    _, spans = attributions(pipeline, text)
    assert source_of(spans, "said")["type"] == kind


def test_a_denied_speech_verb_is_dropped_only_without_a_clause():
    # Whatever the extractor reports, "not having said much" cites nobody, "has not said
    # that ..." still reports what was (not) said.
    from newsift.claims.attribution.component import _denied_without_content
    from newsift.claims.attribution.spans import Found

    article = Article(raw="The drills went on despite Ruritania not having said much in weeks.")
    Pipeline.from_names(["clean", "nlp"])(article)
    doc = article.doc
    said = next(t for t in doc if t.lower_ == "said")
    relation = Found(cue=(said.idx, said.idx + 4), cue_head=said.i)
    assert _denied_without_content(doc, relation)
    kept = Article(raw="Ruritania has not said that the drills were a threat.")
    Pipeline.from_names(["clean", "nlp"])(kept)
    said = next(t for t in kept.doc if t.lower_ == "said")
    assert not _denied_without_content(
        kept.doc, Found(cue=(said.idx, said.idx + 4), cue_head=said.i)
    )


def test_a_group_named_as_such_is_no_outlet_though_its_site_is_listed(pipeline, monkeypatch):
    from newsift.sources import outlets as sources

    real = sources.resolve_outlet_name
    listed = {"harrow watch": "harrowwatch.example"}
    monkeypatch.setattr(
        sources, "resolve_outlet_name", lambda n: listed.get(sources.normalize_name(n)) or real(n)
    )
    text = "Conservative activist group Harrow Watch said the video was authentic."
    _, spans = attributions(pipeline, text)
    assert source_of(spans, "said")["type"] == "named_organization"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "New information about the leak, gleaned from a senior harbour official with direct"
            " knowledge of the inquiry, implicates the former chair.",
            "a senior harbour official",
        ),
        (
            "The following information comes straight from an anonymous ministry source, who"
            " posted on a forum last July.",
            "an anonymous ministry source",
        ),
    ],
)
def test_information_had_from_an_unnamed_person_rests_on_that_person(pipeline, text, source):
    _, spans = attributions(pipeline, text)
    sources = [s.attrs["source"] for s in spans]
    assert [s["type"] for s in sources if s["text"] == source] == ["anonymous"], sources


def test_information_from_a_thing_is_no_attribution(pipeline):
    text = "The information comes from the city archive, which opened its files in May."
    _, spans = attributions(pipeline, text)
    assert not [s for s in spans if "archive" in s.attrs["source"]["text"]]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The Whitfield administration said the tariffs would stay.", "government_or_military"),
        ("Syrian state media reported that the city had fallen.", "news_outlet"),
        ("The Whitfield campaign said the rally was moved.", "named_organization"),
    ],
)
def test_bodies_named_after_people_or_states_are_no_person_and_not_anonymous(pipeline, text, kind):
    _, spans = attributions(pipeline, text)
    assert spans[0].attrs["source"]["type"] == kind


def test_a_past_participle_describing_people_reports_no_statement_of_theirs(pipeline):
    text = (
        "In those years, when black farmers accused of theft were presumed guilty and faced the"
        " rope, nobody cared."
    )
    _, spans = attributions(pipeline, text)
    assert not [s for s in spans if s.attrs["source"]["type"] == "anonymous"]


def test_a_participle_of_speech_in_a_reported_clause_belongs_to_the_reporter(pipeline):
    text = (
        "Jane Whitfield tweeted Saturday that players should stand on Sunday, saying they should"
        " respect the flag."
    )
    _, spans = attributions(pipeline, text)
    source = source_of(spans, "saying")
    assert source["text"] == "Jane Whitfield"
    assert source["type"] == "named_person"


def test_he_after_an_unnamed_witness_is_that_anonymous_witness(pipeline):
    text = (
        "Mayor Jane Whitfield opened the harbour on Monday. A witness told police the car was"
        " red. He said it sped off toward the harbour."
    )
    _, spans = attributions(pipeline, text)
    he = [s.attrs["source"] for s in spans if s.attrs["source"]["text"] == "He"]
    assert he and he[0]["type"] == "anonymous", [s.attrs["source"] for s in spans]
    assert he[0]["resolved_to"]["text"] == "A witness"
