"""The staff catalogue: `catalogue.csv` at the corpus root, one row per described file.

Header (UTF-8, with or without BOM; `,` or `;` between cells):
chemin,titre,type,pays,themes,annee,organisation,partenaires,resume,mots_cles
(`auteur`, `date` and `acces` columns are optional). Multi-valued cells separate their
values with `;`. Type, themes and countries may be given as codes or in French words.
A row whose `chemin` ends with "/" names a folder and carries only `acces`, which
applies to every file below it (indexer/access.py says which row applies to a file).

A bad cell never stops indexing: it is left out and reported with its row number.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from cresi_search.dates import parse_date, parse_year
from cresi_search.french.normalise import fold
from cresi_search.records import ACCESS_PUBLIC, ACCESS_STAFF
from cresi_search.spreadsheet import restored_cell
from cresi_search.vocab import Taxonomy, resolve_country

CATALOGUE_FILE = "catalogue.csv"
MAX_PROBLEMS = 200  # listed; the others are counted

# Column header (folded, lower case, "_" for spaces and dashes) -> CatalogueEntry field:
# the columns as the team's export writes them (search_app/catalogue_export.py), and
# other spellings a hand-made catalogue may use.
COLUMNS = {
    "chemin": "path",
    "titre": "title",
    "type": "type",
    "pays": "countries",
    "themes": "themes",
    "annee": "year",
    "organisation": "organisation",
    "partenaires": "partners",
    "resume": "summary",
    "mots_cles": "keywords",
    "auteur": "author",
    "date": "date",
    "acces": "access",
}
OTHER_SPELLINGS = {"fichier": "path", "theme": "themes"}
CHECK_COLUMN = "a_verifier"  # the export's list of guessed values: not read back

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
    access: str = ""  # ACCESS_PUBLIC, ACCESS_STAFF, or "" when not given (indexer/access.py)


@dataclass(frozen=True)
class CatalogueProblem:
    """A row (1 = header, 0 = the whole file) and what is wrong with it, in French.
    `fatal`: the catalogue could not be read to its end (or not at all)."""

    row: int
    message: str
    fatal: bool = False

    def __str__(self) -> str:
        where = "catalogue.csv" if self.row == 0 else f"catalogue.csv, ligne {self.row}"
        return f"{where} : {self.message}"


class _Problems(list):
    """The first MAX_PROBLEMS problems, and how many more there were."""

    def __init__(self) -> None:
        super().__init__()
        self.more = 0

    def append(self, problem: CatalogueProblem) -> None:
        if len(self) < MAX_PROBLEMS or problem.fatal:
            super().append(problem)
        else:
            self.more += 1

    def closed(self) -> list[CatalogueProblem]:
        if not self.more:
            return list(self)
        return [*self, CatalogueProblem(0, f"… et {self.more} autres problèmes, non listés.")]


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
    """Entries by normalised relative path, and the problems found; no file, no entries.

    Read as it streams (a catalogue of 500,000 rows is not held in memory); only a file
    inside the corpus is read (`catalogue.csv` may be a link to anywhere)."""
    path = Path(corpus) / CATALOGUE_FILE
    if not path.is_file() and not path.is_symlink():
        return {}, []
    try:
        target = path.resolve(strict=True)
        inside = target.is_relative_to(Path(corpus).resolve()) and target.is_file()
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        return {}, [CatalogueProblem(0, "c'est un lien vers un fichier hors du dossier du corpus (ou introuvable) : "
                                        "il n'est pas lu. Mettez le catalogue lui-même dans le corpus.", fatal=True)]
    try:
        with open(target, encoding="utf-8-sig", newline="") as f:
            return parse_catalogue_stream(f, taxonomy, corpus)
    except UnicodeDecodeError:
        pass
    except OSError as e:
        return {}, [CatalogueProblem(0, f"lecture impossible ({e.strerror}).", fatal=True)]
    with open(target, encoding="cp1252", errors="replace", newline="") as f:
        entries, problems = parse_catalogue_stream(f, taxonomy, corpus)
    note = CatalogueProblem(0, "le fichier n'est pas en UTF-8 ; il a été lu comme un CSV "
                               "Windows (Excel). Enregistrez-le au format « CSV UTF-8 ».")
    return entries, [note, *problems]


def parse_catalogue(
    text: str, taxonomy: Taxonomy, corpus: Path | None = None
) -> tuple[dict[str, CatalogueEntry], list[CatalogueProblem]]:
    """Parses catalogue text; with `corpus`, rows naming a missing file are reported and left out."""
    return parse_catalogue_stream(io.StringIO(text.lstrip("\ufeff"), newline=""), taxonomy, corpus)


def parse_catalogue_stream(
    stream: TextIO, taxonomy: Taxonomy, corpus: Path | None = None
) -> tuple[dict[str, CatalogueEntry], list[CatalogueProblem]]:
    """`parse_catalogue` on a text stream opened with newline="", read row by row. A row
    the CSV reader cannot cut (a quote left open, swallowing the rest of the file into
    one cell) ends the reading: the rows before it are kept, and the problem is fatal."""
    problems = _Problems()
    first = stream.readline()
    stream.seek(0)
    rows = _rows(csv.reader(stream, delimiter=_delimiter(first)), problems)
    _, header = next(rows, (1, None))
    if header is None:
        return {}, problems.closed()
    columns = _columns(header, problems)
    if "path" not in columns.values():
        problems.append(CatalogueProblem(1, "la colonne « chemin » manque : aucune ligne n'a pu être lue."))
        return {}, problems.closed()
    entries: dict[str, CatalogueEntry] = {}
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append(CatalogueProblem(number, f"{len(cells)} cellules au lieu de {len(header)} : "
                                             "un texte qui contient le séparateur doit être entre guillemets. "
                                             "Ligne ignorée."))
            continue
        values = {field: _plain(cells[i]) for i, field in columns.items() if i < len(cells)}
        entry = _entry(number, values, taxonomy, problems)
        if entry is None:
            continue
        if corpus is not None and not _exists(Path(corpus), entry.path):
            what = "le dossier" if entry.path.endswith("/") else "le fichier"
            problems.append(CatalogueProblem(number, f"{what} « {entry.path} » n'existe pas dans le corpus "
                                             "(vérifiez l'orthographe, les accents et les dossiers)."))
            continue
        if entry.path in entries:
            first = entries[entry.path]
            message = f"« {entry.path} » est déjà décrit ligne {first.row} : cette ligne est ignorée"
            if entry.access == ACCESS_STAFF and first.access != ACCESS_STAFF:
                # Fail closed: a row that reserves a document is never lost to a duplicate.
                entries[entry.path] = replace(first, access=ACCESS_STAFF)
                message += ", sauf son accès « equipe », qui est retenu"
            problems.append(CatalogueProblem(number, message + "."))
            continue
        entries[entry.path] = entry
    return entries, problems.closed()


def _rows(reader, problems: _Problems) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each row; a row the reader cannot cut is reported and ends it."""
    number = 0
    while True:
        number += 1
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            problems.append(CatalogueProblem(number, _csv_problem(str(e), line if line != number else 0), fatal=True))
            return
        yield number, cells


def _csv_problem(detail: str, line: int) -> str:
    where = f" (ligne {line} du fichier texte)" if line else ""
    if "field larger than field limit" in detail:
        limit = f"{csv.field_size_limit():,}".replace(",", " ")
        what = (f"une cellule dépasse {limit} caractères : le plus souvent, un guillemet ouvert n'est "
                "jamais refermé et la cellule avale la suite du fichier")
    else:
        what = f"le fichier n'est plus lisible comme un CSV ({detail})"
    return (f"{what}{where}. Le catalogue n'est lu que jusqu'à la ligne précédente ; les documents "
            "décrits plus bas gardent ce que l'index savait d'eux. Corrigez cette ligne.")


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _columns(header: list[str], problems: list[CatalogueProblem]) -> dict[int, str]:
    columns = {}
    for index, name in enumerate(header):
        key = re.sub(r"[\s-]+", "_", fold(name).strip().lower())
        field = COLUMNS.get(key) or OTHER_SPELLINGS.get(key)
        if field and field not in columns.values():
            columns[index] = field
        elif key and key != CHECK_COLUMN:
            problems.append(CatalogueProblem(1, f"colonne « {name.strip()} » inconnue ou en double : ignorée."))
    return columns


def _plain(cell: str) -> str:
    """The cell, without the apostrophe the team's export puts before =, +, - and @."""
    return restored_cell(cell.strip())


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
    access = _access(values.get("access", ""), report)
    if path.endswith("/"):
        return _folder_entry(number, path, access, values, report)
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
        access=access,
    )


def _access(cell: str, report: Callable[[str], None]) -> str:
    """The `acces` cell: public, equipe (accents and case aside) or "" when empty. Any
    other value is reported and read as equipe: a mistyped mark never makes a document
    public (fail closed)."""
    value = fold(cell).strip().lower()
    if value in ("", ACCESS_PUBLIC, ACCESS_STAFF):
        return value
    report(f"accès « {cell} » inconnu (valeurs possibles : {ACCESS_PUBLIC}, {ACCESS_STAFF}) : "
           "le document est réservé à l'équipe tant que la valeur n'est pas corrigée.")
    return ACCESS_STAFF


def _folder_entry(number: int, path: str, access: str, values: dict[str, str],
                  report: Callable[[str], None]) -> CatalogueEntry | None:
    """A folder row: only its `acces` counts; other cells are reported and left out."""
    column = {field: name for name, field in reversed(COLUMNS.items())}  # the first name
    others = [column[field] for field, cell in values.items() if cell and field not in ("path", "access")]
    if others:
        report(f"« {path} » est un dossier (chemin terminé par /) : seule la colonne « acces » "
               f"s'y applique ; {', '.join(others)} ignoré(s).")
    if not access:
        report(f"le dossier « {path} » n'a pas de valeur dans la colonne « acces » : ligne ignorée.")
        return None
    return CatalogueEntry(path=path, row=number, access=access)


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
    """True when the file (the folder, for a path ending with "/") is there under its NFC
    or NFD spelling (macOS copies use NFD)."""
    check = Path.is_dir if relpath.endswith("/") else Path.is_file
    return any(check(corpus / unicodedata.normalize(form, relpath)) for form in ("NFC", "NFD"))
