"""Dates and years as the catalogue, file properties and metadata read them (cresi_search.dates)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from cresi_search.dates import YEAR_MAX, YEAR_MIN, find_date, parse_date, parse_year, year_of_date
from indexer.extract.props import PROPERTY_YEAR_MIN, make_properties


@pytest.mark.parametrize("cell, year", [
    ("2012", 2012), (" 2012 ", 2012), ("2012.0", 2012), (str(YEAR_MIN), YEAR_MIN), (str(YEAR_MAX), YEAR_MAX),
    ("12", None), ("2012-2014", None), ("vers 2012", None), (str(YEAR_MIN - 1), None), ("2012.5", None),
])
def test_catalogue_year(cell, year):
    assert parse_year(cell) == year


@pytest.mark.parametrize("cell, iso", [
    ("2012-11-15", "2012-11-15"), ("15/11/2012", "2012-11-15"), ("5/3/2019", "2019-03-05"),
    ("2012-02-31", ""), ("31/02/2012", ""), ("15/13/2012", ""), ("2012-11", ""),
    ("le 15/11/2012", ""), ("15.11.2012", ""), ("1850-01-01", ""),
])
def test_catalogue_date_is_one_real_day(cell, iso):
    assert parse_date(cell) == iso


@pytest.mark.parametrize("value, iso", [
    ("D:20190315103000+01'00'", "2019-03-15"),  # PDF
    ("2019-03-15T10:30:00Z", "2019-03-15"),  # DOCX, ODT
    ("créé le 15/03/2019", "2019-03-15"),
    ("15.03.2019", "2019-03-15"),
    (datetime(2019, 3, 15, 10, 30, tzinfo=timezone.utc), "2019-03-15"),
    (date(1985, 6, 1), "1985-06-01"),
    ("D:20190231", ""), ("", ""), (None, ""), ("sans date", ""),
])
def test_date_in_a_file_property(value, iso):
    assert find_date(value, earliest=PROPERTY_YEAR_MIN) == iso


@pytest.mark.parametrize("zero_date", ["1601-01-01T00:00:00Z", "D:18991230000000", date(1904, 1, 1), "1970-01-01"])
def test_zero_dates_of_old_clocks_are_not_creation_dates(zero_date):
    assert make_properties(created=zero_date).created == ""


def test_the_property_bound_is_the_only_narrower_one():
    assert find_date("1970-01-01") == "1970-01-01"  # YEAR_MIN applies without `earliest`
    assert make_properties(created="1980-01-02").created == "1980-01-02"
    assert find_date(f"{YEAR_MAX + 1}-01-01") == ""


def test_year_of_an_iso_date():
    assert year_of_date("2012-11-15") == 2012
    assert year_of_date("") is None and year_of_date("1850-01-01") is None and year_of_date("15/11/2012") is None
