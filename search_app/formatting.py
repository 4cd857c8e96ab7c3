"""French formatting of numbers, dates and sizes (Babel), as Jinja filters."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal
from flask import Flask

from cresi_search.records import SOURCE_CATALOGUE, SOURCE_DETECTED, SOURCE_FOLDER, SOURCE_PROPERTIES

INLINE_FORMATS = frozenset({"pdf"})  # opened in the browser ("Ouvrir", "#page=12")
LOCALE = "fr_FR"


def number(value: int | float) -> str:
    """12345 -> "12 345" (narrow no-break space, as French typography wants)."""
    return format_decimal(value, locale=LOCALE)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """"0 document", "1 document", "23 documents": in French 0 and 1 take the singular."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{number(count)} {word}"


def long_date(iso: str) -> str:
    """"2025-01-20" -> "20 janvier 2025"; partial or odd dates are shown as they are."""
    try:
        return format_date(date.fromisoformat(iso), format="long", locale=LOCALE)
    except (TypeError, ValueError):
        return iso or ""


def file_size(size: int | None) -> str:
    """1536 -> "1,5 ko"; sizes in French units (octets, ko, Mo, Go)."""
    if size is None:
        return ""
    if size < 1024:
        return plural(size, "octet")
    for unit in ("ko", "Mo", "Go"):
        size /= 1024
        if size < 1024 or unit == "Go":
            return f"{format_decimal(size, format='#,##0.#', locale=LOCALE)} {unit}"
    return ""


FORMAT_NAMES = {
    "pdf": "PDF", "docx": "Word", "odt": "OpenDocument", "html": "page web",
    "md": "texte (Markdown)", "txt": "texte",
    "jpg": "image JPEG", "jpeg": "image JPEG", "png": "image PNG", "tif": "image TIFF", "tiff": "image TIFF",
}


def format_name(fmt: str) -> str:
    return FORMAT_NAMES.get(fmt, fmt.upper())


# Where a metadata value came from (cresi_search/records.py), in words for the public.
SOURCE_NAMES = {
    SOURCE_CATALOGUE: "le catalogue du CRESI",
    SOURCE_PROPERTIES: "les propriétés du fichier",
    SOURCE_DETECTED: "déduit du texte",
    SOURCE_FOLDER: "le nom du dossier",
}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(source_names=SOURCE_NAMES, inline_formats=INLINE_FORMATS)
    app.add_template_filter(number, "nombre")
    app.add_template_filter(plural, "pluriel")
    app.add_template_filter(long_date, "date_longue")
    app.add_template_filter(file_size, "taille")
    app.add_template_filter(format_name, "format_nom")
