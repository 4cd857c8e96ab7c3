"""Text page by page and document properties out of PDF files, with pypdf.

One pass over the pages: text extraction is the cost of indexing. Attachments are never
read. Pages without text, or with a garbled text layer, are then handed to pdfpages.py
(PDFium and OCR), which also draws the first-page preview.
"""

from __future__ import annotations

from collections import Counter
from io import BytesIO
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PdfReadError

from indexer.extract.errors import NOT_PDF, PDF_PASSWORD, ExtractionError, corrupted
from indexer.extract.ocr import OcrSettings
from indexer.extract.pdfpages import PageOutcome, choose_texts
from indexer.extract.pdflines import LineCollector, SizedLine, body_size
from indexer.extract.props import make_properties, split_keywords
from indexer.model import Extracted, Properties

PDF_AES = (
    "PDF chiffré (AES) : le module de déchiffrement « cryptography » manque sur ce poste ; "
    "demandez une version sans mot de passe"
)
TRUNCATED = "fin de fichier absente : le PDF est peut-être tronqué"
SIZED_PAGES = 3  # pages read with their type sizes: the title page and enough body text
MIN_TITLE_PAGE_CHARS = 40  # a first page with less text (an image cover) gives no title


def extract(path: Path, ocr: OcrSettings = OcrSettings()) -> Extracted:
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise ExtractionError(NOT_PDF)
    warnings: list[str] = []
    if data.rfind(b"%%EOF", max(0, len(data) - 4096)) < 0:
        warnings.append(TRUNCATED)
    reader = _open(data)
    raw_texts, (sized_page, first_lines), body = _page_texts(reader, warnings)
    pages = choose_texts(data, raw_texts, ocr)
    properties = _properties(reader, path.stem, warnings)
    if sized_page in {n for n, _ in pages.repaired}:
        first_lines = ()  # a garbled layer's lines are no title: the mended text has no sizes
    return Extracted(
        pages=tuple(pages.texts),
        properties=properties,
        paged=True,
        warnings=tuple(warnings + page_warnings(pages)),
        ocr_pages=tuple(pages.ocr),
        awaiting_ocr=tuple(pages.awaiting),
        repaired_pages=tuple(n for n, _ in pages.repaired),
        scanned=bool(pages.texts) and pages.image_only == len(pages.texts),
        thumbnail=pages.thumbnail,
        recognised_now=pages.recognised_now,
        first_lines=first_lines,
        body_size=body,
    )


def page_warnings(pages: PageOutcome) -> list[str]:
    """What staff should know of the pages: repaired, doubtful, waiting for OCR."""
    out = [f"page {n} : couche texte {how}" for n, how in pages.repaired]
    if pages.doubtful:
        out.append(f"couche texte illisible, gardée faute d'OCR : page(s) {_numbers(pages.doubtful)}")
    if pages.awaiting:
        out.append(f"{len(pages.awaiting)} page(s) en attente d'OCR : {_numbers(pages.awaiting)}")
    return out + pages.notes


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")


def _open(data: bytes) -> PdfReader:
    """A reader ready to give text: unlocked with the empty password, or refused."""
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise ExtractionError(PDF_PASSWORD)
    except DependencyError as exc:
        raise ExtractionError(PDF_AES) from exc
    except PdfReadError as exc:
        raise ExtractionError(corrupted(str(exc))) from exc
    return reader


def _page_texts(reader: PdfReader, warnings: list[str]) -> tuple[list[str], tuple[int, tuple[SizedLine, ...]], float]:
    """Raw text of each page in order (a page that fails is left empty and reported), the
    sized lines of the first page with text and the body's type size (pdflines.py)."""
    texts: list[str] = []
    failed: list[int] = []
    sized: tuple[SizedLine, ...] = ()
    sized_page = 0
    letters: Counter[float] = Counter()
    for number, page in enumerate(reader.pages, start=1):
        collector = LineCollector() if number <= SIZED_PAGES else None
        try:
            raw = page.extract_text(visitor_text=collector.visit) if collector else page.extract_text()
        except MemoryError:
            raise
        except Exception:  # one broken page (font, stream, operator) must not lose the others
            failed.append(number)
            raw, collector = "", None
        texts.append(raw or "")
        if collector is not None:
            lines = collector.finish()
            letters.update(collector.letters)
            if not sized and sum(len(text) for _, text in lines) >= MIN_TITLE_PAGE_CHARS:
                sized, sized_page = lines, number
    if failed and len(failed) == len(texts):
        raise ExtractionError(corrupted("aucune page lisible"))
    if failed:
        shown = ", ".join(str(n) for n in failed[:20]) + (" …" if len(failed) > 20 else "")
        warnings.append(f"texte illisible sur {len(failed)} page(s) : {shown}")
    if not texts:
        warnings.append("PDF sans aucune page")
    return texts, (sized_page, sized), body_size(letters)


def _properties(reader: PdfReader, file_stem: str, warnings: list[str]) -> Properties:
    """Document info, completed from XMP only when the info gives no usable title."""
    fields: dict = {"file_stem": file_stem}
    try:
        info = reader.metadata or {}
        fields.update(
            title=_value(info, "/Title"),
            author=_value(info, "/Author"),
            subject=_value(info, "/Subject"),
            keywords=split_keywords(_value(info, "/Keywords")),
            created=_value(info, "/CreationDate"),
            lang=_value(reader.root_object, "/Lang"),
        )
    except MemoryError:
        raise
    except Exception as exc:  # properties are a bonus: a broken info must not lose the text
        warnings.append(f"propriétés du PDF illisibles ({type(exc).__name__})")
    properties = make_properties(**fields)
    if properties.title:
        return properties
    try:
        return _with_xmp(reader, fields) or properties
    except MemoryError:
        raise
    except Exception as exc:  # same: an unreadable XMP packet is only a warning
        warnings.append(f"métadonnées XMP illisibles ({type(exc).__name__})")
        return properties


def _with_xmp(reader: PdfReader, fields: dict) -> Properties | None:
    """Fill the gaps of the document info from the XMP packet (dc:title first)."""
    xmp = reader.xmp_metadata
    if xmp is None:
        return None
    titles = xmp.dc_title or {}
    fields = dict(fields)
    fields["title"] = titles.get("x-default") or next(iter(titles.values()), "")
    fields["author"] = fields.get("author") or "; ".join(xmp.dc_creator or [])
    fields["keywords"] = fields.get("keywords") or split_keywords(*(xmp.dc_subject or []))
    fields["created"] = fields.get("created") or xmp.xmp_create_date or ""
    return make_properties(**fields)


def _value(dictionary, key: str) -> str:
    """A PDF dictionary value as text (indirect objects resolved); "" when absent."""
    if key not in dictionary:
        return ""
    value = dictionary[key]
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("latin-1", errors="replace")
    return str(value)
