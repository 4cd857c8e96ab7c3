"""Downloads: only indexed files, only from inside the corpus folder.

The id is looked up in the index; its stored relative path is resolved (symlinks
included) and must stay inside the corpus. Anything else is a 404, so the answer
never tells whether a file exists outside the corpus.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path, PurePosixPath

from flask import Blueprint, abort, current_app, send_file

from search_app.service import get_service

bp = Blueprint("files", __name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "html": "text/html",  # text types get "; charset=utf-8" from Werkzeug
    "md": "text/markdown",
    "txt": "text/plain",
}
INLINE_FORMATS = frozenset({"pdf"})  # opened in the browser, so "#page=12" works


def corpus_file(corpus: Path, relative: str) -> Path | None:
    """The real file behind a stored relative path, or None if it leaves the corpus."""
    parts = PurePosixPath(relative).parts
    if not relative or PurePosixPath(relative).is_absolute() or ".." in parts:
        return None
    root = corpus.resolve()
    try:
        target = (root / _on_disk(root, parts)).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target


def _on_disk(root: Path, parts: tuple[str, ...]) -> Path:
    """The path as spelled on disk: the index stores names in NFC, but a folder copied
    from a Mac holds them in NFD. Each part is matched in NFC against the real entries."""
    here = root
    for part in parts:
        if not (here / part).exists():
            wanted = unicodedata.normalize("NFC", part)
            try:
                part = next(
                    (e.name for e in os.scandir(here) if unicodedata.normalize("NFC", e.name) == wanted), part
                )
            except OSError:
                pass
        here = here / part
    return here.relative_to(root)


@bp.get("/files/<doc_id>")
def download(doc_id: str):
    doc = get_service().document(doc_id)
    if doc is None:
        abort(404)
    target = corpus_file(Path(current_app.config["CORPUS_DIR"]), doc.path)
    if target is None:
        abort(404)
    # A name may hold line breaks or control characters: never let them near a header.
    name = "".join(c if c.isprintable() else " " for c in PurePosixPath(doc.path).name)
    try:
        response = send_file(
            target,
            mimetype=CONTENT_TYPES.get(doc.format, "application/octet-stream"),
            as_attachment=doc.format not in INLINE_FORMATS,
            download_name=name,
            conditional=True,
            max_age=0,
        )
    except OSError:  # unreadable (permissions) or gone since the check: as if absent
        abort(404)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
