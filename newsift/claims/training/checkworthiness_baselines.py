"""Baselines the shipped check-worthiness model was compared with (``fit``, ``predict_proba``).

``bench/checkworthiness_compare.py`` runs them on the shipped model's folds; the fine-tuned
encoder (:mod:`newsift.claims.training.finetune`) won, see docs/benchmarks.md (check-worthiness section).

- ``tfidf``: word 1-2-grams + character 2-5-grams, TF-IDF, logistic regression.
- ``spacy``: counts of spaCy parts of speech, entity types, dependency labels and numbers per
  sentence (what ClaimBuster's early SVM used), plus the TF-IDF model's out-of-fold score,
  into LightGBM.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

APPROACHES = ("tfidf", "spacy")


class TfidfLogistic:
    def __init__(self, c: float = 10.0):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        self.model = make_pipeline(
            make_union(
                TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                ),
            ),
            LogisticRegression(C=c, max_iter=3000),
        )

    def fit(self, texts: Sequence[str], labels: Sequence[int]) -> TfidfLogistic:
        self.model.fit(list(texts), np.asarray(labels))
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.model.predict_proba(list(texts))[:, 1]


def spacy_features(texts: Sequence[str]) -> np.ndarray:
    """Per sentence: shares of each POS tag, entity type and dependency label, and lengths."""
    from newsift.nlp.annotate import load_spacy

    nlp = load_spacy(fast=False)
    tags = list(nlp.get_pipe("tagger").labels)
    ents = list(nlp.get_pipe("ner").labels)
    deps = list(nlp.get_pipe("parser").labels)
    index = {("tag", t): i for i, t in enumerate(tags)}
    index.update({("ent", e): len(index) + i for i, e in enumerate(ents)})
    index.update({("dep", d): len(index) + i for i, d in enumerate(deps)})
    extra = len(index)
    rows = np.zeros((len(texts), extra + 3), dtype=np.float32)
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=256), strict=True):
        n = max(1, len(doc))
        for token in doc:
            for key in (("tag", token.tag_), ("dep", token.dep_)):
                if key in index:
                    row[index[key]] += 1 / n
        for ent in doc.ents:
            if ("ent", ent.label_) in index:
                row[index[("ent", ent.label_)]] += 1
        row[extra] = len(doc)
        row[extra + 1] = sum(t.like_num for t in doc)
        row[extra + 2] = sum(t.is_digit or "%" in t.text for t in doc)
    return rows


class SpacyLightGBM:
    """spaCy features stacked with an inner out-of-fold TF-IDF score, into LightGBM."""

    def __init__(self, seed: int = 13):
        self.seed = seed

    def fit(
        self, texts: Sequence[str], labels: Sequence[int], features: np.ndarray | None = None
    ) -> SpacyLightGBM:
        from lightgbm import LGBMClassifier
        from sklearn.model_selection import StratifiedKFold

        labels = np.asarray(labels)
        features = spacy_features(texts) if features is None else features
        inner = np.zeros(len(texts))
        for fit_idx, score_idx in StratifiedKFold(5, shuffle=True, random_state=self.seed).split(
            features, labels
        ):
            model = TfidfLogistic().fit([texts[i] for i in fit_idx], labels[fit_idx])
            inner[score_idx] = model.predict_proba([texts[i] for i in score_idx])
        self.tfidf = TfidfLogistic().fit(texts, labels)
        self.booster = LGBMClassifier(
            n_estimators=400,
            learning_rate=0.03,
            num_leaves=31,
            subsample=0.8,
            subsample_freq=1,
            colsample_bytree=0.5,
            n_jobs=1,
            random_state=self.seed,
            verbose=-1,
        ).fit(np.column_stack([features, inner]), labels)
        return self

    def predict_proba(self, texts: Sequence[str], features: np.ndarray | None = None) -> np.ndarray:
        features = spacy_features(texts) if features is None else features
        stacked = np.column_stack([features, self.tfidf.predict_proba(texts)])
        return self.booster.predict_proba(stacked)[:, 1]
