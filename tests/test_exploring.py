"""For the people who search (issue 15), over real HTTP through the Flask app: periods,
sorts, results per page, filter values written as labels, pages past the end, the home
page, /explorer, the "À propos / API" pages, "Ouvrir" and "Télécharger", the way back
from a document to the exact search."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import DOCS, Doc, build_index, make_app


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    return response


def api(client, query, status=200) -> dict:
    return get(client, f"/api/search?{query}", status).get_json()


def html_of(client, url, status=200) -> str:
    return get(client, url, status).get_data(as_text=True)


def hrefs(html: str, testid: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'href="([^"]+)"[^>]*data-testid="{testid}"', html)]


def years_of(docs) -> list[int]:
    return [d.year for d in docs if d.year]


# -- periods: year_from, year_to ----------------------------------------------------------------
@pytest.mark.parametrize("low, high", [(2012, 2016), (2005, 2005), (None, 2010), (2020, None)])
def test_a_period_keeps_the_documents_of_its_years_bounds_included(client, low, high):
    query = "&".join(f"{k}={v}" for k, v in (("year_from", low), ("year_to", high)) if v)
    data = api(client, query + "&per_page=50")
    expected = {d.id for d in DOCS if d.year and (low is None or d.year >= low)
                and (high is None or d.year <= high)}
    assert {r["id"] for r in data["results"]} == expected and data["total"] == len(expected)
    assert (data["year_from"], data["year_to"]) == (low, high)


def test_a_period_given_the_wrong_way_round_is_read_the_right_way(client):
    assert api(client, "year_from=2016&year_to=2012")["total"] == api(client, "year_from=2012&year_to=2016")["total"]


def test_the_year_counts_show_the_years_of_the_period_and_other_facets_apply_it(client):
    data = api(client, "year_from=2012&year_to=2016")
    assert {v["value"] for v in data["facets"]["year"]} == {"2012", "2014", "2015", "2016"}
    haiti = next(v for v in data["facets"]["country"] if v["value"] == "HT")
    assert haiti["count"] == sum(1 for d in DOCS if "HT" in d.countries and 2012 <= d.year <= 2016)


def test_a_period_and_chosen_years_combine(client):
    data = api(client, "year_from=2012&year_to=2016&year=2015&year=2019")
    assert [r["id"] for r in data["results"]] == ["maraichage-douentza"]


def test_the_period_form_chip_and_links_keep_it(client):
    html = html_of(client, "/?q=coopération&year_from=2010&year_to=2020&country=HT")
    form = re.search(r'<form class="period".*?</form>', html, re.S).group(0)
    assert 'name="year_from"' in form and 'value="2010"' in form and 'value="2020"' in form
    assert '<input type="hidden" name="country" value="HT">' in form
    assert 'name="q" value="coopération"' in form
    chip = re.search(r'<a class="chip" href="([^"]+)" data-testid="chip" data-facet="year-range"', html)
    assert "Années : de 2010 à 2020" in html
    assert parse_qs(urlparse(unescape(chip.group(1))).query) == {"q": ["coopération"], "country": ["HT"]}
    box = re.search(r'<form class="searchbox" role="search".*?</form>', html, re.S).group(0)
    assert 'name="year_from" value="2010"' in box, "a new query keeps the period"


@pytest.mark.parametrize("query", ["year_from=20x5", "year_to=15", "year_from=1200", "year_to=2500"])
def test_a_bad_year_is_a_french_400(client, query):
    assert "année" in api(client, query, status=400)["error"].lower()
    assert "Demande incorrecte" in html_of(client, f"/?{query}", status=400)


# -- sorts and results per page -----------------------------------------------------------------
def test_oldest_first_and_by_title(client):
    oldest = [r["year"] for r in api(client, "sort=oldest&per_page=50")["results"]]
    assert oldest == sorted(years_of(DOCS))
    titles = [r["title"] for r in api(client, "q=déchets&sort=title")["results"]]
    assert titles == ["Évaluation du service de collecte des déchets à Jacmel",
                      "Gestion des déchets ménagers à Douentza : rapport 2024",
                      "Tri et compostage des déchets à Sfax"], "accents folded: É sorts as E"


def test_undated_documents_come_last_both_ways(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    undated = Doc("sans-date", "Divers/Sans date.txt", "Aaa document sans date", ("Un texte.",), year=None)
    build_index(tmp_path / "index", corpus, DOCS[:4] + [undated])
    client = make_app(tmp_path / "index", corpus).test_client()
    for sort in ("date", "oldest"):
        assert api(client, f"sort={sort}")["results"][-1]["id"] == "sans-date", sort
    assert api(client, "sort=title")["results"][0]["id"] == "sans-date"


def test_sort_and_per_page_links(client):
    html = html_of(client, "/?q=coopération")
    sort = re.search(r'<p class="sort".*?</p>', html, re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", sort) == ["pertinence", "plus récents", "plus anciens", "titre"]
    assert "sort=oldest" in sort and "sort=title" in sort
    browse = re.search(r'<p class="sort".*?</p>', html_of(client, "/?sort=date"), re.S).group(0)
    assert "pertinence" not in browse, "without words there is no relevance"
    per_page = re.search(r'<p class="per-page".*?</p>', html_of(client, "/?sort=date"), re.S).group(0)
    links = [unescape(h) for h in re.findall(r'href="([^"]+)"', per_page)]
    assert links == ["/?sort=date", "/?sort=date&per_page=20", "/?sort=date&per_page=50"]
    html = html_of(client, "/?sort=date&per_page=20")
    assert len(re.findall(r'data-testid="result" ', html)) == 16
    assert '<input type="hidden" name="per_page" value="20">' in html


# -- filter values: labels accepted, unknown ones refused with the list --------------------------
@pytest.mark.parametrize("query, code", [
    ("country=mali", "ML"), ("country=Haïti", "HT"), ("country=ml", "ML"),
    ("theme=Santé", "sante"), ("theme=ordures", "dechets"), ("type=guide", "guide"),
    ("organisation=cresi", "CRESI"), ("organisation=ASSOCIATION HAITI ESSONNE", "Association Haïti Essonne"),
])
def test_filter_values_written_as_labels_are_understood(client, query, code):
    name = query.split("=")[0]
    data = api(client, query)
    assert data["total"] > 0
    assert [v["value"] for v in data["facets"][name] if v["selected"]] == [code]


@pytest.mark.parametrize("query, listed", [
    ("country=atlantide", "ML (Mali)"), ("theme=zzz", "sante (Santé)"), ("organisation=Personne", "CRESI"),
])
def test_unknown_filter_values_are_a_400_listing_the_values(client, query, listed):
    error = api(client, query, status=400)["error"]
    assert error.startswith("Valeur inconnue pour") and "Valeurs possibles" in error and listed in error
    assert listed in unescape(html_of(client, f"/?{query}", status=400))


def test_a_valid_code_without_documents_is_a_true_zero(client):
    data = api(client, "country=FR")
    assert data["total"] == 0
    assert {"value": "FR", "label": "France", "count": 0, "selected": True} in data["facets"]["country"]


# -- facet lists -----------------------------------------------------------------------------
def test_years_are_listed_by_year(client):
    values = [v["value"] for v in api(client, "")["facets"]["year"]]
    assert values == sorted({str(y) for y in years_of(DOCS)}, reverse=True)


def test_a_selected_value_without_documents_is_shown_as_a_filter_to_remove(client):
    html = html_of(client, "/?q=miel&country=ML")
    mali = re.search(r'class="facet-link is-selected"\s*data-testid="facet-value" data-facet="country" data-value="ML".*?</a>', html, re.S).group(0)
    assert "aucun document · retirer" in mali and "facet-count" not in mali


# -- pages past the end -------------------------------------------------------------------------
def test_a_page_past_the_end_links_to_the_last_page(client):
    data = api(client, "page=9&per_page=5")
    assert data["results"] == [] and data["total"] == 16
    assert data["notices"] == ["La page 9 n'existe pas : les résultats s'arrêtent à la page 4."]
    html = html_of(client, "/?page=9&per_page=5&sort=date")
    assert hrefs(html, "last-page-link") == ["/?sort=date&per_page=5&page=4"]
    assert "1000 premiers" not in html


def test_the_depth_limit_is_only_mentioned_beyond_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    many = [Doc(f"doc-{i:04d}", f"Lot/Document {i:04d}.txt", f"Document {i:04d} sur l'eau", ("De l'eau.",),
                year=2000 + i % 20) for i in range(1005)]
    build_index(tmp_path / "index", corpus, many)
    client = make_app(tmp_path / "index", corpus).test_client()
    assert api(client, "q=eau&page=10&per_page=50")["notices"] == []
    last = api(client, "q=eau&page=20&per_page=50")
    assert len(last["results"]) == 50
    assert last["notices"] == ["Seuls les 1000 premiers résultats sont consultables : précisez la "
                               "recherche ou ajoutez un filtre."]
    beyond = api(client, "q=eau&page=21&per_page=50")
    assert beyond["results"] == [] and beyond["notices"] == last["notices"]
    assert "1000 premiers" not in html_of(client, "/?q=eau&page=10&per_page=50")
    assert "Seuls les 1000 premiers résultats sont consultables" in html_of(client, "/?q=eau&page=20&per_page=50")


# -- home page -----------------------------------------------------------------------------------
def test_home_says_what_the_collection_holds_and_where_to_start(client):
    html = html_of(client, "/")
    figures = unescape(re.sub(r"<[^>]+>", "", re.search(
        r'data-testid="collection-figures">(.*?)</p>', html, re.S).group(1)))
    countries = {c for d in DOCS for c in d.countries}
    themes = {t for d in DOCS for t in d.themes}
    assert " ".join(figures.split()).startswith(
        f"16 documents sur {len(countries)} pays et {len(themes)} thèmes, de 2005 à 2024")
    theme_tiles = re.search(r'data-testid="theme-tiles".*?</section>', html, re.S).group(0)
    counts = Counter(t for d in DOCS for t in d.themes)
    assert len(re.findall(r'data-testid="tile"', theme_tiles)) == len(themes)
    assert 'href="/?theme=dechets"' in theme_tiles and f"{counts['dechets']} documents" in theme_tiles
    assert 'href="/?country=ML"' in html
    latest = re.findall(r'data-testid="latest-item"><a href="/documents/([^"]+)"', html)
    assert latest == [d.id for d in sorted(DOCS, key=lambda d: -(d.year or 0))][:6]
    assert hrefs(html, "all-documents") == ["/?sort=date"]
    assert 'id="aide-recherche"' in html and "<code>mali ou sénégal</code>" in html


# -- explorer ------------------------------------------------------------------------------------
def test_explorer_map_links_every_country_to_its_search_with_its_count(client):
    html = html_of(client, "/explorer")
    per_country = Counter(c for d in DOCS for c in d.countries)
    drawn = re.findall(r'<a href="/\?country=(\w+)" class="map-country" data-testid="map-country" '
                       r'data-value="\w+"\s*aria-label="([^"]+)"', html)
    assert {code for code, _ in drawn} == set(per_country)
    for code, label in drawn:
        n = per_country[code]
        assert label.endswith(f" : {n} document{'s' if n > 1 else ''}"), label
    assert '<image href="/explorer/monde.svg"' in html
    assert "<script" not in html.split("</head>")[1], "no script needed"
    table = re.search(r'data-testid="country-table".*?</details>', html, re.S).group(0)
    assert re.findall(r'<a href="/\?country=(\w+)">', table) == [c for c, _ in sorted(
        per_country.items(), key=lambda kv: (-kv[1], ["Canada", "Haïti", "Madagascar", "Mali", "Tunisie"][
            ["CA", "HT", "MG", "ML", "TN"].index(kv[0])]))]


def test_the_map_is_framed_on_the_countries_of_the_collection(client):
    from search_app import worldmap

    html = html_of(client, "/explorer")
    x, y, w, h = (float(v) for v in re.search(r'<svg class="world-map" viewBox="([^"]+)"', html).group(1).split())
    world = [float(v) for v in worldmap.view_box().split()]
    assert w < world[2] * 0.7, "Asia and the Pacific, without documents, are left out"
    assert 1.5 <= w / h <= 2.2
    for code in {c for d in DOCS for c in d.countries}:
        left, top, width, height = worldmap._extent(code)
        assert x <= left and left + width <= x + w and y <= top and top + height <= y + h, code
    assert f'<image href="/explorer/monde.svg" x="{world[0]:g}" y="{world[1]:g}"' in html, "the world stays in place"
    assert worldmap.frame([]) == worldmap.view_box()


def test_explorer_timeline_and_year_table(client):
    html = html_of(client, "/explorer")
    per_year = Counter(years_of(DOCS))
    bars = dict(re.findall(r'data-testid="timeline-bar" data-year="(\d+)"\s*aria-label="\d+ : (\d+) doc', html))
    assert {int(y): int(n) for y, n in bars.items()} == dict(per_year)
    assert all(f'href="/?year={y}"' in html for y in per_year)


def test_explorer_themes_by_country(client):
    html = html_of(client, "/explorer")
    cells = re.findall(r'<a href="/\?country=(\w+)&amp;theme=([\w-]+)" data-testid="cross-cell"[^>]*>(\d+)</a>', html)
    expected = Counter((c, t) for d in DOCS for c in d.countries for t in d.themes)
    assert {(c, t): int(n) for c, t, n in cells} == dict(expected)


def test_world_background_is_the_packaged_map_compressed_and_cached(client):
    response = client.get("/explorer/monde.svg", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Encoding"] == "gzip" and "max-age" in response.headers["Cache-Control"]
    import gzip

    svg = gzip.decompress(response.data).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="') and svg.count("<path") > 250
    assert "metadata" not in svg and "script" not in svg
    plain = client.get("/explorer/monde.svg")
    assert "Content-Encoding" not in plain.headers and plain.data.decode() == svg


def test_the_map_data_is_read_without_importing_pygal():
    """pygal's import hook in sys.meta_path turned later failed imports (reportlab's codec
    look-ups) into ImportWarnings: errors in this suite, noise in the site's log."""
    import subprocess
    import sys

    code = ("import sys; from search_app import worldmap; assert worldmap.background_svg() and worldmap.known_codes(); "
            "print('pygal' in sys.modules, any('pygal' in type(f).__module__ for f in sys.meta_path))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


# -- about, API page -----------------------------------------------------------------------------
def test_about_and_human_readable_api_pages(client):
    html = html_of(client, "/")
    assert 'href="/a-propos" data-testid="about-link">À propos / API' in html
    assert "API des données</a>" not in html
    about = html_of(client, "/a-propos")
    assert hrefs(about, "api-doc-link") == ["/a-propos/api"]
    doc = html_of(client, "/a-propos/api")
    assert doc.count('data-testid="endpoint"') >= 4
    for name in ("q", "country", "year_from", "year_to", "sort", "per_page"):
        assert f"<code>{name}</code>" in doc
    assert "relevance, date, oldest, title" in doc


def test_public_pages_show_no_staff_badges(client):
    html = html_of(client, "/documents/dechets-douentza")
    assert 'class="source"' not in html and "propriétés</span>" not in html
    sources = re.search(r'<details class="sources" id="sources" data-testid="sources">(.*?)</details>', html, re.S)
    assert sources, "where the values come from is a discreet, closed detail"
    assert "<summary>D'où viennent ces informations ?</summary>" in sources.group(1)


# -- documents: open, download, back to the exact search, a search box ----------------------------
def test_open_views_the_pdf_and_download_downloads_it(client):
    with client.get("/files/dechets-douentza") as opened:
        assert opened.headers["Content-Disposition"].startswith("inline;")
    with client.get("/files/dechets-douentza?download=1") as downloaded:
        assert downloaded.headers["Content-Disposition"].startswith("attachment;")
        assert downloaded.mimetype == "application/pdf"
    pdf = html_of(client, "/documents/dechets-douentza")
    assert hrefs(pdf, "open-link") == ["/files/dechets-douentza"]
    assert hrefs(pdf, "download-link") == ["/files/dechets-douentza?download=1"]
    html = html_of(client, "/documents/compost-sfax")
    assert hrefs(html, "download-link") == ["/files/compost-sfax?download=1"]
    assert "open-link" not in html, "a Word file cannot be viewed in the browser"


def test_result_links_carry_the_search_and_the_document_page_leads_back_to_it(client):
    search = "/?q=d%C3%A9chets&country=ML&country=HT&year_from=2010&sort=oldest&per_page=20"
    html = html_of(client, search)
    link = re.findall(r'href="(/documents/[^"]+)" data-testid="result-link"', html)[0]
    doc = html_of(client, unescape(link))
    back = hrefs(doc, "back-link")[0]
    assert parse_qs(urlparse(back).query) == parse_qs(urlparse(search).query)
    page2 = html_of(client, "/?sort=date&per_page=5&page=2")
    link = unescape(re.findall(r'href="(/documents/[^"]+)" data-testid="result-link"', page2)[0])
    assert parse_qs(urlparse(hrefs(html_of(client, link), "back-link")[0]).query) == {
        "sort": ["date"], "per_page": ["5"], "page": ["2"]}


def test_document_page_back_link_ignores_other_parameters_and_has_a_search_box(client):
    doc = html_of(client, '/documents/eau-douentza?q=forage&evil="><x>&country=ML')
    assert hrefs(doc, "back-link") == ["/?q=forage&country=ML"]
    assert '<form class="searchbox searchbox-small" role="search"' in doc and 'name="q"' in doc
    assert hrefs(html_of(client, "/documents/eau-douentza"), "back-link") == ["/"]


def test_keyboard_users_get_a_visible_link_to_the_filters(client):
    html = html_of(client, "/?q=eau")
    skip = html.index('data-testid="skip-to-filters"')
    assert skip < html.index('data-testid="result"'), "before the first result"
    assert hrefs(html, "skip-to-filters") == ["#filtres"]
    with get(client, "/static/style.css") as response:  # a file response: closed after reading
        css = response.get_data(as_text=True)
    assert ".skip-to-filters { display: none" not in css

