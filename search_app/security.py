"""Security headers on every response.

The pages use no inline script or style, so the policy can forbid them. Downloads get
a stricter policy (a document is never allowed to run anything in our origin), but
keep `object-src 'self'` so browsers' built-in PDF viewers still open them. Error pages
of the download route are ordinary pages and get the page policy.
"""

from __future__ import annotations

from flask import Flask, Response, request

PAGE_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
FILE_POLICY = "; ".join([
    "default-src 'none'",
    "object-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
])


def add_headers(response: Response) -> Response:
    is_file = request.blueprint == "files" and response.status_code in (200, 206, 304)
    response.headers["Content-Security-Policy"] = FILE_POLICY if is_file else PAGE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
