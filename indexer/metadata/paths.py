"""What a document's relative path tells: its id, its folders, a readable name."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from indexer.catalogue import normalise_relpath


def document_id(relpath: str) -> str:
    """Stable short id of a document: 16 hex digits of the SHA-1 of its normalised path."""
    return hashlib.sha1(normalise_relpath(relpath).encode("utf-8")).hexdigest()[:16]


def folder_names(relpath: str) -> list[str]:
    """The folders holding the file, nearest first."""
    return list(reversed(PurePosixPath(normalise_relpath(relpath)).parent.parts))


def file_stem(relpath: str) -> str:
    return PurePosixPath(normalise_relpath(relpath)).stem


def readable_name(relpath: str) -> str:
    """A title made from the file name: "evaluation-mangroves_2022.pdf" -> "Evaluation mangroves 2022"."""
    stem = file_stem(relpath).replace("_", " ")
    if " " not in stem.strip():
        stem = stem.replace("-", " ")
    stem = re.sub(r"\s+", " ", stem).strip()
    return stem[:1].upper() + stem[1:]
