"""Building the DocumentRecord of one file: every metadata value with its source.

For each field the first source that gives a value wins, in this order:
catalogue (staff) > the file's own properties > detection in the text > the folder and
file names. `record.sources` says which one it was (see docs/metadata.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from indexer.access import record_access
from indexer.catalogue import CatalogueEntry
from indexer.metadata.organisation import (
    detect_author,
    detect_organisation,
    detect_partners,
    looks_like_organisation,
)
from indexer.metadata.paths import document_id, file_stem, folder_names
from indexer.metadata.title import clean_line, title_candidates
from indexer.metadata.years import year_in_name, year_in_text
from indexer.model import Extracted, Properties
from cresi_search.records import (
    SOURCE_CATALOGUE,
    SOURCE_DETECTED,
    SOURCE_FOLDER,
    SOURCE_PROPERTIES,
    DocumentRecord,
    Fingerprint,
)
from cresi_search.dates import year_of_date
from cresi_search.vocab import Taxonomy, country_label, detect_countries, resolve_country
from cresi_search.vocab.country_aliases import ADJECTIVES
from cresi_search.vocab.doctypes import FALLBACK as FALLBACK_TYPE
from cresi_search.vocab.countries import adjective_forms
from cresi_search.vocab.organisations import current_name

FIRST_PAGE_CHARS = 3000
CITATION_GAP = 2  # a dated year this much older than the file's creation is a citation

Candidate = tuple[str, Any]  # (source, value or a function computing it)
# Short names for the four sources, in priority order.
C, P, D, F = SOURCE_CATALOGUE, SOURCE_PROPERTIES, SOURCE_DETECTED, SOURCE_FOLDER


def _pick(record: DocumentRecord, name: str, *candidates: Candidate) -> None:
    """Sets `name` to the first non-empty candidate and records its source."""
    for source, value in candidates:
        if callable(value):
            value = value()
        if value:
            setattr(record, name, list(value) if isinstance(value, tuple) else value)
            record.sources[name] = source
            return


def _split_keywords(values: tuple[str, ...]) -> list[str]:
    parts = (p.strip() for v in values for p in re.split(r"[;,]", v))
    return list(dict.fromkeys(p for p in parts if p))


def _first_page(extracted: Extracted) -> str:
    """The first page, with the next one when the first is a nearly empty cover."""
    text = ""
    for page in extracted.pages:
        text = f"{text}\n\n{page}" if text else page
        if len(text.strip()) >= 500:
            break
    return text[:FIRST_PAGE_CHARS]


@dataclass(frozen=True)
class _Sources:
    """What the metadata of one file are chosen from, read once."""

    path: str
    extracted: Extracted
    cat: CatalogueEntry
    first_page: str
    folders: list[str]
    path_text: str  # folder names and file name, one per line
    prop_keywords: list[str]

    @property
    def props(self) -> Properties:
        return self.extracted.properties


def build_record(
    relpath: str,
    fmt: str,
    fingerprint: Fingerprint,
    extracted: Extracted,
    entry: CatalogueEntry | None,
    taxonomy: Taxonomy,
) -> DocumentRecord:
    """The record of one document, metadata chosen by priority with their sources."""
    # The name as found on disk, composed (NFC): the catalogue's clean-up (backslashes,
    # edge spaces) must not alter it, or the download and the next run would not find it.
    path = unicodedata.normalize("NFC", relpath)
    folders = folder_names(path)
    src = _Sources(
        path=path,
        extracted=extracted,
        cat=entry or CatalogueEntry(path=path, row=0),
        first_page=_first_page(extracted),
        folders=folders,
        path_text="\n".join([*folders, file_stem(path)]),
        prop_keywords=_split_keywords(extracted.properties.keywords),
    )
    record = DocumentRecord(
        id=document_id(path),
        path=path,
        format=fmt,
        fingerprint=fingerprint,
        pages=extracted.pages,
        paged=extracted.paged,
        text_layer=extracted.has_text,
        warnings=list(extracted.warnings),
        ocr_pages=list(extracted.ocr_pages),
        awaiting_ocr=list(extracted.awaiting_ocr),
        repaired_pages=list(extracted.repaired_pages),
        scan=extracted.scanned,
        thumbnail=bool(extracted.thumbnail),
        access=record_access(entry),  # the catalogue's `acces` (indexer/access.py)
    )
    if entry is not None and entry.access:
        record.sources["access"] = C
    _pick_description(record, src, taxonomy)
    # A title made from the file name is not text: what it tells counts as "dossier".
    title = record.title if record.sources.get("title") != F else ""
    _pick_facets(record, src, title, taxonomy)
    # One spelling per organisation, so the facet does not split (apostrophe, renamed bodies).
    record.organisation = current_name(record.organisation)
    record.tags = facet_tags(record, taxonomy)
    return record


def _pick_description(record: DocumentRecord, src: _Sources, taxonomy: Taxonomy) -> None:
    cat, props = src.cat, src.props
    _pick(record, "title", (C, cat.title),
          *title_candidates(src.extracted, src.first_page, src.path,
                            lambda words: taxonomy.resolve_type(words) is not None))
    _pick(record, "summary", (C, cat.summary), (P, clean_line(props.subject)))
    _pick(record, "keywords", (C, cat.keywords), (P, src.prop_keywords))
    _pick(record, "author",
          (C, cat.author),
          (P, clean_line(props.author)),
          (D, lambda: detect_author(src.first_page)))


def _pick_facets(record: DocumentRecord, src: _Sources, title: str, taxonomy: Taxonomy) -> None:
    """The facets, the date and the partners; `title` is the record's title unless it was
    made from the file name."""
    cat, props, text, keywords = src.cat, src.props, src.extracted.text, src.prop_keywords
    _pick(record, "type",
          (C, cat.type),
          (D, lambda: taxonomy.detect_type(title, text.lstrip(), "") and taxonomy.detect_type(title, text.lstrip(), src.path)),
          (F, lambda: taxonomy.detect_type("", "", src.path)),
          (D, FALLBACK_TYPE if src.extracted.has_text and FALLBACK_TYPE in taxonomy.types else ""))
    detection_text = f"{props.subject}\n{text}"
    _pick(record, "countries",
          (C, cat.countries),
          (P, lambda: _unique(resolve_country(k) for k in keywords)),
          (D, lambda: _detected_countries(record.type, title, detection_text, taxonomy)),
          (F, lambda: detect_countries(src.path_text, min_hits=1)))
    _pick(record, "themes",
          (C, cat.themes),
          (P, lambda: _unique(taxonomy.resolve_theme(k, synonyms=False) for k in keywords)),
          (D, lambda: taxonomy.detect_themes(detection_text, title)),
          (F, lambda: taxonomy.detect_themes(src.path_text, min_score=1, min_distinct=1)))
    _pick(record, "year",
          (C, cat.year),
          (C, year_of_date(cat.date)),
          (D, lambda: year_in_name(title)),
          (F, lambda: year_in_name(file_stem(src.path))),
          (D, lambda: _dated_year(src.first_page, year_of_date(props.created))),
          (P, year_of_date(props.created)),
          (D, lambda: year_in_text(src.first_page)),
          (F, lambda: _year_in_folders(src.folders)))
    # The creation date, unless it contradicts the year chosen (a file saved years later).
    created_that_year = record.year is None or year_of_date(props.created) == record.year
    _pick(record, "date", (C, cat.date), (P, props.created if created_that_year else ""))
    _pick(record, "organisation",
          (C, cat.organisation),
          (P, props.author.strip() if looks_like_organisation(props.author) else ""),
          (D, lambda: detect_organisation(text, title, file_stem(src.path),
                                          lambda words: taxonomy.detect_type(words, "", "") is not None)))
    _pick(record, "partners", (C, cat.partners), (D, lambda: detect_partners(src.first_page)))


def _dated_year(first_page: str, created: int | None) -> int | None:
    """The year that dates the first page ("AG du 19 février 2026"), unless the file's
    creation date shows it is a citation (a law of 2016 in a text saved in 2022)."""
    year = year_in_text(first_page, dated_only=True)
    if year is None or created is None or created - CITATION_GAP <= year <= created + 1:
        return year
    return None


def _year_in_folders(folders: list[str]) -> int | None:
    """The year in the nearest folder name that has one ("Archives 2007")."""
    for folder in folders:
        year = year_in_name(folder)
        if year:
            return year
    return None


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _detected_countries(type: str, title: str, text: str, taxonomy: Taxonomy) -> list[str]:
    """Countries found in the text; for guides and sheets (generic types), only in the title,
    since the countries they cite are examples."""
    term = taxonomy.types.get(type)
    if term is not None and term.generic:
        return detect_countries("", title=title)
    return detect_countries(text, title=title)


def facet_tags(record: DocumentRecord, taxonomy: Taxonomy) -> list[str]:
    """Searchable words for the facets: the labels of the countries, themes and type, and
    the inhabitants' adjectives of the countries ("maliens").

    Not a country's towns and regions: with them every document about Mali would match
    "Bamako". A document that talks about a town names it in its own text.
    """
    tags = [country_label(code) for code in record.countries]
    tags += [taxonomy.theme_label(code) for code in record.themes]
    if record.type:
        tags.append(taxonomy.type_label(record.type))
    for code in record.countries:
        for adjective in ADJECTIVES.get(code, ()):
            tags += adjective_forms(adjective)
    return list(dict.fromkeys(tags))
