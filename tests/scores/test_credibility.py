"""Credibility scores: metrics, calibration, exact reasons, content/combined separation, CLI.

Models here are trained on a small synthetic corpus written for these tests (two writing
styles over many made-up sites, with label noise), so the tests never need ../shared.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from newsift.article import Article
from newsift.cli import app
from newsift.report import Score
from newsift.scores.credibility import (
    BASELINE_SIGNAL,
    CredibilityComponent,
    CredibilityModels,
    Vocabulary,
    reputation_key,
)
from newsift.scores.training.evaluate import left_right_gap
from newsift.scores.training.features import load_rows, site_groups
from newsift.scores.training.fit import balanced_weights, cross_validate, site_identity_probe, train
from newsift.scores.training.metrics import ece_uncertainty, expected_calibration_error, metrics
from newsift.scores.training.prior import conflicting_sites, fit_prior

CALM = [
    "The city council approved the budget on Tuesday after a public hearing.",
    "Officials said the bridge repairs would cost about 4 million dollars.",
    "According to the transport department, traffic fell by 12 percent last year.",
    "The report, published by the state auditor, found delays in three projects.",
    "A spokesperson for the mayor said the plan would be reviewed in March.",
    "Residents can comment on the proposal until the end of the month.",
]
LOUD = [
    "You will NOT believe what these corrupt politicians are hiding from you!",
    "This is the most shocking scandal ever and they lied to all of us!!",
    "WAKE UP people, the evil elites are destroying everything we love!",
    "The worst traitors in history just got caught and nobody is talking about it!",
    "Share this before they delete it, because the truth is terrifying!",
    "We all know the disgusting liars will never admit the horrible truth!",
]
SATIRE_TITLES = [
    "area man declares war on tuesday",
    "nation's dogs demand raise",
    "local cat elected",
]
NEWS_TITLES = ["council approves budget", "bridge repairs to begin", "senate passes bill"]


def _article(rng: random.Random, loud: bool) -> str:
    # Label noise: a few sentences of the other style, so probabilities are not all 0 or 1.
    main, other = (LOUD, CALM) if loud else (CALM, LOUD)
    sentences = rng.sample(main, 4) + ([rng.choice(other)] if rng.random() < 0.5 else [])
    rng.shuffle(sentences)
    return " ".join(sentences)


def synthetic_records(n: int = 160, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        loud = i % 2 == 1
        flipped = rng.random() < 0.1  # label noise
        label = "unreliable" if loud != flipped else "reliable"
        site = f"site{i % 16}-{'loud' if loud else 'calm'}-test.com"
        satire = i % 8 == 0
        records.append(
            {
                "id": f"syn:{i}",
                "dataset": "synthetic",
                "kind": "article",
                "text": _article(rng, loud),
                "title": rng.choice(SATIRE_TITLES if satire else NEWS_TITLES).title(),
                "url": f"https://{site}/story/{i}",
                "site": site,
                "label": "satire" if satire else label,
                "label_level": "article",
                "hyperpartisan": loud if i % 3 else None,
            }
        )
    for i in range(60):
        satire = i % 2 == 0
        records.append(
            {
                "id": f"head:{i}",
                "dataset": "sarcasm_headlines",
                "kind": "headline",
                "text": "",
                "title": rng.choice(SATIRE_TITLES if satire else NEWS_TITLES),
                "site": "onion-test.com" if satire else "news-test.com",
                "label": "satire" if satire else "reliable",
            }
        )
    return records


def _sigmoid(z: float) -> float:
    return 0.5 * (1 + math.tanh(z / 2))


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[list, Path]:
    folder = tmp_path_factory.mktemp("cred")
    path = _write(folder / "train.jsonl", synthetic_records())
    rows = load_rows(path, use_cache=False, progress=False)
    return rows, folder


@pytest.fixture(scope="module")
def models(synthetic) -> CredibilityModels:
    rows, folder = synthetic
    out = folder / "models"
    train(rows, out)
    return CredibilityModels.load(out)


# --- metrics --------------------------------------------------------------------------------


def test_metrics_on_a_constructed_case() -> None:
    y = [1, 1, 0, 0]
    p = [0.9, 0.4, 0.2, 0.6]
    m = metrics(y, p)
    assert m["accuracy"] == pytest.approx(0.5)
    assert m["macro_f1"] == pytest.approx(0.5)
    assert m["auroc"] == pytest.approx(0.75)  # 3 of the 4 positive/negative pairs ordered
    # ECE with 10 bins: each prediction alone in its bin -> mean |y - p|.
    assert m["ece"] == pytest.approx(np.mean([0.1, 0.6, 0.2, 0.6]))
    assert math.isnan(metrics([1, 1], [0.2, 0.9])["auroc"])


def test_ece_is_zero_when_frequencies_match() -> None:
    y = np.array([1] * 3 + [0] * 7 + [1] * 8 + [0] * 2)
    p = np.array([0.3] * 10 + [0.8] * 10)
    assert expected_calibration_error(y, p) == pytest.approx(0.0)


def test_ece_uncertainty_separates_chance_from_miscalibration() -> None:
    rng = np.random.default_rng(0)
    p = rng.uniform(0.05, 0.95, 600)
    calibrated = (rng.random(600) < p).astype(int)
    spread = ece_uncertainty(calibrated, p, draws=300)
    low, high = spread["interval"]
    assert low <= spread["ece"] <= high
    assert 0.0 < spread["ece"] < spread["calibrated_97_5"] < 0.1
    overconfident = np.clip((p - 0.5) * 3 + 0.5, 0.01, 0.99)  # same ranking, pushed to 0 and 1
    spread = ece_uncertainty(calibrated, overconfident, draws=300)
    assert spread["interval"][0] > spread["calibrated_97_5"]


def test_site_identity_probe_knows_nothing_about_unseen_sites() -> None:
    p = site_identity_probe(["a", "a", "b"], np.array([1, 1, 0]), ["a", "c"])
    assert p[0] > 0.7
    assert p[1] == pytest.approx(2 / 3)  # the base rate


def test_groups_merge_shared_texts_candidates_and_pairs(synthetic) -> None:
    rows, _ = synthetic
    base = rows[0]
    a = replace(base, site="x-test.com", fingerprint="same", group=None, candidate_sites=None)
    b = replace(base, site="y-test.com", fingerprint="same", group=None, candidate_sites=None)
    c = replace(
        base, site="z-test.com", fingerprint=None, group=None, candidate_sites=["x-test.com"]
    )
    d = replace(base, site="u-test.com", fingerprint=None, group="pair-1", candidate_sites=None)
    e = replace(base, site="v-test.com", fingerprint=None, group="pair-1", candidate_sites=None)
    f = replace(base, site="w-test.com", fingerprint=None, group=None, candidate_sites=None)
    groups = site_groups([a, b, c, d, e, f])
    assert groups[0] == groups[1] == groups[2]
    assert groups[3] == groups[4] != groups[0]
    assert len(set(groups)) == 3


def test_balanced_weights_equalise_classes_per_dataset(synthetic) -> None:
    rows, _ = synthetic
    arts = [r for r in rows if r.kind == "article"][:100]
    y = np.array([1] * 30 + [0] * 70)
    w = balanced_weights(arts, y)
    assert w[y == 1].sum() == pytest.approx(w[y == 0].sum())
    # A class of a handful of rows is not blown up to the weight of hundreds.
    y_rare = np.array([1] * 5 + [0] * 95)
    w_rare = balanced_weights(arts, y_rare)
    assert w_rare[y_rare == 1].sum() < 0.5 * w_rare[y_rare == 0].sum()


# --- the trained models ----------------------------------------------------------------------


def _scored_article(text: str, title: str | None = None, reputation: dict | None = None):
    from newsift.core import analyze  # noqa: F401  (registers components)
    from newsift.pipeline import Pipeline

    article = Article(raw=text)
    article.title = title
    Pipeline.from_names(["clean", "language", "nlp"])(article)
    article.source_reputation = reputation
    return article


def test_reasons_sum_exactly_to_the_calibrated_log_odds(models) -> None:
    article = _scored_article(" ".join(LOUD[:4]), "Shocking Truth!")
    scored = models.score(article)
    for name, score in scored.items():
        content = score["content"]
        total = sum(r["contribution"] for r in content["reasons"])
        p = content["probability"]
        assert _sigmoid(total) == pytest.approx(p, abs=1e-12), name
        assert any(r["signal"] == BASELINE_SIGNAL for r in content["reasons"])
        for reason in content["reasons"]:
            for span in reason["spans"]:
                assert 0 <= span.start < span.end <= len(article.text)


def test_reasons_match_the_vectorised_model(models) -> None:
    """The explained probability equals the model applied to the feature matrix."""
    article = _scored_article(" ".join(CALM[:4]), "Council approves budget")
    values, spans = models.feature_values(article)
    model = models.scores["unreliable"]
    x = np.array([[values[n] for n in model.feature_names]])
    W = model.vocabulary.transform([article.text])
    explained = model.explain(values, article.text, spans)["probability"]
    assert explained == pytest.approx(float(model.probability(x, W)[0]), abs=1e-9)


def test_loud_text_scores_higher_than_calm_text(models) -> None:
    loud = models.score(_scored_article(" ".join(LOUD[:5])))["unreliable"]["content"]
    calm = models.score(_scored_article(" ".join(CALM[:5])))["unreliable"]["content"]
    assert loud["probability"] > calm["probability"]
    signals = [r["signal"] for r in loud["reasons"][:6]]
    assert any(s in signals for s in ("exclamations", "wording", "loaded_words", "second_person"))


def test_calibration_on_held_out_synthetic_data(models, tmp_path: Path) -> None:
    held_out = _write(tmp_path / "held.jsonl", synthetic_records(n=120, seed=99))
    rows = [r for r in load_rows(held_out, use_cache=False, progress=False) if r.kind == "article"]
    from newsift.scores.training.fit import style_matrix

    model = models.scores["unreliable"]
    keep = [r for r in rows if r.target("unreliable") is not None]
    X = style_matrix(keep)
    p = model.probability(X, model.vocabulary.transform(r.text for r in keep))
    y = np.array([r.target("unreliable") for r in keep])
    assert expected_calibration_error(y, p) < 0.15
    assert metrics(y, p)["accuracy"] > 0.8


def test_calibrator_is_monotone(models) -> None:
    for model in models.scores.values():
        a, _ = model.calibration
        assert a > 0  # Platt slope: a higher raw score never lowers the probability
        z = np.linspace(-5, 5, 50)
        p = 1 / (1 + np.exp(-(a * z + model.calibration[1])))
        assert np.all(np.diff(p) > 0)


def _reputation(factuality: str, categories=()) -> dict:
    return {
        "domain": "somewhere-test.com",
        "status": "rated",
        "ratings": [],
        "consensus": {"factuality": factuality, "categories": list(categories), "agreement": {}},
    }


def test_content_ignores_the_site_rating_and_combined_follows_it(models) -> None:
    models.priors = {"unreliable": {"reliable": -1.5, "unreliable": 2.0, "mixed": 0.3}}
    text = " ".join(LOUD[:2] + CALM[:2])
    bad = models.score(_scored_article(text, reputation=_reputation("unreliable")))["unreliable"]
    good = models.score(_scored_article(text, reputation=_reputation("reliable")))["unreliable"]
    none = models.score(_scored_article(text))["unreliable"]
    assert bad["content"]["probability"] == pytest.approx(good["content"]["probability"])
    assert bad["content"]["probability"] == pytest.approx(none["content"]["probability"])
    assert none["combined"] is None and none["dominant"] == "content"
    assert bad["combined"]["probability"] > bad["content"]["probability"]
    assert good["combined"]["probability"] < good["content"]["probability"]
    total = sum(r["contribution"] for r in bad["combined"]["reasons"])
    assert _sigmoid(total) == pytest.approx(bad["combined"]["probability"], abs=1e-12)


def test_reputation_keys() -> None:
    assert reputation_key(None, "unreliable") is None
    assert reputation_key({"status": "unrated", "consensus": {}}, "unreliable") is None
    assert reputation_key(_reputation("mixed"), "unreliable") == "mixed"
    assert reputation_key(_reputation("unreliable", ["satire"]), "satire") == "satire"
    assert reputation_key(_reputation("unrated"), "unreliable") is None


def test_prior_points_the_right_way() -> None:
    rng = np.random.default_rng(0)
    keys = ["unreliable"] * 100 + ["reliable"] * 100
    y = np.array(
        [int(rng.random() < 0.8) for _ in range(100)]
        + [int(rng.random() < 0.2) for _ in range(100)]
    )
    prior = fit_prior(np.zeros(200), y, keys)
    assert prior["unreliable"] > 0 > prior["reliable"]


def _rated_sites(big_site_articles: int):
    """20 'unreliable'-rated sites of 10 articles, 8 of them unreliable, plus one
    'unreliable'-rated site whose many articles are all labelled reliable; 20 'reliable'-rated
    sites of 10 articles, 1 of them unreliable."""
    keys, y, sites = [], [], []
    for s in range(20):
        for a in range(10):
            keys.append("unreliable"), y.append(int(a < 8)), sites.append(f"bad{s}")
            keys.append("reliable"), y.append(int(a < 1)), sites.append(f"good{s}")
    keys += ["unreliable"] * big_site_articles
    y += [0] * big_site_articles
    sites += ["big"] * big_site_articles
    return keys, np.array(y), sites


def test_one_big_site_does_not_set_the_prior_of_every_site_rated_as_it_is() -> None:
    keys, y, sites = _rated_sites(600)
    per_article = fit_prior(np.zeros(len(y)), y, keys)
    per_site = fit_prior(np.zeros(len(y)), y, keys, sites)
    # Pooled by article, 600 reliable articles of one site outweigh 20 sites' evidence.
    assert per_article["unreliable"] < 0
    assert per_site["unreliable"] > 0.5 and per_site["reliable"] < -1.0


def test_conflicting_sites_are_named() -> None:
    keys, y, sites = _rated_sites(60)
    prior = fit_prior(np.zeros(len(y)), y, keys, sites)
    conflicts = conflicting_sites(sites, keys, y, prior)
    assert set(conflicts) == {"big"}
    assert conflicts["big"]["articles"] == 60 and conflicts["big"]["rating"] == "unreliable"


def _lean_case(per_dataset: dict[str, tuple[str, int, float]]):
    """Rows of high-factuality outlets: dataset -> (lean, articles, share scored >= 0.5)."""
    from newsift.scores.training.features import Row
    from newsift.scores.training.fit import CVResult

    rows, probs, baly = [], [], {}
    for dataset, cells in per_dataset.items():
        for lean, n, share in cells:
            site = f"{lean}.{dataset}.example"
            baly[site] = ("high", lean)
            for i in range(n):
                rows.append(
                    Row(
                        id=f"{site}/{i}",
                        dataset=dataset,
                        kind="article",
                        site=site,
                        group=None,
                        candidate_sites=None,
                        label="reliable",
                        hyperpartisan=None,
                        label_level="article",
                        title=None,
                        text="text",
                    )
                )
                probs.append(0.9 if i < round(share * n) else 0.1)
    empty = np.zeros(0)
    result = CVResult(
        split="site",
        target="unreliable",
        ids=[],
        datasets=[],
        sites=[],
        y=empty,
        model=empty,
        site_probe=empty,
        length_probe=empty,
        words=empty,
        label_level=[],
        all_ids=[r.id for r in rows],
        all_prob=np.array(probs),
    )
    return result, rows, baly


def test_left_right_gap_separates_dataset_mix_from_lean() -> None:
    # Within each dataset both leans are misjudged equally often, but the right-leaning
    # articles come mostly from the harder dataset: the pooled gap is large, the matched one 0.
    result, rows, baly = _lean_case(
        {
            "clean": [("left", 200, 0.05), ("right", 20, 0.05)],
            "scraped": [("left", 20, 0.40), ("right", 200, 0.40)],
        }
    )
    gap = left_right_gap(result, rows, baly)
    assert gap["gap_right_minus_left"] > 0.25
    assert gap["dataset_matched_gap_right_minus_left"] == pytest.approx(0.0, abs=1e-9)
    low, high = gap["dataset_matched_gap_interval"]
    assert low < 0 < high
    assert gap["by_dataset"]["scraped"]["right"]["error_rate"] == pytest.approx(0.40)
    # A real difference within a dataset is not averaged away.
    result, rows, baly = _lean_case({"clean": [("left", 300, 0.05), ("right", 300, 0.35)]})
    gap = left_right_gap(result, rows, baly)
    assert gap["dataset_matched_gap_right_minus_left"] == pytest.approx(0.30)
    assert gap["dataset_matched_gap_interval"][0] > 0.05


def test_component_output_validates_as_report_scores(models) -> None:
    component = CredibilityComponent(models)
    article = _scored_article(" ".join(LOUD[:3] + CALM[:2]), "Shocking!")
    component(article)
    assert set(article.scores) == {"unreliable", "satire", "hyperpartisan"}
    for name, score in article.scores.items():
        parsed = Score.model_validate(score)
        total = sum(r.contribution for r in parsed.content.reasons)
        assert _sigmoid(total) == pytest.approx(parsed.content.probability, abs=1e-9), name
    component(article)  # idempotent
    assert set(article.scores) == {"unreliable", "satire", "hyperpartisan"}


def test_missing_analyzers_take_neutral_values(models) -> None:
    """Hedging/claims groups absent -> the training mean -> zero contribution."""
    article = _scored_article(" ".join(CALM[:4]))
    assert "hedges" not in article.spans
    reasons = models.score(article)["unreliable"]["content"]["reasons"]
    assert not any(r["signal"] in ("hedges", "attributed_claims") for r in reasons)


def test_vocabulary_needs_several_sites() -> None:
    docs = ["alpha beta gamma", "alpha beta delta", "alpha beta", "zeta zeta"]
    vocab = Vocabulary.fit(docs, ["s1", "s2", "s3", "s1"], min_sites=3, min_df=1)
    assert "alpha" in vocab.terms and "alpha beta" in vocab.terms
    assert "zeta" not in vocab.terms  # one site only: could be a site's boilerplate


def test_site_grouped_cv_beats_probes_on_synthetic(synthetic) -> None:
    rows, _ = synthetic
    result = cross_validate(rows, targets=["unreliable"], progress=False)["unreliable"]
    assert metrics(result.y, result.model)["auroc"] > 0.85
    # Unseen sites: the site-identity probe can only say each fold's training base rate.
    for k in set(result.folds.tolist()):
        assert np.ptp(result.site_probe[result.folds == k]) == pytest.approx(0.0)
    random_split = cross_validate(rows, random=True, targets=["unreliable"], progress=False)
    probe = random_split["unreliable"].site_probe
    assert np.ptp(probe) > 0.3  # on a random split the probe does know the sites


# --- CLI --------------------------------------------------------------------------------------


def test_cli_evaluate_fails_cleanly_on_missing_and_malformed_files(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["evaluate", "credibility", "--data", str(tmp_path / "no.jsonl")])
    assert missing.exit_code != 0 and "Traceback" not in missing.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "credibility", "--data", str(bad)])
    assert result.exit_code == 2
    assert "not valid JSON" in result.output and "Traceback" not in result.output


def test_shipped_models_load_score_and_are_calibrated_monotonically() -> None:
    shipped = CredibilityModels.load()
    assert set(shipped.scores) == {"unreliable", "satire", "hyperpartisan"}
    for model in shipped.scores.values():
        assert model.calibration[0] > 0
        assert len(model.vocabulary.terms) == len(model.word_coef) == len(model.vocabulary.idf)
    loud = shipped.score(_scored_article(" ".join(LOUD)))["unreliable"]["content"]["probability"]
    calm = shipped.score(_scored_article(" ".join(CALM)))["unreliable"]["content"]["probability"]
    assert loud > 0.5 > calm
