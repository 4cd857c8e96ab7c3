"""Metadata quality: titles, years, types, countries and organisations found with no catalogue,
against a librarian's judgements (docs/metadata.md).

Indexes a folder with the real pipeline (`indexer.update.run`) and no catalogue, reads the
values the index stores for each document, and compares them with the judged values:

- the real documents, `../shared/realdocs`: `files/` indexed, `metadata.tsv` judged;
- the sample corpus, `corpus/`: copied without its `catalogue.csv`, and judged against that
  catalogue's values (the catalogue is what staff wrote; the detection should find it).

    .venv/bin/python -m bench.metadata_eval                     # the real documents
    .venv/bin/python -m bench.metadata_eval --set corpus        # the sample corpus
    .venv/bin/python -m bench.metadata_eval --index var/meta    # keep the index (and its
                                                                # extraction cache) there

Rules (one per field; a document without a judged value counts too: then finding nothing
is right, finding something is a miss):
- title: the words of both titles are compared folded (accents, case, elision, plural
  mark) without French stop words. Acceptable when at least TITLE_PRECISION of the found
  title's words are in the judged title (it says nothing else) and they cover at least
  TITLE_COVERAGE of the judged title's words (it says enough). "AVIS DE RECRUTEMENT" for
  "Avis de recrutement d'un gestionnaire de l'information" covers 2 words of 4: refused.
- year, type: exact.
- countries: precision and recall over (document, country) pairs, pooled over the set
  (micro averages); the order of the countries is not judged.
- organisation: the same word comparison as titles, in both directions at
  ORG_AGREEMENT (a sigle counts as the words it stands for when the other name gives it,
  "IHI" = "Initiative humanitaire internationale (IHI)").

The figures come last, as `name: value` lines. Functions are imported by
tests/test_metadata_eval.py.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALDOCS = ROOT.parent / "shared" / "realdocs"
SAMPLE = ROOT / "corpus"

TITLE_PRECISION = 0.8
TITLE_COVERAGE = 0.6
ORG_AGREEMENT = 0.5
FIELDS = ("title", "year", "type", "countries", "organisation")


@dataclass(frozen=True)
class Judged:
    """What the librarian wrote of one file (empty = nothing to find)."""

    path: str
    title: str = ""
    year: int | None = None
    countries: tuple[str, ...] = ()
    type: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class Found:
    """What the index holds for one file, and where each value came from."""

    path: str
    title: str = ""
    year: int | None = None
    countries: tuple[str, ...] = ()
    type: str = ""
    organisation: str = ""
    sources: dict = field(default_factory=dict)


def nfc(path: str) -> str:
    return unicodedata.normalize("NFC", path)


# -- judgements -----------------------------------------------------------------------------
def load_realdocs(root: Path = REALDOCS) -> list[Judged]:
    """The librarian's catalogue of the real documents (`metadata.tsv`)."""
    judged = []
    with open(root / "metadata.tsv", encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#"):
                continue
            name, title, year, countries, type_, _themes, org = (row + [""] * 7)[:7]
            judged.append(Judged(
                nfc(name), title.strip(), int(year) if year.strip() else None,
                tuple(c for c in countries.split("|") if c), type_.strip(), org.strip(),
            ))
    return judged


def load_sample(corpus: Path = SAMPLE) -> list[Judged]:
    """The catalogue of the sample corpus, read as the indexer reads it."""
    from cresi_search.vocab.taxonomy import load_taxonomy
    from indexer.catalogue import read_catalogue

    entries, _ = read_catalogue(corpus, load_taxonomy())
    return [
        Judged(nfc(e.path), e.title, e.year, tuple(e.countries), e.type, e.organisation)
        for e in entries.values()
    ]


# -- indexing -------------------------------------------------------------------------------
def build_index(corpus: Path, index_dir: Path) -> list[str]:
    """Index `corpus` into `index_dir` (full rebuild, extraction cache reused); the skipped files."""
    from indexer.config import Settings
    from indexer.update import run

    report = run(Settings(corpus=Path(corpus).resolve(), index=Path(index_dir).resolve()), full=True)
    return [f"{s['path']} : {s['reason']}" for s in report.skipped]


def read_index(index_dir: Path) -> dict[str, Found]:
    """The stored metadata of every document of an index, by path."""
    from cresi_search.index.schema import KIND_DOC
    from cresi_search.index.store import IndexStore

    found = {}
    with IndexStore(Path(index_dir)).open().searcher() as searcher:
        for docnum in searcher.document_numbers(kind=KIND_DOC):
            f = searcher.stored_fields(docnum)
            year = f.get("year") or ""
            found[nfc(f["path"])] = Found(
                nfc(f["path"]), f.get("title") or "", int(year) if year.isdigit() else None,
                tuple(c for c in (f.get("country") or "").split(",") if c), f.get("type") or "",
                f.get("organisation") or "", dict((f.get("meta") or {}).get("sources", {})),
            )
    return found


def sample_without_catalogue(corpus: Path, into: Path) -> Path:
    """A copy of the sample corpus without its catalogue (hard links when possible)."""
    target = into / "corpus"
    shutil.copytree(corpus, target, copy_function=_link_or_copy,
                    ignore=shutil.ignore_patterns("catalogue.csv"))
    return target


def _link_or_copy(src: str, dst: str) -> None:
    try:
        Path(dst).hardlink_to(src)
    except OSError:
        shutil.copy2(src, dst)


# -- comparison rules -----------------------------------------------------------------------
def content_words(text: str) -> list[str]:
    """The words of a title that carry meaning: folded, singular, no stop words."""
    from cresi_search.french.normalise import WORD, comparable
    from cresi_search.index.analysis import french_stop_words

    stops = french_stop_words()
    out = []
    for raw in WORD.findall(text):
        word = comparable(raw)
        if word and word not in stops:
            out.append(word)
    return out


def overlap(found: str, judged: str) -> tuple[float, float]:
    """(precision, coverage): the share of the found words in the judged text, and the
    share of the judged words the found text has (distinct words)."""
    f, j = set(content_words(found)), set(content_words(judged))
    if not f or not j:
        return 0.0, 0.0
    common = len(f & j)
    return common / len(f), common / len(j)


def title_ok(found: str, judged: str) -> bool:
    if not judged:
        return not found
    precision, coverage = overlap(found, judged)
    return precision >= TITLE_PRECISION and coverage >= TITLE_COVERAGE


def _with_sigles(name: str, other: str) -> str:
    """`name`, with the words of a sigle it uses when `other` spells it out in parentheses
    or the sigle is the initials of `other`'s words."""
    import re

    words = content_words(name)
    expanded = name
    for sigle in re.findall(r"\b[A-Z][A-Z0-9'-]{1,9}\b", name):
        spelled = re.search(rf"([^()]+)\(\s*{re.escape(sigle)}\s*\)", other)
        if spelled:
            expanded += " " + spelled.group(1)
    return expanded if words else name


def organisation_ok(found: str, judged: str) -> bool:
    if not judged:
        return not found
    if not found:
        return False
    a, b = _with_sigles(found, judged), _with_sigles(judged, found)
    precision, coverage = overlap(a, b)
    return precision >= ORG_AGREEMENT and coverage >= ORG_AGREEMENT


@dataclass
class Scores:
    documents: int = 0
    ok: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    country_tp: int = 0
    country_found: int = 0
    country_judged: int = 0
    misses: dict[str, list[tuple[Judged, Found]]] = field(default_factory=lambda: {f: [] for f in FIELDS})

    def share(self, name: str) -> float:
        return self.ok[name] / self.documents if self.documents else 0.0

    @property
    def country_precision(self) -> float:
        return self.country_tp / self.country_found if self.country_found else 1.0

    @property
    def country_recall(self) -> float:
        return self.country_tp / self.country_judged if self.country_judged else 1.0


def score(judged: Iterable[Judged], found: dict[str, Found]) -> Scores:
    """Every field of every judged document compared; a document not indexed finds nothing."""
    s = Scores()
    for j in judged:
        f = found.get(j.path) or Found(j.path)
        s.documents += 1
        checks = {
            "title": title_ok(f.title, j.title),
            "year": f.year == j.year,
            "type": f.type == j.type,
            "countries": set(f.countries) == set(j.countries),
            "organisation": organisation_ok(f.organisation, j.organisation),
        }
        for name, good in checks.items():
            s.ok[name] += good
            if not good:
                s.misses[name].append((j, f))
        s.country_tp += len(set(f.countries) & set(j.countries))
        s.country_found += len(set(f.countries))
        s.country_judged += len(set(j.countries))
    return s


# -- report ---------------------------------------------------------------------------------
def _value(obj: Judged | Found, name: str) -> str:
    value = getattr(obj, name)
    if isinstance(value, tuple):
        return "|".join(value) or "—"
    return str(value) if value not in (None, "") else "—"


def figure_lines(s: Scores, prefix: str = "") -> list[str]:
    return [
        f"{prefix}documents: {s.documents}",
        f"{prefix}titles: {s.share('title'):.3f}",
        f"{prefix}years: {s.share('year'):.3f}",
        f"{prefix}types: {s.share('type'):.3f}",
        f"{prefix}countries_exact: {s.share('countries'):.3f}",
        f"{prefix}countries_precision: {s.country_precision:.3f}",
        f"{prefix}countries_recall: {s.country_recall:.3f}",
        f"{prefix}organisations: {s.share('organisation'):.3f}",
    ]


def report(s: Scores, out=sys.stdout, fields: Sequence[str] = FIELDS) -> None:
    p = lambda line="": print(line, file=out)  # noqa: E731
    for name in fields:
        misses = s.misses[name]
        p(f"== {name} : {s.ok[name]}/{s.documents} ({len(misses)} manqués)")
        for j, f in misses:
            source = f.sources.get({"countries": "country"}.get(name, name), "")
            via = f" [{source}]" if source else ""
            p(f"- {j.path}")
            p(f"    attendu : {_value(j, name)}")
            p(f"    trouvé  : {_value(f, name)}{via}")
        p()
    for line in figure_lines(s):
        p(line)


def evaluate(which: str, index_dir: Path | None = None) -> tuple[Scores, list[str]]:
    """Index the chosen set ("realdocs" or "corpus") and score it; (scores, skipped files)."""
    with tempfile.TemporaryDirectory(prefix="cresi-metadata-") as tmp:
        index = Path(index_dir) if index_dir else Path(tmp) / "index"
        if which == "corpus":
            judged = load_sample(SAMPLE)
            corpus = sample_without_catalogue(SAMPLE, Path(tmp))
        else:
            judged = load_realdocs(REALDOCS)
            corpus = REALDOCS / "files"
        skipped = build_index(corpus, index)
        return score(judged, read_index(index)), skipped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.metadata_eval", description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=("realdocs", "corpus"), default="realdocs",
                    help="real documents of ../shared/realdocs (default) or the sample corpus")
    ap.add_argument("--index", type=Path, help="index folder to keep (its extraction cache is reused)")
    ap.add_argument("--field", action="append", choices=FIELDS, help="list the misses of this field only")
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    scores, skipped = evaluate(args.set, args.index)
    print(f"{scores.documents} documents indexés et comparés en {time.monotonic() - t0:.1f} s", file=sys.stderr)
    for line in skipped:
        print(f"non indexé : {line}", file=sys.stderr)
    report(scores, fields=args.field or FIELDS)
    return 0


if __name__ == "__main__":  # the indexer's worker pool spawns processes: keep this guard
    sys.exit(main())
