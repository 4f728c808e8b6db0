"""The extraction evaluation: word-bag figures, page rows, and the CLI on a small file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsift.clean.training.extraction import (
    Page,
    evaluate,
    read_pages,
    render_text,
    word_scores,
)
from newsift.cli import app
from newsift.errors import InputError

ARTICLE = (
    "The council voted on Tuesday to close the old bridge to traffic after engineers found"
    " cracks in two of its supports. Repairs are expected to take eight months and to cost"
    " about four million dollars, the mayor said."
)
PAGE = f"""<html><head><title>Bridge closed</title><script>var x = 1;</script></head><body>
<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul>
<article><h1>Bridge closed</h1><p>{ARTICLE}</p>
<p>Drivers will be sent along the ring road while the work goes on, the council said in a
statement, and buses will stop at temporary shelters on both banks of the river.</p></article>
<footer>Copyright 2024 The Town Paper. All rights reserved.</footer></body></html>"""


def test_word_scores_count_each_word_as_often_as_it_occurs() -> None:
    assert word_scores("the cat the", "The cat") == (2 / 3, 1.0, pytest.approx(0.8))
    assert word_scores("", "some gold") == (0.0, 0.0, 0.0)
    assert word_scores("Bridge, closed!", "bridge closed") == (1.0, 1.0, 1.0)


def _write(path: Path, rows: list[dict]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    return path


def test_read_pages_filters_by_split_and_rejects_rows_without_gold(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "html": PAGE, "gold_text": ARTICLE, "extra": {"split": "train"}},
        {"id": "b", "html": PAGE, "gold_text": ARTICLE, "split": "test", "site": "x.com"},
    ]
    path = _write(tmp_path / "pages.jsonl.gz", rows)
    assert [p.id for p in read_pages(path, split="test")] == ["b"]
    assert [p.split for p in read_pages(path)] == ["train", "test"]
    bad = _write(tmp_path / "bad.jsonl.gz", [{"id": "c", "html": PAGE}])
    with pytest.raises(InputError, match="gold_text"):
        list(read_pages(bad))
    (tmp_path / "pages.csv").write_text("id,html\n")
    with pytest.raises(InputError, match=r"expected a \.jsonl"):
        list(read_pages(tmp_path / "pages.csv"))


def test_evaluate_averages_over_pages_and_sites() -> None:
    pages = [
        Page("1", "", "one two three four", site="a.com"),
        Page("2", "", "one two three four", site="a.com"),
        Page("3", "", "one two", site="b.com"),
        Page("4", "", "", site="c.com"),  # no gold words: skipped
    ]
    outputs = {"1": "one two three four", "2": "", "3": "one two"}
    result = evaluate(pages, lambda page: outputs[page.id], lambda page: page.gold_text)
    assert result["n_pages"] == 3 and result["n_skipped"] == 1
    assert result["f1"] == pytest.approx(2 / 3)
    assert result["per_site"]["a.com"]["f1"] == pytest.approx(0.5)
    assert result["site_mean"]["f1"] == pytest.approx(0.75)
    assert result["baseline"]["f1"] == 1.0


def test_render_text_gives_visible_blocks_one_per_line_without_bullets() -> None:
    pytest.importorskip("inscriptis")
    lines = [line.strip() for line in render_text(PAGE).splitlines() if line.strip()]
    assert lines[:2] == ["Home", "News"]
    assert not any("var x" in line for line in lines)
    assert ARTICLE in lines


@pytest.mark.parametrize("mode", ["html", "text"])
def test_cli_scores_the_page_and_the_baseline(tmp_path: Path, mode: str) -> None:
    if mode == "text":
        pytest.importorskip("inscriptis")
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p", "html": PAGE, "gold_text": ARTICLE}) + "\n")
    args = ["evaluate", "extraction", "--data", str(path), "--mode", mode, "--json"]
    result = CliRunner().invoke(app, [*args, "--baseline", "trafilatura"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["n_pages"] == 1 and figures["baseline"]["n_pages"] == 1
    assert figures["recall"] == 1.0  # the article's words are all kept
    assert 0.0 < figures["precision"] < 1.0  # its second paragraph is not in this gold


def test_cli_refuses_an_unknown_mode(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p", "html": PAGE, "gold_text": ARTICLE}) + "\n")
    args = ["evaluate", "extraction", "--data", str(path), "--mode", "pdf"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0 and "--mode must be one of" in result.output


def test_rendered_lines_are_labelled_from_the_gold() -> None:
    pytest.importorskip("inscriptis")
    from newsift.clean.training.pagelines import labelled_page

    comment = "I drive over that bridge every day and never saw a single crack in it."
    html = PAGE.replace("<footer>", f"<div class='comments'><p>{comment}</p></div><footer>")
    page = Page("p", html, f"Bridge closed\n{ARTICLE}", gold_comments=comment, site="x.com")
    article = labelled_page(page, "test", "test:all")
    labels = {line.text: (line.label, line.reason) for line in article.lines}
    assert labels["Home"] == ("boilerplate", None)  # "home" is no line of the gold
    assert labels["Bridge closed"] == ("content", None)  # a whole gold line
    assert labels[ARTICLE] == ("content", None)
    assert labels[comment] == ("boilerplate", "comment_section")
    assert labels["Copyright 2024 The Town Paper. All rights reserved."][0] == "boilerplate"
    assert article.extra["gold_text"] == page.gold_text


def test_comment_reasons_find_the_comment_block_by_its_markup() -> None:
    from newsift.clean.training.pagelines import comment_reasons

    comment = "I drive over that bridge every day and never saw a single crack in it."
    html = PAGE.replace(
        "<footer>", f"<section id='comments'><h3>Comments</h3><p>{comment}</p></section><footer>"
    )
    page = Page("p", html, ARTICLE, gold_comments=comment)
    figures = comment_reasons([page, Page("q", PAGE, ARTICLE)], line_model=None)
    assert figures["n_pages"] == 1  # the page without comments is not counted
    assert figures["comment_lines_removed"] == 1 and figures["recall"] == 1.0
    assert figures["comment_lines_kept"] == 0.0


def test_pages_of_sites_a_model_saw_and_pages_without_a_site_are_left_out(tmp_path: Path) -> None:
    from newsift.clean.training.extraction import sites_of

    rows = [
        {"id": "a", "html": PAGE, "gold_text": ARTICLE, "split": "train", "site": "seen.com"},
        {"id": "b", "html": PAGE, "gold_text": ARTICLE, "split": "test", "site": "seen.com"},
        {"id": "c", "html": PAGE, "gold_text": ARTICLE, "split": "test", "site": "new.com"},
        {"id": "d", "html": PAGE, "gold_text": ARTICLE, "split": "test"},
    ]
    path = _write(tmp_path / "pages.jsonl.gz", rows)
    seen = sites_of(f"{path}:train")
    assert seen == {"seen.com"}
    assert [p.id for p in read_pages(path, "test", exclude_sites=seen)] == ["c"]
    assert sites_of(str(path)) == {"seen.com", "new.com"}


DATED_PAGE = f"""<html><head><title>Bridge closed | The Town Paper</title>
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body>
<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul>
<p>Home » News » Roads</p>
<h1>Bridge closed after engineers find cracks</h1>
<p>Posted on March 5, 2024 by Ana Ferreira</p>
<p>{ARTICLE}</p></body></html>"""


def test_cli_metadata_scores_title_and_date_against_headline_and_markup(tmp_path: Path) -> None:
    pytest.importorskip("inscriptis")
    row = {
        "id": "p",
        "html": DATED_PAGE,
        "gold_text": ARTICLE,
        "extra": {"gold_headline": "Bridge closed after engineers find cracks"},
    }
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(row) + "\n")
    args = ["evaluate", "extraction", "--data", str(path), "--metadata"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["title"] == {
        "n_pages_with_headline": 1,
        "found": 1.0,
        "right": 1.0,
        "breadcrumb_titles": 0,
    }
    assert figures["published"]["n_pages_with_markup_date"] == 1
    assert figures["published"]["right"] == 1.0


def test_cli_refuses_a_model_folder_without_a_model(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p", "html": PAGE, "gold_text": ARTICLE}) + "\n")
    args = ["evaluate", "extraction", "--data", str(path), "--model", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0 and "no line model there" in result.output
