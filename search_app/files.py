"""Downloads: only the file the index describes, reached the way the indexer reached it.

The id is looked up in the index. Its stored relative path is then opened one name at a
time from the corpus folder, never through a symbolic link and never through a hidden or
ignored name (the scan skips both, so an indexed path has neither), and what is opened
must be a regular file that is the one indexed: same size, and same modification time
or, if only the time changed, the same SHA-256. A file replaced after indexing by a link
to a hidden file, or by a hard link to a file outside the corpus, is therefore a 404, and
so is a file edited since the last indexing: the next run makes it available again. The
response is sent from the descriptor that was checked, so nothing can be swapped between
the check and the sending. Anything else is a 404 too: the answer never tells whether a
file exists outside the corpus.
Previews (`/documents/<id>/apercu.jpg`) go through the same look-up: a preview answers
exactly when the document's page does. The former id of a renamed file redirects (301) to
the same address of its new id, as the document's page does.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from flask import Blueprint, abort, current_app, request, send_file
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from cresi_search.records import Fingerprint
from indexer.extract import is_ignored
from search_app.formatting import INLINE_FORMATS
from cresi_search.previews import PreviewStore
from search_app.service import get_service, moved_or_404

bp = Blueprint("files", __name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "html": "text/html",  # text types get "; charset=utf-8" from Werkzeug
    "md": "text/markdown",
    "txt": "text/plain",
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "tif": "image/tiff", "tiff": "image/tiff",
}
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a pipe must not block


def open_corpus_file(corpus: Path, relative: str) -> BinaryIO | None:
    """The regular file at a stored relative path, opened without following any link, or
    None when the path leaves the corpus, goes through a hidden name or is not a file."""
    path = PurePosixPath(relative)
    if not relative or path.is_absolute() or any(p in ("..", ".") or is_ignored(p) for p in path.parts):
        return None
    try:
        fd = os.open(corpus.resolve(), os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        for n, part in enumerate(path.parts):
            name = _on_disk(fd, part)
            if name is None:
                return None
            inner = os.open(name, _FILE if n == len(path.parts) - 1 else _FOLDER, dir_fd=fd)
            os.close(fd)
            fd = inner
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        handle, fd = os.fdopen(fd, "rb"), -1
        return handle
    except OSError:  # a link (ELOOP), missing, unreadable
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def _on_disk(folder: int, part: str) -> str | None:
    """The entry's name as spelled on disk: the index stores names in NFC, but a folder
    copied from a Mac holds them in NFD. None when it is hidden or ignored on disk."""
    try:
        os.stat(part, dir_fd=folder, follow_symlinks=False)
        return part
    except FileNotFoundError:
        wanted = unicodedata.normalize("NFC", part)
        found = next((e for e in os.listdir(folder) if unicodedata.normalize("NFC", e) == wanted), part)
        return None if is_ignored(found) else found


def is_the_indexed_file(handle: BinaryIO, fingerprint: Fingerprint) -> bool:
    """Same size and time as when indexed, or same size and content (a `touch`, a copy back)."""
    st = os.fstat(handle.fileno())
    if st.st_size != fingerprint.size:
        return False
    if st.st_mtime_ns == fingerprint.mtime_ns:
        return True
    same = hashlib.file_digest(handle, "sha256").hexdigest() == fingerprint.sha256
    handle.seek(0)
    return same


@bp.get("/files/<doc_id>")
def download(doc_id: str):
    """The file: a PDF opens in the browser ("Ouvrir"), `?download=1` always downloads it
    ("Télécharger"), as do the other formats."""
    doc = get_service().document(doc_id)
    if doc is None:
        return moved_or_404("files.download", doc_id)  # renamed: its new address
    if doc.fingerprint is None:
        abort(404)
    handle = open_corpus_file(Path(current_app.config["CORPUS_DIR"]), doc.path)
    if handle is None:
        abort(404)
    try:
        if not is_the_indexed_file(handle, doc.fingerprint):
            abort(404)
        st = os.fstat(handle.fileno())
        # A name may hold line breaks or control characters: never let them near a header.
        name = "".join(c if c.isprintable() else " " for c in PurePosixPath(doc.path).name)
        response = send_file(
            handle,
            mimetype=CONTENT_TYPES.get(doc.format, "application/octet-stream"),
            as_attachment=doc.format not in INLINE_FORMATS or bool(request.args.get("download")),
            download_name=name,
            conditional=False,  # done below, with the size werkzeug cannot know from a handle
            etag=doc.fingerprint.sha256,
            last_modified=st.st_mtime,
            max_age=0,
        )
        response.content_length = st.st_size
        response = response.make_conditional(request.environ, accept_ranges=True, complete_length=st.st_size)
    except (OSError, RequestedRangeNotSatisfiable) as exc:
        handle.close()
        if isinstance(exc, OSError):  # unreadable (permissions) or gone since the check
            abort(404)
        raise
    except BaseException:
        handle.close()
        raise
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/documents/<doc_id>/apercu.jpg")
def preview(doc_id: str):
    """The first-page preview of a document (PDF or image), made at indexing."""
    doc = get_service().document(doc_id)
    if doc is None:
        return moved_or_404("files.preview", doc_id)
    sha256 = doc.fingerprint.sha256 if doc and doc.thumbnail and doc.fingerprint else ""
    found = PreviewStore(Path(current_app.config["INDEX_DIR"])).find(sha256) if sha256 else None
    if found is None:
        abort(404)
    try:
        response = send_file(found, mimetype="image/jpeg", conditional=True, max_age=0)
    except OSError:  # pruned since the look-up: as if absent
        abort(404)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
