"""Query-string parameters shared by the search page and /api/search.

Both read the same names (`q`, one repeatable parameter per facet of
cresi_search/facets.py, `sort`, `page`, `per_page`), so a page's URL and its API twin
only differ by their path. Bad values are refused with a 400 and a French message.
"""

from __future__ import annotations

from flask import abort, url_for
from werkzeug.datastructures import MultiDict

from cresi_search.facets import FACET_NAMES
from cresi_search.search import InvalidRequest, SearchRequest
MAX_VALUES = 20
MAX_VALUE_CHARS = 200
MAX_RAW_QUERY = 10_000  # the service cuts at 300; this only bounds what we copy around
DEFAULT_PER_PAGE = 10


def _integer(args: MultiDict, name: str, default: int) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:  # "²".isdigit() is True, int("²") fails
        abort(400, f"Le paramètre « {name} » doit être un nombre entier positif.")
    return int(raw)


def _values(args: MultiDict, name: str) -> list[str]:
    values = [v.strip()[:MAX_VALUE_CHARS] for v in args.getlist(name)]
    values = list(dict.fromkeys(v for v in values if v))
    if len(values) > MAX_VALUES:
        abort(400, f"Trop de valeurs pour « {name} » ({MAX_VALUES} au plus).")
    if name == "country":
        values = [v.upper() if len(v) == 2 else v for v in values]
    return values


def search_request(args: MultiDict) -> SearchRequest:
    """A validated SearchRequest from the query string (400 when a value is unusable)."""
    req = SearchRequest(
        q=args.get("q", "")[:MAX_RAW_QUERY],
        sort=args.get("sort", "").strip() or "relevance",
        page=_integer(args, "page", 1),
        per_page=_integer(args, "per_page", DEFAULT_PER_PAGE),
        filters={name: _values(args, name) for name in FACET_NAMES},
    )
    try:
        req.validate()
    except InvalidRequest as exc:
        abort(400, str(exc))
    return req


class SearchState:
    """The current search as URL parameters, and the links that change one part of it."""

    def __init__(self, req: SearchRequest, endpoint: str = "views.search") -> None:
        self.req = req
        self.endpoint = endpoint

    def params(self) -> dict[str, object]:
        out: dict[str, object] = {"q": self.req.q.strip() or None}
        for name in FACET_NAMES:
            out[name] = list(self.req.filters[name]) or None
        if self.req.sort != "relevance":
            out["sort"] = self.req.sort
        if self.req.per_page != DEFAULT_PER_PAGE:
            out["per_page"] = self.req.per_page
        return out

    def url(self, **changes: object) -> str:
        params = self.params()
        params.update(changes)
        return url_for(self.endpoint, **{k: v for k, v in params.items() if v not in (None, [])})

    def toggle(self, facet: str, value: str) -> str:
        """The URL with `value` added to or removed from the facet, back to page 1."""
        current = list(self.req.filters[facet])
        values = [v for v in current if v != value] if value in current else current + [value]
        return self.url(**{facet: values, "page": None})

    def without_filters(self) -> str:
        return self.url(page=None, **{name: None for name in FACET_NAMES})

    def page(self, number: int) -> str:
        return self.url(page=number if number > 1 else None)

    def sorted_by(self, sort: str) -> str:
        return self.url(sort=None if sort == "relevance" else sort, page=None)

    def selected(self) -> list[tuple[str, str]]:
        """(facet, value) of every selected filter, in display order."""
        return [(n, v) for n in FACET_NAMES for v in self.req.filters[n]]

    def hidden_filters(self) -> list[tuple[str, str]]:
        """Fields the search form repeats so a new query keeps the filters and sort."""
        fields = self.selected()
        if self.req.sort != "relevance":
            fields.append(("sort", self.req.sort))
        return fields
