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


# Abbreviations of file names, spelled out in a title made from the name.
ABBREVIATIONS = {"cr": "Compte rendu", "pv": "Procès-verbal", "ag": "assemblée générale",
                 "ca": "conseil d'administration", "tdr": "Termes de référence"}


def readable_name(relpath: str, last_part: bool = False) -> str:
    """A title made from the file name: "evaluation-mangroves_2022.pdf" -> "Evaluation
    mangroves 2022", "lienscult__pv-ag.pdf" -> "Lienscult : Procès-verbal assemblée générale"
    (a name flattened from folders with "__" is read as "folder : name", or its last part
    only with `last_part`; abbreviations spelled out)."""
    parts = [p for p in file_stem(relpath).split("__") if p.strip()] or [file_stem(relpath)]
    names = [_readable(part) for part in (parts[-1:] if last_part else parts)]
    return " : ".join(name[:1].upper() + name[1:] for name in names)


def _readable(stem: str) -> str:
    stem = stem.replace("_", " ")
    if " " not in stem.strip():
        stem = stem.replace("-", " ")
    words = [ABBREVIATIONS.get(w.lower(), w) if w.isalpha() else w for w in stem.split()]
    return re.sub(r"\s+", " ", " ".join(words)).strip()
