"""One indexing job at a time, with a lock that a killed job cannot leave behind.

The lock is `fcntl.flock` on `INDEX_DIR/.lock`: the kernel releases it when the
process ends, however it ends (even `kill -9`), so there is no stale lock to clean
up. The file only carries who holds it, for the message shown to the second job.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

LOCK_NAME = ".lock"


class LockHeld(Exception):
    """Another indexing job holds the lock."""


class JobLock:
    def __init__(self, index_root: Path) -> None:
        self.path = Path(index_root) / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip()
            os.close(fd)
            raise LockHeld(
                "un autre cresi-index travaille déjà sur cet index"
                + (f" ({holder})" if holder else "")
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, depuis {time.strftime('%Y-%m-%d %H:%M:%S')}".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "JobLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
