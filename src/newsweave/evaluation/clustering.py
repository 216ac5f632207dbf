"""Evaluate story clustering against gold story labels (B-cubed, ARI, NMI).

Gold comes from one of two places:

- the ECB+ corpus folder (``../shared/data/ecbplus``): one JSON Lines file per
  topic range, each line ``{"id", "topic", "story", "title", "text", ...}``;
  ``story`` is the gold label (topic + corpus half: one real-world event);
- the demo corpus (``demo/`` or ``demo/corpus``): the articles are read with
  newsweave's own ingest and labelled from ``demo/gold.json``
  (``articles{id: {"story", ...}}``).

B-cubed (Bagga & Baldwin 1998) is computed per item and averaged over all
items: an item's precision is the share of its predicted cluster that shares
its gold label, its recall the share of its gold cluster found in its
predicted cluster. ARI and NMI come from scikit-learn.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsweave.errors import EvaluationDataError
from newsweave.ingest import content_hash, read_inputs
from newsweave.model import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from newsweave.clustering import ClusterParams
    from newsweave.embed import Embedder


@dataclass(frozen=True, slots=True)
class GoldCorpus:
    """Articles with their gold story label (``gold``: article id -> label)."""

    name: str
    articles: tuple[Article, ...]
    gold: dict[str, str]


@dataclass(frozen=True, slots=True)
class Scores:
    """Clustering scores of one system on one corpus."""

    system: str
    precision: float
    recall: float
    f1: float
    ari: float
    nmi: float
    n_clusters: int
    seconds: float


@dataclass(frozen=True, slots=True)
class ClusteringEval:
    """Result of :func:`evaluate_clustering`: the corpus and one row per system."""

    corpus: str
    n_articles: int
    n_gold: int
    rows: tuple[Scores, ...]

    def table(self) -> str:
        """A plain-text table: B3 P/R/F1, ARI, NMI, cluster count and seconds per system."""
        head = (f"{self.corpus}: {self.n_articles} articles, {self.n_gold} gold stories\n"
                f"{'system':<28} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'ARI':>6} {'NMI':>6}"
                f" {'clusters':>8} {'seconds':>8}")
        lines = [head]
        for r in self.rows:
            lines.append(
                f"{r.system:<28} {r.precision:6.3f} {r.recall:6.3f} {r.f1:6.3f} {r.ari:6.3f}"
                f" {r.nmi:6.3f} {r.n_clusters:8d} {r.seconds:8.2f}"
            )
        return "\n".join(lines)


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed ``(precision, recall, f1)`` of ``pred`` against ``gold`` (item -> label).

    Both mappings must cover the same items; labels are compared within each
    mapping only (their names need not match). Empty input scores ``(0, 0, 0)``.
    """
    if set(pred) != set(gold):
        missing = sorted(set(gold) ^ set(pred))[:5]
        raise EvaluationDataError(
            f"Prediction and gold cover different items (e.g. {missing}); cluster every "
            "gold item exactly once."
        )
    if not gold:
        return 0.0, 0.0, 0.0
    pairs = Counter((pred[i], gold[i]) for i in gold)
    pred_size = Counter(pred.values())
    gold_size = Counter(gold.values())
    # Every item in the (pred, gold) cell has the same per-item scores.
    p = sum(n * n / pred_size[c] for (c, _), n in pairs.items()) / len(gold)
    r = sum(n * n / gold_size[g] for (_, g), n in pairs.items()) / len(gold)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def score(system: str, pred: Mapping[str, str], gold: Mapping[str, str],
          seconds: float) -> Scores:
    """All scores of one prediction (B-cubed, ARI, NMI)."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    p, r, f1 = bcubed(pred, gold)
    ids = sorted(gold)
    y_true = [gold[i] for i in ids]
    y_pred = [pred[i] for i in ids]
    return Scores(
        system=system, precision=p, recall=r, f1=f1,
        ari=float(adjusted_rand_score(y_true, y_pred)),
        nmi=float(normalized_mutual_info_score(y_true, y_pred)),
        n_clusters=len(set(y_pred)), seconds=seconds,
    )


# -- loaders ---------------------------------------------------------------------------


def load_ecbplus(folder: Path) -> GoldCorpus:
    """Every ``*.jsonl`` file of the ECB+ folder as a :class:`GoldCorpus` (undated)."""
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else [folder]
    if not files or not all(f.is_file() for f in files):
        raise EvaluationDataError(f"No ECB+ JSON Lines file in {folder}.")
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for path in files:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    aid, label, text = str(row["id"]), str(row["story"]), str(row["text"])
                except (ValueError, KeyError, TypeError) as exc:
                    raise EvaluationDataError(
                        f"{path}:{n}: not an ECB+ record with id, story and text ({exc})."
                    ) from exc
                title = row.get("title") or None
                articles.append(Article(
                    id=aid, text=text, content_hash=content_hash(text), origin=f"{path}:{n}",
                    title=title, url=row.get("url") or None,
                ))
                gold[aid] = label
    return GoldCorpus("ecbplus", tuple(articles), gold)


def load_demo(folder: Path) -> GoldCorpus:
    """The demo corpus (``demo/`` or ``demo/corpus``) labelled from ``demo/gold.json``."""
    root = folder.parent if folder.name == "corpus" else folder
    gold_path, corpus = root / "gold.json", root / "corpus"
    if not gold_path.is_file() or not corpus.is_dir():
        raise EvaluationDataError(f"{root} holds no corpus/ folder and gold.json.")
    try:
        labels = {aid: str(a["story"])
                  for aid, a in json.loads(gold_path.read_text("utf-8"))["articles"].items()}
    except (ValueError, KeyError, TypeError) as exc:
        raise EvaluationDataError(f"{gold_path}: no articles{{id: {{story}}}} ({exc}).") from exc
    result = read_inputs([str(corpus)])
    articles = tuple(a for a in result.articles if a.id in labels)
    if len(articles) != len(labels):
        missing = sorted(set(labels) - {a.id for a in articles})[:5]
        raise EvaluationDataError(f"Gold articles not found in {corpus}: {missing}.")
    return GoldCorpus("demo", articles, labels)


def load_gold_corpus(data: Path) -> GoldCorpus:
    """ECB+ if ``data`` holds ECB+ JSON Lines, else the demo corpus with its gold.json."""
    ecb_file = data.is_file() and data.suffix == ".jsonl"
    ecb_dir = data.is_dir() and any(data.glob("*.jsonl")) and not (data / "gold.json").exists()
    if ecb_file or ecb_dir:
        return load_ecbplus(data)
    return load_demo(data)


# -- the evaluation --------------------------------------------------------------------


def evaluate_clustering(
    data: Path,
    params: ClusterParams | None = None,
    *,
    embedder: Embedder | None = None,
    nlp: Language | None = None,
    datelines: bool = False,
) -> ClusteringEval:
    """Cluster the gold corpus at ``data`` with newsweave and score it.

    ``embedder`` and ``nlp`` (a spaCy pipeline, used to split sentences) are
    loaded when not given; features are computed as the pipeline computes them.
    The timed part covers sentence splitting, features and clustering.
    ``datelines``: date undated articles from their own datelines first (as
    ingest does); ECB+ carries no publication dates.
    """
    from newsweave.clustering import ClusterParams, article_features, cluster
    from newsweave.sentences import split_many

    corpus = _loaded(data, datelines)
    if embedder is None:
        from newsweave.embed import load_embedder

        embedder = load_embedder()
    if nlp is None:
        from newsweave.nlp import load_spacy

        nlp = load_spacy(ner=True, parser=False)
    params = params or ClusterParams()
    start = time.perf_counter()
    sentences = split_many(corpus.articles, nlp)
    by_id = {a.id: s for a, s in zip(corpus.articles, sentences, strict=True)}
    # Names by the capitalised-words heuristic, as the pipeline does (``nlp`` only splits).
    features = article_features(corpus.articles, by_id, embedder, None)
    pred = cluster(features, params)
    seconds = time.perf_counter() - start
    row = score("newsweave", pred, corpus.gold, seconds)
    return ClusteringEval(corpus.name, len(corpus.articles), len(set(corpus.gold.values())),
                          (row,))


def _loaded(data: Path, datelines: bool) -> GoldCorpus:
    corpus = load_gold_corpus(data)
    if datelines:
        import datetime as dt

        from newsweave.evaluation.clustering_cv import with_datelines

        corpus = GoldCorpus(corpus.name + " (dates from datelines)",
                            with_datelines(corpus.articles, dt.date.today()), corpus.gold)
    return corpus


def explain_gold(data: Path, params: ClusterParams | None = None, *,
                 embedder: Embedder, nlp: Language, datelines: bool = False) -> object:
    """:func:`newsweave.evaluation.explain.explain_clustering` on the gold corpus at ``data``."""
    from newsweave.evaluation.clustering_cv import corpus_features
    from newsweave.evaluation.explain import explain_clustering

    corpus = _loaded(data, datelines)
    return explain_clustering(corpus_features(corpus, embedder, nlp), corpus.gold, params)
