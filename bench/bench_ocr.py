"""OCR costs on this machine, and what OCR recovers from the real scans of ../shared/realdocs.

    .venv/bin/python bench/bench_ocr.py [--pages N] [--json FILE]

Prints, side by side:
- pages per second of tesseract (French, 200 dpi, one thread) on the scan pages, in one
  process, and with one thread against tesseract's own threads on one page;
- the build time of the real development set (56 documents, no catalogue), OCR off
  against OCR on (fresh index and caches each time, 2 workers), and a second build with
  OCR on whose OCR comes from the cache;
- for each of its image-only scans, the characters and words recovered per page;
- the size of the first-page previews.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, log, machine  # noqa: E402
from cresi_search.index.store import IndexStore  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.extract.ocr import DPI, OcrSettings, Recogniser, render_scale, unavailable_reason  # noqa: E402
from indexer.update import run  # noqa: E402

REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"


def scan_files() -> list[Path]:
    """The image-only scans, as the librarian's notes mark them."""
    names = [line.split("\t")[0] for line in (REALDOCS / "metadata.tsv").read_text("utf-8").splitlines()[1:]
             if line.rstrip().endswith("\tscan")]
    return [REALDOCS / "files" / name for name in names]


def page_images(files: list[Path], limit: int):
    import pypdfium2 as pdfium

    for path in files:
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            page = document[index]
            yield page.render(scale=render_scale(*page.get_size()), grayscale=True).to_pil()
            limit -= 1
            if limit <= 0:
                return


def ocr_speed(files: list[Path], limit: int) -> dict:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    images = list(page_images(files, limit))
    recogniser = Recogniser(OcrSettings(budget_s=3600))
    started = time.perf_counter()
    for n, image in enumerate(images, start=1):
        recogniser.recognise(n, lambda image=image: image)
    single = time.perf_counter() - started
    threaded = _threaded_page(images[0])
    return {"pages": len(images), "seconds": round(single, 1), "pages_per_s": round(len(images) / single, 2),
            "one_page_one_thread_s": round(single / len(images), 2), "one_page_own_threads_s": threaded}


def _threaded_page(image) -> float:
    """One page with tesseract's default threads (OMP_THREAD_LIMIT unset)."""
    path = OUT / "ocr-page.png"
    image.save(path)
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    started = time.perf_counter()
    subprocess.run(["tesseract", str(path), "-", "-l", "fra"], env=env, capture_output=True, check=True)
    return round(time.perf_counter() - started, 2)


def build(ocr: str, index: Path, fresh: bool = True) -> tuple[float, dict]:
    if fresh:
        shutil.rmtree(index, ignore_errors=True)
    started = time.perf_counter()
    report = run(Settings(corpus=REALDOCS / "files", index=index, workers=2), full=True, ocr=ocr)
    return round(time.perf_counter() - started, 1), report.ocr


def recovered(index: Path, files: list[Path]) -> list[dict]:
    """Characters and words per page of each scan, as indexed."""
    names = {f.name for f in files}
    rows = []
    with IndexStore(index).open().searcher() as s:
        docs = {d["id"]: d["path"] for d in s.documents(kind="doc") if d["path"] in names}
        pages: dict[str, list[str]] = {}
        for page in s.documents(kind="page"):
            if page["parent"] in docs:
                pages.setdefault(docs[page["parent"]], []).append(page["page_text"])
    for path in sorted(names):
        texts = pages.get(path, [])
        chars = sum(len(t) for t in texts)
        words = sum(len(re.findall(r"[^\W\d_]{2,}", t)) for t in texts)
        n = max(1, len(texts))
        rows.append({"file": path, "pages": len(texts), "chars_per_page": chars // n, "words_per_page": words // n})
    return rows


def previews(index: Path) -> dict:
    sizes = [p.stat().st_size for p in (index / "previews").glob("*/*.jpg")]
    return {"count": len(sizes), "mean_kb": round(sum(sizes) / max(1, len(sizes)) / 1024, 1),
            "max_kb": round(max(sizes, default=0) / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=12, help="scan pages for the speed test")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if unavailable_reason():
        sys.exit(f"bench_ocr : {unavailable_reason()}")
    OUT.mkdir(parents=True, exist_ok=True)
    files = scan_files()
    log(f"{len(files)} scans ; vitesse de l'OCR sur {args.pages} pages ({DPI} dpi)…")
    figures = {"machine": machine(), "speed": ocr_speed(files, args.pages)}
    index = OUT / "index-realdocs-ocr"
    log("construction sans OCR…")
    off_s, _ = build("off", index)
    log("construction avec OCR…")
    on_s, ocr = build("auto", index)
    log("reconstruction, l'OCR venant du cache…")
    again_s, _ = build("auto", index, fresh=False)
    figures["build"] = {"ocr_off_s": off_s, "ocr_auto_s": on_s, "ocr_auto_from_cache_s": again_s, "ocr": ocr}
    figures["scans"] = recovered(index, files)
    figures["previews"] = previews(index)
    print_figures(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2))


def print_figures(f: dict) -> None:
    s, b = f["speed"], f["build"]
    print(f"OCR : {s['pages']} pages en {s['seconds']} s, {s['pages_per_s']} page/s sur un cœur "
          f"({s['one_page_one_thread_s']} s/page ; une page avec les threads de tesseract : {s['one_page_own_threads_s']} s)")
    print(f"realdocs : {b['ocr_off_s']} s sans OCR, {b['ocr_auto_s']} s avec "
          f"({b['ocr']['pages_recognised']} pages reconnues, {b['ocr']['pages_repaired']} réparées), "
          f"{b['ocr_auto_from_cache_s']} s avec l'OCR en cache")
    print(f"{'scan':60} pages  car./page  mots/page")
    for row in f["scans"]:
        print(f"{row['file'][:60]:60} {row['pages']:5} {row['chars_per_page']:10} {row['words_per_page']:10}")
    p = f["previews"]
    print(f"aperçus : {p['count']}, {p['mean_kb']} ko en moyenne, {p['max_kb']} ko au plus")


if __name__ == "__main__":
    main()
