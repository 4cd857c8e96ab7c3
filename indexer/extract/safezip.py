"""Open DOCX and ODT archives without letting a hostile file exhaust the machine.

A zip bomb declares (or hides) gigabytes behind a few kilobytes; an XML bomb expands
entities. Before any library reads a member, the archive is vetted here: number of
members, total declared size, compression ratio of each member; members are read in
chunks with a hard cap (a header that lies about its size cannot blow memory), and XML
is parsed with defusedxml, which refuses DTDs and entities outright.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from indexer.extract.errors import XML_DECLARATIONS, ZIP_BOMB, ExtractionError, corrupted

MB = 1024 * 1024
MAX_MEMBERS = 5_000
MAX_TOTAL = 300 * MB  # declared uncompressed size of the whole archive
MAX_MEMBER = 100 * MB  # read cap for one member, whatever its header says
# Word's XML compresses 5 to 30 times (130 for a machine-made, very repetitive one);
# a run of one byte compresses 1,000 times with deflate, far more with bzip2.
MAX_RATIO = 400
RATIO_FLOOR = 10 * MB  # smaller members may compress as much as they like: they stay small
_CHUNK = MB

# What a DTD needs, in the encodings an XML part may use.
_DECLARATIONS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(m) for m in _DECLARATIONS) - 1


def open_zip(path: Path, not_zip_reason: str) -> zipfile.ZipFile:
    """The archive at `path`, vetted; `not_zip_reason` when it is no zip at all."""
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as fh:
            starts_like_zip = fh.read(4) == b"PK\x03\x04"
        raise ExtractionError(corrupted("archive zip incomplète") if starts_like_zip else not_zip_reason)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise ExtractionError(corrupted(f"archive zip illisible : {exc}")) from exc
    try:
        check_members(archive)
    except ExtractionError:
        archive.close()
        raise
    return archive


def check_members(archive: zipfile.ZipFile) -> None:
    """Refuse archives whose member table announces a bomb or needs a password."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ExtractionError(f"archive anormale : {len(infos)} fichiers à l'intérieur")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ExtractionError("archive protégée par un mot de passe")
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ExtractionError(ZIP_BOMB)
    if total > MAX_TOTAL:
        raise ExtractionError(ZIP_BOMB)


def read_member(archive: zipfile.ZipFile, name: str, limit: int = MAX_MEMBER) -> bytes:
    """The bytes of one member, read in chunks; refused past `limit`."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ExtractionError(ZIP_BOMB)
                chunks.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ExtractionError(corrupted(f"{name} illisible dans l'archive : {exc}")) from exc
    return b"".join(chunks)


def refuse_xml_declarations(archive: zipfile.ZipFile) -> None:
    """Refuse the archive if one of its XML parts carries a DOCTYPE or an ENTITY.

    For libraries that parse the parts themselves (python-docx): Office never writes a
    DTD, so one found here is an attack or garbage. Parts are scanned in streaming.
    """
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels")) and _has_declarations(archive, info):
            raise ExtractionError(XML_DECLARATIONS)


def _has_declarations(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if size > MAX_MEMBER:
                    raise ExtractionError(ZIP_BOMB)
                window = tail + chunk
                if any(marker in window for marker in _DECLARATIONS):
                    return True
                tail = window[-_OVERLAP:]
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ExtractionError(corrupted(f"{info.filename} illisible dans l'archive : {exc}")) from exc
    return False


def parse_xml(data: bytes, name: str) -> Element:
    """Parse one XML part; no DTD, no entity, nothing fetched."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ExtractionError(XML_DECLARATIONS) from exc
    except ParseError as exc:
        raise ExtractionError(corrupted(f"XML invalide dans {name} : {exc}")) from exc
