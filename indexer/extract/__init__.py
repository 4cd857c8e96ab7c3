"""Text and properties out of every format the CRESI keeps, picked by file suffix.

`extract(path)` returns an `Extracted` or raises `ExtractionError` whose `reason` tells
staff, in French, what is wrong with the file. No other exception leaves this module:
whatever a library raises on a broken file is wrapped. PDFs and images (scans) also take
the OCR settings of the run (indexer/extract/ocr.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.extract import docx, html, image, odt, pdf, text
from indexer.extract.errors import EMPTY, ExtractionError, corrupted, too_big
from indexer.extract.furniture import strip_furniture
from indexer.extract.ocr import OcrSettings
from indexer.model import Extracted

__all__ = ["EXTRACTOR_VERSION", "ExtractionError", "extract", "is_ignored", "skip_reason", "EXTRACTORS"]

# Bump whenever the output of any extractor changes: cached extractions are keyed on it.
# OCR results have their own cache (indexer/cache.py, OcrCache): a bump never re-OCRs.
# 4: first-page lines with their type size (PDF). 5: running headers and footers out of
# the pages (furniture.py).
EXTRACTOR_VERSION: int = 5

EXTRACTORS: dict[str, Callable[[Path], Extracted]] = {
    ".pdf": pdf.extract,
    ".docx": docx.extract,
    ".odt": odt.extract,
    ".html": html.extract,
    ".htm": html.extract,
    ".md": text.extract,
    ".markdown": text.extract,
    ".txt": text.extract,
    **{suffix: image.extract for suffix in image.SUFFIXES},
}
# The extractors that read pages as images, and so take the OCR settings.
_WITH_OCR = frozenset({pdf.extract, image.extract})

_LEGACY = {
    ".doc": "format Word 97-2003 non pris en charge : enregistrez-le en .docx",
    ".dot": "modèle Word 97-2003 non pris en charge : enregistrez-le en .docx",
    ".xls": "format Excel 97-2003 non pris en charge : les classeurs ne sont pas indexés",
    ".ppt": "format PowerPoint 97-2003 non pris en charge : enregistrez-le en PDF",
    ".pps": "format PowerPoint 97-2003 non pris en charge : enregistrez-le en PDF",
    ".rtf": "format RTF non pris en charge : enregistrez-le en .docx ou .odt",
    ".wpd": "format WordPerfect non pris en charge : enregistrez-le en .docx ou .odt",
    ".docm": "document Word avec macros non pris en charge : enregistrez-le en .docx",
    ".dotx": "modèle Word non pris en charge : enregistrez le document en .docx",
    ".pages": "format Pages (Apple) non pris en charge : exportez-le en .docx ou en PDF",
}
_KINDS = {
    "image : format non lu par l'OCR (enregistrez les scans en JPEG, PNG ou TIFF)": (
        ".gif", ".bmp", ".webp", ".heic", ".heif",
        ".svg", ".ico", ".psd", ".raw", ".cr2", ".nef",
    ),
    "archive : décompressez-la pour que ses documents soient indexés": (
        ".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".iso",
    ),
    "classeur : les tableurs ne sont pas indexés": (".xlsx", ".xlsm", ".ods", ".csv", ".numbers"),
    "présentation non prise en charge : enregistrez-la en PDF": (".pptx", ".ppsx", ".odp", ".key"),
    "fichier audio ou vidéo : pas de texte à indexer": (
        ".mp3", ".wav", ".ogg", ".m4a", ".wma", ".mp4", ".avi", ".mov", ".mkv", ".wmv", ".webm",
    ),
    "raccourci ou programme : rien à indexer": (".lnk", ".url", ".exe", ".msi", ".bat", ".dll"),
}
_KIND_BY_SUFFIX = {suffix: reason for reason, suffixes in _KINDS.items() for suffix in suffixes}
_IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "$recycle.bin", "system volume information"}


def skip_reason(path: Path) -> str | None:
    """None when the format is read; otherwise why the file is skipped, in French."""
    suffix = path.suffix.lower()
    if suffix in EXTRACTORS:
        return None
    if suffix in _LEGACY:
        return _LEGACY[suffix]
    if suffix in _KIND_BY_SUFFIX:
        return _KIND_BY_SUFFIX[suffix]
    return f"format non pris en charge ({suffix or 'fichier sans extension'})"


def is_ignored(name: str) -> bool:
    """Files nobody filed as documents: office lock files, hidden and temporary files."""
    lowered = name.lower()
    return (
        lowered in _IGNORED_NAMES
        or name.startswith((".", "~"))  # hidden, ".~lock.x.odt#", "~$rapport.docx", "~WRL0001.tmp"
        or lowered.endswith((".tmp", "~"))
    )


def extract(path: Path, *, max_bytes: int = 200 * 1024 * 1024, ocr: OcrSettings | None = None) -> Extracted:
    """Text and properties of the file at `path`; `ExtractionError` when it cannot be read.
    `ocr` says whether and how pages without text are recognised (default: auto, uncached)."""
    path = Path(path)
    reason = skip_reason(path)
    if reason:
        raise ExtractionError(reason)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(_os_reason(exc)) from exc
    if size == 0:
        raise ExtractionError(EMPTY)
    if size > max_bytes:
        raise ExtractionError(too_big(size, max_bytes))
    extractor = EXTRACTORS[path.suffix.lower()]
    try:
        if extractor in _WITH_OCR:
            extracted = extractor(path, ocr or OcrSettings())
        else:
            extracted = extractor(path)
        return strip_furniture(extracted)  # page by page
    except ExtractionError:
        raise
    except MemoryError as exc:
        raise ExtractionError("fichier trop complexe : mémoire insuffisante pour le lire") from exc
    except RecursionError as exc:
        raise ExtractionError(corrupted("structure imbriquée sans fin")) from exc
    except OSError as exc:
        raise ExtractionError(_os_reason(exc)) from exc
    except Exception as exc:  # a library failing on a broken file: report it, never crash the run
        raise ExtractionError(corrupted(f"{type(exc).__name__} : {exc}")) from exc


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "fichier introuvable (déplacé ou supprimé pendant l'indexation ?)"
    if isinstance(exc, PermissionError):
        return "fichier illisible : accès refusé"
    return f"fichier illisible ({exc.strerror or type(exc).__name__})"
