"""Synthetic persisted story indexes for the add-one benchmark of ``bench_clustering.py``.

``synthetic`` makes articles in stories of a few each, ``fill_store`` writes them to a
store's story index in bulk (as if added one by one), and ``scale`` measures adding probe
articles to indexes of growing size (milliseconds per add, with and without storylines).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsweave.clustering import ClusterParams, StoryIndex
from newsweave.embed import DIMENSION
from newsweave.features import ArticleFeatures
from newsweave.store import Store

__all__ = ["ScaleRow", "fill_store", "scale", "synthetic"]


def synthetic(n: int, rng: random.Random, start: dt.date, days: int,
              story_size: int = 10) -> list[tuple[str, ArticleFeatures]]:
    """``n`` synthetic articles in stories of ``story_size``: (story key, features)."""
    vocab = [f"w{i}" for i in range(20000)]
    gauss = np.random.default_rng(rng.randrange(2**32))  # vectors in bulk (fast at 100k)
    out = []
    for s in range(0, n, story_size):
        center = gauss.normal(0, 1, DIMENSION).astype(np.float32)
        words = rng.sample(vocab, 40)
        names = rng.sample(vocab, 6)
        day = start + dt.timedelta(days=rng.randrange(days))
        key = f"syn-{s}"
        for j in range(min(story_size, n - s)):
            noise = gauss.normal(0, 0.5, DIMENSION).astype(np.float32)
            vec = center + noise
            vec /= np.linalg.norm(vec)
            out.append((key, ArticleFeatures(
                article_id=f"syn-{s + j}", date=day + dt.timedelta(days=j % 3), embedding=vec,
                entities=frozenset(names[:3]),
                words={w: 1 / 6 for w in rng.sample(words, 36)},
                specifics={f"E:{w}": 0.5 for w in rng.sample(names, 4)}, n_sentences=12,
                lead={w: 0.3 for w in rng.sample(words, 8) + rng.sample(names, 2)})))
    return out


def fill_store(store: Store, items: list[tuple[str, ArticleFeatures]]) -> None:
    """Write a synthetic index directly (bulk), as if the articles had been added one by one."""
    params = ClusterParams()
    stories: dict[str, list[ArticleFeatures]] = {}
    for key, f in items:
        stories.setdefault(key, []).append(f)
    from newsweave.clustering import absorb, new_state

    df_w: dict[str, int] = {}
    df_s: dict[str, int] = {}
    df_l: dict[str, int] = {}
    with store.transaction() as conn:
        for key, feats in stories.items():
            state = new_state(feats[0])
            state.key = key
            for f in feats[1:]:
                absorb(state, f, params)
            conn.execute(
                "INSERT INTO story_index(story_key, size, first_date, last_date, last_ord,"
                " emb_sum, words, specifics, lead) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, state.size, state.first_date.isoformat() if state.first_date else None,
                 state.last_date.isoformat() if state.last_date else None,
                 state.last_date.toordinal() if state.last_date else -1,
                 state.emb_sum.tobytes(), json.dumps(state.words), json.dumps(state.specifics),
                 json.dumps(state.lead)))
            conn.executemany("INSERT INTO story_index_members VALUES (?, ?, 0)",
                             [(f.article_id, key) for f in feats])
            for f in feats:
                for w in f.words:
                    df_w[w] = df_w.get(w, 0) + 1
                for w in f.specifics:
                    df_s[w] = df_s.get(w, 0) + 1
                for w in f.lead:
                    df_l[w] = df_l.get(w, 0) + 1
        # Storylines of 4 stories each (a subject's events), as merges and placement
        # would leave them: one storyline_index row each and the story -> storyline map.
        keys = list(stories)
        for i in range(0, len(keys), 4):
            group = keys[i: i + 4]
            members = [f for k in group for f in stories[k]]
            emb = np.sum([f.embedding.astype(np.float64) for f in members], axis=0)
            words: dict[str, float] = {}
            spec: dict[str, float] = {}
            for f in members:
                for t, v in f.words.items():
                    words[t] = words.get(t, 0.0) + v
                for t, v in f.specifics.items():
                    spec[t] = spec.get(t, 0.0) + v
            conn.execute(
                "INSERT INTO storyline_index(storyline_key, size, emb_sum, words, specifics,"
                " created) VALUES (?, ?, ?, ?, ?, ?)",
                (group[0], len(members), emb.tobytes(), json.dumps(words), json.dumps(spec), i))
            conn.executemany("INSERT INTO story_storylines VALUES (?, ?)",
                             [(k, group[0]) for k in group])
        conn.executemany("INSERT INTO story_index_df VALUES ('w', ?, ?)", df_w.items())
        conn.executemany("INSERT INTO story_index_df VALUES ('s', ?, ?)", df_s.items())
        conn.executemany("INSERT INTO story_index_df VALUES ('l', ?, ?)", df_l.items())
        conn.execute("INSERT INTO story_index_meta VALUES ('n_docs', ?)", (str(len(items)),))


def scale(sizes: Sequence[int], db_dir: Path) -> list[ScaleRow]:
    """Per size: warm stories, median and max wall ms per add, one-time load ms, median
    wall ms per add of the same probes to a copy of the store without storylines
    (interleaved with the first, as the same-run baseline), and the CPU ms
    (``time.process_time``) of the clustering step per add, median and 90th percentile,
    with and without storylines. On a loaded machine only the CPU figures and the
    ratios between sizes of one run mean anything."""
    import shutil

    rows = []
    for n in sizes:
        rng = random.Random(n)
        start = dt.date(2024, 1, 1)
        items = synthetic(n, rng, start, days=365)
        path = db_dir / f"nw-bench-stories-{n}.db"
        twin = db_dir / f"nw-bench-stories-{n}-twin.db"
        third = db_dir / f"nw-bench-stories-{n}-nosplit.db"
        path.unlink(missing_ok=True)
        with Store.open(path) as store:
            fill_store(store, items)
        shutil.copyfile(path, twin)
        shutil.copyfile(path, third)
        # The story split re-reads a story's members; a store reads their stored
        # features (pipeline.cluster_stories), here the synthetic ones are at hand.
        known = {f.article_id: f for _, f in items}

        def stored(ids: Sequence[str], known: dict[str, ArticleFeatures] = known,
                   ) -> list[ArticleFeatures]:
            return [known[i] for i in ids if i in known]

        with Store.open(path) as store, Store.open(twin) as other, \
                Store.open(third) as plain:
            index = StoryIndex(store.story_index(), features=stored)
            t0 = time.perf_counter()
            index.story_count()
            index.load()  # one-time loads: document frequencies, story and storyline matrices
            load_ms = (time.perf_counter() - t0) * 1000
            bare = StoryIndex(other.story_index(), storylines=False, features=stored)
            bare.load()
            # The peer of the story split: the same store and probes with the split off.
            nosplit = StoryIndex(plain.story_index(dataclasses.replace(ClusterParams(),
                                                                        split_bar=0.0)))
            nosplit.load()
            probes = synthetic(500, random.Random(-n), start + dt.timedelta(days=180), days=30,
                               story_size=5)
            times, base, cpu, cpu_base, cpu_plain = [], [], [], [], []
            for i, (_, f) in enumerate(probes[:100]):
                f = dataclasses.replace(f, article_id=f"probe-{i}")
                t, c = time.perf_counter(), time.process_time()
                index.add(f)
                cpu.append((time.process_time() - c) * 1000)
                times.append((time.perf_counter() - t) * 1000)
                t, c = time.perf_counter(), time.process_time()
                bare.add(f)
                cpu_base.append((time.process_time() - c) * 1000)
                base.append((time.perf_counter() - t) * 1000)
                c = time.process_time()
                nosplit.add(f)
                cpu_plain.append((time.process_time() - c) * 1000)
            splits = len(index.splits)
            warm = store.conn.execute(
                "SELECT count(*) FROM story_index WHERE last_ord BETWEEN ? AND ?",
                ((start + dt.timedelta(days=180)).toordinal() - 30,
                 (start + dt.timedelta(days=210)).toordinal() + 30)).fetchone()[0]
        path.unlink(missing_ok=True)
        twin.unlink(missing_ok=True)
        third.unlink(missing_ok=True)
        rows.append(ScaleRow(n, int(warm), statistics.median(times), max(times), load_ms,
                             statistics.median(base), statistics.median(cpu),
                             _quantile(cpu, 0.9), statistics.median(cpu_base),
                             statistics.median(cpu_plain), _quantile(cpu_plain, 0.9), splits))
    return rows


def _quantile(values: Sequence[float], q: float) -> float:
    return float(np.quantile(np.asarray(values), q))


@dataclasses.dataclass(frozen=True)
class ScaleRow:
    """One store size of the add-one benchmark (milliseconds per add)."""

    articles: int
    warm: int  # stories within the time window of the probes
    median: float  # wall time, with storylines
    worst: float
    load: float  # one-time load of the index (wall)
    bare: float  # wall time, same probes, twin store without storylines
    cpu: float  # CPU time (time.process_time) of one add, with storylines: the target
    cpu_p90: float
    cpu_bare: float
    cpu_nosplit: float  # CPU, same probes, third copy with the story split off
    cpu_nosplit_p90: float
    splits: int  # story splits the first index made during the probes
