"""The store of the 772 ECB+ articles (../shared), built once by the real pipeline.

Building it analyses 772 real articles (tens of minutes on two cores), so the
finished store is kept in a cache outside the repository
(``$NEWSWEAVE_ECB_STORE`` or ``~/.cache/newsweave/ecb772-<key>.db``), keyed by
the data file's hash, the versions of every cached stage and the default
clustering parameters (the story index is not re-clustered by an update). A test gets a
private copy, and :func:`newsweave.pipeline.update` first brings it up to date
with the code under test (a no-op when nothing is stale), so a cached store is
never older than what the current code would cache.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path
from typing import Any

from newsweave import pipeline
from newsweave.analysis import ANALYSIS_VERSION, EMBEDDING_VERSION, FEATURES_VERSION
from newsweave.listing import LISTING_VERSION
from newsweave.settings import Options
from newsweave.store import MIGRATIONS, Store
from newsweave.weave import WEAVE_VERSION


def cache_key(data: Path) -> str:
    h = hashlib.sha256(data.read_bytes())
    h.update("|".join((ANALYSIS_VERSION, EMBEDDING_VERSION, FEATURES_VERSION, WEAVE_VERSION,
                       LISTING_VERSION, MIGRATIONS[-1].name, repr(Options().clustering))
                      ).encode())
    return h.hexdigest()[:16]


def cached_path(data: Path) -> Path:
    given = os.environ.get("NEWSWEAVE_ECB_STORE")
    if given:
        return Path(given)
    return Path.home() / ".cache" / "newsweave" / f"ecb772-{cache_key(data)}.db"


def ecb_store(data: Path, target: Path, models: Any) -> Path:
    """A private, up-to-date copy of the ECB+ store at ``target`` (built if not cached)."""
    cached = cached_path(data)
    cached.parent.mkdir(parents=True, exist_ok=True)
    # One builder at a time: test processes (pytest-xdist workers, two checkouts) that
    # need the store while another builds it wait for it instead of building it again.
    with open(cached.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not cached.exists():
            building = cached.with_suffix(".building")
            building.unlink(missing_ok=True)
            with Store.open(building) as store:
                pipeline.analyze([str(data)], store, models)
            with Store.open(building) as store:
                store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            building.replace(cached)
    with Store.open(cached) as src:
        src.conn.execute("VACUUM INTO ?", (str(target),))
    with Store.open(target) as store:
        pipeline.update(store, models)  # whatever the current code would compute anew
    return target

