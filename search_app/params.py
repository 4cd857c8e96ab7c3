"""Query-string parameters shared by the search page and /api/search.

Both read the same names (`q`, one repeatable parameter per facet of
cresi_search/facets.py, the period of a ranged facet (`year_from`, `year_to`), `sort`,
`page`, `per_page`), so a page's URL, its API twin, its Atom feed and its CSV export only
differ by their path. Bad values are refused with a 400 and a French message.
"""

from __future__ import annotations

from flask import abort, url_for
from werkzeug.datastructures import MultiDict

from cresi_search.facets import FACET_NAMES, RANGED
from cresi_search.search import InvalidRequest, SearchRequest
from search_app.service import get_service

MAX_VALUES = 20
MAX_VALUE_CHARS = 200
MAX_RAW_QUERY = 10_000  # the service cuts at 300; this only bounds what we copy around
DEFAULT_PER_PAGE = 10
BY_NAME_RANGED = {f.name: f for f in RANGED}
RANGE_PARAMS = frozenset(p for f in RANGED for p in f.range_params)
SEARCH_PARAMS = frozenset({"q", *FACET_NAMES, *RANGE_PARAMS, "sort", "page", "per_page"})
PER_PAGE_CHOICES = (10, 20, 50)


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


def _year(args: MultiDict, name: str) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4):
        abort(400, f"Le paramètre « {name} » doit être une année sur quatre chiffres (ex. 2015).")
    return int(raw)


def search_request(args: MultiDict) -> SearchRequest:
    """A validated SearchRequest from the query string, filter values resolved to what the
    index stores ("mali" -> "ML"); 400 when a value is unusable."""
    try:
        req = SearchRequest(
            q=args.get("q", "")[:MAX_RAW_QUERY],
            sort=args.get("sort", "").strip() or "relevance",
            page=_integer(args, "page", 1),
            per_page=_integer(args, "per_page", DEFAULT_PER_PAGE),
            filters={name: _values(args, name) for name in FACET_NAMES},
            ranges={f.name: tuple(_year(args, p) for p in f.range_params) for f in RANGED},
        )
        req.validate()
        req.filters = get_service().resolve_filters(req.filters)
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
        for facet in RANGED:
            bounds = self.req.ranges.get(facet.name, (None, None))
            out.update(zip(facet.range_params, bounds))
        if self.req.sort != "relevance":
            out["sort"] = self.req.sort
        if self.req.per_page != DEFAULT_PER_PAGE:
            out["per_page"] = self.req.per_page
        return out

    def url(self, **changes: object) -> str:
        params = self.params()
        params.update(changes)
        return url_for(self.endpoint, **{k: v for k, v in params.items() if v not in (None, [])})

    def document_url(self, doc_id: str) -> str:
        """A hit's page, carrying the whole search (page included) for its way back."""
        params = {k: v for k, v in self.params().items() if v not in (None, [])}
        if self.req.page > 1:
            params["page"] = self.req.page
        return url_for("views.document", doc_id=doc_id, **params)

    def toggle(self, facet: str, value: str) -> str:
        """The URL with `value` added to or removed from the facet, back to page 1."""
        current = list(self.req.filters[facet])
        values = [v for v in current if v != value] if value in current else current + [value]
        return self.url(**{facet: values, "page": None})

    def without_filters(self) -> str:
        periods = {p: None for f in RANGED for p in f.range_params}
        return self.url(page=None, **{name: None for name in FACET_NAMES}, **periods)

    def without_range(self, facet: str) -> str:
        return self.url(page=None, **dict.fromkeys(BY_NAME_RANGED[facet].range_params))

    def page(self, number: int) -> str:
        return self.url(page=number if number > 1 else None)

    def sorted_by(self, sort: str) -> str:
        return self.url(sort=None if sort == "relevance" else sort, page=None)

    def with_per_page(self, per_page: int) -> str:
        return self.url(per_page=None if per_page == DEFAULT_PER_PAGE else per_page, page=None)

    def at(self, endpoint: str, **changes: object) -> str:
        """The same search at another address (feed, export, API), without the page."""
        return SearchState(self.req, endpoint).url(page=None, **changes)

    def selected(self) -> list[tuple[str, str]]:
        """(facet, value) of every selected filter, in display order."""
        return [(n, v) for n in FACET_NAMES for v in self.req.filters[n]]

    def ranges(self) -> list[tuple[str, int | None, int | None]]:
        """(facet, from, to) of every period applied."""
        return [(f.name, *self.req.ranges[f.name]) for f in RANGED if f.name in self.req.ranges]

    def hidden_filters(self, with_ranges: bool = True) -> list[tuple[str, str]]:
        """Fields a search form repeats so a new query keeps the filters, period and sort."""
        fields = self.selected()
        if with_ranges:
            fields += [(k, str(v)) for k, v in self.params().items()
                       if k in RANGE_PARAMS and v is not None]
        for name, default in (("sort", "relevance"), ("per_page", DEFAULT_PER_PAGE)):
            if getattr(self.req, name) != default:
                fields.append((name, str(getattr(self.req, name))))
        return fields
