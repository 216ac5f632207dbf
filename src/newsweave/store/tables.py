"""Plain, queryable tables of what articles and stories say (migration ``0014_query_tables``).

A mixin of :class:`newsweave.store.Store`. The cached analyses and story
reports are JSON blobs (what the pipeline reads back); next to them the store
writes the same records as rows with foreign keys, in the same transaction,
so people and tools (``sqlite-utils``, ``datasette``) can filter by speaker,
entity, outlet or date without newsweave (``docs/store.md``):

- ``entity_mentions``, ``quotes``, ``time_expressions``: one row per record of
  an article's current analysis (``article_id`` -> ``articles``);
- ``conflicts`` and ``claims``: the conflicts and every claim (consensus, single
  source, conflict, update) of a story's cached report (``story_id`` ->
  ``stories``, ``article_id`` -> ``articles``, ``conflict_id`` -> ``conflicts``);
- story membership: the table ``story_articles`` and the view ``story_members``.

Rows are replaced whole per article / per story and deleted with it (``ON
DELETE CASCADE``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager

from newsweave.model import ArticleAnalysis, Claim, StoryReport

__all__ = ["QUERY_TABLES", "QueryTables"]

# The tables (and view) this mixin keeps, for docs and tests.
QUERY_TABLES = ("entity_mentions", "quotes", "time_expressions", "conflicts", "claims",
                "story_articles", "story_members")

_ClaimRow = tuple[str, int, int, str | None, Claim, float]


class QueryTables:
    """Writes the plain tables of articles' analyses and stories' reports."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def put_analysis_rows(self, analyses: Sequence[ArticleAnalysis]) -> None:
        """Replace the entity, quote and time-expression rows of each analysed article."""
        with self.transaction() as conn:
            for table in ("entity_mentions", "quotes", "time_expressions"):
                # Fixed table names, never input.
                conn.executemany(f"DELETE FROM {table} WHERE article_id = ?",
                                 [(a.article_id,) for a in analyses])
            conn.executemany(
                'INSERT INTO entity_mentions(article_id, idx, start, "end", text, type)'
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(a.article_id, i, m.start, m.end, m.text, m.type)
                 for a in analyses for i, m in enumerate(a.mentions)])
            conn.executemany(
                'INSERT INTO quotes(article_id, idx, start, "end", text, speaker, speaker_id,'
                " speaker_kind, direct, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(a.article_id, i, q.start, q.end, q.text, q.speaker, q.speaker_id,
                  q.speaker_kind, int(q.direct), q.confidence)
                 for a in analyses for i, q in enumerate(a.quotes)])
            conn.executemany(
                'INSERT INTO time_expressions(article_id, idx, start, "end", text, type,'
                " timex_value, value, precision, relative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(a.article_id, i, t.start, t.end, t.text, t.type, t.timex_value, t.value,
                  t.precision, int(t.relative))
                 for a in analyses for i, t in enumerate(a.times)])

    def put_report_rows(self, report: StoryReport) -> None:
        """Replace the conflict and claim rows of ``report``'s story (a stored story)."""
        story = report.story.id
        with self.transaction() as conn:
            conn.execute("DELETE FROM claims WHERE story_id = ?", (story,))
            conn.execute("DELETE FROM conflicts WHERE story_id = ?", (story,))
            conflict_ids: dict[int, int] = {}
            for i, conflict in enumerate(report.conflicts or ()):
                cur = conn.execute(
                    "INSERT INTO conflicts(story_id, idx, topic, detail, confidence)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (story, i, conflict.topic, conflict.detail, conflict.confidence))
                conflict_ids[i] = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO claims(story_id, article_id, kind, group_idx, position,"
                ' conflict_id, value, start, "end", text, confidence)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(story, c.article_id, kind, group, position,
                  conflict_ids.get(group) if kind == "conflict" else None, value,
                  c.start, c.end, c.text, confidence)
                 for kind, group, position, value, c, confidence in _claim_rows(report)])


def _claim_rows(report: StoryReport) -> Iterator[_ClaimRow]:
    """``(kind, group, position, value, claim, confidence)`` of every claim of ``report``."""
    for g, group in enumerate(report.consensus or ()):
        for p, claim in enumerate(group.claims):
            yield "consensus", g, p, None, claim, group.confidence
    for g, claim in enumerate(report.single_source or ()):
        yield "single_source", g, 0, None, claim, 1.0
    for g, conflict in enumerate(report.conflicts or ()):
        for p, claim in enumerate(conflict.claims):
            value = conflict.values[p] if p < len(conflict.values) else None
            yield "conflict", g, p, value, claim, conflict.confidence
    for g, update in enumerate(report.updates or ()):
        yield "update", g, 0, update.old_value, update.old, update.confidence
        yield "update", g, 1, update.new_value, update.new, update.confidence
