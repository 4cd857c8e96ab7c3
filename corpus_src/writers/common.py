"""Helpers shared by the writers."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from ..sources import Source


@dataclass(frozen=True)
class Rendered:
    """The bytes of a generated file and its number of pages."""

    data: bytes
    pages: int


def normalize_zip(data: bytes, source: Source) -> bytes:
    """Rewrite a zip (DOCX, ODT) with fixed timestamps so that output is reproducible.

    Member order and compression method are kept (ODT needs ``mimetype`` first and stored).
    """
    stamp = source.created.timetuple()[:6]
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(output, "w") as new:
        for info in old.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = info.compress_type
            member.external_attr = 0o644 << 16
            member.create_system = 0
            new.writestr(member, old.read(info.filename))
    return output.getvalue()


def shows_organisation_banner(source: Source) -> bool:
    """Pick, in a stable way, about two documents out of three to carry a header line."""
    return zlib.crc32(source.output.encode("utf-8")) % 3 != 0


def keywords_text(source: Source, separator: str = "; ") -> str:
    return separator.join(source.keywords)
