"""The report of one indexing run: what changed, what was skipped and why.

`to_dict()` is a contract: `cresi-index update --json` prints it, `state/last-run.json`
keeps it and `cresi-index status` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "catalogue_problems": self.catalogue_problems,
            "documents": self.documents,
            "generation": self.generation,
            "ocr": self.ocr,
        }
