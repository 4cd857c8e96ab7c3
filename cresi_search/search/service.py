"""The search service shared by the HTML pages and the JSON API, so both always agree.

    service = SearchService(IndexStore(index_dir), load_taxonomy(None))
    response = service.search(SearchRequest(q="déchets", filters={"country": ["TN"]}))

A search, top to bottom (each step in its own module):
    request.validate()              bounds, French messages            request.py
    parse(q)                        the typed query, once              syntax.py
    builder.compile(parsed)         its Whoosh queries, once           building.py
    find(...)                       matches, and the no-hit fallbacks  fallbacks.py
    page_of_hits(...)               order and the requested page       ranking.py
    hits_with_snippets(...)         best page and passage of each hit  stored.py, snippets.py
    facet_counts(...)               counts from document-number sets   facet_counts.py
Searchers come from `Searchers`, so a new index generation is used by the next request.

Every method reads the index as the service's audience sees it (`seen_by`): PUBLIC, the
default, never sees a document marked "equipe" — not in hits, totals, facets, snippets,
suggestions, prefixes, similar documents, one document's page or its file.
"""

from __future__ import annotations

import copy
import time
from dataclasses import replace

from whoosh import query as wq

from cresi_search.index.schema import FIELD_BOOSTS, KIND_DOC
from cresi_search.index.store import IndexStore
from cresi_search.search import facet_counts as fc
from cresi_search.search import snippets
from cresi_search.search.building import DOC_FIELDS, Expansions, QueryBuilder, analyse
from cresi_search.search.fallbacks import Found, find, suggest
from cresi_search.search.ranking import page_of_hits
from cresi_search.search.filter_values import resolve_filters
from cresi_search.search.overview import Overview, overview
from cresi_search.search.request import MAX_DEPTH, MAX_PER_PAGE, SearchRequest
from cresi_search.search.duplicates import copy_reason
from cresi_search.search.results import (
    Alternate,
    CopyGroup,
    DocumentView,
    Health,
    PageMatch,
    SearchHit,
    SearchResponse,
)
from cresi_search.search.searchers import AUDIENCES, PUBLIC, STAFF, Searchers, View
from cresi_search.search.stored import (
    docnum_of,
    document_view,
    hits_with_snippets,
    profile_text,
    summary_hit,
)
from cresi_search.search.syntax import MAX_QUERY_CHARS, ParsedQuery, parse, shorten
from cresi_search.vocab.labels import Vocabularies
from cresi_search.vocab.synonyms import Synonyms, load_synonyms
from cresi_search.vocab.taxonomy import Taxonomy

SUGGEST_BELOW = 3  # suggest a spelling when fewer hits than this
TIME_BUDGET_S = 2.0  # past it, a search answers with the words it has matched
SIMILAR_TERMS = 12


class SearchService:
    """Searches one index folder as one audience sees it; safe to share between threads."""

    def __init__(self, store: IndexStore, taxonomy: Taxonomy) -> None:
        self.store = store
        self.vocab = Vocabularies(taxonomy)
        self.synonyms = Synonyms(load_synonyms(), taxonomy)
        self._searchers = Searchers(store)
        self.time_budget_s = TIME_BUDGET_S
        self.audience = PUBLIC

    def seen_by(self, audience: str) -> "SearchService":
        """The same service (same searchers and caches) reading as `audience` sees."""
        if audience not in AUDIENCES:
            raise ValueError(f"audience inconnue : {audience!r}")
        if audience == self.audience:
            return self
        other = copy.copy(self)
        other.audience = audience
        return other

    def _run(self, work):
        return self._searchers.run(work, self.audience)

    def _builder(self, view: View) -> QueryBuilder:
        def expand(prefix: str, limit: int) -> list[str]:
            """Index terms of the words starting with `prefix`, the most frequent first."""
            words = view.state.vocabulary.with_prefix(prefix, limit)
            terms = dict.fromkeys(t for w in words for t in analyse(w))
            for raw in _raw_prefix_terms(view, prefix, limit):
                terms.setdefault(raw)
            return list(terms)[:limit]

        return QueryBuilder(resolve=self.vocab.resolve, expand=Expansions(expand),
                            synonyms=self.synonyms)

    # -- search ---------------------------------------------------------------------------
    def search(self, req: SearchRequest) -> SearchResponse:
        """Hits of the requested page, total, facet counts and maybe a suggestion."""
        req.validate()
        return self._run(lambda view: self._search(view, req))

    def _search(self, view: View, req: SearchRequest) -> SearchResponse:
        deadline = time.monotonic() + self.time_budget_s
        builder = self._builder(view)
        typed = builder.recognise(parse(req.q))
        compile_query = builder.compile
        chosen = fc.selection_sets(view.state.facets, req.filters, req.ranges)
        found = find(view, compile_query, typed, req.q, chosen, deadline)
        total = len(found.hits)
        shown = req.first() < min(total, MAX_DEPTH)  # else a page past the last one
        ranked = page_of_hits(view, found, req) if shown else []
        results = hits_with_snippets(view, ranked, found.compiled, self.vocab)
        for docnum, hit in zip(ranked, results):
            hit.missing = _missing_words(found, docnum)
            hit.also = _alternates(view, docnum)
        response = SearchResponse(
            query=shorten(req.q)[0],
            total=total, page=req.page, per_page=req.per_page,
            results=results,
            facets=fc.facet_counts(view.state.facets, found.match.docs, chosen, req.filters,
                                   self.vocab.label),
            complete=len(found.complete),
            relaxed=bool(found.hits) and not found.complete,
            notices=_notices(typed, found, builder.expand),
            sort=req.sort,
            ranges=dict(req.ranges),
        )
        response.notices += _page_notices(response)
        if found.correction is not None:
            response.suggestion = found.correction.render()
            response.corrected = True
            response.notices.insert(0, _corrected_notice(response.suggestion, response.query))
        elif found.typed_complete < SUGGEST_BELOW and typed.groups and time.monotonic() < deadline:
            response.suggestion = suggest(view, compile_query, typed, found.typed_complete, chosen)
        return response

    def every_hit(self, req: SearchRequest) -> list[SearchHit]:
        """Every hit of a search, in its order, without snippets nor depth limit (the CSV
        export): the same matching and fallbacks as `search`."""
        req.validate()

        def work(view: View) -> list[SearchHit]:
            chosen = fc.selection_sets(view.state.facets, req.filters, req.ranges)
            builder = self._builder(view)
            typed = builder.recognise(parse(req.q))
            found = find(view, builder.compile, typed, req.q, chosen,
                         time.monotonic() + self.time_budget_s)
            everything = replace(req, page=1, per_page=max(len(found.hits), 1))
            ranked = page_of_hits(view, found, everything)
            return [summary_hit(view.searcher.stored_fields(n), self.vocab) for n in ranked]

        return self._run(work)

    def resolve_filters(self, filters: dict[str, list[str]]) -> dict[str, list[str]]:
        """The filters as the index spells them: codes for labels ("mali" -> "ML"),
        organisations as stored, whatever the case and accents. InvalidRequest, with the
        values there are, for a value that names nothing (never a silent 0)."""
        return self._run(
            lambda view: resolve_filters(view.state.facets, self.vocab, filters))

    def overview(self, rows: str = "country", columns: str = "theme") -> Overview:
        """Documents per facet value over the whole collection, and `rows` x `columns`."""
        return self._run(
            lambda view: overview(view.state.browsed, self.vocab.label, rows, columns))

    # -- one document ---------------------------------------------------------------------
    def document(self, doc_id: str) -> DocumentView | None:
        """All metadata of one document, or None when the id is not indexed."""

        def work(view: View) -> DocumentView | None:
            docnum = docnum_of(view, doc_id)
            if docnum is None:
                return None
            doc = document_view(view.searcher.stored_fields(docnum), self.vocab)
            doc.also = _alternates(view, docnum)
            return doc

        return self._run(work)

    def successor(self, former_id: str) -> str | None:
        """The id of the document that had `former_id` before its file was renamed or
        moved (renamed twice: the last id), None when there is none the audience may see."""

        def work(view: View) -> str | None:
            if not former_id or "/" in former_id:
                return None
            for docnum in view.searcher.document_numbers(former_ids=former_id):
                if view.visible(docnum):
                    return view.searcher.stored_fields(docnum)["id"]
            return None

        return self._run(work)

    def pages_matching(self, doc_id: str, q: str, limit: int = 10) -> list[PageMatch]:
        """The pages of one document where the query matches, in page order."""
        limit = max(1, min(limit, MAX_PER_PAGE))
        return self._run(lambda view: self._pages_matching(view, doc_id, q, limit))

    def _pages_matching(self, view: View, doc_id: str, q: str, limit: int) -> list[PageMatch]:
        docnum = docnum_of(view, doc_id)
        compiled = self._builder(view).compile(parse(q))
        if docnum is None or compiled.pages is None:
            return []
        paged = bool((view.searcher.stored_fields(docnum).get("meta") or {}).get("paged"))
        terms = compiled.page_terms()
        found = []
        for n in snippets.ranked_pages(view.searcher, doc_id, compiled.pages, limit):
            page = view.searcher.stored_fields(n)
            snippet = snippets.highlight_text(page.get("page_text", ""), terms, top=3)
            if snippet:
                found.append(PageMatch(page.get("pagenum") if paged else None, snippet))
        return sorted(found, key=lambda p: p.number or 0)

    def similar(self, doc_id: str, n: int = 5) -> list[SearchHit]:
        """Documents sharing the key terms of this one's title, summary, keywords and text."""
        n = max(1, min(n, MAX_PER_PAGE))
        return self._run(lambda view: self._similar(view, doc_id, n))

    def _similar(self, view: View, doc_id: str, n: int) -> list[SearchHit]:
        searcher = view.searcher
        docnum = docnum_of(view, doc_id)
        if docnum is None:
            return []
        profile = profile_text(searcher.stored_fields(docnum), self.vocab)
        key_terms = searcher.key_terms_from_text("body", profile, numterms=SIMILAR_TERMS)
        if not key_terms:
            return []
        likeness = wq.Or([
            wq.Term(name, term, boost=weight * FIELD_BOOSTS[name])
            for term, weight in key_terms for name in DOC_FIELDS
        ])
        q = wq.And([wq.Term("kind", KIND_DOC), likeness])
        copies = {docnum, *view.state.copies.others(docnum)}  # not "similar"
        # One entry per group of copies of another document, as in the results.
        results = searcher.search(q, limit=n, filter=set(view.state.browsed.documents), mask=copies)
        return [summary_hit(searcher.stored_fields(d), self.vocab) for d, _ in results.items()]

    def documents(self) -> list[DocumentView]:
        """Every document the audience may see, in path order (the team's curation pages)."""

        def work(view: View) -> list[DocumentView]:
            stored = [view.searcher.stored_fields(n) for n in view.state.documents]
            views = [document_view(f, self.vocab) for f in stored]
            return sorted(views, key=lambda d: d.path)

        return self._run(work)

    def copy_groups(self) -> list[CopyGroup]:
        """The groups of copies of the audience's documents (the team's /equipe/doublons),
        in path order of their first member."""

        def work(view: View) -> list[CopyGroup]:
            out = []
            for group in view.state.copies.groups:
                docs = {n: document_view(view.searcher.stored_fields(n), self.vocab) for n in group}
                reasons = [(docs[link.a].path, docs[link.b].path, copy_reason(link))
                           for link in view.state.copies.links_of(group)]
                out.append(CopyGroup(list(docs.values()), reasons))
            return sorted(out, key=lambda g: g.members[0].path)

        return self._run(work)

    # -- health ---------------------------------------------------------------------------
    def health(self) -> Health:
        """Raises IndexMissing when there is no index to search."""
        return self._run(lambda view: Health("ok", view.generation, len(view.state.documents)))


def _raw_prefix_terms(view: View, prefix: str, limit: int):
    """Body terms starting with the prefix, in order, that a document the audience may
    see holds (up to `limit`): words of the text the surface vocabulary spells
    otherwise. A term only team-only documents hold is skipped, so it takes no public
    term's place under the limit."""
    reader = view.searcher.reader()
    documents = view.state.documents
    found = 0
    for raw in reader.expand_prefix("body", prefix):
        if found >= limit:
            return
        term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if view.state.audience != STAFF and not fc.term_docs(reader, "body", term) & documents:
            continue
        found += 1
        yield term


def _alternates(view: View, docnum: int) -> list[Alternate]:
    """The other copies of a document that the view's audience may see."""
    out = []
    for n in view.state.copies.others(docnum):
        f = view.searcher.stored_fields(n)
        out.append(Alternate(f["id"], f.get("format", ""), f.get("path", "")))
    return out


def _missing_words(found: Found, docnum: int) -> list[str]:
    """The groups of words (as typed) a hit lacks; none for a complete hit."""
    if docnum in found.complete:
        return []
    groups = found.compiled.parsed.groups
    return [" OU ".join(c.render().strip(",;:.!?") for c in groups[i])
            for i in found.match.missing(docnum)]


def _notices(typed: ParsedQuery, found: Found, expansions: Expansions) -> list[str]:
    notes = []
    if typed.truncated:
        notes.append(f"Votre recherche a été raccourcie à {MAX_QUERY_CHARS} caractères.")
    if expansions.cut:
        notes.append("Vos préfixes (mot*) ont été limités aux mots les plus fréquents qui "
                     "commencent ainsi : allongez-les pour des résultats complets.")
    if found.match.unusable:
        notes.append("Votre recherche ne contient aucun mot exploitable.")
    if found.match.stopped:
        notes.append("Votre recherche était trop longue à calculer : seuls ses premiers mots "
                     "ont été cherchés. Raccourcissez-la pour des résultats complets.")
    if found.hits and not found.complete:
        notes.append("Aucun document ne contient tous vos mots : voici ceux qui en contiennent une partie.")
    return notes


def _page_notices(res: SearchResponse) -> list[str]:
    """Past the last page, or at the depth limit: say so (only with more than MAX_DEPTH
    hits is the limit mentioned)."""
    if res.total > MAX_DEPTH and res.page >= res.pages:
        return [f"Seuls les {MAX_DEPTH} premiers résultats sont consultables : "
                "précisez la recherche ou ajoutez un filtre."]
    if res.total and res.page > res.pages:
        return [f"La page {res.page} n'existe pas : les résultats s'arrêtent à la "
                f"page {res.pages}."]
    return []


def _corrected_notice(corrected: str, typed: str) -> str:
    return f"Résultats pour « {corrected} » ; rechercher plutôt « {typed} »."
