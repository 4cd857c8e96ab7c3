"""The site after what operators do to its folders, over real HTTP: `cresi-web` runs as a
subprocess on 127.0.0.1 while the real `cresi-index` rebuilds a deleted index folder, and
while the corpus's `taxonomy.toml` is broken.

- an index folder deleted and built again (same generation name, same commit number) is
  seen by every server thread at once, with facet data of the new index;
- a bad `taxonomy.toml` neither stops the site from starting nor changes what it serves:
  the last taxonomy the job accepted is used, and /healthz and the log say so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

from bench.load_test import fetch, running_site

CRESI_INDEX = str(Path(sys.executable).with_name("cresi-index"))
SERVER_THREADS = 4


def write_docs(corpus: Path, docs: dict[str, str]) -> None:
    for path, word in docs.items():
        target = corpus / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# Note {word}\n\nCompte rendu {word} au Mali, 2021.\n", encoding="utf-8")


def update(corpus: Path, index: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([CRESI_INDEX, "update", "--corpus", str(corpus), "--index", str(index), *extra],
                          capture_output=True, text=True, timeout=120)


def many(base: str, paths: list[str]) -> list:
    """The requests sent four at a time, so that every server thread answers some."""
    with ThreadPoolExecutor(SERVER_THREADS) as pool:
        return list(pool.map(lambda p: fetch(base, p), paths))


def test_index_folder_deleted_and_rebuilt_is_seen_by_every_thread(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write_docs(corpus, {"Mali/ancien.md": "zorblanc", "Mali/commun.md": "quivalor"})
    assert update(corpus, index).returncode == 0
    with running_site(index, corpus, threads=SERVER_THREADS) as base:
        before = fetch(base, "/healthz").json()
        name = (index / "CURRENT").read_text()
        warm = many(base, ["/api/search?q=zorblanc"] * 24)
        assert all(r.json()["total"] == 1 for r in warm), "the old document is found before"

        # The operator deletes the index folder; the corpus changes; the job builds again.
        shutil.rmtree(index)
        (corpus / "Mali/ancien.md").unlink()
        write_docs(corpus, {"Mali/nouveau.md": "vertipli", "Mali/autre.md": "vertipli"})
        out = update(corpus, index)
        assert out.returncode == 0, out.stderr
        assert (index / "CURRENT").read_text() == name, "the rebuilt index reuses the generation name"

        after = many(base, ["/healthz"] * 24)
        assert {r.json()["generation"] for r in after} != {before["generation"]}
        assert all(r.json()["documents"] == 3 for r in after), [r.json() for r in after]
        for q, expected in (("zorblanc", 0), ("vertipli", 2), ("", 3)):
            for r in many(base, [f"/api/search?q={quote(q)}"] * 24):
                data = r.json()
                assert data["total"] == expected, (q, data["total"])
                countries = {v["value"]: v["count"] for v in data["facets"]["country"]}
                assert countries.get("ML", 0) == expected, (q, countries)
