"""The staff catalogue: `catalogue.csv` at the corpus root, one row per described file.

Header (UTF-8, with or without BOM; `,` or `;` between cells):
chemin,titre,type,pays,themes,annee,organisation,partenaires,resume,mots_cles
(`auteur` and `date` columns are optional). Multi-valued cells separate their values
with `;`. Type, themes and countries may be given as codes or in French words.

A bad cell never stops indexing: it is left out and reported with its row number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cresi_search.dates import parse_date, parse_year
from cresi_search.french.normalise import fold
from cresi_search.vocab import Taxonomy, resolve_country

CATALOGUE_FILE = "catalogue.csv"

# Column header (folded, lower case, "_" for spaces and dashes) -> CatalogueEntry field.
COLUMNS = {
    "chemin": "path",
    "fichier": "path",
    "titre": "title",
    "type": "type",
    "pays": "countries",
    "themes": "themes",
    "theme": "themes",
    "annee": "year",
    "organisation": "organisation",
    "partenaires": "partners",
    "resume": "summary",
    "mots_cles": "keywords",
    "auteur": "author",
    "date": "date",
}

@dataclass(frozen=True)
class CatalogueEntry:
    """What staff wrote about one file; empty values mean "not given"."""

    path: str
    row: int
    title: str = ""
    type: str = ""
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    year: int | None = None
    organisation: str = ""
    partners: tuple[str, ...] = ()
    summary: str = ""
    keywords: tuple[str, ...] = ()
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class CatalogueProblem:
    """A row (1 = header, 0 = the whole file) and what is wrong with it, in French."""

    row: int
    message: str

    def __str__(self) -> str:
        where = "catalogue.csv" if self.row == 0 else f"catalogue.csv, ligne {self.row}"
        return f"{where} : {self.message}"


def normalise_relpath(path: str) -> str:
    """One spelling per path: NFC accents, "/" separators, no leading "./" or "/"."""
    path = unicodedata.normalize("NFC", path.strip()).replace("\\", "/")
    path = re.sub(r"/{2,}", "/", path)
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def read_catalogue(
    corpus: Path, taxonomy: Taxonomy
) -> tuple[dict[str, CatalogueEntry], list[CatalogueProblem]]:
    """Entries by normalised relative path, and the problems found; no file, no entries."""
    path = Path(corpus) / CATALOGUE_FILE
    if not path.is_file():
        return {}, []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
        problems: list[CatalogueProblem] = []
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        problems = [CatalogueProblem(0, "le fichier n'est pas en UTF-8 ; il a été lu comme un CSV "
                                        "Windows (Excel). Enregistrez-le au format « CSV UTF-8 ».")]
    entries, more = parse_catalogue(text, taxonomy, corpus)
    return entries, problems + more


def parse_catalogue(
    text: str, taxonomy: Taxonomy, corpus: Path | None = None
) -> tuple[dict[str, CatalogueEntry], list[CatalogueProblem]]:
    """Parses catalogue text; with `corpus`, rows naming a missing file are reported and left out."""
    text = text.lstrip("\ufeff")
    problems: list[CatalogueProblem] = []
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    if not rows:
        return {}, problems
    columns = _columns(rows[0], problems)
    if "path" not in columns.values():
        problems.append(CatalogueProblem(1, "la colonne « chemin » manque : aucune ligne n'a pu être lue."))
        return {}, problems
    entries: dict[str, CatalogueEntry] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(rows[0]):
            problems.append(CatalogueProblem(number, f"{len(cells)} cellules au lieu de {len(rows[0])} : "
                                             "un texte qui contient le séparateur doit être entre guillemets. "
                                             "Ligne ignorée."))
            continue
        values = {field: cells[i].strip() for i, field in columns.items() if i < len(cells)}
        entry = _entry(number, values, taxonomy, problems)
        if entry is None:
            continue
        if corpus is not None and not _exists(Path(corpus), entry.path):
            problems.append(CatalogueProblem(number, f"le fichier « {entry.path} » n'existe pas dans le corpus "
                                             "(vérifiez l'orthographe, les accents et les dossiers)."))
            continue
        if entry.path in entries:
            first = entries[entry.path].row
            problems.append(CatalogueProblem(number, f"« {entry.path} » est déjà décrit ligne {first} : "
                                             "cette ligne est ignorée."))
            continue
        entries[entry.path] = entry
    return entries, problems


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _columns(header: list[str], problems: list[CatalogueProblem]) -> dict[int, str]:
    columns = {}
    for index, name in enumerate(header):
        key = re.sub(r"[\s-]+", "_", fold(name).strip().lower())
        if key in COLUMNS and COLUMNS[key] not in columns.values():
            columns[index] = COLUMNS[key]
        elif key:
            problems.append(CatalogueProblem(1, f"colonne « {name.strip()} » inconnue ou en double : ignorée."))
    return columns


def _split(cell: str, extra: str = "") -> list[str]:
    parts = re.split(f"[;{extra}]", cell) if cell else []
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _entry(
    number: int, values: dict[str, str], taxonomy: Taxonomy, problems: list[CatalogueProblem]
) -> CatalogueEntry | None:
    """The entry of one row, each bad cell left out and reported; None without a usable path."""

    def report(message: str) -> None:
        problems.append(CatalogueProblem(number, message))

    path = normalise_relpath(values.get("path", ""))
    if not path:
        report("la colonne « chemin » est vide : ligne ignorée.")
        return None
    if path.startswith("../") or "/../" in path or re.match(r"^[A-Za-z]:", path):
        report(f"« {path} » doit être un chemin relatif au dossier du corpus : ligne ignorée.")
        return None
    known_types, known_themes = ", ".join(taxonomy.types), ", ".join(taxonomy.themes)
    return CatalogueEntry(
        path=path,
        row=number,
        title=values.get("title", ""),
        type=_checked(values.get("type", ""), taxonomy.resolve_type, report,
                      lambda v: f"type « {v} » inconnu (types possibles : {known_types}).") or "",
        countries=_codes(values.get("countries", ""), resolve_country, report,
                         lambda v: f"pays « {v} » inconnu (indiquez un code ISO comme ML ou un nom comme « Mali »)."),
        themes=_codes(values.get("themes", ""), taxonomy.resolve_theme, report,
                      lambda v: f"thème « {v} » inconnu (thèmes possibles : {known_themes})."),
        year=_checked(values.get("year", ""), parse_year, report,
                      lambda v: f"année « {v} » invalide : quatre chiffres attendus, ex. 2012."),
        organisation=values.get("organisation", ""),
        partners=tuple(_split(values.get("partners", ""))),
        summary=values.get("summary", ""),
        keywords=tuple(_split(values.get("keywords", ""))),
        author=values.get("author", ""),
        date=_checked(values.get("date", ""), parse_date, report,
                      lambda v: f"date « {v} » invalide : écrivez 2012-11-15 ou 15/11/2012.") or "",
    )


def _checked(cell: str, parse: Callable[[str], Any], report: Callable[[str], None],
             problem: Callable[[str], str]) -> Any:
    """`parse(cell)`; a cell given but not understood is reported with `problem(cell)`."""
    if not cell:
        return None
    value = parse(cell)
    if not value:
        report(problem(cell))
    return value or None


def _codes(cell: str, resolve: Callable[[str], str | None], report: Callable[[str], None],
           problem: Callable[[str], str]) -> tuple[str, ...]:
    """The codes of a multi-valued cell ("Mali; Sénégal"), each unknown value reported."""
    codes = (_checked(value, resolve, report, problem) for value in _split(cell, ","))
    return tuple(dict.fromkeys(code for code in codes if code))


def _exists(corpus: Path, relpath: str) -> bool:
    """True when the file is there under its NFC or NFD spelling (macOS copies use NFD)."""
    return any(
        (corpus / unicodedata.normalize(form, relpath)).is_file() for form in ("NFC", "NFD")
    )
