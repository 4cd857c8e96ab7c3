"""Walk the corpus folder: which files to index, which to report, which to ignore.

Nothing found in the folder stops the walk: a name whose path is too long for the
system (4,096 bytes), a folder nested too deep, an entry that vanishes or cannot be read
is reported with a reason, and the walk carries on.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from indexer.extract import is_ignored, skip_reason

PATH_MAX_BYTES = 4096  # Linux's PATH_MAX: a longer path cannot be opened, stat()ed nor read
MAX_DEPTH = 64  # folders below the corpus; deeper ones are reported, not walked

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
TOO_LONG = ("chemin trop long ({n} octets, {max} au plus) : raccourcissez les noms des dossiers ou "
            "rapprochez-le de la racine du corpus")
TOO_DEEP = f"dossier trop profond (plus de {MAX_DEPTH} niveaux) : son contenu n'est pas lu ; remontez-le"


def path_too_long(path: Path) -> str | None:
    """The reason a path cannot be used at all, or None."""
    n = len(os.fsencode(path))
    return TOO_LONG.format(n=n, max=PATH_MAX_BYTES) if n >= PATH_MAX_BYTES else None


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
            if is_ignored(name) or (here == root and name.lower() in ROOT_FILES_IGNORED):
                continue
            try:
                item = _look_at(root, here / name, seen)
            except OSError as e:  # vanished or unreadable between the listing and now
                item = Skipped(printable(relative_name(root, here / name)), f"illisible ({e.strerror})", keep=True)
            (found if isinstance(item, FoundFile) else skipped).append(item)
        # Symlinked folders appear in dirnames; report them rather than walk them.
        depth = len(here.relative_to(root).parts) + 1
        for d in list(dirnames):
            reason = _folder_reason(root, here / d, depth)
            if reason:
                skipped.append(Skipped(printable(relative_name(root, here / d)), reason))
                dirnames.remove(d)
    return found, skipped


def _look_at(root: Path, path: Path, seen: set[str]) -> FoundFile | Skipped:
    """What the scan makes of one file; OSError when it cannot even be looked at."""
    rel = relative_name(root, path)
    if not is_utf8(rel):
        return Skipped(printable(rel), BAD_NAME)
    too_long = path_too_long(path)
    if too_long:
        return Skipped(rel, too_long)
    if path.is_symlink():
        return Skipped(rel, "lien symbolique : non suivi")
    reason = skip_reason(path)
    if reason:
        return Skipped(rel, reason)
    try:
        st = path.stat()
    except OSError as e:
        return Skipped(rel, f"illisible ({e.strerror})", keep=True)
    if not stat.S_ISREG(st.st_mode):  # a named pipe would block whoever opens it
        return Skipped(rel, NOT_A_FILE)
    if not os.access(path, os.R_OK):
        return Skipped(rel, "illisible (droits insuffisants)", keep=True)
    if rel in seen:  # "é" as one character or as "e" + accent: one path for two files
        return Skipped(rel, TWIN)
    seen.add(rel)
    return FoundFile(rel, path, st.st_size, st.st_mtime_ns)


def _folder_reason(root: Path, folder: Path, depth: int) -> str | None:
    """Why a sub-folder is not walked (reported), or None."""
    if not is_utf8(relative_name(root, folder)):
        return BAD_NAME
    if path_too_long(folder):
        return path_too_long(folder)
    if depth > MAX_DEPTH:
        return TOO_DEEP
    try:
        if folder.is_symlink():
            return "lien symbolique : non suivi"
    except OSError as e:
        return f"dossier illisible ({e.strerror})"
    return None
