"""A small HTTP client for the tests that drive `cresi-web` over real HTTP: keeps the
cookies the site sets, sends forms, never follows redirects (the tests look at them)."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.site import Response, fetch

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class WebClient:
    def __init__(self, base: str, headers: dict[str, str] | None = None) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.headers = dict(headers or {})
        self.last_set_cookie = ""

    def _headers(self, extra: dict | None) -> dict:
        out = {**self.headers, **(extra or {})}
        if self.cookies:
            out["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return out

    def _keep(self, response: Response) -> Response:
        raw = response.headers.get("set-cookie", "")
        if raw:
            self.last_set_cookie = raw
            for line in raw.split("\n"):
                jar = SimpleCookie()
                jar.load(line)
                for name, morsel in jar.items():
                    if morsel.value and "expires=thu, 01 jan 1970" not in line.lower():
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        return response

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self._keep(fetch(self.base, path, headers=self._headers(headers)))

    def post(self, path: str, form: dict[str, str], headers: dict | None = None) -> Response:
        body = urlencode(form).encode("utf-8")
        extra = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self._keep(fetch(self.base, path, method="POST", body=body,
                                headers=self._headers(extra)))

    def csrf_token(self, path: str = "/connexion") -> str:
        match = CSRF_FIELD.search(self.get(path).text)
        assert match, f"no csrf_token field on {path}"
        return match.group(1) or match.group(2)

    def sign_in(self, name: str, password: str) -> Response:
        token = self.csrf_token()
        return self.post("/connexion", {"csrf_token": token, "identifiant": name, "mot_de_passe": password})

    @classmethod
    def signed_in(cls, base: str, name: str, password: str) -> "WebClient":
        """A client of the site at `base` signed in as `name` (the sign-in must succeed)."""
        client = cls(base)
        assert client.sign_in(name, password).status == 302, f"sign-in of {name} refused"
        return client
