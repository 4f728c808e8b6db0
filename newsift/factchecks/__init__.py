"""Fact-checks: has a claim been checked already?

``store`` is the local, versioned collection (built from the user's copy of the public
collections, or imported from ClaimReview and CSV by ``readers``) with its BM25 index; ``match``
finds a claim's candidates and re-ranks them into calibrated probabilities, shown above a
threshold chosen for precision; ``component`` (the ``factchecks`` component) attaches the matches
to each check-worthy claim and raises ``previously_fact_checked``. ``training/`` measures and
trains the matching on CheckThat! layouts; nothing the analysis loads imports it.

May import: ``claims``, ``nlp``, ``clean``, ``sources``, ``input`` and the core below the stages.
"""
