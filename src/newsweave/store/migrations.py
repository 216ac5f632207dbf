"""Named, ordered schema migrations (in the spirit of sqlite-utils' migrations).

Each migration runs once, inside a transaction, and is recorded by name in
``schema_migrations``. Never edit a released migration: add a new one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from newsweave.errors import StoreError


@dataclass(frozen=True, slots=True)
class Migration:
    """A schema change: ``name`` sorts and identifies it; ``sql`` is a script."""

    name: str
    sql: str


CORE = Migration(
    "0001_core",
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        origin TEXT NOT NULL,
        title TEXT,
        date TEXT,
        source TEXT,
        url TEXT,
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        run_id INTEGER
    );
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_date ON articles(date);

    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;

    -- External-content FTS5 index over article title and text, kept in sync by triggers.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61'
    );
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;

    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        command TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        n_added INTEGER NOT NULL DEFAULT 0,
        n_unchanged INTEGER NOT NULL DEFAULT 0,
        n_rejected INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE rejections (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX rejections_run ON rejections(run_id);

    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        first_date TEXT,
        last_date TEXT,
        method TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        position INTEGER NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id, position);

    CREATE TABLE duplicates (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        duplicate_of TEXT NOT NULL REFERENCES articles(id),
        similarity REAL NOT NULL,
        kind TEXT NOT NULL
    );
    """,
)

ANALYSIS_CACHE = Migration(
    "0002_analysis_cache",
    """
    -- Per-article stage results (entities, quotes, time expressions, vectors ...),
    -- keyed by stage name and stage version so a new stage version recomputes.
    CREATE TABLE article_analysis (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        version TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (article_id, stage)
    ) WITHOUT ROWID;
    -- Per-story derived results (comparison, timeline, summary), recomputed when the
    -- story's membership changes (the fingerprint is a hash of its article ids).
    CREATE TABLE story_analysis (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (story_id, stage)
    ) WITHOUT ROWID;
    """,
)

DEDUP_INDEX = Migration(
    "0004_dedup_index",
    """
    -- The online duplicate index (newsweave.store.dedup_index): its parameters,
    -- one row per indexed article (fingerprint + match) and its LSH band keys.
    CREATE TABLE dedup_params (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE dedup_docs (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL UNIQUE,
        exact_key TEXT NOT NULL,
        canonical TEXT NOT NULL,
        similarity REAL,
        kind TEXT,
        signature BLOB,
        shingles BLOB
    );
    CREATE INDEX dedup_docs_exact ON dedup_docs(exact_key, seq);
    CREATE TABLE dedup_bands (
        key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, seq)
    ) WITHOUT ROWID;
    """,
)

STORY_INDEX = Migration("0005_story_index", """
    -- Online story clustering state (see newsweave.store.story_index).
    CREATE TABLE story_index (
        story_key TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        first_date TEXT,
        last_date TEXT,
        last_ord INTEGER NOT NULL,          -- last_date as a day ordinal, -1 when undated
        emb_sum BLOB NOT NULL,              -- float64 sum of member embeddings
        words TEXT NOT NULL,                -- JSON {term: summed weight}
        specifics TEXT NOT NULL
    );
    CREATE INDEX story_index_last ON story_index(last_ord);
    CREATE TABLE story_index_members (
        article_id TEXT PRIMARY KEY,
        story_key TEXT NOT NULL,
        undated INTEGER NOT NULL
    );
    CREATE INDEX story_index_members_story ON story_index_members(story_key);
    CREATE TABLE story_index_df (
        block TEXT NOT NULL,                -- 'w' words, 's' specifics
        term TEXT NOT NULL,
        df INTEGER NOT NULL,
        PRIMARY KEY (block, term)
    ) WITHOUT ROWID;
    CREATE TABLE story_index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """)

# The lead terms (title + first sentence) of each story: what tells sibling events apart.
# Document frequencies of lead terms live in story_index_df under block 'l'.
STORY_INDEX_LEAD = Migration("0006_story_index_lead", """
    ALTER TABLE story_index ADD COLUMN lead TEXT NOT NULL DEFAULT '{}';
""")

# Articles whose date was read from their own dateline (newsweave.ingest.datelines).
ARTICLE_DATE_INFERRED = Migration("0007_article_date_inferred", """
    ALTER TABLE articles ADD COLUMN date_inferred INTEGER NOT NULL DEFAULT 0;
""")

# Storylines above stories (newsweave.storylines): their placement state, which story
# belongs to which storyline, and the storyline key on each saved story.
STORYLINES = Migration("0008_storylines", """
    CREATE TABLE storyline_index (
        storyline_key TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        emb_sum BLOB NOT NULL,              -- float64 sum of member embeddings
        words TEXT NOT NULL,                -- JSON {term: summed weight}
        specifics TEXT NOT NULL
    );
    CREATE TABLE story_storylines (
        story_key TEXT PRIMARY KEY,
        storyline_key TEXT NOT NULL
    );
    ALTER TABLE stories ADD COLUMN storyline TEXT;
""")

# What a run repaired in its input (decoding) and which analyses failed, reported
# with its rejections by `newsweave report`.
RUN_NOTES = Migration("0009_run_notes", """
    CREATE TABLE run_warnings (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        message TEXT NOT NULL
    );
    CREATE INDEX run_warnings_run ON run_warnings(run_id);
    CREATE TABLE run_failures (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,                 -- 'article' or 'story'
        item TEXT NOT NULL,                 -- its id
        stage TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX run_failures_run ON run_failures(run_id);
""")

# The options of the run that built the store (JSON values), reused by later updates.
SETTINGS = Migration("0010_settings", """
    CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
""")

# Time expressions gained TimeML types and TIMEX3 values (issue 11).
TIMEX3_REANALYSIS = Migration("0011_timex3_reanalysis", """
    -- Time expressions gained TimeML types and TIMEX3 values (issue 11): the cached
    -- per-article analyses and the story reports whose timelines were built from them
    -- are dropped, so the next run recomputes them (the analysis version was bumped too).
    DELETE FROM article_analysis WHERE stage = 'article_analysis';
    DELETE FROM story_analysis WHERE stage = 'story_report';
""")

# The story list's light projection (issue 17), written when stories are woven
# (newsweave.listing) so list pages and /api/stories read one row per story.
STORY_LISTING = Migration("0012_story_listing", """
    CREATE TABLE story_listing (
        story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        key TEXT NOT NULL,                  -- what the row was computed from (a hash)
        first_date TEXT,
        last_date TEXT,
        n_articles INTEGER NOT NULL,
        n_outlets INTEGER NOT NULL,
        headline TEXT NOT NULL,
        outlets TEXT NOT NULL,              -- JSON list of outlet names
        entity_keys TEXT NOT NULL,          -- JSON list of casefolded entity names and aliases
        data TEXT NOT NULL                  -- JSON of the whole row
    );
    CREATE INDEX story_listing_last ON story_listing(last_date);
    CREATE INDEX story_listing_first ON story_listing(first_date);
""")

# The article's byline (HTML metadata, an `author` field, a .txt `author:` header).
ARTICLE_AUTHOR = Migration("0013_article_author", """
    ALTER TABLE articles ADD COLUMN author TEXT;
""")

# What articles and stories say, as plain tables with foreign keys next to the cached JSON,
# so people and tools (sqlite-utils, datasette) can filter by speaker, entity, outlet or date
# (docs/store.md). Written by the store with each cached analysis and story report
# (newsweave.store.tables); filled here once from the caches of an existing store.
QUERY_TABLES = Migration("0014_query_tables", """
    CREATE TABLE entity_mentions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,               -- order in the article's analysis
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,                 -- spaCy label: PERSON, ORG, GPE ...
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX entity_mentions_text ON entity_mentions(text);
    CREATE TABLE quotes (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        speaker TEXT,                       -- NULL: unattributed
        speaker_id TEXT,                    -- person:<key>, organisation:<key>, description:<words>
        speaker_kind TEXT,
        direct INTEGER NOT NULL,            -- 1: in quotation marks; 0: reported speech
        confidence REAL NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE TABLE time_expressions (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,                 -- TIMEX3 type: DATE, TIME, DURATION, SET
        timex_value TEXT,                   -- TIMEX3 value: 2009-12-15T18:00, P27Y ...
        value TEXT,                         -- calendar date for timelines (YYYY[-MM[-DD]])
        precision TEXT,
        relative INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX time_expressions_value ON time_expressions(value);
    CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,               -- order in the story's report
        topic TEXT NOT NULL,
        detail TEXT NOT NULL,
        confidence REAL NOT NULL,
        UNIQUE (story_id, idx)
    );
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('consensus', 'single_source', 'conflict', 'update')),
        group_idx INTEGER NOT NULL,         -- which fact group / claim / conflict / update
        position INTEGER NOT NULL,          -- order in it (update: 0 old, 1 new)
        conflict_id INTEGER REFERENCES conflicts(id) ON DELETE CASCADE,
        value TEXT,                         -- the value as written (conflicts, updates)
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX claims_story ON claims(story_id, kind, group_idx);
    CREATE INDEX claims_article ON claims(article_id);
    CREATE INDEX claims_conflict ON claims(conflict_id);
    CREATE VIEW story_members AS
        SELECT m.story_id, s.title AS story_title, m.position, m.article_id, a.source, a.date,
               a.title, d.duplicate_of
        FROM story_articles m JOIN stories s ON s.id = m.story_id
        JOIN articles a ON a.id = m.article_id
        LEFT JOIN duplicates d ON d.article_id = m.article_id;

    -- Fill them from the caches already stored (JSON written by newsweave.codec).
    -- json_each gives one row for a JSON null too, hence the type = 'object' filters.
    INSERT INTO entity_mentions
        SELECT x.article_id, m.key, json_extract(m.value, '$.start'),
               json_extract(m.value, '$.end'), json_extract(m.value, '$.text'),
               json_extract(m.value, '$.type')
        FROM article_analysis x, json_each(CAST(x.data AS TEXT), '$.mentions') m
        WHERE x.stage = 'article_analysis' AND m.type = 'object';
    INSERT INTO quotes
        SELECT x.article_id, q.key, json_extract(q.value, '$.start'),
               json_extract(q.value, '$.end'), json_extract(q.value, '$.text'),
               json_extract(q.value, '$.speaker'), json_extract(q.value, '$.speaker_id'),
               json_extract(q.value, '$.speaker_kind'),
               coalesce(json_extract(q.value, '$.direct'), 1),
               coalesce(json_extract(q.value, '$.confidence'), 0.0)
        FROM article_analysis x, json_each(CAST(x.data AS TEXT), '$.quotes') q
        WHERE x.stage = 'article_analysis' AND q.type = 'object';
    INSERT INTO time_expressions
        SELECT x.article_id, t.key, json_extract(t.value, '$.start'),
               json_extract(t.value, '$.end'), json_extract(t.value, '$.text'),
               coalesce(json_extract(t.value, '$.type'), 'DATE'),
               json_extract(t.value, '$.timex_value'), json_extract(t.value, '$.value'),
               json_extract(t.value, '$.precision'), json_extract(t.value, '$.relative')
        FROM article_analysis x, json_each(CAST(x.data AS TEXT), '$.times') t
        WHERE x.stage = 'article_analysis' AND t.type = 'object';
    CREATE TEMP TABLE report_groups AS  -- every fact group, claim, conflict, update
        SELECT r.story_id, k.kind, g.key AS idx, g.value AS body
        FROM story_analysis r,
             (SELECT 'consensus' AS kind, '$.consensus' AS path
              UNION ALL SELECT 'single_source', '$.single_source'
              UNION ALL SELECT 'conflict', '$.conflicts'
              UNION ALL SELECT 'update', '$.updates') k,
             json_each(CAST(r.data AS TEXT), k.path) g
        WHERE r.stage = 'story_report' AND g.type = 'object';
    CREATE TEMP TABLE report_claims AS  -- their claims: (claim JSON, position, value)
        SELECT g.story_id, g.kind, g.idx, c.key AS position, c.value AS claim,
               json_extract(g.body, '$.values[' || c.key || ']') AS value,
               json_extract(g.body, '$.confidence') AS confidence
        FROM report_groups g, json_each(g.body, '$.claims') c
        WHERE g.kind IN ('consensus', 'conflict') AND c.type = 'object'
        UNION ALL
        SELECT story_id, kind, idx, 0, body, NULL, 1.0
        FROM report_groups WHERE kind = 'single_source'
        UNION ALL
        SELECT g.story_id, g.kind, g.idx, p.position, json_extract(g.body, p.claim),
               json_extract(g.body, p.value), json_extract(g.body, '$.confidence')
        FROM report_groups g,
             (SELECT 0 AS position, '$.old' AS claim, '$.old_value' AS value
              UNION ALL SELECT 1, '$.new', '$.new_value') p
        WHERE g.kind = 'update';
    INSERT INTO conflicts(story_id, idx, topic, detail, confidence)
        SELECT story_id, idx, json_extract(body, '$.topic'),
               coalesce(json_extract(body, '$.detail'), ''),
               coalesce(json_extract(body, '$.confidence'), 1.0)
        FROM report_groups WHERE kind = 'conflict' ORDER BY story_id, idx;
    INSERT INTO claims(story_id, article_id, kind, group_idx, position, conflict_id, value,
                       start, "end", text, confidence)
        SELECT t.story_id, json_extract(t.claim, '$.article_id'), t.kind, t.idx, t.position,
               (SELECT f.id FROM conflicts f WHERE t.kind = 'conflict'
                AND f.story_id = t.story_id AND f.idx = t.idx),
               t.value, json_extract(t.claim, '$.start'), json_extract(t.claim, '$.end'),
               json_extract(t.claim, '$.text'), coalesce(t.confidence, 1.0)
        FROM report_claims t
        WHERE json_extract(t.claim, '$.article_id') IN (SELECT id FROM articles)
        ORDER BY t.story_id, t.kind, t.idx, t.position;
    DROP TABLE report_groups;
    DROP TABLE report_claims;
""")

# Which articles lack a current analysis is one lookup per article (an update's first
# question); the analysis rows hold the payloads, so without this compact covering index the
# lookup reads the payload pages of the whole store (issue 19: 34 s of a no-op update on
# 23k articles).
ANALYSIS_VERSIONS = Migration("0015_analysis_versions", """
    CREATE INDEX article_analysis_versions ON article_analysis(article_id, stage, version);
""")

# Storylines merge (issue 14): the older storyline's key survives, the other becomes an
# alias of it; ``created`` orders storylines by age (0 for those stored before).
STORYLINE_MERGES = Migration("0016_storyline_merges", """
    ALTER TABLE storyline_index ADD COLUMN created INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX story_storylines_line ON story_storylines(storyline_key);
    CREATE TABLE storyline_aliases (
        alias TEXT PRIMARY KEY,             -- key of a storyline merged into another
        storyline_key TEXT NOT NULL         -- the key it has now
    );
    CREATE INDEX storyline_aliases_line ON storyline_aliases(storyline_key);
""")

# What the last update left consistent (issue 19): "woven" holds the versions and weave
# options under which every story's cached report and listing row were current when an
# update completed, so the next update checks only the stories it changes. Cleared when
# an update starts; absent (a crash, a failure, a store from before) means check them all.
# ``articles_order`` covers the pending-article queries (id in publication order), so
# they scan a compact index instead of the article rows and their text.
UPDATE_STATE = Migration("0017_update_state", """
    CREATE TABLE update_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE INDEX articles_order ON articles(date, id);
""")

MIGRATIONS: tuple[Migration, ...] = (
    CORE, ANALYSIS_CACHE, DEDUP_INDEX, STORY_INDEX, STORY_INDEX_LEAD, ARTICLE_DATE_INFERRED,
    STORYLINES, RUN_NOTES, SETTINGS, TIMEX3_REANALYSIS, STORY_LISTING, ARTICLE_AUTHOR,
    QUERY_TABLES, ANALYSIS_VERSIONS, STORYLINE_MERGES, UPDATE_STATE)


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations already applied to ``conn``, in order."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    return [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply every migration not yet recorded; return the names applied now.

    Each migration and its record are committed together, so a failure leaves
    the store at the previous migration. ``conn`` must be in autocommit mode
    (``isolation_level=None``), which :class:`newsweave.store.Store` uses.
    """
    done = set(applied(conn))
    names = [m.name for m in migrations]
    if len(set(names)) != len(names) or names != sorted(names):
        raise StoreError(f"Migrations must have unique, ordered names; got {names}.")
    unknown = done - set(names)
    if unknown:
        raise StoreError(
            f"This store was written by a newer newsweave (unknown migrations {sorted(unknown)}): "
            "upgrade newsweave to open it."
        )
    ran: list[str] = []
    for migration in migrations:
        if migration.name in done:
            continue
        # executescript() commits any pending transaction first, so the script is
        # wrapped in an explicit BEGIN/COMMIT of its own.
        script = (
            "BEGIN;\n"
            + migration.sql
            + "\nINSERT INTO schema_migrations(name, applied_at)"
            + f" VALUES ('{migration.name}', datetime('now'));\nCOMMIT;"
        )
        try:
            conn.executescript(script)
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"Migration {migration.name} failed: {exc}") from exc
        ran.append(migration.name)
    return ran
