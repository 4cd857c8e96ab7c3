"""The text of each PDF page chosen from its text layer, PDFium's reading, or OCR.

pypdf gives the text layer (indexer/extract/pdf.py); PDFium (pypdfium2) then opens the
same bytes for what pypdf cannot do: it renders the first page as a thumbnail and the
pages without text for OCR, and re-reads a garbled page, since it decodes more broken
fonts. In order, for each page:
- text layer that reads (garbled.problem is None): kept; with `force`, OCR'd instead;
- garbled: PDFium's text if it reads, else the layer mended by the word list, else OCR;
- no text: OCR. A page that OCR cannot read now (no tesseract, `--ocr off`, budget
  spent) is listed in `awaiting`: a later run reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cresi_search.french.normalise import clean_text
from indexer.extract import garbled, thumbnail
from indexer.extract.ocr import OcrSettings, Recogniser, render_scale


@dataclass
class PageOutcome:
    """What the pages of one file became, for the Extracted and its warnings."""

    texts: list[str]
    ocr: list[int] = field(default_factory=list)
    awaiting: list[int] = field(default_factory=list)
    repaired: list[tuple[int, str]] = field(default_factory=list)  # (page, how)
    doubtful: list[int] = field(default_factory=list)  # garbled and left as it was
    image_only: int = 0  # pages that had no text layer
    thumbnail: bytes = b""
    notes: list[str] = field(default_factory=list)
    recognised_now: int = 0


def choose_texts(data: bytes, raw_pages: list[str], settings: OcrSettings) -> PageOutcome:
    """Each page's text, with what was OCR'd, repaired or left waiting."""
    out = PageOutcome(texts=[clean_text(raw, dehyphenate=True) for raw in raw_pages])
    document = _open(data)
    if document is None:
        empty = [n for n, text in enumerate(out.texts, 1) if not text]
        out.image_only, out.awaiting = len(empty), empty
        out.notes.append("PDF illisible par PDFium : ni aperçu ni OCR")
        return out
    try:
        out.thumbnail = thumbnail.of_pdf(document)
        ocr = Recogniser(settings)
        for number, raw in enumerate(raw_pages, start=1):
            if number > len(document):
                break
            _page(document, number, raw, ocr, out)
        out.recognised_now = ocr.calls
        if ocr.out_of_time:
            out.notes.append(f"OCR interrompu : budget de {settings.budget_s:g} s par fichier dépassé, "
                             "les pages restantes seront lues au prochain passage")
    finally:
        document.close()
    return out


def _page(document, number: int, raw: str, ocr: Recogniser, out: PageOutcome) -> None:
    index = number - 1
    has_layer = bool(out.texts[index])
    why = garbled.problem(raw) if has_layer else None
    if not has_layer:
        out.image_only += 1
    if why:
        fixed, how = _reread(document, index), "relue avec PDFium"
        if fixed is None:
            fixed, how = garbled.repair(raw), "réparée d'après le dictionnaire"
        if fixed is not None:
            out.texts[index] = clean_text(fixed, dehyphenate=True)
            out.repaired.append((number, f"{garbled.REASONS[why]}, {how}"))
            why = None
    if has_layer and not why and ocr.settings.mode != "force":
        return
    text = _recognise(document, index, ocr, out)
    if text is None:
        if not has_layer or why:
            out.awaiting.append(number)
        if why:
            out.doubtful.append(number)
        return
    if has_layer and not why and not text:  # force: OCR found nothing, keep the layer
        return
    out.texts[index] = text
    out.ocr.append(number)
    if why:
        out.repaired.append((number, f"{garbled.REASONS[why]}, remplacée par l'OCR"))


def _recognise(document, index: int, ocr: Recogniser, out: PageOutcome) -> str | None:
    def render():
        page = document[index]
        width, height = page.get_size()
        return page.render(scale=render_scale(width, height), grayscale=True).to_pil()

    try:
        return ocr.recognise(index + 1, render)
    except Exception as exc:  # one page tesseract cannot read must not lose the others
        out.notes.append(f"OCR impossible sur la page {index + 1} ({type(exc).__name__})")
        return None


def _reread(document, index: int) -> str | None:
    """PDFium's text of the page, if it reads where pypdf's did not."""
    text = _pdfium_text(document, index)
    return text if text.strip() and garbled.problem(text) is None else None


def _pdfium_text(document, index: int) -> str:
    try:
        textpage = document[index].get_textpage()
        return textpage.get_text_range()
    except Exception:  # PDFium fails on this page: nothing better than pypdf's text
        return ""


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data, password="")
    except Exception:  # damaged or encrypted with a real password: pypdf's text only
        return None
