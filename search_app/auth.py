"""Sign-in of the team (docs/staff.md): `/connexion`, `POST /deconnexion`, and what a
request may see (`audience()`).

- accounts: the users file of users.py, reread when it changes;
- sessions: Flask's signed cookie (HttpOnly, SameSite=Lax, Secure over HTTPS), through
  Flask-Login; they end after SESSION_HOURS, when the account is removed or its password
  changed (the session holds a fingerprint of the password hash);
- CSRF: Flask-WTF's CSRFProtect on every POST, token field `csrf_token`;
- failed sign-ins: one message whatever was wrong, slowed, limited per address
  (Flask-Limiter) and logged.
"""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (Blueprint, Flask, current_app, g, has_request_context, redirect, render_template,
                   request, session, url_for)
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from cresi_search.search.searchers import PUBLIC, STAFF
from search_app.users import MAX_PASSWORD_CHARS, UserError, UsersFile, secret_key

EXTENSION = "cresi_users"
SESSION_HOURS = 8
SIGN_IN_LIMITS = "5 per minute; 30 per hour"  # failed sign-ins, per address
SIGN_IN_DELAY_S = 1.0  # added to every failed sign-in
FAILED = "Identifiant ou mot de passe incorrect."

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])


class StaffUser(UserMixin):
    def __init__(self, name: str, fingerprint: str) -> None:
        self.name = name
        self.fingerprint = fingerprint

    def get_id(self) -> str:
        return f"{self.name}:{self.fingerprint}"


class SignInForm(FlaskForm):
    identifiant = StringField("Identifiant", validators=[InputRequired(), Length(max=64)])
    mot_de_passe = PasswordField("Mot de passe",
                                 validators=[InputRequired(), Length(max=MAX_PASSWORD_CHARS)])


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, marked Secure whenever the request came over HTTPS
    (directly, or through a trusted proxy's X-Forwarded-Proto: see `--proxies`)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        secure = bool(app.config.get("SESSION_COOKIE_SECURE"))
        return secure or (has_request_context() and request.is_secure)


def users() -> UsersFile:
    return current_app.extensions[EXTENSION]


@login_manager.user_loader
def _load(user_id: str) -> StaffUser | None:
    name, _, fingerprint = user_id.rpartition(":")
    try:
        account = users().accounts().get(name)
    except UserError as e:  # an unreadable file signs everyone out, loudly
        current_app.logger.error("%s", e)
        return None
    if account is None or account.fingerprint != fingerprint:
        return None
    return StaffUser(name, fingerprint)


@login_manager.unauthorized_handler
def _unauthorized():
    if request.path.startswith("/api/"):
        from search_app.errors import error_response

        return error_response(403)
    return redirect(url_for("auth.sign_in", suivant=request.full_path.rstrip("?")))


def audience() -> str:
    """STAFF for a signed-in team member, PUBLIC for everyone else (and outside a request)."""
    if has_request_context() and current_user.is_authenticated:
        return STAFF
    return PUBLIC


def _failed() -> bool:
    return bool(g.get("sign_in_failed"))


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never another host ("//x", "/\\x", "https://x")."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("staff.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("staff.home")
    return target


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMITS, methods=["POST"], deduct_when=lambda response: _failed())
def sign_in():
    form = SignInForm()
    next_url = _safe_next(request.values.get("suivant"))
    error = None
    if request.method == "POST":
        name = (form.identifiant.data or "").strip()
        account = None
        if form.validate():
            try:
                account = users().check(name, form.mot_de_passe.data or "")
            except UserError as e:
                current_app.logger.error("%s", e)
        if account is not None:
            session.clear()  # a fresh session (and CSRF token) for the signed-in person
            login_user(StaffUser(account.name, account.fingerprint))
            session.permanent = True
            current_app.logger.info("Connexion de « %s » depuis %s", account.name, request.remote_addr)
            return redirect(next_url)
        g.sign_in_failed = True
        current_app.logger.warning("Connexion refusée (identifiant %r) depuis %s",
                                   name[:64], request.remote_addr)
        time.sleep(current_app.config["SIGN_IN_DELAY_S"])
        error = FAILED
    return render_template("connexion.html", form=form, error=error, next_url=next_url)


@bp.post("/deconnexion")
def sign_out():
    if current_user.is_authenticated:
        current_app.logger.info("Déconnexion de « %s »", current_user.name)
    logout_user()
    session.clear()
    return redirect(url_for("views.search"))


def _no_store(response):
    """Pages seen signed in (and the sign-in form) are never kept by a cache."""
    if request.blueprint in ("auth", "staff") or current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask, users_file) -> None:
    """Sessions, CSRF, limits and the users file; the secret key lives beside that file."""
    app.extensions[EXTENSION] = UsersFile(users_file)
    app.secret_key = secret_key(users_file.parent)
    app.session_interface = SessionInterface()
    app.config.setdefault("SIGN_IN_DELAY_S", SIGN_IN_DELAY_S)
    app.config.update(
        SESSION_COOKIE_NAME="cresi_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=SESSION_HOURS),
        SESSION_REFRESH_EACH_REQUEST=False,  # the lifetime counts from the sign-in
        WTF_CSRF_TIME_LIMIT=SESSION_HOURS * 3600,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    app.after_request(_no_store)
    app.register_blueprint(bp)
