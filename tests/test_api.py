"""The JSON API: exact shapes, parameters, errors, and agreement with the HTML page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from jsonschema import Draft202012Validator

from conftest import DOCS, EXTRA_DOC, XSS_TITLE, build_index, make_app

RESULT_KEYS = ["id", "path", "title", "type", "countries", "themes", "year", "organisation",
               "snippet", "page", "missing", "scan", "preview_url", "access", "also", "url", "file_url"]


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.data
    assert response.content_type == "application/json"
    return response.get_json()


def test_search_answers_exactly_the_documented_shape(client):
    data = get_json(client, "/api/search?q=déchets")
    assert list(data) == ["query", "total", "page", "per_page", "sort", "complete", "results",
                          "facets", "suggestion", "corrected", "relaxed", "notices", "year_from",
                          "year_to"]
    assert data["query"] == "déchets" and data["total"] == 3
    assert data["page"] == 1 and data["per_page"] == 10 and data["suggestion"] is None
    assert data["sort"] == "relevance" and data["corrected"] is False and data["relaxed"] is False
    assert data["notices"] == []
    assert all(list(r) == RESULT_KEYS for r in data["results"])
    assert list(data["facets"]) == ["country", "theme", "type", "year", "organisation"]
    for values in data["facets"].values():
        assert all(list(v) == ["value", "label", "count", "selected"] for v in values)


def test_result_fields(client):
    data = get_json(client, "/api/search?q=décharge")
    hit = data["results"][0]
    assert hit["id"] == "dechets-douentza"
    assert hit["path"] == "Coopération décentralisée/Mali/Gestion des déchets à Douentza 2024.pdf"
    assert hit["type"] == {"code": "rapport-projet", "label": "Rapport de projet"}
    assert hit["countries"] == [{"code": "ML", "label": "Mali"}]
    assert hit["themes"] == [{"code": "dechets", "label": "Gestion des déchets"}]
    assert hit["year"] == 2024
    assert hit["organisation"] == "Conseil départemental de l'Essonne"
    assert "<mark>décharge</mark>" in hit["snippet"]
    assert hit["page"] == 3
    assert hit["url"] == "/documents/dechets-douentza?q=d%C3%A9charge"
    assert hit["file_url"] == "/files/dechets-douentza#page=3"


def test_non_pdf_hit_has_no_page(client):
    hit = get_json(client, "/api/search?q=compostage")["results"][0]
    assert hit["page"] is None and hit["file_url"] == "/files/compost-sfax"


def test_repeatable_filters_and_facets(client):
    data = get_json(client, "/api/search?country=ML&country=HT&theme=dechets")
    assert {r["id"] for r in data["results"]} == {"dechets-douentza", "dechets-jacmel"}
    countries = {v["value"]: (v["count"], v["selected"]) for v in data["facets"]["country"]}
    assert countries == {"ML": (1, True), "HT": (1, True), "TN": (1, False)}


def test_lower_case_country_codes_are_accepted(client):
    assert get_json(client, "/api/search?country=ml")["total"] == 5


def test_year_and_organisation_filters(client):
    assert get_json(client, "/api/search?year=2012")["total"] == 2
    assert get_json(client, "/api/search?year=2012&year=2024")["total"] == 3
    data = get_json(client, "/api/search?organisation=CRESI")
    assert data["total"] == sum(1 for d in DOCS if d.organisation == "CRESI")


def test_sort_and_paging(client):
    data = get_json(client, "/api/search?per_page=5&page=2&sort=date")
    assert data["page"] == 2 and data["per_page"] == 5 and len(data["results"]) == 5
    years = [r["year"] for r in data["results"]]
    assert years == sorted(years, reverse=True)


def test_suggestion(client):
    data = get_json(client, "/api/search?q=copérasion")  # two edits: proposed only
    assert data["total"] == 0 and data["suggestion"] == "coopération"


def test_one_edit_typo_is_searched_corrected(client):
    data = get_json(client, "/api/search?q=coopératoin")
    assert data["total"] > 0 and data["suggestion"] == "coopération"
    assert data["corrected"] is True and data["relaxed"] is False
    assert data["notices"][0] == "Résultats pour « coopération » ; rechercher plutôt « coopératoin »."


def test_the_api_says_which_hits_lack_words(client):
    data = get_json(client, "/api/search?q=déchets+Sfax")
    assert data["complete"] == 1 and data["total"] > 1
    assert data["results"][0]["missing"] == []
    assert all(r["missing"] == ["Sfax"] for r in data["results"][1:])
    html = client.get("/?q=déchets+Sfax").get_data(as_text=True)
    assert "Le premier document contient tous vos mots" in html
    assert html.count('data-testid="missing"') == data["total"] - 1


def test_relaxed_results_say_so(client):
    data = get_json(client, "/api/search?q=compostage+maternité")
    assert data["total"] > 0 and data["relaxed"] is True and data["corrected"] is False
    assert any("ne contient tous vos mots" in n for n in data["notices"])


def test_notices_and_flags_match_the_page(client):
    for query in ("q=coopératoin", "q=compostage+maternité", "q=eau&sort=date", "q=" + "eau+" * 80):
        data = get_json(client, f"/api/search?{query}")
        html = client.get(f"/?{query}").get_data(as_text=True)
        text = unescape(re.sub(r"<[^>]+>", "", html))  # a notice's words may be links
        for notice in data["notices"]:
            assert notice in text
        assert data["sort"] == ("date" if "sort=date" in query else "relevance")


def test_document_endpoint_gives_the_matching_pages_as_the_page_does(client):
    data = get_json(client, "/api/documents/eau-douentza?q=forage")
    assert data["pages"] and all(set(p) == {"page", "snippet"} for p in data["pages"])
    assert [p["page"] for p in data["pages"]] == sorted(p["page"] for p in data["pages"])
    assert all("<mark>forage" in p["snippet"].lower() for p in data["pages"])
    html = client.get("/documents/eau-douentza?q=forage").get_data(as_text=True)
    for p in data["pages"]:
        assert f"#page={p['page']}" in html
    assert get_json(client, "/api/documents/eau-douentza")["pages"] == []


def test_api_and_page_agree(client):
    query = "q=coopération&country=HT&country=ML&sort=date"
    data = get_json(client, f"/api/search?{query}")
    html = client.get(f"/?{query}").get_data(as_text=True)
    page_ids = re.findall(r'data-testid="result" data-id="([^"]+)"', html)
    assert page_ids == [r["id"] for r in data["results"]]
    assert f'data-total="{data["total"]}"' in html


@pytest.mark.parametrize(
    "query, word",
    [("page=abc", "page"), ("page=0", "page"), ("page=-1", "page"), ("page=1.5", "page"),
     ("per_page=51", "per_page"), ("per_page=0", "per_page"), ("per_page=x", "per_page"),
     ("sort=pertinence", "Tri"), ("year=abcd", "Année"), ("year=99999", "Année"),
     ("year=1200", "Année"), ("page=99999999999", "page"), ("year_from=20x5", "year_from"),
     ("year_to=15", "year_to"), ("year_from=1200", "Année"), ("sort=newest", "oldest"),
     ("country=atlantide", "Valeurs possibles"), ("theme=zzz", "Santé")],
)
def test_bad_parameters_are_400_in_french(client, query, word):
    data = get_json(client, f"/api/search?{query}", status=400)
    assert data["status"] == 400 and word in data["error"]
    assert list(data) == ["error", "status"]


@pytest.mark.parametrize(
    "q", ['"unbalanced', "AND OR", "(((", "titre:", "*", "x" * 10_000, "%", "pays:", "-", "'",
          "<script>alert(1)</script>"],
)
def test_malformed_queries_answer_200(client, q):
    data = get_json(client, "/api/search?" + "q=" + q.replace("%", "%25"))
    assert isinstance(data["results"], list)


def test_snippets_are_escaped_in_json(client):
    data = get_json(client, "/api/search?q=festival")
    hit = data["results"][0]
    assert hit["title"] == XSS_TITLE  # data, not HTML: the client escapes it
    assert "<script" not in hit["snippet"] and "&lt;script&gt;" in hit["snippet"]


def test_document_endpoint(client):
    data = get_json(client, "/api/documents/eau-douentza")
    assert data["id"] == "eau-douentza" and data["format"] == "pdf"
    assert data["page_count"] == 4 and data["paged"] is True and data["text_layer"] is True
    meta = data["metadata"]
    assert meta["countries"] == {"value": [{"code": "ML", "label": "Mali"}], "source": "détecté"}
    assert meta["type"]["source"] == "catalogue"
    assert meta["title"]["source"] == "propriétés"
    assert data["url"] == "/documents/eau-douentza" and data["file_url"] == "/files/eau-douentza"
    assert data["similar"] and "eau-douentza" not in {s["id"] for s in data["similar"]}


def test_document_endpoint_for_a_scan(client):
    data = get_json(client, "/api/documents/convention-scan")
    assert data["text_layer"] is False


@pytest.mark.parametrize("doc_id", ["inconnu", "eau-douentza%2Fp1", "..", "%2e%2e"])
def test_unknown_document_is_404_json(client, doc_id):
    data = get_json(client, f"/api/documents/{doc_id}", status=404)
    assert data["status"] == 404 and data["error"]


def test_unknown_api_route_and_wrong_method(client):
    assert get_json(client, "/api/nothing", status=404)["status"] == 404
    response = client.post("/api/search")
    assert response.status_code == 405 and response.get_json()["status"] == 405


def test_healthz(client):
    data = get_json(client, "/healthz")
    assert data["status"] == "ok" and data["documents"] == 16
    assert data["generation"].startswith("gen-")


def test_no_index_is_503(tmp_path):
    client = make_app(tmp_path / "index", tmp_path).test_client()
    for url in ("/healthz", "/api/search?q=eau", "/api/documents/x"):
        data = get_json(client, url, status=503)
        assert data["status"] == 503 and "index" in data["error"]
    assert client.get("/").status_code == 503


def test_new_generation_is_seen_without_restart(fresh_app, fresh):
    client = fresh_app.test_client()
    first = get_json(client, "/healthz")
    assert get_json(client, "/api/search?q=Djerba")["total"] == 0
    build_index(*fresh, DOCS + [EXTRA_DOC])
    assert get_json(client, "/api/search?q=Djerba")["total"] == 1
    second = get_json(client, "/healthz")
    assert second["documents"] == 17 and second["generation"] != first["generation"]


def test_openapi(client):
    spec = get_json(client, "/api/openapi.json")
    assert spec["openapi"] == "3.1.0"
    assert {"/api/search", "/api/documents/{id}", "/healthz", "/files/{id}"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params == {"q", "country", "theme", "type", "year", "organisation", "year_from", "year_to",
                      "sort", "page", "per_page"}
    hit = spec["components"]["schemas"]["Hit"]
    assert hit["required"] == RESULT_KEYS


def validator(spec: dict, schema: str) -> Draft202012Validator:
    """A JSON Schema validator for one schema of the OpenAPI description (its $refs point
    into the description's components)."""
    root = {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
    return Draft202012Validator(root)


@pytest.mark.parametrize("url, schema", [
    ("/api/search?q=déchets", "SearchResponse"),
    ("/api/search?q=coopératoin", "SearchResponse"),
    ("/api/search?q=compostage+maternité&sort=date", "SearchResponse"),
    ("/api/search?country=ML&theme=dechets&per_page=3&page=2", "SearchResponse"),
    ("/api/search?q=zzzzqqq", "SearchResponse"),
    ("/api/documents/eau-douentza?q=forage", "Document"),
    ("/api/documents/convention-scan", "Document"),
    ("/api/documents/compost-sfax?q=tri", "Document"),
    ("/healthz", "Health"),
    ("/api/search?page=0", "Error"),
    ("/api/documents/inconnu", "Error"),
])
def test_every_answer_matches_its_openapi_schema(client, url, schema):
    spec = get_json(client, "/api/openapi.json")
    response = client.get(url)
    errors = list(validator(spec, schema).iter_errors(response.get_json()))
    assert not errors, [e.message for e in errors]


def test_the_schemas_reject_what_the_endpoints_do_not_send(client):
    spec = get_json(client, "/api/openapi.json")
    data = get_json(client, "/api/search?q=déchets")
    data["extra"] = 1
    assert not validator(spec, "SearchResponse").is_valid(data)
    del data["extra"], data["notices"]
    assert not validator(spec, "SearchResponse").is_valid(data)
