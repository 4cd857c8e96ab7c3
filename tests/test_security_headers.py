"""Security headers on every response, and pages without inline script or style."""

from __future__ import annotations

import re

import pytest

URLS = [
    ("/", 200),
    ("/?q=déchets&country=ML", 200),
    ("/documents/eau-douentza?q=forage", 200),
    ("/documents/inconnu", 404),
    ("/?page=abc", 400),
    ("/api/search?q=eau", 200),
    ("/api/search?per_page=99", 400),
    ("/api/documents/eau-douentza", 200),
    ("/api/openapi.json", 200),
    ("/healthz", 200),
    ("/files/eau-douentza", 200),
    ("/files/compost-sfax", 200),
    ("/files/inconnu", 404),
    ("/static/style.css", 200),
    ("/nulle-part", 404),
]


@pytest.mark.parametrize("url, status", URLS)
def test_every_response_has_security_headers(client, url, status):
    with client.get(url) as response:
        response.get_data()
    assert response.status_code == status
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert ("default-src 'none'" if url.startswith("/files/") and status == 200 else "default-src 'self'") in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_forbid_scripts_from_elsewhere(client):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp


def test_pdf_policy_still_lets_the_browser_viewer_open_it(client):
    with client.get("/files/eau-douentza") as response:
        csp = response.headers["Content-Security-Policy"]
    assert "object-src 'self'" in csp


@pytest.mark.parametrize("url", ["/", "/?q=festival", "/documents/xss-tunis?q=festival", "/nulle-part",
                                 "/explorer", "/a-propos", "/a-propos/api"])
def test_pages_have_no_inline_script_or_style(client, url):
    html = client.get(url).get_data(as_text=True)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.I | re.S)
    assert len(scripts) == len(re.findall(r"<script\b", html, re.I))
    assert all(re.search(r'\ssrc="/static/[\w.-]+\.js"', attrs) and not body.strip()
               for attrs, body in scripts), "only the site's own script files"
    assert not re.search(r"\sstyle=", html, re.I)
    assert not re.search(r"\son[a-z]+=", html, re.I)


def test_server_errors_are_french_pages_with_headers(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("panne")

    @app.get("/api/boom")
    def api_boom():
        raise RuntimeError("panne")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500 and "Erreur du serveur" in response.get_data(as_text=True)
    assert "panne" not in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"
    data = client.get("/api/boom").get_json()
    assert data == {"error": "Une erreur inattendue s'est produite. Réessayez dans un instant.", "status": 500}
