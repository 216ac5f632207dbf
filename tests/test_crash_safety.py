"""Crash safety: ``kill -9`` a real ``newsweave ingest`` at several points, resume, compare.

The store is the first part of a corpus; the second part is ingested by a real
``newsweave`` process that is killed with SIGKILL just before or just after one
of its SQLite commits (the documented test-only fault point
``NEWSWEAVE_TEST_KILL``, :mod:`newsweave.store.faults`: deterministic, and a real
kill -9 of the real process: no cleanup runs). The same command run again must
leave a store that passes ``PRAGMA integrity_check``, holds every article once,
and has exactly the stories (and report) of a run that was never interrupted.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsweave.store.faults import ENV

PART_A = {
    "harbor-1.txt": "date 2025-09-03 Dockworkers at the port of Halden walked off the job on "
    "Monday, halting container traffic as the union demanded higher wages. \"We will stay out "
    "until the offer is fair,\" union leader Mara Lind said. Port managers called the strike "
    "unlawful.",
    "museum-1.txt": "date 2025-09-10 Thieves took a 17th-century painting from the Varna city "
    "museum overnight, police said, after disabling an alarm on the ground floor. The museum "
    "will stay closed while investigators search the building.",
}
PART_B = {
    "harbor-2.txt": "date 2025-09-04 The strike by Halden dockworkers entered its second day on "
    "Tuesday, with container ships waiting offshore. \"We will stay out until the offer is "
    "decent,\" union leader Mara Lind said. Port managers asked a court to end the walkout.",
    "museum-2.txt": "date 2025-09-11 Police in Varna said on Thursday they had identified two "
    "suspects in the theft of a 17th-century painting from the city museum. The museum said "
    "the alarm had been disabled before the break-in.",
    "tram.txt": "date 2025-09-12 The city council of Halden voted on Friday to extend the tram "
    "line to the northern suburbs, a project expected to cost 80 million euros and to open "
    "in 2028.",
    "harbor-3.txt": "date 2025-09-05 A court in Halden ordered striking dockworkers back to work "
    "on Wednesday, but union leader Mara Lind said members would appeal the ruling. Dozens of "
    "ships remained at anchor outside the port.",
}
# The second ingest commits 9 times: 1 run start, 2 article batch, 3 run record, 4 the
# per-article analyses (one batch), 5 duplicate index, 6 story index, 7-9 the three
# story reports. Killed around the batch, the analyses, the indexes and mid-weaving:
KILL_POINTS = ("before-commit:2", "after-commit:2", "before-commit:4", "before-commit:5",
               "before-commit:6", "before-commit:8")


def _write(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _newsweave(*args: str, kill: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "1"}
    env.pop(ENV, None)
    if kill is not None:
        env[ENV] = kill
    exe = Path(sys.executable).with_name("newsweave")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env,
                          timeout=900)


def _state(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    finally:
        conn.close()
    report = _newsweave("report", "--db", str(db), "--format", "json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    return {"integrity": integrity, "ids": ids, "articles": data["articles"],
            "stories": data["stories"]}


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("crash")
    part_a, part_b = _write(root / "a", PART_A), _write(root / "b", PART_B)
    base = root / "base.db"
    assert _newsweave("ingest", str(part_a), "--db", str(base), "-q").returncode == 0
    expected_db = root / "expected.db"
    shutil.copy(base, expected_db)
    done = _newsweave("ingest", str(part_b), "--db", str(expected_db), "-q")
    assert done.returncode == 0, done.stderr
    return base, part_b, root, _state(expected_db)


@pytest.mark.slow
@pytest.mark.parametrize("point", KILL_POINTS)
def test_kill_9_then_resume_gives_the_uninterrupted_stories(
    setup: tuple[Path, Path, Path, dict[str, Any]], point: str
) -> None:
    base, part_b, root, expected = setup
    db = root / f"trial-{point.replace(':', '-')}.db"
    shutil.copy(base, db)
    killed = _newsweave("ingest", str(part_b), "--db", str(db), "-q", kill=point)
    assert killed.returncode == -signal.SIGKILL, (point, killed.returncode, killed.stderr[-2000:])
    resumed = _newsweave("ingest", str(part_b), "--db", str(db), "-q")
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    got = _state(db)
    assert got["integrity"] == "ok"
    assert got["ids"] == expected["ids"]  # no article lost, none duplicated
    assert got["articles"] == expected["articles"]
    assert got["stories"] == expected["stories"]
