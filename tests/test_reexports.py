"""Modules split by concern keep one import path: every public name of a part is
re-exported by the module it was split from (``from newsweave.model import X``)."""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

PARTS = {
    "newsweave.model": ("newsweave.model_articles", "newsweave.model_analysis",
                        "newsweave.model_story", "newsweave.model_report"),
    "newsweave.entities": ("newsweave.entity_names", "newsweave.entity_resolve"),
    "newsweave.store.migrations": ("newsweave.store.migrations_0001",
                                   "newsweave.store.migrations_0014"),
    "newsweave.ingest.formats": ("newsweave.ingest.record_streams",),
    "newsweave.evaluation.quote_gold": ("newsweave.evaluation.quote_gold_records",),
    "newsweave.evaluation.facts_real": ("newsweave.evaluation.facts_stats",),
}


def _public(module: str) -> dict[str, object]:
    """Names ``module`` defines at its top level (classes, functions, assignments) that
    do not start with ``_``, with their values."""
    mod = importlib.import_module(module)
    tree = ast.parse(inspect.getsource(mod))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.extend(t.id for t in targets if isinstance(t, ast.Name))
    return {n: getattr(mod, n) for n in names if not n.startswith("_")}


@pytest.mark.parametrize("whole", sorted(PARTS))
def test_every_public_name_of_a_part_is_reexported(whole: str) -> None:
    facade = importlib.import_module(whole)
    exported = set(getattr(facade, "__all__", ()))
    for part in PARTS[whole]:
        names = _public(part)
        assert names, f"{part} defines nothing public"
        missing = sorted(n for n in names
                         if n not in exported or getattr(facade, n) is not names[n])
        assert not missing, f"{whole} does not re-export {missing} of {part}"


def test_the_records_are_where_the_codec_finds_their_field_types() -> None:
    # The codec decodes by get_type_hints: a record's annotations must resolve in the
    # module that defines it, so each part imports the records it names at run time.
    import typing

    from newsweave import model

    for name in model.__all__:
        record = getattr(model, name)
        if isinstance(record, type):
            typing.get_type_hints(record)
