"""Fuzzing ``newsift.analyze`` in the normal suite, on a bounded budget (a few hundred inputs in
all, each under a generous deadline): whatever the input, the result is a Report whose spans lie
inside the text, or a NewsiftError with a message; never another exception. The long run is
``bench/fuzz.py``; both draw from ``tests/fuzz_strategies.py``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from fuzz_strategies import byte_inputs, check_result, html_pages, texts
from hypothesis import HealthCheck, given, settings

import newsift


#: Deterministic (the suite must not fail at random), nothing written to disk, and a deadline
#: far above a normal input's cost, so only a runaway (a hang, a quadratic blow-up) trips it.
def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)


FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module", autouse=True)
def loaded() -> None:
    """Models load once, before the deadline clock starts on the first example."""
    newsift.analyze("The minister said the pipeline was safe.", fast=True)
    newsift.analyze("The minister said the pipeline was safe.")


@fuzz(120)
@given(texts())
def test_text_fast(data: str) -> None:
    check_result(data, lambda d: newsift.analyze(d, fast=True))


@fuzz(40)
@given(texts())
def test_text_full(data: str) -> None:
    """The full pipeline (parser, learned attribution) on fewer inputs: it costs more each."""
    check_result(data, newsift.analyze)


@fuzz(80)
@given(byte_inputs())
def test_bytes(data: bytes) -> None:
    check_result(data, lambda d: newsift.analyze(d, fast=True))


@fuzz(60)
@given(html_pages())
def test_html(data: str) -> None:
    check_result(data, lambda d: newsift.analyze(d, fast=True))


@fuzz(20)
@given(html_pages())
def test_html_full(data: str) -> None:
    check_result(data, newsift.analyze)
