"""Small files the job keeps beside the index: the last run's report, known failures, and
the last taxonomy a run completed with (the site falls back on it when the corpus's
`taxonomy.toml` is broken).

Written atomically (`cresi_search.fileio.atomic_write`): a job killed mid-write leaves
the previous file intact.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cresi_search.fileio import atomic_write

STATE_DIR = "state"
LAST_RUN = "last-run.json"
FAILURES = "failures.json"
ACCEPTED_TAXONOMY = "taxonomy.toml"


def state_path(index_root: Path, name: str) -> Path:
    return Path(index_root) / STATE_DIR / name


def read_json(index_root: Path, name: str, default: Any) -> Any:
    try:
        return json.loads(state_path(index_root, name).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return default


def write_json(index_root: Path, name: str, value: Any) -> None:
    atomic_write(state_path(index_root, name), json.dumps(value, ensure_ascii=False, indent=1))


def keep_accepted_taxonomy(index_root: Path, text: str) -> None:
    """Keep a copy of the taxonomy the index was just built with (rewritten only when it changed)."""
    path = state_path(index_root, ACCEPTED_TAXONOMY)
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text)
