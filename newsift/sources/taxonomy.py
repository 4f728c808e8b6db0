"""One taxonomy for every rater: a factuality axis and a set of categories.

Each list speaks its own language ("fake", "gu", "LOW", "Parody site"). The tables here turn a
rater's raw label into newsift's two axes, one token at a time, so a reader can audit every
decision in one place. A raw label is a ``"; "``-joined list of tokens (``"fake; satire"``,
``"fact=low; bias=extreme-right"``); each token maps to a :class:`Label`, and a rating's
labels combine: the most severe factuality any token states, and the union of categories.

Two rules shape the tables:

* **Satire is never folded into fake.** A site tagged satire gets the ``satire`` category and
  *no* factuality verdict: satire is not an attempt to inform, so "reliable" and "unreliable"
  do not apply, and calling it unreliable would let a scoring model learn "satire = misinformation".
  A site tagged both fake and satire (OpenSources does this) gets both categories, and the
  factuality of the fake tag.
* **A token that says nothing about factuality abstains** (``factuality=None``), rather than
  being guessed into a verdict: viewpoint tags ("political"), hate, state media, plain listings
  whose list mixes fake and satirical sites (FactCheck.org).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

FACTUALITY = ("reliable", "mixed", "unreliable")
UNRATED = "unrated"
CATEGORIES = (
    "fake",
    "satire",
    "conspiracy",
    "junk_science",
    "state_media",
    "propaganda",
    "hate",
    "clickbait",
    "hyperpartisan",
    "rumor",
)
#: Position on the ordinal factuality scale; lower is more severe.
SEVERITY = {"unreliable": 0, "mixed": 1, "reliable": 2}


@dataclass(frozen=True)
class Label:
    factuality: str | None = None
    categories: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.factuality is not None and self.factuality not in FACTUALITY:
            raise ValueError(f"unknown factuality {self.factuality!r}")
        unknown = set(self.categories) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown categories {sorted(unknown)}")


def L(factuality: str | None = None, *categories: str) -> Label:
    return Label(factuality, frozenset(categories))


class UnknownLabel(ValueError):
    """A raw token that no table entry covers (reported by the build, never guessed)."""


@dataclass(frozen=True)
class LabelMap:
    """How one rater's raw tokens map to the taxonomy.

    ``exact`` is looked up after normalising the token (lower case, spaces collapsed) and
    applying ``aliases`` (typos and case variants); ``keywords`` are ``(prefix, substring,
    label)`` rules for free-text fields such as MBFC's bias string; tokens whose ``key=``
    prefix is in ``ignore_keys`` carry detail only.
    """

    exact: Mapping[str, Label]
    aliases: Mapping[str, str] = field(default_factory=dict)
    keywords: tuple[tuple[str, str, Label], ...] = ()
    ignore_keys: frozenset[str] = frozenset()
    #: How a rating's tokens combine on factuality: the most severe ("severest"), or
    #: "mixed" when they disagree ("split_is_mixed", for statuses that differ by topic).
    combine: str = "severest"

    def token(self, raw: str) -> Label:
        token = normalize_token(raw)
        token = self.aliases.get(token, token)
        if token in self.exact:
            return self.exact[token]
        key = token.split("=", 1)[0] if "=" in token else ""
        if key in self.ignore_keys:
            return Label()
        found = [label for prefix, word, label in self.keywords if key == prefix and word in token]
        if found:
            return combine(found)
        if key and any(prefix == key for prefix, _, _ in self.keywords):
            return Label()  # a free-text field with none of the keywords: no category
        raise UnknownLabel(raw)

    def __call__(self, raw_label: str) -> Label:
        labels = [self.token(t) for t in split_label(raw_label)]
        label = combine(labels)
        stated = {lab.factuality for lab in labels if lab.factuality}
        if self.combine == "split_is_mixed" and len(stated) > 1:
            return Label("mixed", label.categories)
        return label

    @property
    def vocabulary(self) -> frozenset[str]:
        """Categories this rater can assign; only these can it be said to disagree on."""
        labels = [*self.exact.values(), *(label for _, _, label in self.keywords)]
        return frozenset(c for label in labels for c in label.categories)


def normalize_token(token: str) -> str:
    return re.sub(r"\s+", " ", token.strip().lower())


def split_label(raw_label: str) -> list[str]:
    return [t for t in (part.strip() for part in raw_label.split(";")) if t]


def combine(labels: Iterable[Label]) -> Label:
    """The most severe factuality stated, and all categories."""
    labels = list(labels)
    stated = [lab.factuality for lab in labels if lab.factuality]
    factuality = min(stated, key=SEVERITY.__getitem__) if stated else None
    return Label(factuality, frozenset(c for lab in labels for c in lab.categories))


def ordered(categories: Iterable[str]) -> list[str]:
    present = set(categories)
    return [c for c in CATEGORIES if c in present]


# --- The tables ------------------------------------------------------------------------------
# OpenSources tag definitions (opensources.co, 2017), quoted where they decide the mapping.
OPENSOURCES = LabelMap(
    exact={
        # "entirely fabricate information, disseminate deceptive content, or grossly distort"
        "fake": L("unreliable", "fake"),
        # "use humor, irony, exaggeration, ridicule, and false information to comment"
        "satire": L(None, "satire"),
        # "Extreme Bias: ... may rely on propaganda, decontextualized information, and
        # opinions distorted as facts"
        "bias": L("mixed", "hyperpartisan"),
        "conspiracy": L("unreliable", "conspiracy"),
        "junksci": L("unreliable", "junk_science"),
        "rumor": L("unreliable", "rumor"),
        # "actively promote racism, misogyny, homophobia": a category, not a factuality verdict
        "hate": L(None, "hate"),
        # "provide generally credible content, but use exaggerated, misleading, or
        # questionable headlines"
        "clickbait": L("mixed", "clickbait"),
        # "Sources in repressive states operating under government sanction"
        "state": L(None, "state_media"),
        # "may be reliable but whose contents require further verification": mixed, not
        # unreliable, by OpenSources' own definition
        "unreliable": L("mixed"),
        # "generally verifiable information in support of certain points of view": a
        # viewpoint tag; OpenSources marks the sites it vouches for with "reliable"
        "political": L(None),
        "reliable": L("reliable"),
        "blog": L(None),
    },
    aliases={
        "fake news": "fake",
        "unrealiable": "unreliable",
        "satirical": "satire",
        "junk science": "junksci",
        "junk-science": "junksci",
        "conspiracy theory": "conspiracy",
        "state news": "state",
        "hate news": "hate",
        "rumor mill": "rumor",
        "extreme bias": "bias",
    },
)

# Media Bias/Fact Check, as scraped (yang3kc) or imported by a user. Factual reporting decides
# factuality; the bias string and MBFC's category add categories. "Questionable source" (the
# "fake-news" category slug) is MBFC's umbrella for extreme bias, propaganda, poor sourcing or
# failed fact checks: it is not a claim that the site fabricates stories, so it adds nothing.
MBFC = LabelMap(
    exact={
        "factual=very high": L("reliable"),
        "factual=high": L("reliable"),
        "factual=mostly factual": L("reliable"),
        "factual=mixed": L("mixed"),
        "factual=low": L("unreliable"),
        "factual=very low": L("unreliable"),
        "factual=not rated": L(None),
        "category=satire": L(None, "satire"),
        "category=fake-news": L(None),  # "questionable source"
        "category=questionable": L(None),
        # MBFC's combined "conspiracy-pseudoscience" category: the bias string says which
        "category=conspiracy": L(None),
        "category=conspiracy-pseudoscience": L(None),
        "category=pro-science": L(None),
        "category=center": L(None),
        "category=leftcenter": L(None),
        "category=left-center": L(None),
        "category=right-center": L(None),
        "category=left": L(None),
        "category=right": L(None),
    },
    keywords=(
        ("bias", "conspiracy", L(None, "conspiracy")),
        ("bias", "pseudoscience", L(None, "junk_science")),
        ("bias", "pseusdoscience", L(None, "junk_science")),  # typo in the scrape
        ("bias", "psuedoscience", L(None, "junk_science")),  # typo in the scrape
        ("bias", "quackery", L(None, "junk_science")),
        ("bias", "satire", L(None, "satire")),
        ("bias", "extreme", L(None, "hyperpartisan")),
        ("bias", "far", L(None, "hyperpartisan")),
        ("bias", "alt-right", L(None, "hyperpartisan")),
        ("bias", "propaganda", L(None, "propaganda")),
    ),
    ignore_keys=frozenset({"credibility", "section"}),
)

# Baly et al. (MBFC labels, 2018 and 2020 snapshots): factuality high/mixed/low, bias on 7 or
# 3 points; the extremes of the 7-point scale are hyperpartisan.
BALY = LabelMap(
    exact={
        "fact=high": L("reliable"),
        "fact=mixed": L("mixed"),
        "fact=low": L("unreliable"),
        "bias=extreme-left": L(None, "hyperpartisan"),
        "bias=extreme-right": L(None, "hyperpartisan"),
        **{
            f"bias={b}": L(None) for b in ("left", "left-center", "center", "right-center", "right")
        },
    },
    ignore_keys=frozenset({"section"}),
)

# Burdisso et al. 2024 ground truth: -1/0/1 reliability (label_source says from whom); -2 marks
# Wikipedia's deprecated/blacklisted sources.
IDIAP = LabelMap(
    exact={
        "reliability=1": L("reliable"),
        "reliability=0": L("mixed"),
        "reliability=-1": L("unreliable"),
        "reliability=-2": L("unreliable"),
    }
)

# Wikipedia:Reliable sources/Perennial sources. Deprecated and blacklisted sources are
# generally unreliable sources editors went further against. The RSP gives no categories:
# its prose summaries mention "state media" or "propaganda" too loosely to parse safely.
WIKIPEDIA_RSP = LabelMap(
    exact={
        "generally reliable": L("reliable"),
        "no consensus": L("mixed"),
        "generally unreliable": L("unreliable"),
        "deprecated": L("unreliable"),
        "blacklisted": L("unreliable"),
        # status "m": reliability that depends on the period or the topic
        "multiple": L("mixed"),
    },
    # A source with several statuses (by topic or period) is mixed, not its worst status.
    combine="split_is_mixed",
)

LISTED_FAKE = LabelMap(exact={"listed": L("unreliable", "fake")})

# FactCheck.org's directory lists "websites that have carried fake or satirical articles"
# without saying which: a listing alone cannot be a factuality verdict.
FACTCHECK_ORG = LabelMap(exact={"listed": L(None)})

BUZZFEED = LabelMap(exact={"listed": L("unreliable", "fake")}, ignore_keys=frozenset({"network"}))

FAKE_NEWS_CODEX = LabelMap(
    exact={
        "fake": L("unreliable", "fake"),
        "satire": L(None, "satire"),
        # "extremely misleading" in the Codex's own words
        "misleading": L("unreliable"),
    }
)

FAKE_NEWS_WATCH = LabelMap(
    exact={
        "fake-hoax": L("unreliable", "fake"),
        "satire": L(None, "satire"),
        "clickbait": L("mixed", "clickbait"),
    }
)

IS_IT_FAKE_NEWS = LabelMap(
    exact={
        "fake news": L("unreliable", "fake"),
        "warning": L("mixed"),
        "satire": L(None, "satire"),
        "reliable": L("reliable"),
        "political": L(None),
    }
)

# Oxford Internet Institute junk news: a listed site meets >= 3 of 5 criteria
# (professionalism, style, credibility, bias, counterfeit) and "deliberately publishes
# misleading, deceptive or incorrect information purporting to be real news".
JUNK_NEWS = LabelMap(
    exact={
        "junk news": L("unreliable"),
        "right-wing-bias": L(None, "hyperpartisan"),
        "left-wing-bias": L(None, "hyperpartisan"),
        "credibility": L(None),
        "style": L(None),
        "professionalism": L(None),
        "counterfeit": L(None),
        "aggregator": L(None),
    }
)

POLITIFACT = LabelMap(
    exact={
        "fake news": L("unreliable", "fake"),
        "imposter site": L("unreliable", "fake"),
        # PolitiFact: "Nor does it mean every post on these websites is fake"
        "some fake stories": L("mixed"),
        "parody site": L(None, "satire"),
    }
)

#: For ``newsift sources import`` files in no known format: common words of several raters.
GENERIC = LabelMap(
    exact={
        **{w: L("reliable") for w in ("reliable", "high", "very high", "mostly factual",
                                      "credible", "trustworthy", "generally reliable", "1")},
        **{w: L("mixed") for w in ("mixed", "medium", "no consensus", "0", "questionable")},
        **{w: L("unreliable") for w in ("unreliable", "low", "very low", "not credible",
                                        "generally unreliable", "deprecated", "-1")},
        "fake": L("unreliable", "fake"),
        "fake news": L("unreliable", "fake"),
        "hoax": L("unreliable", "fake"),
        "satire": L(None, "satire"),
        "parody": L(None, "satire"),
        "conspiracy": L("unreliable", "conspiracy"),
        "junk science": L("unreliable", "junk_science"),
        "junk_science": L("unreliable", "junk_science"),
        "pseudoscience": L("unreliable", "junk_science"),
        "state media": L(None, "state_media"),
        "state_media": L(None, "state_media"),
        "propaganda": L(None, "propaganda"),
        "hate": L(None, "hate"),
        "clickbait": L("mixed", "clickbait"),
        "hyperpartisan": L(None, "hyperpartisan"),
        "extreme bias": L(None, "hyperpartisan"),
        "rumor": L("unreliable", "rumor"),
        "listed": L(None),
    }
)  # fmt: skip
