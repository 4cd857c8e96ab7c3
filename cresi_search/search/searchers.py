"""Open searchers for the site: one per thread, refreshed when the index changes, and
what is computed once per index state and audience (facet sets, words, paths).

`Searchers.run(work, audience)` is how the service reads the index: `work` gets a `View`
(this thread's searcher and what the audience may see of its index state) and is run
again, once, on a fresh searcher when the index moved under it (a rebuild swapped in, a
segment merged away). The audience is PUBLIC (anonymous visitors: documents marked
"public" only) or STAFF (signed-in team: every document); docs/staff.md says why the
restriction lives here and not in the routes.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from whoosh.index import IndexError as WhooshIndexError
from whoosh.reading import ReaderClosed

from cresi_search.index.schema import SURFACE_FIELDS
from cresi_search.index.store import (
    IndexMissing,
    IndexStore,
    generation_id,
    open_generation,
    state_label,
)
from cresi_search.records import ACCESS_PUBLIC, ACCESS_STAFF
from cresi_search.search.duplicates import Copies
from cresi_search.search.facet_counts import FacetIndex, term_docs
from cresi_search.search.spelling import Vocabulary
from cresi_search.search.statistics import HiddenEntries, PublicSearcher

T = TypeVar("T")


class SearcherCache:
    """Open searchers, one per thread, refreshed when the index changes.

    `get()` is cheap: it reads the small CURRENT file and asks Whoosh whether the live
    generation got a new commit; only then is a new searcher opened. Whoosh searchers
    are not shared between threads (waitress serves requests from a thread pool).
    """

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._local = threading.local()

    def get(self):
        local = self._local
        name = self.store.current_name()
        if name is None:
            raise IndexMissing(f"aucun index dans {self.store.root}")
        # The folder's token, not only its name: an index folder deleted and built again
        # reuses "gen-000001" (and its commit numbers), never the token.
        identity = (name, generation_id(self.store.root / name))
        searcher = getattr(local, "searcher", None)
        if searcher is None or getattr(local, "identity", None) != identity:
            if searcher is not None:
                searcher.close()
            local.searcher, local.identity = _open_searcher(self.store.root / name), identity
        elif not searcher.up_to_date():
            # Not searcher.refresh(): its reuse of segment readers misses deletions
            # committed on their own (seen with whoosh-reloaded 2.7.5).
            searcher.close()
            local.searcher = _open_searcher(self.store.root / name)
        return local.searcher

    def invalidate(self) -> None:
        """Forget this thread's searcher (after an error): the next get() opens afresh."""
        searcher = getattr(self._local, "searcher", None)
        self._local.searcher = self._local.identity = None
        if searcher is not None:
            try:
                searcher.close()
            except Exception:
                pass  # its files may be gone already

    def state(self) -> str:
        """The index state this thread's searcher (from the last get()) is on:
        generation folder, its token and the Whoosh commit."""
        name, token = self._local.identity
        return state_label(name, token, self._local.searcher.reader().generation())

    def generation(self) -> str:
        self.get()
        return self.state()


def _open_searcher(folder: Path):
    """A searcher of the generation in `folder`. One dropped without being closed (its
    thread ended, its service went away) has its files closed then, by `_release`,
    rather than found open by the garbage collector."""
    searcher = open_generation(folder).searcher()
    weakref.finalize(searcher, _release, searcher.reader())
    return searcher


def _release(reader) -> None:
    if not getattr(reader, "is_closed", False):
        reader.close()


PUBLIC = ACCESS_PUBLIC  # the audience of anonymous visitors: public documents only
STAFF = ACCESS_STAFF  # the audience of signed-in staff: every document
AUDIENCES = (PUBLIC, STAFF)


class AudienceState:
    """What one audience may see of one index state: its documents (`facets.documents`),
    facet sets, words (suggestions, prefixes) and paths. Every read of the service goes
    through one, so a team-only document is absent from what a visitor's request computes."""

    def __init__(self, reader, facets: FacetIndex, audience: str,
                 paths: dict[int, str], copies: Copies) -> None:
        self.audience = audience
        self.hidden: HiddenEntries | None = None  # entries left out of public statistics
        if audience == STAFF:
            self.facets = facets
        else:  # fail closed: a document is public only when marked so
            self.facets = facets.restricted(term_docs(reader, "access", ACCESS_PUBLIC))
            private = term_docs(reader, "access", ACCESS_STAFF)
            self.hidden = HiddenEntries(private) if private else None
        surface = [SURFACE_FIELDS[ACCESS_PUBLIC]]
        if audience == STAFF:
            surface.append(SURFACE_FIELDS[ACCESS_STAFF])
        self.vocabulary = Vocabulary(reader, tuple(surface))
        documents = self.facets.documents
        self.paths = {d: p for d, p in paths.items() if d in documents}
        self.copies = copies.seen_by(documents)  # groups of copies of one document (duplicates.py)
        # The collection browsed without words, one entry per group of copies: what the
        # overview counts, as a search with filters alone would.
        self.browsed = self.facets.restricted(self.copies.collapse(documents, documents)[0])

    @property
    def documents(self) -> frozenset[int]:
        return self.facets.documents


class IndexState:
    """What one index state lets us compute once, per audience (built when first asked).

    Holding no reference to a searcher, so the searchers of every thread on the same
    state share it; each audience's part is built from the asking thread's searcher.
    """

    def __init__(self, searcher) -> None:
        reader = searcher.reader()
        self._facets = FacetIndex(reader)
        # Entry number -> path of every document entry: the tie-break of equal scores,
        # which must not depend on the order in which documents were indexed.
        self._paths = {
            docnum: path
            for path in reader.field_terms("path")
            for docnum in reader.postings("path", path).all_ids()
        }
        self._copies = Copies(reader, self._paths)
        self._seen: dict[str, AudienceState] = {}

    def seen_by(self, audience: str, searcher) -> AudienceState:
        """The state as `audience` sees it (call under the Searchers lock)."""
        if audience not in AUDIENCES:
            raise ValueError(f"audience inconnue : {audience!r}")
        seen = self._seen.get(audience)
        if seen is None:
            seen = self._seen[audience] = AudienceState(
                searcher.reader(), self._facets, audience, self._paths, self._copies)
        return seen


@dataclass(frozen=True)
class View:
    """One thread's searcher and what its audience may see of the index state it reads."""

    searcher: Any
    state: AudienceState
    generation: str

    def visible(self, docnum: int | None) -> bool:
        """True for a document entry this audience may see."""
        return docnum is not None and docnum in self.state.documents


class Searchers:
    """Searchers per thread, and the data of the last two index states."""

    def __init__(self, store: IndexStore) -> None:
        self._cache = SearcherCache(store)
        self._states: dict[str, IndexState] = {}
        self._lock = threading.Lock()

    def run(self, work: Callable[[View], T], audience: str = PUBLIC) -> T:
        """Run `work` on the current searcher, as `audience` sees the index; retry once
        if the index moved under it."""
        try:
            return work(self._view(audience))
        except (OSError, WhooshIndexError, ReaderClosed):
            self._cache.invalidate()
            return work(self._view(audience))  # raises IndexMissing when it is really gone

    def _view(self, audience: str) -> View:
        searcher = self._cache.get()
        key = self._cache.state()
        with self._lock:
            state = self._states.get(key)
            if state is None:
                state = self._states[key] = IndexState(searcher)
                # Keep the previous state too: a thread may finish a request on it.
                for old in list(self._states)[:-2]:
                    del self._states[old]
            seen = state.seen_by(audience, searcher)
        if seen.hidden is not None:
            searcher = PublicSearcher(searcher.reader(), seen.hidden, weighting=searcher.weighting)
        return View(searcher, seen, key)
