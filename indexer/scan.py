"""Walk the corpus folder: which files to index, which to report, which to ignore."""

from __future__ import annotations

import os
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


def relative_name(root: Path, path: Path) -> str:
    return unicodedata.normalize("NFC", path.relative_to(root).as_posix())


def scan_corpus(root: Path) -> tuple[list[FoundFile], list[Skipped]]:
    """Files to index and files reported as skipped, sorted by path.

    Symbolic links are never followed (a link could point outside the corpus); hidden
    folders and office lock files are ignored silently.
    """
    found: list[FoundFile] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        here = Path(dirpath)
        for name in sorted(filenames):
            path = here / name
            rel = relative_name(root, path)
            if is_ignored(name) or (here == root and name.lower() in ROOT_FILES_IGNORED):
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
                skipped.append(Skipped(rel, f"illisible ({e.strerror})"))
                continue
            if not os.access(path, os.R_OK):
                skipped.append(Skipped(rel, "illisible (droits insuffisants)"))
                continue
            found.append(FoundFile(rel, path, st.st_size, st.st_mtime_ns))
        # Symlinked folders appear in dirnames; report them rather than walk them.
        for d in list(dirnames):
            if (here / d).is_symlink():
                skipped.append(Skipped(relative_name(root, here / d), "lien symbolique : non suivi"))
                dirnames.remove(d)
    return found, skipped
