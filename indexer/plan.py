"""What one indexing run will do with each file, decided from plain data and nothing else.

The plan reads no file and writes nothing: `indexer/update.py` gathers the facts (the
scan, the stored documents, the hashes, what the extraction cache holds) and carries the
plan out. Deciding takes two steps because hashing is I/O: `files_to_hash` says which
files must be read to know their content, then `make_plan` decides with the hashes.

The rules (docs/indexing.md):
- same size and modification time as stored, same metadata signature, and not to be read
  again for OCR's sake (`reread`, indexer/ocrrun.py): unchanged, not opened;
- larger than the size limit: skipped unread;
- same content and signature as stored: touched only, the fingerprint is refreshed from
  the cached extraction;
- content that failed before, with today's extractors: skipped until it changes
  (unless `retry_failed`);
- content the cache holds (renamed, copied, catalogue row or taxonomy changed): written
  from the cache; otherwise extracted;
- a file whose content is that of a document gone from another path in the same run (a
  rename or a move) takes over that document's former ids, and the gone document's own:
  its old addresses redirect to the new one;
- a stored document whose file is gone is removed, unless it lies under a file or folder
  the scan could not read today (kept as it was);
- unless many go at once (`mass_removal`): more than a share of the index (20 % by
  default), or every document of a top-level folder. That is what an unmounted share
  looks like; the run is refused unless `--allow-mass-removal` is given. The job counts
  as moves, not removals, the documents whose content it finds at new paths (update.py
  hashes those first): a folder renamed inside the corpus goes through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from cresi_search.records import Fingerprint
from indexer.extract.errors import too_big
from indexer.scan import FoundFile
from cresi_search.index.store import StoredDocument


MASS_REMOVAL_MIN = 3  # fewer documents gone at once is never a mass removal


class Action(Enum):
    UNCHANGED = "unchanged"  # not opened
    TOUCH = "touch"  # same content: refresh the stored fingerprint, from the cache
    REUSE = "reuse"  # content already extracted once: write it from the cache
    EXTRACT = "extract"
    SKIP = "skip"  # `reason` says why


_WRITTEN = (Action.TOUCH, Action.REUSE, Action.EXTRACT)


@dataclass(frozen=True)
class Decision:
    file: FoundFile
    action: Action
    fingerprint: Fingerprint | None = None  # the new one, for TOUCH, REUSE and EXTRACT
    replaces: bool = False  # the index has a document at this path (an update, not an addition)
    reason: str = ""  # for SKIP, in French
    former_ids: tuple[str, ...] = ()  # the ids of its content's earlier paths, oldest first

    @property
    def path(self) -> str:
        return self.file.relpath


@dataclass(frozen=True)
class Plan:
    decisions: tuple[Decision, ...]  # one per found file, in scan order
    remove: tuple[StoredDocument, ...]  # stored documents whose file is gone
    forget_failures: frozenset[str]  # failed paths gone from the corpus
    keep_hashes: frozenset[str]  # contents still indexed: their cache entries stay

    def of(self, *actions: Action) -> list[Decision]:
        return [d for d in self.decisions if d.action in actions]


def files_to_hash(
    found: Sequence[FoundFile],
    stored: Mapping[str, StoredDocument],
    signatures: Mapping[str, str],
    reread: Collection[str],
    *,
    max_bytes: int,
) -> list[FoundFile]:
    """The files whose content must be hashed before deciding: all but the unchanged ones
    and those too big to be read."""
    return [f for f in found if _first_look(f, stored.get(f.relpath), signatures, reread, max_bytes) is None]


def make_plan(
    found: Sequence[FoundFile],
    stored: Mapping[str, StoredDocument],
    signatures: Mapping[str, str],
    reread: Collection[str],
    hashes: Mapping[str, str],
    unreadable: Mapping[str, str],
    cached: Collection[str],
    failures: Mapping[str, Mapping],
    kept: Sequence[str],
    *,
    retry_failed: bool,
    max_bytes: int,
    extractor_version: int,
    previous: Mapping[str, StoredDocument] | None = None,
) -> Plan:
    """The plan of a run.

    `stored`: the indexed documents by path (empty for a full rebuild); `signatures`: the
    metadata signature of every found path; `reread`: paths to read again although
    unchanged (pages awaiting OCR that can now be read); `hashes`/`unreadable`: the SHA-256, or why it
    could not be read, of each file `files_to_hash` named; `cached`: the hashes the
    extraction cache holds; `failures`: failures.json ({path: {sha256, version, reason}});
    `kept`: paths the scan could not read today (their documents stay); `previous`: what
    the live index holds, when `stored` is empty for a rebuild (default: `stored`), whose
    former ids the new documents keep.
    """
    decisions: list[Decision] = []
    keep_hashes: set[str] = set()
    for f in found:
        old = stored.get(f.relpath)
        if old and _same_stat(f, old):
            keep_hashes.add(old.fingerprint.sha256)
        decision = _first_look(f, old, signatures, reread, max_bytes)
        if decision is None:
            if f.relpath in unreadable:
                decision = Decision(f, Action.SKIP, reason=unreadable[f.relpath])
            else:
                fp = Fingerprint(f.size, f.mtime_ns, hashes[f.relpath])
                keep_hashes.add(fp.sha256)
                decision = _by_content(f, fp, old, signatures[f.relpath], cached,
                                       None if retry_failed else failures.get(f.relpath), extractor_version)
        decisions.append(decision)

    present = {f.relpath for f in found}
    gone = set(vanished(stored, found, kept))
    remove = [doc for path, doc in stored.items() if path in gone]
    keep_hashes.update(doc.fingerprint.sha256 for path, doc in stored.items() if _kept(path, kept))
    forget = frozenset(p for p in failures if p not in present and not _kept(p, kept))
    decisions = with_former_ids(decisions, stored if previous is None else previous, found, kept)
    return Plan(tuple(decisions), tuple(remove), forget, frozenset(keep_hashes))


def with_former_ids(decisions: list[Decision], previous: Mapping[str, StoredDocument],
                    found: Sequence[FoundFile], kept: Sequence[str]) -> list[Decision]:
    """The decisions, each document to write carrying its former ids: those of the document
    at its path, or, at a new path, those of a document gone from its old path with the
    same content, and that document's id (the first such file in scan order takes them:
    a rename, not a copy)."""
    gone_by_hash: dict[str, StoredDocument] = {}
    for path in sorted(vanished(previous, found, kept)):
        gone_by_hash.setdefault(previous[path].fingerprint.sha256, previous[path])
    out = []
    for d in decisions:
        old = previous.get(d.path)
        former: tuple[str, ...] = ()
        if d.action not in _WRITTEN:
            pass
        elif old is not None:
            former = old.former_ids
        elif d.fingerprint.sha256 in gone_by_hash:
            moved = gone_by_hash.pop(d.fingerprint.sha256)
            former = (*moved.former_ids, moved.id)
        out.append(replace(d, former_ids=former) if former else d)
    return out


def vanished(indexed: Collection[str], found: Sequence[FoundFile], kept: Sequence[str]) -> list[str]:
    """Indexed paths whose file is gone, except under what the scan could not read today."""
    present = {f.relpath for f in found}
    return [path for path in indexed if path not in present and not _kept(path, kept)]


def mass_removal(gone: Collection[str], indexed: Collection[str], max_share: float) -> str | None:
    """Why removing `gone` from the `indexed` paths looks like a folder that vanished
    rather than files that were deleted, in French; None when it does not."""
    if len(gone) < MASS_REMOVAL_MIN:
        return None
    share = len(gone) / max(len(indexed), 1)
    in_folder = Counter(_top_folder(p) for p in indexed)
    gone_from = Counter(_top_folder(p) for p in gone)
    emptied = sorted(name for name, n in gone_from.items()
                     if name and n == in_folder[name] and n >= MASS_REMOVAL_MIN)
    if share <= max_share and not emptied:
        return None
    why = f"{len(gone)} documents sur {len(indexed)} ({share:.0%}) disparaîtraient de l'index".replace("%", " %")
    if emptied:
        folders = ", ".join(f"« {name} » ({in_folder[name]} documents)" for name in emptied[:5])
        why += f", dont tous ceux du dossier {folders}" if len(emptied) == 1 else f", dont tous ceux des dossiers {folders}"
    elif share > max_share:
        why += f", plus que le seuil de {max_share:.0%}".replace("%", " %")
    return (f"{why}. Un partage non monté, un dossier sorti du corpus ou renommé en « ~… » ? L'index n'a pas été modifié. "
            "Si ces suppressions sont voulues, relancez avec --allow-mass-removal.")


def _top_folder(path: str) -> str:
    """The first folder of a path ("" for a file at the corpus root)."""
    head, sep, _ = path.partition("/")
    return head if sep else ""


def _first_look(f: FoundFile, old: StoredDocument | None, signatures: Mapping[str, str],
                reread: Collection[str], max_bytes: int) -> Decision | None:
    """The decision made without reading the file, or None when its content is needed."""
    if old and _same_stat(f, old) and old.signature == signatures[f.relpath] and f.relpath not in reread:
        return Decision(f, Action.UNCHANGED)
    if f.size > max_bytes:
        return Decision(f, Action.SKIP, reason=too_big(f.size, max_bytes))
    return None


def _by_content(
    f: FoundFile,
    fp: Fingerprint,
    old: StoredDocument | None,
    signature: str,
    cached: Collection[str],
    failure: Mapping | None,
    extractor_version: int,
) -> Decision:
    replaces = old is not None
    if old and old.fingerprint.sha256 == fp.sha256 and old.signature == signature:
        # Touched only. Without a cache entry, the file is read again.
        action = Action.TOUCH if fp.sha256 in cached else Action.EXTRACT
        return Decision(f, action, fp, replaces)
    if failure and failure.get("sha256") == fp.sha256 and failure.get("version") == extractor_version:
        return Decision(f, Action.SKIP, fp, replaces, reason=failure["reason"])
    action = Action.REUSE if fp.sha256 in cached else Action.EXTRACT
    return Decision(f, action, fp, replaces)


def _same_stat(f: FoundFile, old: StoredDocument) -> bool:
    return (old.fingerprint.size, old.fingerprint.mtime_ns) == (f.size, f.mtime_ns)


def _kept(path: str, kept: Sequence[str]) -> bool:
    """True under a file or folder the scan could not read: its documents stay."""
    return any(k == "." or path == k or path.startswith(k + "/") for k in kept)
