"""Walk the corpus folder: which files to index, which to report, which to ignore."""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from indexer.extract import is_ignored, skip_reason

# Files at the corpus root that describe the corpus rather than belong to it.
ROOT_FILES_IGNORED = frozenset({"catalogue.csv", "readme.md", "taxonomy.toml", "lisezmoi.md"})


@dataclass(frozen=True)
class FoundFile:
    relpath: str  # NFC, "/" separators
    abspath: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str
    keep: bool = False  # unreadable for now: the index keeps what it has under this path


def relative_name(root: Path, path: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(root).as_posix())


def is_utf8(name: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python holds them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(name: str) -> str:
    """A name that is not UTF-8, shown with "\ufffd" where its odd bytes are."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


BAD_NAME = "nom illisible (caractères hors UTF-8, souvent un ancien export Windows) : renommez-le"
NOT_A_FILE = "pas un fichier ordinaire (tube, socket ou périphérique) : ignoré"
TWIN = "un autre fichier porte ce nom, aux accents encodés autrement (NFC/NFD) : renommez l'un des deux"


def scan_corpus(root: Path) -> tuple[list[FoundFile], list[Skipped]]:
    """Files to index and files reported as skipped, sorted by path.

    Symbolic links are never followed (a link could point outside the corpus); hidden
    folders and office lock files are ignored silently.
    """
    found: list[FoundFile] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()

    def unreadable_folder(error: OSError) -> None:
        rel = relative_name(root, Path(error.filename))
        skipped.append(Skipped(printable(rel), f"dossier illisible ({error.strerror})", keep=True))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable_folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        here = Path(dirpath)
        for name in sorted(filenames):
            path = here / name
            rel = relative_name(root, path)
            if is_ignored(name) or (here == root and name.lower() in ROOT_FILES_IGNORED):
                continue
            if not is_utf8(rel):
                skipped.append(Skipped(printable(rel), BAD_NAME))
                continue
            if path.is_symlink():
                skipped.append(Skipped(rel, "lien symbolique : non suivi"))
                continue
            reason = skip_reason(path)
            if reason:
                skipped.append(Skipped(rel, reason))
                continue
            try:
                st = path.stat()
            except OSError as e:
                skipped.append(Skipped(rel, f"illisible ({e.strerror})", keep=True))
                continue
            if not stat.S_ISREG(st.st_mode):  # a named pipe would block whoever opens it
                skipped.append(Skipped(rel, NOT_A_FILE))
                continue
            if not os.access(path, os.R_OK):
                skipped.append(Skipped(rel, "illisible (droits insuffisants)", keep=True))
                continue
            if rel in seen:  # "é" as one character or as "e" + accent: one path for two files
                skipped.append(Skipped(rel, TWIN))
                continue
            seen.add(rel)
            found.append(FoundFile(rel, path, st.st_size, st.st_mtime_ns))
        # Symlinked folders appear in dirnames; report them rather than walk them.
        for d in list(dirnames):
            rel = relative_name(root, here / d)
            if not is_utf8(rel):
                skipped.append(Skipped(printable(rel), BAD_NAME))
                dirnames.remove(d)
            elif (here / d).is_symlink():
                skipped.append(Skipped(rel, "lien symbolique : non suivi"))
                dirnames.remove(d)
    return found, skipped
