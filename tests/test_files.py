"""Downloads: indexed files only, never anything outside the corpus folder."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import BY_ID
from search_app.files import corpus_file


def fetch(client, url):
    """GET whose body is read and closed at once (file responses stream from disk)."""
    with client.get(url) as response:
        response.get_data()
    return response


def test_pdf_opens_inline_with_its_name(client, built):
    _, corpus = built
    doc = BY_ID["dechets-douentza"]
    response = fetch(client, "/files/dechets-douentza")
    assert response.status_code == 200
    assert response.content_type == "application/pdf"
    assert response.data == (corpus / doc.path).read_bytes()
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=UTF-8''" + quote("Gestion des déchets à Douentza 2024.pdf") in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "doc_id, content_type",
    [("compost-sfax", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
     ("jeunes-quebec", "application/vnd.oasis.opendocument.text"),
     ("fiche-budget", "text/markdown; charset=utf-8"),
     ("apiculture-madagascar", "text/plain; charset=utf-8"),
     ("xss-tunis", "text/html; charset=utf-8")],
)
def test_other_formats_are_attachments(client, doc_id, content_type):
    response = fetch(client, f"/files/{doc_id}")
    assert response.status_code == 200
    assert response.content_type == content_type
    assert response.headers["Content-Disposition"].startswith("attachment;")


def test_ascii_name_needs_no_rfc5987(client):
    response = fetch(client, "/files/apiculture-madagascar")
    assert response.headers["Content-Disposition"] == "attachment; filename=\"Apiculture 2014.txt\""


@pytest.mark.parametrize(
    "url",
    ["/files/inconnu", "/files/../../etc/passwd", "/files/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
     "/files/..%2f..%2fsecret.txt", "/files/%2e%2e", "/files/..", "/files/",
     "/files/eau-douentza%2Fp1", "/files/eau-douentza/p1", "/files//etc/passwd"],
)
def test_traversal_and_unknown_ids_are_404(client, url):
    response = fetch(client, url)
    assert response.status_code == 404
    assert b"ne doit jamais sortir" not in response.data and b"root:" not in response.data


def test_symlink_leaving_the_corpus_is_404(fresh_app, fresh, tmp_path):
    _, corpus = fresh
    secret = tmp_path / "secret.txt"
    secret.write_text("ne doit jamais sortir", encoding="utf-8")
    target = corpus / BY_ID["apiculture-madagascar"].path
    target.unlink()
    target.symlink_to(secret)
    response = fetch(fresh_app.test_client(), "/files/apiculture-madagascar")
    assert response.status_code == 404


def test_folder_symlink_leaving_the_corpus_is_404(fresh_app, fresh, tmp_path):
    _, corpus = fresh
    outside = tmp_path / "ailleurs"
    (outside / "Madagascar").mkdir(parents=True)
    (outside / "Madagascar" / "Apiculture 2014.txt").write_text("dehors", encoding="utf-8")
    folder = corpus / "Associations"
    (folder / "Madagascar" / "Apiculture 2014.txt").unlink()
    (folder / "Madagascar").rmdir()
    (folder / "Madagascar").symlink_to(outside / "Madagascar")
    assert fetch(fresh_app.test_client(), "/files/apiculture-madagascar").status_code == 404


def test_file_removed_from_disk_is_404(fresh_app, fresh):
    _, corpus = fresh
    (corpus / BY_ID["fiche-budget"].path).unlink()
    assert fetch(fresh_app.test_client(), "/files/fiche-budget").status_code == 404


@pytest.mark.parametrize(
    "relative", ["", "/etc/passwd", "../secret.txt", "a/../../secret.txt", "Fiches", "nope.pdf"],
)
def test_corpus_file_refuses_paths_outside_or_missing(built, relative):
    _, corpus = built
    assert corpus_file(corpus, relative) is None


def test_corpus_file_accepts_a_symlink_inside_the_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "vrai.txt").write_text("ok", encoding="utf-8")
    os.symlink(corpus / "vrai.txt", corpus / "lien.txt")
    assert corpus_file(corpus, "lien.txt") == (corpus / "vrai.txt").resolve()
    assert corpus_file(Path(str(corpus) + "/"), "vrai.txt") is not None
