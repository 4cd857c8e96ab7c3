"""The home page: what the collection holds and where to start (themes and countries as
tiles, the most recent documents), above the search box's help."""

from __future__ import annotations

from flask import render_template

from cresi_search.search import SearchRequest
from search_app.service import get_service

LATEST_SHOWN = 6
COUNTRIES_SHOWN = 12


def home_page() -> str:
    service = get_service()
    summary = service.overview()
    latest = service.search(SearchRequest(sort="date", per_page=LATEST_SHOWN))
    years = sorted(int(v.value) for v in summary.counts.get("year", []) if v.value.isdigit())
    return render_template(
        "home.html",
        summary=summary,
        themes=summary.counts.get("theme", []),
        countries=summary.counts.get("country", [])[:COUNTRIES_SHOWN],
        country_total=len(summary.counts.get("country", [])),
        years=(years[0], years[-1]) if years else None,
        latest=latest.results,
    )
