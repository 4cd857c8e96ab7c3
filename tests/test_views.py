"""HTML pages: search page, facets, chips, pagination, document page, errors, escaping."""

from __future__ import annotations

import re
from html import unescape

import pytest
from click.testing import CliRunner

from conftest import DOCS, EXTRA_DOC, build_index
from search_app.formatting import file_size, long_date, number, plural
from search_app.serve import main as cresi_web


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    assert response.content_type == "text/html; charset=utf-8"
    return response.get_data(as_text=True)


def result_ids(html: str) -> list[str]:
    return re.findall(r'data-testid="result" data-id="([^"]+)"', html)


def links(html: str, testid: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'href="([^"]+)"[^>]*data-testid="{testid}"', html)]


def test_home_is_the_search_page(client):
    html = page(client, "/")
    assert '<html lang="fr">' in html
    assert 'role="search"' in html and '<label for="q">' in html
    assert 'class="skip-link" href="#contenu"' in html
    assert "16 documents" in html


def test_browsing_every_document(client):
    html = page(client, "/?sort=date")
    assert len(result_ids(html)) == 10
    assert 'data-total="16"' in html


def test_query_is_kept_in_the_box_and_escaped(client):
    html = page(client, '/?q="><script>alert(1)</script>')
    assert "<script>alert(1)" not in html
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_results_show_metadata_snippet_and_page_link(client):
    html = page(client, "/?q=décharge")
    assert result_ids(html) == ["dechets-douentza"]
    assert "1 document pour «&nbsp;décharge&nbsp;»" in html
    assert 'href="/documents/dechets-douentza?q=d%C3%A9charge"' in html
    assert '<span class="badge" data-testid="result-type">Rapport de projet</span>' in html
    assert "<mark>décharge</mark>" in html
    assert 'href="/files/dechets-douentza#page=3"' in html and "page&nbsp;3</a>" in html, "a page number reads « page 3 », not « p. 3 »"


def test_facet_links_toggle_values_and_keep_the_query(client):
    html = page(client, "/?q=déchets")
    hrefs = {unescape(h) for h in re.findall(r'href="([^"]+)"\s+class="facet-link', html)}
    assert "/?q=déchets&country=ML".replace("é", "%C3%A9") in hrefs
    html = page(client, "/?q=déchets&country=ML")
    assert 'aria-current="true"' in html
    assert result_ids(html) == ["dechets-douentza"]


def test_facet_counts_shown(client):
    html = page(client, "/?country=ML&country=HT&theme=dechets")
    counts = dict(re.findall(
        r'"facet-value" data-facet="country" data-value="(\w+)"[^>]*>(?:(?!</a>).)*?"facet-count">(\d+)<', html, re.S))
    assert counts == {"TN": "1"}, "options show a count"
    selected = re.findall(r'data-facet="country" data-value="(\w+)"\s*aria-current="true">(?:(?!</a>).)*?'
                          r'retirer</span>\s*<span class="visually-hidden">\(filtre actif, 1 document\)', html, re.S)
    assert sorted(selected) == ["HT", "ML"], "selected values are filters to remove"
    assert "les documents trouvés si on l'ajoute" in html


def test_chips_remove_one_filter_or_all(client):
    html = page(client, "/?q=eau&country=ML&theme=sante")
    chips = links(html, "chip")
    assert chips == ["/?q=eau&theme=sante", "/?q=eau&country=ML"]
    assert "Retirer le filtre Pays : Mali" in html and "Thème : Santé" in html
    assert links(html, "clear-filters") == ["/?q=eau"]


def test_search_form_keeps_filters_as_hidden_fields(client):
    html = page(client, "/?q=eau&country=ML&sort=date")
    assert '<input type="hidden" name="country" value="ML">' in html
    assert '<input type="hidden" name="sort" value="date">' in html


def test_sort_links(client):
    html = page(client, "/?q=coopération")
    assert re.search(r'<a href="[^"]*sort=date">plus récents</a>', html)
    html = page(client, "/?q=coopération&sort=date")
    assert re.search(r'sort=date" aria-current="true" class="is-current">plus récents', html)


def test_pagination(client):
    html = page(client, "/?per_page=5&page=2")
    assert 'aria-label="Pages de résultats"' in html
    assert 'aria-current="page"' in html
    assert links(html, "page-prev") == ["/?per_page=5"]
    assert links(html, "page-next") == ["/?per_page=5&page=3"]
    assert 'start="6"' in html
    assert result_ids(html) != result_ids(page(client, "/?per_page=5"))


def test_no_result_page_offers_the_suggestion_and_to_drop_filters(client):
    html = page(client, "/?q=copérasion&country=ML")  # two edits: proposed, not searched
    assert 'data-testid="no-results"' in html
    suggestion = re.search(r'href="([^"]+)" id="suggestion-link">([^<]+)</a>', html)
    assert "Essayez :" in html and suggestion.group(2) == "coopération"
    assert unescape(suggestion.group(1)) == "/?q=coop%C3%A9ration&country=ML"
    assert links(html, "no-results-clear") == ["/?q=cop%C3%A9rasion"]


def test_one_edit_typo_shows_the_corrected_results_and_says_so(client):
    html = page(client, "/?q=coopératoin")
    assert 'data-testid="result-list"' in html
    text = unescape(re.sub(r"<[^>]+>", "", html))
    assert "Résultats pour « coopération » ; rechercher plutôt « coopératoin »." in text
    assert re.search(r'<h2 id="results-count"[^>]*>\s*\d+ documents? pour «&nbsp;coopération&nbsp;»', html), \
        "the heading names the query searched"
    assert links(html, "search-as-typed") == ["/?q=%22coop%C3%A9ratoin%22"]
    assert "Essayez aussi" not in html, "the correction is not offered a second time"


def test_notices_are_shown(client):
    html = page(client, "/?q=miel forage")
    assert 'role="status"' in html and "en contiennent une partie" in html


@pytest.mark.parametrize(
    "q", ['"unbalanced', "AND OR", "(((", "titre:", "*", "x" * 10_000, "pays:"],
)
def test_malformed_queries_render(client, q):
    page(client, "/?q=" + q)


def test_document_page(client):
    html = page(client, "/documents/eau-douentza?q=comité forage")
    assert "<h1 id=\"document-title\">Rapport de mission : l&#39;accès à l&#39;eau potable" in html
    assert re.search(r"<dt>Pays</dt>\s*<dd>\s*Mali\s*</dd>", html), "no staff jargon beside the values"
    assert re.search(r"<summary>D'où viennent ces informations \?</summary>.*Pays : <span data-testid=.source.>déduit du texte</span>",
                     html, re.S), "the sources are a discreet detail, in words"
    assert "15 juin 2012" in html
    assert "4 pages" in html
    assert html.count('data-testid="page-match"') == 2
    assert 'href="/files/eau-douentza#page=2"' in html and "<mark>forage</mark>" in html
    assert links(html, "open-link") == ["/files/eau-douentza"]
    assert links(html, "download-link") == ["/files/eau-douentza?download=1"]
    assert 'data-testid="similar"' in html and "Documents similaires" in html


def test_scan_shows_the_no_text_warning(client):
    html = page(client, "/documents/convention-scan?q=convention")
    assert 'data-testid="no-text-layer"' in html and "sans couche texte" in html
    assert "Aucun passage" in html


def test_document_page_escapes_markup_everywhere(client):
    html = page(client, "/documents/xss-tunis?q=festival")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Gras</b>" not in html
    assert "Projet &lt;script&gt;alert(&#34;titre&#34;)&lt;/script&gt; à Tunis" in html
    assert "Asso &lt;b&gt;Gras&lt;/b&gt; &amp; Cie" in html


def test_search_page_escapes_markup_everywhere(client):
    for url in ("/", "/?q=festival", "/?organisation=Asso <b>Gras</b> %26 Cie"):
        html = page(client, url)
        assert "<script>alert" not in html and "<b>Gras</b>" not in html
        assert "<img src=x" not in html


def test_unknown_document_is_a_french_404(client):
    html = page(client, "/documents/inconnu", status=404)
    assert "Page introuvable" in html and 'data-status="404"' in html
    page(client, "/nulle-part", status=404)


@pytest.mark.parametrize("query", ["page=abc", "per_page=500", "sort=n", "year=20"])
def test_bad_parameters_give_a_french_400_page(client, query):
    html = page(client, f"/?{query}", status=400)
    assert "Demande incorrecte" in html and 'data-status="400"' in html


def test_missing_index_gives_a_friendly_page(tmp_path):
    from conftest import make_app

    client = make_app(tmp_path / "index", tmp_path).test_client()
    html = page(client, "/", status=503)
    assert "pas encore prêt" in html


def test_new_generation_shows_on_the_next_page(fresh_app, fresh):
    client = fresh_app.test_client()
    assert "16 documents" in page(client, "/")
    build_index(*fresh, DOCS + [EXTRA_DOC])
    assert "17 documents" in page(client, "/")
    assert result_ids(page(client, "/?q=Djerba")) == ["dechets-nouveau"]


def test_french_formatting():
    assert number(12345) == "12\u202f345"
    assert plural(0, "document") == "0 document"
    assert plural(1, "document") == "1 document"
    assert plural(1234, "document") == "1\u202f234 documents"
    assert long_date("2025-01-20") == "20 janvier 2025"
    assert long_date("2012-00-00") == "2012-00-00"
    assert file_size(1536) == "1,5 ko"
    assert file_size(500) == "500 octets"


def test_cresi_web_command():
    runner = CliRunner()
    result = runner.invoke(cresi_web, ["--help"])
    assert result.exit_code == 0 and "--threads" in result.output
    result = runner.invoke(cresi_web, ["--corpus", "/nulle/part"])
    assert result.exit_code != 0 and "introuvable" in result.output
