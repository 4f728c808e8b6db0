"""Outlet names to domains: the outlet-name index.

Three users, three levels of caution:

* :func:`resolve_outlet_name` turns a name the cleaner found in a publisher-naming context
  ("Support The Duran on Patreon", "© 2024 The Week") into a domain. The context already says
  it is an outlet, so every known name resolves, ordinary words included.
* :func:`is_outlet_name` decides whether a *bare line* at the end of a scraped page is the
  outlet's name. Nothing but the line says so, so it fires only on distinctive names, written
  as a name: not on ordinary words or phrases ("Reason", "Time", "The Week", "Vox", "Salon",
  "The Hill", "Fortune", "World News"), not on lower-case text, and only on names from the
  reviewed alias file or from lists that rate news outlets only.
* :func:`find_outlet_mentions` types outlets cited in running text ("told The Moscow Times",
  "Sputnik News reports"). Case-sensitive, on word boundaries; an ambiguous reviewed name
  counts only beside an attribution cue ("told Reason", "Time magazine", "The Hill reported");
  ambiguous names from lists never count. One trie-shaped regex scans the text once.

Where names come from: ``newsift/data/outlet_aliases.tsv`` (reviewed by hand; it wins over
everything else and flags ordinary-word names as ambiguous) and the name fields of the rater
lists (flagged ambiguous at build time by :func:`name_is_ambiguous`). A name that lists give to
two different domains is dropped unless the alias file settles it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsift.sources.domains import registrable_domain
from newsift.sources.names import _STOP, normalize_name


@dataclass(frozen=True)
class OutletName:
    name: str  # as written, e.g. "The Moscow Times"
    domain: str
    source: str  # "reviewed" or a rater id
    ambiguous: bool
    outlet_list: bool  # from the reviewed file or a list that rates news outlets only

    @property
    def bare_line_ok(self) -> bool:
        return self.outlet_list and not self.ambiguous

    @property
    def in_text_ok(self) -> bool:
        return self.source == "reviewed" or (self.outlet_list and not self.ambiguous)


def _reviewed() -> list[OutletName]:
    path = resources.files("newsift") / "data" / "outlet_aliases.tsv"
    out = []
    with path.open(encoding="utf-8") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows, delimiter="\t"):
            out.append(
                OutletName(
                    name=row["name"].strip(),
                    domain=row["domain"].strip().lower(),
                    source="reviewed",
                    ambiguous=(row.get("ambiguous") or "").strip().lower() == "yes",
                    outlet_list=True,
                )
            )
    return out


def _listed() -> tuple[list[OutletName], set[str]]:
    """Names from the lists' name fields, and the domains of lists that rate outlets only."""
    from newsift.sources.registry import load_registry

    registry = load_registry()
    names, outlet_domains = [], set()
    for entry in registry.entries():
        info = registry.raters.get(entry.rater)
        # Idiap's ground truth also rates platforms; its MBFC and NewsGuard rows are outlets.
        outlet = bool(info and info.outlet_names) or entry.origin in ("mbfc", "newsguard")
        if outlet:
            outlet_domains.add(entry.domain)
        if entry.name:
            names.append(
                OutletName(entry.name, entry.domain, entry.rater, entry.name_ambiguous, outlet)
            )
    return names, outlet_domains


@dataclass
class NameIndex:
    by_key: dict[str, OutletName]
    outlet_domains: frozenset[str]


@lru_cache(maxsize=1)
def name_index() -> NameIndex:
    reviewed = _reviewed()
    by_key: dict[str, OutletName] = {}
    for item in reviewed:
        by_key.setdefault(normalize_name(item.name), item)
    listed: dict[str, list[OutletName]] = {}
    names, outlet_domains = _listed()
    for item in names:
        key = normalize_name(item.name)
        if key and key not in by_key:
            listed.setdefault(key, []).append(item)
    for key, items in listed.items():
        domains = {i.domain for i in items}
        if len(domains) == 1:
            # prefer a name usable in text, then the list rating outlets only
            by_key[key] = max(items, key=lambda i: (i.in_text_ok, i.outlet_list))
    outlet_domains.update(i.domain for i in reviewed)
    return NameIndex(by_key, frozenset(outlet_domains))


def outlet_index() -> dict[str, str]:
    """Normalised name -> domain, for every name :func:`resolve_outlet_name` knows."""
    return {key: item.domain for key, item in name_index().by_key.items()}


def resolve_outlet_name(name: str) -> str | None:
    """The domain of the outlet called ``name``, if we know it (case-insensitive)."""
    item = name_index().by_key.get(normalize_name(name))
    if item is not None:
        return item.domain
    if re.fullmatch(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?", name.strip(), re.I):
        domain = registrable_domain(name)
        if domain and domain in name_index().outlet_domains:
            return domain
    return None


_LINE_TRIM = " \t.,:;!|–—-·•*_~"


def is_outlet_name(text: str) -> bool:
    """Whether a bare line is a distinctive outlet name written as a name (see module doc)."""
    line = text.strip().strip(_LINE_TRIM)
    if not line or len(line) > 80:
        return False
    if re.fullmatch(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?", line, re.I):
        domain = registrable_domain(line)
        return bool(domain) and domain in name_index().outlet_domains
    item = name_index().by_key.get(normalize_name(line))
    return item is not None and item.bare_line_ok and _cased_like(line, item.name)


def _cased_like(line: str, name: str) -> bool:
    """'The Duran' and 'THE DURAN' are written as the name; 'the duran' is not."""
    if line.isupper():
        return True
    words = [w for w in line.split() if w[:1].isalpha()]
    if words and words[0].lower() == "the":
        words = words[1:]
    return all(w[0].isupper() or w.lower() in _STOP for w in words)


# --- outlets mentioned in running text -------------------------------------------------------

_CUE_BEFORE = re.compile(
    r"(?:\btold|\btells|\btelling|\baccording to|\breported by|\bquoted by|\bcited by"
    r"|\b(?:wrote|writes|writing|published|appeared|said|says|speaking|spoke|interview)"
    r"\s+(?:in|for|by|to|with)|\binterviewed by|\bvia|\bper)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Not the possessive: "the Sun's mass", "Time's up".
_CUE_AFTER = re.compile(
    r"^\s+(?:magazine|newspaper|reported|reports|reporting|said|says|wrote|writes"
    r"|published|editor|columnist|journalist|reporter|correspondent|contributor|article"
    r"|podcast|newsletter|interview|op-ed|piece|story)\b"
)
_DOMAIN_IN_TEXT = re.compile(
    r"(?<![\w@/.-])(?:https?://)?(?:www\.)?"
    r"((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![\w-]|\.[a-z0-9])",
    re.IGNORECASE,
)


def _trie_pattern(words: list[str]) -> str:
    """One regex for many literal strings, shaped as a trie so matching stays linear."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        alternatives = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return build(trie)


def _surface_forms(item: OutletName) -> list[str]:
    """'The Moscow Times' is also written 'the Moscow Times' and 'Moscow Times'."""
    name = item.name
    forms = [name]
    if name.startswith("The "):
        core = name[4:]
        forms.append("the " + core)
        if len(core.split()) >= 2:
            forms.append(core)
    return forms


@dataclass
class _Matcher:
    pattern: re.Pattern
    forms: dict[str, OutletName]


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    forms: dict[str, OutletName] = {}
    for item in name_index().by_key.values():
        if not item.in_text_ok or not re.search(r"[A-Z]", item.name):
            continue
        for form in _surface_forms(item):
            forms.setdefault(form, item)
    trie = _trie_pattern(sorted(forms))
    return _Matcher(re.compile(rf"(?<![\w@/-])(?:{trie})(?![\w-])"), forms)


def find_outlet_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """News outlets cited in ``text``: ``(start, end, name, domain)``, in order, no overlaps.

    ``name`` is the outlet's canonical name (or the domain as written, for "RT.com");
    ``text[start:end]`` is what the text says.
    """
    matcher = _matcher()
    found: list[tuple[int, int, str, str]] = []
    for match in matcher.pattern.finditer(text):
        item = matcher.forms.get(match.group(0))
        if item is None:
            continue
        start, end = match.span()
        if item.ambiguous and not (
            _CUE_BEFORE.search(text[max(0, start - 40) : start])
            or _CUE_AFTER.match(text[end : end + 30])
        ):
            continue
        found.append((start, end, item.name, item.domain))
    outlet_domains = name_index().outlet_domains
    for match in _DOMAIN_IN_TEXT.finditer(text):
        domain = registrable_domain(match.group(1))
        if domain and domain in outlet_domains:
            found.append((match.start(), match.end(), match.group(0), domain))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    result: list[tuple[int, int, str, str]] = []
    for mention in found:
        if result and mention[0] < result[-1][1]:
            continue
        result.append(mention)
    return result
