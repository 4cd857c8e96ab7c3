"""Loading and validation of the corpus sources (see docs/corpus-source-format.md)."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from babel import Locale

from .markup import Block, block_text, parse_body

# Types and themes are the shipped vocabulary's codes (one home: cresi_search/data/taxonomy.toml),
# so that the catalogue of the sample corpus can use every type the indexer knows.
_TAXONOMY = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "cresi_search" / "data" / "taxonomy.toml").read_text(encoding="utf-8")
)
TYPES = tuple(_TAXONOMY["types"])
THEMES = tuple(_TAXONOMY["themes"])
FORMATS = (".pdf", ".docx", ".odt", ".html", ".md", ".txt")

# Babel also knows regions and pseudo-codes that are not countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
COUNTRY_LABELS: dict[str, str] = {
    code: label
    for code, label in Locale("fr").territories.items()
    if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
}

_REQUIRED = ("output", "title", "type", "year", "countries", "themes", "organisation", "summary")
_OPTIONAL = ("date", "author", "partners", "keywords", "catalogue", "properties")
_RESERVED_OUTPUTS = {"readme.md", "catalogue.csv"}
_WINDOWS_FORBIDDEN = set('<>:"\\|?*')


class SourceError(Exception):
    """A source file that cannot be turned into a document."""


@dataclass
class Source:
    """One document to generate, as described by its source file."""

    path: Path
    output: str
    title: str
    type: str
    year: int
    countries: list[str]
    themes: list[str]
    organisation: str
    summary: str
    body: str
    date: dt.date | None = None
    author: str | None = None
    partners: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    catalogue: bool = True
    properties: bool = True
    scan: bool = False
    blocks: list[Block] = field(default_factory=list)

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.output).suffix.lower()

    @property
    def created(self) -> dt.datetime:
        """Creation timestamp: the source date (or 1 January), at noon UTC."""
        day = self.date or dt.date(self.year, 1, 1)
        return dt.datetime(day.year, day.month, day.day, 12, 0, 0, tzinfo=dt.timezone.utc)

    @property
    def creator(self) -> str:
        return self.author or self.organisation

    def word_count(self) -> int:
        """Words of the body: blank-separated tokens holding a letter or a digit."""
        tokens = (t for block in self.blocks for t in block_text(block).split())
        return sum(any(char.isalnum() for char in token) for token in tokens)


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (front matter, body) of a source text delimited by ``+++`` lines."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != "+++":
        raise SourceError("le fichier doit commencer par une ligne « +++ »")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "+++":
            return "".join(lines[1:index]), "".join(lines[index + 1 :])
    raise SourceError("front matter non fermé (ligne « +++ » manquante)")


def _check_output(output: object) -> list[str]:
    if not isinstance(output, str) or not output.strip():
        return ["« output » doit être un chemin non vide"]
    problems = []
    path = PurePosixPath(output)
    if output.startswith(("/", "\\")) or ":" in path.parts[0] or ".." in path.parts:
        problems.append(f"chemin de sortie hors de corpus/ : {output!r}")
    if any(char in _WINDOWS_FORBIDDEN for char in output) or any(
        part != part.strip() or (part.endswith(".") and part != "..") for part in path.parts
    ):
        problems.append(f"chemin de sortie invalide sous Windows : {output!r}")
    if path.suffix.lower() not in FORMATS:
        problems.append(f"extension inconnue {path.suffix!r} (attendu : {', '.join(FORMATS)})")
    if len(path.parts) == 1 and path.name.lower() in _RESERVED_OUTPUTS:
        problems.append(f"nom réservé à la racine du corpus : {output!r}")
    return problems


def _check_list(data: dict, key: str, allowed: dict | tuple, label: str) -> list[str]:
    values = data.get(key)
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return [f"« {key} » doit être une liste de chaînes"]
    return [f"{label} inconnu : {value!r}" for value in values if value not in allowed]


def _check_date(data: dict) -> list[str]:
    value = data.get("date")
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return [f"date invalide (attendu AAAA-MM-JJ) : {data['date']!r}"]
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return [f"date invalide : {value!r}"]
    data["date"] = value  # may fall after ``year``: a 2006 report can be dated March 2007
    return []


def validate(data: dict) -> list[str]:
    """All the problems found in a parsed front matter (empty list if fine)."""
    problems = [f"clé obligatoire manquante : « {key} »" for key in _REQUIRED if key not in data]
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    problems += [f"clé inconnue : « {key} »" for key in unknown]
    if "output" in data:
        problems += _check_output(data["output"])
    if "title" in data and (not isinstance(data["title"], str) or not data["title"].strip()):
        problems.append("titre vide")
    if "type" in data and data["type"] not in TYPES:
        problems.append(f"type inconnu : {data['type']!r}")
    if "year" in data and not isinstance(data["year"], int):
        problems.append(f"année invalide : {data['year']!r}")
    if "countries" in data:
        problems += _check_list(data, "countries", COUNTRY_LABELS, "code pays ISO")
    if "themes" in data:
        problems += _check_list(data, "themes", THEMES, "thème")
        if data["themes"] == []:
            problems.append("« themes » ne doit pas être vide")
    for key in ("partners", "keywords"):
        if key in data:
            problems += _check_list(data, key, (), key) if not isinstance(data[key], list) else []
    for key in ("catalogue", "properties"):
        if key in data and not isinstance(data[key], bool):
            problems.append(f"« {key} » doit valoir true ou false")
    for key in ("organisation", "summary", "author"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"« {key} » doit être une chaîne")
    return problems + _check_date(data)


def load_source(path: Path, scan: bool = False) -> Source:
    """Read, parse and validate one source file; raise SourceError on problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(f"le fichier n'est pas en UTF-8 ({error})") from None
    front, body = split_front_matter(text)
    try:
        data = tomllib.loads(front)
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"front matter TOML invalide : {error}") from None
    problems = validate(data)
    if problems:
        raise SourceError("; ".join(problems))
    fields = {key: data[key] for key in (*_REQUIRED, *_OPTIONAL) if key in data}
    fields["title"] = fields["title"].strip()
    source = Source(path=path, body=body, scan=scan, **fields)
    source.partners = [str(p) for p in source.partners]
    source.keywords = [str(k) for k in source.keywords]
    source.blocks = parse_body(body)
    if not source.blocks and not scan:
        raise SourceError("le corps du document est vide")
    return source


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_sources(directory: Path) -> tuple[list[Source], list[str]]:
    """Load every ``*.md`` source below ``directory``; return (sources, errors)."""
    sources, errors = [], []
    if not directory.is_dir():
        return [], [f"{display_path(directory)}: dossier des sources introuvable"]
    for path in sorted(directory.rglob("*.md")):
        try:
            sources.append(load_source(path))
        except SourceError as error:
            errors.append(f"{display_path(path)}: {error}")
    return sources, errors


def check_outputs(sources: list[Source]) -> list[str]:
    """Errors for output paths used twice (case-insensitively, for Windows and macOS)."""
    seen: dict[str, Path] = {}
    errors = []
    for source in sources:
        key = source.output.casefold()
        if key in seen:
            errors.append(
                f"{display_path(source.path)}: chemin de sortie {source.output!r} "
                f"déjà utilisé par {display_path(seen[key])}"
            )
        else:
            seen[key] = source.path
    return errors
