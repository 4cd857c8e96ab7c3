"""Issue 15 in a real headless Chromium against `cresi-web` over HTTP (fixtures in
browser_site.py): back to the exact search, keyboard order, help that opens, phone
widths, the explorer's links, and screenshots of the main pages at 390 and 1280 px
saved in test-artifacts/ to be looked at."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from browser_site import ARTIFACTS, DESKTOP, PHONE, new_page, require_chromium

pytestmark = pytest.mark.browser
require_chromium()

MIN_TOUCH_PX = 44


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def total(page) -> int:
    return int(page.get_by_test_id("results-count").get_attribute("data-total"))


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def overflowing(page) -> list[str]:
    """Tiles, buttons, chips and badges whose text runs out of their box."""
    return page.evaluate("""[...document.querySelectorAll('.tile, .button, .chip, .badge, .facet-link')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())""")


def first_document_url(page) -> str:
    return page.get_by_test_id("result-link").first.get_attribute("href")


SHOTS = [
    ("accueil", "/"),
    ("resultats", "/?q=eau+potable&country=ML"),
    ("document", None),  # the first result of "comité de gestion"
    ("explorer", "/explorer"),
]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_screenshots_of_the_main_pages(site, browser, viewport):
    context, page = new_page(browser, viewport)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        for name, path in SHOTS:
            if path is None:
                page.goto(site + "/?q=%22comit%C3%A9+de+gestion%22")
                path = first_document_url(page)
            page.goto(site + path, wait_until="load")
            assert no_horizontal_scroll(page), f"{name} scrolls sideways at {viewport['width']} px"
            assert overflowing(page) == [], f"{name}: text wider than its box at {viewport['width']} px"
            page.screenshot(path=str(ARTIFACTS / f"{name}-{viewport['width']}.png"), full_page=True)
    finally:
        context.close()


def test_back_to_the_exact_search(site, page):
    page.goto(site + "/?q=projet&country=ML&country=HT&year_from=2005&sort=oldest&per_page=10")
    page.get_by_test_id("page-next").click()
    page.wait_for_url(re.compile(r"page=2"))
    searched = query_of(page.url)
    shown = page.get_by_test_id("result-link").all_inner_texts()
    page.get_by_test_id("result-link").nth(2).click()
    page.wait_for_url(re.compile(r"/documents/"))
    page.get_by_test_id("back-link").click()
    page.wait_for_url(re.compile(r"/\?"))
    assert query_of(page.url) == searched
    assert page.get_by_test_id("result-link").all_inner_texts() == shown
    assert page.get_by_test_id("chip").count() == 3  # two countries and the period


def test_keyboard_reaches_the_filters_before_the_results(site, page):
    page.goto(site + "/?q=eau")
    stops = []
    for _ in range(30):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.dataset.testid || document.activeElement.id"))
        if stops[-1] == "skip-to-filters":
            break
    assert stops[-1] == "skip-to-filters", stops
    assert "result-link" not in stops, "the way to the filters comes before the first result"
    assert page.get_by_test_id("skip-to-filters").is_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "facet-value"
    assert len(stops) < 20


def test_the_help_link_opens_the_help(site, page):
    page.goto(site + "/?q=eau")
    assert not page.locator("#aide-recherche").evaluate("d => d.open")
    page.get_by_test_id("help-link").click()
    assert page.locator("#aide-recherche").evaluate("d => d.open")
    assert page.get_by_text("mali ou sénégal").first.is_visible()
    page.goto(site + "/#aide-recherche")  # arriving by the link from elsewhere
    assert page.locator("#aide-recherche").evaluate("d => d.open")


def test_ou_means_or(site, page):
    counts, tiers = {}, {}
    for q in ("mali", "tunisie", "mali ou tunisie", "mali tunisie"):
        page.goto(site + "/?q=" + q.replace(" ", "+"))
        counts[q] = total(page)
        tiers[q] = page.get_by_test_id("tiers").count()
    assert counts["mali ou tunisie"] >= max(counts["mali"], counts["tunisie"])
    # Without "ou", the documents with both words come first and the page says so; with it,
    # every document with either word holds the whole query.
    assert tiers["mali tunisie"] == 1 and tiers["mali ou tunisie"] == 0


def test_phone_touch_targets_and_layout(site, phone):
    phone.goto(site + "/?q=eau")
    for link in phone.locator("#sort a, .per-page a").all():
        assert link.bounding_box()["height"] >= MIN_TOUCH_PX, link.inner_text()
    assert phone.get_by_test_id("skip-to-filters").bounding_box()["height"] >= MIN_TOUCH_PX
    assert no_horizontal_scroll(phone)
    phone.goto(site + "/")
    for tile in phone.get_by_test_id("tile").all()[:6]:
        assert tile.bounding_box()["height"] >= MIN_TOUCH_PX
    phone.goto(site + "/explorer")
    assert no_horizontal_scroll(phone), "the map scrolls in its own box, not the page"
    mali = phone.locator("[data-testid=map-country][data-value=ML]").bounding_box()
    assert min(mali["width"], mali["height"]) >= MIN_TOUCH_PX, mali
    assert 0 <= mali["x"] and mali["x"] + mali["width"] <= PHONE["width"], \
        "the map starts from the side where most documents are (Mali, West Africa), no swipe needed"


def test_period_form_works_from_the_page(site, page):
    page.goto(site + "/?q=eau")
    before = total(page)
    page.fill("#year_from", "2010")
    page.fill("#year_to", "2015")
    page.locator("[data-testid=period-form] button").click()
    page.wait_for_url(re.compile(r"year_from=2010"))
    assert query_of(page.url)["q"] == ["eau"] and query_of(page.url)["year_to"] == ["2015"]
    assert 0 < total(page) < before
    years = [int(y) for y in page.locator("[data-testid=facet-year] [data-testid=facet-value]").evaluate_all(
        "links => links.map(a => a.dataset.value)")]
    assert years == sorted(years, reverse=True) and all(2010 <= y <= 2015 for y in years)


def test_explorer_map_and_timeline_lead_to_searches(site, page):
    page.goto(site + "/explorer")
    country = page.get_by_test_id("map-country").first
    code = country.get_attribute("data-value")
    expected = int(re.search(r": (\d+) doc", country.get_attribute("aria-label")).group(1))
    country.click()
    page.wait_for_url(re.compile(f"country={code}"))
    assert total(page) == expected
    page.go_back()
    bar = page.get_by_test_id("timeline-bar").last
    year = bar.get_attribute("data-year")
    bar.click()
    page.wait_for_url(re.compile(f"year={year}"))
    assert total(page) >= 1
