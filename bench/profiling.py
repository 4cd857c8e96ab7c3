"""Read a cProfile dump: where the time went, function by function."""

from __future__ import annotations

import io
import pstats


def top_functions(stats_file: str, sort: str = "tottime", limit: int = 25) -> str:
    """The `limit` costliest functions, sorted by own time ("tottime") or "cumulative"."""
    out = io.StringIO()
    stats = pstats.Stats(stats_file, stream=out)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)
    text = out.getvalue()
    start = text.find("   ncalls")
    return text[start:] if start >= 0 else text


def share(stats_file: str, names: dict[str, str]) -> dict[str, float]:
    """Cumulative seconds of chosen functions: label -> seconds.

    `names` maps a label to "file.py:function" (file name without folders); the
    cumulative times of every function matching it are added up (a function
    recursing into itself is counted once by pstats).
    """
    stats = pstats.Stats(stats_file).stats  # (file, line, func) -> (cc, nc, tt, ct, callers)
    out = {}
    for label, target in names.items():
        filename, _, func = target.partition(":")
        out[label] = round(
            sum(ct for (path, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items()
                if name == func and path.endswith(filename)),
            3,
        )
    return out
