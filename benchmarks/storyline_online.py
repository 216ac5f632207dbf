"""Storylines from learned links between stories, online and order-independent: an
approach measured for issue 14 (session 9, docs/clustering.md row (e): CV B3-F1 0.913
against the shipped storylines' 0.919), kept here with the benchmarks and not shipped in
the package, because it did not beat the default.

The shipped storylines (:mod:`newsweave.storylines`) place each new story once and merge
storylines greedily, so what they end with depends on the order stories arrive in. Here a
storyline is instead a *function of the current stories*:

* a small logistic model (weights in ``benchmarks/data/storyline_links.json``, trained on
  ECB+ topics 1-35 by ``benchmarks/train_storyline_links.py``) gives the probability that
  two stories belong to one subject, from 8 story-pair features (:data:`FEATURES`):
  cosine of the embedding centroids, TF-IDF cosines of summed words, of names and numbers
  and of name keys, the count of names both stories' own articles repeat, the smaller
  story's size, the time gap between them and whether both are dated;
* two stories are *linked* when their centroids' cosine is at least ``min_cosine`` (a
  pre-filter that depends on the two stories only) and the probability is at least
  ``link``;
* storylines are the average-linkage clusters, cut at ``link``, of each connected
  component of the link graph (average linkage at a cut never joins two groups without
  a link between them, so components can be clustered one by one).

When a story is created or changes (:meth:`StoryLinks.add`), only its own links are
re-scored (one matrix product over the stories' centroids and a few pair features) and
only the components it belonged to and belongs to now are re-clustered. With the same
stories and the same document frequencies the storylines are the same whatever order the
stories arrived or grew in (tests/test_storyline_online.py); as new articles shift the
document frequencies, links scored earlier keep the frequencies of their time, as story
scores do.

A storyline's key is the key of its oldest story (the first one :meth:`add` saw).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsweave.features import ArticleFeatures
from newsweave.story_scoring import Idf, tfidf_cosine

__all__ = ["DEFAULT_LINK_MODEL", "FEATURES", "LinkModel", "StoryLinks", "StorySummary",
           "load_link_model", "pair_features", "storylines_by_links"]

FEATURES = ("embedding", "words", "specifics", "names", "shared names", "min size",
            "gap", "dated")
DEFAULT_LINK_MODEL = Path(__file__).resolve().parent / "data" / "storyline_links.json"


class LinkModelError(ValueError):
    """The link model file is missing or malformed (retrain it with
    ``benchmarks/train_storyline_links.py``)."""


@dataclass(frozen=True, slots=True)
class LinkModel:
    """A logistic model over :data:`FEATURES` (``mean``/``scale`` standardise the inputs
    after ``log1p`` of the two counts) and the cut it was chosen with."""

    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    link: float = 0.5
    min_cosine: float = 0.2

    def probability(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Link probabilities of the rows of ``x`` (raw :func:`pair_features`)."""
        z = np.array(x, dtype=np.float64, copy=True)
        z[:, 4:6] = np.log1p(z[:, 4:6])
        z = (z - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(1.0 / (1.0 + np.exp(-(z @ np.asarray(self.coef) + self.intercept))),
                          dtype=np.float64)

    def to_json(self) -> dict[str, object]:
        return {"features": list(FEATURES), "coef": list(self.coef),
                "intercept": self.intercept, "mean": list(self.mean),
                "scale": list(self.scale), "link": self.link, "min_cosine": self.min_cosine}


def load_link_model(path: Path = DEFAULT_LINK_MODEL) -> LinkModel:
    """The shipped (or given) link model; :class:`LinkModelError` says what is wrong."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if tuple(raw["features"]) != FEATURES:
            raise LinkModelError(f"{path}: features {raw['features']} are not {FEATURES}; "
                                 "retrain with benchmarks/train_storyline_links.py")
        return LinkModel(tuple(map(float, raw["coef"])), float(raw["intercept"]),
                         tuple(map(float, raw["mean"])), tuple(map(float, raw["scale"])),
                         float(raw["link"]), float(raw["min_cosine"]))
    except (OSError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, LinkModelError):
            raise
        raise LinkModelError(f"cannot read the storyline link model {path}: {exc}; "
                             "retrain with benchmarks/train_storyline_links.py") from exc


@dataclass(slots=True)
class StorySummary:
    """The summed features of one story's articles (what a link is scored on)."""

    key: str
    order: int
    size: int = 0
    emb_sum: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    words: dict[str, float] = field(default_factory=dict)
    specifics: dict[str, float] = field(default_factory=dict)
    names: Counter[str] = field(default_factory=Counter)
    dates: Counter[dt.date] = field(default_factory=Counter)

    @property
    def first(self) -> dt.date | None:
        return min(self.dates) if self.dates else None

    @property
    def last(self) -> dt.date | None:
        return max(self.dates) if self.dates else None

    def add(self, f: ArticleFeatures, sign: int = 1) -> None:
        """Add (``sign=1``) or remove (``-1``) one article's features."""
        emb = f.embedding.astype(np.float64)
        self.emb_sum = emb * sign if self.size == 0 and sign > 0 else self.emb_sum + sign * emb
        self.size += sign
        for target, source in ((self.words, f.words), (self.specifics, f.specifics)):
            for term, weight in source.items():
                target[term] = target.get(term, 0.0) + sign * weight
                if target[term] <= 1e-9:
                    del target[term]
        self.names.update({e: sign for e in f.entities})
        self.names = +self.names
        if f.date is not None:
            self.dates[f.date] += sign
            self.dates = +self.dates

    def own_names(self) -> set[str]:
        """Names at least two of its articles (or its only one) mention."""
        return {e for e, c in self.names.items() if c >= min(2, self.size)}


class Frequencies:
    """Document frequencies of words, specifics and names over the articles seen."""

    def __init__(self) -> None:
        self.words: Counter[str] = Counter()
        self.specifics: Counter[str] = Counter()
        self.names: Counter[str] = Counter()
        self.n_docs = 0

    def add(self, f: ArticleFeatures) -> None:
        self.words.update(f.words.keys())
        self.specifics.update(f.specifics.keys())
        self.names.update(f.entities)
        self.n_docs += 1

    def idf(self) -> tuple[Idf, Idf, Idf]:
        return (Idf(self.words, self.n_docs), Idf(self.specifics, self.n_docs),
                Idf(self.names, self.n_docs))


def pair_features(a: StorySummary, b: StorySummary, cos: float, freq: Frequencies,
                  idf: tuple[Idf, Idf, Idf] | None = None) -> list[float]:
    """The :data:`FEATURES` of stories ``a`` and ``b`` (``cos``: their centroids' cosine)."""
    iw, isp, inm = idf or freq.idf()
    n = freq.n_docs
    out = [cos, tfidf_cosine(a.words, b.words, freq.words, n, iw),
           tfidf_cosine(a.specifics, b.specifics, freq.specifics, n, isp),
           tfidf_cosine(a.names, b.names, freq.names, n, inm),
           float(len(a.own_names() & b.own_names())), float(min(a.size, b.size))]
    af, al, bf, bl = a.first, a.last, b.first, b.last
    if af and al and bf and bl:
        gap = max(0, (bf - al).days, (af - bl).days)
        out += [min(1.0, gap / 365), 1.0]
    else:
        out += [0.0, 0.0]
    return out


class StoryLinks:
    """Storylines over stories by learned links (module docstring). Feed it every
    article with its story (:meth:`add`) or a whole story's change (:meth:`update`);
    ``of_story`` maps each story to its storyline key; ``probs`` holds the link
    probability of every pair of stories whose centroids pass ``min_cosine``, as scored
    when the later of the two last changed.

    ``frequencies`` may be given (and then is not updated by :meth:`add`): the storylines
    are then a function of the stories alone."""

    def __init__(self, model: LinkModel | None = None,
                 frequencies: Frequencies | None = None, keep_features: bool = False) -> None:
        self.model = model or load_link_model()
        # Each scored pair's features as last computed (``keep_features``): what a
        # model is trained on, and enough to re-score the stories under another model.
        self.pair_x: dict[tuple[str, str], list[float]] | None = {} if keep_features else None
        self._own_freq = frequencies is None
        self.freq = frequencies or Frequencies()
        self.stories: dict[str, StorySummary] = {}
        self.probs: dict[str, dict[str, float]] = {}
        self.of_story: dict[str, str] = {}
        self._keys: list[str] = []
        self._row: dict[str, int] = {}
        self._unit = np.zeros((0, 0))
        self._order = 0

    def add(self, f: ArticleFeatures, story: str) -> None:
        """``f`` joined (or seeded) ``story``: update its summary, links and storylines."""
        if self._own_freq:
            self.freq.add(f)
        self._summary(story).add(f)
        self._relink(story)

    def update(self, story: str, members: Iterable[ArticleFeatures] = (),
               removed: Iterable[ArticleFeatures] = ()) -> None:
        """Several articles joined (``members``) or left (``removed``) ``story`` at once
        (a story split: call it for both parts); a story left empty is dropped."""
        summary = self._summary(story)
        for f in members:
            summary.add(f)
        for f in removed:
            summary.add(f, -1)
        if summary.size <= 0:
            self._forget(story)
        else:
            self._relink(story)

    def storylines(self) -> dict[str, list[str]]:
        """Storyline key -> its stories (in the order they were first seen)."""
        out: dict[str, list[str]] = {}
        for story in sorted(self.stories, key=lambda s: self.stories[s].order):
            out.setdefault(self.of_story[story], []).append(story)
        return out

    def cut(self, link: float) -> dict[str, str]:
        """Story -> storyline key if the stored probabilities were cut at ``link``
        instead of the model's (what :meth:`add` would have given at that cut, since
        the probabilities do not depend on it: used to choose the cut)."""
        out: dict[str, str] = {}
        seen: set[str] = set()
        for start in sorted(self.stories, key=lambda s: self.stories[s].order):
            if start not in seen:
                for group in self._average_link(self._component(start, seen, link), link):
                    line = min(group, key=lambda s: self.stories[s].order)
                    out.update({s: line for s in group})
        return out

    def rescore(self, model: LinkModel) -> None:
        """Switch to ``model``: re-score every stored pair from its kept features (needs
        ``keep_features``) and re-cluster; the same storylines as a run with ``model``
        from the start (the pairs scored and their features do not depend on the model,
        as long as ``min_cosine`` is the same)."""
        if self.pair_x is None or model.min_cosine != self.model.min_cosine:
            raise ValueError("rescore needs keep_features=True and the same min_cosine")
        self.model = model
        pairs = [p for p in self.pair_x if p[0] in self.stories and p[1] in self.stories]
        probs = model.probability(np.array([self.pair_x[p] for p in pairs]).reshape(-1, 8))
        self.probs = {s: {} for s in self.stories}
        for (a, b), p in zip(pairs, probs, strict=True):
            self.probs[a][b] = self.probs[b][a] = float(p)
        self.of_story = self.cut(model.link)

    # -- internals ------------------------------------------------------------------------

    def _summary(self, story: str) -> StorySummary:
        if story not in self.stories:
            self.stories[story] = StorySummary(story, self._order)
            self._order += 1
        return self.stories[story]

    def _put_row(self, key: str) -> None:
        emb = self.stories[key].emb_sum
        norm = float(np.linalg.norm(emb))
        unit = emb / norm if norm else emb
        row = self._row.get(key)
        if self._unit.shape[1] != len(unit):
            self._unit = np.zeros((16, len(unit)))
        if row is None:
            row = self._row[key] = len(self._keys)
            self._keys.append(key)
            if row >= len(self._unit):
                self._unit = np.concatenate([self._unit, np.zeros_like(self._unit)])
        self._unit[row] = unit

    def _unlink(self, key: str) -> set[str]:
        """Drop ``key``'s stored probabilities; the stories it was linked to."""
        old = self.probs.pop(key, {})
        for other in old:
            self.probs[other].pop(key, None)
            if self.pair_x is not None:
                self.pair_x.pop((min(key, other), max(key, other)), None)
        return {o for o, p in old.items() if p >= self.model.link}

    def _forget(self, key: str) -> None:
        linked = self._unlink(key)
        row = self._row.pop(key, None)
        if row is not None:
            last = len(self._keys) - 1
            moved = self._keys[last]
            self._keys[row] = moved
            self._unit[row] = self._unit[last]
            if moved != key:
                self._row[moved] = row
            self._keys.pop()
            self._unit[last] = 0.0
        del self.stories[key]
        self.of_story.pop(key, None)
        self._recluster(linked)

    def _relink(self, key: str) -> None:
        self._put_row(key)
        touched = self._unlink(key) | {key}
        mine: dict[str, float] = {}
        self.probs[key] = mine
        n = len(self._keys)
        cos = self._unit[:n] @ self._unit[self._row[key]]
        near = [self._keys[i] for i in np.nonzero(cos >= self.model.min_cosine)[0]
                if self._keys[i] != key]
        if near:
            idf = self.freq.idf()
            me = self.stories[key]
            x = np.array([pair_features(me, self.stories[o], float(cos[self._row[o]]),
                                        self.freq, idf) for o in near])
            for other, p, row in zip(near, self.model.probability(x), x, strict=True):
                mine[other] = self.probs.setdefault(other, {})[key] = float(p)
                if self.pair_x is not None:
                    self.pair_x[min(key, other), max(key, other)] = list(row)
                if p >= self.model.link:
                    touched.add(other)
        self._recluster(touched)

    def _component(self, start: str, seen: set[str], link: float) -> list[str]:
        stack, comp = [start], []
        seen.add(start)
        while stack:
            node = stack.pop()
            comp.append(node)
            for other, p in self.probs.get(node, {}).items():
                if p >= link and other not in seen:
                    seen.add(other)
                    stack.append(other)
        return sorted(comp, key=lambda s: self.stories[s].order)

    def _recluster(self, touched: Iterable[str]) -> None:
        seen: set[str] = set()
        for start in sorted(touched):
            if start in seen or start not in self.stories:
                continue
            comp = self._component(start, seen, self.model.link)
            for group in self._average_link(comp, self.model.link):
                line = min(group, key=lambda s: self.stories[s].order)
                for story in group:
                    self.of_story[story] = line

    def _average_link(self, comp: Sequence[str], link: float) -> list[list[str]]:
        if len(comp) < 2:
            return [list(comp)]
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        index = {s: i for i, s in enumerate(comp)}
        dist = np.ones((len(comp), len(comp)))
        for s in comp:
            for o, p in self.probs.get(s, {}).items():
                if o in index:
                    dist[index[s], index[o]] = 1.0 - p
        np.fill_diagonal(dist, 0.0)
        labels = fcluster(linkage(squareform(dist, checks=False), "average"), 1.0 - link,
                          "distance")
        groups: dict[int, list[str]] = {}
        for story, label in zip(comp, labels, strict=True):
            groups.setdefault(int(label), []).append(story)
        return list(groups.values())


def storylines_by_links(feats: Sequence[ArticleFeatures], pred: Mapping[str, str],
                        model: LinkModel | None = None) -> dict[str, str]:
    """Article id -> storyline key, feeding ``feats`` (in order) with their stories
    ``pred`` (article id -> story key) to a fresh :class:`StoryLinks`."""
    links = StoryLinks(model)
    for f in feats:
        links.add(f, pred[f.article_id])
    return {f.article_id: links.of_story[pred[f.article_id]] for f in feats}
