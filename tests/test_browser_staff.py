"""The team's sign-in and pages in a real headless Chromium (Playwright), over HTTP."""

from __future__ import annotations

import re

import pytest

from bench.site import running_site
from tests.conftest import DOCS, build_index
from browser_site import ARTIFACTS, require_chromium
from tests.test_staff_access import PASSWORD, PRIVATE, add_user

pytestmark = pytest.mark.browser
require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-staff")
    (root / "corpus").mkdir()
    build_index(root / "index", root / "corpus", DOCS + PRIVATE)
    add_user(root / "index", "claire")
    with running_site(root / "index", root / "corpus") as base:
        yield base


def results(page) -> int:
    return int(page.get_by_test_id("results-count").get_attribute("data-total"))


def test_sign_in_see_private_documents_and_sign_out(site, page):
    page.goto(site + "/?q=zorblaxienne")
    assert results(page) == 0
    page.get_by_test_id("sign-in-link").click()
    page.wait_for_url(re.compile(r"/connexion"))
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill("pas le bon mot de passe")
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_selector("[data-testid=sign-in-error]")
    assert "Identifiant ou mot de passe incorrect." in page.get_by_test_id("sign-in-error").inner_text()
    page.get_by_label("Identifiant").fill("claire")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url(re.compile(r"/equipe$"))
    assert "état de l'indexation" in page.locator("h1").inner_text()
    assert page.get_by_test_id("staff-nav").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "espace-equipe.png"), full_page=True)

    page.get_by_role("link", name="À compléter").click()
    page.wait_for_url(re.compile(r"/equipe/a-completer"))
    assert page.get_by_test_id("to-complete-row").count() > 0

    page.goto(site + "/?q=zorblaxienne")
    assert results(page) == 1
    assert page.get_by_test_id("badge-equipe").first.is_visible()
    page.get_by_test_id("sign-out").click()
    page.wait_for_url(re.compile(r"/$|/\?"))
    page.goto(site + "/?q=zorblaxienne")
    assert results(page) == 0
    page.goto(site + "/equipe")
    page.wait_for_url(re.compile(r"/connexion"))


def test_phone_sized_sign_in_form_is_usable(site, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740})
    pg = context.new_page()
    pg.goto(site + "/connexion")
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "no horizontal scrolling on a phone"
    pg.keyboard.press("Tab")
    for _ in range(10):
        if pg.evaluate("document.activeElement.id") == "identifiant":
            break
        pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.id") == "identifiant"
    context.close()
