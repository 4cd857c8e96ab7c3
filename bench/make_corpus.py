"""Make a large synthetic corpus of French PDF and DOCX documents for the benchmarks.

    .venv/bin/python bench/make_corpus.py N OUT_DIR [--seed S] [--processes 2]

The documents go to OUT_DIR/corpus/, a manifest (one entry per document, totals) to
OUT_DIR/manifest.json. A corpus already made with the same N, seed and generator
version is kept as it is, so the benchmarks can ask for it each time. Never commit it:
use bench/out/ (git-ignored) or /tmp.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, Figures, log  # noqa: E402
from bench.textgen import document_pages, plan_document  # noqa: E402
from bench.writers import write_document  # noqa: E402

GENERATOR_VERSION = 4
MANIFEST = "manifest.json"


def default_dir(n: int, seed: int) -> Path:
    return OUT / f"corpus-{n}-s{seed}"


def make_one(task: tuple[Path, int, int, int]) -> dict:
    """Write document `index`; returns its manifest entry."""
    corpus, seed, index, variant = task
    plan = plan_document(seed, index)
    pages = document_pages(seed, plan, variant)
    size = write_document(corpus / plan.relpath, plan, pages)
    return {
        "index": index,
        "path": plan.relpath,
        "format": plan.fmt,
        "pages": len(pages),
        "chars": sum(len(p.text) for p in pages),
        "bytes": size,
        "countries": list(plan.countries),
        "themes": list(plan.themes),
        "year": plan.year,
    }


def read_manifest(out_dir: Path) -> dict | None:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def ensure_corpus(n: int, out_dir: Path | None = None, seed: int = 1, processes: int = 2) -> dict:
    """The manifest of the corpus (N, seed), generated first when missing or stale."""
    out_dir = Path(out_dir or default_dir(n, seed))
    manifest = read_manifest(out_dir)
    wanted = {"version": GENERATOR_VERSION, "n": n, "seed": seed}
    if manifest and all(manifest.get(k) == v for k, v in wanted.items()):
        log(f"corpus déjà prêt : {out_dir / 'corpus'} ({n} documents)")
        return manifest
    corpus = out_dir / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    corpus.mkdir(parents=True)
    log(f"génération de {n} documents dans {corpus} sur {processes} processus")
    start = time.perf_counter()
    tasks = [(corpus, seed, i, 0) for i in range(n)]
    entries = []
    with mp.get_context("spawn").Pool(processes) as pool:
        for done, entry in enumerate(pool.imap_unordered(make_one, tasks, chunksize=4), start=1):
            entries.append(entry)
            if done % 200 == 0:
                log(f"  {done}/{n}")
    entries.sort(key=lambda e: e["index"])
    manifest = {**wanted, "seconds": round(time.perf_counter() - start, 1), "totals": totals(entries), "documents": entries}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def totals(entries: list[dict]) -> dict:
    pages = sorted(e["pages"] for e in entries)
    return {
        "documents": len(entries),
        "pdf": sum(e["format"] == "pdf" for e in entries),
        "docx": sum(e["format"] == "docx" for e in entries),
        "pages": sum(pages),
        "pages_median": pages[len(pages) // 2] if pages else 0,
        "text_mb": round(sum(e["chars"] for e in entries) / 1e6, 1),
        "files_mb": round(sum(e["bytes"] for e in entries) / 1e6, 1),
    }


def rewrite(corpus: Path, seed: int, indices: list[int], variant: int) -> list[str]:
    """Give documents new text (same path and format); returns their paths."""
    paths = []
    for index in indices:
        entry = make_one((corpus, seed, index, variant))
        paths.append(entry["path"])
    return paths


def replicate(manifest: dict, source: Path, copies: int, out_dir: Path) -> Path:
    """A corpus of `copies` copies of `source` under copie-1/, copie-2/… (hard links)."""
    corpus = out_dir / "corpus"
    stamp = out_dir / MANIFEST
    wanted = {"copies": copies, "source": str(source), "n": manifest["n"] * copies}
    current = read_manifest(out_dir)
    if current and all(current.get(k) == v for k, v in wanted.items()):
        return corpus
    if corpus.exists():
        shutil.rmtree(corpus)
    for k in range(1, copies + 1):
        for entry in manifest["documents"]:
            target = corpus / f"copie-{k}" / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(source / entry["path"], target)
    stamp.write_text(json.dumps(wanted) + "\n", encoding="utf-8")
    return corpus


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="nombre de documents")
    parser.add_argument("out_dir", type=Path, help="dossier de sortie (le corpus va dans OUT_DIR/corpus)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", help="écrire les chiffres dans ce fichier JSON")
    args = parser.parse_args(argv)
    manifest = ensure_corpus(args.n, args.out_dir, args.seed, args.processes)
    figures = Figures("make_corpus")
    figures.add("corpus", str(args.out_dir / "corpus"))
    figures.add("seed", args.seed)
    for name, value in manifest["totals"].items():
        figures.add(name, value)
    figures.add("generation_s", manifest["seconds"])
    figures.report(args.json)


if __name__ == "__main__":
    main()
