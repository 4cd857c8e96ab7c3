"""Downloads: indexed files only, as indexed, never anything outside the corpus folder."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import BY_ID
from search_app.files import open_corpus_file


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
    "relative", ["", "/etc/passwd", "../secret.txt", "a/../../secret.txt", "Fiches", "nope.pdf",
                 ".cache/x.txt", "Fiches/.brouillon.md", "~$rapport.docx"],
)
def test_open_corpus_file_refuses_paths_outside_hidden_or_missing(built, relative):
    _, corpus = built
    assert open_corpus_file(corpus, relative) is None


def test_open_corpus_file_follows_no_link_even_inside_the_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "vrai").mkdir(parents=True)
    (corpus / "vrai/texte.txt").write_text("ok", encoding="utf-8")
    os.symlink(corpus / "vrai/texte.txt", corpus / "lien.txt")
    os.symlink(corpus / "vrai", corpus / "dossier-lien")
    assert open_corpus_file(corpus, "lien.txt") is None
    assert open_corpus_file(corpus, "dossier-lien/texte.txt") is None
    with open_corpus_file(Path(str(corpus) + "/"), "vrai/texte.txt") as f:
        assert f.read() == b"ok"


def test_named_pipe_at_an_indexed_path_is_404_without_blocking(fresh_app, fresh):
    _, corpus = fresh
    target = corpus / BY_ID["fiche-budget"].path
    target.unlink()
    os.mkfifo(target)
    assert fetch(fresh_app.test_client(), "/files/fiche-budget").status_code == 404


def test_file_changed_since_indexing_waits_for_the_next_run(fresh_app, fresh):
    """Edited (other size, or same size and other content): 404 until indexed again;
    only touched (same content, new time): still served."""
    _, corpus = fresh
    client = fresh_app.test_client()
    touched = corpus / BY_ID["fiche-budget"].path
    os.utime(touched, ns=(0, 10**18))
    assert fetch(client, "/files/fiche-budget").status_code == 200
    edited = corpus / BY_ID["apiculture-madagascar"].path
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("miel", "MIEL"), encoding="utf-8")
    assert fetch(client, "/files/apiculture-madagascar").status_code == 404
    edited.write_text(text + " ajout", encoding="utf-8")
    assert fetch(client, "/files/apiculture-madagascar").status_code == 404


def test_range_and_conditional_requests_still_work(client, built):
    _, corpus = built
    data = (corpus / BY_ID["dechets-douentza"].path).read_bytes()
    with client.get("/files/dechets-douentza", headers={"Range": "bytes=0-9"}) as r:
        assert r.status_code == 206 and r.get_data() == data[:10]
        assert r.headers["Content-Range"] == f"bytes 0-9/{len(data)}"
    etag = fetch(client, "/files/dechets-douentza").headers["ETag"]
    with client.get("/files/dechets-douentza", headers={"If-None-Match": etag}) as r:
        assert r.status_code == 304
