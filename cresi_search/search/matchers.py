"""Whoosh queries and matchers that score as the ranking needs (docs/relevance.md).

Whoosh's own DisjunctionMax and AndMaybe matchers lose or misplace scores; the two
classes here replace them and are what `building.py` uses, with `as_typed` for quoted
phrases.
"""

from __future__ import annotations

from whoosh import query as wq

from cresi_search.index.analysis import exact_terms
from whoosh.matching import AndMaybeMatcher, Matcher, NullMatcher, ReadTooFar, WrappingMatcher


class DisMax(wq.DisjunctionMax):
    """Best field's score plus `tiebreak` times the other matching fields' scores.

    Replaces Whoosh's DisjunctionMaxMatcher, whose score() takes the max of its two
    sub-matchers without checking that both are on the current document (a document
    before the title's only match gets the title's score) and ignores `tiebreak`.
    """

    def _matcher(self, subs, searcher, context):
        m: Matcher = DisMaxMatcher([q.matcher(searcher, context) for q in subs], self.tiebreak)
        return WrappingMatcher(m, self.boost) if self.boost != 1.0 else m


class DisMaxMatcher(Matcher):
    """Union of sub-matchers scored as in DisMax; only the ones on the current document count.

    It gives Whoosh an upper bound of its scores (`max_quality`) but no per-block quality,
    so blocks of postings are never skipped on an estimate.
    """

    def __init__(self, subs: list[Matcher], tiebreak: float = 0.0) -> None:
        self.subs = subs
        self.tiebreak = tiebreak

    def _active(self) -> list[Matcher]:
        return [m for m in self.subs if m.is_active()]

    def _current(self) -> list[Matcher]:
        """The sub-matchers positioned on the current document."""
        active = self._active()
        docnum = min(m.id() for m in active)
        return [m for m in active if m.id() == docnum]

    def _combine(self, values: list[float]) -> float:
        best = max(values)
        return best + self.tiebreak * (sum(values) - best)

    def is_active(self) -> bool:
        return any(m.is_active() for m in self.subs)

    def id(self) -> int:
        return min(m.id() for m in self._active())

    def next(self) -> bool:
        if not self.is_active():
            raise ReadTooFar
        moved = [m.next() for m in self._current()]
        return any(moved)

    def skip_to(self, docnum: int) -> bool:
        if not self.is_active():
            raise ReadTooFar
        moved = [m.skip_to(docnum) for m in self._active() if m.id() < docnum]
        return any(moved)

    def score(self) -> float:
        return self._combine([m.score() for m in self._current()])

    def weight(self) -> float:
        return self._combine([m.weight() for m in self._current()])

    def replace(self, minquality=0) -> Matcher:
        subs = [r for r in (m.replace() for m in self._active()) if r.is_active()]
        if not subs:
            return NullMatcher()
        return subs[0] if len(subs) == 1 else DisMaxMatcher(subs, self.tiebreak)

    def children(self) -> list[Matcher]:
        return list(self.subs)

    def copy(self) -> "DisMaxMatcher":
        return DisMaxMatcher([m.copy() for m in self.subs], self.tiebreak)

    def reset(self) -> None:
        for m in self.subs:
            m.reset()

    def supports(self, astype: str) -> bool:
        return all(m.supports(astype) for m in self.subs)

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        # Over every sub-matcher, finished or not: Whoosh's parents read this as a static
        # bound, even after their read-ahead has exhausted the sub-matchers.
        return self._combine([m.max_quality() for m in self.subs] or [0.0])

    def value(self):
        return self._current()[0].value()

    def value_as(self, astype: str):
        return self._current()[0].value_as(astype)


class BonusMatcher(AndMaybeMatcher):
    """Whoosh's AndMaybeMatcher with `skip_to` fixed.

    Whoosh moves the optional matcher to the document asked for, not to the one the
    required matcher landed on; behind it, the optional matcher then misses that document
    and its bonus is lost, for some documents depending on their order in the index.
    """

    def skip_to(self, docnum: int) -> bool:
        if not self.a.is_active():
            raise ReadTooFar
        moved = self.a.skip_to(docnum)
        if self.a.is_active() and self.b.is_active():
            moved = self.b.skip_to(self.a.id()) or moved
        return bool(moved)


class Bonus(wq.AndMaybe):
    """The documents of `a`, with the score of `b` added where `b` matches too."""

    matcherclass = BonusMatcher


def as_typed(q: wq.Query, text: str) -> wq.Query:
    """`q` (a phrase, scored on the weighted fields) only where its words also stand as
    typed, in order, in the `exact` field: "monter un projet" never matches "montant".
    Scores are `q`'s alone."""
    words = exact_terms(text)
    if not words:
        return q
    typed = wq.Term("exact", words[0]) if len(words) == 1 else wq.Phrase("exact", words)
    return wq.Require(q, typed)
