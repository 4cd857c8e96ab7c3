"""The shape of the code, checked by parsing it (ast), so that it stays legible:

- no module over 350 lines, no function over 60 (cresi_search/, indexer/, search_app/, bench/);
- Whoosh imported only by the write side and the read side (cresi_search/index/, search/);
- no import circle between packages, and the library imports neither the job nor the site;
- the five facet names listed only in cresi_search/facets.py: everything else derives
  from FACETS.

Each check first proves on a small sample that it catches what it looks for.
"""

from __future__ import annotations

import ast
import subprocess
from collections import defaultdict
from functools import cache
from pathlib import Path

from cresi_search.facets import FACET_NAMES

ROOT = Path(__file__).resolve().parent.parent
CODE_DIRS = ("cresi_search", "indexer", "search_app", "bench")
PACKAGES = ("cresi_search", "indexer", "search_app")  # the import graph's packages
MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 60
WHOOSH_HOMES = ("cresi_search.index", "cresi_search.search")
FACETS_HOME = "cresi_search/facets.py"


def source_files() -> list[Path]:
    """The .py files of CODE_DIRS that git does not ignore (bench/out/ holds copies)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *CODE_DIRS],
            cwd=ROOT, capture_output=True, text=True,
        )
    except FileNotFoundError:  # no git here
        listed = None
    if listed is None or listed.returncode != 0:  # not a git checkout: every file but copies
        return sorted(p for folder in CODE_DIRS for p in (ROOT / folder).rglob("*.py")
                      if "out" not in p.relative_to(ROOT / folder).parts[:1])
    return sorted(ROOT / line for line in listed.stdout.splitlines() if line.endswith(".py"))


@cache
def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of CODE_DIRS."""
    found = {}
    for path in source_files():
        if path.is_file():  # listed by git but deleted in the work tree
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


@cache
def tree(name: str) -> ast.Module:
    return ast.parse(modules()[name].read_text("utf-8"))


def rel(name: str) -> str:
    return modules()[name].relative_to(ROOT).as_posix()


# -- sizes ------------------------------------------------------------------------------------
def long_functions(module: ast.Module) -> list[tuple[str, int, int]]:
    """(name, first line, length) of every function or method longer than the limit."""
    return [
        (node.name, node.lineno, node.end_lineno - node.lineno + 1)
        for node in ast.walk(module)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_module_over_the_size_limit():
    too_long = {rel(n): len(p.read_text("utf-8").splitlines()) for n, p in modules().items()}
    assert {p: n for p, n in too_long.items() if n > MAX_MODULE_LINES} == {}


def test_no_function_over_the_size_limit():
    sample = ast.parse("def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES)
    assert long_functions(sample) == [("f", 1, MAX_FUNCTION_LINES + 1)]
    found = [f"{rel(name)}:{line} {func} ({length} lignes)"
             for name in modules() for func, line, length in long_functions(tree(name))]
    assert found == []


# -- imports ----------------------------------------------------------------------------------
def imported(name: str) -> set[str]:
    """Modules `name` imports anywhere in its code (lazy imports included), resolved to
    project modules where they are ones: `from cresi_search import facets` is
    cresi_search.facets."""
    is_package = modules()[name].name == "__init__.py"
    out = set()
    for node in ast.walk(tree(name)):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package of this module
                package = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*package, *([base] if base else [])])
            subs = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in modules()]
            out.update(subs or [base])
    return out


def unit(module: str) -> str | None:
    """The package a module belongs to in the import graph: a subpackage or top-level
    module of cresi_search or indexer, or search_app as a whole; None outside them."""
    parts = module.split(".")
    if parts[0] == "search_app":
        return "search_app"
    if parts[0] in PACKAGES:
        return ".".join(parts[:2])
    return None


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def package_graph() -> tuple[dict[str, set[str]], dict[tuple[str, str], str]]:
    """Package -> packages it imports, and for each edge one module that makes it."""
    edges: dict[str, set[str]] = defaultdict(set)
    witness = {}
    for name in modules():
        here = unit(name)
        for target in imported(name):
            there = unit(target)
            if here and there and here != there:
                edges[here].add(there)
                witness.setdefault((here, there), f"{rel(name)} importe {target}")
    return edges, witness


def test_whoosh_is_imported_only_by_the_write_and_read_sides():
    outside = sorted(
        rel(name) for name in modules()
        if not name.startswith(WHOOSH_HOMES) and any(m.split(".")[0] == "whoosh" for m in imported(name))
    )
    assert outside == []


def test_the_library_imports_neither_the_job_nor_the_site():
    wrong = sorted(
        f"{rel(name)} importe {target}" for name in modules() if name.split(".")[0] == "cresi_search"
        for target in imported(name) if target.split(".")[0] in ("indexer", "search_app")
    )
    assert wrong == []


def test_no_import_circle_between_packages():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    edges, witness = package_graph()
    assert edges["indexer.update"] >= {"indexer.plan", "cresi_search.index"}, "the graph is read"
    found = [
        [witness[(a, b)] for a in group for b in group if (a, b) in witness]
        for group in circles(edges)
    ]
    assert found == []


# -- the facets -------------------------------------------------------------------------------
def facet_lists(module: ast.Module) -> list[int]:
    """Lines of the list, tuple or set literals (and dict literals by their keys) made of
    facet names only, two or more of them."""
    lines = []
    for node in ast.walk(module):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [key for key in node.keys if key is not None]
        else:
            continue
        words = {e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        if len(words) == len(items) and len(words) >= 2 and words <= set(FACET_NAMES):
            lines.append(node.lineno)
    return lines


def test_facet_names_are_listed_only_where_the_facets_are_declared():
    sample = ast.parse('A = ("country", "year")\nB = {"type": 1, "theme": 2}\nC = ("title", "type")\n')
    assert facet_lists(sample) == [1, 2]
    found = [f"{rel(name)}:{line}" for name in modules() if rel(name) != FACETS_HOME
             for line in facet_lists(tree(name))]
    assert found == []
