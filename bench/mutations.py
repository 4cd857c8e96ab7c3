"""Mutations of a file's bytes, for fuzzing the extractors (bench/fuzz_extract.py and
tests/test_fuzz_extract.py).

A mutation is a tuple (kind, *parameters), every position a fraction in [0, 1): the same
list applies to any file, so hypothesis can shrink it and a finding can be replayed.
Byte mutations damage any file; member mutations damage one member of a zip (DOCX, ODT)
and write a valid archive around it, so that the damage reaches the XML parsers.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile

# Pieces of syntax worth inserting: they steer a parser into its rarer paths.
PDF_TOKENS = [
    b"0 0 R", b"1 0 R", b"4 0 R", b"<<", b">>", b"[", b"]", b"(", b")", b"/Length 0",
    b"/Filter /FlateDecode", b"/Filter [/LZWDecode /ASCII85Decode]", b"stream\n", b"endstream",
    b"endobj", b"xref", b"trailer", b"%%EOF", b"/Kids [3 0 R 3 0 R]", b"/Count -1",
    b"/Type /Page", b"/Contents 1 0 R", b"99999999999", b"-1", b"3.4e38", b"\x00" * 8,
    b"/Encrypt 1 0 R", b"/Font << /F1 1 0 R >>", b"BT /F1 12 Tf (x) Tj ET", b"\\",
]
XML_TOKENS = [
    b"<w:p>", b"</w:p>", b"<w:t>", b"</w:t>", b"<w:tbl><w:tr><w:tc>", b"<text:p>", b"</text:p>",
    b"<table:table-row>", b"&amp;", b"&#0;", b"&#xFFFF;", b"<![CDATA[", b"]]>", b"<!--", b"-->",
    b"\xff\xfe", b"\xc3", b"<?xml version='1.0'?>", b'w:val="999999999"', b'text:c="999999999"',
    b' r:id="rId999"', b"<w:sectPr><w:headerReference r:id=\"rId1\"/></w:sectPr>", b"\x00",
]
NUMBER = re.compile(rb"(?<![\w.])\d+(?![\w.])")


def mutate(data: bytes, ops: list[tuple]) -> bytes:
    for op in ops:
        data = _apply(data, op)
    return data


def _at(data: bytes, fraction: float) -> int:
    return min(len(data) - 1, int(fraction * len(data))) if data else 0


def _apply(data: bytes, op: tuple) -> bytes:
    kind, *p = op
    if kind == "flip":  # xor one byte
        i = _at(data, p[0])
        return data[:i] + bytes([data[i] ^ (p[1] or 1)]) + data[i + 1 :] if data else data
    if kind == "truncate":
        return data[: _at(data, p[0])]
    if kind == "insert":
        i = _at(data, p[0])
        return data[:i] + p[1] + data[i:]
    if kind == "splice":  # a chunk copied over another place
        src, dst, n = _at(data, p[0]), _at(data, p[1]), p[2]
        return data[:dst] + data[src : src + n] + data[dst + n :]
    if kind == "number":  # the n-th integer token replaced
        found = list(NUMBER.finditer(data))
        if not found:
            return data
        m = found[_at(found, p[0])]  # type: ignore[arg-type]
        return data[: m.start()] + p[1] + data[m.end() :]
    if kind.startswith("member-"):
        return _mutate_member(data, kind, p)
    raise ValueError(kind)


def _mutate_member(data: bytes, kind: str, p: list) -> bytes:
    """Damage one member of a zip (DOCX, ODT). Except for member-raw, which damages the
    compressed bytes in place, a valid archive is written around the damaged member, so
    the damage reaches the XML parsers instead of stopping at the zip checks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = [(info, source.read(info)) for info in source.infolist()]
    except Exception:
        return data  # not a readable zip any more: byte mutations did their part
    if not members:
        return data
    target = _at(members, p[0])  # type: ignore[arg-type]
    if kind == "member-raw":
        info = members[target][0]
        name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
        start = info.header_offset + 30 + name_len + extra_len
        if info.compress_size == 0:
            return data
        i = start + min(info.compress_size - 1, int(p[1] * info.compress_size))
        return data[:i] + bytes([data[i] ^ (p[2] or 1)]) + data[i + 1 :]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (info, content) in enumerate(members):
            if n != target:
                archive.writestr(info.filename, content)
            elif kind == "member-flip":
                archive.writestr(info.filename, _apply(content, ("flip", p[1], p[2])))
            elif kind == "member-truncate":
                archive.writestr(info.filename, _apply(content, ("truncate", p[1])))
            elif kind == "member-insert":
                archive.writestr(info.filename, _apply(content, ("insert", p[1], p[2])))
            # member-drop: not written
    return out.getvalue()


def random_ops(rnd: random.Random, is_zip: bool) -> list[tuple]:
    """Between one and four random mutations (the long bench run)."""
    ops = []
    for _ in range(rnd.randint(1, 4)):
        kinds = ["flip", "truncate", "insert", "splice", "number"]
        if is_zip:
            kinds += ["member-flip", "member-truncate", "member-insert", "member-drop", "member-raw"] * 2
        kind = rnd.choice(kinds)
        f = rnd.random
        if kind == "flip":
            ops.append((kind, f(), rnd.randrange(1, 256)))
        elif kind == "truncate":
            ops.append((kind, f()))
        elif kind == "insert":
            ops.append((kind, f(), rnd.choice(PDF_TOKENS + XML_TOKENS)))
        elif kind == "splice":
            ops.append((kind, f(), f(), rnd.randrange(1, 4096)))
        elif kind == "number":
            ops.append((kind, f(), rnd.choice([b"0", b"-1", b"2147483648", b"99999999999", b"1e400", b"00"])))
        elif kind == "member-insert":
            ops.append((kind, f(), f(), rnd.choice(XML_TOKENS)))
        elif kind in ("member-drop",):
            ops.append((kind, f()))
        elif kind == "member-truncate":
            ops.append((kind, f(), f()))
        else:
            ops.append((kind, f(), f(), rnd.randrange(1, 256)))
    return ops
