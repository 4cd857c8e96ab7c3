"""The controlled vocabulary of themes and document types, read from a TOML file.

The file (indexer/data/taxonomy.toml by default) is edited by CRESI staff; its format is
described in its own header and in docs/metadata.md. Errors are reported in French with
the line or the section at fault, all at once.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from cresi_search.french.words import PhraseMatcher, phrase, words

TAXONOMY_FILE = "taxonomy.toml"

TITLE_WEIGHT = 3  # a keyword in the title counts as three in the text
KEYWORD_CAP = 5  # one keyword repeated many times cannot carry a theme alone
MIN_SCORE = 5  # below this a theme is a passing mention
MIN_DISTINCT = 2  # a theme needs at least two different keywords
RELATIVE_THRESHOLD = 0.4  # of the best theme's score
MAX_THEMES = 3
MAX_CHARS = 400_000

_CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_SECTIONS = {"themes": "thème", "types": "type de document"}
_ENTRY_KEYS = {"libelle", "mots_cles", "generique", "indices"}
_TYPE_ONLY_KEYS = {"generique", "indices"}


class TaxonomyError(ValueError):
    """The vocabulary file cannot be used; the message says where and why, in French."""


@dataclass(frozen=True)
class Term:
    """One theme or document type: its code, French label and detection keywords."""

    code: str
    label: str
    keywords: tuple[str, ...] = ()
    generic: bool = False  # types only: a general document whose countries are examples
    hints: tuple[str, ...] = ()  # types only: words that suggest the type without proving it


@dataclass(frozen=True, eq=False)
class Taxonomy:
    themes: dict[str, Term]
    types: dict[str, Term]
    ignored: tuple[str, ...] = ()
    origin: str = ""  # file it was read from, for messages

    # ------------------------------------------------------------ labels and lookups

    def theme_label(self, code: str) -> str:
        term = self.themes.get(code)
        return term.label if term else code

    def type_label(self, code: str) -> str:
        term = self.types.get(code)
        return term.label if term else code

    def resolve_theme(self, value: str, synonyms: bool = True) -> str | None:
        """Theme code from a code, a label or (if `synonyms`) a keyword, accents and case ignored."""
        return _resolve(value, self._theme_names if synonyms else self._theme_labels)

    def resolve_type(self, value: str, synonyms: bool = True) -> str | None:
        """Type code from a code, a label or (if `synonyms`) a detection phrase."""
        return _resolve(value, self._type_names if synonyms else self._type_labels)

    @cached_property
    def _theme_labels(self) -> dict[tuple[str, ...], str]:
        return _name_table(self.themes, with_keywords=False)

    @cached_property
    def _theme_names(self) -> dict[tuple[str, ...], str]:
        return _name_table(self.themes, with_keywords=True)

    @cached_property
    def _type_labels(self) -> dict[tuple[str, ...], str]:
        return _name_table(self.types, with_keywords=False)

    @cached_property
    def _type_names(self) -> dict[tuple[str, ...], str]:
        return _name_table(self.types, with_keywords=True)

    # ------------------------------------------------------------ detection

    @cached_property
    def _theme_matcher(self) -> PhraseMatcher[tuple[str, ...]]:
        codes_by_keyword: dict[str, list[str]] = {}
        keys: dict[tuple[str, ...], str] = {}
        for term in self.themes.values():
            for keyword in term.keywords:
                first = keys.setdefault(phrase(keyword), keyword)
                codes = codes_by_keyword.setdefault(first, [])
                if term.code not in codes:
                    codes.append(term.code)
        matcher = PhraseMatcher((k, tuple(c)) for k, c in codes_by_keyword.items())
        for text in self.ignored:
            matcher.add(text, None)
        return matcher

    @cached_property
    def type_phrases(self) -> PhraseMatcher[tuple[str, bool]]:
        """Type phrases -> (type code, is a mere hint); the ignored phrases map to None."""
        matcher: PhraseMatcher[tuple[str, bool]] = PhraseMatcher()
        for text in self.ignored:
            matcher.add(text, None)
        for term in self.types.values():
            for keyword in term.keywords:
                matcher.add(keyword, (term.code, False))
        for term in self.types.values():
            for hint in term.hints:
                matcher.add(hint, (term.code, True))
        return matcher

    def _theme_hits(self, text: str) -> dict[str, Counter[tuple[str, ...]]]:
        hits: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
        ws = words(text[:MAX_CHARS])
        for start, end, codes in self._theme_matcher.find(ws):
            key = tuple(w.norm for w in ws[start:end])
            for code in codes or ():
                hits[code][key] += 1
        return hits

    def theme_scores(self, text: str, title: str = "") -> dict[str, tuple[int, int]]:
        """(score, number of distinct keywords) per theme found in a text."""
        text_hits = self._theme_hits(text)
        title_hits = self._theme_hits(title)
        scores = {}
        for code in set(text_hits) | set(title_hits):
            score = sum(min(n, KEYWORD_CAP) for n in text_hits[code].values())
            score += TITLE_WEIGHT * len(title_hits[code])
            scores[code] = (score, len(set(text_hits[code]) | set(title_hits[code])))
        return scores

    def detect_themes(
        self,
        text: str,
        title: str = "",
        min_score: int = MIN_SCORE,
        min_distinct: int = MIN_DISTINCT,
    ) -> list[str]:
        """Codes of the themes a text is about, best first (at most three)."""
        scores = self.theme_scores(text, title)
        best = max((s for s, _ in scores.values()), default=0)
        kept = [
            (score, code)
            for code, (score, distinct) in scores.items()
            if score >= min_score and distinct >= min_distinct and score >= RELATIVE_THRESHOLD * best
        ]
        kept.sort(key=lambda item: (-item[0], item[1]))
        return [code for _, code in kept[:MAX_THEMES]]

    def detect_type(self, title: str, text: str, path: str) -> str | None:
        """Type code weighed from the title, the file name, the first page and the folders
        (cresi_search/vocab/doctypes.py); None when nothing points to a type."""
        from cresi_search.vocab.doctypes import detect_type

        return detect_type(self, title, text, path)


def _name_table(terms: dict[str, Term], with_keywords: bool) -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for term in terms.values():
        table.setdefault(phrase(term.code), term.code)
        table.setdefault(phrase(term.label), term.code)
    if with_keywords:
        for term in terms.values():
            for keyword in term.keywords:
                table.setdefault(phrase(keyword), term.code)
        for term in terms.values():
            for hint in term.hints:
                table.setdefault(phrase(hint), term.code)
    return table


def _resolve(value: str, table: dict[tuple[str, ...], str]) -> str | None:
    key = phrase(value)
    return table.get(key) if key else None


# ---------------------------------------------------------------- loading


def default_taxonomy_text() -> str:
    """The vocabulary shipped with the package."""
    return resources.files("cresi_search").joinpath("data", TAXONOMY_FILE).read_text(encoding="utf-8")


def find_taxonomy(corpus: Path, explicit: Path | None = None) -> Path | None:
    """The file to use: the one given (option or CRESI_TAXONOMY), else a taxonomy.toml
    at the corpus root, else None for the packaged default."""
    if explicit is not None:
        return explicit
    candidate = corpus / TAXONOMY_FILE
    return candidate if candidate.is_file() else None


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Reads and checks a vocabulary file; None reads the packaged default."""
    if path is None:
        return parse_taxonomy(default_taxonomy_text(), "taxonomy.toml (par défaut)")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TaxonomyError(f"{path} : fichier de vocabulaire introuvable.") from None
    except UnicodeDecodeError:
        raise TaxonomyError(f"{path} : le fichier doit être enregistré en UTF-8.") from None
    except OSError as exc:
        raise TaxonomyError(f"{path} : lecture impossible ({exc.strerror}).") from None
    return parse_taxonomy(text, str(path))


def parse_taxonomy(text: str, origin: str = "taxonomy.toml") -> Taxonomy:
    """Builds a Taxonomy from TOML text; raises TaxonomyError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(_syntax_message(origin, str(exc))) from None
    problems: list[str] = []
    for key in data:
        if key not in (*_SECTIONS, "ignorer"):
            problems.append(
                f"{_where(text, key)}clé inconnue « {key} » : seules « ignorer », "
                "[themes.…] et [types.…] sont attendues."
            )
    ignored = _string_list(data.get("ignorer", []), "ignorer", _where(text, "ignorer"), problems)
    sections = {name: _read_section(data, name, text, problems) for name in _SECTIONS}
    if problems:
        raise TaxonomyError(f"{origin} : vocabulaire invalide.\n- " + "\n- ".join(problems))
    return Taxonomy(sections["themes"], sections["types"], tuple(ignored), origin)


def _read_section(data: dict, name: str, text: str, problems: list[str]) -> dict[str, Term]:
    section = data.get(name)
    if section is None:
        problems.append(f"aucune section [{name}.…] : il faut au moins un {_SECTIONS[name]}.")
        return {}
    if not isinstance(section, dict):
        problems.append(f"{_where(text, name)}« {name} » doit être une suite de sections [{name}.code].")
        return {}
    terms = {}
    for code, entry in section.items():
        term = _read_term(name, code, entry, text, problems)
        if term:
            terms[code] = term
    if not section:
        problems.append(f"la section [{name}] est vide : il faut au moins un {_SECTIONS[name]}.")
    return terms


def _read_term(section: str, code: str, entry: object, text: str, problems: list[str]) -> Term | None:
    where = _where(text, f"{section}.{code}")
    before = len(problems)
    if not _CODE.match(code):
        problems.append(
            f"{where}[{section}.{code}] : le code doit s'écrire en minuscules sans accents, "
            "avec des lettres, des chiffres et des tirets (ex. « eau-assainissement »)."
        )
    if not isinstance(entry, dict):
        problems.append(f"{where}[{section}.{code}] doit être une section avec « libelle » et « mots_cles ».")
        return None
    for key in entry:
        if key not in _ENTRY_KEYS or (key in _TYPE_ONLY_KEYS and section != "types"):
            problems.append(f"{where}[{section}.{code}] : clé inconnue « {key} ».")
    label = entry.get("libelle")
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{where}[{section}.{code}] : « libelle » manque ou n'est pas un texte entre guillemets.")
    keywords = _string_list(entry.get("mots_cles", []), f"[{section}.{code}] mots_cles", where, problems)
    hints = _string_list(entry.get("indices", []), f"[{section}.{code}] indices", where, problems)
    generic = entry.get("generique", False)
    if not isinstance(generic, bool):
        problems.append(f"{where}[{section}.{code}] : « generique » vaut true ou false.")
    if len(problems) > before:
        return None
    return Term(code, label.strip(), tuple(keywords), generic, tuple(hints))


def _string_list(value: object, name: str, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}{name} : une liste de textes entre guillemets est attendue, ex. [\"puits\", \"forage\"].")
        return []
    return [v.strip() for v in value]


def _where(text: str, dotted: str) -> str:
    """ "ligne N, " for the section header or key named `dotted`, or "" when not found."""
    parts = [re.escape(p) for p in dotted.split(".")]
    dotted_re = r"\s*\.\s*".join(rf'"?{p}"?' for p in parts)
    patterns = (rf"^\s*\[\s*{dotted_re}\s*\]", rf"^\s*{dotted_re}\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        if any(re.match(p, line) for p in patterns):
            return f"ligne {number}, "
    return ""


def _syntax_message(origin: str, detail: str) -> str:
    position = _TOML_POSITION.search(detail)
    where = f"ligne {position.group(1)}, colonne {position.group(2)}" if position else "position inconnue"
    detail = _TOML_POSITION.sub("", detail).strip()
    return (
        f"{origin} : erreur de syntaxe TOML {where}. Vérifiez les guillemets, les crochets "
        f"et les virgules de cette ligne (détail : {detail})."
    )
