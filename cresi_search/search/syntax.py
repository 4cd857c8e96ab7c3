"""The query language of the search box: what people type, as clauses (no Whoosh here).

Parsing is our own small scanner rather than Whoosh's QueryParser: it is linear in the
query's length, it never raises (an unbalanced quote or a lone operator just becomes
plain words) and it knows the French field prefixes. See docs/search.md.

    eau potable            both words (AND); soft OR fallback is decided by the caller
    "comité de gestion"    a phrase
    -puits                 exclusion
    mali OR sénégal        either ("OU" and "ou" too; "or", French for gold, stays a word)
    titre:forage           title only
    pays:mali  thème:eau  type:guide  année:2015  année:2010-2015   filters
    coop*                  prefix, at most MAX_PREFIX_TERMS expansions
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from cresi_search.facets import BY_PREFIX
from cresi_search.french.normalise import fold
from cresi_search.index.analysis import french_stop_words
from cresi_search.vocab.synonyms import Named

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 24
MIN_PREFIX_CHARS = 2

# Folded field prefix -> what it restricts: "title" searches the title; a facet's name
# filters on that facet (cresi_search/facets.py declares their prefixes).
FIELD_PREFIXES = {"titre": "title", "title": "title", **{p: f.name for p, f in BY_PREFIX.items()}}
FILTER_FIELDS = frozenset(f.name for f in BY_PREFIX.values())

# A French user types "mali ou sénégal". Inside quotes every word stays a word.
OR_WORDS = frozenset({"OR", "OU", "Ou", "ou"})
AND_WORDS = frozenset({"AND", "ET"})

_PIECE = re.compile(
    r'(?P<neg>-?)(?:(?P<field>[^\W\d_]+):)?'
    r'(?:"(?P<phrase>[^"]*)"|"(?P<open>[^"]*)$|(?P<bare>[^\s"]+))'
)
_WORDISH = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Clause:
    """One piece of the query: a word, a phrase or a prefix, maybe on one field."""

    kind: str  # "word" | "phrase" | "prefix"
    text: str
    field: str = ""  # "" = all text fields, "title", or the name of a facet
    negated: bool = False
    prefix_label: str = ""  # the field prefix as the user typed it ("thème")
    named: Named | None = None  # the country or document type these words name

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

    def render(self) -> str:
        """The query as text, to show it (a corrected query, say)."""
        parts = [" OR ".join(c.render() for c in group) for group in self.groups]
        parts += [c.render() for c in self.excluded]
        return " ".join(parts)

    def replaced(self, change: Callable[[Clause], Clause]) -> "ParsedQuery":
        """The same query with `change` applied to each clause."""
        return replace(
            self,
            groups=[[change(c) for c in group] for group in self.groups],
            excluded=[change(c) for c in self.excluded],
        )


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
            if join_next and _is_article(clause):  # "puits ou un forage": puits OR forage
                continue
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


# Articles between "ou" and the word it offers ("un puits ou un forage").
ARTICLES = frozenset({"un", "une", "des", "le", "la", "les", "du", "de", "d", "l"})


def _is_article(c: Clause) -> bool:
    return c.kind == "word" and not c.field and not c.negated and fold(c.text.lower()) in ARTICLES


def _is_filler(c: Clause) -> bool:
    if c.kind != "word" or c.field or c.negated:
        return False
    words = _WORD.findall(fold(c.text.lower()))  # "faut-il" -> faut, il
    stop = french_stop_words()
    return all(w in QUESTION_WORDS or w in stop for w in words)
