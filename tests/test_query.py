"""The query layer on its own: DisMax scoring, filler words, synonyms, spelling limits."""

from __future__ import annotations

import pytest
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage
from whoosh.matching import ListMatcher

from cresi_search.index.schema import FIELD_BOOSTS, build_schema
from cresi_search.search.building import DISMAX_TIEBREAK, QueryBuilder, analyse
from cresi_search.search.matchers import Bonus, BonusMatcher, DisMax
from cresi_search.search.syntax import parse, without_filler
from cresi_search.search.spelling import Vocabulary
from cresi_search.vocab.synonyms import Synonyms, SynonymsError, load_synonyms, parse_synonyms


@pytest.fixture()
def searcher(store):
    with store.open().searcher() as s:
        yield s


def field_scores(searcher, fieldname: str, text: str) -> dict[int, float]:
    q = wq.Term(fieldname, text).with_boost(FIELD_BOOSTS[fieldname])
    return dict(searcher.search(q, limit=None).items())


def scores(searcher, q: wq.Query) -> dict[int, float]:
    return dict(searcher.search(q, limit=None).items())


def texts(parsed) -> list[list[str]]:
    return [[c.text for c in g] for g in parsed.groups]


def builder(synonyms: Synonyms = Synonyms()) -> QueryBuilder:
    return QueryBuilder(resolve=lambda facet, value: None, expand=lambda prefix: [],
                        synonyms=synonyms)


def queries_of(q: wq.Query, kind: type) -> list[wq.Query]:
    found = [q] if isinstance(q, kind) else []
    for child in q.children():
        found += queries_of(child, kind)
    return found


# -- DisMax ---------------------------------------------------------------------------------
def test_dismax_scores_each_document_on_its_own_fields(searcher):
    # "douentza" is in the title of some documents and only in the text of others: the
    # score of a document must come from its own fields, whatever the index order.
    fields = ("title", "summary", "body")
    [term] = analyse("Douentza")
    per_field = {f: field_scores(searcher, f, term) for f in fields}
    docs = set().union(*per_field.values())
    dismax = DisMax([wq.Term(f, term).with_boost(FIELD_BOOSTS[f]) for f in fields],
                    tiebreak=DISMAX_TIEBREAK)
    got = scores(searcher, dismax)
    assert set(got) == docs and len(docs) > 3
    for doc in docs:
        values = [per_field[f][doc] for f in fields if doc in per_field[f]]
        expected = max(values) + DISMAX_TIEBREAK * (sum(values) - max(values))
        assert got[doc] == pytest.approx(expected), doc


def test_dismax_top_n_agrees_with_scoring_every_document(searcher):
    # Whoosh prunes a top-N search on score bounds: inside an AND and an OR of three
    # clauses the bound of a DisMax must hold even once its sub-matchers are exhausted.
    def clause(word: str) -> wq.Query:
        [term] = analyse(word)
        return DisMax([wq.Term(f, term).with_boost(FIELD_BOOSTS[f]) for f in ("title", "body")])

    # The café document comes last in the index; Douentza's come first.
    q = wq.And([wq.Term("kind", "doc"), wq.Or([clause("Douentza"), clause("café"),
                                                clause("coopérative")])])
    everything = sorted(scores(searcher, q).items(), key=lambda item: -item[1])
    for limit in (1, 2, 3):
        top = list(searcher.search(q, limit=limit).items())
        assert [round(s, 6) for _, s in top] == [round(s, 6) for _, s in everything[:limit]]


def test_dismax_keeps_its_boost(searcher):
    [term] = analyse("Douentza")
    plain = scores(searcher, DisMax([wq.Term("body", term), wq.Term("title", term)]))
    boosted = scores(searcher, DisMax([wq.Term("body", term), wq.Term("title", term)], boost=2.0))
    assert boosted == {d: pytest.approx(2 * s) for d, s in plain.items()}


# -- bonus ----------------------------------------------------------------------------------
def test_bonus_follows_the_document_the_required_part_lands_on():
    # skip_to(3) lands the required part on document 5; the bonus must be read there,
    # not left on document 4 (Whoosh's AndMaybeMatcher does the latter).
    m = BonusMatcher(ListMatcher([1, 5, 9], all_weights=2.0), ListMatcher([4, 5], all_weights=1.0))
    m.skip_to(3)
    assert m.id() == 5 and m.score() == 3.0
    m.next()
    assert m.id() == 9 and m.score() == 2.0


def test_bonus_adds_to_the_documents_of_the_required_part_only(searcher):
    [term] = analyse("Douentza")
    word = DisMax([wq.Term(f, term).with_boost(FIELD_BOOSTS[f]) for f in ("title", "body")])
    theme = wq.ConstantScoreQuery(wq.Term("theme", "agriculture"), 1.0)
    plain, in_theme = scores(searcher, word), set(scores(searcher, theme))
    got = scores(searcher, wq.And([wq.Term("kind", "doc"), Bonus(word, theme)]))
    kind = scores(searcher, wq.Term("kind", "doc"))
    assert set(got) == set(plain) and in_theme & set(plain) and in_theme - set(plain)
    for doc, score in plain.items():
        assert got[doc] == pytest.approx(kind[doc] + score + (1.0 if doc in in_theme else 0.0))


# -- filler words ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed, kept",
    [
        ("comment évaluer un projet", [["évaluer"], ["projet"]]),
        ("que faire avant une mission de terrain", [["avant"], ["mission"], ["terrain"]]),
        ("faut-il faire un puits ou un forage", [["puits", "forage"]]),
        ("quelles aides du département", [["aides"], ["département"]]),
        ("exemples de projets déchets en Tunisie", [["projets"], ["déchets"], ["Tunisie"]]),
        ("qu'est-ce que l'interculturalité", [["l'interculturalité"]]),
    ],
)
def test_question_and_stop_words_are_not_required(typed, kept):
    assert texts(without_filler(parse(typed))) == kept


@pytest.mark.parametrize("typed", ["comment", "le la de", "exemples"])
def test_filler_is_kept_when_nothing_else_is_left(typed):
    assert texts(without_filler(parse(typed))) == texts(parse(typed))


def test_filler_in_phrases_or_groups_prefixes_and_exclusions_is_kept():
    parsed = without_filler(parse('"comment faire" quand OR où titre:comment -exemple eau'))
    assert texts(parsed) == [["comment faire"], ["quand", "où"], ["comment"], ["eau"]]
    assert [c.text for c in parsed.excluded] == ["exemple"]


# -- synonyms -------------------------------------------------------------------------------
def test_packaged_synonyms_load():
    table = load_synonyms()
    assert table["potager"] == ("maraîchage", "jardin")
    assert "subvention" in table["aide"]


def test_synonym_keys_match_any_spelling_of_the_word():
    table = parse_synonyms('"Potagers" = ["maraîchage"]\n"potager" = ["jardin"]\n')
    assert table == {"potager": ("maraîchage", "jardin")}
    assert Synonyms(table).words("POTAGERS") == ("maraîchage", "jardin")


@pytest.mark.parametrize(
    "text, complaint",
    [
        ('"eau potable" = ["forage"]', "un seul mot"),
        ('"" = ["la"]', "un seul mot"),
        ('"potager" = "jardin"', "une liste"),
        ('"potager" = ["jardin", 3]', "une liste"),
        ('potager = [', "syntaxe TOML"),
    ],
)
def test_bad_synonym_files_are_explained_in_french(text, complaint):
    with pytest.raises(SynonymsError, match=complaint):
        parse_synonyms(text)


def test_synonyms_are_searched_with_a_lower_weight():
    table = {"potager": ("maraîchage", "jardin")}
    q = builder(Synonyms(table)).clause(parse("potagers").groups[0][0])
    assert isinstance(q, wq.Or) and len(q.subqueries) == 3
    word, *synonyms = q.subqueries
    assert word.boost == 1.0 and all(s.boost < 1.0 for s in synonyms)
    assert {t.text for t in queries_of(q, wq.Term)} == {*analyse("potagers maraîchage jardin")}


def test_synonyms_are_not_used_for_phrases_or_exclusions():
    b = builder(Synonyms({"potager": ("jardin",)}))
    for typed in ('"potager"', "-potager"):
        parsed = parse(typed)
        clause = (parsed.groups or [parsed.excluded])[0][0]
        assert {t.text for t in queries_of(b.clause(clause), wq.Term) if t.fieldname != "exact"} == {*analyse("potager")}


def test_theme_words_give_a_bonus_only(taxonomy):
    q = builder(Synonyms({}, taxonomy)).clause(parse("ordures").groups[0][0])
    assert isinstance(q, wq.AndMaybe)  # the word is required, the theme optional
    assert [(t.fieldname, t.text) for t in queries_of(q.b, wq.Term)] == [("theme", "dechets")]


@pytest.mark.parametrize("typed, facet, code, weight", [
    ("maliens", "country", "ML", 1.0), ("Tunisie", "country", "TN", 1.0),
    ("République démocratique du Congo", "country", "CD", 1.0), ("RDC", "country", "CD", 1.0),
    ("Bamako", "country", "ML", 0.5), ("compte rendu de mission", "type", "compte-rendu-mission", 3.0),
])
def test_names_of_countries_and_types_find_what_is_classified_under_them(taxonomy, typed, facet,
                                                                         code, weight):
    b = builder(Synonyms({}, taxonomy))
    [[clause]] = b.recognise(parse(typed)).groups
    assert clause.text == typed and (clause.named.facet, clause.named.code) == (facet, code)
    q = b.clause(clause)
    assert isinstance(q, wq.Or)  # the words, or the classification
    [tag] = [c for c in q.children() if isinstance(c, wq.ConstantScoreQuery)]
    assert (tag.child.fieldname, tag.child.text) == (facet, code) and tag.score == weight


def test_names_are_recognised_inside_a_query_and_only_as_whole_words(taxonomy):
    b = builder(Synonyms({}, taxonomy))
    parsed = b.recognise(parse("écoles au Burkina Faso -Mali \"Côte d'Ivoire\" Sfax modèle de budget"))
    named = [(c.text, c.named.code if c.named else None) for g in parsed.groups for c in g]
    assert ("Burkina Faso", "BF") in named
    assert ("Sfax", None) in named  # a town is a word, not its country
    assert ("Côte d'Ivoire", None) in named  # quoted: as typed
    assert ("modèle", None) in named  # "modèle de" is a cue, not the name of a type
    assert [c.named for c in parsed.excluded] == [None]


# -- spelling -------------------------------------------------------------------------------
def test_correction_within_a_number_of_edits(searcher):
    vocabulary = Vocabulary(searcher.reader())
    assert vocabulary.correct("coopératoin", max_edits=1) == "coopération"  # a swap is one edit
    assert vocabulary.correct("cooperaton", max_edits=1) == "coopération"
    assert vocabulary.correct("copérasion") == "coopération"  # two edits: suggested...
    assert vocabulary.correct("copérasion", max_edits=1) is None  # ...but not applied


def test_empty_vocabulary_has_no_correction():
    index = RamStorage().create_index(build_schema())
    with index.searcher() as s:
        assert Vocabulary(s.reader()).correct("cooperatoin") is None


@pytest.mark.parametrize("typed", ["mali ou sénégal", "mali OU sénégal", "mali Ou sénégal", "mali OR sénégal"])
def test_ou_means_or_as_a_french_user_types_it(typed):
    parsed = parse(typed)
    assert [[c.text for c in group] for group in parsed.groups] == [["mali", "sénégal"]]


def test_ou_inside_a_phrase_stays_a_word_and_or_is_gold():
    parsed = parse('"eau ou assainissement" or')
    assert [(c.kind, c.text) for g in parsed.groups for c in g] == [
        ("phrase", "eau ou assainissement"), ("word", "or")]
