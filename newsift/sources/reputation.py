"""The site's reputation: every rating with its provenance, and a consensus that shows dissent.

Consensus rules (one place, so they can be audited):

* **One vote per origin.** Ratings are grouped by origin, i.e. who made the judgement: Baly's
  corpora, the MBFC scrape and Idiap's MBFC-derived rows are all MBFC; hearvox's OpenSources
  copy is OpenSources. The newest rating of an origin is its vote (the RSP's 2026 status
  supersedes its 2021 one); the others are listed, marked ``counted: false``, and the report
  names them under ``same_source``.
* **Factuality** is the median vote on the scale unreliable < mixed < reliable; when the two
  middle votes differ, their midpoint rounded toward unreliable (so reliable vs unreliable is
  "mixed", with 0 agreeing and 2 disagreeing: a split, shown as one). Origins whose vote says
  nothing about factuality (a satire listing) abstain. No votes: ``unrated``.
* **Categories**: an origin agrees when it assigns the category; it disagrees when it rated the
  site, *can* assign that category, and did not (FactCheck.org cannot say "hate", so it never
  disagrees on it; the Fake News Codex lists a site as satire and not fake, so it disagrees on
  "fake"). A category is in the consensus when at least as many origins agree as disagree;
  every category any origin assigned is in ``agreement.categories`` with both lists.
"""

from __future__ import annotations

from collections import defaultdict

from newsift.article import Article
from newsift.errors import InputError
from newsift.pipeline import FunctionComponent, factory
from newsift.sources.domains import is_shortener, normalize_host, registrable_domain
from newsift.sources.registry import Entry, RaterInfo, Registry, load_registry, lookup_host
from newsift.sources.taxonomy import CATEGORIES, FACTUALITY, SEVERITY, UNRATED

_BY_SEVERITY = {v: k for k, v in SEVERITY.items()}


def median_factuality(votes: list[str]) -> str:
    """Median on the ordinal scale; between two different middle votes, round toward unreliable."""
    if not votes:
        return UNRATED
    ranks = sorted(SEVERITY[v] for v in votes)
    n = len(ranks)
    if n % 2:
        return _BY_SEVERITY[ranks[n // 2]]
    return _BY_SEVERITY[(ranks[n // 2 - 1] + ranks[n // 2]) // 2]


def _counted(entries: list[Entry], raters: dict[str, RaterInfo]) -> dict[str, list[Entry]]:
    """Entries per origin, the counted (newest; the origin's own list on a tie) first."""
    by_origin: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_origin[entry.origin].append(entry)
    for rows in by_origin.values():
        rows.sort(
            key=lambda e: (
                raters[e.rater].date if e.rater in raters else "",
                e.rater == e.origin,
                e.rater,
            ),
            reverse=True,
        )
    return dict(sorted(by_origin.items()))


def consensus(entries: list[Entry], raters: dict[str, RaterInfo]) -> dict:
    groups = _counted(entries, raters)
    chosen = {origin: rows[0] for origin, rows in groups.items()}
    votes: dict[str, list[str]] = defaultdict(list)
    for origin, entry in chosen.items():
        if entry.factuality:
            votes[entry.factuality].append(origin)
    flat = [label for label, origins in votes.items() for _ in origins]
    verdict = median_factuality(flat)
    agree = len(votes.get(verdict, []))
    disagree = len(flat) - agree
    if not flat:
        status = "none"
    elif len(flat) == 1:
        status = "single"
    elif disagree == 0:
        status = "unanimous"
    elif agree > disagree:
        status = "majority"
    else:
        status = "split"
    categories: dict[str, dict[str, list[str]]] = {}
    for category in CATEGORIES:
        yes = [o for o, e in chosen.items() if category in e.categories]
        if not yes:
            continue
        no = [
            o
            for o, e in chosen.items()
            if category not in e.categories
            and e.rater in raters
            and category in raters[e.rater].vocabulary
        ]
        categories[category] = {"agree": yes, "disagree": no}
    return {
        "factuality": verdict,
        "categories": [c for c, a in categories.items() if len(a["agree"]) >= len(a["disagree"])],
        "agreement": {
            "independent_sources": len(chosen),
            "factuality": {
                "agree": agree,
                "disagree": disagree,
                "votes": {k: votes[k] for k in (*FACTUALITY,) if k in votes},
                "status": status,
            },
            "categories": categories,
            "same_source": [
                {"origin": o, "counted": rows[0].rater, "also": [r.rater for r in rows[1:]]}
                for o, rows in groups.items()
                if len(rows) > 1
            ],
        },
    }


def _rating(entry: Entry, counted: bool, raters: dict[str, RaterInfo]) -> dict:
    info = raters.get(entry.rater)
    return {
        "rater": entry.rater,
        "raw_label": entry.raw_label,
        "factuality": entry.factuality or UNRATED,
        "categories": list(entry.categories),
        "date": info.date if info and info.date else None,
        "license": info.license if info else None,
        "origin": entry.origin,
        "counted": counted,
        "source": info.version if info else None,
    }


def _summary(domain: str, result: dict) -> str:
    agreement = result["consensus"]["agreement"]
    fact = agreement["factuality"]
    n = len(result["ratings"])
    text = (
        f"{domain}: rated by {n} list{'s' if n != 1 else ''} from "
        f"{agreement['independent_sources']} independent source"
        f"{'s' if agreement['independent_sources'] != 1 else ''}"
    )
    for group in agreement["same_source"]:
        text += (
            f"; {group['origin']} counted once ({', '.join([group['counted'], *group['also']])})"
        )
    verdict = result["consensus"]["factuality"]
    if verdict == UNRATED:
        text += ". No rater judges its factuality"
    else:
        text += f". Factuality {verdict}: {fact['agree']} agree, {fact['disagree']} disagree"
    if result["consensus"]["categories"]:
        text += f"; categories: {', '.join(result['consensus']['categories'])}"
    return text + "."


def reputation(domain_or_url: str | None, registry: Registry | None = None) -> dict:
    """The report's ``source_reputation`` for a domain, host or URL (validates as the model)."""
    registry = registry or load_registry()
    empty = {
        "factuality": UNRATED,
        "categories": [],
        "agreement": None,
    }
    if not domain_or_url:
        return {
            "domain": None,
            "status": "unrated",
            "ratings": [],
            "consensus": empty,
            "note": "unrated: the article's site is unknown, so no list can be consulted",
            "registry_version": registry.version,
        }
    key, entries = registry.find(domain_or_url)
    if key is None:
        raise InputError(f"{domain_or_url!r} is not a domain or URL with a public suffix")
    if is_shortener(domain_or_url):
        return {
            "domain": key,
            "status": "unrated",
            "ratings": [],
            "consensus": empty,
            "shortener": True,
            "note": (
                f"unrated: {key} is a link shortener; it says nothing about who published the"
                " article: follow the link to the article's own site"
            ),
            "registry_version": registry.version,
        }
    if not entries:
        return {
            "domain": key,
            "status": "unrated",
            "ratings": [],
            "consensus": empty,
            "note": (
                f"unrated: none of the {len(registry.raters)} lists newsift knows rates {key};"
                " that says nothing either way"
            ),
            "registry_version": registry.version,
        }
    groups = _counted(entries, registry.raters)
    ratings = [
        _rating(entry, i == 0, registry.raters)
        for rows in groups.values()
        for i, entry in enumerate(rows)
    ]
    ratings.sort(key=lambda r: (not r["counted"], r["rater"]))
    result = {
        "domain": key,
        "status": "rated",
        "ratings": ratings,
        "consensus": consensus(entries, registry.raters),
        "registry_version": registry.version,
    }
    result["note"] = _summary(key, result)
    return result


def lookup(query: str, registry: Registry | None = None) -> tuple[dict, str | None]:
    """A domain, URL or outlet name -> (reputation, the outlet name it resolved, if any)."""
    from newsift.sources.outlets import resolve_outlet_name

    query = query.strip()
    if not query:
        raise InputError("give a domain, a URL or an outlet name to look up")
    host = lookup_host(query)
    if host is not None:
        return reputation(host, registry), None
    domain = resolve_outlet_name(query)
    if domain is None:
        raise InputError(
            f"{query!r} is neither a domain, a URL nor an outlet name newsift knows"
            " (try the outlet's domain, e.g. example.com)"
        )
    return reputation(domain, registry), query


def article_site(article: Article) -> str | None:
    """The host to look up: the URL's (``abcnews.go.com``) when it is the site's, else the domain."""
    domain = article.site.domain
    if article.url and domain and registrable_domain(article.url) == domain:
        return normalize_host(article.url) or domain
    return domain


def add_source_reputation(article: Article) -> None:
    try:
        article.source_reputation = reputation(article_site(article))
    except InputError:
        article.source_reputation = reputation(None)


@factory("source_reputation")
def make_source_reputation() -> FunctionComponent:
    return FunctionComponent("source_reputation", add_source_reputation)
