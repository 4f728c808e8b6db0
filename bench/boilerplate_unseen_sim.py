"""Site-grouped CV of the line classifier under a simulation of unseen sites (dev+train only).

    python bench/boilerplate_unseen_sim.py --data ../shared/data [--seeds 3] [--drop 0.5]

The rules were written while reading dev and train, so on those splits they catch far more
than on new sites (CV 80% of boilerplate, the held-out split 50%), and plain CV hardly asks the
classifier for what it must do on a new site: catch the lines the rules miss there. This script
trains the classifier as ``newsift evaluate boilerplate --cv`` does (site-grouped folds, the
threshold chosen on the out-of-fold scores by the article-mean content-loss budget) and then,
in each scored fold only, makes the rules miss whole families: every rule label of an article
(``social_prompt``, ``image_caption``, ...) is dropped with probability ``--drop`` and its lines
are left to the classifier, the features recomputed. It prints the plain CV figures and, averaged
over the seeds, what the rules and rules + classifier remove in the simulated pages. A
development measure, never the held-out split.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsift.clean import patterns, rules
from newsift.clean.training import lineclass_train as lc
from newsift.clean.training.goldset import DEFAULT_GOLD, load_gold
from newsift.sources.outlets import is_outlet_name


def _with_rule_labels(data: lc.TrainingSet, labels: list[str]) -> lc.TrainingSet:
    """``data`` as if the rules had labelled its lines ``labels`` (what they remove, and what
    they leave for the classifier)."""
    return dataclasses.replace(
        data,
        rule_boilerplate=np.array([x not in (patterns.CONTENT, patterns.TITLE) for x in labels]),
        removable=np.array([x == patterns.CONTENT for x in labels]),
    )


def main() -> None:
    import lightgbm as lgb
    import scipy.sparse as sp
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--drop", type=float, default=0.5)
    args = parser.parse_args()

    articles = list(load_gold(args.data, args.gold, lc.TRAIN_SPLIT))
    data = lc.training_set(articles, is_outlet_name)
    vocabulary = lc.rule_reason_vocabulary()
    pages = [rules.label_lines(article.text, is_outlet_name)[0] for article in articles]
    simulated = []
    for seed in range(args.seeds):
        rng = random.Random(seed)
        labels, features = [], []
        for lines in pages:
            page_labels = [line.label for line in lines]
            families = sorted(
                {x for x in page_labels if x not in (patterns.CONTENT, patterns.TITLE)}
            )
            dropped = {f for f in families if rng.random() < args.drop}
            new = [patterns.CONTENT if x in dropped else x for x in page_labels]
            labels += new
            features.append(lc.line_features(lines, new, vocabulary))
        simulated.append(
            (
                _with_rule_labels(data, labels),
                np.vstack([f for f, _ in features]),
                sp.vstack([h for _, h in features]).tocsr(),
            )
        )

    sites = [article.site for article in articles]
    probability = np.zeros(len(data.is_boilerplate))
    simulated_probability = [np.zeros_like(probability) for _ in simulated]
    # Folds over articles, grouped by site, as this measure has always drawn them.
    for train_pages, test_pages in GroupKFold(5).split(np.arange(len(pages)), groups=sites):
        train = np.isin(data.articles, train_pages)
        test = np.isin(data.articles, test_pages)
        matrix = lc._matrix(data.features[train], data.hashed[train])
        y = data.is_boilerplate[train].astype(int)
        detector = lgb.train(lc.DETECTOR_PARAMS, lgb.Dataset(matrix, y), lc.DETECTOR_ROUNDS)
        probability[test] = detector.predict(lc._matrix(data.features[test], data.hashed[test]))
        for (_, features, hashed), p in zip(simulated, simulated_probability, strict=True):
            p[test] = detector.predict(lc._matrix(features[test], hashed[test]))

    cv = lc.choose_threshold(data, probability)
    threshold = cv["threshold"]
    figures = ("boilerplate_recall", "content_loss")
    rules = np.mean(
        [[lc.outcome(d, probability, 1.01)[k] for k in figures] for d, _, _ in simulated], axis=0
    )
    both = np.mean(
        [
            [lc.outcome(d, p, threshold)[k] for k in figures]
            for (d, _, _), p in zip(simulated, simulated_probability, strict=True)
        ],
        axis=0,
    )
    print(f"{len(pages)} articles, {len(set(sites))} sites; threshold {threshold:.2f}")
    print(
        f"site-grouped CV, rules + classifier: {100 * cv['boilerplate_recall']:.1f}% removed / "
        f"{100 * cv['content_loss']:.1f}% content lost"
    )
    print(
        f"simulated unseen sites (drop {args.drop}, {args.seeds} seeds), rules only: "
        f"{100 * rules[0]:.1f}% / {100 * rules[1]:.1f}%"
    )
    print(
        f"simulated unseen sites, rules + classifier: {100 * both[0]:.1f}% / {100 * both[1]:.1f}%"
    )


if __name__ == "__main__":
    main()
