"""Generate the sample corpus of cresi-search from its text sources.

Usage (from anywhere):
    .venv/bin/python corpus_src/generate.py [--sources DIR] [--out DIR] [--only PATH]... [--check]

Every source ``*.md`` (format: docs/corpus-source-format.md) becomes one document under
the output folder; ``catalogue.csv`` and the statistics of ``README.md`` are rewritten;
documents generated before whose source disappeared are removed (and nothing else).
The output is reproducible: the same sources give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(REPO))

from corpus_src.sources import (  # noqa: E402
    COUNTRY_LABELS,
    Source,
    SourceError,
    check_outputs,
    display_path,
    load_source,
    load_sources,
)
from corpus_src.writers import Rendered, render  # noqa: E402
from corpus_src.writers.text_writer import fits_cp1252, uses_cp1252_extras  # noqa: E402

DEFAULT_SOURCES = REPO / "corpus_src" / "documents"
DEFAULT_OUT = REPO / "corpus"
DEFAULT_MANIFEST = REPO / "corpus_src" / "generated.txt"
SCAN_SOURCE = REPO / "corpus_src" / "scan-attestation-douentza-2016.md"
CATALOGUE = "catalogue.csv"
CATALOGUE_COLUMNS = (
    "chemin",
    "titre",
    "type",
    "pays",
    "themes",
    "annee",
    "organisation",
    "partenaires",
    "resume",
    "mots_cles",
)
STATS_START = "<!-- statistiques:debut (généré par corpus_src/generate.py) -->"
STATS_END = "<!-- statistiques:fin -->"
FORMAT_LABELS = {
    ".pdf": "PDF",
    ".docx": "DOCX",
    ".odt": "ODT",
    ".html": "HTML",
    ".md": "Markdown",
    ".txt": "Texte",
}


@dataclass
class Result:
    """What happened to one document."""

    source: Source
    rendered: Rendered
    changed: bool


# --- sources -----------------------------------------------------------------


def collect_sources(sources_dir: Path = DEFAULT_SOURCES) -> tuple[list[Source], list[str]]:
    """All the documents to generate (sources plus the scan), and the errors found."""
    sources, errors = load_sources(sources_dir)
    try:
        sources.append(load_source(SCAN_SOURCE, scan=True))
    except (SourceError, OSError) as error:
        errors.append(f"{display_path(SCAN_SOURCE)}: {error}")
    errors += check_outputs(sources)
    return sorted(sources, key=lambda s: s.output), errors


def text_encodings(sources: list[Source]) -> dict[str, str]:
    """Encoding of each text output: exactly one goes to Windows-1252, if any fits.

    A text holding characters that only Windows-1252 has (’ œ € …) is preferred:
    an indexer that mistakes it for Latin-1 then shows visible garbage.
    """
    texts = [s for s in sources if s.suffix == ".txt"]
    encodings = {s.output: "utf-8" for s in texts}
    candidates = sorted(
        (not uses_cp1252_extras(s), s.output) for s in texts if fits_cp1252(s)
    )
    if candidates:
        encodings[candidates[0][1]] = "cp1252"
    return encodings


# --- writing -----------------------------------------------------------------


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds exactly these bytes."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def generate(sources: list[Source], out_dir: Path, encodings: dict[str, str]) -> list[Result]:
    results = []
    for source in sources:
        rendered = render(source, encodings.get(source.output, "utf-8"))
        changed = write_if_changed(out_dir / source.output, rendered.data)
        results.append(Result(source, rendered, changed))
    return results


def catalogue_bytes(sources: list[Source]) -> bytes:
    """The catalogue as CSV, UTF-8 with BOM so that spreadsheet programs read it right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CATALOGUE_COLUMNS)
    for source in sorted(sources, key=lambda s: s.output):
        if not source.catalogue:
            continue
        writer.writerow(
            [
                source.output,
                source.title,
                source.type,
                "; ".join(source.countries),
                "; ".join(source.themes),
                source.year,
                source.organisation,
                "; ".join(source.partners),
                source.summary,
                "; ".join(source.keywords),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


# --- statistics for the README -----------------------------------------------


def _table(header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _cp1252_line(encodings: dict[str, str]) -> str:
    chosen = [output for output, encoding in sorted(encodings.items()) if encoding == "cp1252"]
    if not chosen:
        return "- aucun fichier texte en Windows-1252."
    return f"- fichier texte en Windows-1252 (les autres sont en UTF-8) : `{chosen[0]}`."


def _summary(results: list[Result], encodings: dict[str, str]) -> list[str]:
    sources = [r.source for r in results]
    pages = sum(r.rendered.pages for r in results)
    size = sum(len(r.rendered.data) for r in results)
    in_catalogue = sum(s.catalogue for s in sources)
    years = Counter(s.year for s in sources)
    return [
        f"- **{len(sources)} documents**, {pages} pages (règle de comptage de "
        f"`tests/test_corpus.py`), {size / 1_000_000:.1f} Mo ;",
        f"- {in_catalogue} documents dans `catalogue.csv` "
        f"({100 * in_catalogue / len(sources):.0f} %), "
        f"{sum(s.properties for s in sources)} avec des propriétés (titre, auteur…) "
        "renseignées dans le fichier ;",
        f"- années : de {min(years)} à {max(years)} ("
        + ", ".join(f"{year} : {count}" for year, count in sorted(years.items()))
        + ") ;",
        _cp1252_line(encodings),
    ]


def _breakdowns(results: list[Result]) -> list[str]:
    sources = [r.source for r in results]
    formats, format_pages = Counter(), Counter()
    for result in results:
        formats[result.source.suffix] += 1
        format_pages[result.source.suffix] += result.rendered.pages
    countries = Counter(c for s in sources for c in s.countries)
    sections = [
        (
            "Par format :",
            ("Format", "Documents", "Pages"),
            [(FORMAT_LABELS[f], formats[f], format_pages[f]) for f in FORMAT_LABELS if formats[f]],
        ),
        (
            "Par dossier :",
            ("Dossier", "Documents"),
            sorted(Counter(PurePosixPath(s.output).parts[0] for s in sources).items()),
        ),
        (
            "Par pays (un document peut en citer plusieurs) :",
            ("Code", "Pays", "Documents"),
            [(c, COUNTRY_LABELS[c], n) for c, n in sorted(countries.items())],
        ),
        (
            "Par thème (un document peut en avoir plusieurs) :",
            ("Thème", "Documents"),
            sorted(Counter(t for s in sources for t in s.themes).items()),
        ),
        ("Par type :", ("Type", "Documents"), sorted(Counter(s.type for s in sources).items())),
    ]
    lines: list[str] = []
    for title, header, rows in sections:
        lines += ["", title, "", *_table(header, rows)]
    return lines


def statistics(results: list[Result], encodings: dict[str, str]) -> str:
    """Markdown block with the counts of the corpus (French), for the README."""
    return "\n".join(_summary(results, encodings) + _breakdowns(results))


def update_readme(readme: Path, block: str) -> bool:
    """Replace the text between the statistics markers; True if the file changed."""
    if not readme.is_file():
        return False
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(STATS_START) + r".*?" + re.escape(STATS_END), re.S)
    new = pattern.sub(lambda _: f"{STATS_START}\n{block}\n{STATS_END}", text)
    return write_if_changed(readme, new.encode("utf-8"))


# --- cleanup of documents whose source disappeared ------------------------------


def manifest_path(out_dir: Path) -> Path:
    if out_dir.resolve() == DEFAULT_OUT.resolve():
        return DEFAULT_MANIFEST
    return out_dir / ".generated.txt"


def read_manifest(path: Path) -> dict[str, str]:
    """{output path: sha256} of the documents generated by the previous run."""
    entries = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            digest, _, output = line.partition("  ")
            if output:
                entries[output] = digest
    return entries


def write_manifest(path: Path, results: list[Result]) -> None:
    lines = [f"{hashlib.sha256(r.rendered.data).hexdigest()}  {r.source.output}" for r in results]
    write_if_changed(path, ("\n".join(lines) + "\n").encode("utf-8"))


def remove_stale(out_dir: Path, previous: dict[str, str], current: set[str]) -> list[str]:
    """Delete files generated before and no longer produced, if left untouched since."""
    removed = []
    root = out_dir.resolve()
    for output, digest in sorted(previous.items()):
        path = (out_dir / output).resolve()
        if output in current or not path.is_file() or root not in path.parents:
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            print(f"conservé (modifié à la main) : {output}", file=sys.stderr)
            continue
        path.unlink()
        removed.append(output)
        parent = path.parent
        while parent != root and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return removed


# --- command line --------------------------------------------------------------


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Génère le corpus d'exemple de cresi-search.")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="dossier des sources")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dossier de sortie")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="CHEMIN",
        help="ne générer que ce document (chemin sous le dossier de sortie) ; répétable",
    )
    parser.add_argument("--check", action="store_true", help="valider les sources sans rien écrire")
    args = parser.parse_args(argv)
    args.sources = args.sources if args.sources.is_absolute() else REPO / args.sources
    args.out = args.out if args.out.is_absolute() else REPO / args.out
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    sources, errors = collect_sources(args.sources)
    known = {s.output for s in sources}
    errors += [f"--only : aucun document {o!r}" for o in args.only if o not in known]
    if errors:
        print("\n".join(f"ERREUR {e}" for e in errors), file=sys.stderr)
        return 1
    if args.check:
        print(f"{len(sources)} sources valides.")
        return 0
    encodings = text_encodings(sources)
    selected = [s for s in sources if not args.only or s.output in args.only]
    results = generate(selected, args.out, encodings)
    write_if_changed(args.out / CATALOGUE, catalogue_bytes(sources))
    written = sum(r.changed for r in results)
    print(f"{len(results)} documents ({written} écrits, {len(results) - written} inchangés).")
    if args.only:
        return 0
    removed = remove_stale(args.out, read_manifest(manifest_path(args.out)), known)
    for output in removed:
        print(f"supprimé (source disparue) : {output}")
    write_manifest(manifest_path(args.out), results)
    if update_readme(args.out / "README.md", statistics(results, encodings)):
        print("Statistiques de README.md mises à jour.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
