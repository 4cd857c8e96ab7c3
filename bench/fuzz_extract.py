"""Fuzz the extractors: mutate real PDF, DOCX and ODT files and check every outcome.

Each mutated file goes through `indexer.extract.extract` in a separate process, under the
extraction workers' memory limit and a deadline. The only acceptable outcomes are an
`Extracted` and an `ExtractionError`; anything else (another exception, a crash of the
process, a hang) is a finding, saved in tests/regressions/ for the replay test
(tests/test_fuzz_extract.py).

    .venv/bin/python -m bench.fuzz_extract --minutes 10 [--seed 7] [--deadline 20]

The mutations (bench/mutations.py) also drive the bounded hypothesis test in
tests/test_fuzz_extract.py.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import random
import re
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.mutations import mutate, random_ops

ROOT = Path(__file__).resolve().parents[1]
REGRESSIONS = ROOT / "tests" / "regressions"
ROBUSTNESS = ROOT.parent / "shared" / "testdata" / "robustness"
MEMORY_LIMIT_MB = 2048  # as the indexer's extraction workers
DEADLINE_S = 20.0  # far above any healthy extraction of these small files

WRAPPED = re.compile(r"\b((?:Type|Attribute|Key|Index|Value|Assertion|UnboundLocal|ZeroDivision|Overflow|Name)Error)\b")


# -- seeds: real files -------------------------------------------------------------------------------
def make_seeds(folder: Path) -> list[Path]:
    """Real documents as staff produce them, plus small files of the shared robustness set."""
    sys.path.insert(0, str(ROOT))
    from tests.filemakers import make_docx, make_pdf

    folder.mkdir(parents=True, exist_ok=True)
    seeds = [
        make_pdf(folder / "rapport.pdf", ["Rapport de mission à Douentza (Mali), 2012.", "Comités de gestion de l'eau."],
                 title="Mission eau", author="CRESI", keywords="eau; forages"),
        make_docx(folder / "compte-rendu.docx", "Compte rendu", ["Réunion du comité de jumelage, 2019.", "Budget : 12 000 €."],
                  title="Compte rendu de réunion"),
        _make_odt(folder / "fiche.odt"),
        _make_rich_docx(folder / "tableaux.docx"),
    ]
    for suffix in (".pdf", ".docx", ".odt"):  # the project's own sample corpus: three of each
        seeds += sorted(p for p in (ROOT / "corpus").rglob(f"*{suffix}") if p.stat().st_size < 150_000)[:3]
    if ROBUSTNESS.is_dir():
        seeds += sorted(p for p in ROBUSTNESS.iterdir()
                        if p.suffix in (".pdf", ".docx", ".odt") and p.stat().st_size < 150_000)
    return seeds


def _make_odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    document.meta.addElement(__import__("odf.dc", fromlist=["Title"]).Title(text="Fiche outil"))
    document.text.addElement(H(outlinelevel=1, text="Fiche outil : le cadre logique"))
    document.text.addElement(P(text="Objectif global, objectifs spécifiques, résultats attendus."))
    items = List()
    for text in ("Activités", "Indicateurs", "Hypothèses"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    table = Table(name="budget")
    for row_values in (("Poste", "Montant"), ("Transport", "1 200 €")):
        row = TableRow()
        for value in row_values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    document.save(str(path))
    return path


def _make_rich_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "Bilan financier"
    d.core_properties.keywords = "budget, subvention"
    d.add_heading("Bilan financier 2020", level=1)
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"case {r}-{c}"
    table.cell(0, 0).merge(table.cell(0, 1))
    d.sections[0].header.paragraphs[0].text = "En-tête du CRESI"
    d.add_page_break()
    d.add_paragraph("Deuxième page du bilan.")
    d.save(str(path))
    return path


# -- running extract in a separate process -----------------------------------------------------------
RUNNER = r"""
import json, logging, resource, sys, traceback
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
logging.disable(logging.CRITICAL)
from indexer.extract import ExtractionError, extract
for line in sys.stdin:
    path = json.loads(line)
    try:
        extract(path)
        out = {"kind": "ok"}
    except ExtractionError as e:
        out = {"kind": "refused", "detail": e.reason}
    except BaseException as e:
        out = {"kind": "bug", "detail": f"{type(e).__name__}: {e}"[:400], "trace": traceback.format_exc()[-3000:]}
    print(json.dumps(out), flush=True)
"""


@dataclass
class Result:
    kind: str  # ok, refused: fine; bug, hang, crash: findings
    detail: str = ""
    trace: str = ""
    seconds: float = 0.0

    @property
    def is_finding(self) -> bool:
        return self.kind not in ("ok", "refused")


class Runner:
    """One extraction process, reused from file to file; replaced after a hang or a crash."""

    def __init__(self, deadline_s: float = DEADLINE_S, memory_mb: int = MEMORY_LIMIT_MB) -> None:
        self.deadline_s = deadline_s
        self.memory_mb = memory_mb
        self.proc: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(self.memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT,
        )

    def check(self, path: Path) -> Result:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = self._start()
        t0 = time.monotonic()
        try:
            self.proc.stdin.write(json.dumps(str(path)) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return self._lost("crash", t0)
        ready, _, _ = select.select([self.proc.stdout], [], [], self.deadline_s)
        if not ready:
            return self._lost("hang", t0)
        line = self.proc.stdout.readline()
        if not line:
            return self._lost("crash", t0)
        out = json.loads(line)
        return Result(out["kind"], out.get("detail", ""), out.get("trace", ""), time.monotonic() - t0)

    def _lost(self, kind: str, t0: float) -> Result:
        try:
            code = self.proc.wait(timeout=0 if kind == "hang" else 5)
        except subprocess.TimeoutExpired:
            code = None
        self.close()
        detail = f"no answer after {self.deadline_s:g} s" if kind == "hang" else f"process ended (code {code})"
        return Result(kind, detail, "", time.monotonic() - t0)

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            for pipe in (self.proc.stdin, self.proc.stdout):
                with contextlib.suppress(OSError):  # the pipe of a dead process may refuse a flush
                    pipe.close()
            self.proc = None


def save_finding(data: bytes, suffix: str, result: Result, ops: list[tuple], seed: str, folder: Path = REGRESSIONS) -> Path:
    """Keep a finding as tests/regressions/fuzz-<kind>-<digest><suffix>, with a note beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()[:10]
    path = folder / f"fuzz-{result.kind}-{digest}{suffix}"
    path.write_bytes(data)
    note = {"seed": seed, "ops": [[repr(x) for x in op] for op in ops], "kind": result.kind,
            "detail": result.detail, "trace": result.trace}
    path.with_name(path.name + ".json").write_text(json.dumps(note, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# -- the long run ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--deadline", type=float, default=DEADLINE_S, help="seconds before a case counts as a hang")
    parser.add_argument("--out", type=Path, default=REGRESSIONS, help="where findings are saved")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    stop_at = time.monotonic() + args.minutes * 60
    counts: dict[str, int] = {}
    reasons: dict[str, int] = {}
    slowest: list[tuple[float, str]] = []
    findings: list[Path] = []
    runner = Runner(args.deadline)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        seeds = make_seeds(Path(tmp) / "seeds")
        print(f"graine {seed}, {len(seeds)} fichiers de départ, {args.minutes:g} min", flush=True)
        case = Path(tmp) / "case"
        try:
            while time.monotonic() < stop_at:
                source = rnd.choice(seeds)
                data = source.read_bytes()
                ops = random_ops(rnd, data[:2] == b"PK")
                mutated = mutate(data, ops)
                target = case.with_suffix(source.suffix)
                target.write_bytes(mutated)
                result = runner.check(target)
                counts[result.kind] = counts.get(result.kind, 0) + 1
                if result.kind == "refused":
                    reason = re.sub(r"\d+", "N", result.detail)[:90]
                    reasons[reason] = reasons.get(reason, 0) + 1
                slowest = sorted([*slowest, (result.seconds, source.name)], reverse=True)[:5]
                if result.is_finding:
                    saved = save_finding(mutated, source.suffix, result, ops, source.name, args.out)
                    findings.append(saved)
                    print(f"TROUVÉ {result.kind} ({source.name}) : {result.detail} -> {saved}", flush=True)
        finally:
            runner.close()
    total = sum(counts.values())
    print(f"{total} cas : " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print("refus les plus fréquents :")
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {n:>6}  {reason}")
    # extract() wraps whatever a library raises; these are the states nobody foresaw.
    wrapped: dict[str, int] = {}
    for reason, n in reasons.items():
        for name in WRAPPED.findall(reason):
            wrapped[name] = wrapped.get(name, 0) + n
    print("exceptions inattendues rattrapées par extract() : "
          + (", ".join(f"{k} {v}" for k, v in sorted(wrapped.items(), key=lambda kv: -kv[1])) or "aucune"))
    print("cas les plus lents : " + ", ".join(f"{sec:.2f} s ({name})" for sec, name in slowest))
    print(f"{len(findings)} trouvaille(s)" + ("".join(f"\n  {p}" for p in findings)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
