"""First-page previews on disk, one JPEG per content hash, beside the index generations.

    INDEX_DIR/previews/ab/ab12….jpg

The job writes them (from the extraction, where they are cached) and prunes those whose
content left the corpus; the site serves them, after looking the document up (so a
document nobody may see never shows its preview). Keyed by content, they are shared by
copies of a file and stay valid across generations.
"""

from __future__ import annotations

import re
from pathlib import Path

from cresi_search.fileio import atomic_write

FOLDER = "previews"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PreviewStore:
    def __init__(self, index_root: Path) -> None:
        self.folder = Path(index_root) / FOLDER

    def path(self, sha256: str) -> Path | None:
        """Where the preview of this content is kept; None for a malformed hash."""
        if not _SHA256.match(sha256 or ""):
            return None
        return self.folder / sha256[:2] / f"{sha256}.jpg"

    def find(self, sha256: str) -> Path | None:
        """The preview file of this content, None when there is none."""
        path = self.path(sha256)
        return path if path is not None and path.is_file() else None

    def put(self, sha256: str, jpeg: bytes) -> None:
        path = self.path(sha256)
        if path is not None and not path.is_file():
            atomic_write(path, jpeg)

    def prune(self, keep: set[str]) -> int:
        """Delete the previews of content no longer indexed; returns how many."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*"):
            if path.name.removesuffix(".jpg") not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
