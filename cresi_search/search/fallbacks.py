"""Which documents match, and what to do when none does (docs/search.md).

`find` is the whole policy, on the parsed query (never on re-parsed text):
1. every group of words, without the question words and stop words ("comment", "de");
2. else, when a word is misspelt within one edit, the corrected query ("sfxa" -> "Sfax");
3. else fewer words: all groups but one (when that leaves two), then any of them.
`suggest` offers a corrected query when few documents match.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from whoosh import query as wq

from cresi_search.search.building import CompiledQuery, documents_query
from cresi_search.search.facet_counts import apply_selections
from cresi_search.search.searchers import View
from cresi_search.search.spelling import Vocabulary
from cresi_search.search.syntax import Clause, ParsedQuery, without_filler

AUTO_CORRECT_EDITS = 1  # with no hit, a correction this close is searched at once

Compiler = Callable[[ParsedQuery], CompiledQuery]


@dataclass
class Match:
    """Documents matching a query's text, before facet selections."""

    docs: frozenset[int]
    query: wq.Query | None  # what ranks them; None: browse (no text query)
    scored: bool
    relaxed: bool = False  # documents may miss some groups of words
    unusable: bool = False  # words typed but nothing searchable left in them
    need: int = 0  # when relaxed, how many groups of words a document has at least
    scores: dict[int, float] | None = None  # docnum -> score, when already computed


@dataclass
class Found:
    """The outcome of `find`: the query whose results are shown and its matches."""

    compiled: CompiledQuery
    match: Match
    hits: frozenset[int]  # match.docs allowed by the facet selections
    strict_total: int  # hits of every word as typed, before any fallback
    correction: ParsedQuery | None = None  # the corrected query searched instead


def find(view: View, compile_query: Compiler, typed: ParsedQuery, raw: str,
         chosen: dict[str, frozenset[int]]) -> Found:
    """Every word; else the one-edit correction of a misspelt word; else fewer words."""
    compiled = compile_query(without_filler(typed))
    match = match_documents(view, compiled, raw)
    hits = apply_selections(match.docs, chosen)
    strict_total = len(hits)
    if hits or not typed.groups:
        return Found(compiled, match, hits, strict_total)
    correction = corrected(view.state.vocabulary, typed, max_edits=AUTO_CORRECT_EDITS)
    if correction is not None:
        fixed = compile_query(without_filler(correction))
        fixed_match = match_documents(view, fixed, raw)
        fixed_hits = apply_selections(fixed_match.docs, chosen)
        if fixed_hits:
            return Found(fixed, fixed_match, fixed_hits, strict_total, correction)
    for need in relaxations(len(compiled.parsed.groups)):
        match = match_documents(view, compiled, raw, need)
        hits = apply_selections(match.docs, chosen)
        if hits:
            break
    return Found(compiled, match, hits, strict_total)


def relaxations(groups: int) -> list[int]:
    """How many groups a document must match when none matches them all: all but one
    first (when that still leaves two), then any."""
    if groups < 2:
        return []
    return [groups - 1, 1] if groups >= 3 else [1]


def match_documents(view: View, compiled: CompiledQuery, raw: str, need: int = 0) -> Match:
    """Documents matching every group of words, or with `need`, at least that many groups
    (ranked by all the words they hold)."""
    documents = view.state.facets.documents
    if not raw.strip():
        return Match(documents, None, scored=False)
    relaxed = 0 < need < len(compiled.parsed.groups)
    positive = compiled.any_clause if relaxed else compiled.every_group
    negative = compiled.negative
    if positive is None and negative is None:
        return Match(frozenset(), None, scored=False, unusable=True)
    q = documents_query(positive, negative)
    if relaxed:
        docs = _holding_enough(view, compiled, need) & documents
        return Match(docs, q, scored=positive is not None, relaxed=True, need=need)
    # One scored pass gives both the hit set and the ranking.
    scores = dict(view.searcher.search(q, limit=None).items())
    return Match(frozenset(scores) & documents, q, scored=positive is not None, scores=scores)


def _holding_enough(view: View, compiled: CompiledQuery, need: int) -> frozenset[int]:
    """Documents holding at least `need` groups of the query's words, none excluded.
    Each group and the excluded words are matched once."""
    searcher = view.searcher
    excluded = (frozenset(searcher.docs_for_query(compiled.negative))
                if compiled.negative is not None else frozenset())
    counts: Counter[int] = Counter()
    for group in compiled.groups:
        if group is not None:
            counts.update(searcher.docs_for_query(documents_query(group)))
    return frozenset(d for d, n in counts.items() if n >= need) - excluded


def corrected(vocabulary: Vocabulary, parsed: ParsedQuery,
              max_edits: int | None = None) -> ParsedQuery | None:
    """The query with its misspelt words corrected (accented words from the index),
    or None when no word needs it. Filters, prefixes and excluded words are kept.

    With `max_edits` (the automatic correction), quoted words are kept too: quotes are how
    a person asks for a word as typed.
    """
    changed = False

    def fix(c: Clause) -> Clause:
        nonlocal changed
        if c.negated or c.field not in ("", "title") or c.kind == "prefix":
            return c
        if c.kind == "phrase" and max_edits is not None:
            return c
        words = [vocabulary.correct(w, max_edits) or w for w in c.text.split()]
        if words != c.text.split():
            changed = True
            return replace(c, text=" ".join(words))
        return c

    fixed = parsed.replaced(fix)
    return fixed if changed else None


def suggest(view: View, compile_query: Compiler, typed: ParsedQuery, found: int,
            chosen: dict[str, frozenset[int]]) -> str | None:
    """A corrected query whose words all match more documents than the query as
    typed (`found`)."""
    correction = corrected(view.state.vocabulary, typed)
    if correction is None:
        return None
    text = correction.render()
    better = match_documents(view, compile_query(without_filler(correction)), text)
    return text if len(apply_selections(better.docs, chosen)) > found else None
