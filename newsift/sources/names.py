"""Outlet names as words: the key a name is looked up by, and whether a name is an ordinary
word or phrase ("Reason", "The Week", "World News") that must not be taken for an outlet on
its own. Below both the registry, which flags list names at build time, and the name index."""

from __future__ import annotations

import re
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")


#: Words that make up generic news-site names ("World News Daily Report", "American News").
#: A list-derived name made only of these (and stop words) is an ordinary phrase.
GENERIC_NAME_WORDS = frozenset(
    """
    the a an of and for in on at to by with from our your my us usa u s america american americans
    news daily weekly world today now live breaking latest top real true truth report reports
    reporter times post posts journal tribune herald gazette press review magazine media network
    channel tv radio online info information insider wire feed update updates politics political
    national international global local patriot patriots patriotic conservative conservatives
    liberal liberals right left free freedom liberty nation national people public voice mail
    star sun globe express standard observer record today daily chronicle dispatch monitor
    times web blog hub central zone alert alerts viral trending story stories new first best
    great big united state states country world's citizen citizens citizen's web site com net org
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


_STOP = frozenset({"the", "a", "an", "of", "and", "for", "in", "on", "at", "to", "by", "&"})


def normalize_name(name: str) -> str:
    """'The Moscow Times' and 'moscow times.' both become 'moscow times'."""
    key = _NON_WORD.sub(" ", name.lower()).strip()
    return re.sub(r"^the\s+", "", key)


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Ordinary English words (WordNet lemmas from the spaCy model's lemmatizer tables).

    Used only when building or importing a registry, to flag names such as "Salon" as
    ambiguous; never at analysis time.
    """
    from pathlib import Path

    try:
        import spacy
        from spacy.lookups import Lookups

        from newsift.settings import SPACY_MODEL

        root = Path(spacy.util.get_package_path(SPACY_MODEL))
        lookups_dir = next(root.glob("*/lemmatizer/lookups"), None) or next(
            root.glob("lemmatizer/lookups")
        )
        index = Lookups().from_disk(lookups_dir).get_table("lemma_index")
    except (ImportError, OSError, StopIteration, KeyError):
        return GENERIC_NAME_WORDS
    words = {w for key in index for w in index[key]}
    return frozenset(words) | GENERIC_NAME_WORDS


_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.&!-]*")


def name_is_ambiguous(name: str) -> bool:
    """True for names that are ordinary language: "Salon", "The Week", "World News", "RT".

    Distinctive: a digit ("21st Century Wire"), an inner capital ("InfoWars", "HuffPost"), an
    acronym of 3+ letters ("CNN", "TASS"), a single word that is not an English word
    ("Breitbart"), or several words not all of them generic news words ("The Moscow Times").
    """
    tokens = [t.strip(".'’!-") for t in _TOKEN.findall(name)]
    tokens = [t for t in tokens if t]
    if not tokens:
        return True
    if any(re.search(r"\d", t) or re.search(r"[a-z][A-Z]", t) for t in tokens):
        return False
    if any(t.isupper() and len(t) >= 3 for t in tokens):
        return False
    content = [t.lower() for t in tokens if t.lower() not in _STOP]
    if not content:
        return True
    if len(content) == 1:
        word = content[0]
        vocabulary = _english_words()
        return word in vocabulary or word.rstrip("s") in vocabulary or len(word) <= 2
    return all(w in GENERIC_NAME_WORDS for w in content)
