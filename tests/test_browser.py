"""End-to-end tests in a real headless Chromium against `cresi-web` over HTTP.

The site runs as a subprocess on 127.0.0.1 over an index of the sample corpus; Playwright
drives Debian's Chromium (/usr/bin/chromium); fixtures in browser_site.py. Outside CI the
tests are skipped when Chromium is absent; in CI (CI=true) its absence is a failure.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from browser_site import ARTIFACTS, CORPUS, require_chromium

pytestmark = pytest.mark.browser
require_chromium()


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def total(page) -> int:
    return int(page.get_by_test_id("results-count").get_attribute("data-total"))


def test_search_facets_chips_and_back_button(site, page):
    page.goto(site + "/")
    page.fill("#q", "eau")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=eau"))
    all_hits = total(page)
    assert all_hits > 5
    assert page.get_by_test_id("result").count() > 0
    assert page.locator("[data-testid=snippet] mark").count() > 0

    # Two countries (OR within the facet), then a theme (AND across facets).
    countries = page.locator("#facet-country [data-testid=facet-value]:not(.is-selected)")
    first_code = countries.nth(0).get_attribute("data-value")
    countries.nth(0).click()
    page.wait_for_url(re.compile(f"country={first_code}"))
    one_country = total(page)
    second = page.locator("#facet-country [data-testid=facet-value]:not(.is-selected)").nth(0)
    second_code = second.get_attribute("data-value")
    second.click()
    page.wait_for_url(re.compile(f"country={second_code}"))
    two_countries = total(page)
    assert one_country <= two_countries <= all_hits
    assert sorted(query_of(page.url)["country"]) == sorted([first_code, second_code])

    theme = page.locator("#facet-theme [data-testid=facet-value]").nth(0)
    theme_code = theme.get_attribute("data-value")
    expected = int(theme.get_by_test_id("facet-count").inner_text().replace("\u202f", "").replace(" ", ""))
    theme.click()
    page.wait_for_url(re.compile(f"theme={theme_code}"))
    assert total(page) == expected, "the facet count announced the number of results"
    assert page.get_by_test_id("chip").count() == 3
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "resultats-filtres.png"), full_page=True)

    # Remove a country chip: the other filters stay.
    page.locator(f"[data-testid=chip][data-value='{first_code}']").click()
    page.wait_for_url(lambda url: first_code not in query_of(url).get("country", []))
    assert page.get_by_test_id("chip").count() == 2
    assert query_of(page.url)["theme"] == [theme_code]

    # All state is in the URL: the back button restores the three filters.
    page.go_back()
    page.wait_for_url(lambda url: first_code in query_of(url).get("country", []))
    assert page.get_by_test_id("chip").count() == 3


def test_pagination_browses_all_documents_newest_first(site, page):
    page.goto(site + "/")
    page.get_by_test_id("all-documents").click()
    page.wait_for_url(re.compile(r"sort=date"))
    count = total(page)
    assert count >= 60
    first_page = page.get_by_test_id("result-link").all_inner_texts()
    page.get_by_test_id("page-next").click()
    page.wait_for_url(re.compile(r"page=2"))
    second_page = page.get_by_test_id("result-link").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    page.get_by_test_id("page-prev").click()
    page.wait_for_url(re.compile(r"page=1|^(?!.*page=)"))
    assert page.get_by_test_id("result-link").all_inner_texts() == first_page


def test_open_a_document_and_download_it(site, page):
    page.goto(site + "/?q=scolarisation+des+filles")
    link = page.get_by_test_id("result-link").first
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert page.locator("#document-title").inner_text() == title
    assert page.get_by_test_id("source").count() > 0, "each metadata value shows its source"
    with page.expect_download() as info:
        page.get_by_test_id("download-link").click()
    download = info.value
    saved = Path(download.path())
    original = next(p for p in CORPUS.rglob("*") if p.name == download.suggested_filename)
    assert saved.read_bytes() == original.read_bytes()


def test_keyboard_only_search(site, page):
    page.goto(site + "/")
    for _ in range(10):  # Tab from the top of the page to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("dechets Tunisie")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=dechets"))
    assert total(page) > 0
    for _ in range(40):  # Tab on to the first result's title and open it with Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "result-link":
            break
    assert page.evaluate("document.activeElement.dataset.testid") == "result-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused link is visibly outlined"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/documents/"))
    assert page.locator("#document-title").is_visible()
