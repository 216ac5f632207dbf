"""A learned article-to-story scorer: logistic regression over pair features, as JSON.

The hand-set scorer of :mod:`newsweave.story_scoring` mixes four similarities
with fixed weights. A :class:`StoryModel` instead maps the *pair features* of
an article and a candidate story to the probability that the article belongs
to that story::

    p = 1 / (1 + exp(-(bias + sum_i weight_i * (x_i - mean_i) / scale_i)))

and the article joins its most probable story when ``p`` (times the time decay)
is at least ``threshold`` (``min_match`` for an article of at most one sentence).
The weights are learned on ECB+ topics 1-35 by
:mod:`newsweave.evaluation.story_model_training` and shipped in
``newsweave/data/story_model.json`` (plain numbers, no pickle); the online,
order-independent design is unchanged (each article is scored against the
``top_k`` stories nearest by embedding, once).

Pair features (:data:`PAIR_FEATURES`), all computed from the article's
:class:`~newsweave.model.ArticleFeatures`, the story's
:class:`~newsweave.index_state.StoryState` and the document frequencies:

* ``embedding``, ``words``, ``specifics``, ``lead``: the four similarities;
* ``lead_names_missing`` / ``lead_numbers_missing``: the IDF-weighted share of
  the names / numbers of the article's lead that the story never mentions, and
  ``story_names_missing`` / ``story_numbers_missing`` the reverse (the story's
  lead names and numbers absent from the article) -- the participants and
  figures that tell two sibling events apart;
* ``year_conflict``: 1 when both mention years (1900-2039) and share none;
* ``inverse_size``: ``1 / size`` of the story, and ``lead_x_inverse_size``
  (joining a one-article story is where a wrong join costs most).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from newsweave.errors import ModelUnavailableError
from newsweave.index_state import DocFrequencies, StoryState
from newsweave.model import ArticleFeatures

__all__ = ["DEFAULT_MODEL", "PAIR_FEATURES", "SIMILARITIES", "StoryModel", "default_story_model",
           "load_story_model", "pair_features"]

SIMILARITIES = ("embedding", "words", "specifics", "lead")
PAIR_FEATURES = (
    *SIMILARITIES, "lead_names_missing", "story_names_missing", "lead_numbers_missing",
    "story_numbers_missing", "year_conflict", "inverse_size", "lead_x_inverse_size")
DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "story_model.json"

_YEAR = re.compile(r"N:(?:19\d\d|20[0-3]\d)$")


def _missing(terms: Mapping[str, float], prefix: str, present: Mapping[str, float],
             df: Mapping[str, int], n_docs: int) -> float:
    """IDF-weighted share of the ``prefix`` terms of ``terms`` not in ``present``."""
    total = gone = 0.0
    for term, weight in terms.items():
        if term.startswith(prefix):
            w = weight * (math.log((1 + n_docs) / (1 + df.get(term, 0))) + 1.0)
            total += w
            if term not in present:
                gone += w
    return gone / total if total else 0.0


def pair_features(features: ArticleFeatures, state: StoryState,
                  similarities: Mapping[str, float], df: DocFrequencies) -> dict[str, float]:
    """Every :data:`PAIR_FEATURES` value of an article and a candidate story
    (``similarities``: the four similarities, already computed)."""
    out = {name: float(similarities[name]) for name in SIMILARITIES}
    n = df.n_docs
    out["lead_names_missing"] = _missing(features.lead, "E:", state.specifics, df.lead, n)
    out["story_names_missing"] = _missing(state.lead, "E:", features.specifics, df.lead, n)
    out["lead_numbers_missing"] = _missing(features.lead, "N:", state.specifics, df.lead, n)
    out["story_numbers_missing"] = _missing(state.lead, "N:", features.specifics, df.lead, n)
    mine = {t for t in features.specifics if _YEAR.match(t)}
    theirs = {t for t in state.specifics if _YEAR.match(t)}
    out["year_conflict"] = float(bool(mine) and bool(theirs) and not mine & theirs)
    out["inverse_size"] = 1.0 / max(1, state.size)
    out["lead_x_inverse_size"] = out["lead"] * out["inverse_size"]
    return out


@dataclass(frozen=True, slots=True)
class StoryModel:
    """A logistic article-to-story model over named pair features (see the module).

    ``mean``/``scale`` standardise each feature; ``threshold``/``min_match`` are
    the probabilities to join a story (``min_match`` for articles of at most one
    sentence); ``note`` says how it was trained and scored.
    """

    name: str
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    min_match: float
    note: str = ""

    def __post_init__(self) -> None:
        unknown = sorted(set(self.features) - set(PAIR_FEATURES))
        sizes = {len(self.features), len(self.mean), len(self.scale), len(self.weights)}
        if unknown or len(sizes) != 1:
            raise ModelUnavailableError(
                f"Story model {self.name!r} is malformed (unknown features {unknown} or "
                "lists of different lengths): retrain it with "
                "`newsweave eval clustering DATA --train-model FILE`.")

    @property
    def needs_pair_features(self) -> bool:
        """Whether any feature beyond the four similarities is used."""
        return any(f not in SIMILARITIES for f in self.features)

    def probability(self, values: Mapping[str, float]) -> float:
        """P(the article belongs to the story) from its pair feature ``values``."""
        z = self.bias
        for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.weights,
                                   strict=True):
            z += w * (values[name] - mu) / sd
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def to_json(self) -> str:
        """The model as indented JSON text (what :func:`load_story_model` reads)."""
        return json.dumps(asdict(self), indent=1) + "\n"


def load_story_model(path: Path | str = DEFAULT_MODEL) -> StoryModel:
    """Read a :class:`StoryModel` from JSON; a missing or broken file raises
    :class:`ModelUnavailableError` naming it."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return StoryModel(
            name=str(data["name"]), features=tuple(data["features"]),
            mean=tuple(float(x) for x in data["mean"]),
            scale=tuple(float(x) for x in data["scale"]),
            weights=tuple(float(x) for x in data["weights"]), bias=float(data["bias"]),
            threshold=float(data["threshold"]), min_match=float(data["min_match"]),
            note=str(data.get("note", "")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailableError(
            f"Cannot read the story model {path} ({exc}): reinstall newsweave or retrain it "
            "with `newsweave eval clustering DATA --train-model FILE`.") from exc


@cache
def default_story_model() -> StoryModel:
    """The model shipped with the package (read once)."""
    return load_story_model(DEFAULT_MODEL)
