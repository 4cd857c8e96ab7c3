"""Copies of one document in a real headless Chromium: one result, « Aussi disponible en »
with a working link to the other format (the corpus of tests/test_duplicates.py)."""

from __future__ import annotations

import pytest

from bench.site import running_site
from browser_site import ARTIFACTS, require_chromium
from indexer.metadata.paths import document_id
from tests.test_duplicates import COPY, DOCX, PDF, write_corpus
from tests.test_staff_catalogue import update

pytestmark = pytest.mark.browser
require_chromium()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-duplicates")
    write_corpus(root / "corpus")
    update(root / "corpus", root / "index")
    with running_site(root / "index", root / "corpus") as base:
        yield base


def test_one_entry_with_its_other_formats(site, phone):
    phone.goto(site + "/?q=Badalabougou")
    results = phone.get_by_test_id("result")
    assert results.count() == 1
    assert results.first.get_attribute("data-id") == document_id(PDF)
    assert phone.get_by_test_id("results-count").get_attribute("data-total") == "1"
    also = results.first.get_by_test_id("also")
    assert also.is_visible()
    text = " ".join(also.inner_text().replace("\xa0", " ").split())
    assert text == f"Aussi disponible en : PDF ({COPY}), Word", text
    link = also.locator(f'[data-id="{document_id(DOCX)}"]')
    assert link.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "aussi-disponible.png"), full_page=True)
    with phone.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".docx")
