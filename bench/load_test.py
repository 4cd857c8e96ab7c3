"""A bounded concurrent load on `cresi-web`, over real HTTP on 127.0.0.1.

Starts `cresi-web` on a free port (or targets `--url`), then a few threads send a mix of
requests (searches with and without filters, result pages, document pages, the API,
downloads, health) until `--requests` are done or `--seconds` have passed, whichever
comes first. Prints throughput, latency percentiles and errors; `--json` for machines.

    .venv/bin/python -m bench.load_test --index var/index --corpus corpus
    .venv/bin/python -m bench.load_test --url http://127.0.0.1:5000 --threads 8 --requests 4000
    .venv/bin/python -m bench.load_test --index var/index --corpus corpus --pathological 4

With `--pathological N`, the mix runs twice: on the idle site, then while N more threads
send costly queries (many prefixes, negations) without pause; the normal requests'
latencies are printed side by side with their ratio (busy / idle).

The server and the request helpers are in bench/site.py (the HTTP tests use them too).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from bench.site import fetch, running_site


# -- the load ----------------------------------------------------------------------------------------
QUERIES = [
    "eau", "déchets", "coopération décentralisée", "santé", "école", "budget", "jeunes", "forage",
    "Mali", "Tunisie", "Haïti", "évaluation", "cooperation", "dechets", "agricul*", "\"comité de gestion\"",
    "eau -puits", "pays:mali", "financement association", "zzzrienzzz",
]


def route(path: str) -> str:
    """The kind of request: "/" (search page), "/api/search", "/documents", "/files"…"""
    bare = path.split("?")[0]
    if bare.startswith("/api/documents/"):
        return "/api/documents"
    if bare.startswith(("/documents/", "/files/")):
        return bare.rsplit("/", 1)[0]
    return bare


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    by_route: dict[str, list[float]] = field(default_factory=dict)
    by_status: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # 5xx and transport errors
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, status: int | None, seconds: float, error: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.by_route.setdefault(route(path), []).append(seconds)
            if status is not None:
                self.by_status[status] = self.by_status.get(status, 0) + 1
            if status is None or status >= 500:
                self.errors.append(f"{status or error} {path}")


def discover(base: str) -> list[str]:
    """Document ids to ask for, from a few searches."""
    ids: list[str] = []
    for q in QUERIES[:8] + [""]:
        try:
            data = fetch(base, "/api/search?per_page=50&q=" + quote(q)).json()
        except (OSError, ValueError):
            continue
        ids += [hit["id"] for hit in data.get("results", [])]
    return sorted(set(ids)) or ["inconnu"]


def request_mix(rnd: random.Random, ids: list[str]) -> str:
    """One request path, drawn from what visitors do."""
    q = quote(rnd.choice(QUERIES))
    doc = rnd.choice(ids)
    return rnd.choices(
        [
            f"/?q={q}",
            f"/?q={q}&page=2",
            f"/api/search?q={q}",
            f"/api/search?q={q}&country=ML&per_page=20",
            f"/?q={q}&sort=date&type=rapport-projet",
            "/",
            f"/documents/{doc}?q={q}",
            f"/api/documents/{doc}",
            f"/files/{doc}",
            "/healthz",
        ],
        weights=[25, 5, 20, 8, 5, 5, 12, 8, 7, 5],
    )[0]


def load(base: str, *, threads: int = 4, requests: int = 1000, seconds: float = 60.0, seed: int = 1) -> dict:
    """Send the mix from `threads` threads; stop after `requests` or `seconds`."""
    ids = discover(base)
    stats = Stats()
    counter = iter(range(requests))
    counter_lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(n: int) -> None:
        rnd = random.Random(seed * 1000 + n)
        while time.monotonic() < deadline:
            with counter_lock:
                if next(counter, None) is None:
                    return
            path = request_mix(rnd, ids)
            t0 = time.monotonic()
            try:
                r = fetch(base, path)
                stats.add(path, r.status, r.seconds)
            except OSError as e:
                stats.add(path, None, time.monotonic() - t0, type(e).__name__)

    t0 = time.monotonic()
    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - t0
    return summary(stats, elapsed, threads)


PATHOLOGICAL = [  # each within every request limit (300 characters, prefixes of two letters)
    "co* re* pr* de* pa* in* ma* en* se* pe* fo* mo* tr* ch* di* so* -po* -sa* -ac* -me* -ca* -pl* -vi* -qu*",
    "a* b* c* d* e* f* g* h* i* j* k* l* m* n* o* p* q* r* s* t* u* v* w* x* y* z*",
    "co* OR re* OR pr* OR de* OR pa* OR in* OR ma* OR en* OR se* OR pe* OR fo* OR mo* OR tr* OR ch*",
    "zzq* -co* -re* -pr* -de* -pa* -in* -ma* -en* -se* -pe* -fo* -mo* -tr* -ch* -di* -so*",
    "\"" + " ".join(["de"] * 60) + "\"",
]


def beside_pathological(base: str, *, pathological: int, **options) -> dict:
    """The normal mix on the idle site, then again while `pathological` threads send
    PATHOLOGICAL queries; latencies of the normal requests and their ratio."""
    idle = load(base, **options)
    heavy = Stats()
    stop = threading.Event()

    def hammer(n: int) -> None:
        rnd = random.Random(n)
        while not stop.is_set():
            path = "/api/search?q=" + quote(rnd.choice(PATHOLOGICAL))
            t0 = time.monotonic()
            try:
                r = fetch(base, path, timeout=120)
                heavy.add(path, r.status, r.seconds)
            except OSError as e:
                heavy.add(path, None, time.monotonic() - t0, type(e).__name__)

    pool = [threading.Thread(target=hammer, args=(n,)) for n in range(pathological)]
    for t in pool:
        t.start()
    t0 = time.monotonic()
    busy = load(base, **options)
    stop.set()
    for t in pool:
        t.join()
    ratio = {name: round(busy["latency_ms"][name] / idle["latency_ms"][name], 1) if idle["latency_ms"][name] else None
             for name in idle["latency_ms"]}
    return {"idle": idle, "busy": busy, "ratio": ratio,
            "pathological": summary(heavy, time.monotonic() - t0, pathological)}


def print_beside(result: dict) -> None:
    idle, busy, heavy = result["idle"], result["busy"], result["pathological"]
    print(f"requêtes normales, site au repos puis à côté de {heavy['threads']} fils de requêtes coûteuses")
    print(f"{'':<10}{'au repos':>12}{'chargé':>12}{'rapport':>10}")
    for name, ratio in result["ratio"].items():
        print(f"{name:<10}{idle['latency_ms'][name]:>10} ms{busy['latency_ms'][name]:>9} ms{ratio!s:>9}×")
    print(f"{'req/s':<10}{idle['throughput_rps']:>12}{busy['throughput_rps']:>12}")
    lat = heavy["latency_ms"]
    print(f"requêtes coûteuses : {heavy['requests']}, p50 {lat['p50']} ms, max {lat['max']} ms, "
          f"erreurs {heavy['errors']}")
    print(f"erreurs des requêtes normales : {idle['errors']} au repos, {busy['errors']} chargé")


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(p / 100 * len(sorted_values)))]


def summary(stats: Stats, elapsed: float, threads: int) -> dict:
    lat = sorted(stats.latencies)
    done = len(lat)
    return {
        "threads": threads,
        "requests": done,
        "seconds": round(elapsed, 2),
        "throughput_rps": round(done / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {name: round(percentile(lat, p) * 1000, 1) for name, p in
                       (("p50", 50), ("p90", 90), ("p95", 95), ("p99", 99), ("max", 100))},
        "routes": {
            name: {"requests": len(values), "p50_ms": round(percentile(sorted(values), 50) * 1000, 1),
                   "p95_ms": round(percentile(sorted(values), 95) * 1000, 1)}
            for name, values in sorted(stats.by_route.items())
        },
        "status": dict(sorted(stats.by_status.items())),
        "errors": len(stats.errors),
        "error_samples": stats.errors[:10],
    }


def print_summary(s: dict) -> None:
    lat = s["latency_ms"]
    print(f"{s['requests']} requêtes en {s['seconds']} s avec {s['threads']} fils : {s['throughput_rps']} req/s")
    print(f"latence (ms) : p50 {lat['p50']}, p90 {lat['p90']}, p95 {lat['p95']}, p99 {lat['p99']}, max {lat['max']}")
    for name, r in s["routes"].items():
        print(f"  {name:<16} {r['requests']:>6} requêtes, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms")
    print("codes : " + ", ".join(f"{code} ×{n}" for code, n in s["status"].items()))
    print(f"erreurs (5xx ou transport) : {s['errors']}" + "".join(f"\n  {e}" for e in s["error_samples"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running site; otherwise cresi-web is started on a free port")
    parser.add_argument("--index", type=Path, help="index folder for the started server")
    parser.add_argument("--corpus", type=Path, help="corpus folder for the started server")
    parser.add_argument("--server-threads", type=int, default=4, help="cresi-web --threads")
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--requests", type=int, default=2000, help="stop after this many requests")
    parser.add_argument("--seconds", type=float, default=60.0, help="stop after this many seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pathological", type=int, default=0, metavar="N",
                        help="also measure beside N threads of costly queries (ratio to the idle site)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    options = {"threads": args.threads, "requests": args.requests, "seconds": args.seconds, "seed": args.seed}

    def measure(base: str) -> dict:
        if args.pathological:
            return beside_pathological(base, pathological=args.pathological, **options)
        return load(base, **options)

    if args.url:
        result = measure(args.url)
    else:
        if not (args.index and args.corpus):
            parser.error("--url, or --index and --corpus to start cresi-web")
        with running_site(args.index, args.corpus, threads=args.server_threads) as base:
            result = measure(base)
        result["server_threads"] = args.server_threads
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif args.pathological:
        print_beside(result)
    else:
        print_summary(result)
    errors = result["busy"]["errors"] + result["idle"]["errors"] if args.pathological else result["errors"]
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
