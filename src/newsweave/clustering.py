"""STORY CLUSTERING stage: online, time-aware grouping of articles into stories.

Articles are taken in publication order (date, then id; undated last). Each
joins the best existing story or starts a new one (its *seed*: the story key
is the seed article's id). A story is compared through

* the cosine of the article embedding with the story's embedding centroid,
* the TF-IDF cosine of content words with the story's summed word vector,
* the TF-IDF cosine of *specifics* (names and numbers) likewise,
* the TF-IDF cosine of the *lead* terms (title + first sentence) likewise,

mixed as ``w_embedding * e + w_words * w + w_specifics * s + w_lead * l`` and multiplied by
a time decay ``0.5 ** (max(0, gap - grace_days) / half_life_days)``, where
``gap`` is the distance in days from the story's latest article. A story more
than ``cold_days`` away is *cold* and not compared at all. IDF comes from the
articles seen so far (document frequencies grow as articles arrive), so the
same sequence of articles always gives the same stories: batch clustering is
exactly one-by-one adding (:func:`cluster` is a loop over
:meth:`StoryClusterer.add`).

To stay fast on large stores only the ``top_k`` stories nearest by embedding
are scored in full. Undated articles are compared with every story without
decay and listed in :attr:`StoryClusterer.undated`. An article of at most one
sentence joins its best story whenever that story scores at least
``min_match`` rather than seeding a story of its own.

With ``ClusterParams.split_bar > 0`` a story is re-checked as it grows and split
when its members form two well-separated groups (:mod:`newsweave.story_split`):
the largest part keeps the key, the other gets its earliest member's id, and both
stay in the story's storyline. :meth:`StoryIndex.add` returns an article's key at
that moment (a later split can move it: :meth:`StoryIndex.assignments` and the
return value of :meth:`StoryIndex.add_many` are current).

Parameters were chosen on ECB+ (see docs/clustering.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from newsweave.features import article_features
from newsweave.index_state import ClusterParams, DocFrequencies, StoryState
from newsweave.model import ArticleFeatures, by_publication
from newsweave.story_model import StoryModel, default_story_model
from newsweave.story_scoring import Decision, StoryMatrix, choose_story, tfidf_cosine
from newsweave.story_split import StorySplit, pairwise_scores, split_due, split_groups
from newsweave.story_states import MemoryStoryState, StoryIndexState, absorb, new_state
from newsweave.storylines import StorylineParams, Storylines

__all__ = [
    "ArticleFeatures",
    "ClusterParams",
    "Decision",
    "DocFrequencies",
    "FeatureLoader",
    "MemoryStoryState",
    "StoryClusterer",
    "StoryIndex",
    "StoryIndexState",
    "StoryMatrix",
    "StorySplit",
    "StoryState",
    "absorb",
    "article_features",
    "choose_story",
    "cluster",
    "cluster_with_storylines",
    "new_state",
    "publication_order",
    "storylines_over",
    "tfidf_cosine",
]


FeatureLoader = Callable[[Sequence[str]], Sequence[ArticleFeatures]]
"""Stored clustering features of articles (those it has), for the story split."""


def publication_order(features: Iterable[ArticleFeatures]) -> list[ArticleFeatures]:
    """Dated articles by (date, id), then undated ones by id."""
    return sorted(features, key=lambda f: by_publication(f.date, f.article_id))


class StoryIndex:
    """Online story clustering over a :class:`StoryIndexState` (memory or SQLite).

    :meth:`add` one article (or :meth:`add_many`, in publication order); each
    joins the best story or seeds a new one. Document frequencies and the story
    embedding matrix are read from the state once and then kept up to date;
    they are dropped (and re-read) when an :meth:`add` fails. One index object
    should be the only writer of its state while it lives (another writer's
    stories stay unseen until a new index object is made), and a caller that
    rolls back its own enclosing transaction must make a new index object.
    ``storylines=False`` skips the storyline level (stories are the same: storylines
    never change them), for callers that only want stories.

    With ``params.split_bar > 0`` a story that grows is re-checked and may be split
    (:mod:`newsweave.story_split`; each split is appended to :attr:`splits`). The
    check needs every member's features: those added through this object are kept,
    the others come from ``features`` (a store's stored features); a story with a
    member neither knows is not checked.
    """

    def __init__(self, state: StoryIndexState | None = None,
                 storyline_params: StorylineParams | None = None,
                 model: StoryModel | None = None, *, storylines: bool = True,
                 features: FeatureLoader | None = None) -> None:
        self.state: StoryIndexState = state if state is not None else MemoryStoryState()
        self.params = self.state.params
        # The learned scorer: ``model`` if given, else the shipped one when the
        # parameters ask for it (``scorer="learned"``), else the hand-set score.
        if model is None and self.params.scorer == "learned":
            model = default_story_model()
        self.model = model
        self.storyline_params = storyline_params or StorylineParams()
        self.with_storylines = storylines
        self._df: DocFrequencies | None = None
        self._matrix: StoryMatrix | None = None
        self._lines: Storylines | None = None
        self.decisions: list[Decision] | None = None  # set to a list to record them
        # Set to a list to record every scored (story key, pair features) (training).
        self.seen: list[tuple[str, dict[str, float]]] | None = None
        # Storyline merges made by this object, in order: (absorbed key, surviving key).
        self.storyline_merges: list[tuple[str, str]] = []
        # Story splits made by this object, in order.
        self.splits: list[StorySplit] = []
        self._load_features = features
        self._features: dict[str, ArticleFeatures] = {}

    def storyline_of(self, story_keys: Sequence[str]) -> dict[str, str]:
        """Story key -> storyline key for the given (placed) stories."""
        return self.state.storyline_of(story_keys)

    def storyline_aliases(self) -> dict[str, str]:
        """Key of every storyline merged into another -> the key it now has."""
        return self.state.storyline_aliases()

    def assignments(self) -> dict[str, str]:
        """Every indexed article id -> its story key."""
        return self.state.assignments()

    def members(self, story_key: str) -> list[str]:
        """Article ids of one story, in the order they joined."""
        return self.state.members(story_key)

    def undated(self) -> list[str]:
        """Articles clustered without a date (hence without time decay)."""
        return self.state.undated()

    def story_count(self) -> int:
        return self.state.story_count()

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        try:
            with self.state.atomic():
                yield
        except BaseException:
            # The in-memory frequencies and matrix may include rolled-back articles.
            self._df = None
            self._matrix = None
            self._lines = None
            raise

    def add_many(self, features: Iterable[ArticleFeatures]) -> dict[str, str]:
        """Add articles in publication order, atomically; article id -> story key."""
        with self._atomic():
            done = len(self.splits)
            out = {f.article_id: self._add(f) for f in publication_order(features)}
        for split in self.splits[done:]:  # a later split may have moved earlier articles
            for article in split.moved:
                if article in out:
                    out[article] = split.new_story
        return out

    def add(self, features: ArticleFeatures) -> str:
        """Add one article (atomically) and return its story key."""
        with self._atomic():
            return self._add(features)

    def load(self) -> tuple[DocFrequencies, StoryMatrix]:
        """The document frequencies and the story matrix, read from the state on first use
        (the storyline matrix too)."""
        if self.with_storylines:
            self._storylines()
        if self._df is None:
            self._df = self.state.frequencies()
        if self._matrix is None:
            self._matrix = StoryMatrix()
            self._matrix.put_rows(self.state.matrix_rows())
        return self._df, self._matrix

    def _add(self, features: ArticleFeatures) -> str:
        known = self.state.story_of(features.article_id)
        if known is not None:
            return known
        df, matrix = self.load()
        df.add(features)
        key, _ = matrix.choose(features, self.state.states, df, self.params, self.decisions,
                               self.model, self.seen)
        if key is None:
            state = new_state(features)
        else:
            state = self.state.states([key])[key]
            absorb(state, features, self.params)
        self.state.save(features, state, df.n_docs)
        matrix.put(state.key, state.emb_sum, state.last_ordinal)
        self._place_storyline(features, state.key, df)
        if self.params.split_bar > 0.0:
            self._features[features.article_id] = features
            if key is not None and split_due(state.size, self.params):
                return self._check_split(state.key, features.article_id, df, matrix)
        return state.key

    def _member_features(self, ids: Sequence[str]) -> list[ArticleFeatures] | None:
        missing = [i for i in ids if i not in self._features]
        if missing and self._load_features is not None:
            self._features.update((f.article_id, f) for f in self._load_features(missing))
        if any(i not in self._features for i in ids):
            return None
        return [self._features[i] for i in ids]

    def _check_split(self, key: str, article: str, df: DocFrequencies,
                     matrix: StoryMatrix) -> str:
        """Split story ``key`` (just joined by ``article``) when its members form groups
        (:func:`~newsweave.story_split.split_groups`); ``article``'s story key after it."""
        ids = self.state.members(key)
        feats = self._member_features(ids)
        if feats is None:
            return key
        groups = split_groups(pairwise_scores(feats, df, self.params), self.params)
        if len(groups) == 1:
            return key
        # The largest part keeps the key (ties: the part holding the earliest member).
        groups.sort(key=lambda g: (-len(g[0]), g[0][0]))
        kept = self._rebuild(key, [feats[i] for i in groups[0][0]])
        parts: list[tuple[StoryState, list[str], float]] = []
        for idx, cross in groups[1:]:
            taken = {p[0].key for p in parts}
            new_key = next((ids[i] for i in idx if ids[i] not in matrix.row
                            and ids[i] not in taken), f"{ids[idx[0]]}/{len(matrix)}")
            parts.append((self._rebuild(new_key, [feats[i] for i in idx]),
                          [ids[i] for i in idx], cross))
        self.state.split(kept, [(p[0], p[1]) for p in parts])
        kept_ids = tuple(ids[i] for i in groups[0][0])
        out = key
        for state in (kept, *(p[0] for p in parts)):
            matrix.put(state.key, state.emb_sum, state.last_ordinal)
        for state, moved, cross in parts:
            self.splits.append(StorySplit(key, state.key, kept_ids, tuple(moved), cross,
                                          self.params.split_bar, article))
            self._storyline_of_split(key, state.key, [feats[ids.index(a)] for a in moved], df)
            out = state.key if article in moved else out
        return out

    def _rebuild(self, key: str, members: Sequence[ArticleFeatures]) -> StoryState:
        """The state of a story holding ``members`` (join order) under ``key``."""
        state = new_state(members[0])
        state.key = key
        for f in members[1:]:
            absorb(state, f, self.params)
        return state

    def _storyline_of_split(self, story: str, new_story: str,
                            members: Sequence[ArticleFeatures], df: DocFrequencies) -> None:
        """A part split off ``story`` leaves its storyline and is re-placed by the
        storyline merge rule (:meth:`Storylines.split_off`): back into the same storyline
        when the sibling events of one subject still score together, else elsewhere."""
        if not self.with_storylines:
            return
        lines = self._storylines()
        line = lines.of_story[story]
        new_line = lines.split_off(line, new_story, members, df)
        self.state.save_storyline(lines.states[line], None)
        self.state.save_storyline(lines.states[new_line], new_story)
        if new_line != line:
            self._save_merges(lines, lines.merge_check(new_line, df))

    def _save_merges(self, lines: Storylines, line: str, new_story: str | None = None) -> None:
        """Write the storyline merges ``lines`` made, then ``line``'s state (and that
        ``new_story`` is in it)."""
        for absorbed, survivor in lines.merges:
            self.state.merge_storyline(absorbed, survivor.key)
            self.storyline_merges.append((absorbed, survivor.key))
        lines.merges.clear()
        self.state.save_storyline(lines.states[line], new_story)

    def _storylines(self) -> Storylines:
        if self._lines is None:
            lines = Storylines(self.storyline_params, load=self.state.storyline_states)
            for key, emb_sum in self.state.storyline_rows():
                lines.put_row(key, emb_sum)
            self._lines = lines
        return self._lines

    def _place_storyline(self, features: ArticleFeatures, story_key: str,
                         df: DocFrequencies) -> None:
        if not self.with_storylines:
            return
        lines = self._storylines()
        if story_key not in lines.of_story:
            lines.remember(self.state.storyline_of([story_key]))
        is_new = story_key not in lines.of_story
        line = lines.observe(features, story_key, df)
        self._save_merges(lines, line, story_key if is_new else None)


class StoryClusterer:
    """In-memory online story clustering; feed articles with :meth:`add` in publication order.

    ``assignments`` maps every added article id to its story key (the seed's
    id); ``undated`` lists articles clustered without time decay.
    """

    def __init__(self, params: ClusterParams | None = None,
                 storyline_params: StorylineParams | None = None) -> None:
        self.index = StoryIndex(MemoryStoryState(params), storyline_params)
        self.params = self.index.params

    @property
    def assignments(self) -> dict[str, str]:
        return self.index.assignments()

    @property
    def undated(self) -> list[str]:
        return self.index.undated()

    @property
    def decisions(self) -> list[Decision] | None:
        """The recorded decisions (``None`` unless recording: assign a list)."""
        return self.index.decisions

    @decisions.setter
    def decisions(self, value: list[Decision] | None) -> None:
        self.index.decisions = value

    def add(self, features: ArticleFeatures) -> str:
        """Assign one article to a story and return the story key."""
        return self.index.add(features)


def cluster(features: Sequence[ArticleFeatures], params: ClusterParams | None = None,
            model: StoryModel | None = None) -> dict[str, str]:
    """Cluster a batch: article id -> story key (seed article id).

    Exactly :meth:`StoryIndex.add` over the articles in publication order
    (``model``: a learned scorer to use instead of the one ``params`` name),
    without the storyline level, which never changes stories.
    """
    return StoryIndex(MemoryStoryState(params), model=model,
                      storylines=False).add_many(features)


def cluster_with_storylines(
    features: Sequence[ArticleFeatures], params: ClusterParams | None = None,
    storyline_params: StorylineParams | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Cluster a batch into stories and storylines: (article id -> story key,
    article id -> storyline key)."""
    index = StoryIndex(MemoryStoryState(params), storyline_params)
    stories = index.add_many(features)
    lines = index.storyline_of(sorted(set(stories.values())))
    return stories, {a: lines[k] for a, k in stories.items()}


def storylines_over(features: Sequence[ArticleFeatures], stories: Mapping[str, str],
                    storyline_params: StorylineParams | None = None) -> dict[str, str]:
    """Article id -> storyline key for a batch already clustered into ``stories``
    (article id -> story key, as :func:`cluster` returns them).

    Storylines never change stories, so when no story was split this equals the
    storyline half of :func:`cluster_with_storylines` (the same articles in the same
    order with the same document frequencies) without clustering again:
    cross-validation runs many storyline settings over one clustering. (A split part
    is seen here as a story from its first member on, not re-placed when it splits
    off.)
    """
    df = DocFrequencies()
    lines = Storylines(storyline_params)
    for f in publication_order(features):
        df.add(f)
        lines.observe(f, stories[f.article_id], df)
    return {a: lines.of_story[k] for a, k in stories.items()}
