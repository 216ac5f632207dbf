"""The bodies of the store's migrations from 0014 on (listed and applied in order by
:mod:`newsweave.store.migrations`). A new migration is added here, with the next free
number, and named in :data:`newsweave.store.migrations.MIGRATIONS`.
"""

from __future__ import annotations

from newsweave.store.migrations_0001 import Migration

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


# The story and article pages read one story's neighbours (issue 19): the other stories of
# its storyline, and the copies of an article. Without these the page scanned every story
# or duplicate row of the store per request.
PAGE_INDEXES = Migration("0018_page_indexes", """
    CREATE INDEX stories_storyline ON stories(storyline);
    CREATE INDEX duplicates_original ON duplicates(duplicate_of);
""")
