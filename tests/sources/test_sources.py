"""The source registry: label mapping, consensus rules, outlet names, the component and CLI.

Examples are written for these tests; the shipped registry is part of the package, so only the
build/report/example-article tests need ../shared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, needs_shared
from typer.testing import CliRunner

from newsift.article import Article
from newsift.cli import app
from newsift.report import SourceReputation
from newsift.sources import taxonomy
from newsift.sources.names import name_is_ambiguous
from newsift.sources.outlets import find_outlet_mentions, is_outlet_name, resolve_outlet_name
from newsift.sources.raters import RATERS, RATERS_BY_ID
from newsift.sources.registry import Entry, RaterInfo, Registry, load_registry
from newsift.sources.reputation import (
    add_source_reputation,
    consensus,
    lookup,
    median_factuality,
    reputation,
)
from newsift.sources.taxonomy import UnknownLabel

runner = CliRunner()


# --- label mapping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labels", "raw", "factuality", "categories"),
    [
        (taxonomy.OPENSOURCES, "fake; satire", "unreliable", {"fake", "satire"}),
        (taxonomy.OPENSOURCES, "satire", None, {"satire"}),
        (taxonomy.OPENSOURCES, "unreliable", "mixed", set()),  # "may be reliable but ..."
        (taxonomy.OPENSOURCES, "bias; conspiracy", "unreliable", {"hyperpartisan", "conspiracy"}),
        (taxonomy.OPENSOURCES, "state", None, {"state_media"}),
        (taxonomy.OPENSOURCES, "political; reliable", "reliable", set()),
        (taxonomy.OPENSOURCES, "junksci; hate", "unreliable", {"junk_science", "hate"}),
        # typos and case variants found in the list
        (taxonomy.OPENSOURCES, "fake news", "unreliable", {"fake"}),
        (taxonomy.OPENSOURCES, "Fake ", "unreliable", {"fake"}),
        (taxonomy.OPENSOURCES, " unrealiable", "mixed", set()),
        (taxonomy.OPENSOURCES, "satirical", None, {"satire"}),
        (taxonomy.OPENSOURCES, "Conspiracy; rumor ", "unreliable", {"conspiracy", "rumor"}),
        (taxonomy.OPENSOURCES, "Political", None, set()),
        (
            taxonomy.MBFC,
            "factual=LOW; bias=RIGHT CONSPIRACY-PSEUDOSCIENCE; category=conspiracy",
            "unreliable",
            {"conspiracy", "junk_science"},
        ),
        (taxonomy.MBFC, "factual=not rated; bias=SATIRE; category=satire", None, {"satire"}),
        (taxonomy.MBFC, "factual=MOSTLY FACTUAL; bias=LEAST BIASED", "reliable", set()),
        (
            taxonomy.MBFC,
            "factual=MIXED; bias=FAR RIGHT; category=fake-news",
            "mixed",
            {"hyperpartisan"},
        ),
        (taxonomy.BALY, "fact=high; bias=extreme-right", "reliable", {"hyperpartisan"}),
        (taxonomy.BALY, "fact=low; bias=center", "unreliable", set()),
        (taxonomy.IDIAP, "reliability=0", "mixed", set()),
        (taxonomy.WIKIPEDIA_RSP, "deprecated", "unreliable", set()),
        # a source rated per topic: mixed, not its worst status
        (taxonomy.WIKIPEDIA_RSP, "generally reliable; generally unreliable", "mixed", set()),
        (taxonomy.POLITIFACT, "Parody site", None, {"satire"}),
        (taxonomy.POLITIFACT, "Some fake stories", "mixed", set()),
        (taxonomy.FAKE_NEWS_CODEX, "satire", None, {"satire"}),
        (taxonomy.FACTCHECK_ORG, "listed", None, set()),
        (taxonomy.JUNK_NEWS, "junk news; Right-wing-bias; Style", "unreliable", {"hyperpartisan"}),
    ],
)
def test_label_mapping(labels, raw: str, factuality: str | None, categories: set[str]) -> None:
    label = labels(raw)
    assert label.factuality == factuality
    assert set(label.categories) == categories


def test_unknown_labels_are_reported_not_guessed() -> None:
    with pytest.raises(UnknownLabel):
        taxonomy.OPENSOURCES("trustworthy-ish")
    with pytest.raises(UnknownLabel):
        taxonomy.WIKIPEDIA_RSP("generally fine")


def test_no_table_folds_satire_into_fake_or_a_factuality_verdict() -> None:
    tables = {id(r.labels): r.labels for r in RATERS} | {id(taxonomy.GENERIC): taxonomy.GENERIC}
    for labels in tables.values():
        for token, label in labels.exact.items():
            if "satire" in label.categories:
                assert "fake" not in label.categories, token
                assert label.factuality is None, token


def test_shipped_table_matches_the_mapping_in_code() -> None:
    """Every shipped row's mapped labels are what the code maps its raw label to (not stale)."""
    registry = load_registry()
    checked = 0
    for entry in registry.entries():
        rater = RATERS_BY_ID.get(entry.rater)
        if rater is None:
            continue  # a user import
        label = rater.labels(entry.raw_label)
        assert entry.factuality == label.factuality, entry
        assert set(entry.categories) == set(label.categories), entry
        checked += 1
    assert checked > 5000


# --- consensus -------------------------------------------------------------------------------


def _info(rater: str, origin: str, date: str, vocabulary=()) -> RaterInfo:
    return RaterInfo(rater, rater, origin, date, "v", "L", "", True, vocabulary=tuple(vocabulary))


RATERS_FOR_TESTS = {
    "scrape-2025": _info("scrape-2025", "mbfc", "2025-03", ["satire", "hyperpartisan"]),
    "corpus-2018": _info("corpus-2018", "mbfc", "2018-08", ["hyperpartisan"]),
    "groundtruth": _info("groundtruth", "groundtruth", "2024"),
    "tags": _info("tags", "tags", "2017-04", ["fake", "satire", "hate"]),
    "tags-copy": _info("tags-copy", "tags", "2017-04", ["fake", "satire", "hate"]),
    "codex": _info("codex", "codex", "2018-06", ["fake", "satire"]),
    "directory": _info("directory", "directory", "2018-11"),
}


def _entry(rater: str, factuality: str | None, *categories: str, origin: str = "") -> Entry:
    info = RATERS_FOR_TESTS[rater]
    return Entry("example.net", rater, origin or info.origin, "x", factuality, categories)


def test_raters_of_one_origin_count_once_and_the_report_says_so() -> None:
    entries = [
        _entry("scrape-2025", "mixed"),
        _entry("corpus-2018", "unreliable"),
        _entry("groundtruth", "unreliable", origin="mbfc"),  # a row derived from MBFC
        _entry("tags", "reliable"),
        _entry("tags-copy", "reliable"),
    ]
    result = consensus(entries, RATERS_FOR_TESTS)
    agreement = result["agreement"]
    assert agreement["independent_sources"] == 2
    # MBFC votes once, with its newest rating (mixed), not three times "unreliable"
    assert agreement["factuality"]["votes"] == {"reliable": ["tags"], "mixed": ["mbfc"]}
    groups = {g["origin"]: g for g in agreement["same_source"]}
    assert groups["mbfc"]["counted"] == "scrape-2025"
    assert set(groups["mbfc"]["also"]) == {"corpus-2018", "groundtruth"}
    assert groups["tags"]["counted"] == "tags" and groups["tags"]["also"] == ["tags-copy"]


def test_disagreement_is_shown_not_hidden() -> None:
    result = consensus(
        [_entry("tags", "reliable"), _entry("codex", "unreliable")], RATERS_FOR_TESTS
    )
    fact = result["agreement"]["factuality"]
    assert result["factuality"] == "mixed"  # midpoint of reliable and unreliable
    assert (fact["agree"], fact["disagree"], fact["status"]) == (0, 2, "split")

    result = consensus(
        [_entry("tags", "unreliable"), _entry("codex", "unreliable"), _entry("directory", "mixed")],
        RATERS_FOR_TESTS,
    )
    fact = result["agreement"]["factuality"]
    assert result["factuality"] == "unreliable"
    assert (fact["agree"], fact["disagree"], fact["status"]) == (2, 1, "majority")


def test_satire_alone_is_not_unreliable_and_not_fake() -> None:
    result = consensus(
        [_entry("codex", None, "satire"), _entry("scrape-2025", None, "satire")], RATERS_FOR_TESTS
    )
    assert result["factuality"] == "unrated"
    assert result["categories"] == ["satire"]
    assert "fake" not in result["agreement"]["categories"]


def test_category_disagreement_counts_only_raters_that_can_assign_it() -> None:
    entries = [
        _entry("tags", "unreliable", "fake", "satire"),
        _entry("codex", None, "satire"),  # can say fake, did not: disagrees on fake
        _entry("directory", None),  # cannot say fake: neither agrees nor disagrees
    ]
    result = consensus(entries, RATERS_FOR_TESTS)
    fake = result["agreement"]["categories"]["fake"]
    assert fake == {"agree": ["tags"], "disagree": ["codex"]}
    assert result["agreement"]["categories"]["satire"]["agree"] == ["codex", "tags"]
    assert set(result["categories"]) == {"fake", "satire"}  # fake: 1 agree, 1 disagree


@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ([], "unrated"),
        (["reliable"], "reliable"),
        (["reliable", "mixed"], "mixed"),
        (["mixed", "unreliable"], "unreliable"),
        (["reliable", "reliable", "unreliable"], "reliable"),
        (["reliable", "mixed", "unreliable"], "mixed"),
    ],
)
def test_median_factuality(votes: list[str], expected: str) -> None:
    assert median_factuality(votes) == expected


def test_reputation_of_a_constructed_registry_validates_and_walks_to_the_parent() -> None:
    registry = Registry(
        [
            Entry("example.net", "tags", "tags", "fake", "unreliable", ("fake",)),
            Entry("example.net", "codex", "codex", "satire", None, ("satire",)),
        ],
        RATERS_FOR_TESTS,
        "test",
    )
    result = reputation("https://www.news.example.net/2020/story", registry)
    model = SourceReputation.model_validate(result)
    assert model.domain == "example.net" and model.status == "rated"
    assert [r.rater for r in model.ratings] == ["codex", "tags"]
    assert model.ratings[0].factuality == "unrated"  # satire has no factuality
    unknown = SourceReputation.model_validate(reputation("unknown-site.org", registry))
    assert unknown.status == "unrated" and "unrated" in unknown.note


# --- the shipped registry, the component ----------------------------------------------------


def test_shipped_registry_covers_at_least_5000_domains_with_provenance() -> None:
    registry = load_registry()
    stats = registry.stats()
    assert stats["domains"] >= 5000
    for info in registry.raters.values():
        if not info.user:
            assert info.shipped and info.license and info.date and info.version


def test_component_sets_a_report_ready_reputation_and_is_idempotent() -> None:
    article = Article(raw="x")
    article.site.domain = "theduran.com"
    add_source_reputation(article)
    first = SourceReputation.model_validate(article.source_reputation)
    assert first.status == "rated" and len({r.rater for r in first.ratings}) > 1
    add_source_reputation(article)
    assert SourceReputation.model_validate(article.source_reputation) == first


def test_component_without_a_site_says_unrated() -> None:
    article = Article(raw="x")
    add_source_reputation(article)
    model = SourceReputation.model_validate(article.source_reputation)
    assert (
        model.domain is None
        and model.status == "unrated"
        and model.consensus.factuality == "unrated"
    )


def test_component_uses_the_url_host_when_it_is_the_site() -> None:
    article = Article(raw="x", url="https://abcnews.go.com/Politics/story?id=1")
    article.site.domain = "go.com"
    add_source_reputation(article)
    assert article.source_reputation["domain"] == "abcnews.go.com"


def test_shortener_lookup_says_so_plainly() -> None:
    result, _ = lookup("https://bit.ly/3xYz")
    assert result["shortener"] is True and result["status"] == "unrated"
    assert "shortener" in result["note"]


# --- outlet names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("The Duran", "theduran.com"),
        ("the duran", "theduran.com"),
        ("Sputnik", "sputniknews.com"),
        ("Sputnik News", "sputniknews.com"),
        ("The Moscow Times", "themoscowtimes.com"),
        ("Moscow Times.", "themoscowtimes.com"),
        ("Al Mayadeen", "almayadeen.net"),
        ("Russia Today", "rt.com"),
        ("RT", "rt.com"),
        ("Associated Press", "apnews.com"),
        ("Reason", "reason.com"),  # resolves: the caller's context says it is an outlet
        ("theduran.com", "theduran.com"),
    ],
)
def test_resolve_outlet_name(name: str, domain: str) -> None:
    assert resolve_outlet_name(name) == domain


def test_unknown_names_do_not_resolve() -> None:
    assert resolve_outlet_name("The Quarterly Gazette of Nowhere") is None


@pytest.mark.parametrize(
    "line", ["The Duran", "THE DURAN", "Real News Right Now", "Sputnik News", "www.theduran.com"]
)
def test_bare_line_outlet_names(line: str) -> None:
    assert is_outlet_name(line)


@pytest.mark.parametrize(
    "line",
    [
        "Reason", "Time", "The Week", "Vox", "Salon", "The Hill", "Fortune", "RT", "AP",
        "the duran",  # lower case: a phrase, not a name written as a name
        "World News", "Breaking News", "Comments", "Share this:", "facebook.com",
        "The Duran " + "x" * 90,
    ],
)  # fmt: skip
def test_ambiguous_or_ordinary_lines_are_not_outlet_names(line: str) -> None:
    assert not is_outlet_name(line)


@pytest.mark.parametrize(
    ("name", "ambiguous"),
    [
        ("Salon", True),
        ("The Week", True),
        ("World News Daily Report", True),
        ("RT", True),
        ("Breitbart", False),
        ("InfoWars", False),
        ("CNN", False),
        ("21st Century Wire", False),
        ("The Moscow Times", False),
    ],
)
def test_name_ambiguity_rule(name: str, ambiguous: bool) -> None:
    assert name_is_ambiguous(name) is ambiguous


def _mentions(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], d) for s, e, _, d in find_outlet_mentions(text)]


def test_outlet_mentions_in_running_text() -> None:
    text = (
        "A resident told The Moscow Times the road was closed, while Sputnik News reports "
        "said otherwise. The claim first appeared on RT.com, and the Daily Mail repeated it."
    )
    assert _mentions(text) == [
        ("The Moscow Times", "themoscowtimes.com"),
        ("Sputnik News", "sputniknews.com"),
        ("RT.com", "rt.com"),
        ("Daily Mail", "dailymail.co.uk"),
    ]
    spans = find_outlet_mentions(text)
    assert spans[0][2] == "The Moscow Times" and text[spans[0][0] : spans[0][1]] == spans[0][2]


def test_ambiguous_names_need_an_attribution_cue() -> None:
    assert _mentions("Time will tell. Reason is simple. We walked up the hill to Salon.") == []
    assert _mentions("She told Reason the plan failed.") == [("Reason", "reason.com")]
    assert _mentions("Time magazine said so.") == [("Time magazine", "time.com")]
    assert _mentions("The Hill reported the vote.") == [("The Hill", "thehill.com")]


def test_mentions_are_case_sensitive_and_on_word_boundaries() -> None:
    assert _mentions("the moscow times and sputnik news in lower case") == []
    assert _mentions("Sputniks orbit; the Sputnikovo village.") == []
    assert _mentions("Boxer Roberto Duran won; The Duran's editor disagreed.") == [
        ("The Duran", "theduran.com")
    ]


# --- CLI -------------------------------------------------------------------------------------


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSIFT_DATA_DIR", str(tmp_path / "userdata"))
    load_registry.cache_clear()
    from newsift.sources import outlets as sources

    sources.name_index.cache_clear()
    sources._matcher.cache_clear()
    yield tmp_path / "userdata"
    load_registry.cache_clear()
    sources.name_index.cache_clear()
    sources._matcher.cache_clear()


@pytest.mark.parametrize(
    "query", ["theduran.com", "https://www.theduran.com/some-story/", "The Duran"]
)
def test_cli_lookup_by_domain_url_and_name(query: str) -> None:
    result = runner.invoke(app, ["sources", "lookup", query, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["domain"] == "theduran.com" and data["status"] == "rated"
    assert {"rater", "raw_label", "factuality", "categories", "date", "license"} <= set(
        data["ratings"][0]
    )
    assert {"factuality", "categories", "agreement"} <= set(data["consensus"])


def test_cli_lookup_terminal_output_shows_ratings_and_consensus() -> None:
    result = runner.invoke(app, ["sources", "lookup", "realnewsrightnow.com"])
    assert result.exit_code == 0
    assert "consensus factuality" in result.stdout and "satire" in result.stdout


@pytest.mark.parametrize("query", ["no outlet by this name", "   ", "http://"])
def test_cli_lookup_bad_input_is_one_line_and_nonzero(query: str) -> None:
    result = runner.invoke(app, ["sources", "lookup", query])
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0 and "error" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_stats_json() -> None:
    result = runner.invoke(app, ["sources", "stats", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["domains"] >= 5000
    assert data["raters"]["opensources"]["domains"] > 800
    assert sum(1 for r in data["raters"].values() if r["shipped"]) >= 10


def test_cli_import_generic_list_then_lookup(user_dir: Path, tmp_path: Path) -> None:
    listing = tmp_path / "my-list.csv"
    listing.write_text(
        "domain,label,name\n"
        "https://www.made-up-outlet-one.com/,unreliable; conspiracy,Made Up Outlet One\n"
        "made-up-outlet-two.org,satire,\n"
        "theduran.com,unreliable,\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["sources", "import", str(listing), "--rater", "my-team", "--license", "internal"]
    )
    assert result.exit_code == 0, result.stderr
    assert (user_dir / "sources" / "my-team.tsv").exists()
    data = json.loads(
        runner.invoke(app, ["sources", "lookup", "made-up-outlet-one.com", "--json"]).stdout
    )
    assert data["ratings"][0]["rater"] == "my-team"
    assert data["consensus"]["categories"] == ["conspiracy"]
    satire = json.loads(
        runner.invoke(app, ["sources", "lookup", "made-up-outlet-two.org", "--json"]).stdout
    )
    assert satire["consensus"]["factuality"] == "unrated"
    duran = json.loads(runner.invoke(app, ["sources", "lookup", "theduran.com", "--json"]).stdout)
    assert "my-team" in {r["rater"] for r in duran["ratings"]}
    stats = json.loads(runner.invoke(app, ["sources", "stats", "--json"]).stdout)
    assert stats["raters"]["my-team"]["user"] is True
    named = json.loads(
        runner.invoke(app, ["sources", "lookup", "Made Up Outlet One", "--json"]).stdout
    )
    assert named["domain"] == "made-up-outlet-one.com"


def test_cli_import_known_format_keeps_its_origin(user_dir: Path, tmp_path: Path) -> None:
    listing = tmp_path / "corpus.tsv"
    listing.write_text(
        "source_url\tsource_url_normalized\tref\tfact\tbias\n"
        "http://theduran.com/\ttheduran.com\thttp://x\tlow\textreme-right\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["sources", "import", str(listing), "--rater", "baly-copy", "--license", "research"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(runner.invoke(app, ["sources", "lookup", "theduran.com", "--json"]).stdout)
    mine = next(r for r in data["ratings"] if r["rater"] == "baly-copy")
    assert mine["origin"] == "mbfc" and mine["factuality"] == "unreliable"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("domain,label\nexample.org,so-so\n", ["--rater", "x", "--license", "L"], "cannot map"),
        ("url,colour\nexample.org,red\n", ["--rater", "x", "--license", "L"], "unknown format"),
        (
            "domain,label\nexample.org,reliable\n",
            ["--rater", "opensources", "--license", "L"],
            "built-in",
        ),
        (
            "domain,label\nexample.org,reliable\n",
            ["--rater", "Bad Name!", "--license", "L"],
            "--rater",
        ),
        ("domain,label\nnot a domain,reliable\n", ["--rater", "x", "--license", "L"], "no row"),
    ],
)
def test_cli_import_bad_input(user_dir: Path, tmp_path: Path, content, args, message) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["sources", "import", str(listing), *args])
    assert result.exit_code != 0
    assert message in result.stderr and result.stderr.strip().count("\n") == 0
    assert not (user_dir / "sources" / "raters.json").exists()


def test_cli_import_missing_file(user_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["sources", "import", str(tmp_path / "nope.csv"), "--rater", "x", "--license", "L"]
    )
    assert result.exit_code != 0 and "no such file" in result.stderr


def test_cli_build_and_report_need_the_data_folder(tmp_path: Path) -> None:
    for command in ("build", "report"):
        result = runner.invoke(
            app, ["sources", command, "--data", str(tmp_path), "--out", str(tmp_path / "out")]
        )
        assert result.exit_code != 0 and "sources/" in result.stderr


# --- with ../shared --------------------------------------------------------------------------


@needs_shared
def test_build_reproduces_the_shipped_tables(tmp_path: Path) -> None:
    from newsift.sources.registry import package_dir

    result = runner.invoke(
        app, ["sources", "build", "--data", str(SHARED / "data"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    shipped = sorted(p.name for p in package_dir().iterdir() if p.suffix in (".tsv", ".json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == shipped
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (package_dir() / name).read_bytes(), name


@needs_shared
def test_report_writes_coverage_and_kappa(tmp_path: Path) -> None:
    out = tmp_path / "sources.md"
    result = runner.invoke(
        app, ["sources", "report", "--data", str(SHARED / "data"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Cohen's kappa" in text and "| mbfc-yang3kc |" in text
    assert "| idiap | mbfc-yang3kc |" in text  # a pair with many shared domains


@needs_shared
@pytest.mark.parametrize("name", ["article-1.txt", "article-2.txt"])
def test_example_articles_get_ratings_from_several_raters(name: str) -> None:
    from newsift.core import analyze
    from newsift.input.load import load
    from newsift.pipeline import Pipeline
    from newsift.settings import DEFAULT_COMPONENTS

    names = list(DEFAULT_COMPONENTS)
    if "source_reputation" not in names:
        names.insert(names.index("site") + 1, "source_reputation")
    pipeline = Pipeline.from_names([n for n in names if n != "nlp"])
    report = analyze(load(str(SHARED / "examples" / name)), pipeline=pipeline)
    assert report.source_reputation is not None
    assert report.source_reputation.domain == report.article.site.domain
    assert len({r.rater for r in report.source_reputation.ratings}) > 1
    assert report.source_reputation.consensus.agreement.independent_sources >= 2


def test_registry_works_without_a_deleted_copyleft_file(tmp_path: Path, monkeypatch) -> None:
    """DATA-LICENSES.md tells redistributors they may drop a file; the rest keeps working."""
    import shutil

    from newsift.sources import registry as registry_module

    copy = tmp_path / "sources"
    shutil.copytree(registry_module.package_dir(), copy)
    (copy / "hearvox.tsv").unlink()
    monkeypatch.setattr(registry_module, "package_dir", lambda: copy)
    monkeypatch.setenv("NEWSIFT_DATA_DIR", str(tmp_path / "nothing"))
    load_registry.cache_clear()
    try:
        registry = load_registry()
        assert "politifact-2017" not in registry.raters and "opensources" in registry.raters
        assert all(e.rater != "politifact-2017" for e in registry.entries())
        assert reputation("theduran.com", registry)["status"] == "rated"
    finally:
        load_registry.cache_clear()


def test_possessive_is_not_a_cue_for_ambiguous_names() -> None:
    assert _mentions("The black hole weighs four times the Sun's mass. Time's up.") == []
