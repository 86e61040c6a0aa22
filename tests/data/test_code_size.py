"""Code stays readable: no module over 400 lines, no function over 50 (issue 14).
Complexity is checked by ruff (C90, max 10) in `make lint`."""

import ast

from vidensassistent.settings import ROOT

PACKAGES = ["actions", "vidensassistent", "benchmarks"]
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 50


def _modules():
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_no_module_is_over_400_lines():
    long = [
        f"{p.relative_to(ROOT)} ({n})"
        for p in _modules()
        if (n := len(p.read_text().splitlines())) > MAX_FILE_LINES
    ]
    assert long == [], f"split these modules: {long}"


def test_no_function_is_over_50_lines():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines})")
    assert long == [], f"split these functions: {long}"
