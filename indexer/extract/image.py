"""Scanned pages kept as pictures (JPEG, PNG, TIFF): their text comes from OCR alone.

Each frame of a multi-page TIFF is a page. Without tesseract the image is indexed by its
name and properties, its pages listed as awaiting OCR, as for a scanned PDF.
"""

from __future__ import annotations

import warnings as python_warnings
from pathlib import Path

from indexer.extract import thumbnail
from indexer.extract.errors import ExtractionError, corrupted
from indexer.extract.ocr import OcrSettings, Recogniser
from indexer.extract.props import make_properties
from indexer.model import Extracted

SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
MAX_FRAMES = 500
MAX_PIXELS = 100_000_000  # above, Pillow's decompression-bomb guard refuses the file
NOT_IMAGE = "image illisible : fichier tronqué, ou pas une image malgré son extension"


def extract(path: Path, ocr: OcrSettings = OcrSettings()) -> Extracted:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                return _read(image, path, ocr)
    except (UnidentifiedImageError, SyntaxError) as exc:
        raise ExtractionError(NOT_IMAGE) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ExtractionError("image trop grande (plus de 100 millions de pixels) : non lue") from exc
    except (EOFError, ValueError) as exc:
        raise ExtractionError(corrupted(str(exc))) from exc


def _read(image, path: Path, settings: OcrSettings) -> Extracted:
    frames = min(getattr(image, "n_frames", 1), MAX_FRAMES)
    ocr = Recogniser(settings)
    texts: list[str] = []
    awaiting: list[int] = []
    preview = b""
    for number in range(1, frames + 1):
        image.seek(number - 1)
        image.load()
        if number == 1:
            preview = thumbnail.of_image(image)
        text = ocr.recognise(number, lambda: image.convert("L"))
        if text is None:
            awaiting.append(number)
        texts.append(text or "")
    notes = []
    if awaiting:
        notes.append(f"{len(awaiting)} page(s) en attente d'OCR : {', '.join(map(str, awaiting[:20]))}")
    if getattr(image, "n_frames", 1) > MAX_FRAMES:
        notes.append(f"seules les {MAX_FRAMES} premières pages de l'image sont lues")
    return Extracted(
        pages=tuple(texts),
        properties=make_properties(file_stem=path.stem),
        paged=frames > 1,
        warnings=tuple(notes),
        ocr_pages=tuple(n for n in range(1, frames + 1) if n not in awaiting),
        awaiting_ocr=tuple(awaiting),
        scanned=True,
        thumbnail=preview,
        recognised_now=ocr.calls,
    )
