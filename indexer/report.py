"""The report of one indexing run: what changed, what was skipped and why.

`to_dict()` is a contract: `cresi-index update --json` prints it, `state/last-run.json`
keeps it and `cresi-index status` reads it back. Its lists name the first `MAX_LISTED`
paths or problems; `counts` has the totals and `not_listed` how many were left out, so a
run over 500,000 files does not write a report of hundreds of megabytes. A run that
failed leaves `failure_report()` instead, so that `last-run.json` never describes an
earlier run as if it were the last.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

MAX_LISTED = 1000
LISTS = ("added", "updated", "removed", "skipped", "catalogue_problems")


@dataclass
class RunReport:
    mode: str  # "full" or "update"
    started: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[dict] = field(default_factory=list)
    catalogue_problems: list[str] = field(default_factory=list)
    catalogue_complete: bool = True  # False: catalogue.csv could not be read to its end
    extracted: int = 0  # files read by an extractor, successfully or not
    reused: int = 0  # files written from the extraction cache
    documents: int = 0
    generation: str = ""
    duration_s: float = 0.0
    ocr: dict = field(default_factory=dict)  # indexer/ocrrun.py, OcrRun.to_dict()

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append({"path": path, "reason": reason})

    def to_dict(self) -> dict:
        return {
            "mode": self.mode,
            "started": self.started,
            "duration_s": round(self.duration_s, 3),
            "counts": {
                "added": len(self.added),
                "updated": len(self.updated),
                "removed": len(self.removed),
                "unchanged": self.unchanged,
                "skipped": len(self.skipped),
                "extracted": self.extracted,
                "reused": self.reused,
                "ocr_pages": self.ocr.get("pages_recognised", 0),
            },
            "status": "ok",
            **{name: getattr(self, name)[:MAX_LISTED] for name in LISTS},
            "not_listed": {name: len(getattr(self, name)) - MAX_LISTED
                           for name in LISTS if len(getattr(self, name)) > MAX_LISTED},
            "unchanged": self.unchanged,
            "catalogue_complete": self.catalogue_complete,
            "documents": self.documents,
            "generation": self.generation,
            "ocr": self.ocr,
        }


def failure_report(message: str, exit_code: int) -> dict:
    """What `last-run.json` says of a run that did not complete."""
    return {"status": "échec", "ended": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "error": message,
            "exit_code": exit_code}
