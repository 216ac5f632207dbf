"""A small store for the web tests, built by the real pipeline from text written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave import pipeline
from newsweave.store import Store

ARTICLES = {
    "harbor-1.txt": (
        "date 2025-09-03 Dockworkers at the port of Halden walked off the job on Monday, "
        "halting container traffic as the union demanded higher wages. \"We will stay out "
        "until the offer is fair,\" union leader Mara Lind said. Port managers called the "
        "strike unlawful."
    ),
    "harbor-2.txt": (
        "date 2025-09-04 The strike by Halden dockworkers entered its second day on Tuesday, "
        "with container ships waiting offshore. \"We will stay out until the offer is "
        "decent,\" union leader Mara Lind said. Port managers asked a court to end the walkout."
    ),
    "museum-1.txt": (
        "date 2025-09-10 Thieves took a 17th-century painting from the Varna city museum "
        "overnight, police said, after disabling an alarm on the ground floor. The museum "
        "will stay closed while investigators search the building."
    ),
}


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, models) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("webcorpus")
    for name, text in ARTICLES.items():
        (root / name).write_text(text, encoding="utf-8")
    db = root / "web.db"
    with Store.open(db) as store:
        pipeline.analyze([str(root)], store, models)
    return db


@pytest.fixture
def fresh_db(web_db: Path, tmp_path: Path) -> Path:
    """A private copy of the web store, for tests that upload."""
    copy = tmp_path / "copy.db"
    with Store.open(web_db, read_only=True) as src:
        src.conn.execute("VACUUM INTO ?", (str(copy),))
    return copy
