"""Reasons that mean what they say: no stop word among the wording terms, known-direction
signals on their side, no scores for a text too short to judge, and the sign-constrained fit.

All text here is written for these tests."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from newsift.scores.credibility import (
    DIRECTIONS,
    LEXICAL_SIGNAL,
    MIN_WORDS,
    CredibilityModels,
    Vocabulary,
    fit_linear,
    fit_penalised_logistic,
    is_stop_word,
    terms_with_offsets,
)
from newsift.scores.genre import genre_cues

ARTICLE = (
    "The mayor of the city said on Monday that the new bridge over the river would open in "
    "the spring. It is the first bridge built there in forty years, and the council voted for "
    "it after a long debate. Critics of the plan say that the cost of the project has doubled "
    "and that the old ferry was good enough for the town. The mayor said the city would "
    "publish the accounts of the project by the end of the month."
)


@pytest.fixture(scope="module")
def shipped() -> CredibilityModels:
    return CredibilityModels.load()


def _stop_only(term: str) -> bool:
    return all(is_stop_word(word) for word in term.split())


def test_terms_drop_stop_words_and_stop_word_pairs() -> None:
    terms = [t for t, _, _ in terms_with_offsets("The mayor of the city said it was over.")]
    assert "mayor" in terms and "the mayor" in terms and "city said" in terms
    assert not [t for t in terms if _stop_only(t)]
    assert "of the" in [t for t, _, _ in terms_with_offsets("of the", drop_stop_words=False)]


def test_shipped_vocabularies_hold_no_stop_word_term(shipped) -> None:
    for name, model in shipped.scores.items():
        assert not [t for t in model.vocabulary.terms if _stop_only(t)], name


def test_a_stop_word_never_appears_in_a_wording_reason(shipped) -> None:
    from newsift.core import analyze

    # Mostly stop words, as in the report that cited "the", "the", "of the".
    wordy = (
        "It is what it is, and they said that it was all of the things that we had been told "
        "of the time before. They were there and we were here, but it was not what we thought "
        "it would be, and so we went back to the place where it all began with the mayor. "
    ) * 2
    report = analyze(wordy)
    assert report.scores
    for name, score in report.scores.items():
        for reason in score.content.reasons:
            if reason.signal == LEXICAL_SIGNAL:
                for span in reason.spans:
                    assert not _stop_only(span.text.lower()), (name, span.text)


def test_known_direction_signals_never_argue_against_their_meaning(shipped) -> None:
    """A value above the training mean moves the score only the way the signal means."""
    for name, model in shipped.scores.items():
        assert model.calibration[0] > 0, name
        for feature, sign in DIRECTIONS[name].items():
            if feature not in model.feature_names:
                continue
            j = model.feature_names.index(feature)
            values = dict(zip(model.feature_names, model.means.tolist(), strict=True))
            values[feature] = float(model.means[j] + 2 * model.scales[j])
            reasons = model.explain(values, ARTICLE, {})["reasons"]
            contribution = next((r["contribution"] for r in reasons if r["signal"] == feature), 0.0)
            assert contribution * sign >= 0, (name, feature, contribution)


def test_text_too_short_gets_a_warning_and_no_probabilities() -> None:
    from newsift.core import analyze

    report = analyze("hello")
    assert report.scores == {}
    assert any("too short to score" in w for w in report.warnings)
    short = analyze(" ".join(["The council met."] * max(1, MIN_WORDS // 3 - 1)))
    assert short.scores == {}


def test_constrained_fit_keeps_signs_where_the_unconstrained_fit_flips_one() -> None:
    rng = np.random.default_rng(7)
    n = 3000
    x1 = rng.normal(size=n)
    x2 = x1 + 0.5 * rng.normal(size=n)  # a suppressor: with x1 in the model, x2 turns negative
    x3 = rng.normal(size=n)
    logit = 2.0 * x1 - 1.5 * x2 + 0.8 * x3
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    X = np.column_stack([x1, x2, x3])
    W = csr_matrix((n, 0))
    names = ["a", "hedges", "c"]
    free = fit_linear("unreliable", X, W, y, None, Vocabulary(), names, directions={})
    assert free.coef[1] < -0.5  # the unconstrained fit says "more hedging, less unreliable"
    kept = fit_linear("unreliable", X, W, y, None, Vocabulary(), names)
    assert kept.coef[1] >= 0.0  # hedges: +1 in DIRECTIONS["unreliable"]
    assert kept.coef[0] > 0 and kept.coef[2] > 0


def test_unconstrained_fit_matches_scikit_learn() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    X = rng.normal(size=(500, 6))
    y = (X @ rng.normal(size=6) + rng.normal(size=500) > 0).astype(int)
    w = rng.uniform(0.5, 2.0, size=500)
    reference = LogisticRegression(C=0.5, max_iter=5000, tol=1e-10).fit(X, y, sample_weight=w)
    coef, intercept = fit_penalised_logistic(csr_matrix(X), y, w, C=0.5, tol=1e-10)
    assert np.allclose(coef, reference.coef_[0], atol=1e-4)
    assert intercept == pytest.approx(reference.intercept_[0], abs=1e-4)


def test_genre_cues_find_their_spans() -> None:
    text = (
        "SPRINGFIELD, IL—Saying the decision was long overdue, area man Dale Burke, 52, told "
        "reporters he had finally finished the sandwich. “It was a journey,” Burke said.\n\n"
        "Gus Mertz is a freelance humorist who lives in a lighthouse."
    )
    values, spans = genre_cues(text)
    assert values["satire_dateline"] == 1.0 and values["author_bio"] == 1.0
    assert values["stock_character_quotes"] > 0
    assert text[spans["satire_dateline"][0].start : spans["satire_dateline"][0].end].startswith(
        "SPRINGFIELD, IL"
    )
    news, _ = genre_cues("WASHINGTON (AP) — The Senate voted on Tuesday to fund the agency.")
    assert news["satire_dateline"] == 0.0 and news["author_bio"] == 0.0
