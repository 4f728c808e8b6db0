"""The source prior: the raters' consensus on the article's site as a per-dataset log-likelihood
ratio with a penalised per-site intercept, evaluated combined with the content score; and the
sites whose labels contradict their rating."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np

from newsift.scores.training.fit import (
    CVResult,
)
from newsift.scores.training.metrics import (
    metrics,
)

OPENSOURCES_CATEGORIES = {
    "fake": "fake",
    "satire": "satire",
    "conspiracy": "conspiracy",
    "junksci": "junk_science",
    "hate": "hate",
    "state": "state_media",
    "clickbait": "clickbait",
    "bias": "hyperpartisan",
    "political": "hyperpartisan",
    "rumor": "rumor",
}


BALY_FACTUALITY = {"high": "reliable", "mixed": "mixed", "low": "unreliable"}


def reputation_provider(data_dir: Path | None):
    """``domain -> source_reputation dict`` (the report's shape) for training the prior.

    Uses the registry's ``source_reputation`` component when it is installed (so training and
    analysis read the same consensus); until then a stand-in reads Baly et al.'s MBFC-derived
    factuality and the OpenSources tags from ``data_dir/sources``, for training only.
    """
    from newsift.article import Article
    from newsift.pipeline import FACTORIES

    if "source_reputation" in FACTORIES:
        component = FACTORIES["source_reputation"]()

        def lookup(domain: str) -> dict[str, Any] | None:
            article = Article(raw=" ", text=" ")
            article.site.domain = domain
            component(article)
            return article.source_reputation

        return lookup, "source_reputation component"
    baly = load_baly(data_dir)
    tags = _opensources(data_dir)

    def standin(domain: str) -> dict[str, Any] | None:
        fact = baly.get(domain, ("", ""))[0]
        categories = sorted(
            {OPENSOURCES_CATEGORIES[t] for t in tags.get(domain, ()) if t in OPENSOURCES_CATEGORIES}
        )
        factuality = BALY_FACTUALITY.get(fact)
        site_tags = tags.get(domain, set())
        if factuality is None and site_tags:
            if site_tags & {"fake", "conspiracy", "junksci", "hate"}:
                factuality = "unreliable"
            elif "reliable" in site_tags:
                factuality = "reliable"
            elif categories:
                factuality = "mixed"
        if factuality is None and not categories:
            return None
        return {
            "domain": domain,
            "status": "rated",
            "ratings": [],
            "consensus": {"factuality": factuality or "unrated", "categories": categories},
        }

    return standin, "stand-in: Baly et al. factuality + OpenSources tags"


def _opensources(data_dir: Path | None) -> dict[str, set[str]]:
    from newsift.scores.training.datasets import site_of

    if data_dir is None:
        return {}
    folder = Path(data_dir) / "sources" / "opensources"
    out: dict[str, set[str]] = {}
    path = folder / "sources.csv"
    if not path.exists():
        return out
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            domain = site_of(row[0]) if row else None
            if domain:
                out.setdefault(domain, set()).update(
                    v.strip().lower() for v in row[1:4] if v.strip()
                )
    return out


def fit_prior(
    logits: np.ndarray, y: np.ndarray, keys: list[str], sites: list[str] | None = None
) -> dict[str, float]:
    """Per-key log-likelihood ratios: logistic regression of the label on the key, with the
    content log-odds as a fixed offset (so the prior adds what the text did not already say).

    A rating is one judgement per site, so each site also gets its own intercept, penalised as
    a random effect: a site with hundreds of articles (CoAID's healthline.com has 561) then
    moves its own intercept instead of the log-likelihood ratio of every site rated as it is.
    A new site's intercept is zero, so only the per-key ratios are kept. Every coefficient has
    the same L2 penalty (a standard normal prior), which also keeps rare keys near zero.
    """
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix, hstack

    names = sorted(set(keys))
    if not names:
        return {}
    site_names = sorted(set(sites)) if sites is not None else []
    K = csr_matrix(np.array([[k == n for n in names] for k in keys], dtype=float))
    if site_names:
        column = {name: j for j, name in enumerate(site_names)}
        S = csr_matrix(
            (np.ones(len(keys)), (np.arange(len(keys)), [column[s] for s in sites or []])),
            shape=(len(keys), len(site_names)),
        )
        K = hstack([K, S]).tocsr()

    def loss(beta: np.ndarray) -> tuple[float, np.ndarray]:
        z = logits + K @ beta
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-12
        value = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + 0.5 * beta @ beta
        grad = K.T @ (p - y) + beta
        return float(value), grad

    beta = minimize(loss, np.zeros(K.shape[1]), jac=True, method="L-BFGS-B").x
    return {n: round(float(b), 6) for n, b in zip(names, beta[: len(names)], strict=True)}


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def prior_rows(result: CVResult, lookup) -> tuple[np.ndarray, list[str]]:
    """Rows usable for the source prior: article-level labels (a site-level label would be
    the rating itself) on sites the reputation source rates."""
    from newsift.scores.credibility import reputation_key

    keep, keys = [], []
    cache: dict[str, Any] = {}
    for i, (site, level) in enumerate(zip(result.sites, result.label_level, strict=True)):
        if level != "article" or ":" in site:
            continue
        if site not in cache:
            cache[site] = lookup(site)
        key = reputation_key(cache[site], result.target)
        if key is not None:
            keep.append(i)
            keys.append(key)
    return np.array(keep, dtype=int), keys


def combined_evaluation(site: dict[str, CVResult], lookup) -> dict[str, Any]:
    """Content vs combined on article-labelled rows of rated sites; the prior of each outer
    fold is fitted on the other folds' out-of-fold content log-odds. Sites whose labels
    contradict their rating (see :func:`conflicting_sites`) are listed and also left out in a
    second set of figures, so a reader sees how much one such site moves the result."""
    out: dict[str, Any] = {}
    for target, result in site.items():
        idx, keys = prior_rows(result, lookup)
        if len(idx) < 20:
            continue
        logits = _logit(result.model[idx])
        y = result.y[idx]
        folds = result.folds[idx]
        sites = [result.sites[i] for i in idx]
        combined = np.full(len(idx), math.nan)
        for k in sorted(set(folds.tolist())):
            test = folds == k
            train = np.flatnonzero(~test)
            prior = fit_prior(
                logits[train], y[train], [keys[i] for i in train], [sites[i] for i in train]
            )
            combined[test] = logits[test] + np.array(
                [prior.get(kk, 0.0) for kk, t in zip(keys, test, strict=True) if t]
            )
        p_comb = 1.0 / (1.0 + np.exp(-combined))
        datasets = sorted({result.datasets[i] for i in idx})
        prior_all = fit_prior(logits, y, keys, sites)
        conflicts = conflicting_sites(sites, keys, y, prior_all)
        agree = np.array([s not in conflicts for s in sites])
        out[target] = {
            "rows": len(idx),
            "content": metrics(y, result.model[idx]),
            "combined": metrics(y, p_comb),
            "site_identity_probe": metrics(y, result.site_probe[idx]),
            "conflicting_sites": conflicts,
            "without_conflicting_sites": {
                "content": metrics(y[agree], result.model[idx][agree]),
                "combined": metrics(y[agree], p_comb[agree]),
            },
            "datasets": {
                d: {
                    "content": metrics(y[m], result.model[idx][m]),
                    "combined": metrics(y[m], p_comb[m]),
                }
                for d in datasets
                for m in [np.array([result.datasets[i] == d for i in idx])]
            },
            "prior_all_folds": prior_all,
        }
    return out


def conflicting_sites(
    sites: list[str],
    keys: list[str],
    y: np.ndarray,
    prior: dict[str, float],
    *,
    min_articles: int = 20,
    share: float = 0.9,
) -> dict[str, dict[str, Any]]:
    """Sites whose article labels contradict their rating: at least ``min_articles`` labelled
    articles, ``share`` or more of them on the side opposite to the sign of their rating's
    log-likelihood ratio (e.g. CoAID labels healthline.com's articles reliable; Wikipedia's
    editors deprecated the site in 2023). The rating and the labels judge different things
    (a site's standards vs one article's facts), and the evaluation says so instead of
    hiding either."""
    rows_of: dict[str, list[int]] = {}
    for i, name in enumerate(sites):
        rows_of.setdefault(name, []).append(i)
    out: dict[str, dict[str, Any]] = {}
    for name, rows in sorted(rows_of.items()):
        key = keys[rows[0]]
        direction = prior.get(key, 0.0)
        if len(rows) < min_articles or direction == 0.0:
            continue
        positive = float(np.mean(y[rows]))
        contrary = 1.0 - positive if direction > 0 else positive
        if contrary >= share:
            out[name] = {"articles": len(rows), "rating": key, "contrary_share": contrary}
    return out


def load_baly(data_dir: Path | str | None) -> dict[str, tuple[str, str]]:
    """domain -> (factuality, bias) from Baly et al.'s MBFC-derived corpora (acl2020 wins)."""
    from newsift.scores.training.datasets import site_of

    if data_dir is None:
        return {}
    root = Path(data_dir)
    folder = root / "sources" / "baly_mbfc"
    out: dict[str, tuple[str, str]] = {}
    for version in ("emnlp18", "acl2020"):
        path = folder / version / "corpus.tsv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
            for line in handle:
                row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
                domain = site_of(row.get("source_url", ""))
                if domain:
                    out[domain] = (row.get("fact", ""), row.get("bias", ""))
    return out
