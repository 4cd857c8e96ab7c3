"""Dates and years, parsed one way everywhere: catalogue cells, file properties, metadata,
search filters.

A date is kept as ISO text "YYYY-MM-DD", a real day of the calendar; a year as an int.
Years outside YEAR_MIN..YEAR_MAX are not dates of a document. Finding the year a document
is *about* in its names and text is a detection heuristic, with its own narrower window,
in indexer/metadata/years.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime

YEAR_MIN, YEAR_MAX = 1900, 2100

_ISO_START = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_CELL = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FRENCH_CELL = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")  # 15/11/2012
_YEAR_CELL = re.compile(r"(\d{4})(?:\.0+)?")  # "2012", or "2012.0" from a spreadsheet
# In a property value: "2019-03-15T10:00", "D:20190315103000+01'00'", "15/03/2019", "15.03.2019".
_ISO_IN_TEXT = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_FRENCH_IN_TEXT = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def valid_year(year: int, earliest: int = YEAR_MIN) -> bool:
    return earliest <= year <= YEAR_MAX


def year_of_date(iso: str) -> int | None:
    """Year of an ISO date ("2012-11-15" -> 2012), None when absent or out of bounds."""
    match = _ISO_START.match(iso or "")
    if match and valid_year(int(match.group(1))):
        return int(match.group(1))
    return None


def parse_year(text: str) -> int | None:
    """A year written by a person: "2012" (or "2012.0", as a spreadsheet exports it)."""
    match = _YEAR_CELL.fullmatch(text.strip())
    if match and valid_year(int(match.group(1))):
        return int(match.group(1))
    return None


def parse_date(text: str) -> str:
    """A date written by a person, "2012-11-15" or "15/11/2012", as "2012-11-15"; ""
    when the text is anything else or not a day of the calendar."""
    text = text.strip()
    if match := _ISO_CELL.fullmatch(text):
        year, month, day = match.groups()
    elif match := _FRENCH_CELL.fullmatch(text):
        day, month, year = match.groups()
    else:
        return ""
    return _iso(year, month, day, YEAR_MIN)


def find_date(value: object, *, earliest: int = YEAR_MIN) -> str:
    """The date a file property holds, as "YYYY-MM-DD": from a date or datetime, or the
    first date in its text ("D:20190315…", "2019-03-15T…", "15/03/2019"); "" when none,
    or when its year is before `earliest` or after YEAR_MAX."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat() if valid_year(value.year, earliest) else ""
    text = str(value or "")
    if match := _ISO_IN_TEXT.search(text):
        year, month, day = match.groups()
    elif match := _FRENCH_IN_TEXT.search(text):
        day, month, year = match.groups()
    else:
        return ""
    return _iso(year, month, day, earliest)


def _iso(year: str, month: str, day: str, earliest: int) -> str:
    try:
        found = date(int(year), int(month), int(day))
    except ValueError:
        return ""
    return found.isoformat() if valid_year(found.year, earliest) else ""
