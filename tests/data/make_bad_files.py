"""Build the broken and hostile files of tests/data/bad/, each named after its case.

Run from the repository root when a case is added or changed, and commit the outputs:
    .venv/bin/python tests/data/make_bad_files.py
The bombs stay small on disk: that is what makes them bombs.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from odf.opendocument import OpenDocumentText
from odf.text import P
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ByteStringObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parent / "bad"
GiB = 1024**3
DATE = (2020, 1, 1, 0, 0, 0)  # fixed member dates: a re-run rewrites identical files


def entry(name: str, compress_type: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=DATE)
    info.compress_type = compress_type
    return info


def pdf_bytes(pages: list[str], title: str = "Rapport d'activité") -> bytes:
    """A small text PDF, one paragraph line per page, reproducible byte for byte."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    for text in pages:
        pdf.setFont("Helvetica", 12)
        for number in range(30):
            pdf.drawString(72, 760 - number * 20, f"{text} — ligne {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(["Document confidentiel du CRESI"]))))
    # RC4 needs no extra module; the owner password differs so that "" is only a user password.
    writer.encrypt(user_password, owner_password="proprietaire", algorithm="RC4-128")
    # pypdf draws the second file identifier at random; fix it so the file is reproducible.
    writer._ID[1] = ByteStringObject(bytes(16))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scanned_pdf() -> bytes:
    """Shapes and an image, no text operator: what a scanner without OCR produces."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for shade in (0.2, 0.6):
        pdf.setFillGray(shade)
        pdf.rect(72, 400, 400, 300, fill=1)
        for y in range(100, 380, 12):  # grey bars where the lines of a scanned page would be
            pdf.rect(72, y, 420, 6, fill=1, stroke=0)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def replace_member(archive: bytes, name: str, data: bytes) -> bytes:
    """The same zip with member `name` replaced by `data`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = data if info.filename == name else source.read(info)
            target.writestr(entry(info.filename, info.compress_type), content)
    return out.getvalue()


def minimal_docx(document_xml: str) -> bytes:
    """The three parts Word needs at least: content types, package relations, document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            entry("[Content_Types].xml"),
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr(
            entry("_rels/.rels"),
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="word/document.xml" Type='
            '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        archive.writestr(entry("word/document.xml"), document_xml)
    return buffer.getvalue()


def entity_bomb_docx() -> bytes:
    """Billion laughs in word/document.xml: ten levels of ten references each."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE w:document [{entities}]>\n"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return minimal_docx(xml)


def zip_bomb_docx(path: Path) -> None:
    """A docx-shaped zip whose document.xml is 1 GiB of one letter (bzip2 keeps it tiny)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(entry("[Content_Types].xml"), '<?xml version="1.0"?><Types/>')
        with archive.open(entry("word/document.xml", zipfile.ZIP_BZIP2), "w") as member:
            member.write(b"<w:document><w:body><w:p><w:r><w:t>")
            chunk = b"a" * (1 << 20)
            for _ in range(GiB // len(chunk)):
                member.write(chunk)


def xxe_odt(target: str = "file:///etc/passwd") -> bytes:
    """content.xml declares an external entity pointing at a local file, then uses it."""
    document = OpenDocumentText()
    document.text.addElement(P(text="Avant l'entité XXE_MARK après."))
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        content = archive.read("content.xml").decode()
    declaration, _, rest = content.partition("?>")
    doctype = f'<!DOCTYPE office:document-content [<!ENTITY xxe SYSTEM "{target}">]>'
    content = f"{declaration}?>{doctype}{rest}".replace("XXE_MARK", "&xxe;")
    return replace_member(buffer.getvalue(), "content.xml", content.encode())


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(entry("notes.txt"), "Compte rendu de réunion, pas un document Word.")
        archive.writestr(entry("photos/liste.txt"), "photo1.jpg\nphoto2.jpg\n")
    return buffer.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    report = pdf_bytes([f"Page {n} du rapport de mission à Douentza" for n in range(1, 6)])
    files = {
        "encrypted-with-password.pdf": encrypted_pdf("motdepasse"),
        "encrypted-empty-password.pdf": encrypted_pdf(""),
        "truncated.pdf": report[: len(report) // 2],
        "not-a-pdf.pdf": "Ceci est un simple fichier texte renommé en .pdf.\n".encode(),
        "zip-renamed.docx": zip_without_document(),
        "empty.pdf": b"",
        "empty.docx": b"",
        "scanned-no-text.pdf": scanned_pdf(),
        "xml-entity-bomb.docx": entity_bomb_docx(),
        "xxe-external-entity.odt": xxe_odt(),
        # An OLE compound file header, as a Word 97-2003 .doc renamed to .docx begins.
        "word97-renamed.docx": bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    zip_bomb_docx(OUT / "zip-bomb.docx")
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>9}  {path.name}")


if __name__ == "__main__":
    main()
