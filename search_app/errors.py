"""Errors: JSON `{"error", "status"}` for the API, a friendly French page for people."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from cresi_search.index.store import IndexMissing

TITLES = {
    400: "Demande incorrecte",
    403: "Accès réservé",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    413: "Demande trop volumineuse",
    429: "Trop de tentatives",
    500: "Erreur du serveur",
    503: "Recherche momentanément indisponible",
}
MESSAGES = {
    400: "La demande contient un paramètre incorrect.",
    403: "Cette page est réservée à l'équipe du CRESI : connectez-vous.",
    404: "Cette page ou ce document n'existe pas (ou plus).",
    405: "Cette adresse ne s'utilise pas ainsi.",
    413: "Cette adresse n'accepte pas de contenu de cette taille.",
    429: "Trop de tentatives depuis votre adresse : réessayez dans quelques minutes.",
    500: "Une erreur inattendue s'est produite. Réessayez dans un instant.",
    503: "L'index des documents n'est pas encore prêt. Réessayez dans quelques minutes.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def error_response(status: int, message: str | None = None) -> Response:
    message = message or MESSAGES.get(status, TITLES.get(status, "Erreur"))
    if wants_json():
        response = jsonify(error=message, status=status)
    else:
        title = TITLES.get(status, "Erreur")
        response = Response(
            render_template("error.html", status=status, title=title, message=message)
        )
    response.status_code = status
    return response


CSRF_MESSAGE = ("Le formulaire a expiré ou ne vient pas de ce site : rechargez la page "
                "et recommencez.")
RETRY_AFTER_S = 60


def _csrf(exc: CSRFError) -> Response:
    return error_response(400, CSRF_MESSAGE)


def _http(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status == 429:
        response = error_response(429)
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response
    own = exc.description if status == 400 and exc.description != type(exc).description else None
    response = error_response(status, own)
    if status == 405 and exc.valid_methods:
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


def _missing(exc: IndexMissing) -> Response:
    response = error_response(503)
    response.headers["Retry-After"] = "60"
    return response


def _unexpected(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return _http(exc)
    from flask import current_app

    current_app.logger.exception("Erreur inattendue sur %s", request.path)
    return error_response(InternalServerError.code)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(IndexMissing, _missing)
    app.register_error_handler(Exception, _unexpected)
