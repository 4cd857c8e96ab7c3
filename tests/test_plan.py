"""The plan of an indexing run, decided from plain data: no file, no index.

Each test states what the index holds, what the scan found and what the hashes are,
and checks what the plan does with each file. `tests/test_update.py` checks the same
rules end to end on real files.
"""

from __future__ import annotations

from pathlib import Path

from cresi_search.index.store import StoredDocument
from cresi_search.records import Fingerprint
from indexer.plan import Action, files_to_hash, make_plan
from indexer.scan import FoundFile

VERSION = 7
MAX_BYTES = 2 * 1024 * 1024
SIG = "sig-1"


def found(path: str, size: int = 100, mtime: int = 1) -> FoundFile:
    return FoundFile(path, Path("/corpus") / path, size, mtime)


def stored(path: str, sha: str, size: int = 100, mtime: int = 1, signature: str = SIG,
           former: tuple[str, ...] = ()) -> StoredDocument:
    return StoredDocument(id=f"id-{path}", path=path, fingerprint=Fingerprint(size, mtime, sha), signature=signature,
                          former_ids=former)


def plan_for(files, docs=(), hashes=None, *, cached=(), failures=None, kept=(), signatures=None,
             unreadable=None, retry_failed=False, reread=(), rebuild=False):
    """The plan, with every file `files_to_hash` names hashed from `hashes` (path -> sha);
    `rebuild`: `docs` is the live index a full rebuild replaces."""
    live = {d.path: d for d in docs}
    stored_docs = {} if rebuild else live
    sigs = {f.relpath: SIG for f in files} | (signatures or {})
    unreadable = unreadable or {}
    asked = files_to_hash(files, stored_docs, sigs, set(reread), max_bytes=MAX_BYTES)
    computed = {f.relpath: (hashes or {})[f.relpath] for f in asked if f.relpath not in unreadable}
    plan = make_plan(files, stored_docs, sigs, set(reread), computed, unreadable, set(cached), failures or {}, list(kept),
                     retry_failed=retry_failed, max_bytes=MAX_BYTES, extractor_version=VERSION, previous=live)
    return plan, {f.relpath for f in asked}


def actions(plan) -> dict[str, Action]:
    return {d.path: d.action for d in plan.decisions}


def test_unchanged_file_is_neither_hashed_nor_touched():
    plan, asked = plan_for([found("a.pdf")], [stored("a.pdf", "aaa")])
    assert asked == set()
    assert actions(plan) == {"a.pdf": Action.UNCHANGED}
    assert plan.remove == () and plan.keep_hashes == {"aaa"}


def test_unchanged_file_with_pages_awaiting_ocr_is_read_again():
    plan, asked = plan_for([found("scan.pdf")], [stored("scan.pdf", "sss")], {"scan.pdf": "sss"},
                           cached={"sss"}, reread={"scan.pdf"})
    assert asked == {"scan.pdf"}
    (decision,) = plan.decisions
    assert decision.action is Action.TOUCH, "its cached extraction is looked at, then refused by OCR"


def test_new_file_is_extracted_and_counts_as_an_addition():
    plan, asked = plan_for([found("new.md")], hashes={"new.md": "nnn"})
    assert asked == {"new.md"}
    (decision,) = plan.decisions
    assert decision.action is Action.EXTRACT and not decision.replaces
    assert decision.fingerprint == Fingerprint(100, 1, "nnn")
    assert plan.keep_hashes == {"nnn"}


def test_changed_file_is_extracted_as_an_update():
    plan, asked = plan_for([found("a.pdf", size=120, mtime=2)], [stored("a.pdf", "old")], {"a.pdf": "new"},
                           cached={"old"})
    (decision,) = plan.decisions
    assert asked == {"a.pdf"}
    assert decision.action is Action.EXTRACT and decision.replaces
    assert plan.keep_hashes == {"new"}, "the old content's cache entry is pruned"


def test_touched_file_refreshes_its_fingerprint_from_the_cache():
    plan, _ = plan_for([found("a.pdf", mtime=9)], [stored("a.pdf", "aaa")], {"a.pdf": "aaa"}, cached={"aaa"})
    (decision,) = plan.decisions
    assert decision.action is Action.TOUCH and decision.fingerprint == Fingerprint(100, 9, "aaa")


def test_touched_file_without_a_cache_entry_is_read_again():
    plan, _ = plan_for([found("a.pdf", mtime=9)], [stored("a.pdf", "aaa")], {"a.pdf": "aaa"})
    assert actions(plan) == {"a.pdf": Action.EXTRACT}


def test_renamed_file_reuses_its_extraction_and_the_old_path_is_removed():
    old = stored("Tunisie/ancien nom.docx", "ddd")
    plan, _ = plan_for([found("Tunisie/nouveau nom.docx", mtime=5)], [old],
                       {"Tunisie/nouveau nom.docx": "ddd"}, cached={"ddd"})
    (decision,) = plan.decisions
    assert decision.action is Action.REUSE and not decision.replaces
    assert plan.remove == (old,)
    assert plan.keep_hashes == {"ddd"}


def former(plan) -> dict[str, tuple[str, ...]]:
    return {d.path: d.former_ids for d in plan.decisions}


def test_renamed_file_keeps_the_old_id_as_a_former_one():
    old = stored("Mali/ancien.pdf", "ddd")
    plan, _ = plan_for([found("Mali/nouveau.pdf"), found("Mali/autre.pdf")], [old],
                       {"Mali/nouveau.pdf": "ddd", "Mali/autre.pdf": "eee"}, cached={"ddd"})
    assert former(plan) == {"Mali/nouveau.pdf": ("id-Mali/ancien.pdf",), "Mali/autre.pdf": ()}


def test_renamed_twice_keeps_every_former_id_oldest_first():
    once = stored("b.pdf", "ddd", former=("id-a.pdf",))
    plan, _ = plan_for([found("c.pdf", mtime=3)], [once], {"c.pdf": "ddd"}, cached={"ddd"})
    assert former(plan) == {"c.pdf": ("id-a.pdf", "id-b.pdf")}


def test_a_document_written_again_at_its_path_keeps_its_former_ids():
    moved = stored("b.pdf", "ddd", former=("id-a.pdf",))
    plan, _ = plan_for([found("b.pdf", size=120, mtime=2)], [moved], {"b.pdf": "new"})
    assert actions(plan) == {"b.pdf": Action.EXTRACT}
    assert former(plan) == {"b.pdf": ("id-a.pdf",)}


def test_a_copy_takes_no_former_id_and_two_copies_of_a_gone_file_only_the_first():
    kept_file = stored("a.pdf", "ddd")
    plan, _ = plan_for([found("a.pdf"), found("copie.pdf", mtime=4)], [kept_file], {"copie.pdf": "ddd"},
                       cached={"ddd"})
    assert former(plan) == {"a.pdf": (), "copie.pdf": ()}, "a.pdf is still there: a copy"
    gone = stored("z.pdf", "ddd")
    plan, _ = plan_for([found("x.pdf", mtime=4), found("y.pdf", mtime=4)], [gone],
                       {"x.pdf": "ddd", "y.pdf": "ddd"}, cached={"ddd"})
    assert former(plan) == {"x.pdf": ("id-z.pdf",), "y.pdf": ()}


def test_a_file_not_written_takes_no_former_id():
    gone = stored("a.pdf", "bad")
    failures = {"b.pdf": {"sha256": "bad", "version": VERSION, "reason": "PDF chiffré"}}
    plan, _ = plan_for([found("b.pdf", mtime=4), found("c.pdf", mtime=4)], [gone],
                       {"b.pdf": "bad", "c.pdf": "bad"}, failures=failures)
    assert actions(plan) == {"b.pdf": Action.SKIP, "c.pdf": Action.EXTRACT}
    assert former(plan) == {"b.pdf": (), "c.pdf": ("id-a.pdf",)}


def test_a_rebuild_keeps_former_ids_and_sees_renames_too():
    docs = [stored("b.pdf", "bbb", former=("id-a.pdf",)), stored("old.pdf", "ooo")]
    plan, _ = plan_for([found("b.pdf"), found("new.pdf")], docs, {"b.pdf": "bbb", "new.pdf": "ooo"},
                       cached={"bbb", "ooo"}, rebuild=True)
    assert plan.remove == (), "a rebuild writes a fresh generation: nothing to remove"
    assert former(plan) == {"b.pdf": ("id-a.pdf",), "new.pdf": ("id-old.pdf",)}


def test_catalogue_row_changed_rewrites_the_document_from_the_cache():
    plan, asked = plan_for([found("a.pdf")], [stored("a.pdf", "aaa")], {"a.pdf": "aaa"},
                           cached={"aaa"}, signatures={"a.pdf": "sig-2"})
    assert asked == {"a.pdf"}, "same size and time, but the metadata changed"
    (decision,) = plan.decisions
    assert decision.action is Action.REUSE and decision.replaces


def test_deleted_file_is_removed_and_its_failure_forgotten():
    gone = stored("gone.pdf", "ggg")
    plan, _ = plan_for([found("a.pdf")], [stored("a.pdf", "aaa"), gone],
                       failures={"gone.pdf": {"sha256": "ggg", "version": VERSION, "reason": "cassé"},
                                 "a.pdf": {"sha256": "old", "version": VERSION, "reason": "cassé"}})
    assert plan.remove == (gone,)
    assert plan.forget_failures == {"gone.pdf"}
    assert "ggg" not in plan.keep_hashes


def test_file_that_failed_before_is_skipped_until_it_changes():
    failures = {"bad.pdf": {"sha256": "bbb", "version": VERSION, "reason": "fichier tronqué ou corrompu"}}
    plan, _ = plan_for([found("bad.pdf")], hashes={"bad.pdf": "bbb"}, failures=failures)
    (decision,) = plan.decisions
    assert decision.action is Action.SKIP and decision.reason == "fichier tronqué ou corrompu"

    changed, _ = plan_for([found("bad.pdf", size=200)], hashes={"bad.pdf": "ccc"}, failures=failures)
    retried, _ = plan_for([found("bad.pdf")], hashes={"bad.pdf": "bbb"}, failures=failures, retry_failed=True)
    upgraded = {"bad.pdf": {**failures["bad.pdf"], "version": VERSION - 1}}
    new_extractors, _ = plan_for([found("bad.pdf")], hashes={"bad.pdf": "bbb"}, failures=upgraded)
    for plan in (changed, retried, new_extractors):
        assert actions(plan) == {"bad.pdf": Action.EXTRACT}


def test_failure_known_for_the_content_beats_the_cache():
    failures = {"bad.pdf": {"sha256": "bbb", "version": VERSION, "reason": "délai dépassé"}}
    plan, _ = plan_for([found("bad.pdf")], hashes={"bad.pdf": "bbb"}, failures=failures, cached={"bbb"})
    assert actions(plan) == {"bad.pdf": Action.SKIP}


def test_too_big_file_is_skipped_without_being_hashed():
    plan, asked = plan_for([found("énorme.pdf", size=3 * 1024 * 1024)])
    assert asked == set()
    (decision,) = plan.decisions
    assert decision.action is Action.SKIP
    assert decision.reason == "fichier trop volumineux (3 Mo, limite 2 Mo)"


def test_file_that_cannot_be_hashed_is_skipped_and_its_document_stays():
    plan, _ = plan_for([found("a.pdf", mtime=3)], [stored("a.pdf", "aaa")],
                       unreadable={"a.pdf": "illisible (Permission denied)"})
    (decision,) = plan.decisions
    assert decision.action is Action.SKIP and decision.reason == "illisible (Permission denied)"
    assert plan.remove == ()


def test_documents_under_a_folder_unreadable_today_are_kept():
    inside = stored("Mali/rapport.pdf", "mmm")
    alone = stored("fiche.md", "fff")
    gone = stored("Sénégal/ancien.pdf", "sss")
    failures = {"Mali/échec.pdf": {"sha256": "eee", "version": VERSION, "reason": "cassé"}}
    plan, _ = plan_for([], [inside, alone, gone], failures=failures, kept=["Mali", "fiche.md"])
    assert plan.remove == (gone,)
    assert plan.keep_hashes == {"mmm", "fff"}
    assert plan.forget_failures == frozenset(), "a failure under a kept folder is remembered"
    everything, _ = plan_for([], [inside, gone], kept=["."])
    assert everything.remove == ()


def test_a_full_rebuild_is_planned_from_no_stored_document():
    files = [found("a.pdf"), found("b.md")]
    plan, asked = plan_for(files, [], {"a.pdf": "aaa", "b.md": "bbb"}, cached={"aaa"})
    assert asked == {"a.pdf", "b.md"}
    assert actions(plan) == {"a.pdf": Action.REUSE, "b.md": Action.EXTRACT}
    assert [d.path for d in plan.of(Action.REUSE, Action.EXTRACT)] == ["a.pdf", "b.md"], "scan order"
