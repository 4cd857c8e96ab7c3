"""Dates and years, parsed one way everywhere (catalogue, file properties, search filters).

A date is kept as ISO text "YYYY-MM-DD"; a year as an int. Years outside YEAR_MIN..YEAR_MAX
are not dates of a document. Finding the year a document is *about* in its text is a
detection heuristic, in indexer/metadata/years.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime

YEAR_MIN, YEAR_MAX = 1900, 2100

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def valid_year(year: int) -> bool:
    return YEAR_MIN <= year <= YEAR_MAX


def year_of_date(iso: str) -> int | None:
    """Year of an ISO date ("2012-11-15" -> 2012), None when absent or out of bounds."""
    match = _ISO_DATE.match(iso or "")
    if match and valid_year(int(match.group(1))):
        return int(match.group(1))
    return None
