"""Narratives: the pairwise decision's checks, online clustering, and what a narrative reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from corpus_fakes import KeywordEmbedder

from newsift.corpus.narratives import (
    FEATURES,
    ClaimFeatures,
    Member,
    Narrative,
    NarrativeIndex,
    PairDecision,
    claim_core,
    claim_features,
    crossed,
    load_decision,
    pair_features,
    rating,
    role_swap,
)

#: A decision that leans on the cosine and punishes a negation on one side only.
DECISION = PairDecision(
    features=("cosine", "negation_mismatch"), weights=(12.0, -8.0), intercept=-8.0, threshold=0.5
)


def test_role_swap_separates_who_does_what_to_whom():
    backs, attacked, backed_by = claim_features(
        [
            "The United States backs ISIS.",
            "ISIS attacked a US base.",
            "ISIS is backed by America.",
        ]
    )
    assert role_swap(backs, attacked)  # "United States" and "US" are one actor
    assert not role_swap(backs, backed_by)  # the passive says the same thing
    assert DECISION.accepts(0.99, backs, attacked, 0.5) == 0.0


def test_negation_on_one_side_only_is_a_feature_and_lowers_the_decision():
    a = ClaimFeatures.of("Russia hacked the election.")
    b = ClaimFeatures.of("Russia did not hack the election.")
    features = pair_features(0.9, a, b)
    assert features[FEATURES.index("negation_mismatch")] == 1.0
    assert DECISION.proba(features) < 0.5 < DECISION.proba(pair_features(0.9, a, a))


def test_shipped_decision_rejects_a_contradiction_it_accepts_as_a_paraphrase():
    decision = load_decision()
    a = ClaimFeatures.of("The senator said the bill would raise taxes on 40 million families.")
    b = ClaimFeatures.of("The bill would raise taxes on 40 million families, the senator said.")
    c = ClaimFeatures.of("The senator said the bill would not raise taxes on 40 million families.")
    assert decision.proba(pair_features(0.95, a, b)) > decision.proba(pair_features(0.95, a, c))


def test_claim_core_drops_a_dateline_and_outer_quotes():
    assert claim_core("MOSCOW, Ru. – The GRU intercepted calls.") == "The GRU intercepted calls."
    assert claim_core("“The army intercepted a call.”") == "The army intercepted a call."


def record(article: str, text: str, site: str, published=None, reputation=None) -> dict:
    return {
        "article_id": article,
        "text": text,
        "site": site,
        "published": published,
        "reputation": reputation,
        "start": 0,
        "end": len(text),
    }


def test_a_new_batch_extends_the_clusters_already_there():
    embedder = KeywordEmbedder(
        {"vaccine": [1, 0, 0, 0], "moon": [0, 1, 0, 0], "tax": [0, 0.2, 1, 0]}
    )
    index = NarrativeIndex(embedder, DECISION, candidate_cosine=0.5, centroid_cosine=0.5)
    first = index.add(
        [
            record("a1", "The vaccine causes illness in children.", "one.example"),
            record("a2", "The moon landing was staged in a studio.", "two.example"),
        ]
    )
    second = index.add(
        [
            record("a3", "Children fall ill because of the vaccine.", "three.example"),
            record("a4", "A new tax on fuel starts in May.", "four.example"),
        ]
    )
    assert second[0] == first[0]  # joined the earlier narrative
    assert second[1] not in first  # a claim unlike the others starts its own
    assert [n.articles for n in index.recurring()] == [{"a1", "a3"}]
    assert index.narrative_of("a3")[0].id == first[0]


def test_the_negated_claim_starts_its_own_narrative():
    embedder = KeywordEmbedder({"hack": [1, 0, 0]})
    index = NarrativeIndex(embedder, DECISION, candidate_cosine=0.5, centroid_cosine=0.5)
    ids = index.add(
        [
            record("a1", "Russia hacked the election.", "one.example"),
            record("a2", "Russia did not hack the election.", "two.example"),
        ]
    )
    assert ids[0] != ids[1]


UNRELIABLE = {"consensus": {"factuality": "unreliable", "categories": []}}
SATIRE = {"consensus": {"factuality": "unreliable", "categories": ["fake", "satire"]}}
RELIABLE = {"consensus": {"factuality": "reliable", "categories": []}}
STATE = {"consensus": {"factuality": "mixed", "categories": ["state_media"]}}


@pytest.mark.parametrize(
    ("reputation", "expected"),
    [
        (None, "unrated"),
        (UNRELIABLE, "unreliable"),
        (SATIRE, "satire"),
        (RELIABLE, "reliable"),
        (STATE, "state_media"),
    ],
)
def test_rating_takes_the_most_telling_class(reputation, expected):
    assert rating(reputation) == expected


def member(article, site, day, rating_):
    return Member(article, "claim", site, dt.date(2016, 1, day) if day else None, rating_, 0, 5)


def test_summary_reports_spread_mix_and_crossing():
    narrative = Narrative(
        0,
        [
            member("a1", "hoax.example", 3, "satire"),
            member("a2", "paper.example", 9, "reliable"),
            member("a3", "paper.example", 1, "reliable"),
            member("a4", "blog.example", None, "unreliable"),
        ],
    )
    summary = narrative.summary()
    assert (summary["first_seen"], summary["last_seen"]) == ("2016-01-01", "2016-01-09")
    assert summary["n_outlets"] == 3 and summary["n_articles"] == 4
    assert summary["reputation_mix"]["reliable"] == pytest.approx(1 / 3, abs=1e-3)
    assert summary["reputation_mix"]["satire"] == pytest.approx(1 / 3, abs=1e-3)
    assert summary["crossed_to_reliable"] is True


def test_no_crossing_when_reliable_outlets_came_first_only():
    dated = [member("a1", "paper.example", 1, "reliable"), member("a2", "hoax", 5, "satire")]
    assert crossed(dated) is False


def test_sharing_a_rare_word_counts_more_than_sharing_common_ones():
    index = NarrativeIndex(KeywordEmbedder({"x": [1, 0]}), DECISION)
    index._df.update({"syria": 4000, "isis": 4000, "intercept": 1, "oil": 1})
    index._cluster = [0] * 5000  # 5,000 claims seen
    common = ClaimFeatures.of("Syria ISIS oil")
    rare = ClaimFeatures.of("Syria ISIS intercepted")
    other = ClaimFeatures.of("Syria ISIS intercepted calls")
    assert index.rare_overlap(rare, other) > 0.9
    assert index.rare_overlap(common, other) < 0.2


def test_in_a_small_corpus_every_word_weighs_about_the_same():
    index = NarrativeIndex(KeywordEmbedder({"x": [1, 0]}), DECISION)
    index._df.update({"syria": 3, "intercept": 3})
    index._cluster = [0] * 4
    a = ClaimFeatures.of("Syria intercepted oil")
    b = ClaimFeatures.of("Syria intercepted gas")
    assert index.rare_overlap(a, b) == pytest.approx(2 / 3, abs=0.06)


def test_the_rare_word_check_reads_one_actor_however_spelled():
    us, dotted, spelled = (
        ClaimFeatures.of(t).content
        for t in (
            "Intercepts show the US backs ISIS.",
            "Intercepts show the U.S. backs Daesh.",
            "Intercepts show the United States backs the Islamic State.",
        )
    )
    assert us == dotted == spelled
    assert "us" not in ClaimFeatures.of("They told us the budget passed.").content


def test_a_headline_speaker_is_not_part_of_the_claim():
    assert claim_core("Kremlin: Intercepts Reveal U.S. Support") == "Intercepts Reveal U.S. Support"
    assert (
        claim_core("Syrian MP: ‘Intelligence intercepted audio’")
        == "Intelligence intercepted audio"
    )
    assert claim_core("At 5:30 the bomb went off.") == "At 5:30 the bomb went off."


def test_a_shared_setting_is_not_a_shared_claim():
    airstrike, mistake, qatar = claim_features(
        [
            "The Syrian army intercepted a call between the Americans and ISIS before the raid on"
            " Deir ez-Zor.",
            "Coalition aircraft wrongly assessed intelligence and hit troops near Deir ez-Zor.",
            "The government of Qatar funds ISIS.",
        ]
    )
    assert {"deir", "ez-zor"} <= airstrike.places and {"deir", "ez-zor"} <= mistake.places
    assert not qatar.places  # an actor, not a setting
    index = NarrativeIndex(KeywordEmbedder({"x": [1.0, 0.0]}), DECISION)
    assert index.rare_overlap(airstrike, mistake) < index.rare_overlap(
        replace(airstrike, places=frozenset()), replace(mistake, places=frozenset())
    )


def test_claim_features_round_trip_as_a_store_keeps_them():
    [features] = claim_features(["The United States backs ISIS near Raqqa."])
    assert ClaimFeatures.from_json(features.to_json()) == features
