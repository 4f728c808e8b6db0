"""Hedges, certainty markers, promised evidence and unverifiable sourcing, as spans.

A fact-checker needs to see where an article does not commit to what it says ("If confirmed",
"reportedly", "may"), where it then concludes as if it had ("beyond a shadow of a doubt"),
where it promises evidence it does not show ("will be made public later") and where its
sources cannot be checked ("a senior official", "sources say").

The cues come from ``newsift/data/hedging_lexicon.tsv``; every entry names the published lists
that contain it: Hyland (2005) *Metadiscourse*, Appendix 1 hedges and boosters; the speculation
cues of BioScope (Vincze et al. 2008) and the CoNLL-2010 shared task (Farkas et al. 2010);
Islam, Xiao & Mercer (2020, LREC) boosters; words/hedges (Wormer, MIT); Wikipedia's "Words to
watch" (CC BY-SA). docs/claims.md has the full citations and the rules.

Bare word lists over-fire on news text ("May 5", "could not be reached for comment",
"appeared in court"), so ambiguous cues are matched on spaCy tokens and must pass a rule that
reads the tag or the parse (``check`` column of the lexicon). Without the parser (fast mode)
the rules fall back to the neighbouring words.

Span groups (all offsets into ``article.text``):

- ``hedges``: label = kind, one of :data:`HEDGE_KINDS`; attrs ``cue`` (lexicon phrase).
- ``certainty``: label ``certainty``; attrs ``kind`` = ``booster`` | ``conclusion``.
- ``evidence_promised``: label ``evidence_promised``.
- ``unverifiable_sourcing``: label ``unverifiable_sourcing``; attrs ``kind`` = ``phrase`` |
  ``anonymous_source`` | ``attribution`` (an attribution whose source type is anonymous).

Signals: ``hedge_then_certainty`` and ``evidence_promised_not_shown`` (definitions in
docs/claims.md and on :class:`HedgingComponent`).
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsift.article import Article, Signal, Span
from newsift.claims.attribution.component import speaks_for
from newsift.nlp.quotes import quote_regions
from newsift.pipeline import factory

#: The report's hedge kinds.
HEDGE_KINDS = ("modal", "epistemic", "reporting", "conditional", "approximator")
#: Hedge kinds that can be the premise of a conclusion (approximate numbers are not).
PREMISE_KINDS = frozenset({"modal", "epistemic", "reporting", "conditional"})
#: Checks whose entries are word lists read by a rule rather than matched on their own.
LIST_CHECKS = frozenset({"if_clause", "promise", "anonymous_source"})

ANAPHORS = frozenset({"it", "this", "that", "these", "those", "which", "such"})
#: An impersonal opening ("There is no doubt ...") points back as much as "It is certain ...".
IMPERSONAL_OPENERS = frozenset({"there"})
CONCLUSION_CONNECTIVES = frozenset({"so", "therefore", "thus", "hence", "consequently"})
FUTURE_AUX = frozenset({"will", "would", "'ll", "wo", "shall"})
FUTURE_HEADS = frozenset(
    {"promise", "vow", "pledge", "plan", "intend", "expect", "go", "set", "schedule", "prepare"}
)
LATER_WORDS = frozenset({"later", "soon", "shortly", "tomorrow", "eventually", "subsequently"})
MAKE_PREDICATES = frozenset({"public", "available", "known"})
INDEFINITE_DETS = frozenset(
    {"a", "an", "one", "some", "several", "many", "multiple", "numerous", "various", "few"}
)
NUMBER_WORDS = frozenset(
    {"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions"}
    | {"billion", "billions", "half", "third", "quarter", "score", "scores"}
)
CURRENCY = frozenset({"$", "£", "€", "us$", "usd", "¥"})
POSSIBLE_BLOCKERS = frozenset({"as", "if", "whenever", "wherever", "everything", "all"})
NEGATIONS = frozenset({"not", "n't", "never"})
#: Words that deny doubt a few words before it: "no longer any doubt", "isn't any doubt".
DOUBT_NEGATORS = frozenset({"no", "not", "n't", "never", "nobody", "none"})
#: Doubt denied this many words before the noun, when there is no parse.
DOUBT_NEGATION_WINDOW = 3
#: A certainty word after these is negated or a manner/degree adverb ("as clearly as").
BOOSTER_BLOCKERS = NEGATIONS | {"as", "so", "more", "most", "less", "very", "too"}


@dataclass(frozen=True, slots=True)
class Entry:
    phrase: str
    group: str
    kind: str
    check: str
    sources: tuple[str, ...]

    @property
    def tokens(self) -> list[str]:
        return self.phrase.split()


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[Entry, ...]:
    """The shipped lexicon, parsed once."""
    path = resources.files("newsift") / "data" / "hedging_lexicon.tsv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(
            (line for line in handle if not line.startswith("#")),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
        return tuple(
            Entry(r["phrase"], r["group"], r["kind"], r["check"], tuple(r["sources"].split()))
            for r in rows
        )


@lru_cache(maxsize=16)
def word_list(group: str, kind: str) -> frozenset[str]:
    """Lemmas of the lexicon's word-list entries of one role (e.g. anonymous source heads)."""
    return frozenset(
        e.phrase.lstrip("@")
        for e in load_lexicon()
        if e.group == group and e.kind == kind and e.check in LIST_CHECKS
    )


def _token_pattern(word: str) -> dict[str, Any]:
    return {"LEMMA": word[1:]} if word.startswith("@") else {"LOWER": word}


class _Matchers:
    """spaCy Matchers for the lexicon, built once per vocabulary."""

    def __init__(self) -> None:
        self._by_vocab: dict[int, Any] = {}

    def get(self, vocab):
        key = id(vocab)
        if key not in self._by_vocab:
            from spacy.matcher import Matcher

            matcher = Matcher(vocab)
            for index, entry in enumerate(load_lexicon()):
                if entry.check in LIST_CHECKS:
                    continue
                pattern = [_token_pattern(w) for w in entry.tokens]
                patterns = [pattern]
                if len(pattern) == 1 and "LEMMA" in pattern[0]:
                    patterns.append([{"LOWER": entry.tokens[0][1:]}])
                # Kept for good: built inside a spaCy memory zone (the first article of a
                # batch), the key and pattern strings would be dropped at the zone's end.
                for value in [str(index)] + [v for p in patterns for t in p for v in t.values()]:
                    vocab.strings.add(value, allow_transient=False)
                matcher.add(str(index), patterns)
            self._by_vocab[key] = (vocab, matcher)  # keep vocab alive so id() stays unique
        return self._by_vocab[key][1]


_MATCHERS = _Matchers()


# --- the rules ---------------------------------------------------------------------------------


def _has_parse(doc) -> bool:
    return doc.has_annotation("DEP")


def _next(doc, i: int):
    return doc[i + 1] if i + 1 < len(doc) else None


def _prev(doc, i: int):
    return doc[i - 1] if i > 0 else None


def _negated(token) -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    following = _next(token.doc, token.i)
    return following is not None and following.lower_ in {"not", "n't"}


def _verb_of_modal(token):
    return token.head if token.dep_ == "aux" else token


def _check_modal(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    token = doc[start]
    if token.tag_ != "MD":  # "May 5", "military might"
        return None
    if token.lower_ == "could" and _negated(token):  # "could not be reached for comment"
        return None
    verb = _verb_of_modal(token)
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(s.lower_ == "you" for s in subjects):  # permission: "you may use these tags"
        return None
    if not _has_parse(doc) and _prev(doc, start) is not None and doc[start - 1].lower_ == "you":
        return None
    return start, end


def _check_hypothetical(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    """ "would" hedges only a hypothetical: under an if-clause, or right after a conditional."""
    token = doc[start]
    if token.tag_ != "MD":
        return None
    sentence = ctx.sentence_index(token.idx)
    if any(t.lower_ in ("if", "unless") for t in token.sent):
        return start, end
    if any(sentence - 2 <= s < sentence for s in ctx.conditional_sentences):
        return start, end
    return None


def _check_appear(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    token = doc[start]
    if token.pos_ not in ("VERB", "AUX"):
        return None
    following = _next(doc, start)
    if token.lemma_ == "seem":
        ok = True
    elif _has_parse(doc):
        deps = {c.dep_ for c in token.children}
        ok = bool(deps & {"xcomp", "ccomp", "acomp", "oprd", "attr"}) or any(
            c.dep_ == "expl" or (c.dep_ == "nsubj" and c.lower_ == "it") for c in token.children
        )
        ok = ok or any(c.lower_ in ("as", "like") for c in token.children)
    else:
        ok = following is not None and (
            following.lower_ in ("to", "that", "as", "like") or following.pos_ == "ADJ"
        )
    if not ok:  # "appeared in court", "appears on television"
        return None
    if following is not None and following.lower_ == "to":
        end = following.i + 1
    return start, end


def _check_xcomp(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    following = _next(doc, start)
    if following is None or following.lower_ != "to":
        return None
    return start, following.i + 1


def _check_clausal(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    """Belief and claim verbs hedge only a clause they govern, not "claimed responsibility"."""
    token = doc[start]
    if token.pos_ not in ("VERB", "AUX"):
        return None
    if _has_parse(doc):
        deps = {c.dep_ for c in token.children}
        if not (deps & {"ccomp", "xcomp"} or token.dep_ == "parataxis"):
            return None
        if any(c.dep_ == "neg" for c in token.children) and token.lemma_ != "doubt":
            return None  # "does not believe" is a denial, not a hedge
        return start, end
    following = _next(doc, start)
    if following is None:
        return None
    if following.lower_ not in ("that", "to") and following.pos_ not in ("DET", "PRON", "PROPN"):
        return None
    return start, end


def _check_attributive(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    token = doc[start]
    if _has_parse(doc):
        if token.dep_ == "amod" or token.dep_ in ("acomp", "oprd"):
            return start, end
        return None
    following = _next(doc, start)
    return (start, end) if following is not None and following.pos_ in ("NOUN", "PROPN") else None


def _check_passive_report(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    """ "is said to", "are believed to": a be-form before the participle, a verb after "to"."""
    verb = doc[start]
    if verb.tag_ != "VBN":
        return None
    before = [doc[i] for i in range(max(0, start - 3), start)]
    be = [t for t in before if t.lemma_ == "be"]
    if not be:
        return None
    return be[-1].i, end


def _is_number(token) -> bool:
    return token.like_num or token.tag_ == "CD" or token.lower_ in NUMBER_WORDS


def _check_number(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    i = end
    while i < len(doc) and doc[i].lower_ in CURRENCY | {"a", "an"}:
        i += 1
    if i < len(doc) and _is_number(doc[i]) and i - end <= 2:
        return start, end
    return None


def _check_number_before(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    return (start, end) if start > 0 and _is_number(doc[start - 1]) else None


def _check_possible(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    previous = _prev(doc, start)
    if previous is not None and (
        previous.lower_ in POSSIBLE_BLOCKERS or previous.tag_ in ("JJS", "RBS")
    ):
        return None  # "as soon as possible", "the best possible", "if possible"
    return start, end


def _check_conclusion_verb(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    """ "proves that ..." asserts a conclusion; "proved difficult" and "if proven" do not."""
    token = doc[start]
    if token.pos_ != "VERB" or _negated(token):
        return None
    if _has_parse(doc):
        if not any(c.dep_ in ("ccomp", "dobj") for c in token.children):
            return None
        if any(c.lower_ == "if" for c in token.children):
            return None
        return start, end
    following = _next(doc, start)
    return (start, end) if following is not None and following.lower_ == "that" else None


def _check_proof_noun(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    """ "proof that" / "proof of" asserts proof exists; "no proof" and "without proof" do not."""
    token = doc[start]
    if token.pos_ != "NOUN":
        return None
    following = _next(doc, start)
    if following is None or following.lower_ not in ("that", "of"):
        return None
    window = [doc[i].lower_ for i in range(max(0, start - 3), start)]
    if {"no", "without", "lack", "not", "any"} & set(window):
        return None
    return start, end


def _check_absent_doubt(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    """The noun *doubt* denied anywhere in its clause asserts certainty: "there is no longer
    any doubt", "there isn't any doubt", "nobody can have any doubt". The span starts at the
    denial; doubt that is cast or held ("casts doubt", "some doubt") is not certainty."""
    token = doc[start]
    if token.pos_ != "NOUN":
        return None
    if _has_parse(doc):
        clause = token.head if token.dep_ in ("attr", "dobj", "nsubj", "nsubjpass") else token
        modifiers = [c for c in clause.children if c.dep_ == "advmod"]  # "no longer"
        scope = [*token.children, *clause.children, *(g for m in modifiers for g in m.children)]
    else:
        scope = list(doc[max(0, start - DOUBT_NEGATION_WINDOW) : start])
    negators = [t.i for t in scope if t.i < start and t.lower_ in DOUBT_NEGATORS]
    return (min(negators), end) if negators else None


def _check_none(doc, start: int, end: int, ctx: _Context) -> tuple[int, int] | None:
    return start, end


CHECKS = {
    "-": _check_none,
    "modal": _check_modal,
    "hypothetical": _check_hypothetical,
    "appear": _check_appear,
    "xcomp": _check_xcomp,
    "clausal": _check_clausal,
    "attributive": _check_attributive,
    "passive_report": _check_passive_report,
    "number": _check_number,
    "number_before": _check_number_before,
    "possible": _check_possible,
    "conclusion_verb": _check_conclusion_verb,
    "proof_noun": _check_proof_noun,
    "absent_doubt": _check_absent_doubt,
}


class _Context:
    """What the rules need beyond one match: sentences and which ones hold a conditional."""

    def __init__(self, article: Article):
        self.sentences = article.spans.get("sentences") or []
        self.starts = [s.start for s in self.sentences]
        self.conditional_sentences: set[int] = set()

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


# --- finders -----------------------------------------------------------------------------------


def _char_span(doc, start: int, end: int, label: str, **attrs: Any) -> Span:
    tokens = doc[start:end]
    return Span(tokens.start_char, tokens.end_char, label, attrs=attrs)


def find_conditionals(doc, ctx: _Context) -> list[Span]:
    """If-clauses whose predicate is about truth or existence: "if confirmed", "if true",
    "if the reports are accurate", "if this recording does exist"."""
    predicates = word_list("hedge", "conditional")
    spans = []
    for token in doc:
        if token.lower_ != "if":
            continue
        if _has_parse(doc):
            if token.dep_ != "mark":
                continue
            head = token.head
            clause = [head, *(c for c in head.children if c.dep_ in ("acomp", "attr", "conj"))]
            emphatic = any(
                (c.dep_ == "aux" and c.lemma_ == "do") or c.lower_ in ("really", "actually")
                for c in head.children
            )
            if not (emphatic or any(t.lemma_.lower() in predicates for t in clause)):
                continue
            last = max(t.right_edge.i for t in clause if t.i >= token.i)
            first = token.i
        else:
            first, last = token.i, token.i
            while last + 1 < len(doc) and doc[last + 1].text not in (",", ";", ".", ":"):
                last += 1
                if last - first > 12:
                    break
            window = doc[first : last + 1]
            if not any(t.lemma_.lower() in predicates for t in window):
                continue
        while last > first and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        spans.append(_char_span(doc, first, last + 1, "conditional", cue="if-clause"))
        ctx.conditional_sentences.add(ctx.sentence_index(token.idx))
    return spans


def _is_future(verb) -> bool:
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ in FUTURE_HEADS:
        return True
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return any(a.lower_ == "to" for a in auxes) and any(a.lemma_ == "be" for a in auxes)


def find_promises(doc) -> list[Span]:
    """Evidence announced for later: "the details ... would be made public later", "we will
    publish the document", "details to follow" (the last via the lexicon's phrases)."""
    if not _has_parse(doc):
        return []
    verbs = word_list("evidence_promised", "reveal_verb")
    nouns = word_list("evidence_promised", "evidence_noun")
    spans = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ not in verbs:
            continue
        if _negated(verb) or not _is_future(verb):
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        evidence = [o for o in objects if o.lemma_.lower() in nouns]
        if not evidence:
            continue
        if verb.lemma_ == "make" and not any(
            c.lemma_.lower() in MAKE_PREDICATES for c in verb.children
        ):
            continue
        keep = [verb, *evidence]
        keep += [c for c in verb.children if c.dep_ in ("aux", "auxpass", "oprd", "acomp", "prt")]
        keep += [c for c in verb.children if c.lower_ in LATER_WORDS]
        if verb.dep_ == "xcomp" and verb.head.lemma_ in FUTURE_HEADS:  # "promised to release"
            keep.append(verb.head)
        first = min(min(t.left_edge.i for t in evidence), min(t.i for t in keep))
        last = max(max(t.right_edge.i for t in evidence), max(t.i for t in keep))
        spans.append(_char_span(doc, first, last + 1, "evidence_promised", kind="future_release"))
    return spans


def find_anonymous_sources(doc) -> list[Span]:
    """Unnamed people a claim rests on: "a senior Russian intelligence official told ...",
    "officials said", "according to insiders"."""
    if not _has_parse(doc):
        return []
    heads = word_list("unverifiable", "anonymous_head")
    speech = word_list("unverifiable", "speech_verb")
    spans = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in heads:
            continue
        if any(c.dep_ == "appos" for c in token.children):  # "an official, John Smith, said"
            continue
        dets = [c for c in token.children if c.dep_ in ("det", "nummod", "poss", "predet")]
        indefinite = any(d.lower_ in INDEFINITE_DETS or d.like_num for d in dets)
        bare_plural = token.tag_ == "NNS" and not dets
        if not (indefinite or bare_plural):
            continue
        if bare_plural and speaks_for(token) is not None:
            continue  # "researchers at the X Institute said": the institute speaks
        head = token.head
        as_speaker = token.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in speech
        as_according = (
            token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"
        )
        as_agent = token.dep_ == "pobj" and head.dep_ == "agent" and head.head.lemma_ in speech
        if not (as_speaker or as_according or as_agent):
            continue
        first, last = token.left_edge.i, token.right_edge.i
        if last - first > 15:
            last = token.i
        spans.append(
            _char_span(doc, first, last + 1, "unverifiable_sourcing", kind="anonymous_source")
        )
    return spans


def _dedupe(spans: Iterable[Span]) -> list[Span]:
    """Drop spans inside a longer span of the same label; keep text order."""
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Span] = []
    # Every kept span starts at or before this one, so it lies inside one of them exactly when
    # the furthest end kept for its label reaches its end (one lookup, not a scan of ``out``).
    furthest: dict[str, int] = {}
    for span in ordered:
        if furthest.get(span.label, -1) >= span.end:
            continue
        out.append(span)
        furthest[span.label] = max(furthest.get(span.label, -1), span.end)
    return out


def set_signal(article: Article, signal: Signal) -> None:
    """Replace the article's signal of the same name (components must be idempotent)."""
    article.signals = [s for s in article.signals if s.name != signal.name] + [signal]


def add_warning(article: Article, warning: str) -> None:
    if warning not in article.warnings:
        article.warnings.append(warning)


# --- article-level signals ---------------------------------------------------------------------


def _subject_is_anaphor(sentence) -> bool:
    root = sentence.root
    for child in root.children:
        if child.dep_ == "expl":  # "there is no doubt", "it is certain": impersonal
            return True
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.lower_ in ANAPHORS:
                return True
            if any(d.dep_ == "det" and d.lower_ in ANAPHORS for d in child.children):
                return True
    return False


def _words(doc, sentence_span: Span) -> list[str]:
    sent = doc.char_span(sentence_span.start, sentence_span.end, alignment_mode="expand")
    return [t.lower_ for t in sent if not t.is_punct] if sent is not None else []


def _opens_with_connective(doc, sentence_span: Span) -> bool:
    """So, therefore, thus, hence, consequently, "which/this/that means"."""
    words = _words(doc, sentence_span)
    if words and words[0] in CONCLUSION_CONNECTIVES:
        return True
    return words[:2] in (["which", "means"], ["this", "means"], ["that", "means"])


def _draws_conclusion(doc, sentence_span: Span) -> bool:
    """The sentence refers back to what came before: it opens with, or has as its subject,
    it/this/that/these/those/such, or its subject is impersonal ("there is no doubt")."""
    sent = doc.char_span(sentence_span.start, sentence_span.end, alignment_mode="expand")
    if sent is None or len(sent) == 0:
        return False
    words = _words(doc, sentence_span)
    if words and words[0] in ANAPHORS | IMPERSONAL_OPENERS:
        return True
    if _has_parse(doc):
        roots = {t.sent.root.i: t.sent for t in sent}
        return any(_subject_is_anaphor(s) for s in roots.values())
    return False


def _marker_refers_back(doc, marker: Span) -> bool:
    """The marker's own object or subject points back: "the emails to prove *it*", "*this*
    proves", "proof of *that*"."""
    span = doc.char_span(marker.start, marker.end, alignment_mode="expand")
    if span is None:
        return False
    for token in span:
        for child in token.children:
            ahead = _next(doc, child.i)
            if ahead is not None and ahead.text == ":":
                continue  # "I can prove it: ..." points forward to what it shows
            if child.dep_ in ("dobj", "nsubj", "nsubjpass") and child.lower_ in ANAPHORS:
                return True
            if child.dep_ == "prep" and any(
                g.dep_ == "pobj" and g.lower_ in ANAPHORS for g in child.children
            ):
                return True
    return False


def others_voice(article: Article) -> list[tuple[int, int]]:
    """Where the text speaks in someone else's voice: quotations, and the content of every
    attribution to a source other than the author. A certainty there is not the author's."""
    regions = list(quote_regions(article.text))
    for attribution in article.spans.get("attributions", []):
        source = (attribution.attrs.get("source") or {}).get("type")
        content = attribution.attrs.get("content")
        if content and source not in (None, "none", "author"):
            regions.append((content["start"], content["end"]))
    return regions


def _inside(span: Span, regions: list[tuple[int, int]]) -> bool:
    return any(a <= span.start and span.end <= b for a, b in regions)


#: Words of a claim that say what it is about (what two sentences must share to be one claim).
CLAIM_POS = frozenset({"NOUN", "PROPN", "VERB"})
#: How many such words a later sentence must share with a hedged one to restate its claim.
RESTATE_MIN_SHARED = 2


def _claim_words(doc, sentence_span: Span) -> dict[str, str]:
    sent = doc.char_span(sentence_span.start, sentence_span.end, alignment_mode="expand")
    if sent is None:
        return {}
    return {
        t.lemma_.lower(): t.pos_
        for t in sent
        if t.pos_ in CLAIM_POS and not t.is_stop and t.is_alpha and len(t) > 2
    }


def _hedged(hedge: Span, index) -> list[int]:
    """The sentences whose claim a hedge puts in doubt: its own, and for a conditional ("If
    true, this would be ...") also the one before, which "true" is about."""
    k = index(hedge.start)
    return [k, k - 1] if hedge.label == "conditional" and k > 0 else [k]


def _restates(doc, hedged: Span, later: Span) -> bool:
    """The later sentence is about the hedged one's claim: they share at least
    ``RESTATE_MIN_SHARED`` content words, one of them a noun or name ("the mayor took the
    money" ... "no longer any doubt that the mayor took the money")."""
    a, b = _claim_words(doc, hedged), _claim_words(doc, later)
    shared = a.keys() & b.keys()
    return len(shared) >= RESTATE_MIN_SHARED and any(a[w] in ("NOUN", "PROPN") for w in shared)


#: Verbs too common to say that two sentences report the same act.
LIGHT_VERBS = frozenset({"be", "have", "do", "get", "make", "go", "come", "take", "give", "use"})
#: Arguments (nouns and names) a later clause must share with the hedged one to restate it.
RESTATED_ARGUMENTS = 2


def _hedged_verb(doc, hedge: Span):
    """The act a hedge puts in doubt: the verb an adverb or modal hangs on ("*allegedly*
    routed", "*may* have taken"), or the complement of "appears to", "is said to", "claims
    to". None for hedges of a whole clause (conditionals) or of a noun ("the alleged hack")."""
    span = doc.char_span(hedge.start, hedge.end, alignment_mode="expand")
    if span is None:
        return None
    for token in span:
        if token.dep_ in ("advmod", "aux") and token.head.pos_ == "VERB":
            return token.head
        if token.pos_ in ("VERB", "AUX"):
            for child in token.children:
                if child.dep_ == "xcomp" and child.pos_ == "VERB":
                    return child
    return None


def _negative_subject(token) -> bool:
    """ "*No clerk* copied", "*nobody* copied": the act denied through its subject."""
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if token.lower_ in DOUBT_NEGATORS | {"nothing", "neither"}:
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in token.children)


def _arguments(verb) -> set[str]:
    """Nouns and names of a verb's clause, its subject included: what the act is about."""
    return {
        t.lemma_.lower()
        for t in verb.subtree
        if t.pos_ in ("NOUN", "PROPN") and not t.is_stop and t.is_alpha and len(t) > 2
    }


def _flat_restatement(article: Article, hedge: Span, index, others) -> Span | None:
    """A later clause in the author's own voice that states the hedged act as fact: the same
    verb, no hedge, modal or negation of its own, not a question, and at least
    ``RESTATED_ARGUMENTS`` of the same nouns ("Someone *allegedly* downloads information
    onto a device" ... "an inside job by someone who downloaded information ... onto a
    device"). docs/findings-gold.md counts "a flat assertion of the hedged fact" as the
    certainty side."""
    doc = article.doc
    verb = _hedged_verb(doc, hedge)
    if verb is None or verb.lemma_.lower() in LIGHT_VERBS:
        return None
    arguments = _arguments(verb)
    if len(arguments) < RESTATED_ARGUMENTS:
        return None
    hedged_sentences = {index(s.start) for s in article.spans.get("hedges", [])}
    here = index(hedge.start)
    for token in doc[verb.sent.end :]:
        if token.pos_ != "VERB" or token.lemma_.lower() != verb.lemma_.lower():
            continue
        k = index(token.idx)
        if k <= here or k in hedged_sentences or token.sent.text.rstrip().endswith("?"):
            continue
        if any(c.dep_ == "neg" or c.tag_ == "MD" or _negative_subject(c) for c in token.children):
            continue
        a, b = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
        claim = Span(a, b, "certainty", attrs={"kind": "restatement"})
        if _inside(Span(token.idx, token.idx + len(token), "x"), others):
            continue
        if len(arguments & _arguments(token)) >= RESTATED_ARGUMENTS:
            return claim
    return None


#: Which hedge to cite as the premise when a sentence holds several: the strongest first.
PREMISE_PRIORITY = {"conditional": 0, "reporting": 1, "epistemic": 2, "modal": 3}


def hedge_then_certainty(
    article: Article, window: int = 2
) -> tuple[list[tuple[Span, list[Span]]], Signal]:
    """Conclusions stated with certainty from hedged premises, and the signal.

    A sentence j with certainty markers is such a conclusion when a premise hedge
    (conditional, reporting, epistemic or modal) sits in sentences j - window .. j - 1 and
    either sentence j opens with so/therefore/thus/hence/consequently, or it refers back (its
    subject is it/this/that/these... or impersonal: "there is no doubt") and its marker asserts proof or the absence of doubt
    (kind ``conclusion``: "proves", "beyond a shadow of a doubt", not a discourse booster such
    as "of course"). It is also one when a conditional clause precedes the marker within
    sentence j itself ("If true, this clearly shows ..."). The article must do both in its
    own voice: a hedge inside a quotation and a certainty inside a quotation or in what a
    source is reported to have said ("Spicer argued that the Constitution 'clearly states'")
    do not count. Returns (premise, markers) per conclusion sentence; the signal's value is
    their number.
    """
    sentences = article.spans.get("sentences") or []
    starts = [s.start for s in sentences]

    def index(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def strongest(hedges: list[Span]) -> Span:
        return min(hedges, key=lambda h: (PREMISE_PRIORITY[h.label], -h.start))

    quotes = quote_regions(article.text)
    others = others_voice(article)
    premises = [
        h
        for h in article.spans.get("hedges", [])
        if h.label in PREMISE_KINDS and not _inside(h, quotes)
    ]
    by_sentence: dict[int, list[Span]] = {}
    for marker in article.spans.get("certainty", []):
        if not _inside(marker, others):
            by_sentence.setdefault(index(marker.start), []).append(marker)
    pairs: list[tuple[Span, list[Span]]] = []
    for j, markers in sorted(by_sentence.items()):
        same = [
            h
            for h in premises
            if h.label == "conditional" and index(h.start) == j and h.end <= markers[-1].start
        ]
        if same:
            pairs.append((same[-1], [m for m in markers if m.start >= same[-1].end]))
            continue
        if not sentences:
            continue
        sentence = sentences[j]
        conclusions = [m for m in markers if m.attrs.get("kind") == "conclusion"]
        restated = [
            h
            for h in premises
            if index(h.start) < j - window
            and any(_restates(article.doc, sentences[k], sentence) for k in _hedged(h, index))
        ]
        if conclusions and restated:  # the hedged claim, asserted again much later
            pairs.append((strongest(restated), conclusions))
            continue
        earlier = [h for h in premises if j - window <= index(h.start) < j]
        if not earlier:
            continue
        if _opens_with_connective(article.doc, sentence):
            pairs.append((strongest(earlier), markers))
        else:
            if conclusions and (
                _draws_conclusion(article.doc, sentence)
                or any(_marker_refers_back(article.doc, m) for m in conclusions)
            ):
                pairs.append((strongest(earlier), conclusions))
    taken = {id(h) for h, _ in pairs}
    for hedge in premises:
        if id(hedge) in taken:
            continue
        restatement = _flat_restatement(article, hedge, index, others)
        if restatement is not None:
            pairs.append((hedge, [restatement]))
    pairs.sort(key=lambda pair: pair[1][-1].start)
    if pairs:
        hedge, markers = pairs[0]
        explanation = (
            f"The article hedges (\u201c{article.span_text(hedge)}\u201d) and then concludes"
            f" with certainty (\u201c{article.span_text(markers[-1])}\u201d): what was only"
            " possible is presented as proven"
            + (f" ({len(pairs)} such conclusions)." if len(pairs) > 1 else ".")
        )
    else:
        explanation = "No hedged premise is followed by a certain conclusion drawn from it."
    unique = {(s.start, s.end): s for hedge, markers in pairs for s in (hedge, *markers)}
    spans = sorted(unique.values(), key=lambda s: s.start)
    return pairs, Signal("hedge_then_certainty", len(pairs), explanation, spans)


def evidence_promised_signal(article: Article) -> Signal:
    promises = article.spans.get("evidence_promised", [])
    if promises:
        first = article.span_text(promises[0])
        explanation = (
            f"The article promises evidence for later (\u201c{first}\u201d) instead of showing"
            " it, so the claim cannot be checked from the article"
            + (f" ({len(promises)} promises)." if len(promises) > 1 else ".")
        )
    else:
        explanation = "The article does not promise evidence for later."
    return Signal("evidence_promised_not_shown", len(promises), explanation, list(promises))


# --- the component -----------------------------------------------------------------------------


class HedgingComponent:
    """Sets ``hedges``, ``certainty``, ``evidence_promised`` and ``unverifiable_sourcing``, and
    the signals ``hedge_then_certainty`` and ``evidence_promised_not_shown``."""

    name = "hedging"
    needs_supported_language = True

    def __init__(self, window: int = 2):
        self.window = window

    def __call__(self, article: Article) -> Article:
        doc = article.doc
        if doc is None:
            add_warning(article, "hedging needs the nlp component; no hedges were looked for")
            return article
        ctx = _Context(article)
        lexicon = load_lexicon()
        conditionals = find_conditionals(doc, ctx)
        found: dict[str, list[Span]] = {
            "hedges": list(conditionals),
            "certainty": [],
            "evidence_promised": find_promises(doc),
            "unverifiable_sourcing": find_anonymous_sources(doc),
        }
        for match_id, start, end in _MATCHERS.get(doc.vocab)(doc):
            entry = lexicon[int(doc.vocab.strings[match_id])]
            result = CHECKS[entry.check](doc, start, end, ctx)
            if result is None:
                continue
            if entry.group == "hedge":
                found["hedges"].append(_char_span(doc, *result, entry.kind, cue=entry.phrase))
            elif entry.group == "certainty":
                if start > 0 and doc[start - 1].lower_ in BOOSTER_BLOCKERS:
                    continue  # "not clearly", "as clearly as"
                found["certainty"].append(_char_span(doc, *result, "certainty", kind=entry.kind))
            elif entry.group == "evidence_promised":
                found["evidence_promised"].append(
                    _char_span(doc, *result, "evidence_promised", kind="phrase")
                )
            else:
                found["unverifiable_sourcing"].append(
                    _char_span(doc, *result, "unverifiable_sourcing", kind="phrase")
                )
        found["unverifiable_sourcing"] += _anonymous_attributions(article)
        found["hedges"] = _drop_nested_hedges(found["hedges"])
        for group, spans in found.items():
            article.spans[group] = _dedupe(spans)
        _, signal = hedge_then_certainty(article, self.window)
        set_signal(article, signal)
        set_signal(article, evidence_promised_signal(article))
        return article


def _drop_nested_hedges(spans: list[Span]) -> list[Span]:
    """A cue inside a conditional clause ("if *confirmed*") is part of that hedge."""
    conditionals = [s for s in spans if s.label == "conditional"]
    return [
        s
        for s in spans
        if s.label == "conditional"
        or not any(c.start <= s.start and s.end <= c.end for c in conditionals)
    ]


def _anonymous_attributions(article: Article) -> list[Span]:
    """Anonymous attribution sources, each shown where the reader sees who it is: the
    antecedent of a pronoun ("the volunteers" for "who"), else the source itself."""
    out = []
    for attribution in article.spans.get("attributions", []):
        source = attribution.attrs.get("source") or {}
        if source.get("type") == "anonymous" and source.get("start") is not None:
            shown = source.get("resolved_to") or source
            out.append(
                Span(
                    shown["start"],
                    shown["end"],
                    "unverifiable_sourcing",
                    attrs={"kind": "attribution"},
                )
            )
    return out


@factory("hedging")
def make_hedging(window: int = 2) -> HedgingComponent:
    return HedgingComponent(window=window)
