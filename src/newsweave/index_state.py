"""What the two online indexes keep: their parameters and the records of their state.

The duplicate index (:mod:`newsweave.dedup`) and the story index
(:mod:`newsweave.clustering`) are each written once, over a small storage
``Protocol`` declared next to the algorithm (:class:`newsweave.dedup.DedupState`,
:class:`newsweave.story_states.StoryIndexState`). A backend (in memory in those
modules; SQLite in :mod:`newsweave.store`) implements the protocol with the
records defined here, and never imports an algorithm module: this module is the
whole contract between them (``docs/architecture.md``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from newsweave.model import ArticleFeatures, DuplicateMatch

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "NO_DATE",
    "Candidate",
    "ClusterParams",
    "DedupConfig",
    "DedupEntry",
    "DocFrequencies",
    "IndexedText",
    "StoryState",
    "StorylineState",
    "lsh_banding",
]

DEFAULT_THRESHOLD = 0.5
NO_DATE = -1
"""The day ordinal stored for an undated story."""


# -- duplicates --------------------------------------------------------------------------


def lsh_banding(threshold: float, num_perm: int, recall: float = 0.95) -> tuple[int, int]:
    """``(bands, rows)``: the most selective LSH banding that still finds ``threshold`` pairs.

    The largest ``rows`` (fewest false candidates) for which a pair with Jaccard
    exactly ``threshold`` shares at least one band with probability at least
    ``recall``, i.e. ``1 - (1 - t**rows)**bands >= recall`` with
    ``bands = num_perm // rows``. For t = 0.5 and 128 permutations: 42 bands of
    3 rows (0.996).
    """
    for rows in range(num_perm // 2, 0, -1):
        if 1.0 - (1.0 - threshold**rows) ** (num_perm // rows) >= recall:
            return num_perm // rows, rows
    return num_perm, 1


@dataclass(frozen=True, slots=True)
class DedupConfig:
    """Parameters of duplicate detection; a stored index remembers them.

    ``threshold`` is the minimum exact Jaccard of the 5-gram shingle sets for a
    near duplicate. ``bands`` x ``rows`` (derived, see :func:`lsh_banding`) is
    the LSH banding: the most selective one that still makes a pair at exactly
    the threshold a candidate with probability >= 0.95. For 0.5 that is 42
    bands of 3 rows (0.996).
    """

    threshold: float = DEFAULT_THRESHOLD
    num_perm: int = 128
    shingle_size: int = 5
    seed: int = 1
    bands: int = field(init=False)
    rows: int = field(init=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}.")
        if self.num_perm < 2 or self.shingle_size < 1:
            raise ValueError("num_perm must be >= 2 and shingle_size >= 1.")
        bands, rows = lsh_banding(self.threshold, self.num_perm)
        object.__setattr__(self, "bands", bands)
        object.__setattr__(self, "rows", rows)

    def params(self) -> dict[str, str]:
        """Everything that must match for two indexes to agree (stored with an index)."""
        return {
            "scheme": "newsweave-dedup-1/datasketch-affine32",
            "threshold": repr(self.threshold),
            "num_perm": str(self.num_perm),
            "shingle_size": str(self.shingle_size),
            "seed": str(self.seed),
            "bands": str(self.bands),
            "rows": str(self.rows),
        }


@dataclass(frozen=True, slots=True, eq=False)
class IndexedText:
    """The fingerprint parts a duplicate index keeps of a banded article.

    ``shingles``: sorted unique 32-bit shingle hashes; ``signature``: the
    MinHash signature; ``band_keys``: one LSH key per band.
    """

    shingles: NDArray[np.uint32]
    signature: NDArray[np.uint32]
    band_keys: NDArray[np.int64]


#: Flipped into the band keys of a copy (a banded article that is not its own canonical):
#: a new article is checked against the canonical articles first (issue 19: the 5,000th
#: copy of a wire story reads one canonical, not 4,999 earlier copies), and a copy's bands
#: are looked up only when no canonical verifies. A key that collides with a flipped one
#: only adds a candidate, which exact Jaccard verification then rejects.
MEMBER_KEY_BIT = np.int64(1 << 62)


def member_keys(band_keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """The keys a copy is banded under (:data:`MEMBER_KEY_BIT`)."""
    return np.bitwise_xor(band_keys, MEMBER_KEY_BIT)


@dataclass(frozen=True, slots=True, eq=False)
class DedupEntry:
    """One article as a duplicate index records it.

    ``exact_key`` is ``""`` for an article without any word (indexed, never
    matched). ``canonical`` is the article's group head (itself when it is not
    a copy); ``match`` what it duplicates. ``text`` is set only for a banded
    article (a new text: neither wordless nor an exact copy); exact copies are
    answered from the exact key and never banded.
    """

    article_id: str
    exact_key: str
    canonical: str
    match: DuplicateMatch | None
    text: IndexedText | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Candidate:
    """An indexed article that shares an LSH band with the new one.

    ``seq`` is its insertion rank (earlier indexed = smaller), used to break ties.
    """

    article_id: str
    canonical: str
    seq: int
    shingles: NDArray[np.uint32]


# -- stories ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """Story clustering parameters (defaults chosen on ECB+, checked on the demo corpus).

    ``threshold``: minimum decayed score to join a story. ``w_*``: weights of
    the four similarities. ``grace_days``/``half_life_days``: time decay;
    ``cold_days``: a story this far from an article is not compared.
    ``top_k``: stories scored in full after the embedding pre-selection.
    ``min_match``: score at which a one-sentence or empty article joins a story
    instead of seeding one. ``max_terms``: terms kept per story vector.
    ``scorer``: ``"linear"`` (the weights above) or ``"learned"`` (the logistic
    model shipped in ``newsweave/data/story_model.json``, with its own
    thresholds; :mod:`newsweave.story_model`).
    ``split_bar``/``split_min_part``/``split_linkage``: the online story split
    (:mod:`newsweave.story_split`): a grown story whose members form two groups of at
    least ``split_min_part`` articles (``split_linkage`` clustering of their pairwise
    scores) with a mean score across them below ``split_bar`` is split in two;
    ``split_bar=0`` never splits. The split's defaults are the choice cross-validation
    made in 4 of 5 folds of ECB+ topics (docs/clustering.md, issue 14 session 7).
    """

    threshold: float = 0.225
    w_embedding: float = 0.1
    w_words: float = 0.2
    w_specifics: float = 0.3
    grace_days: float = 10.0
    half_life_days: float = 14.0
    cold_days: int = 30
    top_k: int = 8
    min_match: float = 0.1
    max_terms: int = 200
    w_lead: float = 0.4
    scorer: str = "linear"
    split_bar: float = 0.22
    split_min_part: int = 5
    split_linkage: str = "average"


@dataclass(slots=True)
class StoryState:
    """A story as clustering sees it: sums of its articles' features."""

    key: str
    size: int
    emb_sum: NDArray[np.float64]
    words: dict[str, float]
    specifics: dict[str, float]
    first_date: dt.date | None
    last_date: dt.date | None
    lead: dict[str, float] = field(default_factory=dict)

    @property
    def last_ordinal(self) -> int:
        """``last_date`` as a day ordinal, :data:`NO_DATE` when undated."""
        return self.last_date.toordinal() if self.last_date is not None else NO_DATE


@dataclass(slots=True)
class DocFrequencies:
    """Document frequencies of words and specifics over the articles seen so far."""

    n_docs: int = 0
    words: Counter[str] = field(default_factory=Counter)
    specifics: Counter[str] = field(default_factory=Counter)
    lead: Counter[str] = field(default_factory=Counter)

    def add(self, features: ArticleFeatures) -> None:
        self.n_docs += 1
        self.words.update(features.words.keys())
        self.specifics.update(features.specifics.keys())
        self.lead.update(features.lead.keys())

    def copy(self) -> DocFrequencies:
        return DocFrequencies(self.n_docs, Counter(self.words), Counter(self.specifics),
                              Counter(self.lead))


@dataclass(slots=True)
class StorylineState:
    """A storyline as placement sees it: sums of its articles' features.

    ``created`` orders storylines by age (the index's article count when the
    storyline started; 0 for storylines stored before merges existed, which
    then rank by key): when two storylines merge, the older one's key survives.
    """

    key: str
    size: int
    emb_sum: NDArray[np.float64]
    words: dict[str, float] = field(default_factory=dict)
    specifics: dict[str, float] = field(default_factory=dict)
    created: int = 0

    @property
    def age_key(self) -> tuple[int, str]:
        """Sort key: older storylines (smaller ``created``, then key) first."""
        return self.created, self.key
