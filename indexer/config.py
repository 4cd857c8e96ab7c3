"""Settings shared by `cresi-index` and `cresi-web`: where the corpus and the index live.

Precedence: command-line option > environment variable > default. Nothing deeper in
the code reads the environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ENV_CORPUS = "CRESI_CORPUS_DIR"
ENV_INDEX = "CRESI_INDEX_DIR"
ENV_TAXONOMY = "CRESI_TAXONOMY"
ENV_USERS = "CRESI_USERS"
ENV_PROXIES = "CRESI_PROXIES"
USERS_FILE = "users.toml"

DEFAULT_MAX_FILE_MB = 200
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_MAX_REMOVAL_PERCENT = 20.0  # a run removing more of the index is refused (docs/indexing.md)


def default_index_dir(corpus: Path) -> Path:
    """`var/index` beside the corpus folder: the corpus itself stays read-only."""
    return corpus.resolve().parent / "var" / "index"


def resolve_users_file(users: str | os.PathLike | None, index: Path,
                       env: dict[str, str] | None = None) -> Path:
    """The team's accounts file: option, then CRESI_USERS, then `users.toml` in the index's
    parent folder (`var/` beside the corpus by default)."""
    env = os.environ if env is None else env
    raw = users or env.get(ENV_USERS)
    return (Path(raw).expanduser() if raw else Path(index).parent / USERS_FILE).resolve()


@dataclass(frozen=True)
class Settings:
    corpus: Path
    index: Path
    taxonomy: Path | None = None
    workers: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_removal_percent: float = DEFAULT_MAX_REMOVAL_PERCENT

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def resolve_paths(
    corpus: str | os.PathLike | None = None,
    index: str | os.PathLike | None = None,
    env: dict[str, str] | None = None,
) -> tuple[Path, Path]:
    """Corpus and index folders from options, then environment, then defaults."""
    env = os.environ if env is None else env
    corpus_dir = Path(corpus or env.get(ENV_CORPUS) or "corpus").expanduser()
    index_raw = index or env.get(ENV_INDEX)
    index_dir = Path(index_raw).expanduser() if index_raw else default_index_dir(corpus_dir)
    return corpus_dir.resolve(), index_dir.resolve()
