"""Store errors name their cause: a full disk, a read-only store, a failed rollback.

The disk really fills up: the command runs in a subprocess whose file-size limit
(RLIMIT_FSIZE, with SIGXFSZ ignored) makes the kernel refuse writes past a few
hundred kilobytes, exactly like a full disk (write() fails). The read-only store
is really read-only: its folder and file are chmod'ed, and when the tests run as
root (who ignores permissions) the commands run as the unprivileged user
``nobody``.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.errors import StoreError
from newsweave.model import Article
from newsweave.store import Store
from newsweave.store.errors import root_cause, store_error

EXE = Path(sys.executable).with_name("newsweave")
TEXT = ("Dock workers at the port of Eastmouth walked off the job on Tuesday after talks over a "
        "new wage agreement collapsed, leaving dozens of container ships waiting offshore.")


def _env() -> dict[str, str]:
    return {**os.environ, "CI": "1"}


def test_a_failed_rollback_never_hides_the_cause() -> None:
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active") from None
    except sqlite3.OperationalError as exc:
        # "from None" hides the cause from tracebacks but keeps __context__.
        assert str(root_cause(exc)) == "database or disk is full"
        message = str(store_error(exc, "news.db"))
    assert "the disk holding it is full" in message and "cannot rollback" not in message


def test_sqlite_full_inside_a_transaction_is_a_store_error(tmp_path: Path) -> None:
    # SQLite's own page limit: the same SQLITE_FULL a full disk gives, raised mid-batch.
    with Store.open(tmp_path / "s.db") as store:
        store.conn.execute("PRAGMA max_page_count = 60")
        big = [Article(f"a{i}", TEXT * 40 + str(i), f"h{i}", "x.txt") for i in range(40)]
        with pytest.raises(StoreError, match="the disk holding it is full"):
            store.add_articles(big, {})
        store.conn.execute("PRAGMA max_page_count = 1000000")
        assert store.article_count() == 0  # the batch is all or nothing
        assert store.add_articles(big[:2], {}).added == ("a0", "a1")  # and the store works


def _limit_file_size(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.slow
def test_a_full_disk_then_a_new_run(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    with open(corpus / "feed.jsonl", "w", encoding="utf-8") as fh:
        for i in range(60):
            fh.write(json.dumps({"id": f"a{i}", "date": "2025-09-03",
                                 "text": f"Item {i}. " + TEXT * 6}) + "\n")
    db = tmp_path / "s.db"
    full = subprocess.run([str(EXE), "ingest", str(corpus), "--db", str(db), "-q"],
                          capture_output=True, text=True, env=_env(), timeout=900,
                          preexec_fn=lambda: _limit_file_size(200_000))
    assert full.returncode == 1, full.stderr[-2000:]
    assert "Traceback" not in full.stderr
    assert "disk" in full.stderr and "rollback" not in full.stderr, full.stderr
    again = subprocess.run([str(EXE), "ingest", str(corpus), "--db", str(db), "-q"],
                           capture_output=True, text=True, env=_env(), timeout=900)
    assert again.returncode == 0, again.stderr[-2000:]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 60
    finally:
        conn.close()


@pytest.fixture
def readonly_store(nlp: object) -> Iterator[Path]:
    from newsweave import pipeline

    # Not under pytest's private tmp root (mode 700): "nobody" must reach it.
    root = Path(os.environ.get("TMPDIR", "/tmp")) / f"nw-ro-{os.getpid()}"
    root.mkdir(mode=0o755, exist_ok=True)
    folder = root / "ro"
    folder.mkdir(mode=0o755)
    (root / "a.txt").write_text(f"date 2025-09-03 {TEXT}", encoding="utf-8")
    db = folder / "s.db"
    with Store.open(db) as store:
        pipeline.ingest([str(root / "a.txt")], store, nlp)  # type: ignore[arg-type]
    db.chmod(0o444)
    folder.chmod(0o555)
    yield db
    folder.chmod(0o755)
    db.chmod(0o644)
    for p in sorted(root.rglob("*"), reverse=True):
        p.rmdir() if p.is_dir() else p.unlink()
    root.rmdir()


def _as_reader() -> list[str]:
    """Run as a user who cannot write (root writes anything)."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_report_and_search_on_a_read_only_store(readonly_store: Path) -> None:
    db = str(readonly_store)
    for args in (["report", "--db", db, "--format", "json"], ["search", "port", "--db", db]):
        proc = subprocess.run([*_as_reader(), str(EXE), *args], capture_output=True, text=True,
                              env=_env(), timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
    report = subprocess.run([*_as_reader(), str(EXE), "report", "--db", db], capture_output=True,
                            text=True, env=_env(), timeout=300)
    assert json.loads(report.stdout)["articles"][0]["id"] == "a"
    write = subprocess.run([*_as_reader(), str(EXE), "ingest", str(readonly_store.parent.parent /
                            "a.txt"), "--db", db, "-q"], capture_output=True, text=True,
                           env=_env(), timeout=300)
    assert write.returncode == 1 and "Traceback" not in write.stderr
    assert "read-only" in write.stderr, write.stderr
