"""Any search as an Atom feed (`/flux.atom`) and as a CSV file (`/export.csv`), read from
the same query-string parameters as the search page (search_app/params.py).

- The feed lists the documents latest to enter the index first (the `indexed` date the
  writer stores), so a feed reader or an e-mail alert following "eau, Haïti" sees each
  new document once. Built with feedgen.
- The export holds every hit (not only a page), in the search's order, one row each:
  title, type, countries, themes, year, organisation, address. UTF-8 with a byte-order
  mark (spreadsheets then read the accents right); a cell starting with = + - @ (or a tab
  or carriage return) is prefixed with ' so that no spreadsheet runs it as a formula.
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, request, url_for

from cresi_search.facets import BY_NAME
from cresi_search.search import SearchHit, SearchRequest
from cresi_search.spreadsheet import safe_cell
from search_app.params import SearchState, search_request
from search_app.service import get_service

bp = Blueprint("exports", __name__)

FEED_ENTRIES = 50
CSV_COLUMNS = ("title", "type", "countries", "themes", "year", "organisation", "address")
SITE_NAME = "Centre de ressources du CRESI"


def describe(req: SearchRequest, labels: dict[tuple[str, str], str]) -> str:
    """The search in words: « eau » — Pays : Haïti — Années : 2010 à 2015."""
    parts = [f"« {req.q.strip()} »"] if req.q.strip() else []
    for name, values in req.filters.items():
        if values:
            shown = ", ".join(labels.get((name, v), v) for v in values)
            parts.append(f"{BY_NAME[name].title} : {shown}")
    for low, high in req.ranges.values():
        parts.append(f"Années : {low or '…'} à {high or '…'}")
    return " — ".join(parts) or "tous les documents"


def _parsed(iso: str) -> datetime:
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return datetime(1970, 1, 1, tzinfo=timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _entry(fg: FeedGenerator, hit: SearchHit) -> None:
    link = url_for("views.document", doc_id=hit.id, _external=True)
    entry = fg.add_entry(order="append")
    entry.id(link)
    entry.title(hit.title)
    entry.link(href=link, rel="alternate", type="text/html")
    summary = hit.snippet.striptags() if hit.snippet else ""
    details = [hit.type.label if hit.type else "", str(hit.year or ""),
               ", ".join(c.label for c in hit.countries)]
    entry.summary(" · ".join(d for d in details if d) + (f" — {summary}" if summary else ""))
    entry.updated(_parsed(hit.indexed))
    entry.published(_parsed(hit.indexed))
    for theme in hit.themes:
        entry.category(term=theme.code, label=theme.label)


@bp.get("/flux.atom")
def feed():
    req = search_request(request.args)
    res = get_service().search(replace(req, sort="added", page=1, per_page=FEED_ENTRIES))
    labels = {(f, v.value): v.label for f, values in res.facets.items() for v in values}
    state = SearchState(req)
    fg = FeedGenerator()
    fg.id(request.url)
    fg.title(f"{SITE_NAME} — nouveaux documents : {describe(req, labels)}")
    fg.subtitle(f"{res.total} document{'s' if res.total > 1 else ''} pour cette recherche ; "
                "les derniers entrés dans le centre de ressources d'abord.")
    fg.link(href=request.url, rel="self", type="application/atom+xml")
    fg.link(href=request.host_url.rstrip("/") + state.url(page=None), rel="alternate", type="text/html")
    fg.language("fr")
    fg.author(name="CRESI")
    newest = max((_parsed(h.indexed) for h in res.results), default=datetime.now(timezone.utc))
    fg.updated(newest)
    for hit in res.results:
        _entry(fg, hit)
    return Response(fg.atom_str(pretty=True), mimetype="application/atom+xml")


@bp.get("/export.csv")
def export():
    req = search_request(request.args)
    hits = get_service().every_hit(req)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hit in hits:
        row = (hit.title, hit.type.label if hit.type else "", "; ".join(c.label for c in hit.countries),
               "; ".join(t.label for t in hit.themes), hit.year or "", hit.organisation or "",
               url_for("views.document", doc_id=hit.id, _external=True))
        writer.writerow([safe_cell(v) for v in row])
    response = Response(out.getvalue().encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="cresi-recherche.csv"'
    return response
