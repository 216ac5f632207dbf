"""The SQLite store: the only place in newsweave that speaks SQL."""

from newsweave.store.migrations import MIGRATIONS, Migration, migrate
from newsweave.store.store import MEMORY, AddResult, SearchHit, Store

__all__ = ["MEMORY", "MIGRATIONS", "AddResult", "Migration", "SearchHit", "Store", "migrate"]
