"""Every environment variable the code reads is declared in vidensassistent/settings.py and in README."""

import ast

from vidensassistent import settings
from vidensassistent.settings import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGES = ["actions", "vidensassistent", "benchmarks"]


def _environment_reads(tree: ast.AST):
    """`os.environ.get(...)`, `os.environ[...]` (loads), `os.getenv(...)`, `os.environ.pop(...)`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = ast.unparse(node.func)
            if target in ("os.environ.get", "os.getenv", "os.environ.pop"):
                yield node.lineno
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            if ast.unparse(node.value) == "os.environ":
                yield node.lineno


def test_only_settings_reads_the_environment():
    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "vidensassistent" / "settings.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _environment_reads(tree)]
    assert offenders == [], f"read the variable with settings.env(...) and declare it in ENV: {offenders}"


def test_the_readme_table_lists_every_declared_variable():
    missing = [name for name in settings.ENV if f"| `{name}` |" not in README]
    assert missing == [], f"README's 'Miljøvariabler' table lacks {missing}"


def test_an_empty_value_falls_back_to_the_default(monkeypatch):
    monkeypatch.setenv("LISTEN_ADDRESS", "")
    assert settings.env("LISTEN_ADDRESS") == "127.0.0.1"
    monkeypatch.setenv("LISTEN_ADDRESS", "0.0.0.0")
    assert settings.env("LISTEN_ADDRESS") == "0.0.0.0"
