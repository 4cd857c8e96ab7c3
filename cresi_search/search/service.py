"""The search service shared by the HTML pages and the JSON API, so both always agree.

    service = SearchService(IndexStore(index_dir), load_taxonomy(None))
    response = service.search(SearchRequest(q="déchets", countries=["TN"]))

One request = one matching pass for the hit set (`docs_for_query`), set intersections
for the facets (facets.py), one ranked search cut to the current page, and one search
on the page entries of the hits for their snippets (snippets.py). Searchers come from
`SearcherCache`, so a new index generation is used by the next request.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any, TypeVar

from markupsafe import Markup
from whoosh import query as wq
from whoosh.index import IndexError as WhooshIndexError
from whoosh.reading import ReaderClosed

from cresi_search.search import facet_counts as fc
from cresi_search.search import snippets
from cresi_search.vocab.labels import Label, Vocabularies
from cresi_search.search.query import (
    DOC_FIELDS,
    MAX_PREFIX_TERMS,
    MAX_QUERY_CHARS,
    PAGE_FIELDS,
    TEXT_FIELDS,
    Clause,
    ParsedQuery,
    QueryBuilder,
    analyse,
    documents_query,
    parse,
    positive_terms,
    shorten,
    without_filler,
)
from cresi_search.index.schema import FIELD_BOOSTS, KIND_DOC
from cresi_search.search.spelling import Vocabulary
from cresi_search.vocab.synonyms import Synonyms, load_synonyms
from cresi_search.index.store import IndexMissing, IndexStore, SearcherCache
from cresi_search.vocab.taxonomy import Taxonomy

SORTS = ("relevance", "date")
MAX_PER_PAGE = 50
MAX_DEPTH = 1000
YEAR_MIN, YEAR_MAX = 1900, 2100
SUGGEST_BELOW = 3  # suggest a spelling when fewer hits than this
AUTO_CORRECT_EDITS = 1  # with no hit, a correction this close is searched at once
SIMILAR_TERMS = 12
SCORE_DIGITS = 6  # scores equal to this many decimals are ties

T = TypeVar("T")


class InvalidRequest(ValueError):
    """A request parameter is out of bounds; the message is French, for people."""


# -- requests and responses (mirror the JSON of /api/search) -----------------------------
@dataclass
class SearchRequest:
    q: str = ""
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    def validate(self) -> None:
        """Raises InvalidRequest with a French message when a parameter is unusable."""
        if self.sort not in SORTS:
            raise InvalidRequest("Tri inconnu : choisissez « relevance » ou « date ».")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise InvalidRequest(
                f"Le nombre de résultats par page (per_page) va de 1 à {MAX_PER_PAGE}."
            )
        if self.page < 1:
            raise InvalidRequest("Le numéro de page doit être supérieur ou égal à 1.")
        if self.page * self.per_page > MAX_DEPTH:
            raise InvalidRequest(f"Seuls les {MAX_DEPTH} premiers résultats sont consultables.")
        for year in self.years:
            if not (year.isdigit() and len(year) == 4 and YEAR_MIN <= int(year) <= YEAR_MAX):
                raise InvalidRequest(f"Année invalide : « {year[:20]} ».")

    def selections(self) -> dict[str, list[str]]:
        """Facet name -> selected values (facet names of the API)."""
        return {
            "country": self.countries,
            "theme": self.themes,
            "type": self.types,
            "year": self.years,
            "organisation": self.organisations,
        }


@dataclass
class SearchHit:
    id: str
    path: str
    title: str
    type: Label | None
    countries: list[Label]
    themes: list[Label]
    year: int | None
    organisation: str | None
    snippet: Markup = Markup("")
    page: int | None = None
    format: str = ""


@dataclass
class SearchResponse:
    query: str
    total: int
    page: int
    per_page: int
    results: list[SearchHit]
    facets: dict[str, list[fc.FacetValue]]
    suggestion: str | None = None
    relaxed: bool = False  # no document had every word: results have at least one
    corrected: bool = False  # the results are those of `suggestion`, searched instead
    notices: list[str] = field(default_factory=list)
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        """Number of result pages reachable within the depth limit."""
        reachable = min(self.total, MAX_DEPTH)
        return max(1, -(-reachable // self.per_page))


@dataclass
class MetaValue:
    """One metadata value and where it came from (catalogue, propriétés, détecté, dossier)."""

    value: Any
    source: str | None


@dataclass
class DocumentView:
    id: str
    path: str
    format: str
    title: str
    summary: str
    keywords: list[str]
    author: str
    date: str
    year: int | None
    type: Label | None
    countries: list[Label]
    themes: list[Label]
    organisation: str | None
    partners: list[str]
    sources: dict[str, str]
    page_count: int
    paged: bool
    text_layer: bool
    warnings: list[str]
    size: int | None

    def with_sources(self) -> dict[str, MetaValue]:
        """The displayed metadata, each with its source."""
        names = {
            "title": self.title, "type": self.type, "countries": self.countries,
            "themes": self.themes, "year": self.year, "date": self.date,
            "organisation": self.organisation, "author": self.author,
            "partners": self.partners, "keywords": self.keywords, "summary": self.summary,
        }
        return {name: MetaValue(v, _source(self.sources, name)) for name, v in names.items()}


def _source(sources: dict[str, str], name: str) -> str | None:
    aliases = {"type": ("type", "doctype"), "countries": ("countries", "country"),
               "themes": ("themes", "theme")}
    for key in aliases.get(name, (name,)):
        if key in sources:
            return sources[key]
    return None


@dataclass
class PageMatch:
    number: int | None  # None when the document has no real pages (not a PDF)
    snippet: Markup


@dataclass
class Health:
    status: str
    generation: str
    documents: int


# -- per-searcher data --------------------------------------------------------------------
class _SearcherData:
    """What one index state lets us compute once: facet sets, words, paths.

    Built in full from one searcher and holding no reference to it, so the searchers of
    every thread on the same state share it.
    """

    def __init__(self, searcher) -> None:
        reader = searcher.reader()
        self.facets = fc.FacetIndex(reader)
        self.vocabulary = Vocabulary(reader)
        # Entry number -> path of every document entry: the tie-break of equal scores,
        # which must not depend on the order in which documents were indexed.
        self.paths = {
            docnum: path
            for path in reader.field_terms("path")
            for docnum in reader.postings("path", path).all_ids()
        }


class SearchService:
    """Searches one index folder; safe to share between threads."""

    def __init__(self, store: IndexStore, taxonomy: Taxonomy) -> None:
        self.store = store
        self.vocab = Vocabularies(taxonomy)
        self.synonyms = Synonyms(load_synonyms(), taxonomy)
        self._searchers = SearcherCache(store)
        self._data: dict[str, _SearcherData] = {}  # index state -> its data (the last two)
        self._lock = threading.Lock()

    # -- plumbing -------------------------------------------------------------------------
    def _run(self, work: Callable[[Any, _SearcherData], T]) -> T:
        """Run `work` on the current searcher; retry once if the index moved under it."""
        try:
            searcher = self._searchers.get()
            return work(searcher, self._data_for(searcher))
        except (OSError, WhooshIndexError, ReaderClosed):
            self._searchers.invalidate()
            searcher = self._searchers.get()  # raises IndexMissing when it is really gone
            return work(searcher, self._data_for(searcher))

    def _data_for(self, searcher) -> _SearcherData:
        """The data of the searcher's index state, computed by the first thread to need it."""
        state = self._searchers.state()
        with self._lock:
            data = self._data.get(state)
            if data is None:
                data = self._data[state] = _SearcherData(searcher)
                # Keep the previous state too: a thread may finish a request on it.
                for old in list(self._data)[:-2]:
                    del self._data[old]
            return data

    def _builder(self, searcher, data: _SearcherData) -> QueryBuilder:
        def expand(prefix: str) -> list[str]:
            words = data.vocabulary.with_prefix(prefix, MAX_PREFIX_TERMS)
            terms = dict.fromkeys(t for w in words for t in analyse(w))
            for raw in islice(searcher.reader().expand_prefix("body", prefix), MAX_PREFIX_TERMS):
                terms.setdefault(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
            return list(terms)[:MAX_PREFIX_TERMS]

        return QueryBuilder(resolve=self.vocab.resolve, expand=expand, fields=DOC_FIELDS,
                            synonyms=self.synonyms)

    # -- search ---------------------------------------------------------------------------
    def search(self, req: SearchRequest) -> SearchResponse:
        """Hits of the requested page, total, facet counts and maybe a suggestion."""
        req.validate()
        return self._run(lambda s, d: self._search(s, d, req))

    def _search(self, searcher, data: _SearcherData, req: SearchRequest) -> SearchResponse:
        typed = parse(req.q)
        builder = self._builder(searcher, data)
        selections = {k: list(dict.fromkeys(v)) for k, v in req.selections().items()}
        chosen = fc.selection_sets(data.facets, selections)

        def find(parsed: ParsedQuery, need: int = 0) -> tuple[_Match, frozenset[int]]:
            match = _match(searcher, data, builder, parsed, req.q, need)
            return match, fc.apply_selections(match.docs, chosen)

        # Every word; else the one-edit correction of a misspelt word; else fewer words.
        parsed = without_filler(typed)
        match, hits = find(parsed)
        strict_total = len(hits)
        corrected = None
        if not hits and typed.groups:
            corrected = _corrected(data, typed, max_edits=AUTO_CORRECT_EDITS)
        if corrected is not None:
            fixed = without_filler(corrected)
            fixed_match, fixed_hits = find(fixed)
            if fixed_hits:
                parsed, match, hits = fixed, fixed_match, fixed_hits
            else:
                corrected = None
        for need in [] if hits else _relaxations(len(parsed.groups)):
            match, hits = find(parsed, need)
            if hits:
                break

        ranked = _rank(searcher, data, match, hits, req)
        response = SearchResponse(
            query=shorten(req.q)[0],
            total=len(hits), page=req.page, per_page=req.per_page,
            results=self._hits(searcher, builder, parsed, ranked),
            facets=fc.facet_counts(data.facets, match.docs, selections, self.vocab.label),
            relaxed=match.relaxed and bool(hits), notices=_notices(typed, match, bool(hits)),
            sort=req.sort,
        )
        if corrected is not None:
            response.suggestion = corrected.render()
            response.corrected = True
            response.notices.insert(0, _corrected_notice(response.suggestion, response.query))
        elif strict_total < SUGGEST_BELOW and typed.groups:
            response.suggestion = _suggest(searcher, data, builder, typed, strict_total, chosen)
        return response

    def _hits(self, searcher, builder, parsed, docnums: list[int]) -> list[SearchHit]:
        stored = [searcher.stored_fields(n) for n in docnums]
        page_query = builder.for_fields(PAGE_FIELDS).positive(parsed, relaxed=True)
        terms = positive_terms(builder.positive(parsed, relaxed=True), TEXT_FIELDS)
        best = {}
        if page_query is not None:
            best = snippets.best_pages(searcher, [f["id"] for f in stored], page_query)
        return [self._hit(searcher, f, best.get(f["id"]), terms) for f in stored]

    def _hit(self, searcher, f: dict, page_docnum: int | None, terms: set[str]) -> SearchHit:
        hit = self._summary(f)
        meta = f.get("meta") or {}
        if page_docnum is not None:
            page = searcher.stored_fields(page_docnum)
            snippet = snippets.highlight_text(page.get("page_text", ""), terms)
            if snippet:
                hit.snippet = snippet
                hit.page = page.get("pagenum") if meta.get("paged") else None
                return hit
        hit.snippet = _fallback_snippet(f, terms)
        return hit

    def _summary(self, f: dict) -> SearchHit:
        """A hit without snippet, from a document entry's stored fields."""
        return SearchHit(
            id=f["id"], path=f.get("path", ""), title=f.get("title") or f.get("path", ""),
            type=self.vocab.type_label(f.get("doctype", "")),
            countries=[self.vocab.country(c) for c in _split(f.get("country"))],
            themes=[self.vocab.theme(t) for t in _split(f.get("theme"))],
            year=int(f["year"]) if (f.get("year") or "").isdigit() else None,
            organisation=f.get("organisation") or None, format=f.get("format", ""),
        )

    # -- one document ---------------------------------------------------------------------
    def document(self, doc_id: str) -> DocumentView | None:
        """All metadata of one document, or None when the id is not indexed."""
        return self._run(lambda s, d: self._document(s, doc_id))

    def _document(self, searcher, doc_id: str) -> DocumentView | None:
        docnum = _docnum(searcher, doc_id)
        if docnum is None:
            return None
        f = searcher.stored_fields(docnum)
        meta = f.get("meta") or {}
        hit = self._summary(f)
        return DocumentView(
            id=hit.id, path=hit.path, format=hit.format, title=hit.title,
            summary=f.get("summary") or "", keywords=_split(f.get("keywords"), ";"),
            author=meta.get("author") or "", date=meta.get("date") or "", year=hit.year,
            type=hit.type, countries=hit.countries, themes=hit.themes,
            organisation=hit.organisation, partners=list(meta.get("partners") or []),
            sources=dict(meta.get("sources") or {}), page_count=meta.get("page_count", 0),
            paged=bool(meta.get("paged")), text_layer=meta.get("text_layer", True),
            warnings=list(meta.get("warnings") or []), size=f.get("size"),
        )

    def pages_matching(self, doc_id: str, q: str, limit: int = 10) -> list[PageMatch]:
        """The pages of one document where the query matches, in page order."""
        limit = max(1, min(limit, MAX_PER_PAGE))
        return self._run(lambda s, d: self._pages_matching(s, d, doc_id, q, limit))

    def _pages_matching(self, searcher, data, doc_id, q, limit) -> list[PageMatch]:
        docnum = _docnum(searcher, doc_id)
        builder = self._builder(searcher, data).for_fields(PAGE_FIELDS)
        page_query = builder.positive(parse(q), relaxed=True)
        if docnum is None or page_query is None:
            return []
        paged = bool((searcher.stored_fields(docnum).get("meta") or {}).get("paged"))
        terms = positive_terms(page_query, PAGE_FIELDS)
        found = []
        for n in snippets.ranked_pages(searcher, doc_id, page_query, limit):
            page = searcher.stored_fields(n)
            snippet = snippets.highlight_text(page.get("page_text", ""), terms, top=3)
            if snippet:
                found.append(PageMatch(page.get("pagenum") if paged else None, snippet))
        return sorted(found, key=lambda p: p.number or 0)

    def similar(self, doc_id: str, n: int = 5) -> list[SearchHit]:
        """Documents sharing the key terms of this one's title, summary, keywords and text."""
        n = max(1, min(n, MAX_PER_PAGE))
        return self._run(lambda s, d: self._similar(s, doc_id, n))

    def _similar(self, searcher, doc_id: str, n: int) -> list[SearchHit]:
        docnum = _docnum(searcher, doc_id)
        if docnum is None:
            return []
        f = searcher.stored_fields(docnum)
        key_terms = searcher.key_terms_from_text("body", self._profile(f), numterms=SIMILAR_TERMS)
        if not key_terms:
            return []
        likeness = wq.Or([
            wq.Term(name, term, boost=weight * FIELD_BOOSTS[name])
            for term, weight in key_terms for name in DOC_FIELDS
        ])
        q = wq.And([wq.Term("kind", KIND_DOC), likeness])
        results = searcher.search(q, limit=n, mask={docnum})
        return [self._summary(searcher.stored_fields(d)) for d, _ in results.items()]

    def _profile(self, f: dict) -> str:
        """The text a document is compared on (its tags are not stored: labels instead)."""
        hit = self._summary(f)
        labels = [lab.label for lab in hit.countries + hit.themes]
        parts = [f.get("title"), f.get("summary"), f.get("keywords"), " ".join(labels),
                 (f.get("meta") or {}).get("excerpt")]
        return "\n".join(p for p in parts if p)

    # -- health ---------------------------------------------------------------------------
    def health(self) -> Health:
        """Raises IndexMissing when there is no index to search."""

        def work(searcher, data: _SearcherData) -> Health:
            return Health("ok", self._searchers.generation(), len(data.facets.documents))

        return self._run(work)


# -- helpers ------------------------------------------------------------------------------
@dataclass
class _Match:
    docs: frozenset[int]
    query: wq.Query | None  # None: browse (no text query)
    scored: bool
    relaxed: bool = False  # documents may miss some groups of words
    unusable: bool = False  # words typed but nothing searchable left in them
    need: int = 0  # when relaxed, how many groups of words a document has at least
    scores: dict | None = None  # docnum -> score of every match, when already computed


def _relaxations(groups: int) -> list[int]:
    """How many groups a document must match when none matches them all: all but one
    first (when that still leaves two), then any."""
    if groups < 2:
        return []
    return [groups - 1, 1] if groups >= 3 else [1]


def _match(searcher, data, builder, parsed: ParsedQuery, raw: str, need: int = 0) -> _Match:
    """Documents matching the query text, before facet selections: every group of words,
    or with `need`, at least that many groups (ranked by all the words they hold)."""
    if not raw.strip():
        return _Match(data.facets.documents, None, scored=False)
    relaxed = 0 < need < len(parsed.groups)
    positive = builder.positive(parsed, relaxed=relaxed)
    negative = builder.negative(parsed)
    if positive is None and negative is None:
        return _Match(frozenset(), None, scored=False, unusable=True)
    q = documents_query(positive, negative)
    if relaxed:
        scores = None
        docs = _matching_enough(searcher, data, builder, parsed, negative, need)
    else:  # one scored pass gives both the hit set and the ranking
        scores = dict(searcher.search(q, limit=None).items())
        docs = frozenset(scores) & data.facets.documents
    return _Match(docs, q, scored=positive is not None, relaxed=relaxed, need=need, scores=scores)


def _matching_enough(searcher, data, builder, parsed, negative, need: int) -> frozenset[int]:
    """Documents that match at least `need` groups of the query's words."""
    counts: Counter[int] = Counter()
    for group in parsed.groups:
        q = builder.positive(ParsedQuery(groups=[group]))
        if q is not None:
            counts.update(searcher.docs_for_query(documents_query(q, negative)))
    return frozenset(d for d, n in counts.items() if n >= need) & data.facets.documents


def _rank(searcher, data: _SearcherData, match: _Match, hits: frozenset[int],
          req: SearchRequest) -> list[int]:
    """Entry numbers of the requested page of hits, in display order."""
    if not hits:
        return []
    start, limit = (req.page - 1) * req.per_page, req.page * req.per_page
    q = match.query if match.query is not None else wq.Term("kind", KIND_DOC)
    allowed = set(hits)  # Whoosh wants a real set (not a frozenset) as filter
    if req.sort == "date" or not match.scored:
        results = searcher.search(q, filter=allowed, limit=limit, sortedby="sort_date",
                                  reverse=True)
        return [docnum for docnum, _ in results.items()][start:]
    if match.scores is not None:
        return _sorted_by_score(data, [(d, match.scores[d]) for d in allowed])[start:limit]
    return _by_score(searcher, data, q, allowed)[start:limit]


def _by_score(searcher, data: _SearcherData, q: wq.Query, allowed: set[int]) -> list[int]:
    """Every hit, best score first; equal scores in path order.

    All hits are scored (no `limit`): Whoosh's top-N search prunes matchers on score
    bounds that some of its matchers get wrong (an OR of three clauses or more bounds
    its score by the best clause instead of the sum), which can drop good documents.
    Ties go by path so that the order does not depend on the order of indexing.
    """
    results = searcher.search(q, filter=allowed, limit=None)
    return _sorted_by_score(data, results.items())


def _sorted_by_score(data, items) -> list[int]:
    paths = data.paths

    def order(item: tuple[int, float]) -> tuple[float, str]:
        docnum, score = item
        return -round(score, SCORE_DIGITS), paths.get(docnum, "")

    return [docnum for docnum, _ in sorted(items, key=order)]


def _notices(parsed: ParsedQuery, match: _Match, found: bool) -> list[str]:
    notes = []
    if parsed.truncated:
        notes.append(f"Votre recherche a été raccourcie à {MAX_QUERY_CHARS} caractères.")
    if match.unusable:
        notes.append("Votre recherche ne contient aucun mot exploitable.")
    if match.relaxed and found:
        which = "qui en contiennent au moins un" if match.need == 1 else "où il n'en manque qu'un"
        notes.append(f"Aucun document ne contient tous vos mots : voici ceux {which}.")
    return notes


def _corrected_notice(corrected: str, typed: str) -> str:
    return f"Résultats pour « {corrected} » ; rechercher plutôt « {typed} »."


def _corrected(data, parsed: ParsedQuery, max_edits: int | None = None) -> ParsedQuery | None:
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
        words = [data.vocabulary.correct(w, max_edits) or w for w in c.text.split()]
        if words != c.text.split():
            changed = True
            return replace(c, text=" ".join(words))
        return c

    text = parsed.render(fix)
    return parse(text) if changed else None


def _suggest(searcher, data, builder, parsed, found: int, chosen) -> str | None:
    """A corrected query whose words all match more documents than the query as
    typed (`found`)."""
    corrected = _corrected(data, parsed)
    if corrected is None:
        return None
    text = corrected.render()
    better = _match(searcher, data, builder, without_filler(corrected), text)
    return text if len(fc.apply_selections(better.docs, chosen)) > found else None


def _fallback_snippet(f: dict, terms: set[str]) -> Markup:
    summary = f.get("summary") or ""
    marked = snippets.highlight_text(summary, terms) if summary else None
    if marked:
        return marked
    return snippets.plain_snippet(summary or (f.get("meta") or {}).get("excerpt", ""))


def _docnum(searcher, doc_id: str) -> int | None:
    if not doc_id or "/" in doc_id:  # page entries have "id/pN" ids
        return None
    docnum = searcher.document_number(id=doc_id)
    if docnum is None or searcher.stored_fields(docnum).get("kind") != KIND_DOC:
        return None
    return docnum


def _split(value: str | None, sep: str = ",") -> list[str]:
    return [v.strip() for v in (value or "").split(sep) if v.strip()]


__all__ = [
    "DocumentView", "Health", "IndexMissing", "InvalidRequest", "Label", "PageMatch",
    "SearchHit", "SearchRequest", "SearchResponse", "SearchService",
]
