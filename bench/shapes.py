"""Input shapes that made newsift's cost grow faster than its input (issue 16), each built to
about ``size`` characters, deterministically, so a benchmark run can be repeated exactly."""

from __future__ import annotations

import random
from collections.abc import Callable

_WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "Tuesday",
    "that",
    "officials",
    "had",
    "warned",
    "about",
    "corrosion",
    "in",
    "the",
    "pipeline",
    "months",
    "before",
    "the",
    "spill",
    "according",
    "to",
    "an",
    "internal",
    "memo",
    "seen",
    "by",
    "reporters",
    "and",
    "two",
    "senior",
    "engineers",
    "who",
    "asked",
    "not",
    "to",
    "be",
    "named",
    "because",
    "they",
    "were",
    "not",
    "authorised",
    "to",
    "speak",
]

_PROSE = (
    "Officials at the Ministry of Energy were warned about corrosion in the Kestrel pipeline "
    "at least four months before last week's spill, according to an internal memo. "
    '"We raised it twice," said Dana Whitfield, a senior engineer at the plant. '
    "The ministry did not respond to a request for comment on Tuesday, reports said.\n\n"
    "Two officials, who asked not to be named, said the repairs may have been delayed. "
    "If confirmed, the delay would be the third this year, the regulator told Reuters.\n\n"
)


def short_lines(size: int) -> str:
    """Many short lines (a scraped link list, a table flattened one cell per line)."""
    rng = random.Random(16)
    lines, total = [], 0
    while total < size:
        line = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 3)))
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines)


def long_line(size: int) -> str:
    """One line of prose with no newline at all (a scraper that dropped every break)."""
    return (_PROSE.replace("\n", " ") * (size // len(_PROSE) + 1))[:size]


def nested_html(size: int) -> str:
    """Deeply nested markup: a page of divs inside divs with a few words at each level."""
    head = "<html><head><title>Nested</title></head><body>"
    tail = "</body></html>"
    unit_open, unit_close = "<div><p>officials said the pipeline", "</p></div>"
    depth = max(1, (size - len(head) - len(tail)) // (len(unit_open) + len(unit_close)))
    return head + unit_open * depth + unit_close * depth + tail


def odd_punctuation(size: int) -> str:
    """Nine lines of long runs of odd punctuation, with a few words between runs."""
    rng = random.Random(16)
    marks = "!?.,;:-—–…*#@&%$^~|/\\\"'“”‘’()[]{}<>«»•·"
    per_line = size // 9
    lines = []
    for _ in range(9):
        parts, total = [], 0
        while total < per_line:
            part = (
                "".join(rng.choice(marks) for _ in range(rng.randint(20, 400)))
                if rng.random() < 0.8
                else " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 6)))
            )
            parts.append(part)
            total += len(part) + 1
        lines.append(" ".join(parts)[:per_line])
    return "\n".join(lines)


def prose(size: int) -> str:
    """Ordinary news prose repeated: the cost any real article of that length should have."""
    return (_PROSE * (size // len(_PROSE) + 1))[:size]


SHAPES: dict[str, Callable[[int], str]] = {
    "short_lines": short_lines,
    "long_line": long_line,
    "nested_html": nested_html,
    "odd_punctuation": odd_punctuation,
    "prose": prose,
}
