"""`newsift data prepare` on tiny dataset folders in the shared formats (our own text)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import needs_shared
from typer.testing import CliRunner

from newsift.cli import app
from newsift.errors import InputError
from newsift.scores.training.datasets import iter_labeled, prepare, read_prepared, text_fingerprint

BODY = "The council met on Tuesday and voted to repair the bridge before winter. " * 3


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _csv(path: Path, header: list[str], rows: list[list[str]], bom: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data" / "articles"
    _jsonl(
        root / "horne2017_fakenewsdata1" / "articles.jsonl",
        [
            {
                "dataset": "buzzfeed",
                "label": "fake",
                "file": "1_Fake.txt",
                "title": "A",
                "body": BODY,
            },
            {
                "dataset": "buzzfeed",
                "label": "real",
                "file": "1_Real.txt",
                "title": "B",
                "body": BODY + "x",
            },
            {
                "dataset": "random",
                "label": "satire",
                "file": "2001.txt",
                "title": "C",
                "body": "Mayor declares Tuesday a second Monday. " * 5,
            },
        ],
    )
    _jsonl(
        root / "perezrosas2018_fakenews_amt_celebrity" / "articles.jsonl",
        [
            {
                "dataset": "fakenewsamt",
                "domain": "tech",
                "label": "fake",
                "file": "tech01.fake.txt",
                "title": "T",
                "body": "Phones now run on sunlight alone, engineers say. " * 4,
            },
            {
                "dataset": "fakenewsamt",
                "domain": "tech",
                "label": "legit",
                "file": "tech01.legit.txt",
                "title": "T",
                "body": "Phone makers test a new battery design this year. " * 4,
            },
            {
                "dataset": "celebrity",
                "domain": "celebrity",
                "label": "legit",
                "file": "001legit.txt",
                "title": "S",
                "body": "A singer announced a tour of twelve cities. " * 4,
            },
        ],
    )
    _jsonl(
        root / "golbeck2018_fake_vs_satire" / "articles.jsonl",
        [
            {
                "id": "1",
                "label": "fake",
                "status": "final",
                "title": "F",
                "url": "http://www.hoaxsite-test.com/a",
                "body": "Officials hid the truth about the bridge for years. " * 4,
            },
            {
                "id": "2",
                "label": "satire",
                "status": "final",
                "title": "S",
                "url": "",
                "body": "Area man finishes bridge using only optimism. " * 4,
            },
            {
                "id": "3",
                "label": "fake",
                "status": "ditched",
                "title": "D",
                "url": "http://x.com/b",
                "body": BODY,
            },
        ],
    )
    _jsonl(
        root / "fakenewsnet" / "v1_buzzfeed_politifact_content.jsonl",
        [
            {
                "dataset": "politifact",
                "label": "real",
                "id": "p1",
                "url": "http://politi.co/abc",
                "source": "",
                "title": "R",
                "text": "The senate passed the budget on Friday after a long debate. " * 4,
            },
            {
                "dataset": "buzzfeed",
                "label": "fake",
                "id": "b1",
                "url": "",
                "source": "",
                "title": "F",
                "text": "Secret memo proves the budget was written by aliens. " * 4,
            },
        ],
    )
    _csv(
        root / "fakenewsnet" / "v2_minimal_subset_SarithRavI" / "gossipcop_fake.csv",
        ["id", "news_url", "title", "tweet_ids"],
        [["g1", "www.rumors-test.com/x", "Star secretly marries robot", "1\t2"]],
    )
    header = [
        "",
        "type",
        "fact_check_url",
        "news_url",
        "title",
        "newstitle",
        "content",
        "abstract",
        "publish_date",
        "meta_keywords",
    ]
    _csv(
        root / "coaid" / "05-01-2020" / "NewsRealCOVID-19.csv",
        header,
        [
            [
                "0",
                "article",
                "x",
                "https://www.health-test.org/a",
                "t",
                "Wash hands",
                "wash your hands often with soap and water for twenty seconds",
                "",
                "",
                "",
            ],
            [
                "1",
                "article",
                "x",
                "https://www.health-test.org/b",
                "t",
                "Wash hands",
                "wash your hands often with soap and water for twenty seconds",
                "",
                "",
                "",
            ],
        ],
        bom=True,
    )
    _csv(
        root / "coaid" / "05-01-2020" / "NewsFakeCOVID-19.csv",
        header,
        [
            [
                "0",
                "post",
                "x",
                "https://www.facebook.com/p/1",
                "t",
                "",
                "drinking hot water cures the virus says my uncle",
                "",
                "",
                "",
            ],
            ["1", "article", "x", "https://cure-test.net/a", "t", "", "", "", "", ""],
        ],
        bom=True,
    )
    _csv(
        root / "fakenewscorpus_sample" / "news_sample.csv",
        ["", "id", "domain", "type", "url", "content", "title"],
        [
            [
                "0",
                "11",
                "jokes-test.com",
                "fake",
                "http://jokes-test.com/1",
                "Parliament votes to ban Mondays. " * 4,
                "J",
            ],
            [
                "1",
                "12",
                "angry-test.com",
                "political",
                "http://angry-test.com/1",
                "The other party ruins everything again. " * 4,
                "P",
            ],
            ["2", "13", "plain-test.com", "reliable", "http://plain-test.com/1", BODY, "R"],
        ],
    )
    _csv(
        root / "fakenewscorpus_sample" / "websites.csv",
        ["", "url", "type", "2nd_type", "3rd_type", "active"],
        [
            ["0", "jokes-test.com", "fake", "satire", "", ""],
            ["1", "angry-test.com", "political", "", "", ""],
        ],
    )
    _jsonl(
        root / "semeval2019_hyperpartisan_byarticle" / "articles_training_byarticle.jsonl",
        [
            {
                "id": "0001",
                "title": "H",
                "hyperpartisan": "true",
                "labeled_by": "article",
                "url": "https://www.opinions-test.com/x",
                "domain": "opinions-test.com",
                "text": "They lie to you every day. " * 5,
            }
        ],
    )
    _csv(
        root / "sarcasm_headlines" / "sarcasm_headlines_v1.csv",
        ["headline", "is_sarcastic", "implied_source"],
        [
            ["nation's dogs demand a raise", "1", "theonion.com"],
            ["senate passes budget", "0", "huffingtonpost.com"],
        ],
    )
    return tmp_path / "data"


def _by_id(data_dir: Path) -> dict[str, dict]:
    return {r["id"]: r for r in iter_labeled(data_dir)}


def test_labels_levels_and_sites(data_dir: Path) -> None:
    rows = _by_id(data_dir)
    buzz = rows["horne2017_buzzfeed:fake/1_Fake.txt"]
    assert (buzz["label"], buzz["label_level"], buzz["site"]) == (
        "unreliable",
        "article",
        "horne2017_buzzfeed:unknown",
    )
    satire = rows["horne2017_random:satire/2001.txt"]
    assert satire["label"] == "satire" and satire["label_level"] == "site"
    assert "theonion.com" in satire["candidate_sites"]
    fake_amt, legit_amt = (
        rows["perezrosas2018_amt:tech01.fake.txt"],
        rows["perezrosas2018_amt:tech01.legit.txt"],
    )
    assert fake_amt["group"] == legit_amt["group"] == "perezrosas2018_amt:tech"
    assert rows["perezrosas2018_celebrity:001legit.txt"]["label"] == "reliable"
    # Golbeck: only final rows; a missing URL gets the dataset's pseudo-site.
    assert "golbeck2018:3" not in rows
    assert rows["golbeck2018:1"]["site"] == "hoaxsite-test.com"
    assert rows["golbeck2018:2"]["site"] == "golbeck2018:unknown"
    # Branded shortener resolved to the publisher; no URL -> pseudo-site.
    assert rows["fakenewsnet_v1:p1"]["site"] == "politico.com"
    assert rows["fakenewsnet_v1:b1"]["site"] == "fakenewsnet_v1:unknown"
    headline = rows["fakenewsnet_v2:g1"]
    assert (
        headline["kind"] == "headline"
        and headline["text"] == ""
        and headline["label"] == "unreliable"
    )


def test_coaid_dedup_posts_and_empty_rows(data_dir: Path) -> None:
    coaid = [r for r in iter_labeled(data_dir) if r["dataset"] == "coaid"]
    assert len(coaid) == 2  # one duplicate and one empty row dropped
    kinds = {r["label"]: r["kind"] for r in coaid}
    assert kinds == {"reliable": "article", "unreliable": "post"}


def test_opensources_tags_map_carefully(data_dir: Path) -> None:
    rows = _by_id(data_dir)
    # A domain tagged fake AND satire is satire, never folded into unreliable.
    assert rows["fakenewscorpus_sample:11"]["label"] == "satire"
    political = rows["fakenewscorpus_sample:12"]
    assert political["label"] is None and political["hyperpartisan"] is True
    plain = rows["fakenewscorpus_sample:13"]
    assert plain["label"] == "reliable" and plain["hyperpartisan"] is False
    assert all(
        r["label_level"] == "site" for k, r in rows.items() if k.startswith("fakenewscorpus")
    )


def test_semeval_and_sarcasm(data_dir: Path) -> None:
    rows = _by_id(data_dir)
    semeval = rows["semeval2019_hyperpartisan:0001"]
    assert semeval["hyperpartisan"] is True and semeval["label"] is None
    assert semeval["site"] == "opinions-test.com"
    onion = rows["sarcasm_headlines:0"]
    assert (onion["label"], onion["kind"], onion["site"]) == ("satire", "headline", "theonion.com")


def test_prepare_writes_jsonl_that_reads_back(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "prepared.jsonl"
    counts = prepare(data_dir, out)
    back = list(read_prepared(out))
    assert len(back) == sum(sum(c.values()) for c in counts.values())
    assert {
        "id",
        "dataset",
        "text",
        "title",
        "url",
        "site",
        "label",
        "label_level",
        "hyperpartisan",
    } <= set(back[0])
    assert len({r["id"] for r in back}) == len(back)


def test_read_prepared_rejects_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        list(read_prepared(tmp_path / "missing.jsonl"))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok", "label": "reliable"}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2"):
        list(read_prepared(bad))
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text('{"text": "ok", "label": "fake"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="label must be"):
        list(read_prepared(wrong))
    minimal = tmp_path / "mine.jsonl"
    minimal.write_text(
        '{"text": "Our own article.", "label": "reliable", "url": "https://www.a-test.org/x"}\n'
    )
    (row,) = read_prepared(minimal)
    assert row["site"] == "a-test.org" and row["kind"] == "article" and row["hyperpartisan"] is None


def test_fingerprint_ignores_case_and_punctuation() -> None:
    text = "The Mayor said, on Monday, that the new bridge would open in May after years of delay and cost."
    assert text_fingerprint(text) == text_fingerprint(text.lower().replace(",", ""))
    assert text_fingerprint("too short") is None


def test_cli_prepare_and_clean_failure(data_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "p.jsonl"
    result = runner.invoke(app, ["data", "prepare", "--data", str(data_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and out.read_text().count("\n") >= 10
    missing = runner.invoke(
        app,
        ["data", "prepare", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "q.jsonl")],
    )
    assert missing.exit_code != 0
    assert "Traceback" not in missing.output


@needs_shared
def test_shared_data_counts(shared: Path) -> None:
    """Label counts as documented by each dataset (DATA.md and the datasets' READMEs)."""
    counts: Counter = Counter()
    coaid_texts: Counter = Counter()
    for r in iter_labeled(shared / "data"):
        counts[(r["dataset"], r["kind"], r["label"], r["hyperpartisan"])] += 1
        if r["dataset"] == "coaid":
            coaid_texts[r["text"]] += 1
    assert counts[("golbeck2018", "article", "unreliable", None)] == 283
    assert counts[("golbeck2018", "article", "satire", None)] == 203
    assert counts[("horne2017_buzzfeed", "article", "unreliable", None)] == 48
    assert counts[("horne2017_buzzfeed", "article", "reliable", None)] == 53
    for label in ("unreliable", "reliable", "satire"):
        assert counts[("horne2017_random", "article", label, None)] == 75
    assert counts[("perezrosas2018_amt", "article", "unreliable", None)] == 240
    assert counts[("perezrosas2018_amt", "article", "reliable", None)] == 240
    assert counts[("perezrosas2018_celebrity", "article", "unreliable", None)] == 250
    assert counts[("perezrosas2018_celebrity", "article", "reliable", None)] == 250
    assert counts[("fakenewsnet_v1", "article", "unreliable", None)] == 211
    assert counts[("fakenewsnet_v1", "article", "reliable", None)] == 211
    assert counts[("semeval2019_hyperpartisan", "article", None, True)] == 238
    assert counts[("semeval2019_hyperpartisan", "article", None, False)] == 407
    assert counts[("sarcasm_headlines", "headline", "satire", None)] == 11724
    assert counts[("sarcasm_headlines", "headline", "reliable", None)] == 14985
    fnc = sum(v for k, v in counts.items() if k[0] == "fakenewscorpus_sample")
    assert fnc == 250
    assert counts[("natalieh2018_multisite", "article", "satire", None)] == 300
    assert counts[("natalieh2018_multisite", "article", "reliable", None)] == 545
    assert counts[("rubin2016_snl_litrl", "article", "satire", None)] == 235
    assert counts[("rubin2016_snl_litrl", "article", "reliable", None)] == 239
    assert counts[("thespoof2021", "article", "satire", None)] == 488  # every 4th of 1,950
    coaid_labels = {k[2] for k in counts if k[0] == "coaid"}
    assert coaid_labels == {"reliable", "unreliable"}
    assert max(coaid_texts.values()) == 1


def test_satire_sets_mask_sites_and_group_conservatively(tmp_path: Path) -> None:
    root = tmp_path / "data" / "articles"
    _jsonl(
        root / "satire_multisite_natalieh2018" / "articles.jsonl",
        [
            {
                "id": "n1",
                "title": "Storm hits the coast",
                "text": "Portland, Maine (CNN) A storm hit the coast on Monday. " + BODY,
                "url": "https://www.cnn.com/2018/06/20/us/storm",
                "site": "cnn.com",
                "site_name": "CNN",
                "label": "reliable",
            },
            {
                "id": "n2",
                "title": "Mayor Declares Tuesday A Second Monday",
                "text": "OAK CITY, KS (The Borowitz Report)—The mayor declared. " + BODY,
                "url": "https://www.newyorker.com/humor/borowitz-report/mayor",
                "site": "newyorker.com/borowitz-report",
                "site_name": "The Borowitz Report (New Yorker)",
                "label": "satire",
            },
        ],
    )
    _jsonl(
        root / "rubin2016_snl_litrl" / "articles.jsonl",
        [
            {"id": "r1", "title": "", "text": BODY, "label": "satire", "subset": "snl360"},
            {"id": "r2", "title": "", "text": BODY + "y", "label": "reliable"},
        ],
    )
    _jsonl(
        root / "thespoof2021_darbycobb" / "articles.jsonl",
        [{"id": "s1", "title": "A", "text": BODY, "url": "https://www.thespoof.com/x"}],
    )
    rows = {r["id"]: r for r in iter_labeled(tmp_path / "data")}
    cnn = rows["natalieh2018_multisite:n1"]
    assert "(CNN)" not in cnn["text"] and cnn["text"].startswith("Portland, Maine A storm")
    assert cnn["site"] == "cnn.com" and cnn["label"] == "reliable"
    borowitz = rows["natalieh2018_multisite:n2"]
    assert "Borowitz" not in borowitz["text"] and borowitz["site"] == "newyorker.com"
    rubin = [r for r in rows.values() if r["dataset"] == "rubin2016_snl_litrl"]
    assert {r["site"] for r in rubin} == {"rubin2016_snl_litrl:unknown"}
    assert all("theonion.com" in r["candidate_sites"] for r in rubin)
    assert rows["thespoof2021:s1"]["site"] == "thespoof.com"
    assert rows["thespoof2021:s1"]["label"] == "satire"
