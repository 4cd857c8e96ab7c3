"""One measured step of the indexing benchmark, run in a process of its own.

    python -m bench.phases extract --corpus DIR --processes 2
    python -m bench.phases index --corpus DIR --index DIR --workers 2 [--full] [--profile FILE]

A process per step gives each step its own peak memory (ru_maxrss of the process and of
its largest child) and CPU time. The step prints one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import multiprocessing as mp
import resource
import time
from pathlib import Path


def _extract_one(path: Path) -> tuple[int, int, str]:
    from indexer.extract import ExtractionError, extract

    try:
        extracted = extract(path)
    except ExtractionError as e:
        return 0, 0, e.reason
    return len(extracted.pages), sum(len(p) for p in extracted.pages), ""


def extract_all(corpus: Path, processes: int) -> dict:
    """Extract every file of the corpus on a pool of processes; nothing else."""
    from indexer.scan import scan_corpus

    found, _ = scan_corpus(corpus)
    paths = [f.abspath for f in found]
    pages = chars = 0
    errors: list[str] = []
    with mp.get_context("spawn").Pool(processes) as pool:
        for n_pages, n_chars, error in pool.imap_unordered(_extract_one, paths, chunksize=1):
            pages += n_pages
            chars += n_chars
            if error:
                errors.append(error)
    return {"files": len(paths), "pages": pages, "chars": chars, "errors": len(errors), "error_sample": errors[:3]}


def index(corpus: Path, index_dir: Path, workers: int, full: bool, profile: str | None) -> dict:
    """One `indexer.update.run`, as `cresi-index update [--full]` does it."""
    from indexer.config import Settings
    from indexer.update import run

    settings = Settings(corpus=corpus, index=index_dir, workers=workers)
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    report = run(settings, full=full)
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    out = report.to_dict()
    return {"counts": out["counts"], "documents": out["documents"], "skipped_sample": out["skipped"][:3]}


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("extract", "index"))
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--profile")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.step == "extract":
        result = extract_all(args.corpus, args.processes)
    else:
        result = index(args.corpus, args.index, args.workers, args.full, args.profile)
    result["seconds"] = time.perf_counter() - start
    import indexer

    result["code"] = str(Path(indexer.__file__).parent.parent)  # which copy of the code ran
    result["cpu_self_s"] = _cpu_seconds(resource.RUSAGE_SELF)
    result["cpu_children_s"] = _cpu_seconds(resource.RUSAGE_CHILDREN)
    result["peak_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["peak_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
