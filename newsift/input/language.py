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
    code, probability, _ = _identify(text)
    return code, probability


def _identify(text: str) -> tuple[str | None, float, float]:
    """As :func:`identify`, plus the probability that the text is in a supported language."""
    sample = text[:20000]
    if len(_LETTER.findall(sample)) < MIN_LETTERS_FOR_LANGUAGE_ID:
        return None, 0.0, 1.0
    ranked = _identifier().rank(sample)
    code, probability = ranked[0]
    supported = sum(p for c, p in ranked if c in SUPPORTED_LANGUAGES)
    return code, float(probability), float(supported)


def detect_language(article: Article) -> None:
    code, probability, p_supported = _identify(article.text or article.source_text)
    article.language = code
    article.language_confidence = round(probability, 4)
    # Refused when a supported language is unlikely (p < 0.1), not only when the top language
    # alone has p >= 0.9: Chinese splits its mass between zh and wuu (0.83 + 0.17) and was
    # analysed as if it were English.
    if code is not None and code not in SUPPORTED_LANGUAGES and p_supported <= 0.1:
        article.meta["unsupported_language"] = code
        article.warnings.append(
            f"the text is in language {code!r} (p={probability:.2f}); newsift's analyzers"
            f" support {', '.join(SUPPORTED_LANGUAGES)} only, so only ingest and cleaning ran"
        )


@factory("language")
def make_language() -> FunctionComponent:
    return FunctionComponent("language", detect_language)
