"""/explorer: where and when the documents are — a world map of the countries with their
document counts, a timeline of documents per year, and themes by country, each number a
link to the matching search and also given in a table. Server-drawn SVG, no script."""

from __future__ import annotations

import gzip
from functools import lru_cache

from flask import Blueprint, Response, render_template, request

from search_app import worldmap
from search_app.service import get_service

bp = Blueprint("explore", __name__)

SHADES = ("#cde6dc", "#8fc7b1", "#4fa384", "#1f7a5a", "#0b4d37")  # light to dark
TIMELINE_HEIGHT = 160  # drawing units of the bars' area
BAR_WIDTH = 24


def shade_steps(counts: list[int]) -> list[int]:
    """Upper bounds of the colour classes: at most len(SHADES) classes of counts."""
    top = max(counts, default=0)
    if top <= len(SHADES):
        return list(range(1, top + 1))
    return [round(top * (i + 1) / len(SHADES)) for i in range(len(SHADES))]


def _shade(i: int, steps: list[int]) -> str:
    """The colour of class i, the classes spread over the whole range of shades."""
    return SHADES[round(i * (len(SHADES) - 1) / max(len(steps) - 1, 1))]


def shade_of(count: int, steps: list[int]) -> str:
    for i, bound in enumerate(steps):
        if count <= bound:
            return _shade(i, steps)
    return SHADES[-1]


def legend(steps: list[int]) -> list[tuple[str, str]]:
    """(colour, "3 à 5 documents") per class."""
    out, low = [], 1
    for i, high in enumerate(steps):
        text = f"{low} document{'s' if low > 1 else ''}" if low == high else f"{low} à {high} documents"
        out.append((_shade(i, steps), text))
        low = high + 1
    return out


def timeline(years: list[tuple[int, int]]) -> dict:
    """Bars of the timeline: every year from the first to the last, zeros included."""
    if not years:
        return {"bars": [], "width": 0, "height": TIMELINE_HEIGHT}
    counts = dict(years)
    first, last = min(counts), max(counts)
    top = max(counts.values())
    bars = []
    for i, year in enumerate(range(first, last + 1)):
        n = counts.get(year, 0)
        height = round(TIMELINE_HEIGHT * n / top) if n else 0
        bars.append({"year": year, "count": n, "x": i * BAR_WIDTH, "height": height,
                     "y": TIMELINE_HEIGHT - height, "label": year % 5 == 0 or year in (first, last)})
    return {"bars": bars, "width": len(bars) * BAR_WIDTH, "height": TIMELINE_HEIGHT}


@bp.get("/explorer")
def explorer():
    summary = get_service().overview("country", "theme")
    countries = summary.counts.get("country", [])
    steps = shade_steps([fv.count for fv in countries])
    shapes = [(fv, worldmap.country_shapes(fv.value), shade_of(fv.count, steps)) for fv in countries]
    years = sorted((int(fv.value), fv.count) for fv in summary.counts.get("year", []) if fv.value.isdigit())
    themes = summary.counts.get("theme", [])
    view = worldmap.frame([fv.value for fv, drawn, _ in shapes if drawn])
    return render_template(
        "explorer.html",
        summary=summary,
        countries=countries,
        shapes=[s for s in shapes if s[1]],
        unmapped=[fv for fv, drawn, _ in shapes if not drawn],
        world_box=worldmap.view_box().split(),
        view_box=view,
        map_from_right=worldmap.weighted_on_the_right({fv.value: fv.count for fv in countries}, view),
        legend=legend(steps),
        timeline=timeline(years),
        years=years,
        themes=themes,
    )


@lru_cache(maxsize=1)
def _background_gzip() -> bytes:
    return gzip.compress(worldmap.background_svg(), compresslevel=9, mtime=0)


@bp.get("/explorer/monde.svg")
def world_background():
    """The grey world under the map, compressed once, cached a day by browsers."""
    zipped = "gzip" in request.headers.get("Accept-Encoding", "")
    body = _background_gzip() if zipped else worldmap.background_svg()
    response = Response(body, mimetype="image/svg+xml")
    if zipped:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
