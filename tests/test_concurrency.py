"""The site keeps answering while the nightly job rewrites the index under it.

Real processes only: `cresi-web` on 127.0.0.1, and a thread that runs `cresi-index`
(full rebuilds and incremental updates, with files added, changed and deleted between
runs) while client threads send a stream of real HTTP requests. No request may get a 5xx
or fail; a query that has answers never gets an empty result page; a document that is
never touched is always there, and its file downloadable.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.site import fetch, running_site
from tests.filemakers import make_docx, make_pdf

pytestmark = pytest.mark.slow
CRESI_INDEX = str(Path(sys.executable).with_name("cresi-index"))
COUNTRIES = ["Mali", "Sénégal", "Haïti", "Tunisie"]
MIN_REQUESTS, MAX_REQUESTS, MAX_SECONDS = 400, 3000, 150
CLIENT_THREADS = 4


def write_document(root: Path, n: int, extra: str = "") -> Path:
    """Document n: always about water (« eau »), each with a word of its own."""
    country = COUNTRIES[n % len(COUNTRIES)]
    text = f"Rapport {n} : accès à l'eau potable au {country}, coopération décentralisée, mot{n}unique. {extra}"
    if n % 3 == 0:
        return make_pdf(root / country / f"rapport-{n:02d}.pdf", [text, f"Suite du rapport {n}."], title=f"Rapport {n} sur l'eau")
    if n % 3 == 1:
        return make_docx(root / country / f"compte-rendu-{n:02d}.docx", f"Compte rendu {n}", [text])
    path = root / country / f"fiche-{n:02d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Fiche {n}\n\n{text}\n", encoding="utf-8")
    return path


def cresi_index(corpus: Path, index: Path, *args: str) -> None:
    out = subprocess.run([CRESI_INDEX, "update", "--corpus", str(corpus), "--index", str(index), *args],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]


STABLE = range(0, 24)  # never changed nor deleted
CHURN = range(24, 36)  # changed, deleted and recreated between runs


def test_site_answers_while_the_index_is_rebuilt_and_updated(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    paths = {n: write_document(corpus, n) for n in [*STABLE, *CHURN]}
    cresi_index(corpus, index)

    def nightly_jobs() -> None:
        rnd = random.Random(3)
        for step, args in enumerate([("--full",), (), (), ("--full",), (), ()]):
            for n in rnd.sample(list(CHURN), 4):  # changes between runs
                if paths[n].exists() and rnd.random() < 0.4:
                    paths[n].unlink()
                else:
                    paths[n] = write_document(corpus, n, extra=f"Version {step} du document.")
            cresi_index(corpus, index, *args, "--workers", "1")

    with running_site(index, corpus, log=tmp_path / "web.log") as base:
        stable_ids = stable_documents(base)
        errors: list[str] = []
        empty: list[str] = []
        generations: set[str] = set()
        count = {"n": 0}
        lock = threading.Lock()
        jobs_error: list[BaseException] = []

        def run_jobs() -> None:
            try:
                nightly_jobs()
            except BaseException as e:  # reported after the requests
                jobs_error.append(e)

        jobs = threading.Thread(target=run_jobs)
        t0 = time.monotonic()
        jobs.start()

        def client(k: int) -> None:
            rnd = random.Random(k)
            while True:
                with lock:
                    n = count["n"]
                    done = n >= MAX_REQUESTS or time.monotonic() - t0 > MAX_SECONDS
                    if done or (n >= MIN_REQUESTS and not jobs.is_alive()):
                        return
                    count["n"] += 1
                path, check = next_request(rnd, stable_ids)
                try:
                    r = fetch(base, path)
                except OSError as e:
                    with lock:
                        errors.append(f"{type(e).__name__} {path}")
                    continue
                with lock:
                    if r.status >= 500:
                        errors.append(f"{r.status} {path}")
                    elif not check(r):
                        empty.append(f"{r.status} {path}")
                    if path == "/healthz" and r.status == 200:
                        generations.add(r.json()["generation"])

        clients = [threading.Thread(target=client, args=(k,)) for k in range(CLIENT_THREADS)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        jobs.join()
        print(f"\n{count['n']} requests in {time.monotonic() - t0:.1f} s, generations seen: {sorted(generations)}")
        assert not jobs_error, jobs_error
        assert count["n"] >= MIN_REQUESTS
        assert errors == [], errors[:20]
        assert empty == [], empty[:20]
        assert len(generations) >= 3, f"the site saw only {generations}: the jobs did not overlap the requests"
        # Afterwards the site shows exactly what the corpus holds.
        present = sum(1 for p in paths.values() if p.exists())
        assert fetch(base, "/healthz").json()["documents"] == present


def stable_documents(base: str) -> dict[int, str]:
    """Id of each stable document, found by its own word."""
    ids = {}
    for n in STABLE:
        hits = fetch(base, f"/api/search?q=mot{n}unique").json()["results"]
        assert len(hits) == 1, n
        ids[n] = hits[0]["id"]
    return ids


def next_request(rnd: random.Random, stable_ids: dict[int, str]):
    """A request path and a check of its answer (besides "no 5xx")."""
    n = rnd.choice(list(STABLE))
    doc = stable_ids[n]
    choices = [
        (f"/?q={quote('eau potable')}", lambda r: r.status == 200 and 'data-testid="result"' in r.text),
        ("/api/search?q=eau", lambda r: r.status == 200 and r.json()["total"] >= len(STABLE) and r.json()["results"]),
        (f"/api/search?q=coop%C3%A9ration&country=ML", lambda r: r.status == 200 and r.json()["results"]),
        (f"/api/search?q=mot{n}unique", lambda r: r.status == 200 and [h["id"] for h in r.json()["results"]] == [doc]),
        (f"/?q=eau&page=2", lambda r: r.status == 200 and 'data-testid="result"' in r.text),
        (f"/documents/{doc}?q=eau", lambda r: r.status == 200),
        (f"/api/documents/{doc}", lambda r: r.status == 200 and r.json()["id"] == doc),
        (f"/files/{doc}", lambda r: r.status == 200 and len(r.body) > 0),
        ("/healthz", lambda r: r.status == 200),
        ("/?q=zzzaucunresultatzzz", lambda r: r.status == 200),
    ]
    return rnd.choices(choices, weights=[20, 20, 10, 10, 5, 10, 8, 7, 8, 2])[0]
