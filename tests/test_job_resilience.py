"""One bad file or folder must not stop the night: the real `cresi-index update` in a
subprocess, against corpora that used to make it fail every night.

- a path longer than the system allows (4,096 bytes), folders nested 200 deep;
- a full disk (a real tmpfs in a user namespace), read-only cache and state folders;
- a catalogue with a quote left open, a catalogue that links out of the corpus, one of
  60,000 rows naming missing files;
- a top-level folder that vanishes, or a share of the index over the threshold.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from cresi_search.index.store import IndexStore
from indexer.scan import MAX_DEPTH, PATH_MAX_BYTES
from tests.test_hostile_files import unprivileged

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


# -- disk full ---------------------------------------------------------------------------------
DISK_FULL_SCRIPT = r"""
set -u
mount -t tmpfs -o size=64m tmpfs "$IX" || exit 90
"$BIN/cresi-index" update --corpus "$CORPUS" --index "$IX" >/dev/null 2>&1; echo "first $?"
ls -A "$IX/gen-000001" | sort > "$OUT/before.txt"
cp "$BIG" "$CORPUS/gros.md"
head -c 60m /dev/zero > "$IX/remplissage"   # about 4 MB left: the extraction fits, not the index
"$BIN/cresi-index" update --corpus "$CORPUS" --index "$IX" > "$OUT/full.out" 2> "$OUT/full.err"; echo "second $?"
ls -A "$IX/gen-000001" | sort > "$OUT/after.txt"
cp "$IX/state/last-run.json" "$OUT/last-run.json" 2>/dev/null
rm "$IX/remplissage"
"$BIN/cresi-index" update --corpus "$CORPUS" --index "$IX" --json > "$OUT/third.json" 2> "$OUT/third.err"; echo "third $?"
"""


def test_disk_full_is_reported_undone_and_the_next_run_succeeds(tmp_path):
    """A real full disk: the index lives on a 64 MB tmpfs, mounted in a user and mount
    namespace of its own (`unshare`), so no privilege is needed and nothing leaks out."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("unshare -rm is not permitted here: no way to mount a small file system")
    corpus, index, out = tmp_path / "corpus", tmp_path / "index", tmp_path / "out"
    for path in (corpus / "Mali", index, out):
        path.mkdir(parents=True)
    (corpus / "Mali/forage.md").write_bytes(note("Forage de Douentza"))
    rnd = random.Random(5)
    vocabulary = ["".join(rnd.choice(string.ascii_lowercase) for _ in range(rnd.randint(4, 12))) for _ in range(20_000)]
    big = tmp_path / "gros.md"
    big.write_text("# Gros rapport\n\nzorglub " + " ".join(rnd.choice(vocabulary) for _ in range(40_000)), encoding="utf-8")
    env = {**os.environ, "IX": str(index), "CORPUS": str(corpus), "OUT": str(out), "BIG": str(big),
           "BIN": str(Path(sys.executable).parent)}
    done = subprocess.run(["unshare", "-rm", "bash", "-c", DISK_FULL_SCRIPT], env=env, capture_output=True,
                          text=True, timeout=600)
    codes = dict(line.split() for line in done.stdout.split("\n") if line.strip())
    assert codes.get("first") == "0", (done.stdout, done.stderr)
    assert codes["second"] == "74", (out / "full.err").read_text()
    err = (out / "full.err").read_text()
    assert "disque plein" in err and "Traceback" not in err, err
    assert (out / "after.txt").read_text() == (out / "before.txt").read_text(), "files left in the live generation"
    last = json.loads((out / "last-run.json").read_text())
    assert last["status"] == "échec" and last["exit_code"] == 74
    assert codes["third"] == "0", (out / "third.err").read_text()
    assert json.loads((out / "third.json").read_text())["counts"]["added"] == 1


# -- the catalogue -------------------------------------------------------------------------------
HEADER = "chemin,titre,type,pays,themes,annee,organisation,partenaires,resume,mots_cles\n"


def titles(index: Path) -> dict[str, str]:
    store = IndexStore(index)
    with store.open().searcher() as s:
        return {f["path"]: f["title"] for f in (s.stored_fields(n) for n in s.document_numbers(kind="doc"))}


def test_unclosed_quote_in_the_catalogue_is_reported_and_the_night_goes_on(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "Mali").mkdir(parents=True)
    for name in "abc":
        (corpus / f"Mali/{name}.md").write_bytes(note(f"Compte rendu {name}"))
    rows = {name: f"Mali/{name}.md,Titre catalogue {name.upper()},,,,,,,,\n" for name in "abc"}
    (corpus / "catalogue.csv").write_text(HEADER + "".join(rows.values()), encoding="utf-8")
    assert run_job(corpus, index).returncode == 0
    assert titles(index)["Mali/b.md"] == "Titre catalogue B"

    # Tonight: row a edited, row b's title opens a quote never closed, then 6,000 more rows.
    filler = "".join(f"Mali/autre{i}.md,Autre titre {i},,,,,,,,\n" for i in range(6000))
    (corpus / "catalogue.csv").write_text(
        HEADER + "Mali/a.md,Titre A revu,,,,,,,,\n" + 'Mali/b.md,"Titre B sans fin,,,,,,,,\n' + rows["c"] + filler,
        encoding="utf-8")
    (corpus / "Mali/d.md").write_bytes(note("Compte rendu d"))
    out = run_job(corpus, index)
    assert out.returncode == 65, out.stderr[-2000:]
    report = report_of(out)
    assert report["catalogue_complete"] is False
    fatal = [p for p in report["catalogue_problems"] if "guillemet" in p]
    assert fatal and fatal[0].startswith("catalogue.csv, ligne 3 :"), report["catalogue_problems"]
    now = titles(index)
    assert now["Mali/a.md"] == "Titre A revu"  # the rows that parsed are used
    assert now["Mali/b.md"] == "Titre catalogue B" and now["Mali/c.md"] == "Titre catalogue C"  # kept
    assert "Mali/d.md" in now and report["counts"]["added"] == 1  # the night's new file is there

    (corpus / "catalogue.csv").write_text(HEADER + "".join(rows.values()), encoding="utf-8")
    out = run_job(corpus, index)
    assert out.returncode == 0 and report_of(out)["catalogue_complete"] is True
    assert titles(index)["Mali/a.md"] == "Titre catalogue A"


def test_catalogue_linked_from_outside_the_corpus_is_not_read(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "Mali").mkdir(parents=True)
    (corpus / "Mali/a.md").write_bytes(note("Compte rendu a"))
    secret = tmp_path / "secret.csv"
    secret.write_text("motdepasse-tres-secret,x\nMali/a.md,Titre venu d'ailleurs,,,,,,,,\n", encoding="utf-8")
    (corpus / "catalogue.csv").symlink_to(secret)
    out = run_job(corpus, index)
    assert out.returncode == 65, out.stderr[-2000:]
    report = report_of(out)
    assert any("hors du dossier du corpus" in p for p in report["catalogue_problems"])
    everything = out.stdout + out.stderr + (index / "state/last-run.json").read_text(encoding="utf-8")
    assert "motdepasse-tres-secret" not in everything and "venu d'ailleurs" not in everything
    assert titles(index)["Mali/a.md"] != "Titre venu d'ailleurs"


def test_a_huge_catalogue_gives_a_bounded_report(tmp_path):
    """60,000 rows naming files that do not exist: 60,000 problems, of which the report
    lists the first ones and counts the rest (it used to hold them all: 193 MB at 500,000)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "Mali").mkdir(parents=True)
    (corpus / "Mali/a.md").write_bytes(note("Compte rendu a"))
    rows = "".join(f"Archives/{i}/rapport {i}.pdf,Rapport {i},rapport-projet,Mali,,2012,,,,\n" for i in range(60_000))
    (corpus / "catalogue.csv").write_text(HEADER + "Mali/a.md,Titre A,,,,,,,,\n" + rows, encoding="utf-8")
    out = run_job(corpus, index)
    assert out.returncode == 0, out.stderr[-2000:]
    report = report_of(out)
    problems = report["catalogue_problems"]
    assert 100 <= len(problems) <= 201 and problems[-1].endswith("autres problèmes, non listés."), problems[-1]
    assert f"{60_000 - len(problems) + 1} autres" in problems[-1]
    assert (index / "state/last-run.json").stat().st_size < 200_000
    assert titles(index)["Mali/a.md"] == "Titre A"


# -- mass removal ----------------------------------------------------------------------------------
def indexed_two_folders(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of two top-level folders (6 and 8 notes), indexed: (corpus, index)."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    for folder, n in (("Partage Mali", 6), ("Guides", 8)):
        (corpus / folder).mkdir(parents=True)
        for i in range(n):
            (corpus / folder / f"note {i}.md").write_bytes(note(f"{folder} {i}"))
    assert run_job(corpus, index).returncode == 0
    return corpus, index


def test_a_vanished_folder_is_not_removed_without_being_told(tmp_path):
    corpus, index = indexed_two_folders(tmp_path)

    (corpus / "Partage Mali").rename(corpus / "~Partage Mali")  # renamed "~…": ignored, as if unmounted
    out = run_job(corpus, index)
    assert out.returncode == 69, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    assert "« Partage Mali » (6 documents)" in out.stderr and "--allow-mass-removal" in out.stderr
    assert len(IndexStore(index).stored_documents()) == 14, "the documents were removed"
    last = json.loads((index / "state/last-run.json").read_text(encoding="utf-8"))
    assert last["status"] == "échec" and last["exit_code"] == 69

    out = run_job(corpus, index, "--allow-mass-removal")
    assert out.returncode == 0 and report_of(out)["counts"]["removed"] == 6
    assert len(IndexStore(index).stored_documents()) == 8


def test_a_renamed_folder_is_a_move_not_a_mass_removal(tmp_path):
    corpus, index = indexed_two_folders(tmp_path)
    before = {p: d.id for p, d in IndexStore(index).stored_documents().items()}

    (corpus / "Partage Mali").rename(corpus / "Mali 2025")
    (corpus / "Mali 2025/note 0.md").unlink()  # and one document deleted on the way
    out = run_job(corpus, index)
    assert out.returncode == 0, out.stderr[-2000:]
    after = IndexStore(index).stored_documents()
    assert sorted(p for p in after if p.startswith("Mali 2025/")) == [f"Mali 2025/note {i}.md" for i in range(1, 6)]
    assert not any(p.startswith("Partage Mali/") for p in after)
    assert before["Partage Mali/note 3.md"] in after["Mali 2025/note 3.md"].former_ids  # its old address redirects

    # moved out of the corpus, the same folder is still a vanished one
    shutil.move(corpus / "Mali 2025", tmp_path / "ailleurs")
    out = run_job(corpus, index)
    assert out.returncode == 69 and "« Mali 2025 » (5 documents)" in out.stderr, out.stderr[-2000:]


def test_removing_more_than_the_threshold_share_is_refused(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "Guides").mkdir(parents=True)
    for i in range(10):
        (corpus / ("Guides" if i < 5 else "") / f"note {i}.md").write_bytes(note(f"note {i}"))
    assert run_job(corpus, index).returncode == 0
    (corpus / "note 9.md").unlink()
    assert run_job(corpus, index).returncode == 0, "one deletion is an ordinary night"
    for i in (1, 2, 6):  # 3 of 9 (33 %), from two folders, none emptied
        (corpus / ("Guides" if i < 5 else "") / f"note {i}.md").unlink()
    out = run_job(corpus, index)
    assert out.returncode == 69 and "33 %" in out.stderr and "20 %" in out.stderr, out.stderr[-1000:]
    assert len(IndexStore(index).stored_documents()) == 9
    out = run_job(corpus, index, "--max-removal-percent", "40")
    assert out.returncode == 0 and report_of(out)["counts"]["removed"] == 3


# -- read-only folders --------------------------------------------------------------------------------
@pytest.mark.parametrize("folder", ["cache", "state"])
def test_read_only_cache_or_state_folder_is_a_clear_configuration_error(tmp_path, folder):
    prefix = unprivileged(tmp_path)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "Mali").mkdir(parents=True)
    (corpus / "Mali/a.md").write_bytes(note("Compte rendu a"))
    assert run_job(corpus, index).returncode == 0
    (corpus / "Mali/b.md").write_bytes(note("Compte rendu b"))
    (index / folder).chmod(0o555)
    try:
        out = subprocess.run([*prefix, CRESI_INDEX, "update", "--corpus", str(corpus), "--index", str(index)],
                             capture_output=True, text=True, timeout=240)
    finally:
        (index / folder).chmod(0o755)
    assert out.returncode == 78, out.stderr[-2000:]
    assert "Traceback" not in out.stderr and "lecture seule" in out.stderr and folder in out.stderr
    if folder == "state":  # last-run.json could not say it: the message does
        assert "last-run.json n'a pas pu" in out.stderr
    else:
        assert json.loads((index / "state/last-run.json").read_text(encoding="utf-8"))["exit_code"] == 78
    assert len(IndexStore(index).stored_documents()) == 1
