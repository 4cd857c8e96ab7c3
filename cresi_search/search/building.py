"""From a parsed query to Whoosh queries, built once per query: `QueryBuilder.compile`.

Each clause becomes one query over the document fields (weighted by field, best field
first, with the staff's synonyms and a bonus for the theme or country a word names) and
one over the page text (for the best page and its snippet). A `CompiledQuery` keeps
them, so every step after it — matching, fallbacks, ranking, snippets — combines the
same queries instead of building them again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from whoosh import query as wq

from cresi_search.french.normalise import fold
from cresi_search.french.words import words as word_list
from cresi_search.index.analysis import french_analyzer
from cresi_search.index.schema import FIELD_BOOSTS, KIND_DOC
from cresi_search.search.matchers import Bonus, DisMax, as_typed
from cresi_search.search.syntax import FILTER_FIELDS, Clause, ParsedQuery
from cresi_search.vocab.synonyms import NO_SYNONYMS, Named, Synonyms

MAX_PREFIX_TERMS = 50  # words one prefix ("coop*") may stand for
MAX_QUERY_TERMS = 60  # words all the prefixes of one query may stand for, together
DISMAX_TIEBREAK = 0.3
SYNONYM_WEIGHT = 0.5  # a synonym's score, relative to the word's
FACET_SCORE = 1.0  # bonus of a document classified under the theme or country a word names

DOC_FIELDS = ("title", "summary", "keywords", "tags", "body")
PAGE_FIELDS = ("page_text",)
TEXT_FIELDS = DOC_FIELDS + PAGE_FIELDS

_YEAR = re.compile(r"^(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})(?:-|–|\.\.)(\d{4})$")

Resolver = Callable[[str, str], "str | None"]  # (facet, value) -> code or None
Expander = Callable[[str], "list[str]"]  # folded prefix -> analysed terms


@lru_cache(maxsize=1)
def text_analyzer():
    return french_analyzer()


def analyse(text: str) -> list[str]:
    """The index terms of `text`, in order (stems, folded, without stop words)."""
    return [t.text for t in text_analyzer()(text, mode="query")]


class Expansions:
    """The words the prefixes of one query stand for, within one budget for the whole query:
    a query of twenty prefixes costs about as much as one of two (docs/reliability.md)."""

    def __init__(self, source: Callable[[str, int], list[str]], budget: int = MAX_QUERY_TERMS) -> None:
        self._source = source  # (folded prefix, at most n) -> analysed terms
        self._done: dict[str, list[str]] = {}
        self.budget = budget
        self.room = MAX_PREFIX_TERMS  # words per prefix, shared out by `share`
        self.cut = False  # a prefix got fewer words than it had

    def share(self, parsed: ParsedQuery) -> None:
        """Share the budget out evenly between the query's prefixes, excluded ones too."""
        prefixes = len({fold(c.text.lower()) for c in parsed.clauses() if c.kind == "prefix"})
        self.room = max(1, min(MAX_PREFIX_TERMS, self.budget // max(1, prefixes)))

    def __call__(self, prefix: str) -> list[str]:
        if prefix not in self._done:
            terms = self._source(prefix, self.room + 1)
            self.cut |= len(terms) > self.room
            self._done[prefix] = terms[: self.room]
        return self._done[prefix]


@dataclass(frozen=True)
class CompiledQuery:
    """One parsed query as Whoosh queries. A group whose words give nothing to search is
    None; `clauses` are the positive clauses' queries, in order, without the Nones."""

    parsed: ParsedQuery
    groups: tuple[wq.Query | None, ...]
    required: tuple[bool, ...]  # per group: a filter ("pays:mali"), which every hit must pass
    clauses: tuple[wq.Query, ...]
    negative: wq.Query | None
    pages: wq.Query | None  # any positive clause, on page entries

    @property
    def every_group(self) -> wq.Query | None:
        """Documents holding every group of words (AND), None when nothing is searchable."""
        return combine(wq.And, list(self.groups))

    @property
    def any_clause(self) -> wq.Query | None:
        """Documents holding at least one clause, scored by all those they hold."""
        return combine(wq.Or, list(self.clauses))

    def terms(self) -> set[str]:
        """The index terms a hit's snippet marks (synonyms and prefix expansions too)."""
        return positive_terms(self.any_clause, TEXT_FIELDS)

    def page_terms(self) -> set[str]:
        return positive_terms(self.pages, PAGE_FIELDS)


@dataclass
class QueryBuilder:
    """Turns clauses into Whoosh queries over a set of text fields."""

    resolve: Resolver
    expand: Expander
    fields: tuple[str, ...] = DOC_FIELDS
    boosts: dict[str, float] = field(default_factory=lambda: dict(FIELD_BOOSTS))
    synonyms: Synonyms = NO_SYNONYMS

    def recognise(self, parsed: ParsedQuery) -> ParsedQuery:
        """The query with each run of plain words that names a country or a document type
        ("Burkina Faso", "avis de recrutement") made one clause, which also finds the
        documents classified under it."""
        groups: list[list[Clause]] = []
        run: list[Clause] = []
        for group in [*parsed.groups, []]:
            if len(group) == 1 and _plain(group[0]):
                run.append(group[0])
                continue
            groups += [[c] for c in self._named_run(run)]
            run = []
            if group:
                groups.append(group)
        return replace(parsed, groups=groups)

    def _named_run(self, run: list[Clause]) -> list[Clause]:
        """Consecutive plain words, with the phrases among them that name something merged."""
        owner: list[int] = []  # clause index of each word
        ws = []
        for index, c in enumerate(run):
            found = word_list(c.text)
            ws += found
            owner += [index] * len(found)
        merged: dict[int, tuple[int, Named]] = {}  # first clause -> (last clause, name)
        for start, end, named in self.synonyms.names.find(ws):
            first, last = owner[start], owner[end - 1]
            starts_clause = start == 0 or owner[start - 1] != first
            ends_clause = end == len(ws) or owner[end] != last
            if named is not None and starts_clause and ends_clause:
                merged[first] = (last, named)
        out, index = [], 0
        while index < len(run):
            last, named = merged.get(index, (index, None))
            text = " ".join(c.text for c in run[index : last + 1])
            out.append(replace(run[index], text=text, named=named) if named else run[index])
            index = last + 1
        return out

    def compile(self, parsed: ParsedQuery) -> CompiledQuery:
        """Every query the read side needs for `parsed`, each clause built once per field set."""
        if isinstance(self.expand, Expansions):
            self.expand.share(parsed)
        docs = replace(self, fields=DOC_FIELDS)
        pages = replace(self, fields=PAGE_FIELDS)
        per_group = [[docs.clause(c) for c in group] for group in parsed.groups]
        return CompiledQuery(
            parsed=parsed,
            groups=tuple(combine(wq.Or, qs) for qs in per_group),
            required=tuple(all(c.field in FILTER_FIELDS for c in g) for g in parsed.groups),
            clauses=tuple(q for qs in per_group for q in qs if q is not None),
            negative=combine(wq.Or, [docs.clause(c) for c in parsed.excluded]),
            pages=combine(wq.Or, [pages.clause(c) for group in parsed.groups for c in group]),
        )

    def clause(self, c: Clause) -> wq.Query | None:
        if c.field in FILTER_FIELDS:
            return self._filter(c)
        if c.field == "title":
            if "title" not in self.fields:
                return None
            return self._text(c, ("title",))
        return self._text(c, self.fields)

    def _text(self, c: Clause, fields: tuple[str, ...]) -> wq.Query | None:
        if c.kind == "prefix":
            terms = self.expand(fold(c.text.lower()))
            return self._in_fields(fields, lambda f: combine(wq.Or, [wq.Term(f, t) for t in terms]))
        words = analyse(c.text)
        if not words:
            return None
        q = self._in_fields(fields, lambda f: _words_query(f, words))
        if c.kind == "phrase" and q is not None and "body" in fields:
            q = as_typed(q, c.text)  # documents: the words as typed (matchers.py)
        if c.kind == "word" and not c.negated and len(words) == 1:
            q = combine(wq.Or, [q, *self._synonyms(c.text, fields)])
            bonus = self._theme_bonus(c)
            q = Bonus(q, bonus) if q is not None and bonus is not None else q
        if c.named is not None and "body" in fields:  # facets are on document entries only
            named = wq.Term(c.named.facet, c.named.code)
            q = combine(wq.Or, [q, wq.ConstantScoreQuery(named, FACET_SCORE * c.named.weight)])
        return q

    def _in_fields(
        self, fields: tuple[str, ...], make: Callable[[str], "wq.Query | None"]
    ) -> wq.Query | None:
        """The query `make` gives for each field, weighted by field, best field first."""
        per_field = [make(f) for f in fields]
        boosted = [q.with_boost(self.boosts.get(f, 1.0)) for f, q in zip(fields, per_field) if q]
        if len(boosted) <= 1:
            return boosted[0] if boosted else None
        return DisMax(boosted, tiebreak=DISMAX_TIEBREAK)

    def _synonyms(self, word: str, fields: tuple[str, ...]) -> list[wq.Query]:
        """The word's synonyms from the staff's table, each worth less than the word."""
        found = []
        for synonym in self.synonyms.words(word):
            words = analyse(synonym)
            q = self._in_fields(fields, lambda f: _words_query(f, words)) if words else None
            if q is not None:
                found.append(q.with_boost(SYNONYM_WEIGHT))
        return found

    def _theme_bonus(self, c: Clause) -> wq.Query | None:
        """A bonus for the documents classified under the theme the word names ("ordures").
        A bonus only: the word or a synonym must be there, as many theme keywords
        ("source", "vente") would bring in far too much."""
        if c.field or "body" not in self.fields:  # facets are on document entries only
            return None
        theme = self.synonyms.theme(c.text)
        return wq.ConstantScoreQuery(wq.Term("theme", theme), FACET_SCORE) if theme else None

    def _filter(self, c: Clause) -> wq.Query | None:
        if "body" not in self.fields:  # page entries carry no facets
            return None
        if c.field == "year":
            return _year_query(c.text) or self._text(replace(c, field=""), self.fields)
        code = self.resolve(c.field, c.text)
        if code is None:  # unknown country/theme/type: search the words instead
            return self._text(replace(c, field=""), self.fields)
        return wq.Term(c.field, code)


def _plain(c: Clause) -> bool:
    """A word typed on its own: no quotes, field, exclusion or wildcard."""
    return c.kind == "word" and not c.field and not c.negated and c.named is None


def _words_query(fieldname: str, words: list[str]) -> wq.Query:
    if len(words) == 1:
        return wq.Term(fieldname, words[0])
    return wq.Phrase(fieldname, words)


def _year_query(text: str) -> wq.Query | None:
    if m := _YEAR.match(text):
        return wq.Term("year", m.group(1))
    if m := _YEAR_RANGE.match(text):
        low, high = sorted((m.group(1), m.group(2)))
        return wq.TermRange("year", low, high)
    return None


def combine(kind: type, subs: list[wq.Query | None]) -> wq.Query | None:
    """`kind` (And, Or) of the queries that are not None; the query itself when one."""
    subs = [q for q in subs if q is not None]
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else kind(subs)


def documents_query(positive: wq.Query | None, negative: wq.Query | None = None) -> wq.Query:
    """Document entries matching `positive` and not `negative`."""
    q: wq.Query = wq.Term("kind", KIND_DOC)
    if positive is not None:
        q = wq.And([q, positive])
    if negative is not None:
        q = wq.AndNot(q, negative)
    return q


def positive_terms(q: wq.Query | None, fieldnames: Iterable[str]) -> set[str]:
    """Terms of those fields a hit must or may contain (not the excluded ones).

    Every text field shares one analyzer, so these terms can mark any of them.
    """
    fieldnames = frozenset(fieldnames)
    found: set[str] = set()
    if q is None or isinstance(q, wq.Not):
        return found
    if isinstance(q, wq.AndNot):
        return positive_terms(q.a, fieldnames)
    if isinstance(q, wq.Term) and q.fieldname in fieldnames:
        found.add(q.text)
    elif isinstance(q, wq.Phrase) and q.fieldname in fieldnames:
        found.update(q.words)
    for child in q.children():
        found |= positive_terms(child, fieldnames)
    return found
