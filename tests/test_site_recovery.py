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

from bench.site import fetch, running_site
from cresi_search.vocab.taxonomy import default_taxonomy_text

CRESI_INDEX = str(Path(sys.executable).with_name("cresi-index"))
SERVER_THREADS = 4


def write_docs(corpus: Path, docs: dict[str, str]) -> None:
    for path, word in docs.items():
        target = corpus / path
        target.parent.mkdir(parents=True, exist_ok=True)
        # Each text names its own file: identical copies would be grouped as one result.
        target.write_text(f"# Note {word} ({target.stem})\n\nCompte rendu {word} au Mali, 2021, "
                          f"rédigé pour {target.stem}.\n", encoding="utf-8")


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


APICULTURE = """
[themes.apiculture]
libelle = "Apiculture et miel"
mots_cles = ["apiculture", "ruche", "miel", "apiculteur"]
"""


def test_broken_taxonomy_keeps_the_site_up_with_the_last_good_one(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (corpus / "Madagascar").mkdir(parents=True)
    (corpus / "Madagascar/Ruches.md").write_text(
        "# Apiculture : ruches et miel\n\nLes apiculteurs posent des ruches ; le miel, la ruche, "
        "l'apiculture et les apiculteurs font vivre le village. Miel, ruche, apiculture, 2019.\n",
        encoding="utf-8")
    taxonomy = corpus / "taxonomy.toml"
    taxonomy.write_text(default_taxonomy_text() + APICULTURE, encoding="utf-8")
    assert update(corpus, index).returncode == 0

    # Someone edits the vocabulary and leaves a quote open: the job refuses it, the index stays.
    taxonomy.write_text(default_taxonomy_text() + APICULTURE.replace('"Apiculture et miel"', '"Apiculture'),
                        encoding="utf-8")
    refused = update(corpus, index)
    assert refused.returncode == 78, refused.stderr

    log = tmp_path / "web.log"
    with running_site(index, corpus, log=log) as base:
        health = fetch(base, "/healthz").json()
        assert health["status"] == "degraded" and health["documents"] == 1
        assert any("taxonomy.toml" in w and "dernier vocabulaire accepté" in w for w in health["warnings"])
        themes = fetch(base, "/api/search?q=ruche").json()["facets"]["theme"]
        assert {"value": "apiculture", "label": "Apiculture et miel", "count": 1, "selected": False} in themes
        assert "Apiculture et miel" in fetch(base, "/?q=ruche").text
    assert "Vocabulaire invalide" in log.read_text(encoding="utf-8")

    # Mended: the next start is healthy again.
    taxonomy.write_text(default_taxonomy_text() + APICULTURE, encoding="utf-8")
    with running_site(index, corpus) as base:
        health = fetch(base, "/healthz").json()
        assert health["status"] == "ok" and health["warnings"] == []


def test_broken_taxonomy_without_a_kept_copy_falls_back_on_the_packaged_one(fresh):
    from conftest import make_app

    index, corpus = fresh
    (corpus / "taxonomy.toml").write_text("[themes.eau\nlibelle = 3\n", encoding="utf-8")
    health = make_app(index, corpus).test_client().get("/healthz").get_json()
    assert health["status"] == "degraded" and health["documents"] == 16
    assert "vocabulaire par défaut" in health["warnings"][0]
