"""The house rules of docs/architecture.md that an import graph can check."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsweave"

# What storage may build on: records, errors, the JSON codec and the index state records.
# The records of newsweave.model are defined by stage in its model_* modules.
STORAGE_MAY_IMPORT = frozenset({
    "newsweave.model", "newsweave.model_articles", "newsweave.model_analysis",
    "newsweave.model_story", "newsweave.model_report",
    "newsweave.errors", "newsweave.codec", "newsweave.index_state",
})


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every ``newsweave`` module ``path`` imports anywhere (top level, functions,
    ``TYPE_CHECKING`` blocks), resolved to module names."""
    found: set[str] = set()
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # ``from newsweave import codec`` imports the module newsweave.codec.
            found.update(f"{base}.{a.name}" for a in node.names
                         if (PACKAGE.parent / base.replace(".", "/") / f"{a.name}.py").exists())
    return {m for m in found if m == "newsweave" or m.startswith("newsweave.")}


def _closure(start: set[str], graph: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(graph.get(name, ()))
    return seen


def test_storage_imports_no_algorithm() -> None:
    graph = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}
    store = {m for m in graph if m == "newsweave.store" or m.startswith("newsweave.store.")}
    assert store, "no store modules found"
    reached = _closure(store, graph) - store
    outside = sorted(reached - STORAGE_MAY_IMPORT)
    assert not outside, (
        f"store/ reaches {outside}: storage implements the index state protocols in SQL "
        "and may import only records (docs/architecture.md)")


def test_import_walker_sees_every_kind_of_import() -> None:
    # The rule above is only as good as the walker: check it on the real pipeline module,
    # which imports algorithms at the top, lazily and under TYPE_CHECKING.
    found = imports_of(PACKAGE / "pipeline.py")
    assert {"newsweave.clustering", "newsweave.dedup", "newsweave.store"} <= found
    found = imports_of(PACKAGE / "features.py")
    assert "newsweave.embed" in found  # imported under TYPE_CHECKING only
