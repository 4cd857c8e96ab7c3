"""Incremental indexing on real files: add, modify, rename, delete, touch, rebuild."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from indexer.config import Settings
from cresi_search.index.store import IndexStore
from indexer.update import run
from tests.filemakers import make_docx, make_pdf, make_slow_pdf


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    make_pdf(
        root / "Mali/Rapport forages Douentza 2009.pdf",
        ["Rapport de mission : forages a Douentza, Mali, 2009.", "Comites de gestion de l'eau."],
        title="Mission eau Douentza",
    )
    make_docx(root / "Tunisie/Tri des déchets Sfax.docx", "Tri des déchets à Sfax", ["Collecte sélective des ordures ménagères en Tunisie, 2015."])
    (root / "Guides").mkdir(parents=True)
    (root / "Guides/fiche-budget.md").write_text("# Fiche budget\n\nPréparer le budget prévisionnel d'un projet, 2020.\n", encoding="utf-8")
    return root


def settings_for(corpus: Path, **kw) -> Settings:
    return Settings(corpus=corpus, index=corpus.parent / "index", workers=2, **kw)


def bump_mtime(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_first_run_indexes_every_file_and_second_run_opens_none(corpus):
    first = run(settings_for(corpus))
    assert sorted(first.added) == [
        "Guides/fiche-budget.md",
        "Mali/Rapport forages Douentza 2009.pdf",
        "Tunisie/Tri des déchets Sfax.docx",
    ]
    assert first.extracted == 3 and first.documents == 3 and not first.skipped

    second = run(settings_for(corpus))
    assert second.unchanged == 3
    assert (second.added, second.updated, second.removed, second.extracted, second.reused) == ([], [], [], 0, 0)


def test_modified_file_is_extracted_again(corpus):
    run(settings_for(corpus))
    note = corpus / "Guides/fiche-budget.md"
    note.write_text("# Fiche budget\n\nUn tableau de trésorerie mensuel, 2021.\n", encoding="utf-8")
    bump_mtime(note)
    report = run(settings_for(corpus))
    assert report.updated == ["Guides/fiche-budget.md"]
    assert report.extracted == 1 and report.unchanged == 2


def test_touched_file_is_not_extracted_again(corpus):
    run(settings_for(corpus))
    bump_mtime(corpus / "Mali/Rapport forages Douentza 2009.pdf")
    report = run(settings_for(corpus))
    assert report.extracted == 0 and report.updated == [] and report.unchanged == 3
    # The new modification time is stored: the next run does not even hash the file.
    assert run(settings_for(corpus)).unchanged == 3


def test_renamed_file_reuses_its_extraction(corpus):
    run(settings_for(corpus))
    old = corpus / "Tunisie/Tri des déchets Sfax.docx"
    old.rename(corpus / "Tunisie/Déchets Sfax 2015.docx")
    report = run(settings_for(corpus))
    assert report.added == ["Tunisie/Déchets Sfax 2015.docx"]
    assert report.removed == ["Tunisie/Tri des déchets Sfax.docx"]
    assert report.extracted == 0 and report.reused == 1
    paths = set(IndexStore(corpus.parent / "index").stored_documents())
    assert "Tunisie/Déchets Sfax 2015.docx" in paths and "Tunisie/Tri des déchets Sfax.docx" not in paths


def test_deleted_file_leaves_the_index(corpus):
    run(settings_for(corpus))
    (corpus / "Guides/fiche-budget.md").unlink()
    report = run(settings_for(corpus))
    assert report.removed == ["Guides/fiche-budget.md"] and report.documents == 2


def test_full_rebuild_swaps_in_a_new_generation(corpus):
    run(settings_for(corpus))
    store = IndexStore(corpus.parent / "index")
    before = store.current_name()
    report = run(settings_for(corpus), full=True)
    assert store.current_name() != before
    assert (store.root / before).is_dir(), "the previous generation stays for open searchers"
    assert report.documents == 3 and report.extracted == 0, "a rebuild reuses cached extraction"
    assert not list(store.root.glob("build-*"))


def test_unsupported_and_broken_files_are_reported_not_fatal(corpus):
    (corpus / "ancien.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word file")
    (corpus / "faux.pdf").write_text("pas un pdf", encoding="utf-8")
    (corpus / "~$verrou.docx").write_bytes(b"lock")
    report = run(settings_for(corpus))
    reasons = {s["path"]: s["reason"] for s in report.skipped}
    assert set(reasons) == {"ancien.doc", "faux.pdf"}
    assert all(reasons.values())
    assert report.documents == 3


def test_known_failure_is_not_read_again_until_the_file_changes(corpus):
    bad = corpus / "faux.pdf"
    bad.write_text("pas un pdf", encoding="utf-8")
    run(settings_for(corpus))
    again = run(settings_for(corpus))
    assert [s["path"] for s in again.skipped] == ["faux.pdf"] and again.extracted == 0
    assert run(settings_for(corpus), retry_failed=True).extracted == 1


def test_slow_file_hits_the_time_limit_and_the_rest_is_indexed(corpus):
    make_slow_pdf(corpus / "annexe-interminable.pdf", operations=2_000_000)
    t0 = time.monotonic()
    report = run(settings_for(corpus, timeout_s=2.0))
    assert time.monotonic() - t0 < 60
    reasons = {s["path"]: s["reason"] for s in report.skipped}
    assert "délai dépassé" in reasons["annexe-interminable.pdf"]
    assert report.documents == 3


def test_symlink_outside_the_corpus_is_not_followed(corpus, tmp_path):
    secret = make_docx(tmp_path / "secret/secret.docx", "Secret", ["hors du corpus"])
    (corpus / "lien.docx").symlink_to(secret)
    (corpus / "dossier-lien").symlink_to(secret.parent, target_is_directory=True)
    report = run(settings_for(corpus))
    assert {s["path"] for s in report.skipped} == {"lien.docx", "dossier-lien"}
    assert report.documents == 3


def test_index_built_by_another_analysis_version_is_rebuilt(corpus):
    run(settings_for(corpus))
    store = IndexStore(corpus.parent / "index")
    (store.current_path() / "analysis-version").write_text("1")  # as an older release left it
    assert store.is_outdated()
    report = run(settings_for(corpus))
    assert report.mode == "full" and report.documents == 3
    assert report.extracted == 0, "rebuilt from the extraction cache"
    assert not store.is_outdated()
    assert run(settings_for(corpus)).mode == "update"


def test_index_written_before_a_field_existed_is_rebuilt(corpus):
    """A generation made by a release whose schema lacked a field (here former_ids, the
    ids of renamed files) cannot take today's documents: the job rebuilds it once."""
    from whoosh import index as whoosh_index

    from cresi_search.index.schema import build_schema

    run(settings_for(corpus))
    store = IndexStore(corpus.parent / "index")
    older = build_schema()
    older.remove("former_ids")
    folder = store.root / "gen-000009"
    folder.mkdir()
    whoosh_index.create_in(str(folder), older)
    (folder / "analysis-version").write_text((store.current_path() / "analysis-version").read_text())
    (store.root / "CURRENT").write_text("gen-000009")
    assert store.is_outdated()
    report = run(settings_for(corpus))
    assert report.mode == "full" and report.documents == 3 and report.extracted == 0
    assert not store.is_outdated() and "former_ids" in store.open().schema.names()


def test_first_run_builds_one_segment_then_updates_commit_in_batches(corpus, monkeypatch):
    """A first index written in batches would keep one segment per batch, each slowing
    every search: the first run is a rebuild, committed once."""
    import indexer.update

    monkeypatch.setattr(indexer.update, "COMMIT_EVERY_DOCS", 1)
    first = run(settings_for(corpus))
    assert first.mode == "full" and first.documents == 3
    store = IndexStore(corpus.parent / "index")
    assert len(store.open()._segments()) == 1
    for n in range(3):
        (corpus / f"ajout-{n}.md").write_text(f"# Ajout {n}\n\nUne note de plus, 2021.\n", encoding="utf-8")
    second = run(settings_for(corpus))
    assert second.mode == "update" and len(second.added) == 3
    assert len(store.open()._segments()) > 1  # committed one by one: a kill keeps each


def test_damaged_cache_entry_means_the_file_is_read_again(corpus):
    run(settings_for(corpus))
    for entry in (corpus.parent / "index/cache").glob("*/*"):
        entry.write_bytes(b"not a pickle")  # a disk error, a half-written entry of an old release
    bump_mtime(corpus / "Mali/Rapport forages Douentza 2009.pdf")
    touched = run(settings_for(corpus))
    assert touched.extracted == 1 and touched.updated == ["Mali/Rapport forages Douentza 2009.pdf"]
    rebuilt = run(settings_for(corpus), full=True)  # the PDF's entry was written again just now
    assert (rebuilt.extracted, rebuilt.reused, rebuilt.documents) == (2, 1, 3)
