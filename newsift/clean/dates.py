"""The date a page prints in its head ("Posted on June 3, 2023 by ...", "Published: 14 February
2022", "2020-11-30"), read as an ISO date. A numeric day/month order that the text does not settle
(3/4/2021) gives no date: a wrong date is worse than none."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_FORMS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
]
_NUMERIC_DAY_FIRST_OR_NOT = re.compile(
    r"\b(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<year>(?:19|20)\d{2})\b"
)


def find_date(text: str) -> str | None:
    """The first unambiguous calendar date in ``text`` as ``YYYY-MM-DD``, else None."""
    for form in _FORMS:
        for match in form.finditer(text):
            month = match.group("month")
            number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
            found = _valid(int(match.group("year")), number, int(match.group("day")))
            if found:
                return found
    for match in _NUMERIC_DAY_FIRST_OR_NOT.finditer(text):
        a, b, year = int(match.group("a")), int(match.group("b")), int(match.group("year"))
        if a > 12 >= b:
            found = _valid(year, b, a)
        elif b > 12 >= a:
            found = _valid(year, a, b)
        else:
            continue  # 3/4/2021: March 4 or 3 April; the text does not say
        if found:
            return found
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
