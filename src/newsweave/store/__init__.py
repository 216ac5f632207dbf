"""The SQLite store: the only place in newsweave that speaks SQL."""

from newsweave.store.connect import MEMORY
from newsweave.store.migrations import MIGRATIONS, Migration, migrate
from newsweave.store.search import SearchHit
from newsweave.store.store import AddResult, RemoveResult, Store

__all__ = ["MEMORY", "MIGRATIONS", "AddResult", "Migration", "RemoveResult", "SearchHit",
           "Store", "migrate"]
