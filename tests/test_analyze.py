"""analyze() and pipe(): the one entry point, its report and its streaming behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jsonschema
import pytest
from conftest import EXAMPLES, REPO

import newsift
from newsift.article import Article
from newsift.core import default_pipeline
from newsift.errors import NewsiftError
from newsift.input.ingest import article_from_text
from newsift.pipeline import Pipeline
from newsift.report import SCHEMA_VERSION, ErrorRecord, Report, json_schema

SCRAPED = (EXAMPLES / "scraped-article.txt").read_text(encoding="utf-8")
PAGE = (EXAMPLES / "council-vote.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scraped_report() -> Report:
    return newsift.analyze(SCRAPED)


def test_report_has_the_contract_fields(scraped_report):
    data = json.loads(scraped_report.model_dump_json())
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["newsift_version"] == newsift.__version__
    for key in ("id", "url", "title", "text", "language", "byline", "published", "site"):
        assert key in data["article"]
    assert set(data["article"]["site"]) >= {"domain", "name", "evidence"}
    for key in ("boilerplate", "sentences", "entities", "claims", "hedges", "signals", "scores"):
        assert key in data


def test_report_validates_against_the_published_schema(scraped_report):
    jsonschema.validate(json.loads(scraped_report.model_dump_json()), json_schema())


def test_spans_index_the_cleaned_text(scraped_report):
    text = scraped_report.article.text
    assert scraped_report.sentences, "sentences expected"
    for sentence in scraped_report.sentences:
        piece = text[sentence.start : sentence.end]
        assert piece == piece.strip() and piece
    for entity in scraped_report.entities:
        assert text[entity.start : entity.end] == entity.text
    assert any(e.text == "Tomas Verhoeven" and e.label == "PERSON" for e in scraped_report.entities)


def test_sentences_do_not_cross_paragraphs(scraped_report):
    text = scraped_report.article.text
    for sentence in scraped_report.sentences:
        assert "\n\n" not in text[sentence.start : sentence.end]


def test_boilerplate_offsets_index_the_input(scraped_report):
    assert scraped_report.boilerplate_basis == "input"
    for block in scraped_report.boilerplate:
        assert SCRAPED[block.start : block.end] == block.text
    assert "23 Comments" not in scraped_report.article.text
    assert any(b.reason == "comment_section" for b in scraped_report.boilerplate)


def test_html_input_uses_page_metadata():
    report = newsift.analyze(PAGE)
    art = report.article
    assert art.input_kind == "html"
    assert report.boilerplate_basis == "extracted_text"
    assert art.title == "Council approves Harbour Bridge repairs after heated debate"
    assert art.byline == "Priya Natarajan"
    assert art.published and art.published.startswith("2024-05-14")
    assert art.site.name == "Lakeside Ledger"
    assert "Accept all cookies" not in art.text
    assert "My taxes at work" not in art.text
    assert "voted 7-2" in art.text


def test_url_gives_the_registrable_domain():
    report = newsift.analyze(SCRAPED, url="https://www.m.example.co.uk/news/1")
    assert report.article.site.domain == "example.co.uk"
    assert report.article.site.evidence[0].kind == "url"


def test_non_english_text_is_reported_not_analysed():
    text = (
        "El consejo municipal aprobó el martes la reparación del puente del puerto tras un largo "
        "debate. La alcaldesa dijo que las obras comenzarán en septiembre y durarán ocho meses."
    )
    report = newsift.analyze(text)
    assert report.article.language == "es"
    assert report.article.language_supported is False
    assert report.sentences == [] and report.entities == []
    assert "nlp" in report.pipeline
    assert any("language" in w for w in report.warnings)


def test_empty_input_raises_a_newsift_error():
    with pytest.raises(NewsiftError):
        newsift.analyze("   ")


@pytest.mark.parametrize("fast", [False, True])
def test_a_short_line_without_inner_full_stops_is_one_sentence(fast):
    from newsift.nlp.annotate import load_spacy

    headline = "Senator: Audit Shows U.S. Paying Contractors Twice For Bridge Repairs"
    doc = load_spacy(fast)(f"{headline}\n\nThe council met on Monday. It voted 7 to 2.\n")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == headline
    assert "The council met on Monday." in sentences and "It voted 7 to 2." in sentences


@pytest.mark.parametrize("fast", [False, True])
@pytest.mark.parametrize(
    "quoted",
    [
        # The parser starts a sentence at the opening mark after a possessive.
        "Premier Moss condemned U.S. president Barack Obama’s “arrogant behaviour” after the"
        " meeting.",
        # ... and inside a quotation that holds a full stop of its own.
        "The coach called the defeat “a disgrace. We were never in it” and left the room.",
        # ... and after a question that the rest of the sentence attributes.
        "“Who will pay for the new bridge?” she asked the council.",
    ],
)
def test_a_sentence_never_starts_inside_or_at_a_quotation_within_a_sentence(fast, quoted):
    from newsift.nlp.annotate import load_spacy

    opening = "The talks ended without a deal."
    doc = load_spacy(fast)(f"{opening} {quoted} The ministers flew home.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == [opening, quoted, "The ministers flew home."]


def test_a_quotation_standing_as_sentences_of_its_own_splits_where_they_end():
    from newsift.nlp.annotate import load_spacy

    text = "The captain spoke first. “We lost the final.\u00a0We will win it next year.”\n"
    sentences = [s.text.strip() for s in load_spacy()(text).sents]
    assert sentences == [
        "The captain spoke first.",
        "“We lost the final.",
        "We will win it next year.”",
    ]


def test_a_dateline_abbreviation_does_not_end_a_sentence():
    text = (
        "Harbour Board Delays Vote\n\n"
        "PORTLAND, Me. – The harbour board delayed its vote on the new pier, two members said. "
        "The vote is now set for March.\n"
    )
    report = newsift.analyze(text)
    assert report.article.dateline is not None
    sentences = [report.article.text[s.start : s.end] for s in report.sentences]
    opening = next(s for s in sentences if "harbour board delayed" in s)
    assert opening.startswith("PORTLAND, Me.")
    assert not any(s in ("PORTLAND, Me.", "Me.", "PORTLAND,") for s in sentences)


@pytest.mark.parametrize("fast", [False, True])
def test_tree_edges_are_consistent_so_walking_the_tree_is_safe(fast):
    # spaCy's tokenizer copies special-case tokens ("that's", "Let's") with stale tree edges;
    # without the parser to recompute them, walking children could read outside the doc.
    text = (
        "Officials said that's the plan. Let's see, the mayor added, whether it's funded.\n\n"
        "The council didn't vote. They'll meet again, and that's all we know.\n"
    ) * 3
    article = article_from_text(text)
    Pipeline.from_names(["extract", "clean", "site", "language", "nlp"], fast=fast)(article)
    for token in article.doc:
        assert token.left_edge.i <= token.i <= token.right_edge.i
        for child in token.children:
            assert child.head.i == token.i


def test_fast_mode_has_sentences_and_entities_without_the_parser():
    report = newsift.analyze(SCRAPED, fast=True)
    assert report.sentences and report.entities
    assert "parser" not in default_pipeline(fast=True).get("nlp").nlp.pipe_names


def test_pipe_streams_in_order_and_records_bad_rows():
    rows = [
        {"id": "a", "text": SCRAPED},
        {"id": "b", "text": "   "},
        {"id": "c", "html": PAGE, "url": "https://lakesideledger.example/x"},
        {"id": "d"},
        "Plain string input works too, and it is a sentence long enough to analyse properly.",
    ]
    results = list(newsift.pipe(rows, batch_size=2))
    assert [r.id if isinstance(r, ErrorRecord) else r.article.id for r in results] == [
        "a",
        "b",
        "c",
        "d",
        "4",
    ]
    assert isinstance(results[1], ErrorRecord) and "no text" in results[1].error
    assert isinstance(results[3], ErrorRecord) and "no text or html" in results[3].error
    assert isinstance(results[2], Report) and results[2].article.input_kind == "html"


def test_pipe_with_worker_processes_matches_one_process():
    rows = [{"id": str(i), "text": SCRAPED if i % 2 else PAGE} for i in range(6)]
    one = [r.model_dump() for r in newsift.pipe(rows, batch_size=2, fast=True)]
    two = [r.model_dump() for r in newsift.pipe(rows, batch_size=2, n_process=2, fast=True)]
    assert one == two


def test_pipe_with_worker_processes_works_from_a_plain_script(tmp_path):
    """As the README shows it: no ``if __name__ == "__main__":`` guard, and the script runs once
    (workers do not re-run it, which would start their own workers and break the pool)."""
    script = tmp_path / "script.py"
    script.write_text(
        "import pathlib\n"
        "import newsift\n"
        "with open('runs.txt', 'a') as runs:\n"
        "    runs.write('ran\\n')\n"
        "rows = [{'id': str(i), 'text': 'The council voted on Tuesday to repair the bridge,'\n"
        "         ' the mayor said. Work starts in May.'} for i in range(4)]\n"
        "results = list(newsift.pipe(rows, batch_size=1, n_process=2, fast=True))\n"
        "print(' '.join(r.article.id for r in results))\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "1", "2", "3"]
    assert (tmp_path / "runs.txt").read_text() == "ran\n"


def test_pipe_consumes_its_input_lazily():
    consumed = []

    def rows():
        for i in range(1000):
            consumed.append(i)
            yield {"id": str(i), "text": SCRAPED}

    stream = newsift.pipe(rows(), batch_size=4, fast=True)
    next(stream)
    assert len(consumed) <= 8


def test_a_pipeline_is_built_from_names_and_can_be_shortened():
    pipeline = Pipeline.from_names(["extract", "clean", "site"])
    article = pipeline(Article(raw=SCRAPED))
    assert article.text and article.doc is None
    assert pipeline.names == ["extract", "clean", "site"]
    with pytest.raises(KeyError, match="unknown pipeline component"):
        Pipeline.from_names(["extract", "nonsense"])


def test_components_are_idempotent():
    pipeline = default_pipeline()
    article = Article(raw=SCRAPED)
    pipeline(article)
    first = newsift.report.build_report(article).model_dump()
    for component in pipeline.components[1:]:
        component(article)
    assert newsift.report.build_report(article).model_dump() == first


def test_an_unexpected_exception_fails_only_that_article_in_pipe():
    from newsift.pipeline import FunctionComponent

    def fragile(article):
        if "boom" in article.raw:
            raise RuntimeError("tripped on an odd article")
        article.meta["seen"] = True

    pipeline = Pipeline.from_names(["extract"])
    pipeline.components.append(FunctionComponent("fragile", fragile))
    articles = [Article(raw=text) for text in ("first story", "boom", "third story")]
    out = list(pipeline.pipe(articles, batch_size=3))
    assert [a.meta.get("seen") for a in out] == [True, None, True]
    assert out[1].meta["error_type"] == "InternalError"
    assert "fragile" in out[1].meta["error"] and "RuntimeError" in out[1].meta["error"]


def test_chinese_is_reported_not_analysed_though_its_probability_is_split():
    # py3langid splits Chinese between zh and wuu (about 0.8 + 0.2): no single language
    # reaches 0.9, yet English is ruled out, so the English analyzers must not run.
    text = "市议会周二批准了港口大桥的维修工程。工程将于九月开始，持续八个月。市长表示，费用将超过一千二百万欧元。"
    report = newsift.analyze(text, fast=True)
    assert report.article.language == "zh"
    assert report.article.language_supported is False
    assert report.sentences == [] and report.claims == []


def test_the_report_says_which_variant_of_each_component_ran():
    text = "The council voted on Tuesday to repair the bridge, the mayor said. Work starts in May."
    fast = newsift.analyze(text, fast=True).pipeline
    full = newsift.analyze(text).pipeline
    assert "nlp:fast" in fast and "checkworthiness:linear" in fast
    assert "nlp" in full and "checkworthiness" in full
    assert [name.split(":")[0] for name in fast] == full
