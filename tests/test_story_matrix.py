"""StoryMatrix.put_rows (issue 19: loading a store's stories at once) builds the same
matrix, bit for bit, as one put per row."""

from __future__ import annotations

import numpy as np

from newsweave.embed import DIMENSION
from newsweave.story_scoring import StoryMatrix


def _rows(n: int) -> list[tuple[str, np.ndarray, int]]:
    rng = np.random.default_rng(7)
    # As the store gives them: read-only views of float64 bytes.
    return [(f"s{i:04d}", np.frombuffer(rng.normal(size=DIMENSION).tobytes(), dtype=np.float64),
             730_000 + i) for i in range(n)]


def test_put_rows_equals_one_put_per_row() -> None:
    for n in (0, 1, 16, 17, 300):
        rows = _rows(n)
        one, bulk = StoryMatrix(), StoryMatrix()
        for key, emb, last in rows:
            one.put(key, emb, last)
        bulk.put_rows(rows)
        assert one.keys == bulk.keys and one.row == bulk.row and len(one) == len(bulk) == n
        assert np.array_equal(one.emb[:n], bulk.emb[:n])
        assert np.array_equal(one.norms[:n], bulk.norms[:n])
        assert np.array_equal(one.last[:n], bulk.last[:n])
        if not n:
            continue
        # Later puts (an article joining or starting a story) work the same on both.
        extra = rows[0][1] * 2.0
        for m in (one, bulk):
            m.put("new", extra, 740_000)
            m.put(rows[0][0], extra, 740_001)
        assert one.keys == bulk.keys
        assert np.array_equal(one.emb[:n + 1], bulk.emb[:n + 1])
        assert np.array_equal(one.norms[:n + 1], bulk.norms[:n + 1])

def test_put_rows_on_a_filled_matrix_updates_like_put() -> None:
    rows = _rows(20)
    one, bulk = StoryMatrix(), StoryMatrix()
    for m in (one, bulk):
        m.put("first", rows[0][1], 1)
    for key, emb, last in rows:
        one.put(key, emb, last)
    bulk.put_rows(rows)
    assert one.keys == bulk.keys and np.array_equal(one.norms[:21], bulk.norms[:21])
