"""Ready-made indexes for the query and HTTP benchmarks, kept under bench/out/.

An index is rebuilt when the corpus or the indexer's code changed since it was built
(`common.code_hash()` of the measured packages is kept beside it). A corpus of N documents
can be made of K copies of N/K generated ones (`copies`): the copies are hard links in
different folders, so they are distinct documents with their own ids; the extraction
cache of the N/K index is copied first, so the texts are not extracted again.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bench.common import OUT, PYTHON, code_hash, log, snapshot_code, subprocess_env
from bench.make_corpus import default_dir, ensure_corpus, replicate
from bench.querymix import MIX_FACETS

STAMP = "bench-stamp.json"


def corpus_for(docs: int, seed: int, copies: int = 1) -> Path:
    """The corpus folder: generated, or `copies` copies of a generated one."""
    if docs % copies:
        raise SystemExit(f"--docs {docs} n'est pas un multiple de --copies {copies}")
    base = docs // copies
    manifest = ensure_corpus(base, seed=seed)
    source = default_dir(base, seed) / "corpus"
    if copies == 1:
        return source
    return replicate(manifest, source, copies, OUT / f"corpus-{docs}-x{copies}-s{seed}")


def index_dir(docs: int, seed: int, copies: int = 1) -> Path:
    return OUT / (f"index-{docs}-s{seed}" + (f"-x{copies}" if copies > 1 else ""))


def ensure_index(
    docs: int, seed: int, copies: int = 1, rebuild: bool = False, reuse: bool = False,
    code: Path | None = None,
) -> tuple[Path, Path]:
    """(corpus, index folder), building the index with `cresi-index update --full` if needed.

    `reuse` keeps an existing index even if the indexer's code changed since; `code` is
    the copy of the code to build with (default: a snapshot of the tree).
    """
    corpus = corpus_for(docs, seed, copies)
    index = index_dir(docs, seed, copies)
    wanted = {"code": code_hash() if code is None else f"copie {code}", "corpus": str(corpus)}
    try:
        stamp = json.loads((index / STAMP).read_text())
    except (FileNotFoundError, ValueError):
        stamp = {}
    fresh = stamp == wanted or (reuse and stamp.get("corpus") == wanted["corpus"])
    if fresh and not rebuild:
        log(f"index déjà prêt : {index}")
        return corpus, index
    shutil.rmtree(index, ignore_errors=True)
    if copies > 1:
        _, base_index = ensure_index(docs // copies, seed, 1, reuse=reuse, code=code)
        shutil.copytree(base_index / "cache", index / "cache")
    log(f"construction de l'index {index} ({docs} documents)")
    cmd = [PYTHON, "-m", "bench.phases", "index", "--corpus", str(corpus), "--index", str(index), "--workers", "2", "--full"]
    done = subprocess.run(cmd, cwd=code or snapshot_code(), env=subprocess_env(), capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"échec de la construction de l'index :\n{done.stderr[-3000:]}")
    built = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"  {built['documents']} documents en {built['seconds']:.1f} s, CPU {built['cpu_self_s']:.1f} s, "
        f"mémoire max. {built['peak_self_mb']:.0f} Mo (extraction {built['peak_children_mb']:.0f} Mo)")
    (index / STAMP).write_text(json.dumps(wanted))
    return corpus, index


def fts5_rows(index: Path) -> list:
    """Title, extracted text and facet values of every document of a built index."""
    from bench.fts5_ref import Row
    from indexer.cache import ExtractionCache
    from cresi_search.index.schema import KIND_DOC
    from cresi_search.index.store import IndexStore
    from indexer.extract import EXTRACTOR_VERSION

    cache = ExtractionCache(index / "cache", EXTRACTOR_VERSION)
    rows = []
    with IndexStore(index).open().searcher() as searcher:
        for docnum in searcher.document_numbers(kind=KIND_DOC):
            f = searcher.stored_fields(docnum)
            extracted = cache.get(f["sha256"])
            facets = {name: _split(f.get(name)) for name in MIX_FACETS}
            rows.append(Row(f.get("title") or "", extracted.text if extracted else "", facets))
    return rows


def ensure_fts5(index: Path) -> Path:
    """The SQLite FTS5 reference database beside an index, built once per index."""
    from bench.fts5_ref import build

    db = index.with_name(index.name + ".fts5.sqlite")
    stamp = (index / STAMP).read_text()
    marker = db.with_suffix(".stamp")
    if db.exists() and marker.exists() and marker.read_text() == stamp:
        return db
    log(f"construction de la base FTS5 {db}")
    build(db, fts5_rows(index))
    marker.write_text(stamp)
    return db


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]
