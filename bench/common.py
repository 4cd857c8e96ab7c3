"""Small helpers shared by the benchmarks: paths, figures, code snapshots, machine load."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"  # git-ignored
PYTHON = sys.executable
SNAPSHOT_PACKAGES = ("cresi_search", "indexer", "search_app")


class Figures:
    """Named results, printed last as `name: value` lines and optionally saved as JSON."""

    def __init__(self, benchmark: str) -> None:
        self.values: dict[str, object] = {"benchmark": benchmark, **machine()}

    def add(self, name: str, value: object) -> object:
        if isinstance(value, float):
            value = round(value, 4)
        self.values[name] = value
        return value

    def report(self, json_path: str | None = None) -> None:
        self.values["load_avg_1min_end"] = round(os.getloadavg()[0], 2)
        print()
        for name, value in self.values.items():
            print(f"{name}: {value}")
        if json_path:
            Path(json_path).write_text(json.dumps(self.values, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def machine() -> dict[str, object]:
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_avg_1min": round(os.getloadavg()[0], 2),
    }


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def code_hash() -> str:
    """A short hash of the code under test (SNAPSHOT_PACKAGES, with their data)."""
    h = hashlib.sha1()
    for package in SNAPSHOT_PACKAGES:
        for path in sorted((REPO / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(REPO).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


def snapshot_code() -> Path:
    """A frozen copy of the code under test, for one benchmark run.

    Other people edit the tree while a benchmark runs for minutes; every step of a run
    imports the code from this copy (put it first on sys.path, or run with it as the
    working directory and `subprocess_env()`), so all steps measure the same code.
    """
    digest = code_hash()
    target = OUT / "code" / digest
    if not target.is_dir():
        tmp = target.with_name(f"{digest}.tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        for package in SNAPSHOT_PACKAGES:
            shutil.copytree(REPO / package, tmp / package, ignore=shutil.ignore_patterns("__pycache__"))
        tmp.rename(target)
    return target


def subprocess_env() -> dict[str, str]:
    """Environment for a step run with a snapshot as working directory: bench/ importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def machine_busy_s() -> float:
    """CPU seconds spent so far by every process of the machine (from /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return float("nan")
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def folder_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1024 / 1024


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"
