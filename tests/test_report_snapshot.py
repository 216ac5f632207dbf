"""The demo and seed JSON reports are byte-identical to the recorded ones.

A refactoring must not change what newsweave reports (issue 20), so the
SHA-256 of the JSON report of ``newsweave analyze demo/corpus`` and of
``newsweave analyze ../shared/seeds`` (run from the repository root, default
options) is recorded in ``tests/fixtures/report_digests.json``. When a change
*should* alter a report (a better stage, a new field), re-record them and
commit the file with that change:

    python -m tests.test_report_snapshot --update

(the seeds' digest only where ``../shared`` is present; the seeds' text is
never copied into the repository, only its digest).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from newsweave import pipeline
from newsweave.render import render_json
from newsweave.store import Store
from tests.conftest import ROOT, SEEDS, require

DIGESTS = ROOT / "tests" / "fixtures" / "report_digests.json"
INPUTS = {"demo": "demo/corpus", "seeds": "../shared/seeds"}  # as typed at the repository root


def report_json(name: str, models: Any) -> str:
    """The JSON report of ``newsweave analyze INPUTS[name]`` run at the repository root."""
    here = Path.cwd()
    os.chdir(ROOT)  # the report names inputs by the path given, relative here
    try:
        with Store.open() as store:
            _, report = pipeline.analyze([INPUTS[name]], store, models)
    finally:
        os.chdir(here)
    return render_json(report)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(INPUTS))
def test_report_is_byte_identical_to_the_recorded_one(
    name: str, models: Any, tmp_path: Path
) -> None:
    if name == "seeds":
        require(SEEDS)
    text = report_json(name, models)
    recorded = json.loads(DIGESTS.read_text("utf-8"))[name]
    if _digest(text) != recorded:
        (tmp_path / f"{name}.json").write_text(text, encoding="utf-8")
    assert _digest(text) == recorded, (
        f"The {name} report changed (written to {tmp_path / (name + '.json')}). If the change "
        "is intended, re-record with `python -m tests.test_report_snapshot --update`.")


def _update() -> None:  # pragma: no cover - a developer command
    from newsweave.nlp import Models

    models = Models()
    digests = json.loads(DIGESTS.read_text("utf-8")) if DIGESTS.exists() else {}
    for name in sorted(INPUTS):
        if name == "seeds" and not SEEDS.exists():
            print(f"{SEEDS} is absent: the seeds' digest is kept as it was")
            continue
        digests[name] = _digest(report_json(name, models))
        print(f"{name}: {digests[name]}")
    DIGESTS.write_text(json.dumps(digests, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.test_report_snapshot --update")
    _update()
