"""What `cresi-index status` shows: the index's content and the last run's report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from babel.dates import format_datetime

from cresi_search.facets import FACETS
from cresi_search.index.store import IndexStore
from indexer.state import FAILURES, LAST_RUN, read_json

Labeller = Callable[[str, str], str]  # (facet, value) -> label


def index_status(index_root: Path) -> dict:
    store = IndexStore(index_root)
    last_run = read_json(index_root, LAST_RUN, None)
    failures = read_json(index_root, FAILURES, {})
    return {
        "index": str(index_root),
        "exists": store.exists(),
        "generation": store.generation(),
        "documents": store.document_count(),
        "by": store.facet_totals(),
        "last_run": last_run,
        "skipped": (last_run or {}).get("skipped", []),
        "known_failures": [{"path": p, "reason": f["reason"]} for p, f in sorted(failures.items())],
    }


def format_counts(counts: dict) -> str:
    """ "3 ajouté(s), 1 modifié(s)…" from a run report's counts."""
    return (
        f"{counts['added']} ajouté(s), {counts['updated']} modifié(s), {counts['removed']} supprimé(s), "
        f"{counts['unchanged']} inchangé(s), {counts['skipped']} ignoré(s)"
    )


def format_ocr(ocr: dict) -> list[str]:
    """What OCR did in a run and what waits for it (said once, in the summary and status)."""
    lines = []
    done = ocr.get("pages_recognised", 0) + ocr.get("pages_from_cache", 0)
    if done or ocr.get("pages_repaired"):
        lines.append(f"OCR : {ocr.get('pages_recognised', 0)} page(s) reconnue(s) par tesseract, "
                     f"{ocr.get('pages_from_cache', 0)} reprise(s) du cache, "
                     f"{ocr.get('pages_repaired', 0)} page(s) à couche texte illisible réparée(s)")
    if ocr.get("message"):
        lines.append(f"OCR : {ocr['message']}")
    return lines


def format_skipped(skipped: list[dict]) -> list[str]:
    return [f"  ignoré : {item['path']} — {item['reason']}" for item in skipped]


MODES = {"full": "reconstruction complète", "update": "mise à jour"}


def local_time(iso: str) -> str:
    """A run's start, in the machine's time zone, in French ("1 décembre 2026 à 21:40")."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return format_datetime(moment, "d MMMM y 'à' HH:mm", locale="fr_FR")


def _ordered(facet, counts: dict[str, int]) -> list[tuple[str, int]]:
    if facet.by_value:  # years in order
        return sorted(counts.items())
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def format_status(info: dict, label: Labeller | None = None) -> str:
    """The status for people: facet values by their labels (`label(facet, value)`)."""
    label = label or (lambda facet, value: value)
    if not info["exists"]:
        return f"Aucun index dans {info['index']} : lancez « cresi-index update »."
    lines = [f"Index : {info['index']} (génération {info['generation']})", f"Documents : {info['documents']}"]
    for facet in FACETS:
        title = f"Par {facet.title[0].lower()}{facet.title[1:]}"
        counts = info["by"].get(facet.name, {})
        if counts:
            lines.append(f"{title} : " + ", ".join(
                f"{label(facet.name, k)} {v}" for k, v in _ordered(facet, counts)))
    run = info["last_run"]
    if run and run.get("status") == "échec":
        lines.append(f"Dernier passage en échec ({run['ended']}, code {run['exit_code']}) : {run['error']}")
    elif run:
        lines.append(
            f"Dernier passage ({MODES.get(run['mode'], run['mode'])}, le {local_time(run['started'])}, "
            f"{run['duration_s']} s) : " + format_counts(run["counts"])
        )
        lines += format_ocr(run.get("ocr") or {})
    lines += format_skipped(info["skipped"])
    more = (run or {}).get("not_listed", {}).get("skipped", 0)
    if more:
        lines.append(f"  … et {more} autres fichiers ignorés, non listés")
    return "\n".join(lines)
