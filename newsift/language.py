"""Language identification with py3langid (langid.py's model, numpy only, ships offline).

Our analyzers are trained on English; on other languages they would produce confident
nonsense. So the report states the detected language and, when unsupported, the language-
specific components are skipped and the report says why.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsift.article import Article
from newsift.pipeline import FunctionComponent, factory
from newsift.settings import MIN_LETTERS_FOR_LANGUAGE_ID, SUPPORTED_LANGUAGES

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str | None, float]:
    """``(iso639-1 code, probability)``; ``(None, 0.0)`` when there is too little text."""
    sample = text[:20000]
    if len(_LETTER.findall(sample)) < MIN_LETTERS_FOR_LANGUAGE_ID:
        return None, 0.0
    code, probability = _identifier().classify(sample)
    return code, float(probability)


def detect_language(article: Article) -> None:
    code, probability = identify(article.text or article.source_text)
    article.language = code
    article.language_confidence = round(probability, 4)
    if code is not None and code not in SUPPORTED_LANGUAGES and probability >= 0.9:
        article.meta["unsupported_language"] = code
        article.warnings.append(
            f"the text is in language {code!r} (p={probability:.2f}); newsift's analyzers"
            f" support {', '.join(SUPPORTED_LANGUAGES)} only, so only ingest and cleaning ran"
        )


@factory("language")
def make_language() -> FunctionComponent:
    return FunctionComponent("language", detect_language)
