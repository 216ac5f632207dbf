"""The bodies of the store's first migrations, 0001 to 0013 (listed and applied in
order by :mod:`newsweave.store.migrations`). Never edit a released migration: add a new
one to the last module of bodies (:mod:`newsweave.store.migrations_0014`).
"""

from __future__ import annotations

from dataclasses import dataclass


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

