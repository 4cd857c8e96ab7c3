"""`cresi-index` and `cresi-web` speak French, Click's own texts included; `status` on a
missing index fails; status shows labels, years in order and local times; the progress
ends with the final counts; every option has help and is in the README (issue 15)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from indexer.cli import EXIT_NO_INDEX, main as cresi_index
from search_app.serve import main as cresi_web
from tests.filemakers import make_pdf

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = ("Usage:", "Show this message", "Error:", "No such option", "Try '", "Invalid value",
           "is not a valid", "Commands:", "COMMAND ", "INTEGER", "FLOAT", "TEXT")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer", *args], capture_output=True, text=True, timeout=300)


def commands() -> list[tuple[str, click.Command]]:
    return [(f"cresi-index {name}", cmd) for name, cmd in cresi_index.commands.items()] + [("cresi-web", cresi_web)]


@pytest.mark.parametrize("args", [["--help"], ["update", "--help"], ["status", "--help"]])
def test_help_pages_are_french(args):
    out = CliRunner().invoke(cresi_index, args)
    assert out.exit_code == 0
    assert "Utilisation :" in out.output and "Affiche cette aide et quitte." in out.output
    assert not [w for w in ENGLISH if w in out.output], out.output


@pytest.mark.parametrize("args, words", [
    (["update", "--nope"], ["Erreur : Option inconnue : '--nope'", "Essayez « "]),
    (["update", "--workers", "x"], ["Valeur incorrecte pour '--workers' : 'x' n'est pas un nombre entier valide."]),
    (["update", "--workers", "0"], ["n'est pas dans l'intervalle"]),
    (["frobnicate"], ["Commande inconnue : 'frobnicate'."]),
    (["update", "--taxonomy", "/nulle/part.toml"], ["Fichier '/nulle/part.toml' introuvable."]),
])
def test_usage_errors_are_french(args, words):
    out = run(*args)
    assert out.returncode == 2
    assert all(w in out.stderr for w in words), out.stderr
    assert not [w for w in ENGLISH if w in out.stderr], out.stderr


def test_cresi_web_help_is_french():
    out = CliRunner().invoke(cresi_web, ["--help"])
    assert "Utilisation :" in out.output and not [w for w in ENGLISH if w in out.output], out.output


def test_every_option_has_help_and_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `-"))
    for where, command in commands():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{where} {param.opts} has no help"
                for opt in param.opts:
                    assert f"`{opt}" in table or f"{opt}`" in table, f"{where} {opt} missing from the README table"


def test_status_of_a_missing_index_fails_in_french(tmp_path):
    out = run("status", "--index", str(tmp_path / "rien"))
    assert out.returncode == EXIT_NO_INDEX
    assert "Aucun index dans" in out.stderr and "cresi-index update" in out.stderr
    as_json = run("status", "--index", str(tmp_path / "rien"), "--json")
    assert as_json.returncode == EXIT_NO_INDEX and json.loads(as_json.stdout)["exists"] is False


def test_status_shows_labels_years_in_order_local_time_and_progress_ends_with_counts(tmp_path):
    corpus = tmp_path / "corpus"
    for name, country, year in (("Haïti/Écoles 2012.pdf", "Haïti", 2012), ("Mali/Puits 2009.pdf", "Mali", 2009),
                                ("Mali/Santé 2021.pdf", "Mali", 2021)):
        make_pdf(corpus / name, [f"Rapport {country} {year} : projet en {country}."])
    index = tmp_path / "ix"
    update = run("update", "--corpus", str(corpus), "--index", str(index))
    assert update.returncode == 0, update.stderr
    last = update.stderr.strip().splitlines()[-1]
    assert re.search(r"terminé : 3 ajouté\(s\), 0 modifié\(s\), 0 supprimé\(s\)", last), update.stderr
    status = run("status", "--corpus", str(corpus), "--index", str(index))
    assert status.returncode == 0, status.stderr
    assert re.search(r"Par pays : Mali 2, Haïti 1", status.stdout), status.stdout
    assert re.search(r"Dernier passage \((mise à jour|reconstruction complète), le \d{1,2} \w+ \d{4} à \d{2}:\d{2}",
                     status.stdout), status.stdout


def test_status_lists_years_in_order():
    from indexer.status import format_status

    info = {"exists": True, "index": "ix", "generation": "g", "documents": 6, "last_run": None, "skipped": [],
            "by": {"year": {"2021": 3, "2009": 1, "2012": 2}, "country": {"HT": 1, "ML": 5}}}
    text = format_status(info, lambda facet, value: {"HT": "Haïti", "ML": "Mali"}.get(value, value))
    assert "Par année : 2009 1, 2012 2, 2021 3" in text and "Par pays : Mali 5, Haïti 1" in text


def on_a_terminal(*args: str) -> tuple[int, str]:
    """`cresi-index` with its standard error on a pseudo-terminal, as at a console."""
    import os
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "indexer", *args], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8")


def screen_lines(raw: str) -> list[str]:
    """The lines a terminal shows: a carriage return writes over the line from its start."""
    shown_lines = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        shown = ""
        for part in line.split("\r"):
            shown = part + shown[len(part):]
        if shown.strip():
            shown_lines.append(shown.rstrip())
    return shown_lines


def test_on_a_terminal_the_live_progress_line_ends_as_the_final_counts(tmp_path):
    corpus = tmp_path / "corpus"
    for n in range(3):
        make_pdf(corpus / f"Mali/Rapport {n}.pdf", [f"Rapport {n} sur les puits de Douentza."])
    code, raw = on_a_terminal("update", "--corpus", str(corpus), "--index", str(tmp_path / "ix"))
    assert code == 0, raw
    assert "\rextraction" in raw, "a live line was drawn"
    shown = screen_lines(raw)
    assert len(shown) == 1 and re.fullmatch(r"terminé : 3 ajouté\(s\), 0 modifié\(s\), 0 supprimé\(s\).*", shown[0]), \
        shown


def test_an_error_after_the_live_line_starts_on_a_line_of_its_own(capsys):
    from indexer.cli import _Progress

    progress = _Progress()
    progress.interactive = True
    progress("extraction", 1, 3)
    progress.close_line()
    click.echo("cresi-index : disque plein", err=True)
    assert screen_lines(capsys.readouterr().err) == [
        "extraction             [##########....................] 1/3", "cresi-index : disque plein"]
