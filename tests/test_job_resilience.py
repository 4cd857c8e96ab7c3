"""One bad file or folder must not stop the night: the real `cresi-index update` in a
subprocess, against corpora that used to make it fail every night.

- a path longer than the system allows (4,096 bytes), folders nested 200 deep;
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cresi_search.index.store import IndexStore
from indexer.scan import MAX_DEPTH, PATH_MAX_BYTES

CRESI_INDEX = str(Path(sys.executable).with_name("cresi-index"))


def run_job(corpus: Path, index: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CRESI_INDEX, "update", "--corpus", str(corpus), "--index", str(index), "--json", *extra],
                          capture_output=True, text=True, timeout=240)


def report_of(out: subprocess.CompletedProcess) -> dict:
    assert "Traceback" not in out.stderr, out.stderr[-2000:]
    return json.loads(out.stdout)


def note(text: str) -> bytes:
    return f"# Note\n\n{text}, 2021.\n".encode()


def nested(root: Path, names: list[str], file_name: str, content: bytes) -> None:
    """Folders inside one another, and a file in the last: made relative to each open
    folder, since their full path may be too long for any system call."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name in names:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open(file_name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, content)
        os.close(out)
    finally:
        os.close(fd)


def test_overlong_paths_and_deep_folders_are_reported_and_the_rest_indexed(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "Mali").mkdir(parents=True)
    (corpus / "Mali/forage.md").write_bytes(note("Forage de Douentza"))
    long_names = [f"d{i:02d}" + "x" * 240 for i in range(18)]  # 18 × 243 bytes > 4,096
    nested(corpus, long_names, "long.md", note("Texte lointain"))
    nested(corpus, ["Archives"] + [f"n{i:03d}" for i in range(200)], "profond.md", note("Texte profond"))
    nested(corpus, ["Archives2"] + [f"n{i:03d}" for i in range(MAX_DEPTH - 2)], "permis.md", note("Texte permis"))
    assert len(os.fsencode(corpus)) + sum(len(n) + 1 for n in long_names) > PATH_MAX_BYTES

    for night in (1, 2):  # every night, not only the first
        out = run_job(corpus, index)
        assert out.returncode == 0, out.stderr[-2000:]
        report = report_of(out)
        reasons = [s["reason"] for s in report["skipped"]]
        assert any(r.startswith("chemin trop long") for r in reasons), reasons
        assert any(r.startswith("dossier trop profond") for r in reasons), reasons
        assert report["documents"] == 2, report
    indexed = set(IndexStore(index).stored_documents())
    assert "Mali/forage.md" in indexed
    assert any(p.endswith("/permis.md") for p in indexed), indexed
