"""`cresi-index`: the indexer's command line, made for people and for cron/systemd.

Exit codes (documented in docs/indexing.md), from sysexits.h where one fits:
0 the run completed (unreadable files are reported, not fatal); 1 unexpected error;
2 bad usage; 65 the run completed but `catalogue.csv` could not be read to its end (the
report gives the line), or `--strict` and some files were skipped; 66 `status`: no index
yet; 69 the run would remove a vanished folder's documents (more than
`--max-removal-percent` of the index, or a whole top-level folder): refused, nothing
changed, `--allow-mass-removal` to go on; 74 disk full or another write error: the
unfinished batch is undone; 75 another job holds the lock (try again later); 78 bad
configuration (missing corpus, unwritable or read-only index, cache or state folder,
invalid taxonomy). Every message is French, Click's own included (cli_text.py).
Except for 75, a run that fails says so in `state/last-run.json` (or says why it could not).
"""

from __future__ import annotations

import dataclasses
import errno
import json
import sys
import time
from pathlib import Path

import click

from indexer.cli_text import use_french
from indexer.config import (
    DEFAULT_MAX_FILE_MB,
    DEFAULT_MAX_REMOVAL_PERCENT,
    DEFAULT_TIMEOUT_S,
    ENV_TAXONOMY,
    Settings,
    resolve_paths,
)

use_french()

EXIT_DATA = 65
EXIT_STRICT = EXIT_DATA
EXIT_NO_INDEX = 66
EXIT_MASS_REMOVAL = 69
EXIT_IO = 74
EXIT_LOCKED = 75
EXIT_CONFIG = 78
UNLISTED = {"added": "ajouts", "updated": "modifications", "removed": "suppressions", "skipped": "fichiers ignorés",
            "catalogue_problems": "problèmes du catalogue"}

corpus_option = click.option(
    "--corpus", type=click.Path(file_okay=False, path_type=Path), envvar="CRESI_CORPUS_DIR",
    help="Dossier des documents (défaut : ./corpus ; variable CRESI_CORPUS_DIR).",
)
index_option = click.option(
    "--index", "index_dir", type=click.Path(file_okay=False, path_type=Path), envvar="CRESI_INDEX_DIR",
    help="Dossier de l'index (défaut : var/index à côté du corpus ; variable CRESI_INDEX_DIR).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Écrit le rapport en JSON sur la sortie standard.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(package_name="cresi-search", message="%(prog)s, version %(version)s")
def main() -> None:
    """Indexe les documents du CRESI pour la recherche."""


@main.command()
@corpus_option
@index_option
@click.option("--full", is_flag=True, help="Reconstruit tout l'index dans une nouvelle génération, basculée atomiquement.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, metavar="N", help="Processus d'extraction (défaut : 2 ou le nombre de cœurs).")
@click.option("--timeout", "timeout_s", type=click.FloatRange(1, 3600), default=DEFAULT_TIMEOUT_S, show_default=True, metavar="SECONDES", help="Délai maximal de lecture d'un fichier, en secondes.")
@click.option("--max-size", "max_file_mb", type=click.FloatRange(0.001, 100_000), default=DEFAULT_MAX_FILE_MB, show_default=True, metavar="MO", help="Taille maximale d'un fichier, en Mo.")
@click.option("--taxonomy", type=click.Path(dir_okay=False, exists=True, path_type=Path), envvar=ENV_TAXONOMY, help="Fichier de taxonomie (thèmes et types) à utiliser.")
@click.option("--strict", is_flag=True, help="Code de sortie 65 si un fichier n'a pas pu être indexé.")
@click.option("--retry-failed", is_flag=True, help="Relit aussi les fichiers qui ont échoué lors d'un passage précédent.")
@click.option("--ocr", "ocr", type=click.Choice(["auto", "off", "force"]), default="auto", show_default=True,
              help="Reconnaissance de caractères (tesseract, français) : auto = pages sans texte lisible, "
                   "off = jamais, force = toutes les pages des PDF et des images.")
@click.option("--max-removal-percent", type=click.FloatRange(0, 100), default=DEFAULT_MAX_REMOVAL_PERCENT, show_default=True,
              help="Refuse un passage qui retirerait de l'index une plus grande part de ses documents.")
@click.option("--allow-mass-removal", is_flag=True, help="Accepte qu'un passage retire beaucoup de documents ou tout un dossier.")
@json_option
def update(corpus, index_dir, full, workers, timeout_s, max_file_mb, taxonomy, strict, retry_failed, ocr,
           max_removal_percent, allow_mass_removal, as_json) -> None:
    """Met l'index à jour (incrémental ; --full pour tout reconstruire)."""
    corpus_dir, index_path = resolve_paths(corpus, index_dir)
    settings = Settings(corpus=corpus_dir, index=index_path, taxonomy=taxonomy, timeout_s=timeout_s,
                        max_file_mb=max_file_mb, max_removal_percent=max_removal_percent)
    if workers:
        settings = dataclasses.replace(settings, workers=workers)
    progress = _Progress()
    report = _run(settings, as_json, progress, full=full, retry_failed=retry_failed,
                  allow_mass_removal=allow_mass_removal, ocr=ocr)
    from indexer.status import format_counts

    progress.finish(format_counts(report.to_dict()["counts"]))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(report.to_dict())
    if not report.catalogue_complete or (strict and report.skipped):
        sys.exit(EXIT_DATA)


def _run(settings: Settings, as_json: bool, progress, **options):
    """The run's report; on failure, the French message and the exit code, recorded in
    last-run.json (except when another job holds the lock: that one will write it)."""
    from indexer.lock import LockHeld
    from indexer.update import ConfigError, MassRemoval, run

    try:
        try:
            return run(settings, progress=progress, **options)
        except BaseException:
            progress.close_line()  # the message starts on a line of its own
            raise
    except LockHeld as e:
        _fail(str(e), EXIT_LOCKED, as_json)
    except ConfigError as e:
        _fail(str(e) + _record_failure(settings, str(e), EXIT_CONFIG), EXIT_CONFIG, as_json)
    except MassRemoval as e:
        _fail(str(e) + _record_failure(settings, str(e), EXIT_MASS_REMOVAL), EXIT_MASS_REMOVAL, as_json)
    except OSError as e:
        message = io_message(e)
        _fail(message + _record_failure(settings, message, EXIT_IO), EXIT_IO, as_json)
    except Exception as e:
        _record_failure(settings, f"erreur inattendue : {e!r}", 1)
        raise


def io_message(e: OSError) -> str:
    """A write that failed during the run, in French."""
    where = e.filename or "le dossier de l'index"
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"disque plein en écrivant {where} : le lot en cours est annulé et ce qu'il avait écrit "
                "effacé ; l'index garde ce qui était déjà validé. Libérez de la place, puis relancez.")
    if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"écriture impossible dans {where} ({e.strerror}) : le dossier de l'index, son cache et son "
                "état doivent être accessibles en écriture.")
    return f"erreur d'entrée-sortie sur {where} ({e.strerror})."


def _record_failure(settings: Settings, message: str, code: int) -> str:
    """Write the failure in last-run.json; "" when done, otherwise a warning to add."""
    from indexer.report import failure_report
    from indexer.state import LAST_RUN, state_path, write_json

    try:
        write_json(settings.index, LAST_RUN, failure_report(message, code))
        return ""
    except OSError:
        pass
    try:
        state_path(settings.index, LAST_RUN).unlink(missing_ok=True)
        return f" (state/{LAST_RUN} n'a pas pu être écrit : il a été effacé, pour ne pas décrire un passage antérieur.)"
    except OSError:
        return f" ATTENTION : state/{LAST_RUN} n'a pas pu être mis à jour ; il décrit un passage antérieur."


@main.command()
@corpus_option
@index_option
@click.option("--taxonomy", type=click.Path(dir_okay=False, exists=True, path_type=Path), envvar=ENV_TAXONOMY,
              help="Fichier de taxonomie dont les libellés s'affichent (défaut : celui du corpus).")
@json_option
def status(corpus, index_dir, taxonomy, as_json) -> None:
    """Montre l'état de l'index : documents par type, pays, thème et année, dernier passage.
    Code de sortie 66 quand il n'y a pas encore d'index."""
    from indexer.status import format_status, index_status

    corpus_dir, index_path = resolve_paths(corpus, index_dir)
    info = index_status(index_path)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
    elif not info["exists"]:
        click.echo(f"cresi-index : {format_status(info)}", err=True)
    else:
        click.echo(format_status(info, _labeller(corpus_dir, taxonomy)))
    if not info["exists"]:
        sys.exit(EXIT_NO_INDEX)


def _labeller(corpus: Path, taxonomy: Path | None):
    """Labels of facet values (Mali, Santé…) from the vocabulary the site uses."""
    from cresi_search.vocab.labels import Vocabularies
    from cresi_search.vocab.taxonomy import TaxonomyError, find_taxonomy, load_taxonomy

    try:
        return Vocabularies(load_taxonomy(find_taxonomy(corpus, taxonomy))).label
    except (TaxonomyError, OSError):
        return Vocabularies(load_taxonomy(None)).label


def _fail(message: str, code: int, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"error": message, "exit_code": code}, ensure_ascii=False))
    click.echo(f"cresi-index : {message}", err=True)
    sys.exit(code)


class _Progress:
    """A live line on a terminal, a plain log line every few seconds otherwise; either way
    the last line says the run is over, with its final counts."""

    def __init__(self) -> None:
        self.interactive = sys.stderr.isatty()
        self.last, self.stage = 0.0, None
        self.line_open = False  # a live line without its line break yet

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        finished = done == total
        if self.interactive:
            width = 30
            filled = int(width * done / max(total, 1))
            click.echo(f"\r{stage:<22} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", err=True, nl=False)
            self.line_open = True
            return
        if finished or stage != self.stage or now - self.last >= 5:
            click.echo(f"{time.strftime('%H:%M:%S')} {stage} : {done}/{total}", err=True)
            self.last, self.stage = now, stage

    def finish(self, counts: str) -> None:
        self.line_open = False
        if self.interactive:
            click.echo(f"\r{'terminé : ' + counts:<72}", err=True)
        else:
            click.echo(f"{time.strftime('%H:%M:%S')} terminé : {counts}", err=True)

    def close_line(self) -> None:
        """Ends the live line, so that what follows (an error) is not written over it."""
        if self.line_open:
            click.echo("", err=True)
            self.line_open = False


def _print_summary(r: dict) -> None:
    from indexer.status import format_counts, format_ocr, format_skipped

    click.echo(
        f"Index à jour en {r['duration_s']:.1f} s : {format_counts(r['counts'])}. "
        f"{r['documents']} documents dans l'index."
    )
    for line in format_ocr(r.get("ocr") or {}):
        click.echo(line)
    for line in format_skipped(r["skipped"]):
        click.echo(line)
    for problem in r["catalogue_problems"]:
        click.echo(f"  catalogue : {problem}")
    for name, more in r["not_listed"].items():
        click.echo(f"  … et {more} autres {UNLISTED[name]}, non listés (totaux dans le rapport JSON)")
