"""Calibrated article scores (unreliable, satire, hyperpartisan), each with exact reasons.

Each score is a logistic regression on two blocks, both read from the cleaned text only:
the interpretable style features of ``style.py`` (standardised) and the article's words
(TF-IDF over words and word pairs that occur on several different sites, so no site's
boilerplate or bylines can become a feature). The satire model adds one more signal, the
log-odds of a headline model trained on The Onion vs HuffPost headlines. A linear model makes
the reasons exact: the calibrated log-odds is the baseline plus the sum of the reasons'
contributions, each one ``weight * (value - training mean)`` scaled by the Platt calibration
fitted on held-out folds (``calibration`` in the artifact).

``content`` comes from the text alone; ``combined`` adds the site's reputation prior (from
the ``source_reputation`` component, when the site is rated) as a log-likelihood ratio per
consensus label, estimated on articles whose labels are their own (not their site's).
Satire has its own model, never merged into unreliable.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsift.article import Article, Span
from newsift.errors import ModelError
from newsift.pipeline import factory
from newsift.scores.genre import GENRE_EXPLANATIONS, GENRE_NAMES, genre_cues
from newsift.scores.style import EXPLANATIONS, FEATURE_NAMES, extract

TARGETS = ("unreliable", "satire", "hyperpartisan")
HEADLINE_FEATURE = "headline_satire"
LEXICAL_SIGNAL = "wording"
BASELINE_SIGNAL = "baseline"
SOURCE_SIGNAL = "source_reputation"
ARTIFACT_VERSION = 1
MODEL_DIR = "models/credibility"

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’](?=[^\W\d_]))*", re.UNICODE)


# --- words ------------------------------------------------------------------------------


def tokens_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens (letters and inner apostrophes; no numbers: dates and IDs are
    how a model memorises a site's archive) with their character offsets."""
    return [
        (m.group().lower().replace("’", "'"), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


#: Contraction stems and stray letters that the stop list spells differently.
_EXTRA_STOP = frozenset(
    [
        "don",
        "didn",
        "doesn",
        "isn",
        "wasn",
        "weren",
        "aren",
        "haven",
        "hasn",
        "hadn",
        "couldn",
        "wouldn",
        "shouldn",
        "won",
        "ain",
        "let",
        "ll",
        "ve",
        "re",
        "s",
        "t",
        "d",
        "m",
    ]
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """scikit-learn's English stop list (318 words) plus contraction stems."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _EXTRA_STOP


def is_stop_word(token: str) -> bool:
    words = stop_words()
    return len(token) < 2 or token in words or token.split("'")[0] in words


def terms_with_offsets(text: str, drop_stop_words: bool = True) -> list[tuple[str, int, int]]:
    """Words and word pairs with their offsets. Stop words are no terms, and a pair is a term
    only when one of its words is not a stop word ("of the" is none, "the senate" is one), so
    the words a reason shows are the words the model used."""
    return list(_terms(text, drop_stop_words))


@lru_cache(maxsize=4)
def _terms(text: str, drop_stop_words: bool) -> tuple[tuple[str, int, int], ...]:
    """Each of the three scores reads the same text's terms, some twice: found once."""
    toks = tokens_with_offsets(text)
    if not drop_stop_words:
        pairs = [(f"{a[0]} {b[0]}", a[1], b[2]) for a, b in itertools.pairwise(toks)]
        return tuple(toks + pairs)
    stop = [is_stop_word(t) for t, _, _ in toks]
    words = [t for t, s in zip(toks, stop, strict=True) if not s]
    pairs = [
        (f"{a[0]} {b[0]}", a[1], b[2])
        for (a, sa), (b, sb) in itertools.pairwise(zip(toks, stop, strict=True))
        if not (sa and sb)
    ]
    return tuple(words + pairs)


@dataclass
class Vocabulary:
    """TF-IDF (sublinear tf, l2-normalised) over words and word pairs.

    ``fit`` keeps only terms that occur on at least ``min_sites`` different sites (and in at
    least ``min_df`` documents), then the ``max_terms`` most frequent of those.
    """

    terms: list[str] = field(default_factory=list)
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def index(self) -> dict[str, int]:
        cached = getattr(self, "_index", None)
        if cached is None or len(cached) != len(self.terms):
            cached = {t: i for i, t in enumerate(self.terms)}
            self._index = cached
        return cached

    @classmethod
    def fit(
        cls,
        docs: Sequence[str],
        sites: Sequence[str],
        *,
        min_sites: int = 3,
        min_df: int = 3,
        max_terms: int = 20000,
    ) -> Vocabulary:
        df: dict[str, int] = {}
        term_sites: dict[str, set[str]] = {}
        for doc, site in zip(docs, sites, strict=True):
            for term in {t for t, _, _ in terms_with_offsets(doc)}:
                df[term] = df.get(term, 0) + 1
                seen = term_sites.setdefault(term, set())
                if len(seen) < min_sites:
                    seen.add(site)
        kept = [t for t, n in df.items() if n >= min_df and len(term_sites[t]) >= min_sites]
        kept.sort(key=lambda t: (-df[t], t))
        kept = sorted(kept[:max_terms])
        n = len(docs)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept])
        return cls(terms=kept, idf=idf)

    @classmethod
    def from_counts(
        cls,
        counts,
        terms: Sequence[str],
        groups: Sequence[str],
        *,
        min_sites: int = 3,
        min_df: int = 3,
        max_terms: int = 20000,
    ) -> tuple[Vocabulary, np.ndarray]:
        """``fit`` on a precomputed document-term count matrix (same result, much faster when
        many folds are fitted); also returns the kept columns of ``counts``."""
        from scipy.sparse import csr_matrix

        present = (counts > 0).astype(np.float64)
        df = np.asarray(present.sum(axis=0)).ravel()
        names, inverse = np.unique(np.asarray(groups), return_inverse=True)
        membership = csr_matrix(
            (np.ones(len(inverse)), (inverse, np.arange(len(inverse)))),
            shape=(len(names), len(inverse)),
        )
        sites = np.asarray(((membership @ present) > 0).sum(axis=0)).ravel()
        ok = np.flatnonzero((df >= min_df) & (sites >= min_sites))
        order = sorted(ok.tolist(), key=lambda j: (-df[j], terms[j]))[:max_terms]
        columns = np.array(sorted(order, key=lambda j: terms[j]), dtype=np.int64)
        n = counts.shape[0]
        idf = np.log((1 + n) / (1 + df[columns])) + 1.0
        return cls(terms=[terms[j] for j in columns], idf=idf), columns

    def from_count_matrix(self, counts):
        """TF-IDF rows from counts already restricted to this vocabulary's columns."""
        from sklearn.preprocessing import normalize

        X = counts.astype(np.float64).tocsr(copy=True)
        X.data = 1.0 + np.log(X.data)
        X = X.multiply(self.idf[None, :]).tocsr()
        return normalize(X, norm="l2", copy=False)

    def counts(self, text: str) -> dict[int, int]:
        index = self.index
        counts: dict[int, int] = {}
        for term, _, _ in terms_with_offsets(text):
            j = index.get(term)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        return counts

    def weights(self, text: str) -> dict[int, float]:
        counts = self.counts(text)
        if not counts:
            return {}
        raw = {j: (1.0 + math.log(c)) * self.idf[j] for j, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in raw.values()))
        return {j: v / norm for j, v in raw.items()}

    def transform(self, texts: Iterable[str]):
        from scipy.sparse import csr_matrix

        indptr, indices, data = [0], [], []
        for text in texts:
            for j, v in sorted(self.weights(text).items()):
                indices.append(j)
                data.append(v)
            indptr.append(len(indices))
        return csr_matrix(
            (np.array(data, dtype=np.float64), np.array(indices, dtype=np.int64), indptr),
            shape=(len(indptr) - 1, len(self.terms)),
        )


# --- one linear model -------------------------------------------------------------------


@dataclass
class LinearScore:
    """Logistic regression over standardised named features plus a word block."""

    name: str
    feature_names: list[str]
    means: np.ndarray
    scales: np.ndarray
    coef: np.ndarray
    intercept: float
    vocabulary: Vocabulary
    word_coef: np.ndarray
    word_mean: float  # mean word-block contribution on the training data
    calibration: tuple[float, float] = (1.0, 0.0)  # Platt: a * z + b
    meta: dict[str, Any] = field(default_factory=dict)

    def standardize(self, X: np.ndarray) -> np.ndarray:
        X = np.where(np.isnan(X), self.means, X)
        return (X - self.means) / self.scales

    def raw_logit(self, X: np.ndarray, W) -> np.ndarray:
        return self.intercept + self.standardize(X) @ self.coef + W @ self.word_coef

    def logit(self, X: np.ndarray, W) -> np.ndarray:
        a, b = self.calibration
        return a * self.raw_logit(X, W) + b

    def probability(self, X: np.ndarray, W) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.logit(X, W)))

    def explain(
        self, values: dict[str, float], text: str, spans: dict[str, list[Span]]
    ) -> dict[str, Any]:
        """Probability and reasons whose contributions sum exactly to the calibrated log-odds."""
        a, b = self.calibration
        x = np.array([values.get(n, math.nan) for n in self.feature_names], dtype=float)
        z = self.standardize(x[None, :])[0] * self.coef
        weights = self.vocabulary.weights(text)
        per_term = {j: w * self.word_coef[j] for j, w in weights.items()}
        word_total = sum(per_term.values()) - self.word_mean
        baseline = self.intercept + self.word_mean
        reasons = [
            {
                "signal": name,
                "contribution": float(a * c),
                "spans": spans.get(name, []),
                "value": None if math.isnan(x[i]) else float(x[i]),
            }
            for i, (name, c) in enumerate(zip(self.feature_names, z, strict=True))
            if c != 0.0
        ]
        reasons.append(
            {
                "signal": LEXICAL_SIGNAL,
                "contribution": float(a * word_total),
                "spans": _term_spans(text, self.vocabulary, per_term, word_total),
                "value": None,
            }
        )
        reasons.append(
            {"signal": BASELINE_SIGNAL, "contribution": float(a * baseline + b), "spans": []}
        )
        logit = sum(r["contribution"] for r in reasons)
        reasons.sort(key=lambda r: -abs(r["contribution"]))
        return {"probability": _sigmoid(logit), "logit": logit, "reasons": reasons}

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": ARTIFACT_VERSION,
            "features": self.feature_names,
            "means": _round(self.means),
            "scales": _round(self.scales),
            "coef": _round(self.coef),
            "intercept": round(float(self.intercept), 8),
            "word_mean": round(float(self.word_mean), 8),
            "calibration": [round(float(v), 8) for v in self.calibration],
            "terms": self.vocabulary.terms,
            "idf": _round(self.vocabulary.idf),
            "word_coef": _round(self.word_coef),
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearScore:
        return cls(
            name=data["name"],
            feature_names=list(data["features"]),
            means=np.array(data["means"], dtype=float),
            scales=np.array(data["scales"], dtype=float),
            coef=np.array(data["coef"], dtype=float),
            intercept=float(data["intercept"]),
            vocabulary=Vocabulary(list(data["terms"]), np.array(data["idf"], dtype=float)),
            word_coef=np.array(data["word_coef"], dtype=float),
            word_mean=float(data["word_mean"]),
            calibration=tuple(data["calibration"]),  # type: ignore[arg-type]
            meta=data.get("meta", {}),
        )


def _round(array: np.ndarray, digits: int = 6) -> list[float]:
    return [round(float(v), digits) for v in np.asarray(array)]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _term_spans(
    text: str, vocabulary: Vocabulary, per_term: dict[int, float], total: float, top: int = 8
) -> list[Span]:
    """Where the words that push the score the way the word block does are."""
    sign = 1.0 if total >= 0 else -1.0
    best = sorted(
        (j for j, c in per_term.items() if c * sign > 0), key=lambda j: -abs(per_term[j])
    )[:top]
    wanted = {vocabulary.terms[j] for j in best}
    spans = [
        Span(start, end, LEXICAL_SIGNAL, attrs={"term": term})
        for term, start, end in terms_with_offsets(text)
        if term in wanted
    ]
    return sorted(spans, key=lambda s: s.start)


#: Signals whose direction is known, per score: +1 may only raise the score when the value is
#: above the training mean, -1 may only lower it. The fit keeps these coefficients on their
#: side (a bound in L-BFGS-B); every other coefficient is free. ``hedge_then_certainty`` is
#: not a model input: it is an article signal reported beside the scores (docs/claims.md).
DIRECTIONS: dict[str, dict[str, int]] = {
    "unreliable": {
        "hedges": 1,
        "evidence_promised": 1,
        "unverifiable_sourcing": 1,
        "anonymous_sources": 1,
        "attributed_claims": -1,  # the more claims rest on a source, the fewer unattributed
    },
    "hyperpartisan": {
        "hedges": 1,
        "evidence_promised": 1,
        "unverifiable_sourcing": 1,
        "anonymous_sources": 1,
        "attributed_claims": -1,
    },
    "satire": {
        "satire_cues": 1,
        "satire_dateline": 1,
        "author_bio": 1,
        "stock_character_quotes": 1,
        "closing_quote": 1,
        HEADLINE_FEATURE: 1,
    },
}


def fit_penalised_logistic(
    design,
    y: np.ndarray,
    sample_weight: np.ndarray | None,
    *,
    C: float = 1.0,
    signs: np.ndarray | None = None,
    tol: float = 1e-4,
) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression, the loss of scikit-learn's ``LogisticRegression``
    (``C * sum_i w_i log(1 + exp(-y_i z_i)) + ||coef||^2 / 2``, intercept free), fitted by
    L-BFGS-B so that coefficients with a sign in ``signs`` (+1: >= 0, -1: <= 0, 0: free) stay
    on their side. Without signs it finds the same optimum as scikit-learn."""
    from scipy.optimize import minimize
    from scipy.special import expit

    n, p = design.shape
    weights = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    # scikit-learn's scaling: the objective divided by C * sum of weights (the same optimum),
    # so its tolerance means the same here.
    total = weights.sum()
    weights = weights / total
    penalty = 1.0 / (C * total)
    ys = 2.0 * np.asarray(y, float) - 1.0
    design = design.tocsr() if hasattr(design, "tocsr") else np.asarray(design)
    transposed = design.T.tocsr() if hasattr(design, "tocsr") else design.T

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:p], theta[p]
        margin = ys * (np.asarray(design @ w).ravel() + b)
        loss = float(np.sum(weights * np.logaddexp(0.0, -margin))) + 0.5 * penalty * float(w @ w)
        dz = -weights * ys * expit(-margin)
        grad = np.empty(p + 1)
        grad[:p] = np.asarray(transposed @ dz).ravel() + penalty * w
        grad[p] = dz.sum()
        return loss, grad

    bounds: list[tuple[float | None, float | None]] = [(None, None)] * (p + 1)
    if signs is not None:
        for j, sign in enumerate(signs):
            if sign > 0:
                bounds[j] = (0.0, None)
            elif sign < 0:
                bounds[j] = (None, 0.0)
    result = minimize(
        objective,
        np.zeros(p + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 5000, "gtol": tol, "ftol": 64 * np.finfo(float).eps, "maxls": 50},
    )
    return result.x[:p], float(result.x[p])


def fit_linear(
    name: str,
    X: np.ndarray,
    W,
    y: np.ndarray,
    sample_weight: np.ndarray | None,
    vocabulary: Vocabulary,
    feature_names: list[str],
    *,
    C: float = 1.0,
    word_scale: float = 1.0,
    directions: dict[str, int] | None = None,
) -> LinearScore:
    """Fit the regression; ``word_scale`` weights the word block against the named features
    (an L2 penalty on both, so the scale sets how much the words may say). ``directions``
    (default: ``DIRECTIONS[name]``) keeps known-direction signals on their side."""
    from scipy.sparse import csr_matrix, hstack

    present = ~np.isnan(X)
    counts = present.sum(axis=0)
    sums = np.where(present, X, 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros(X.shape[1]), where=counts > 0)
    Xf = np.where(np.isnan(X), means, X)
    scales = Xf.std(axis=0)
    scales = np.where(scales > 1e-9, scales, 1.0)
    Z = (Xf - means) / scales
    design = hstack([csr_matrix(Z), W * word_scale]).tocsr()
    directions = DIRECTIONS.get(name, {}) if directions is None else directions
    signs = np.zeros(design.shape[1])
    for j, feature in enumerate(feature_names):
        signs[j] = directions.get(feature, 0)
    weights, intercept = fit_penalised_logistic(design, y, sample_weight, C=C, signs=signs)
    k = Z.shape[1]
    coef = weights[:k]
    word_coef = weights[k:] * word_scale
    word_contrib = np.asarray(W @ word_coef).ravel()
    return LinearScore(
        name=name,
        feature_names=list(feature_names),
        means=means,
        scales=scales,
        coef=coef,
        intercept=intercept,
        vocabulary=vocabulary,
        word_coef=word_coef,
        word_mean=float(word_contrib.mean()) if len(word_contrib) else 0.0,
    )


def fit_platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling on held-out log-odds: keeps the reasons exact (a linear map)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1e6, max_iter=1000)
    model.fit(np.asarray(logits).reshape(-1, 1), y)
    return float(model.coef_[0][0]), float(model.intercept_[0])


# --- the headline model (satire) --------------------------------------------------------


@dataclass
class HeadlineModel:
    """Satire vs news from the headline alone (The Onion vs HuffPost headlines)."""

    vocabulary: Vocabulary
    coef: np.ndarray
    intercept: float

    @classmethod
    def fit(cls, titles: Sequence[str], y: np.ndarray, sites: Sequence[str], C: float = 1.0):
        from sklearn.linear_model import LogisticRegression

        vocabulary = Vocabulary.fit(titles, sites, min_sites=1, min_df=3, max_terms=20000)
        W = vocabulary.transform(titles)
        model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
        model.fit(W, y)
        return cls(vocabulary, model.coef_[0], float(model.intercept_[0]))

    def logit(self, title: str | None) -> float:
        if not title or not title.strip():
            return math.nan
        weights = self.vocabulary.weights(title)
        if not weights:
            return math.nan
        return self.intercept + sum(w * self.coef[j] for j, w in weights.items())

    def to_json(self) -> dict[str, Any]:
        return {
            "terms": self.vocabulary.terms,
            "idf": _round(self.vocabulary.idf),
            "coef": _round(self.coef),
            "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HeadlineModel:
        return cls(
            Vocabulary(list(data["terms"]), np.array(data["idf"], dtype=float)),
            np.array(data["coef"], dtype=float),
            float(data["intercept"]),
        )


# --- the source prior (combined score) --------------------------------------------------


def reputation_key(reputation: dict[str, Any] | None, target: str) -> str | None:
    """The consensus cell of the site's reputation that the prior for ``target`` reads."""
    if not reputation or reputation.get("status") != "rated":
        return None
    consensus = reputation.get("consensus") or {}
    categories = set(consensus.get("categories") or [])
    if target == "satire":
        return "satire" if "satire" in categories else "not_satire"
    if target == "hyperpartisan":
        return "hyperpartisan" if categories & {"hyperpartisan", "propaganda"} else "not_listed"
    factuality = consensus.get("factuality") or "unrated"
    return None if factuality == "unrated" else factuality


def combine(content_logit: float, prior: dict[str, float], key: str | None):
    """Bayesian update: content log-odds plus the site's log-likelihood ratio."""
    if key is None or key not in prior:
        return None
    return content_logit + prior[key], prior[key]


# --- the shipped artifact ---------------------------------------------------------------


@dataclass
class CredibilityModels:
    scores: dict[str, LinearScore]
    headline: HeadlineModel | None
    priors: dict[str, dict[str, float]]

    def feature_values(self, article: Article, with_spans: bool = True):
        style = extract(article, with_spans=with_spans)
        values = dict(style.values)
        genre, genre_spans = genre_cues(article.text, article.title)
        values.update(genre)
        style.spans.update(genre_spans)
        if self.headline is not None:
            values[HEADLINE_FEATURE] = self.headline.logit(article.title)
        return values, style.spans

    def score(self, article: Article) -> dict[str, dict[str, Any]]:
        values, spans = self.feature_values(article)
        out: dict[str, dict[str, Any]] = {}
        for name, model in self.scores.items():
            content = model.explain(values, article.text, spans)
            combined = None
            dominant = "content"
            key = reputation_key(article.source_reputation, name)
            update = combine(content["logit"], self.priors.get(name, {}), key)
            if update is not None:
                logit, prior = update
                reasons = [*content["reasons"]]
                reasons.append(
                    {"signal": f"{SOURCE_SIGNAL}:{key}", "contribution": prior, "spans": []}
                )
                reasons.sort(key=lambda r: -abs(r["contribution"]))
                combined = {"probability": _sigmoid(logit), "reasons": reasons}
                content_part = content["logit"] - _baseline(content["reasons"])
                dominant = "source" if abs(prior) > abs(content_part) else "content"
            out[name] = {
                "content": {"probability": content["probability"], "reasons": content["reasons"]},
                "combined": combined,
                "dominant": dominant,
            }
        return out

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name, model in self.scores.items():
            _write_json(folder / f"{name}.json", model.to_json())
        if self.headline is not None:
            _write_json(folder / "headline.json", self.headline.to_json())
        _write_json(folder / "priors.json", self.priors)

    @classmethod
    def load(cls, folder: Path | None = None) -> CredibilityModels:
        base = folder or Path(str(resources.files("newsift") / MODEL_DIR))
        try:
            scores = {
                name: LinearScore.from_json(json.loads((base / f"{name}.json").read_text()))
                for name in TARGETS
            }
            headline_path = base / "headline.json"
            headline = (
                HeadlineModel.from_json(json.loads(headline_path.read_text()))
                if headline_path.exists()
                else None
            )
            priors_path = base / "priors.json"
            priors = json.loads(priors_path.read_text()) if priors_path.exists() else {}
            priors = {k: v for k, v in priors.items() if isinstance(v, dict)}
        except (OSError, ValueError, KeyError) as err:
            raise ModelError(
                f"the credibility models in {base} are missing or unreadable ({err});"
                " reinstall newsift or run `newsift train credibility`"
            ) from None
        return cls(scores, headline, priors)


def _baseline(reasons: list[dict[str, Any]]) -> float:
    return sum(r["contribution"] for r in reasons if r["signal"] == BASELINE_SIGNAL)


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")


# --- the pipeline component -------------------------------------------------------------


def _report_reasons(reasons: list[dict[str, Any]], text: str, limit: int = 12):
    """Reasons in the report's shape: the strongest signals first, the rest summed into one
    ``other signals`` reason, the baseline last, so the contributions still add up exactly."""
    keep = [r for r in reasons if r["signal"] == BASELINE_SIGNAL]
    rest = [r for r in reasons if r["signal"] != BASELINE_SIGNAL]
    shown, tail = rest[:limit], rest[limit:]
    out = []
    for r in shown + keep:
        out.append(
            {
                "signal": r["signal"],
                "contribution": r["contribution"],
                "explanation": signal_explanation(r["signal"]),
                "spans": [
                    {"start": s.start, "end": s.end, "text": text[s.start : s.end]}
                    for s in r.get("spans", [])[:20]
                ],
            }
        )
    if tail:
        out.insert(
            len(shown),
            {
                "signal": "other signals",
                "explanation": signal_explanation("other signals"),
                "contribution": sum(r["contribution"] for r in tail),
                "spans": [],
            },
        )
    return out


def signal_explanation(signal: str) -> str | None:
    """What a reason's signal measures, in a phrase (the source prior's cell included)."""
    if signal.startswith(f"{SOURCE_SIGNAL}:"):
        return f"the raters' consensus on the site: {signal.split(':', 1)[1]}"
    return SIGNAL_EXPLANATIONS.get(signal)


#: Below this many words an article gets no scores, only a warning. Set from the data: the
#: site-disjoint out-of-fold accuracy by word count (the "By length" table of the credibility
#: section of docs/benchmarks.md) -- see docs/credibility.md, "How to read a report".
MIN_WORDS = 50


def count_words(article: Article) -> int:
    """Words as the training rows count them (spaCy's alphabetic tokens)."""
    if article.doc is not None:
        return sum(1 for t in article.doc if t.is_alpha)
    return len(tokens_with_offsets(article.text))


class CredibilityComponent:
    """Sets ``article.scores`` for unreliable, satire and hyperpartisan.

    Reads the cleaned text, spaCy's doc and, when they ran, the claims analyzers' span groups
    and ``article.source_reputation``; each missing input takes the training mean (a zero
    contribution), as documented in ``style.py``.
    """

    name = "credibility"
    needs_supported_language = True

    def __init__(self, models: CredibilityModels | None = None):
        self.models = models or CredibilityModels.load()

    def __call__(self, article: Article) -> Article:
        if not article.text.strip():
            article.scores = {}
            return article
        words = count_words(article)
        if words < MIN_WORDS:
            article.scores = {}
            article.warnings.append(
                f"too short to score: {words} word{'s' if words != 1 else ''}; the scores need"
                f" at least {MIN_WORDS} words (below that they did no better than chance on"
                " articles of sites they never saw, docs/credibility.md)"
            )
            return article
        scored = self.models.score(article)
        article.scores = {
            name: {
                "content": {
                    "probability": s["content"]["probability"],
                    "reasons": _report_reasons(s["content"]["reasons"], article.text),
                },
                "combined": None
                if s["combined"] is None
                else {
                    "probability": s["combined"]["probability"],
                    "reasons": _report_reasons(s["combined"]["reasons"], article.text),
                },
                "dominant": s["dominant"],
                "unfamiliar_data": self.models.scores[name].meta.get("unfamiliar_data"),
            }
            for name, s in scored.items()
        }
        return article


@factory("credibility")
def make_credibility() -> CredibilityComponent:
    return CredibilityComponent()


SIGNAL_EXPLANATIONS = {
    **EXPLANATIONS,
    **GENRE_EXPLANATIONS,
    HEADLINE_FEATURE: "log-odds of the headline model (The Onion vs HuffPost headlines)",
    LEXICAL_SIGNAL: "the content words and phrases of the article (TF-IDF terms seen on several"
    " sites, no stop words) that moved the score most",
    "other signals": "the remaining signals, summed",
    BASELINE_SIGNAL: "the log-odds of an average training article",
}

__all__ = [
    "FEATURE_NAMES",
    "GENRE_NAMES",
    "TARGETS",
    "CredibilityComponent",
    "CredibilityModels",
    "HeadlineModel",
    "LinearScore",
    "Vocabulary",
]
