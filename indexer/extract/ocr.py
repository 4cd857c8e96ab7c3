"""Text recognised on page images by Tesseract's French model, bounded in time and cached.

Tesseract runs as a program (pytesseract starts it once per page), single-threaded: the
extraction pool already keeps every core busy, and on 2 cores tesseract's own threads
made a page 4 times slower (docs/ocr.md). Each file gets an OCR budget inside the pool's
per-file deadline; pages past it wait for the next run, which resumes where this one
stopped, since every recognised page is cached at once by the file's content hash.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cresi_search.french.normalise import clean_text

LANGUAGE = "fra"
DPI = 200  # measured: the same text as 300 dpi on the real scans, in 55 % of the time
MAX_PIXELS = 40_000_000  # a poster-sized page is rendered smaller than DPI
MIN_PAGE_S = 1.0  # a page is not started with less budget left than this
MODES = ("auto", "off", "force")
INSTALL_HINT = "installez-le avec « apt-get install tesseract-ocr tesseract-ocr-fra »"


@dataclass(frozen=True)
class OcrSettings:
    """How one file may be OCR'd: the mode, where results are cached, for how long."""

    mode: str = "auto"  # auto: pages without (usable) text; off: never; force: every page
    cache_dir: Path | None = None
    sha256: str = ""  # the file's content hash: the cache key of its pages
    budget_s: float = 90.0
    started: float | None = None  # time.monotonic() when the file was handed over

    def deadline(self) -> float:
        return (self.started if self.started is not None else time.monotonic()) + self.budget_s


def unavailable_reason() -> str | None:
    """None when tesseract and its French model can run here; otherwise why not, in French."""
    return _unavailable(os.environ.get("PATH", ""))


@lru_cache(maxsize=8)
def _unavailable(search_path: str) -> str | None:  # keyed on PATH: a test may change it
    import pytesseract

    command = shutil.which("tesseract", path=search_path)
    if command is None:
        return f"tesseract n'est pas installé : {INSTALL_HINT}"
    try:
        languages = pytesseract.get_languages(config="")
    except Exception as exc:  # a broken install: say so, index without OCR
        return f"tesseract ne répond pas ({type(exc).__name__}) : {INSTALL_HINT}"
    if LANGUAGE not in languages:
        return f"le modèle français de tesseract manque : {INSTALL_HINT}"
    return None


class Recogniser:
    """Recognises the pages of one file within its budget, through the OCR cache."""

    def __init__(self, settings: OcrSettings) -> None:
        from indexer.cache import OcrCache

        self.settings = settings
        self.cache = OcrCache(settings.cache_dir) if settings.cache_dir and settings.sha256 else None
        self.deadline = settings.deadline()
        self.reason = None if settings.mode == "off" else unavailable_reason()
        self.out_of_time = False
        self.seconds = 0.0
        self.calls = 0  # pages tesseract read (the others came from the cache)

    @property
    def enabled(self) -> bool:
        return self.settings.mode != "off" and self.reason is None

    def cached(self, page: int) -> str | None:
        return self.cache.get(self.settings.sha256, page) if self.cache else None

    def recognise(self, page: int, render) -> str | None:
        """The text of page `page` (1-based), from the cache or from `render()`'s image;
        None when OCR cannot run here or the budget is spent (the page waits)."""
        known = self.cached(page)
        if known is not None:
            return known
        if not self.enabled:
            return None
        left = self.deadline - time.monotonic()
        if left < MIN_PAGE_S:
            self.out_of_time = True
            return None
        image = render()
        text = "" if is_blank(image) else self._tesseract(image, left)
        if text is None:
            return None
        if self.cache:
            self.cache.put(self.settings.sha256, page, text)
        return text

    def _tesseract(self, image, timeout_s: float) -> str | None:
        import pytesseract

        os.environ["OMP_THREAD_LIMIT"] = "1"  # read by tesseract, which inherits it
        started = time.monotonic()
        self.calls += 1
        try:
            raw = pytesseract.image_to_string(image, lang=LANGUAGE, timeout=timeout_s)
        except RuntimeError as exc:  # pytesseract's own timeout
            if "timeout" in str(exc).lower():
                self.out_of_time = True
                return None
            raise
        finally:
            self.seconds += time.monotonic() - started
        return clean_text(raw, dehyphenate=True)


def is_blank(image) -> bool:
    """True for a page with next to no ink (a blank back side): nothing to recognise."""
    grey = image.convert("L")
    histogram = grey.histogram()
    dark = sum(histogram[:160])
    return dark < 0.0005 * grey.width * grey.height


def render_scale(width_pt: float, height_pt: float, dpi: int = DPI) -> float:
    """The scale that renders a page at `dpi`, smaller for a huge page."""
    scale = dpi / 72
    pixels = width_pt * scale * height_pt * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    return scale
