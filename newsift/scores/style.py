"""Interpretable style features of the cleaned text (NELA-like), each with the spans that carry it.

The credibility models (``credibility.py``) read only these numbers and the words of the
cleaned text, so every reason they give is one of the signals below. The features follow the
NELA toolkit's families (Horne et al. 2018, "Sampling the News Producers", ICWSM): structure
(sentence and word length, reading grade, lexical diversity), style (punctuation, capitals,
pronouns, superlatives, parts of speech), affect (subjective and emotionally loaded words,
from lexicons cited in ``newsift/data/lexicons/LICENSES.md``) and, when the claims analyzers
ran, hedging and attribution statistics.

Every feature is length-normalised (a rate or a share). The raw length is not a feature: some
training sets separate their classes by length alone (Horne's BuzzFeed real articles are
about three times longer than the fakes), which says nothing about a new article.

Missing values are ``nan`` and the model replaces them by the training mean, so a missing
feature contributes exactly zero. A value is missing when the evidence for it is absent, not
zero: no title; text whose case was flattened by its publisher or a dataset (then capitals
and quotes say nothing); an analyzer that did not run (its span group is absent).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from newsift.article import Article, Span

NAN = float("nan")

#: Subjective: a lexicon subjectivity >= this (Pattern's scale 0..1).
SUBJECTIVE_AT = 0.6
#: Loaded (emotionally charged): |VADER valence| >= this (scale -4..4).
LOADED_AT = 2.0
MATTR_WINDOW = 50

FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves", "ya", "y'all"})

_QUOTE = re.compile(r"“[^”\n]{1,1000}”|\"[^\"\n]{1,1000}\"|«[^»\n]{1,1000}»")
_EXCLAIM = re.compile(r"!+")
_QUESTION = re.compile(r"\?+")
_MARKUP = re.compile(r"(?<!\w)[@#]\w+|https?://\S+|www\.\S+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Feature:
    name: str
    explanation: str
    #: The span group of another analyzer this feature needs (missing when it did not run).
    needs: str | None = None


FEATURES: tuple[Feature, ...] = (
    Feature("words_per_sentence", "average sentence length in words"),
    Feature("word_length", "average word length in characters"),
    Feature("reading_grade", "Flesch-Kincaid grade level"),
    Feature("lexical_diversity", f"moving-average type-token ratio ({MATTR_WINDOW}-word window)"),
    Feature("exclamations", "exclamation marks per sentence"),
    Feature("questions", "question marks per sentence"),
    Feature("quoted_share", "share of the text inside quotation marks"),
    Feature("capital_letters", "share of letters that are capitals"),
    Feature("all_caps_words", "words of 4+ letters in ALL CAPS, per 100 words"),
    Feature("first_person_singular", "I/me/my per 100 words"),
    Feature("first_person_plural", "we/us/our per 100 words"),
    Feature("second_person", "you/your per 100 words"),
    Feature("superlatives", "superlative adjectives and adverbs per 100 words"),
    Feature("adjectives", "adjectives per 100 words"),
    Feature("adverbs", "adverbs per 100 words"),
    Feature("proper_nouns", "proper nouns per 100 words"),
    Feature("numbers", "numbers per 100 words"),
    Feature("named_entities", "named entities per 100 words"),
    Feature("subjective_words", "subjective words (Pattern lexicon) per 100 words"),
    Feature("loaded_words", "emotionally loaded words (VADER lexicon) per 100 words"),
    Feature("negativity", "share of sentiment-bearing words that are negative (VADER)"),
    Feature("social_markup", "@mentions, #hashtags and links per 100 words"),
    Feature("dateline", "the article opens with a dateline (e.g. 'WASHINGTON -')"),
    Feature("title_capitals", "share of the title's letters that are capitals"),
    Feature("title_punctuation", "the title has an exclamation or question mark"),
    Feature("title_words", "title length in words"),
    Feature("satire_cues", "phrases by which a site declares satire or parody"),
    Feature("hedges", "hedge cues per sentence", needs="hedges"),
    Feature("certainty", "certainty markers per sentence", needs="certainty"),
    Feature("evidence_promised", "evidence promised but not shown", needs="evidence_promised"),
    Feature(
        "unverifiable_sourcing", "unverifiable sourcing per sentence", needs="unverifiable_sourcing"
    ),
    Feature("attributed_claims", "share of claims attributed to a source", needs="claims"),
    Feature("anonymous_sources", "share of attributions to anonymous sources", needs="claims"),
    Feature(
        "checkworthy_share", "share of sentences that make check-worthy claims", needs="claims"
    ),
)
FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
EXPLANATIONS: dict[str, str] = {f.name: f.explanation for f in FEATURES}


@dataclass
class StyleResult:
    values: dict[str, float]
    spans: dict[str, list[Span]] = field(default_factory=dict)
    words: int = 0


def _lexicon(name: str, value_columns: tuple[str, ...]) -> dict[str, tuple[float, ...]]:
    path = resources.files("newsift") / "data" / "lexicons" / name
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        key = None
        table: dict[str, tuple[float, ...]] = {}
        for row in rows:
            key = key or next(iter(row))
            table[row[key]] = tuple(float(row[c]) for c in value_columns)
    return table


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> dict[str, float]:
    return {w: v[0] for w, v in _lexicon("subjectivity.tsv", ("subjectivity",)).items()}


@lru_cache(maxsize=1)
def valence_lexicon() -> dict[str, float]:
    return {w: v[0] for w, v in _lexicon("valence.tsv", ("valence",)).items()}


@lru_cache(maxsize=1)
def satire_cue_pattern() -> re.Pattern[str]:
    path = resources.files("newsift") / "data" / "lexicons" / "satire_cues.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    phrases = sorted(rows[1:], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I)


def is_case_flattened(text: str) -> bool:
    """Text with letters but no capital at all was lower-cased by someone (CoAID's authors,
    a scraper); its capitals and quotes carry no signal."""
    letters = _LETTER.findall(text[:20000])
    return len(letters) >= 20 and not any(c.isupper() for c in letters)


def syllables(word: str) -> int:
    """Vowel-group count with the silent-e rule: the usual Flesch-Kincaid approximation."""
    word = word.lower()
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def mattr(tokens: list[str], window: int = MATTR_WINDOW) -> float:
    if not tokens:
        return NAN
    if len(tokens) <= window:
        return len(set(tokens)) / len(tokens)
    counts: dict[str, int] = {}
    for token in tokens[:window]:
        counts[token] = counts.get(token, 0) + 1
    total = len(counts)
    distinct = total
    for i in range(window, len(tokens)):
        out, new = tokens[i - window], tokens[i]
        counts[out] -= 1
        if counts[out] == 0:
            del counts[out]
        counts[new] = counts.get(new, 0) + 1
        distinct += len(counts)
    return distinct / ((len(tokens) - window + 1) * window)


def _regex_spans(pattern: re.Pattern[str], text: str, label: str) -> list[Span]:
    return [Span(m.start(), m.end(), label) for m in pattern.finditer(text)]


def _per(count: float, total: float, scale: float = 1.0) -> float:
    return scale * count / total if total else NAN


def extract(article: Article, with_spans: bool = False) -> StyleResult:
    """The style features of ``article`` (cleaned text, spaCy doc, earlier analyzers' spans)."""
    text = article.text
    doc = article.doc
    if doc is None:
        from newsift.nlp.annotate import load_spacy

        doc = load_spacy(False)(text)
    flattened = is_case_flattened(text)
    subjective, valence = subjectivity_lexicon(), valence_lexicon()

    words = [t for t in doc if t.is_alpha]
    n_words = len(words)
    sentences = [s for s in doc.sents if any(t.is_alpha for t in s)]
    n_sent = len(sentences) or 1
    lower = [t.lower_ for t in words]

    def token_spans(tokens, label):
        return [Span(t.idx, t.idx + len(t.text), label) for t in tokens]

    picks: dict[str, list] = {
        "first_person_singular": [t for t in words if t.lower_ in FIRST_SINGULAR],
        "first_person_plural": [t for t in words if t.lower_ in FIRST_PLURAL],
        "second_person": [t for t in words if t.lower_ in SECOND_PERSON],
        "superlatives": [t for t in words if t.tag_ in ("JJS", "RBS")],
        "subjective_words": [t for t in words if subjective.get(t.lower_, 0.0) >= SUBJECTIVE_AT],
        "loaded_words": [t for t in words if abs(valence.get(t.lower_, 0.0)) >= LOADED_AT],
        "all_caps_words": [
            t for t in words if len(t.text) >= 4 and t.text.isupper() and not flattened
        ],
    }
    sentiment = [valence[t.lower_] for t in words if abs(valence.get(t.lower_, 0.0)) >= 1.0]
    letters = _LETTER.findall(text)
    quotes = _regex_spans(_QUOTE, text, "quote")
    exclaims = _regex_spans(_EXCLAIM, text, "exclamation")
    questions = _regex_spans(_QUESTION, text, "question")
    markup = _regex_spans(_MARKUP, text, "markup")
    title = (article.title or "").strip()
    title_letters = _LETTER.findall(title)
    cues_in_text = _regex_spans(satire_cue_pattern(), text, "satire_cue")
    cue_anywhere = bool(cues_in_text) or bool(satire_cue_pattern().search(article.source_text))
    n_syllables = sum(syllables(t.text) for t in words)

    values: dict[str, float] = {
        "words_per_sentence": _per(n_words, len(sentences)),
        "word_length": _per(sum(len(t.text) for t in words), n_words),
        "reading_grade": (
            0.39 * n_words / n_sent + 11.8 * n_syllables / n_words - 15.59 if n_words else NAN
        ),
        "lexical_diversity": mattr(lower),
        "exclamations": _per(sum(len(s) for s in (m.text_in(text) for m in exclaims)), n_sent),
        "questions": _per(len(questions), n_sent),
        "quoted_share": NAN if flattened else _per(sum(q.end - q.start for q in quotes), len(text)),
        "capital_letters": (
            NAN if flattened or not letters else sum(c.isupper() for c in letters) / len(letters)
        ),
        "adjectives": _per(sum(t.pos_ == "ADJ" for t in words), n_words, 100),
        "adverbs": _per(sum(t.pos_ == "ADV" for t in words), n_words, 100),
        "proper_nouns": _per(sum(t.pos_ == "PROPN" for t in words), n_words, 100),
        "numbers": _per(sum(t.like_num for t in doc), n_words, 100),
        "named_entities": _per(len(doc.ents), n_words, 100),
        "negativity": _per(sum(v < 0 for v in sentiment), len(sentiment)),
        "social_markup": _per(len(markup), n_words, 100),
        "dateline": float(bool(article.spans.get("dateline"))),
        "title_capitals": (
            NAN
            if not title_letters or flattened or is_case_flattened(title)
            else sum(c.isupper() for c in title_letters) / len(title_letters)
        ),
        "title_punctuation": float(bool(re.search(r"[!?]", title))) if title else NAN,
        "title_words": float(len(title.split())) if title else NAN,
        "satire_cues": float(cue_anywhere),
    }
    for name, tokens in picks.items():
        values[name] = (
            NAN if name == "all_caps_words" and flattened else _per(len(tokens), n_words, 100)
        )
    values.update(_analyzer_values(article, n_sent))

    result = StyleResult(values={n: float(values[n]) for n in FEATURE_NAMES}, words=n_words)
    if with_spans:
        spans = {name: token_spans(tokens, name) for name, tokens in picks.items()}
        spans.update(
            {
                "exclamations": exclaims,
                "questions": questions,
                "quoted_share": quotes,
                "social_markup": markup,
                "satire_cues": cues_in_text,
                "dateline": list(article.spans.get("dateline") or []),
            }
        )
        spans.update(_analyzer_spans(article))
        result.spans = spans
    return result


def _analyzer_values(article: Article, n_sent: int) -> dict[str, float]:
    """Statistics of the claims analyzers' span groups; nan when a group is absent."""
    groups = article.spans
    out: dict[str, float] = {}
    for name in ("hedges", "certainty", "unverifiable_sourcing"):
        out[name] = _per(len(groups[name]), n_sent) if name in groups else NAN
    out["evidence_promised"] = (
        float(len(groups["evidence_promised"]) > 0) if "evidence_promised" in groups else NAN
    )
    claims = groups.get("claims")
    if claims is None:
        out.update(attributed_claims=NAN, anonymous_sources=NAN, checkworthy_share=NAN)
        return out
    attributions = [_source_type(c) for c in claims]
    typed = [t for t in attributions if t not in (None, "none", "author")]
    out["attributed_claims"] = _per(len(typed), len(claims))
    out["anonymous_sources"] = _per(sum(t == "anonymous" for t in typed), len(typed))
    scored = groups.get("checkworthiness")
    if scored:
        out["checkworthy_share"] = _per(sum((s.score or 0) >= 0.5 for s in scored), len(scored))
    else:
        out["checkworthy_share"] = _per(len(claims), n_sent)
    return out


def _source_type(span: Span) -> str | None:
    attribution = span.attrs.get("attribution")
    if not attribution:
        return None
    source = attribution.get("source") if isinstance(attribution, dict) else None
    return (source or {}).get("type")


def _analyzer_spans(article: Article) -> dict[str, list[Span]]:
    groups = article.spans
    spans = {
        name: list(groups.get(name) or [])
        for name in ("hedges", "certainty", "evidence_promised", "unverifiable_sourcing")
    }
    claims = groups.get("claims") or []
    spans["attributed_claims"] = [
        c for c in claims if _source_type(c) not in (None, "none", "author")
    ]
    spans["anonymous_sources"] = [c for c in claims if _source_type(c) == "anonymous"]
    spans["checkworthy_share"] = list(claims)
    return spans
