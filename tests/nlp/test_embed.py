"""The shipped embedder: unit vectors, input order, and a vector that ignores its batch."""

from __future__ import annotations

import numpy as np

from newsift.nlp.embed import load_embedder

TEXTS = [
    "The central bank raised interest rates by half a point.",
    "Rates went up.",
    "A storm knocked out power to thousands of homes across the region on Tuesday night.",
]


def test_vectors_are_unit_length_and_in_input_order():
    embedder = load_embedder()
    vectors = embedder.encode(TEXTS)
    assert vectors.shape == (3, embedder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert np.array_equal(vectors[1], embedder.encode([TEXTS[1]])[0])


def test_a_text_gets_the_same_vector_alone_or_in_any_batch():
    embedder = load_embedder()
    alone = embedder.encode([TEXTS[0]])[0]
    batched = embedder.encode([TEXTS[2], TEXTS[1], TEXTS[0]] * 3)
    assert all(np.array_equal(alone, batched[i]) for i in (2, 5, 8))


def test_threads_give_each_text_the_vector_it_gets_alone():
    embedder = load_embedder()
    texts = TEXTS * 4 + ["Rates went down."]
    threaded = embedder.encode(texts, workers=2)
    assert np.array_equal(threaded, embedder.encode(texts))
    assert np.array_equal(threaded[-1], embedder.encode(["Rates went down."])[0])


def test_meaning_is_closer_than_topic():
    embedder = load_embedder()
    a, b, c = embedder.encode(
        [
            "The bank increased interest rates.",
            "Interest rates were raised by the bank.",
            "The storm flooded the town.",
        ]
    )
    assert a @ b > a @ c


def test_empty_text_still_gets_a_vector():
    assert load_embedder().encode(["", "  "]).shape[0] == 2
