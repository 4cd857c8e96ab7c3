"""Collection statistics as the public documents alone give them.

Scores depend on the whole index: how many entries hold a word (idf), the average length
of a field (BM25F), a word's total frequency (the key terms of "Documents similaires").
Left as they are, team-only documents would move public results about — a visitor
comparing two orders could learn that private documents hold a word. For the PUBLIC
audience, `PublicSearcher` answers those questions without the team-only entries, so its
scores are those of an index without them (tests/test_staff_access.py compares).

The team-only part of a term's statistics is read from its postings once per index state
and kept (`HiddenEntries`); an index without team-only documents skips all of it.
"""

from __future__ import annotations

import threading

from whoosh import classify
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher


class HiddenEntries:
    """The entries (documents and their pages) a public searcher must not count, and
    their share of each statistic, computed when first asked and kept. Shared by the
    threads on one index state; each passes its own reader of that state."""

    def __init__(self, hidden: frozenset[int]) -> None:
        self.hidden = hidden
        self._lengths: dict[str, int] = {}
        self._df: dict[tuple[str, bytes], int] = {}
        self._freq: dict[tuple[str, bytes], float] = {}
        self._lock = threading.Lock()

    def field_length(self, reader, fieldname: str) -> int:
        if fieldname not in self._lengths:
            length = reader.doc_field_length
            total = sum(length(d, fieldname, 0) or 0 for d in self.hidden)
            with self._lock:
                self._lengths[fieldname] = total
        return self._lengths[fieldname]

    @staticmethod
    def _read(reader, hidden: frozenset[int], fieldname: str, text) -> tuple[int, float]:
        try:
            m = reader.postings(fieldname, text)
        except TermNotFound:
            return 0, 0.0
        count, weight = 0, 0.0
        while m.is_active():
            if m.id() in hidden:
                count += 1
                weight += m.weight()
            m.next()
        return count, weight

    def doc_frequency(self, reader, fieldname: str, text) -> int:
        key = (fieldname, text)
        if key not in self._df:
            count, weight = self._read(reader, self.hidden, fieldname, text)
            with self._lock:
                self._df[key], self._freq[key] = count, weight
        return self._df[key]

    def frequency(self, reader, fieldname: str, text) -> float:
        self.doc_frequency(reader, fieldname, text)
        return self._freq[(fieldname, text)]


class _PublicReader:
    """What Whoosh's key-term expander asks of a reader, without the hidden entries."""

    def __init__(self, searcher: "PublicSearcher") -> None:
        self._s = searcher
        self.schema = searcher.ixreader.schema

    def doc_count_all(self) -> int:
        return self._s.doc_count_all()

    def field_length(self, fieldname: str) -> int:
        return self._s.field_length(fieldname)

    def frequency(self, fieldname: str, text) -> float:
        return self._s.frequency(fieldname, text)

    def __contains__(self, term) -> bool:
        return term in self._s.ixreader and self._s.doc_frequency(*term) > 0


class PublicSearcher(Searcher):
    """A searcher over the same reader whose statistics leave the hidden entries out."""

    def __init__(self, reader, hidden: HiddenEntries, **kwargs) -> None:
        # Set first: on an index of several segments, Searcher.__init__ already builds
        # the per-segment searchers (`_subsearcher`), which need it.
        self.hidden = hidden
        super().__init__(reader, closereader=False, **kwargs)
        # Searcher copies these reader methods onto itself; ours must win.
        self.doc_frequency = self._doc_frequency
        self.frequency = self._frequency
        if self.parent is None:
            self._doccount = reader.doc_count_all() - len(hidden.hidden)

    def _subsearcher(self, reader):
        return PublicSearcher(reader, self.hidden, fromindex=self._ix,
                              weighting=self.weighting, parent=self)

    def _doc_frequency(self, fieldname: str, text) -> int:
        top = self.get_parent()
        return max(0, top.ixreader.doc_frequency(fieldname, text)
                   - top.hidden.doc_frequency(top.ixreader, fieldname, text))

    def _frequency(self, fieldname: str, text) -> float:
        top = self.get_parent()
        return max(0.0, top.ixreader.frequency(fieldname, text)
                   - top.hidden.frequency(top.ixreader, fieldname, text))

    def field_length(self, fieldname: str) -> int:
        top = self.get_parent()
        hidden = top.hidden.field_length(top.ixreader, fieldname)
        return max(0, top.ixreader.field_length(fieldname) - hidden)

    def avg_field_length(self, fieldname: str, default=None):
        if not self.schema[fieldname].scorable:
            return default
        top = self.get_parent()
        return top.field_length(fieldname) / (top.doc_count_all() or 1)

    def key_terms_from_text(self, fieldname, text, numterms=5, model=classify.Bo1Model,
                            normalize=True):
        expander = classify.Expander(_PublicReader(self), fieldname, model=model)
        expander.add_text(text)
        return expander.expanded_terms(numterms, normalize=normalize)
