"""Sign-in of the team over real HTTP (`cresi-web` as a subprocess), and the accounts
command line: CSRF, cookies, one message for every failure, limits per address, logs,
sessions that expire or end with the account, staff pages closed to visitors, export.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import time
import tomllib
from pathlib import Path

import pytest
from flask.json.tag import TaggedJSONSerializer
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from bench.site import running_site
from tests.conftest import DOCS, build_index
from tests.test_staff_access import CRESI_WEB, PASSWORD, PRIVATE, add_user
from tests.webclient import WebClient


def cresi_web(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([CRESI_WEB, *args], input=stdin, capture_output=True, text=True,
                          timeout=60, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("signin")
    (root / "corpus").mkdir()
    build_index(root / "index", root / "corpus", DOCS + PRIVATE)
    add_user(root / "index", "claire")
    add_user(root / "index", "paul")
    return root


@pytest.fixture(scope="module")
def site(folder):
    log = folder / "site.log"
    with running_site(folder / "index", folder / "corpus", log=log, env={"CRESI_PROXIES": "1"}) as base:
        yield base


def test_accounts_from_the_command_line(tmp_path):
    index = tmp_path / "var" / "index"
    out = cresi_web("--index", str(index), "user", "add", "marie", stdin="correct horse battery\n")
    assert out.returncode == 0, out.stderr
    users = tmp_path / "var" / "users.toml"
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    text = users.read_text()
    assert "correct horse" not in text
    assert tomllib.loads(text)["users"]["marie"]["hash"].startswith(("scrypt:", "pbkdf2:"))
    assert "marie" in cresi_web("--index", str(index), "user", "list").stdout
    too_short = cresi_web("--index", str(index), "user", "add", "jean", stdin="court\n")
    assert too_short.returncode != 0 and "trop court" in too_short.stderr
    bad_name = cresi_web("--index", str(index), "user", "add", "../x", stdin="assez long mot de passe\n")
    assert bad_name.returncode != 0 and "Identifiant invalide" in bad_name.stderr
    # CRESI_USERS and --users choose another file.
    other = tmp_path / "autre.toml"
    assert cresi_web("user", "add", "lea", stdin="un autre mot de passe\n",
                     env={"CRESI_USERS": str(other)}).returncode == 0
    assert "lea" in cresi_web("user", "--users", str(other), "list").stdout
    assert cresi_web("--index", str(index), "user", "remove", "marie").returncode == 0
    assert "marie" not in cresi_web("--index", str(index), "user", "list").stdout
    assert cresi_web("--index", str(index), "user", "remove", "marie").returncode != 0


def test_secret_key_is_made_once_beside_the_users_file(folder, site):
    key = folder / "secret-key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text().strip()) >= 64
    first = key.read_text()
    WebClient(site).get("/connexion")
    assert key.read_text() == first


def test_sign_in_needs_the_csrf_token(site):
    client = WebClient(site)
    page = client.get("/connexion")
    assert page.status == 200
    for field in ('name="identifiant"', 'name="mot_de_passe"', 'name="csrf_token"', 'for="identifiant"'):
        assert field in page.text
    no_token = client.post("/connexion", {"identifiant": "claire", "mot_de_passe": PASSWORD})
    assert no_token.status == 400 and "formulaire a expiré" in no_token.text
    wrong_token = client.post("/connexion", {"csrf_token": "x" * 40, "identifiant": "claire",
                                             "mot_de_passe": PASSWORD})
    assert wrong_token.status == 400
    assert client.get("/api/search?q=zorblaxienne").json()["total"] == 0
    signed = client.sign_in("claire", PASSWORD)
    assert signed.status == 302 and signed.headers["location"].endswith("/equipe")
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert client.get("/api/search?q=zorblaxienne").json()["total"] == 1, "the API takes the session"
    equipe = client.get("/equipe")
    assert equipe.status == 200 and "claire" in equipe.text
    assert equipe.headers["cache-control"] == "no-store"


def test_cookie_is_secure_behind_an_https_proxy(site):
    https = site.replace("http://", "https://")
    client = WebClient(site, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"})
    # Over HTTPS, Flask-WTF also wants the Referer of this site (browsers send it).
    assert client.sign_in("claire", PASSWORD).status == 400
    client.headers["Referer"] = https + "/connexion"
    signed = client.sign_in("claire", PASSWORD)
    assert signed.status == 302
    assert "secure" in signed.headers["set-cookie"].lower()


def test_sign_out_is_a_post_with_the_token(site):
    client = WebClient(site)
    client.sign_in("paul", PASSWORD)
    assert client.get("/deconnexion").status == 405
    assert client.post("/deconnexion", {}).status == 400
    token = client.csrf_token("/equipe")
    out = client.post("/deconnexion", {"csrf_token": token})
    assert out.status == 302
    assert client.get("/equipe").status == 302
    assert client.get("/api/search?q=zorblaxienne").json()["total"] == 0


def test_failures_say_the_same_are_limited_per_address_and_logged(folder, site):
    address = {"X-Forwarded-For": "198.51.100.7"}
    client = WebClient(site, headers=address)
    answers = []
    for name, password in [("claire", "mauvais mot de passe"), ("personne", PASSWORD),
                           ("", ""), ("claire", PASSWORD + " "), ("CLAIRE", PASSWORD)]:
        r = client.sign_in(name, password)
        answers.append(r)
        assert r.status == 200 and "Identifiant ou mot de passe incorrect." in r.text
        assert r.seconds >= 0.9, "failures are slowed"
    bodies = {a.text.replace(a.text[a.text.find('name="csrf_token"'):][:200], "") for a in answers}
    assert len({b.count("incorrect") for b in bodies}) == 1
    blocked = client.sign_in("claire", PASSWORD)
    assert blocked.status == 429 and "Trop de tentatives" in blocked.text
    assert int(blocked.headers["retry-after"]) > 0
    # Another address is not blocked, and may sign in.
    assert WebClient(site, headers={"X-Forwarded-For": "198.51.100.8"}).sign_in("claire", PASSWORD).status == 302
    time.sleep(0.5)
    log = (folder / "site.log").read_text(encoding="utf-8", errors="replace")
    assert log.count("Connexion refusée") >= 5 and "198.51.100.7" in log
    assert PASSWORD not in log


def test_staff_pages_are_closed_to_visitors(site):
    visitor = WebClient(site)
    for path in ("/equipe", "/equipe/a-completer", "/equipe/export", "/equipe/doublons"):
        r = visitor.get(path)
        assert r.status == 302 and "/connexion?suivant=" in r.headers["location"], path
    # Back to the page asked for once signed in, never to another site.
    client = WebClient(site)
    token = client.csrf_token("/connexion?suivant=/equipe/doublons")
    r = client.post("/connexion", {"csrf_token": token, "identifiant": "claire", "mot_de_passe": PASSWORD,
                                   "suivant": "/equipe/doublons"})
    assert r.headers["location"].endswith("/equipe/doublons")
    other = WebClient(site)
    token = other.csrf_token()
    r = other.post("/connexion", {"csrf_token": token, "identifiant": "claire", "mot_de_passe": PASSWORD,
                                  "suivant": "//evil.example/x"})
    assert r.headers["location"].endswith("/equipe")


def forged_cookie(folder: Path, client: WebClient, age_s: float) -> str:
    """The client's session cookie re-signed as if made `age_s` seconds ago."""
    secret = (folder / "secret-key").read_text().strip()
    serializer = URLSafeTimedSerializer(secret, salt="cookie-session", serializer=TaggedJSONSerializer(),
                                        signer_kwargs={"key_derivation": "hmac", "digest_method": __import__("hashlib").sha1})
    data = serializer.loads(client.cookies["cresi_session"])

    class Old(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - age_s)

    old = URLSafeTimedSerializer(secret, salt="cookie-session", serializer=TaggedJSONSerializer(),
                                 signer=Old, signer_kwargs={"key_derivation": "hmac",
                                                            "digest_method": __import__("hashlib").sha1})
    return old.dumps(data)


def test_sessions_expire(folder, site):
    client = WebClient(site)
    client.sign_in("claire", PASSWORD)
    assert client.get("/equipe").status == 200
    recent = WebClient(site)
    recent.cookies["cresi_session"] = forged_cookie(folder, client, age_s=3600)
    assert recent.get("/equipe").status == 200, "the forged cookie is read like the real one"
    expired = WebClient(site)
    expired.cookies["cresi_session"] = forged_cookie(folder, client, age_s=9 * 3600)
    assert expired.get("/equipe").status == 302
    assert expired.get("/api/search?q=zorblaxienne").json()["total"] == 0


def test_removing_an_account_ends_its_sessions(folder, site):
    add_user(folder / "index", "temporaire")
    client = WebClient(site)
    assert client.sign_in("temporaire", PASSWORD).status == 302
    assert client.get("/equipe").status == 200
    add_user(folder / "index", "temporaire", PASSWORD + " nouveau")  # a new password ends it too
    assert client.get("/equipe").status == 302
    client.sign_in("temporaire", PASSWORD + " nouveau")
    assert client.get("/equipe").status == 200
    assert cresi_web("--index", str(folder / "index"), "user", "remove", "temporaire").returncode == 0
    assert client.get("/equipe").status == 302


def test_staff_pages_and_export(site):
    client = WebClient(site)
    client.sign_in("claire", PASSWORD)
    home = client.get("/equipe")
    assert "État de l'indexation" in home.text and "Convention de partenariat" in home.text  # the scan
    todo = client.get("/equipe/a-completer?champ=type")
    assert todo.status == 200 and 'data-id="convention-scan"' in todo.text  # it has no type
    assert client.get("/equipe/a-completer?champ=nimporte").status == 400
    export = client.get("/equipe/export")
    assert export.status == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert "catalogue.csv" in export.headers["content-disposition"]
    assert export.body.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.DictReader(io.StringIO(export.body.decode("utf-8-sig")), delimiter=";"))
    assert {r["chemin"] for r in rows} == {d.path for d in DOCS + PRIVATE}
    private = next(r for r in rows if r["chemin"] == PRIVATE[0].path)
    assert private["acces"] == "equipe" and private["pays"] == "BT"
    assert "pays" in private["a_verifier"]  # the fixture's countries are "détecté"
