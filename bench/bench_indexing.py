"""Indexing speed on one synthetic corpus, every figure measured in the same run.

    .venv/bin/python bench/bench_indexing.py --docs 2000 [--seed 1] [--json FILE] [--profile]

Steps, each in a process of its own (bench/phases.py), on the same files:
  1. pure extraction of every file on 1 process, then on 2 (the physical limit);
  2. full build with workers=1, then workers=2, each into a fresh index folder;
  3. full build again into the workers=2 folder: extractions come from the cache, so
     this is the cost of everything but extraction (metadata, Whoosh writing, merge);
     with step 1 on one process, it gives the time of one process doing all in turn;
  4. no-op update on the unchanged corpus;
  5. update after 1 % of the files got new text.
The corpus is hard-linked into bench/out/work-N-sS/ so the cached corpus stays intact.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    OUT, PYTHON, Figures, folder_size_mb, log, machine_busy_s, ratio, snapshot_code, subprocess_env, verdict,
)
from bench.make_corpus import default_dir, ensure_corpus, rewrite  # noqa: E402
from bench.profiling import top_functions  # noqa: E402

TARGETS = {
    "build_w2_vs_serial": 0.6,
    "build_w2_vs_w1": 0.6,
    "build_w2_vs_extract_2p": 1.3,
    "noop_vs_build": 0.02,
    "change_1pct_vs_build": 0.05,
}


def phase(code: Path, *args: str) -> dict:
    """Run one step of bench/phases.py on the code in `code` and return what it measured.

    `others_cores` is how many cores other processes of the machine kept busy on average
    meanwhile: on a shared machine, a step measured while it is high is slowed down.
    """
    cmd = [PYTHON, "-m", "bench.phases", *args]
    busy, start = machine_busy_s(), time.perf_counter()
    done = subprocess.run(cmd, cwd=code, env=subprocess_env(), capture_output=True, text=True)
    busy, wall = machine_busy_s() - busy, time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"échec de {' '.join(args)} :\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["others_cores"] = max(0.0, (busy - result["cpu_self_s"] - result["cpu_children_s"]) / wall)
    return result


def link_copy(source: Path, target: Path) -> None:
    """A copy of `source` made of hard links (rewritten files get new inodes)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, copy_function=os.link)


def warm_page_cache(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            path.read_bytes()


def generation_size_mb(index_dir: Path) -> float:
    current = (index_dir / "CURRENT").read_text().strip()
    return folder_size_mb(index_dir / current)


@dataclass
class Steps:
    """What each step measured (bench/phases.py), and the sizes found on the way."""

    results: dict[str, dict]  # step name -> its figures, in the order they ran
    index_mb: float
    cache_mb: float
    changed: int  # files given new text before the last update


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Vitesse de l'indexation")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="écrire les chiffres dans ce fichier JSON")
    parser.add_argument("--profile", action="store_true", help="profiler (cProfile) le processus principal des builds")
    parser.add_argument("--code", type=Path, help="mesurer cette copie modifiée du code (dossier contenant cresi_search/, indexer/, search_app/)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    code = args.code.resolve() if args.code else snapshot_code()
    log(f"code mesuré : {code}")
    manifest = ensure_corpus(args.docs, seed=args.seed)
    work = OUT / f"work-{args.docs}-s{args.seed}"
    corpus = work / "corpus"
    link_copy(default_dir(args.docs, args.seed) / "corpus", corpus)
    warm_page_cache(corpus)
    fig = Figures("indexing")
    fig.add("code", code.name)
    for name, value in manifest["totals"].items():
        fig.add(f"corpus_{name}", value)
    steps = run_steps(code, work, corpus, args.docs, args.seed, args.profile)
    if args.profile:
        for name in ("build-w2", "build-cached", "update-1pct"):
            print(f"\n== cProfile, processus principal : {name} (tottime)")
            print(top_functions(str(work / f"{name}.pstats"), "tottime", 25))
    add_figures(fig, steps)
    fig.report(args.json)


def run_steps(code: Path, work: Path, corpus: Path, docs: int, seed: int, profiling: bool) -> Steps:
    """The steps of the module docstring, in that order."""

    def index_step(index: Path, workers: int, *extra: str, profile_as: str = "") -> dict:
        args = ["--profile", str(work / f"{profile_as}.pstats")] if profiling and profile_as else []
        return phase(code, "index", "--corpus", str(corpus), "--index", str(index),
                     "--workers", str(workers), *extra, *args)

    results = {}
    for processes in (1, 2):
        log(f"extraction pure, {processes} processus")
        results[f"extract_{processes}p"] = phase(code, "extract", "--corpus", str(corpus), "--processes", str(processes))
    for workers in (1, 2):
        shutil.rmtree(work / f"index-w{workers}", ignore_errors=True)
        log(f"build complet, workers={workers}")
        results[f"build_w{workers}"] = index_step(work / f"index-w{workers}", workers, "--full",
                                                  profile_as=f"build-w{workers}")
    index = work / "index-w2"
    index_mb, cache_mb = generation_size_mb(index), folder_size_mb(index / "cache")
    log("build complet, extractions en cache")
    results["build_cached"] = index_step(index, 2, "--full", profile_as="build-cached")
    log("mise à jour sans changement")
    results["noop_update"] = index_step(index, 2)
    changed = max(1, docs // 100)
    rewrite(corpus, seed, sorted(random.Random(f"change:{seed}").sample(range(docs), changed)), variant=1)
    log(f"mise à jour après {changed} fichiers modifiés")
    results["change_1pct_update"] = index_step(index, 2, profile_as="update-1pct")
    return Steps(results, index_mb, cache_mb, changed)


def add_figures(fig: Figures, steps: Steps) -> None:
    results = steps.results
    for name, step in results.items():
        for figure, key in (("s", "seconds"), ("cpu_main_s", "cpu_self_s"), ("cpu_children_s", "cpu_children_s"),
                            ("peak_main_mb", "peak_self_mb"), ("peak_child_mb", "peak_children_mb"),
                            ("others_cores", "others_cores")):
            fig.add(f"{name}_{figure}", step[key])
        if "counts" in step:
            fig.add(f"{name}_counts", step["counts"])
    e1, e2, cached = results["extract_1p"], results["extract_2p"], results["build_cached"]
    fig.add("extract_pages", e1["pages"])
    fig.add("extract_errors", e1["errors"])
    fig.add("extract_pages_per_cpu_s", e1["pages"] / e1["cpu_children_s"])
    fig.add("extract_2p_speedup", ratio(e1["seconds"], e2["seconds"]))
    fig.add("change_1pct_files", steps.changed)
    fig.add("index_size_mb", steps.index_mb)
    fig.add("extraction_cache_mb", steps.cache_mb)
    fig.add("peak_memory_mb", max(max(s["peak_self_mb"], s["peak_children_mb"]) for s in results.values()))

    b1, b2 = results["build_w1"]["seconds"], results["build_w2"]["seconds"]
    # What one process doing everything in turn would take: extraction on one process,
    # then the build from the cache (both measured above). Since the pool extracts while
    # the job writes, `--workers 1` already runs on two cores and is no longer that.
    serial = e1["seconds"] + cached["seconds"]
    fig.add("build_serial_s", serial)
    checks = {
        "build_w2_vs_serial": ratio(b2, serial),
        "build_w2_vs_w1": ratio(b2, b1),
        "build_w2_vs_extract_2p": ratio(b2, e2["seconds"]),
        "noop_vs_build": ratio(results["noop_update"]["seconds"], b2),
        "change_1pct_vs_build": ratio(results["change_1pct_update"]["seconds"], b2),
    }
    for name, value in checks.items():
        target = TARGETS[name]
        fig.add(name, value)
        fig.add(f"{name}_target", f"<= {target} {verdict(value <= target)}")


if __name__ == "__main__":
    main()
