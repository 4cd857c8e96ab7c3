"""What a request may send: a body only to a route that takes POST (the sign-in form),
and at most `MAX_FORM_BYTES`; anything more is answered 413 before the body is read.

waitress refuses the same bodies itself, from their declared length or, when chunked,
once that many bytes have come (search_app/serve.py): a larger body is never buffered,
so never spooled to a temporary file. These checks are the second line, for requests
that get this far, and answer with the site's own error page.
"""

from __future__ import annotations

from flask import Flask, abort, request

MAX_FORM_BYTES = 8 * 1024  # a sign-in form is a few hundred bytes


def allowed_body(method: str, endpoint: str | None) -> int:
    """Bytes of body a request may carry: none but a POST to a route that takes it."""
    return MAX_FORM_BYTES if method == "POST" and endpoint is not None else 0


def _check_body() -> None:
    allowed = allowed_body(request.method, request.endpoint)
    request.max_content_length = allowed  # also bounds whatever reads request.stream
    if (request.content_length or 0) > allowed:
        abort(413)


def init_app(app: Flask) -> None:
    app.config.setdefault("MAX_CONTENT_LENGTH", MAX_FORM_BYTES)
    app.config.setdefault("MAX_FORM_MEMORY_SIZE", MAX_FORM_BYTES)
    app.before_request(_check_body)
