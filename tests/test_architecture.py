"""The rules of ARCHITECTURE.md, checked on the source: who may import whom, and how big."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "cocite"
MAX_LINES = 450  # "no module over ~400 lines"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, *, type_checking: bool = True) -> set[str]:
    """The modules ``name`` imports (cocite's and others'), at any level (a lazy import inside
    a function counts); ``type_checking=False``: without those under ``if TYPE_CHECKING``."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skipped: set[int] = set()
    if not type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(n) for n in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names
                         if f"{module}.{alias.name}" in MODULES)
    return found


def _cocite(imported: set[str]) -> set[str]:
    return {m for m in imported if m in MODULES}


def test_no_import_circles() -> None:
    """Lazy imports count too: a circle through a function-level import is still a circle,
    only one that fails later. Imports for type checking only do not run, so they do not."""
    graph = {name: _cocite(_imports(name, type_checking=False)) - {name} for name in MODULES}
    # A package's __init__ importing its own submodules is how a package is built, not a circle.
    for name, deps in graph.items():
        graph[name] = {d for d in deps if not name.startswith(d + ".")}
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for dep in sorted(graph[node]):
            if seen.get(dep) == 1:
                cycle = path[path.index(dep):] + [dep]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if dep not in seen:
                visit(dep, [*path, dep])
        seen[node] = 2

    for name in sorted(graph):
        if name not in seen:
            visit(name, [name])


@pytest.mark.parametrize(("product", "sibling"), [("cocite.bundle", "cocite.schedule"),
                                                   ("cocite.schedule", "cocite.bundle"),
                                                   ("cocite.render", "cocite.bundle"),
                                                   ("cocite.render", "cocite.schedule")])
def test_a_product_never_imports_its_sibling(product: str, sibling: str) -> None:
    wrong = {name: sorted(m for m in _imports(name)
                          if m == sibling or m.startswith(sibling + "."))
             for name in MODULES if name == product or name.startswith(product + ".")}
    assert {name: ms for name, ms in wrong.items() if ms} == {}


def test_only_the_command_line_imports_click() -> None:
    users = sorted(name for name in MODULES
                   if not (name == "cocite.cli" or name.startswith("cocite.cli."))
                   and any(m == "click" or m.startswith("click.")
                           for m in _imports(name)))
    assert users == []


def test_only_yamlio_imports_pyyaml() -> None:
    users = sorted(name for name in MODULES
                   if not (name == "cocite.yamlio" or name.startswith("cocite.yamlio."))
                   and any(m == "yaml" or m.startswith("yaml.")
                           for m in _imports(name)))
    assert users == []


def test_no_module_is_too_long_to_enter() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines())
             for name, path in MODULES.items()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
