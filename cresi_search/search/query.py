"""The query language of the search box, and its translation into Whoosh queries.

Parsing is our own small scanner rather than Whoosh's QueryParser: it is linear in the
query's length, it never raises (an unbalanced quote or a lone operator just becomes
plain words) and it knows the French field prefixes. See docs/search.md.

    eau potable            both words (AND); soft OR fallback is decided by the caller
    "comité de gestion"    a phrase
    -puits                 exclusion
    mali OR sénégal        either (OU works too)
    titre:forage           title only
    pays:mali  thème:eau  type:guide  année:2015  année:2010-2015   filters
    coop*                  prefix, at most MAX_PREFIX_TERMS expansions
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from whoosh import query as wq
from whoosh.matching import AndMaybeMatcher, Matcher, NullMatcher, ReadTooFar, WrappingMatcher

from cresi_search.index.analysis import fold, french_analyzer, french_stop_words
from cresi_search.index.schema import FIELD_BOOSTS, KIND_DOC
from cresi_search.vocab.synonyms import NO_SYNONYMS, Synonyms

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 24
MAX_PREFIX_TERMS = 50
MIN_PREFIX_CHARS = 2
DISMAX_TIEBREAK = 0.3
SYNONYM_WEIGHT = 0.5  # a synonym's score, relative to the word's
FACET_SCORE = 1.0  # bonus of a document classified under the theme or country a word names

DOC_FIELDS = ("title", "summary", "keywords", "tags", "body")
PAGE_FIELDS = ("page_text",)
TEXT_FIELDS = DOC_FIELDS + PAGE_FIELDS

# Folded field prefix -> what it restricts. "title" searches text; the others filter.
FIELD_PREFIXES = {
    "titre": "title", "title": "title",
    "pays": "country", "country": "country",
    "theme": "theme",
    "type": "type",
    "annee": "year", "year": "year",
}
FILTER_FIELDS = frozenset({"country", "theme", "type", "year"})
INDEX_FIELD = {"country": "country", "theme": "theme", "type": "doctype", "year": "year"}

OR_WORDS = frozenset({"OR", "OU"})
AND_WORDS = frozenset({"AND", "ET"})

_PIECE = re.compile(
    r'(?P<neg>-?)(?:(?P<field>[^\W\d_]+):)?'
    r'(?:"(?P<phrase>[^"]*)"|"(?P<open>[^"]*)$|(?P<bare>[^\s"]+))'
)
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})(?:-|–|\.\.)(\d{4})$")
_WORDISH = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Clause:
    """One piece of the query: a word, a phrase or a prefix, maybe on one field."""

    kind: str  # "word" | "phrase" | "prefix"
    text: str
    field: str = ""  # "" = all text fields, or a key of FIELD_PREFIXES' values
    negated: bool = False
    prefix_label: str = ""  # the field prefix as the user typed it ("thème")

    def render(self) -> str:
        """The clause back in query syntax (used to show a corrected query)."""
        body = f'"{self.text}"' if self.kind == "phrase" else self.text
        if self.kind == "prefix":
            body += "*"
        if self.prefix_label:
            body = f"{self.prefix_label}:{body}"
        return f"-{body}" if self.negated else body


@dataclass
class ParsedQuery:
    """AND of OR-groups of clauses, plus the excluded clauses."""

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    truncated: bool = False

    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    def clauses(self) -> Iterator[Clause]:
        for group in self.groups:
            yield from group
        yield from self.excluded

    def render(self, change: Callable[[Clause], Clause] = lambda c: c) -> str:
        """The query as text, with `change` applied to each clause."""
        parts = [" OR ".join(change(c).render() for c in group) for group in self.groups]
        parts += [change(c).render() for c in self.excluded]
        return " ".join(parts)


def shorten(text: str, limit: int = MAX_QUERY_CHARS) -> tuple[str, bool]:
    """Cut an over-long query at a word boundary; says whether it was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit - 40 else cut), True


def parse(text: str) -> ParsedQuery:
    """Parse what the user typed. Never raises: odd input degrades to plain words."""
    text, truncated = shorten(text or "")
    parsed = ParsedQuery(truncated=truncated)
    join_next = False
    count = 0
    for m in _PIECE.finditer(text):
        operator = m.group("bare") if not (m.group("neg") or m.group("field")) else None
        if operator in OR_WORDS:
            join_next = bool(parsed.groups)
            continue
        if operator in AND_WORDS:
            continue
        for clause in _clauses_of(m):
            if count == MAX_CLAUSES:
                return parsed
            _add(parsed, clause, join_next)
            join_next, count = False, count + 1
    return parsed


def _add(parsed: ParsedQuery, clause: Clause, join: bool) -> None:
    if clause.negated:
        parsed.excluded.append(clause)
    elif join and parsed.groups:
        parsed.groups[-1].append(clause)
    else:
        parsed.groups.append([clause])


def _clauses_of(m: re.Match) -> list[Clause]:
    negated = bool(m.group("neg"))
    label = m.group("field") or ""
    target = FIELD_PREFIXES.get(fold(label.lower()), None) if label else ""
    if target is None:  # "http://x" or "foo:bar": not a field, keep the words
        raw = f"{label}:{m.group('bare') or m.group('phrase') or m.group('open') or ''}"
        return _plain_clauses(raw, negated)
    if m.group("open") is not None:  # unbalanced quote: plain words
        return _plain_clauses(m.group("open"), negated)
    if m.group("phrase") is not None:
        text = m.group("phrase").strip()
        return [Clause("phrase", text, target, negated, label)] if text else []
    return _bare_clauses(m.group("bare"), target, negated, label)


def _plain_clauses(text: str, negated: bool) -> list[Clause]:
    return [Clause("word", w, "", negated) for w in text.split() if _WORDISH.search(w)]


def _bare_clauses(bare: str, target: str, negated: bool, label: str) -> list[Clause]:
    core = bare.lstrip("*")  # no leading wildcard
    if core.endswith("*") and target not in FILTER_FIELDS:
        stem = core.rstrip("*")
        if "*" not in stem and len(_WORDISH.findall(stem)) >= MIN_PREFIX_CHARS:
            return [Clause("prefix", stem, target, negated, label)]
    core = core.replace("*", " ").strip()
    if not _WORDISH.search(core):
        return []
    return [Clause("word", core, target, negated, label)]


# -- question words -----------------------------------------------------------------------
# Words that make a question without naming its subject ("comment évaluer un projet",
# "que faire avant une mission", "exemples de projets déchets en Tunisie"): documents
# need not contain them (docs/search.md). Folded, lower case; "que", "qui", "où"… are
# already stop words.
QUESTION_WORDS = frozenset({
    "comment", "pourquoi", "quand", "combien",
    "quel", "quelle", "quels", "quelles", "lequel", "laquelle", "lesquels", "lesquelles",
    "faut", "faire", "peut", "doit", "exemple", "exemples",
})
_WORD = re.compile(r"\w+", re.UNICODE)


def without_filler(parsed: ParsedQuery) -> ParsedQuery:
    """The query without its question words and the words with nothing to search (stop
    words), or unchanged when nothing else would be left.

    Only plain words standing alone are dropped: not in a phrase, an OR, an exclusion
    or after a field prefix.
    """
    groups = [g for g in parsed.groups if not (len(g) == 1 and _is_filler(g[0]))]
    if not groups or len(groups) == len(parsed.groups):
        return parsed
    return replace(parsed, groups=groups)


def _is_filler(c: Clause) -> bool:
    if c.kind != "word" or c.field or c.negated:
        return False
    words = _WORD.findall(fold(c.text.lower()))  # "faut-il" -> faut, il
    stop = french_stop_words()
    return all(w in QUESTION_WORDS or w in stop for w in words)


# -- translation into Whoosh queries ------------------------------------------------------
Resolver = Callable[[str, str], "str | None"]  # (facet, value) -> code or None
Expander = Callable[[str], "list[str]"]  # folded prefix -> analysed terms


@lru_cache(maxsize=1)
def text_analyzer():
    return french_analyzer()


def analyse(text: str) -> list[str]:
    """The index terms of `text`, in order (stems, folded, without stop words)."""
    return [t.text for t in text_analyzer()(text, mode="query")]


@dataclass
class QueryBuilder:
    """Turns clauses into Whoosh queries over a set of text fields."""

    resolve: Resolver
    expand: Expander
    fields: tuple[str, ...] = DOC_FIELDS
    boosts: dict[str, float] = field(default_factory=lambda: dict(FIELD_BOOSTS))
    synonyms: Synonyms = NO_SYNONYMS

    def for_fields(self, fields: tuple[str, ...]) -> "QueryBuilder":
        return replace(self, fields=fields)

    def positive(self, parsed: ParsedQuery, relaxed: bool = False) -> wq.Query | None:
        """AND of the groups (OR of everything when `relaxed`), None when nothing is left."""
        if relaxed:
            subs = [self.clause(c) for group in parsed.groups for c in group]
            return _combine(wq.Or, subs)
        groups = [_combine(wq.Or, [self.clause(c) for c in g]) for g in parsed.groups]
        return _combine(wq.And, groups)

    def negative(self, parsed: ParsedQuery) -> wq.Query | None:
        return _combine(wq.Or, [self.clause(c) for c in parsed.excluded])

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
            return self._in_fields(
                fields, lambda f: _combine(wq.Or, [wq.Term(f, t) for t in terms])
            )
        words = analyse(c.text)
        if not words:
            return None
        q = self._in_fields(fields, lambda f: _words_query(f, words))
        if c.kind != "word" or c.negated or len(words) != 1:
            return q
        q = _combine(wq.Or, [q, *self._synonyms(c.text, fields)])
        bonus = self._facet_bonus(c)
        return Bonus(q, bonus) if q is not None and bonus is not None else q

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

    def _facet_bonus(self, c: Clause) -> wq.Query | None:
        """A bonus for the documents classified under the theme or the country the word
        names ("ordures", "maliens"). A bonus only: the word or a synonym must be there,
        as many theme keywords ("source", "vente") would bring in far too much."""
        if c.field or "body" not in self.fields:  # facets are on document entries only
            return None
        bonus = []
        if theme := self.synonyms.theme(c.text):
            bonus.append(wq.ConstantScoreQuery(wq.Term("theme", theme), FACET_SCORE))
        if country := self.synonyms.country(c.text):
            bonus.append(wq.ConstantScoreQuery(wq.Term("country", country), FACET_SCORE))
        return _combine(wq.Or, bonus)

    def _filter(self, c: Clause) -> wq.Query | None:
        if "body" not in self.fields:  # page entries carry no facets
            return None
        if c.field == "year":
            return _year_query(c.text) or self._text(replace(c, field=""), self.fields)
        code = self.resolve(c.field, c.text)
        if code is None:  # unknown country/theme/type: search the words instead
            return self._text(replace(c, field=""), self.fields)
        return wq.Term(INDEX_FIELD[c.field], code)


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


def _combine(kind: type, subs: list[wq.Query | None]) -> wq.Query | None:
    subs = [q for q in subs if q is not None]
    if not subs:
        return None
    return subs[0] if len(subs) == 1 else kind(subs)


def documents_query(positive: wq.Query | None, negative: wq.Query | None) -> wq.Query:
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
