"""Outlet names to domains (the outlet-name index).

The cleaner asks it whether a line is an outlet's name (a footer, a Patreon ask) and the site
component turns a name found in the text into a domain.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

_NON_WORD = re.compile(r"[^\w]+")


def normalize_name(name: str) -> str:
    """'The Moscow Times' and 'moscow times.' both become 'moscow times'."""
    key = _NON_WORD.sub(" ", name.lower()).strip()
    return re.sub(r"^the\s+", "", key)


@lru_cache(maxsize=1)
def outlet_index() -> dict[str, str]:
    index: dict[str, str] = {}
    path = resources.files("newsift") / "data" / "outlet_aliases.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows, delimiter="\t"):
            index[normalize_name(row["name"])] = row["domain"].strip().lower()
    return index


def resolve_outlet_name(name: str) -> str | None:
    """The domain of the outlet called ``name``, if we know it."""
    return outlet_index().get(normalize_name(name))


def is_outlet_name(text: str) -> bool:
    return len(text) <= 80 and resolve_outlet_name(text) is not None
