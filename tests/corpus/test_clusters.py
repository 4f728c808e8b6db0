"""Stories and narratives kept in a store: extended batch after batch, read back, shown, drawn."""

from __future__ import annotations

import json
import os
import sys

import duckdb
import pytest
from corpus_fakes import KeywordEmbedder
from corpus_helpers import held, report, text
from typer.testing import CliRunner

from newsift import Corpus
from newsift.cli import app
from newsift.corpus import clusters, schema
from newsift.corpus.store import StoreWriter
from newsift.errors import OutputError
from newsift.report import Claim, FactCheckMatch, SourceReputation

runner = CliRunner()
BACKS = "Intercepted calls prove the United States secretly backs ISIS fighters in Syria."
BACKS_AGAIN = "Intercepted communications show Washington secretly backing ISIS fighters in Syria."
BUDGET = "The city council approved the school budget after a long debate on teacher pay."
#: Claims about ISIS backing share one direction, the budget another, the rest a third.
VECTORS = {"isis": [1.0, 0.0, 0.0], "budget": [0.0, 1.0, 0.0]}
CHECK = FactCheckMatch(
    claim="The US is funding ISIS", rating="false", publisher="Snopes", score=0.81, url="u"
)


def embedder() -> KeywordEmbedder:
    return KeywordEmbedder(VECTORS)


def claimed(article_id: str, claim: str, *, site: str, published: str | None, checks=()):
    """A hand-built report whose text is one claim sentence and a filler story."""
    body = f"{claim}\n\n{text(len(article_id))}"
    built = report(article_id, body, site=site, published=published)
    built.article.title = claim
    built.claims = [
        Claim(
            start=0,
            end=len(claim),
            text=claim,
            checkworthiness=0.9,
            factchecks=list(checks),
        )
    ]
    if site == "hoax.example":
        built.source_reputation = SourceReputation.model_validate(
            {
                "domain": site,
                "status": "rated",
                "consensus": {"factuality": "unreliable", "categories": ["fake"]},
            }
        )
    return built


def fill(path, reports) -> None:
    with StoreWriter(path) as writer:
        for built in reports:
            writer.write(built)


@pytest.fixture
def fake_embedder(monkeypatch):
    """The CLI loads the shipped embedder; tests put the keyword one in its place."""
    monkeypatch.setattr("newsift.nlp.embed.load_embedder", embedder)


def test_a_new_batch_extends_the_clusters_without_redoing_earlier_ones(tmp_path):
    path = tmp_path / "c.duckdb"
    fill(
        path,
        [
            claimed("a1", BACKS, site="hoax.example", published="2015-10-20", checks=[CHECK]),
            claimed("b1", BUDGET, site="city.example", published="2016-01-02"),
        ],
    )
    first = clusters.update(path, embedder=embedder())
    assert (first.articles, first.claims) == (2, 2)
    with Corpus(path) as corpus:
        assert corpus.narratives() == []  # one article each: nothing recurs yet
        assert corpus.unclustered() == {"articles": 0, "claims": 0}
        before = corpus._rows("SELECT * FROM narrative_claims ORDER BY article_id")
    fill(path, [claimed("a2", BACKS_AGAIN, site="outlet.example", published="2016-09-19")])
    seen: list[str] = []
    counting = embedder()
    encode = counting.encode
    counting.encode = lambda texts: seen.extend(texts) or encode(texts)
    second = clusters.update(path, embedder=counting)
    assert (second.articles, second.claims) == (1, 1)
    assert all("budget" not in t.lower() and "United States" not in t for t in seen)
    with Corpus(path) as corpus:
        after = corpus._rows("SELECT * FROM narrative_claims ORDER BY article_id")
        assert [r for r in after if r["article_id"] != "a2"] == before
        [narrative] = corpus.narratives()
        assert narrative["claim"] == BACKS
        assert [c["article_id"] for c in narrative["claims"]] == ["a1", "a2"]
        assert narrative["sites"] == ["hoax.example", "outlet.example"]
        assert (narrative["first_seen"], narrative["last_seen"]) == ("2015-10-20", "2016-09-19")
        assert narrative["reputation_mix"]["unreliable"] == 0.5
        assert narrative["claims"][0]["factchecks"][0]["publisher"] == "Snopes"
        assert narrative["factchecks"][0]["rating"] == "false"
        assert corpus.narrative(narrative["id"]) == narrative
        assert corpus.stories() == []  # eleven months apart: one narrative, not one event
    assert clusters.update(path, embedder=embedder()) == clusters.Update(0, 0)


def test_an_update_killed_midway_changes_nothing_and_the_next_redoes_it(tmp_path):
    path = tmp_path / "c.duckdb"
    fill(path, [claimed("a1", BACKS, site="x.example", published=None)])
    broken = embedder()
    broken.encode = lambda texts: (_ for _ in ()).throw(RuntimeError("killed"))
    with pytest.raises(RuntimeError):
        clusters.update(path, embedder=broken)
    with Corpus(path) as corpus:
        assert corpus.unclustered() == {"articles": 1, "claims": 1}
    assert clusters.update(path, embedder=embedder()) == clusters.Update(1, 1)


def test_clusters_made_with_other_settings_are_refused_until_rebuilt(tmp_path):
    path = tmp_path / "c.duckdb"
    fill(path, [claimed("a1", BACKS, site="x.example", published=None)])
    clusters.update(path, embedder=embedder())
    fill(path, [claimed("a2", BACKS_AGAIN, site="y.example", published=None)])
    con = duckdb.connect(str(path))  # as an older newsift with another threshold left it
    con.execute("""UPDATE meta SET value = '{"narratives": [0.5]}' WHERE key = 'clusters'""")
    con.close()
    with pytest.raises(OutputError, match="other settings"):
        clusters.update(path, embedder=embedder())
    with Corpus(path) as corpus:
        assert corpus.unclustered() == {"articles": 1, "claims": 1}
    assert clusters.update(path, embedder=embedder(), rebuild=True) == clusters.Update(2, 2)


def test_an_older_store_is_migrated_to_hold_clusters(tmp_path):
    path = tmp_path / "c.duckdb"
    fill(path, [claimed("a1", BACKS, site="x.example", published=None)])
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE story_articles")
    con.execute("DROP TABLE narrative_claims")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'store_version'")
    con.close()
    with pytest.raises(OutputError, match="version 1 store; open it once for writing"):
        Corpus(path)
    assert clusters.update(path, embedder=embedder()) == clusters.Update(1, 1)
    with Corpus(path) as corpus:
        assert corpus.stats()["store_version"] == schema.STORE_VERSION
        assert corpus.article("a1").article.id == "a1"


def test_cli_narratives_and_stories_json_and_tables(tmp_path, fake_embedder):
    store = tmp_path / "c.duckdb"
    fill(
        store,
        [
            claimed("a1", BACKS, site="hoax.example", published="2015-10-20", checks=[CHECK]),
            claimed("a2", BACKS_AGAIN, site="outlet.example", published="2015-10-22"),
            claimed("b1", BUDGET, site="city.example", published=None),
        ],
    )
    result = runner.invoke(app, ["corpus", "narratives", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    [narrative] = json.loads(result.stdout)["narratives"]
    assert {"id", "claim", "claims", "sites", "first_seen", "last_seen", "reputation_mix"} <= set(
        narrative
    )
    assert set(narrative["claims"][0]) >= {"article_id", "text", "site", "published"}
    result = runner.invoke(app, ["corpus", "stories", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    [story] = json.loads(result.stdout)["stories"]
    assert set(story["articles"][0]) >= {"article_id", "title", "site", "published"}
    table = runner.invoke(
        app, ["corpus", "narratives", "--store", str(store)], env={"COLUMNS": "250"}
    )
    assert table.exit_code == 0 and narrative["id"] in table.stdout
    assert "false (Snopes)" in table.stdout
    shown = runner.invoke(
        app, ["corpus", "show", narrative["id"], "--store", str(store)], env={"COLUMNS": "250"}
    )
    assert shown.exit_code == 0 and "hoax.example" in shown.stdout, shown.output
    shown = runner.invoke(app, ["corpus", "show", story["id"], "--store", str(store), "--json"])
    assert json.loads(shown.stdout)["id"] == story["id"]


def test_cli_unknown_ids_are_one_clear_line(tmp_path, fake_embedder):
    store = tmp_path / "c.duckdb"
    fill(store, [claimed("a1", BACKS, site="x.example", published=None)])
    runner.invoke(app, ["corpus", "narratives", "--store", str(store)])
    for item, message in [
        ("N99", "no narrative 'N99'"),
        ("S99", "no story 'S99'"),
        ("zz", "no article 'zz'"),
    ]:
        result = runner.invoke(app, ["corpus", "show", item, "--store", str(store)])
        assert result.exit_code != 0
        assert message in result.output and "Traceback" not in result.output


def test_cli_plot_draws_and_never_overwrites(tmp_path, fake_embedder, monkeypatch):
    pytest.importorskip("matplotlib")
    store = tmp_path / "c.duckdb"
    fill(
        store,
        [
            claimed("a1", BACKS, site="hoax.example", published="2015-10-20"),
            claimed("a2", BACKS_AGAIN, site="outlet.example", published="2016-09-19"),
        ],
    )
    result = runner.invoke(app, ["corpus", "narratives", "--store", str(store), "--json"])
    narrative_id = json.loads(result.stdout)["narratives"][0]["id"]
    png = tmp_path / "spread.png"
    result = runner.invoke(
        app, ["corpus", "show", narrative_id, "--store", str(store), "--plot", str(png)]
    )
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    size = png.stat().st_size
    again = runner.invoke(
        app, ["corpus", "show", narrative_id, "--store", str(store), "--plot", str(png)]
    )
    assert again.exit_code != 0 and "exists" in again.output
    assert png.stat().st_size == size
    article = runner.invoke(
        app, ["corpus", "show", "a1", "--store", str(store), "--plot", str(png)]
    )
    assert article.exit_code != 0 and "not an article" in article.output
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    missing = runner.invoke(
        app,
        ["corpus", "show", narrative_id, "--store", str(store), "--plot", str(tmp_path / "b.png")],
    )
    assert missing.exit_code != 0
    assert "needs matplotlib" in missing.output and "Traceback" not in missing.output


def test_cli_a_locked_store_is_refused_and_kept(tmp_path, fake_embedder):
    store = tmp_path / "c.duckdb"
    fill(store, [claimed("a1", BACKS, site="x.example", published=None)])
    with held(store) as pid:
        result = runner.invoke(app, ["corpus", "narratives", "--store", str(store)])
    assert result.exit_code != 0
    assert f"in use by another process (process {pid})" in result.output
    with Corpus(store) as corpus:
        assert corpus.unclustered() == {"articles": 1, "claims": 1}


def test_cli_an_unwritable_store_is_read_when_up_to_date_and_refused_when_not(
    tmp_path, fake_embedder, monkeypatch
):
    store = tmp_path / "c.duckdb"
    fill(store, [claimed("a1", BACKS, site="x.example", published=None)])
    # chmod does not stop root, who runs these tests in CI: the check it feeds is faked.
    monkeypatch.setattr(clusters, "_writable", lambda path: False)
    result = runner.invoke(app, ["corpus", "narratives", "--store", str(store)])
    assert result.exit_code != 0
    assert "permission denied (1 articles and 1 claims not clustered yet)" in result.output
    monkeypatch.undo()
    monkeypatch.setattr("newsift.nlp.embed.load_embedder", embedder)
    clusters.update(store, embedder=embedder())
    monkeypatch.setattr(clusters, "_writable", lambda path: False)
    result = runner.invoke(app, ["corpus", "narratives", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"narratives": []}


def test_writable_reads_the_file_and_its_folder(tmp_path):
    store = tmp_path / "c.duckdb"
    store.write_bytes(b"")
    assert clusters._writable(store)
    if os.geteuid() != 0:
        store.chmod(0o444)
        assert not clusters._writable(store)


def test_updating_a_missing_store_does_not_create_one(tmp_path):
    with pytest.raises(OutputError, match="no such store"):
        clusters.update(tmp_path / "typo.duckdb", embedder=embedder())
    assert not (tmp_path / "typo.duckdb").exists()
