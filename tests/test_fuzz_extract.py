"""Fuzzing the extractors: mutated real files, each read in a separate process.

Real PDF, DOCX and ODT files (built here, plus the project's sample corpus and the shared
robustness set when present) are damaged by hypothesis: byte flips, truncations, spliced
chunks, inserted syntax, numbers replaced, and zip members flipped, cut, dropped or
damaged in their compressed bytes (bench/mutations.py). `indexer.extract.extract` reads
each one in a process under the workers' memory limit and a deadline
(bench/fuzz_extract.py). It must return or raise `ExtractionError`; any other exception,
a crash or a hang is a bug.

The run is bounded (100 cases, derandomized so CI always runs the same ones, well under
a minute). For longer runs: `.venv/bin/python -m bench.fuzz_extract --minutes 30`; its
findings land in tests/regressions/, which `test_regressions_replay` reads every time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz_extract import REGRESSIONS, Runner, make_seeds, save_finding
from bench.mutations import PDF_TOKENS, XML_TOKENS, mutate
from tests.filemakers import make_slow_pdf

fraction = st.floats(0, 1, exclude_max=True)
byte_op = st.one_of(
    st.tuples(st.just("flip"), fraction, st.integers(1, 255)),
    st.tuples(st.just("truncate"), fraction),
    st.tuples(st.just("insert"), fraction, st.sampled_from(PDF_TOKENS + XML_TOKENS)),
    st.tuples(st.just("splice"), fraction, fraction, st.integers(1, 4096)),
    st.tuples(st.just("number"), fraction, st.sampled_from([b"0", b"-1", b"2147483648", b"99999999999", b"1e400"])),
)
member_op = st.one_of(
    st.tuples(st.just("member-flip"), fraction, fraction, st.integers(1, 255)),
    st.tuples(st.just("member-truncate"), fraction, fraction),
    st.tuples(st.just("member-insert"), fraction, fraction, st.sampled_from(XML_TOKENS)),
    st.tuples(st.just("member-drop"), fraction),
    st.tuples(st.just("member-raw"), fraction, fraction, st.integers(1, 255)),
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> list[Path]:
    return make_seeds(tmp_path_factory.mktemp("graines"))


@pytest.fixture(scope="module")
def runner():
    r = Runner(deadline_s=20)
    yield r
    r.close()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check(runner: Runner, data: bytes, suffix: str, folder: Path, name: str):
    path = folder / f"cas{suffix}"
    path.write_bytes(data)
    return runner.check(path)


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_files_are_read_or_refused(data, seeds, runner, workdir):
    seed = data.draw(st.sampled_from(seeds), label="seed")
    original = seed.read_bytes()
    is_zip = original[:2] == b"PK"
    ops = data.draw(st.lists(st.one_of(byte_op, member_op) if is_zip else byte_op, min_size=1, max_size=4), label="ops")
    mutated = mutate(original, ops)
    result = check(runner, mutated, seed.suffix, workdir, seed.name)
    if result.is_finding:
        saved = save_finding(mutated, seed.suffix, result, ops, seed.name, folder=workdir / "trouvailles")
        pytest.fail(
            f"{result.kind} on a mutation of {seed.name}: {result.detail}\n{result.trace}\n"
            f"file kept as {saved}; copy it into tests/regressions/ under a telling name"
        )


REGRESSION_FILES = sorted(
    p for p in REGRESSIONS.glob("*") if p.is_file() and p.suffix in (".pdf", ".docx", ".odt", ".html", ".txt", ".md")
) if REGRESSIONS.is_dir() else []


@pytest.mark.parametrize("path", REGRESSION_FILES, ids=lambda p: p.name)
def test_regressions_replay(path, runner):
    """Every file kept in tests/regressions/ (fuzzing findings, hostile files that once
    broke something) is read or refused, within the deadline."""
    result = runner.check(path)
    assert not result.is_finding, f"{path.name}: {result.kind}: {result.detail}\n{result.trace}"
    assert result.seconds < 10


def test_runner_reports_crashes_and_hangs(tmp_path):
    """The harness itself: a process that dies or stalls is a finding, not a pass."""
    crash = Runner(deadline_s=2, memory_mb=16)  # too little memory to even import the extractors
    try:
        seed = tmp_path / "vide.txt"
        seed.write_text("bonjour", encoding="utf-8")
        assert crash.check(seed).kind == "crash"
    finally:
        crash.close()
    hang = Runner(deadline_s=1)
    try:
        slow = make_slow_pdf(tmp_path / "lent.pdf")  # minutes of parsing
        result = hang.check(slow)
        assert result.kind == "hang" and result.seconds < 5
        assert hang.check(seed).kind == "ok", "a fresh process takes over after a hang"
    finally:
        hang.close()
