"""Memory and report size of one `cresi-index update` whose `catalogue.csv` has many rows.

Builds a small corpus (a few Markdown notes) and a catalogue of `--rows` rows, each naming
a file that is not there and a theme that does not exist (two problems per row), then runs
the real job in a subprocess and prints its peak memory (largest process, workers
included, from getrusage), its duration and the size of `state/last-run.json`.

    .venv/bin/python -m bench.big_catalogue --rows 500000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "chemin,titre,type,pays,themes,annee,organisation,partenaires,resume,mots_cles\n"


def build(root: Path, rows: int) -> Path:
    corpus = root / "corpus"
    (corpus / "Mali").mkdir(parents=True)
    for i in range(5):
        (corpus / f"Mali/note {i}.md").write_text(f"# Note {i}\n\nForage au Mali, 2012.\n", encoding="utf-8")
    with open(corpus / "catalogue.csv", "w", encoding="utf-8") as f:
        f.write(HEADER)
        for i in range(rows):
            f.write(f"Dossier {i % 300}/Rapport numéro {i}.pdf,Rapport de mission numéro {i},rapport-projet,"
                    f"Mali,theme-inconnu,2012,Association {i % 50},Cercle de Douentza,"
                    f"Résumé du document numéro {i},eau; forage\n")
    return corpus


def measure(rows: int, python: str = sys.executable) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build(Path(tmp), rows)
        index = Path(tmp) / "index"
        t0 = time.monotonic()
        out = subprocess.run([python, "-m", "indexer", "update", "--corpus", str(corpus), "--index", str(index),
                              "--json"], capture_output=True, text=True)
        seconds = time.monotonic() - t0
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        last_run = index / "state/last-run.json"
        report = json.loads(last_run.read_text(encoding="utf-8")) if last_run.is_file() else {}
        return {
            "rows": rows,
            "exit_code": out.returncode,
            "seconds": round(seconds, 1),
            "peak_rss_mb": round(peak_kb / 1024),
            "catalogue_bytes": (corpus / "catalogue.csv").stat().st_size,
            "last_run_bytes": last_run.stat().st_size if last_run.is_file() else None,
            "problems_listed": len(report.get("catalogue_problems", [])),
            "error": out.stderr[-300:] if out.returncode else "",
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    args = parser.parse_args(argv)
    r = measure(args.rows)
    print(f"catalogue de {r['rows']} lignes ({r['catalogue_bytes'] / 1e6:.0f} Mo) : code {r['exit_code']}, "
          f"{r['seconds']} s, mémoire maximale {r['peak_rss_mb']} Mo, last-run.json "
          f"{(r['last_run_bytes'] or 0) / 1e3:.0f} ko, {r['problems_listed']} problèmes listés")
    if r["error"]:
        print(r["error"])
    return 0 if r["exit_code"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
