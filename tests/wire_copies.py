"""Near copies of one real article, as a syndicated (wire) story reaches many outlets."""

from __future__ import annotations

import datetime as dt

from newsweave.ingest import content_hash
from newsweave.model import Article


def wire_copies(base: Article, n: int, *, prefix: str = "wire",
                start: dt.date = dt.date(2025, 9, 1)) -> list[Article]:
    """``n`` near copies of ``base`` (ids ``{prefix}-0``...), each with its own outlet line
    and outlet, dated over three days from ``start``."""
    out = []
    for k in range(n):
        text = f"Reported by the staff of outlet number {k} for edition {k}.\n{base.text}"
        out.append(Article(f"{prefix}-{k}", text, content_hash(text), f"outlet{k}.example",
                           date=start + dt.timedelta(days=k % 3)))
    return out
