"""SearchService on a real index: query language, facets, snippets, suggestions, freshness."""

from __future__ import annotations

import shutil
import threading
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BY_ID, DOCS, EXTRA_DOC, Doc, build_index
from cresi_search.search import InvalidRequest, SearchRequest, SearchService
from cresi_search.search.building import MAX_PREFIX_TERMS
from cresi_search.search.syntax import parse
from cresi_search.index.store import IndexMissing, IndexStore
from cresi_search.vocab.synonyms import Synonyms


@pytest.fixture()
def service(store, taxonomy) -> SearchService:
    return SearchService(store, taxonomy)


def ids(response) -> set[str]:
    return {hit.id for hit in response.results}


FILTER_ARGS = {"countries": "country", "themes": "theme", "types": "type", "years": "year"}


def request(q="", **kw) -> SearchRequest:
    """A SearchRequest, with facet filters given as countries=[…], themes=[…]…"""
    filters = {FILTER_ARGS[k]: kw.pop(k) for k in list(kw) if k in FILTER_ARGS}
    return SearchRequest(q=q, filters=filters, **kw)


def search(service, q="", **kw):
    kw.setdefault("per_page", 50)
    return service.search(request(q, **kw))


def facet(response, name) -> dict[str, int]:
    return {fv.value: fv.count for fv in response.facets[name]}


def expected_counts(docs, attribute) -> dict[str, int]:
    """Facet counts computed from the fixture records themselves, not from the index."""
    counts: Counter[str] = Counter()
    for d in docs:
        value = getattr(d, attribute)
        values = value if isinstance(value, list) else [value]
        counts.update(str(v) for v in values if v)
    return dict(counts)


# -- browsing and facets ------------------------------------------------------------------
def test_empty_query_lists_every_document_newest_first(service):
    res = search(service)
    assert res.total == len(DOCS) == 16
    years = [hit.year for hit in res.results]
    assert years == sorted(years, reverse=True)
    assert res.results[0].id == "dechets-douentza"


def test_facet_counts_without_selection_match_the_records(service):
    res = search(service)
    assert facet(res, "country") == expected_counts(DOCS, "countries")
    assert facet(res, "theme") == expected_counts(DOCS, "themes")
    assert facet(res, "type") == expected_counts(DOCS, "type")
    assert facet(res, "year") == expected_counts(DOCS, "year")
    assert facet(res, "organisation") == expected_counts(DOCS, "organisation")
    assert facet(res, "country") == {"ML": 5, "HT": 3, "TN": 2, "CA": 1, "MG": 1}


def test_facet_values_are_sorted_by_count_then_label_with_french_labels(service):
    countries = search(service).facets["country"]
    assert [fv.label for fv in countries] == ["Mali", "Haïti", "Tunisie", "Canada", "Madagascar"]
    themes = {fv.value: fv.label for fv in search(service).facets["theme"]}
    assert themes["dechets"] == "Gestion des déchets"


def test_values_of_one_facet_combine_with_or(service):
    res = search(service, countries=["ML", "HT"])
    assert ids(res) == {d.id for d in DOCS if {"ML", "HT"} & set(d.countries)}
    assert res.total == 8


def test_facets_combine_with_and(service):
    res = search(service, countries=["ML", "HT"], themes=["dechets"])
    assert ids(res) == {"dechets-douentza", "dechets-jacmel"}


def test_each_facet_ignores_its_own_selection(service):
    res = search(service, countries=["ML", "HT"], themes=["dechets"])
    # Countries: only the theme applies -> documents about waste, per country.
    assert facet(res, "country") == {"ML": 1, "HT": 1, "TN": 1}
    # Themes: only the countries apply -> themes of Malian and Haitian documents.
    malian_or_haitian = [d for d in DOCS if {"ML", "HT"} & set(d.countries)]
    assert facet(res, "theme") == expected_counts(malian_or_haitian, "themes")
    # Other facets: both selections apply.
    assert facet(res, "year") == {"2016": 1, "2024": 1}
    selected = {fv.value for fv in res.facets["country"] if fv.selected}
    assert selected == {"ML", "HT"}


def test_facet_counts_follow_the_text_query(service):
    res = search(service, "déchets", countries=["TN"])
    assert ids(res) == {"compost-sfax"}
    assert facet(res, "country") == {"ML": 1, "HT": 1, "TN": 1}
    assert facet(res, "theme") == {"dechets": 1, "environnement": 1}


def test_unknown_selected_value_is_listed_with_zero(service):
    res = search(service, countries=["ZZ"])
    assert res.total == 0
    zz = [fv for fv in res.facets["country"] if fv.value == "ZZ"]
    assert zz and zz[0].count == 0 and zz[0].selected


# -- query language -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, plain",
    [("décharge", "decharge"), ("Québec", "quebec"), ("coopération", "COOPERATION"),
     ("maraîchage", "maraichage"), ("sécurité", "securite")],
)
def test_accents_and_case_do_not_matter(service, typed, plain):
    assert ids(search(service, typed)) == ids(search(service, plain)) != set()


def complete_ids(response) -> set[str]:
    """The hits holding every word: they come first."""
    return {hit.id for hit in response.results[: response.complete]}


def test_documents_with_every_word_come_first(service):
    res = search(service, "déchets Sfax")
    assert complete_ids(res) == {"compost-sfax"} and res.results[0].id == "compost-sfax"
    assert not res.relaxed and res.notices == []
    partial = res.results[res.complete:]
    assert {h.id for h in partial} == {"dechets-douentza", "dechets-jacmel"}
    assert all(h.missing == ["Sfax"] for h in partial)
    assert res.results[0].missing == []


def test_a_document_lacking_a_word_is_not_lost(service):
    # No document holds the three words: those holding some come, best first.
    res = search(service, "miel ruches forage")
    assert res.complete == 0 and res.relaxed
    assert res.results[0].id == "apiculture-madagascar" and res.results[0].missing == ["forage"]
    assert "eau-douentza" in ids(res)
    assert res.notices == ["Aucun document ne contient tous vos mots : voici ceux qui en contiennent une partie."]


def test_phrase_needs_the_words_together(service):
    assert ids(search(service, '"comité de gestion"')) == {"eau-douentza"}
    assert complete_ids(search(service, "comité gestion")) == {"eau-douentza", "dechets-jacmel"}


def test_exclusion(service):
    assert ids(search(service, "déchets")) == {"dechets-douentza", "dechets-jacmel", "compost-sfax"}
    assert ids(search(service, "déchets -jacmel")) == {"dechets-douentza", "compost-sfax"}
    assert ids(search(service, 'déchets -"tri sélectif"')) == {"dechets-douentza", "dechets-jacmel"}


def test_only_an_exclusion_lists_the_rest(service):
    assert search(service, "-douentza").total == len(DOCS) - 5


def test_or(service):
    assert ids(search(service, "miel OR forage")) == {"apiculture-madagascar", "eau-douentza"}
    assert ids(search(service, "miel OU forage")) == {"apiculture-madagascar", "eau-douentza"}


def test_soft_or_when_no_document_has_every_word(service):
    res = search(service, "miel forage")
    assert ids(res) == {"apiculture-madagascar", "eau-douentza"}
    assert res.relaxed and res.notices


def test_title_prefix(service):
    assert ids(search(service, "titre:coopération")) == {"guide-cooperation"}
    assert len(search(service, "coopération").results) > 1
    assert ids(search(service, 'titre:"santé maternelle"')) == {"sante-douentza"}


@pytest.mark.parametrize("q", ["pays:mali", "pays:ML", "pays:Malien", "Pays:MALI"])
def test_country_prefix_accepts_names_codes_and_aliases(service, q):
    assert ids(search(service, q)) == {d.id for d in DOCS if "ML" in d.countries}


def test_country_prefix_combines_with_words_and_or(service):
    assert ids(search(service, "déchets pays:haïti")) == {"dechets-jacmel"}  # a filter is required
    assert ids(search(service, "pays:haïti séisme")) == {"ecoles-haiti"}
    both = search(service, "pays:haïti OR pays:tunisie")
    assert ids(both) == {d.id for d in DOCS if {"HT", "TN"} & set(d.countries)}
    assert ids(search(service, "déchets -pays:mali")) == {"dechets-jacmel", "compost-sfax"}


def test_theme_type_and_year_prefixes(service):
    sante = {d.id for d in DOCS if "sante" in d.themes}
    assert ids(search(service, "thème:santé")) == sante
    assert ids(search(service, "theme:sante")) == sante
    assert ids(search(service, "thème:sante")) == sante
    assert ids(search(service, "type:guide")) == {"guide-financements", "guide-cooperation"}
    assert ids(search(service, "année:2012")) == {"eau-douentza", "ecoles-haiti"}
    in_range = {d.id for d in DOCS if d.year and 2010 <= d.year <= 2016}
    assert ids(search(service, "annee:2010-2016")) == in_range


def test_unknown_country_searches_the_word_instead(service):
    assert search(service, "pays:atlantide").total == 0
    assert ids(search(service, "pays:compostage")) == {"compost-sfax"}


def test_prefix_search(service):
    assert ids(search(service, "compost*")) == {"compost-sfax"}
    coop = ids(search(service, "coopérat*"))
    assert {"cafe-haiti", "guide-cooperation"} <= coop  # coopérative and coopération


def test_leading_wildcard_is_ignored(service):
    assert ids(search(service, "*compostage")) == ids(search(service, "compostage"))


def test_prefix_expansion_is_bounded(service, store):
    with store.open().searcher() as s:
        from cresi_search.search.searchers import PUBLIC, IndexState, View

        builder = service._builder(View(s, IndexState(s).seen_by(PUBLIC, s), "test"))
        assert len(builder.expand("")) <= MAX_PREFIX_TERMS
        assert len(builder.expand("c")) <= MAX_PREFIX_TERMS


@pytest.mark.parametrize(
    "q", ['"unbalanced', "AND OR", "(((", "titre:", "*", "**", "-", '""', "pays:", "OR déchets",
          "déchets OR", "a:b:c", "))) déchets (((", "année:abcd", "année:99999", "\x00\x01",
          "🙂 déchets", "x" * 10_000, "déchets " * 2_000],
)
def test_malformed_queries_never_fail(service, q):
    res = search(service, q)
    assert res.total == len(res.results) or res.total > len(res.results)


QUERY_PIECES = st.sampled_from([
    "déchets", "eau", "coop*", "*", '"', "(", ")", "-", ":", "OR", "OU", "AND", "titre:",
    "pays:", "thème:", "type:", "année:", "2012", "2010-2016", "mali", "l'", "é", " ", "  ",
    "\\", "%", "<script>", "\u0301", "😀", "\t",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(QUERY_PIECES | st.text(max_size=6), max_size=12))
def test_any_query_text_is_answered(service, pieces):
    res = search(service, "".join(pieces))
    assert len(res.results) <= res.total <= len(DOCS)


def test_over_long_query_is_cut_with_a_notice(service):
    res = search(service, "déchets " + "x" * 10_000)
    assert len(res.query) <= 300
    assert any("raccourcie" in n for n in res.notices)


def test_query_with_nothing_searchable_gives_no_result_and_says_why(service):
    res = search(service, "(((")
    assert res.total == 0 and res.notices


# -- ranking, sorting, paging ---------------------------------------------------------------
def test_title_matches_rank_first(service):
    res = search(service, "santé maternelle")
    assert res.results[0].id == "sante-douentza"


def test_sort_by_date(service):
    res = search(service, "coopération", sort="date")
    years = [hit.year for hit in res.results]
    assert years == sorted(years, reverse=True)


def test_paging(service):
    first = service.search(SearchRequest(per_page=5, page=1))
    second = service.search(SearchRequest(per_page=5, page=2))
    last = service.search(SearchRequest(per_page=5, page=4))
    assert first.total == second.total == 16 and first.pages == 4
    assert not ids(first) & ids(second)
    assert len(last.results) == 1
    beyond = service.search(SearchRequest(per_page=5, page=9))
    assert beyond.results == [] and beyond.total == 16


@pytest.mark.parametrize(
    "kw",
    [{"sort": "pertinence"}, {"per_page": 0}, {"per_page": 51}, {"page": 0},
     {"sort": "newest"}, {"years": ["abcd"]}, {"years": ["3000"]}, {"years": ["12"]}],
)
def test_bad_requests_are_refused_in_french(service, kw):
    with pytest.raises(InvalidRequest) as info:
        service.search(request(**kw))
    assert str(info.value)[0].isupper()


# -- snippets and pages ---------------------------------------------------------------------
def test_snippet_comes_from_the_best_page_with_its_number(service):
    hit = search(service, "décharge contrôlée").results[0]
    assert hit.id == "dechets-douentza" and hit.page == 3
    assert "<mark>décharge</mark>" in hit.snippet


def test_page_number_only_for_paged_documents(service):
    hit = search(service, "compostage").results[0]
    assert hit.id == "compost-sfax" and hit.page is None
    assert "<mark>compostage</mark>" in hit.snippet


def test_metadata_only_hit_shows_its_summary(service):
    hit = search(service, "titre:convention").results[0]
    assert hit.id == "convention-scan" and hit.page is None
    assert hit.snippet.startswith("<mark>Convention</mark> signée")


def test_browse_shows_summaries_escaped(service):
    hit = next(h for h in search(service).results if h.id == "xss-tunis")
    assert "<script" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_snippets_escape_document_markup(service):
    hit = search(service, "festival").results[0]
    assert hit.id == "xss-tunis"
    assert "<mark>festival</mark>" in hit.snippet.lower()
    assert "<script" not in hit.snippet and "<img" not in hit.snippet
    html_without_marks = hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in html_without_marks


def test_excluded_words_are_not_highlighted(service):
    hit = next(h for h in search(service, "déchets -jacmel").results if h.id == "dechets-douentza")
    assert "<mark>" in hit.snippet and "<mark>jacmel" not in hit.snippet.lower()


def test_pages_matching(service):
    pages = service.pages_matching("eau-douentza", "comité forage", limit=10)
    assert [p.number for p in pages] == [2, 4]
    assert all("<mark>" in p.snippet for p in pages)
    assert service.pages_matching("eau-douentza", "", limit=10) == []
    assert service.pages_matching("inconnu", "forage", limit=10) == []
    assert service.pages_matching("convention-scan", "convention", limit=10) == []


# -- spelling -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, suggested",
    [("coopératoin", "coopération"), ("cooperaton", "coopération"),
     ("compostage sfxa", "compostage sfax"), ("maraichaeg", "maraîchage")],
)
def test_suggestion_is_shown_with_accents(service, typed, suggested):
    res = search(service, typed)
    assert res.suggestion == suggested


def test_no_suggestion_when_the_words_are_right(service):
    assert search(service, "déchets").suggestion is None
    assert search(service, "xylophone").suggestion is None


def test_one_edit_typo_is_searched_corrected_and_said(service):
    res = search(service, "cooperaton")
    assert "guide-cooperation" in ids(res) and not res.relaxed
    assert res.suggestion == "coopération"
    assert res.notices[0] == "Résultats pour « coopération » ; rechercher plutôt « cooperaton »."


def test_swapped_letters_count_as_one_edit(service):
    res = search(service, "compostage sfxa")
    assert ids(res) == {"compost-sfax"} and res.suggestion == "compostage sfax"


def test_correction_keeps_filters(service):
    res = search(service, "compostgae pays:tunisie")
    assert ids(res) == {"compost-sfax"} and res.suggestion == "compostage pays:tunisie"


def test_quoted_words_are_not_corrected_automatically(service):
    res = search(service, '"cooperaton"')
    assert res.total == 0 and res.suggestion == '"coopération"' and res.notices == []


def test_two_edit_typo_is_only_suggested(service):
    res = search(service, "copérasion")
    assert res.total == 0 and res.suggestion == "coopération" and res.notices == []


def test_no_correction_when_it_finds_nothing_either(service):
    res = search(service, "compostage jacmle")  # "jacmel" exists, but not with compostage
    assert not any(n.startswith("Résultats pour") for n in res.notices)


# -- question words, fewer words, synonyms, ties ----------------------------------------------
def test_question_words_are_not_required(service):
    res = search(service, "comment monter un budget")
    assert complete_ids(res) == {"fiche-budget"} and not res.relaxed
    assert ids(search(service, "comment")) == {"guide-cooperation"}  # alone, still searched


def test_synonyms_widen_the_search_after_the_word(service, taxonomy):
    service.synonyms = Synonyms({"ordure": ("déchets",)}, taxonomy)
    res = search(service, "ordures")
    assert ids(res) == {"dechets-douentza", "dechets-jacmel", "compost-sfax"}
    assert res.results[0].id == "dechets-douentza"  # the only one that says "ordures"


def test_packaged_synonyms_are_used(service):
    assert ids(search(service, "potager")) == {"maraichage-douentza"}


def test_theme_keywords_do_not_add_documents(service):
    assert ids(search(service, "compostage")) == {"compost-sfax"}  # not every waste document


ORDER_QUERIES = [
    "Douentza", "déchets", "l'eau potable", "santé Douentza", "ordures", "coopération",
    "miel ruches forage", "cooperaton", '"comité de gestion"', "déchets -jacmel", "jeunes",
    "comment monter un budget", "projet", "maliens",
]


def test_ranking_does_not_depend_on_the_order_of_indexing(tmp_path, service, taxonomy):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shuffled = DOCS[1::2] + DOCS[-2::-2]  # odd ones, then even ones backwards
    assert sorted(d.id for d in shuffled) == sorted(d.id for d in DOCS)
    other = SearchService(build_index(tmp_path / "index", corpus, shuffled), taxonomy)
    for q in ORDER_QUERIES:
        assert [h.id for h in search(other, q).results] == [h.id for h in search(service, q).results], q


@pytest.mark.parametrize("order", [1, -1])
def test_equal_scores_are_ordered_by_path_whatever_the_indexing_order(tmp_path, taxonomy, order):
    # Not copies of one file (those are one entry, tests/test_duplicates.py): one word differs.
    twins = [
        Doc(f"jumeau-{name}", f"{name}/Rapport.txt", "Rapport sur les ruches",
            (f"Les ruches du village {name}.",), ["MG"], ["agriculture"], "rapport-projet", 2014)
        for name in ("Beta", "Alpha", "Gamma")
    ]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    service = SearchService(build_index(tmp_path / "index", corpus, twins[::order]), taxonomy)
    assert [h.id for h in search(service, "ruches").results] == [
        "jumeau-Alpha", "jumeau-Beta", "jumeau-Gamma"]


# -- one document ---------------------------------------------------------------------------
def test_document_view_has_metadata_with_sources(service):
    doc = service.document("eau-douentza")
    assert doc.title == BY_ID["eau-douentza"].title
    assert doc.page_count == 4 and doc.paged and doc.text_layer
    assert [c.label for c in doc.countries] == ["Mali"]
    assert doc.type.label == "Compte rendu de mission"
    meta = doc.with_sources()
    assert meta["countries"].source == "détecté"
    assert meta["type"].source == "catalogue"
    assert meta["year"].value == 2012 and meta["year"].source == "dossier"


def test_scan_is_flagged(service):
    doc = service.document("convention-scan")
    assert doc.text_layer is False


@pytest.mark.parametrize("doc_id", ["inconnu", "", "eau-douentza/p1", "../etc/passwd"])
def test_unknown_document_is_none(service, doc_id):
    assert service.document(doc_id) is None


def test_similar_documents(service):
    similar = service.similar("dechets-douentza", n=5)
    found = [hit.id for hit in similar]
    assert "dechets-douentza" not in found and 0 < len(found) <= 5
    assert {"dechets-jacmel", "compost-sfax"} & set(found)
    assert service.similar("inconnu") == []


def test_health(service):
    health = service.health()
    assert health.status == "ok" and health.documents == 16
    assert health.generation.startswith("gen-")


# -- a changing index -----------------------------------------------------------------------
def test_new_generation_is_seen_by_the_next_search(fresh, taxonomy):
    index_dir, corpus = fresh
    service = SearchService(IndexStore(index_dir), taxonomy)
    before = service.health().generation
    assert search(service, "Djerba").total == 0
    build_index(index_dir, corpus, DOCS + [EXTRA_DOC])
    assert ids(search(service, "Djerba")) == {"dechets-nouveau"}
    assert service.health().documents == 17 and service.health().generation != before


def test_incremental_commit_is_seen(fresh, taxonomy):
    from conftest import record

    index_dir, corpus = fresh
    store = IndexStore(index_dir)
    service = SearchService(store, taxonomy)
    assert search(service).total == 16
    with store.updating() as writer:
        writer.delete("xss-tunis")
        writer.add(record(EXTRA_DOC, corpus))
    res = search(service)
    assert res.total == 16 and "xss-tunis" not in ids(res) and "dechets-nouveau" in ids(res)
    assert facet(res, "year").get("2023") is None


def test_missing_index_raises_index_missing(tmp_path, taxonomy):
    service = SearchService(IndexStore(tmp_path / "nothing"), taxonomy)
    with pytest.raises(IndexMissing):
        service.health()
    with pytest.raises(IndexMissing):
        search(service, "déchets")


def test_index_removed_while_running(fresh, taxonomy):
    index_dir, _ = fresh
    service = SearchService(IndexStore(index_dir), taxonomy)
    assert search(service, "déchets").total == 3
    shutil.rmtree(index_dir)
    with pytest.raises(IndexMissing):
        search(service, "déchets")


def test_searches_keep_working_during_rebuilds(fresh, taxonomy):
    index_dir, corpus = fresh
    service = SearchService(IndexStore(index_dir), taxonomy)
    errors: list[BaseException] = []
    totals: list[int] = []

    def reader():
        try:
            for _ in range(15):
                totals.append(search(service, "déchets").total)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for _ in range(3):
        build_index(index_dir, corpus, DOCS + [EXTRA_DOC])
    for t in threads:
        t.join()
    assert errors == []
    assert set(totals) <= {3, 4}


def test_parse_keeps_structure():
    parsed = parse('eau OR puits "comité de gestion" -forage titre:Douentza')
    assert [[c.text for c in g] for g in parsed.groups] == [["eau", "puits"], ["comité de gestion"], ["Douentza"]]
    assert [c.text for c in parsed.excluded] == ["forage"]
    assert parsed.render() == 'eau OR puits "comité de gestion" titre:Douentza -forage'


# -- bounded work (a short query must not cost seconds) --------------------------------------
PATHOLOGICAL = ("co* re* pr* de* pa* in* ma* en* se* pe* fo* mo* tr* ch* di* so* "
                "-po* -sa* -ac* -me* -ca* -pl* -vi* -qu*")


def term_count(q) -> int:
    from whoosh import query as wq

    if q is None:
        return 0
    own = 1 if isinstance(q, (wq.Term, wq.Phrase)) else 0
    return own + sum(term_count(c) for c in q.children())


def test_many_prefixes_share_one_budget_of_words(service, store):
    from cresi_search.search.building import DOC_FIELDS, MAX_QUERY_TERMS
    from cresi_search.search.searchers import PUBLIC, IndexState, View

    with store.open().searcher() as s:
        builder = service._builder(View(s, IndexState(s).seen_by(PUBLIC, s), "test"))
        compiled = builder.compile(parse(PATHOLOGICAL))
    terms = term_count(compiled.any_clause) + term_count(compiled.negative)
    assert 0 < terms <= MAX_QUERY_TERMS * len(DOC_FIELDS)
    assert compiled.negative is not None  # the excluded prefixes got their share too
    res = search(service, PATHOLOGICAL)
    assert any("préfixes" in n for n in res.notices)
    excluded = search(service, "po*")
    assert not ids(res) & {h.id for h in excluded.results[:3]}


def test_past_its_time_budget_a_search_answers_with_what_it_has(service):
    service.time_budget_s = 0.0
    try:
        res = search(service, "déchets Sfax maternité")
    finally:
        service.time_budget_s = 2.0
    assert res.total > 0 and any("trop longue à calculer" in n for n in res.notices)
    assert ids(res) == ids(search(service, "déchets"))  # only the first group was matched


def test_a_document_without_text_does_not_outrank_documents_about_the_query(fresh, taxonomy):
    from conftest import Doc

    scan = Doc("attestation", "Divers/Attestation Douentza.pdf", "Attestation Douentza", ("", ""),
               ["ML"], summary="Attestation, Douentza.", keywords=["Douentza"], text_layer=False)
    reports = [
        Doc(f"rapport-{n}", f"Mali/Rapport {n}.pdf", f"Rapport {n} de la coopération avec le Cercle de Douentza",
            (f"Le programme {n} du Cercle de Douentza a financé des puits et des écoles. " * 20,),
            ["ML"])
        for n in ("2012", "2015")
    ]
    build_index(*fresh, [scan, *reports])
    service = SearchService(IndexStore(fresh[0]), taxonomy)
    ranked = [h.id for h in search(service, "Douentza").results]
    assert ranked[-1] == "attestation" and len(ranked) == 3
    assert search(service, "attestation").results[0].id == "attestation"  # found when asked for
