"""`cresi-index` as cron runs it: real subprocesses, exit codes, JSON report, status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.lock import JobLock
from tests.filemakers import make_docx, make_pdf

EXIT_STRICT, EXIT_LOCKED, EXIT_CONFIG = 65, 75, 78


def cresi_index(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "indexer", *args],
        capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    make_pdf(root / "Haïti/Reconstruction écoles 2012.pdf", ["Reconstruction des écoles en Haïti, 2012."], title="Écoles haïtiennes")
    make_docx(root / "Sénégal/Bibliothèque.docx", "Bibliothèque scolaire", ["Saint-Louis du Sénégal, 2007."])
    return root


def test_json_report_lists_what_happened(corpus, tmp_path):
    out = cresi_index("update", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["counts"]["added"] == 2 and report["documents"] == 2
    assert set(report) >= {"added", "updated", "removed", "unchanged", "skipped", "duration_s", "documents"}
    # Not a terminal: progress comes as plain log lines, never carriage returns.
    assert "\r" not in out.stderr


def test_environment_variables_configure_the_folders(corpus, tmp_path):
    env = {"CRESI_CORPUS_DIR": str(corpus), "CRESI_INDEX_DIR": str(tmp_path / "ix-env")}
    out = cresi_index("update", "--json", env=env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "ix-env/CURRENT").is_file()


def test_second_job_is_refused_while_the_lock_is_held(corpus, tmp_path):
    index = tmp_path / "ix"
    with JobLock(index):
        out = cresi_index("update", "--corpus", str(corpus), "--index", str(index))
    assert out.returncode == EXIT_LOCKED
    assert "un autre cresi-index" in out.stderr
    # Released: the next job runs.
    assert cresi_index("update", "--corpus", str(corpus), "--index", str(index)).returncode == 0


def test_missing_corpus_is_a_configuration_error(tmp_path):
    out = cresi_index("update", "--corpus", str(tmp_path / "absent"), "--index", str(tmp_path / "ix"))
    assert out.returncode == EXIT_CONFIG
    assert "dossier du corpus introuvable" in out.stderr


def test_unwritable_index_is_a_configuration_error(corpus, tmp_path):
    if os.geteuid() == 0:
        target = Path("/proc/cresi-index-cannot-be-here")  # not writable even for root
    else:
        locked = tmp_path / "ro"
        locked.mkdir(mode=0o500)
        target = locked / "ix"
    out = cresi_index("update", "--corpus", str(corpus), "--index", str(target))
    assert out.returncode == EXIT_CONFIG, out.stderr


def test_strict_mode_fails_when_a_file_was_skipped(corpus, tmp_path):
    (corpus / "vieux.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    args = ["update", "--corpus", str(corpus), "--index", str(tmp_path / "ix")]
    assert cresi_index(*args).returncode == 0
    strict = cresi_index(*args, "--strict")
    assert strict.returncode == EXIT_STRICT
    assert "vieux.doc" in strict.stdout


def test_status_reports_counts_and_skipped_files(corpus, tmp_path):
    (corpus / "vieux.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    index = tmp_path / "ix"
    cresi_index("update", "--corpus", str(corpus), "--index", str(index))
    out = cresi_index("status", "--corpus", str(corpus), "--index", str(index), "--json")
    info = json.loads(out.stdout)
    assert info["documents"] == 2
    assert info["by"]["country"].get("HT") == 1
    assert [s["path"] for s in info["skipped"]] == ["vieux.doc"]
    text = cresi_index("status", "--corpus", str(corpus), "--index", str(index)).stdout
    assert "Documents : 2" in text and "vieux.doc" in text
