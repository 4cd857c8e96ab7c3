"""The team's accounts: a TOML file of names and password hashes (`cresi-web user …`),
and the site's secret key, generated once and kept beside it.

    [users.claire]
    hash = "scrypt:32768:8:1$…"     # werkzeug.security, never the password itself
    created = "2026-12-01T20:00:00+00:00"

Both files are written atomically with mode 0600. The site rereads the users file when
it changes, so `cresi-web user remove` ends that person's sessions without a restart.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
import tomllib
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import tomli_w
from werkzeug.security import check_password_hash, generate_password_hash

from cresi_search.fileio import atomic_write

SECRET_FILE = "secret-key"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024


class UserError(ValueError):
    """An account cannot be added or the users file cannot be read; French message."""


@dataclass(frozen=True)
class Account:
    name: str
    hash: str
    created: str = ""

    @property
    def fingerprint(self) -> str:
        """Changes with the password: a session made with the old one no longer loads."""
        return hashlib.sha256(self.hash.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """Checked when the name is unknown, so that case costs the same time as a wrong password."""
    return generate_password_hash(secrets.token_hex(16))


def check_name(name: str) -> str:
    if not NAME_PATTERN.match(name or ""):
        raise UserError("Identifiant invalide : 1 à 64 caractères parmi lettres sans accent, "
                        "chiffres, point, tiret et tiret bas, en commençant par une lettre ou un chiffre.")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserError(f"Mot de passe trop court : {MIN_PASSWORD_CHARS} caractères au moins.")
    if len(password) > MAX_PASSWORD_CHARS:
        raise UserError(f"Mot de passe trop long : {MAX_PASSWORD_CHARS} caractères au plus.")
    return password


class UsersFile:
    """One users file, reread when it changes on disk; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._seen: tuple | None = None
        self._accounts: dict[str, Account] = {}

    def accounts(self) -> dict[str, Account]:
        """Name -> account; no file, no account. Raises UserError for an unreadable file."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return {}
        key = (st.st_ino, st.st_size, st.st_mtime_ns)
        with self._lock:
            if key != self._seen:
                self._accounts = self._read()
                self._seen = key
            return dict(self._accounts)

    def _read(self) -> dict[str, Account]:
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise UserError(f"Fichier des comptes illisible ({self.path}) : {e}") from e
        users = data.get("users", {})
        return {
            name: Account(name, str(entry["hash"]), str(entry.get("created", "")))
            for name, entry in users.items()
            if isinstance(entry, dict) and entry.get("hash")
        }

    def check(self, name: str, password: str) -> Account | None:
        """The account when the password is right, else None (same cost either way)."""
        account = self.accounts().get(name or "")
        if account is None:
            check_password_hash(_decoy_hash(), password or "")
            return None
        return account if check_password_hash(account.hash, password or "") else None

    def add(self, name: str, password: str) -> bool:
        """Create the account, or give it a new password; True when it is new."""
        check_name(name)
        check_password(password)
        accounts = self.accounts()
        new = name not in accounts
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        accounts[name] = Account(name, generate_password_hash(password),
                                 created if new else accounts[name].created)
        self._write(accounts)
        return new

    def remove(self, name: str) -> bool:
        accounts = self.accounts()
        if accounts.pop(name, None) is None:
            return False
        self._write(accounts)
        return True

    def _write(self, accounts: dict[str, Account]) -> None:
        data = {"users": {a.name: {"hash": a.hash, "created": a.created} for a in accounts.values()}}
        atomic_write(self.path, tomli_w.dumps(data), mode=0o600)


def secret_key(folder: Path) -> str:
    """The site's signing key, from `secret-key` in the folder, made there (0600) the first
    time. Never a built-in default: each installation has its own."""
    path = Path(folder) / SECRET_FILE
    try:
        existing = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        existing = ""
    if len(existing) >= 32:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it just now (or it is too short)
        existing = path.read_text(encoding="ascii").strip()
        if len(existing) < 32:
            raise UserError(f"Clé secrète trop courte dans {path} : supprimez ce fichier, "
                            "le site en créera une nouvelle.") from None
        return existing
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
        f.flush()
        os.fsync(f.fileno())
    return key
