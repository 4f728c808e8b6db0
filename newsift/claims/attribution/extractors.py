"""The three extractors by name (``learned``, ``rules``, ``fast``), as the component and the evaluation choose them."""

from __future__ import annotations

from newsift.claims.attribution.fast import FastExtractor
from newsift.claims.attribution.learned import LearnedExtractor
from newsift.claims.attribution.rules import RuleExtractor

METHODS = ("learned", "rules", "fast")


def extractor(method: str = "learned"):
    if method == "rules":
        return RuleExtractor()
    if method == "learned":
        return LearnedExtractor()
    if method == "fast":
        return FastExtractor()
    raise ValueError(f"unknown attribution method {method!r}; choose from {METHODS}")
