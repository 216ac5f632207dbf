"""``newsweave eval clustering --explain``: which gold stories were merged or split, and why.

The corpus is clustered once with every decision recorded
(:class:`newsweave.clustering.Decision`). Then

* a **merge** is a predicted story holding articles of several gold stories:
  each article that joined it while belonging to another gold story than the
  story's majority is listed with the score that let it in (its parts: the
  embedding, words, specifics and lead similarities and the time decay) against
  the threshold;
* a **split** is a gold story spread over several predicted stories: each of its
  articles that started a story of its own (or joined a foreign one) while its
  gold story already had a predicted home is listed with the best score it got;
* a **story split** is one the index made (:class:`newsweave.clustering.StorySplit`,
  when the parameters enable it): the story, the article whose join triggered it, the
  gold stories of the part kept and of the part moved, and the mean score across the
  parts against the bar.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsweave.clustering import (
    ClusterParams,
    Decision,
    StoryClusterer,
    StorySplit,
    publication_order,
)
from newsweave.features import ArticleFeatures


@dataclass(frozen=True, slots=True)
class Explanation:
    """Merged and split gold stories with the decisions that made them."""

    merges: tuple[tuple[str, dict[str, int], tuple[Decision, ...]], ...]
    splits: tuple[tuple[str, list[int], tuple[Decision, ...]], ...]
    gold: dict[str, str]
    story_splits: tuple[StorySplit, ...] = ()

    def table(self) -> str:
        """Readable listing: one block per merged story and per split gold story."""
        def parts(d: Decision) -> str:
            if not d.parts:
                return "no story to compare with"
            p = d.parts
            return (f"score {d.score:.3f} vs {d.limit:.3f} (emb {p['embedding']:.2f},"
                    f" words {p['words']:.2f}, specifics {p['specifics']:.2f},"
                    f" lead {p['lead']:.2f}, decay {p['decay']:.2f})")

        lines = [f"{len(self.merges)} predicted stories mix gold stories;"
                 f" {len(self.splits)} gold stories are split."]
        for story, counts, decisions in self.merges:
            mix = ", ".join(f"{g} x{n}" for g, n in sorted(counts.items(), key=lambda x: -x[1]))
            lines.append(f"\nMERGED story {story}: {mix}")
            for d in decisions:
                lines.append(f"  {d.article_id} ({self.gold[d.article_id]}) joined: {parts(d)}")
        for label, sizes, decisions in self.splits:
            lines.append(f"\nSPLIT gold {label}: pieces of {', '.join(map(str, sizes))}")
            for d in decisions:
                what = "started a story" if d.joined is None else f"joined {d.joined}"
                lines.append(f"  {d.article_id} {what}: {parts(d)}")
        for sp in self.story_splits:
            def golds(ids: tuple[str, ...]) -> str:
                counts = Counter(self.gold.get(i, "?") for i in ids)
                return ", ".join(f"{g} x{n}" for g, n in counts.most_common())

            lines.append(f"\nSTORY SPLIT by the index: {sp.story} after {sp.after}; mean score"
                         f" across {sp.cross:.3f} < bar {sp.bar:.3f}")
            lines.append(f"  kept {len(sp.kept)} ({golds(sp.kept)})")
            lines.append(f"  moved {len(sp.moved)} to {sp.new_story} ({golds(sp.moved)})")
        return "\n".join(lines)


def explain_clustering(features: Sequence[ArticleFeatures], gold: Mapping[str, str],
                       params: ClusterParams | None = None) -> Explanation:
    """Cluster ``features`` recording decisions and explain the errors against ``gold``."""
    clusterer = StoryClusterer(params)
    clusterer.decisions = []
    for f in publication_order(features):
        clusterer.add(f)
    pred = clusterer.assignments
    by_article = {d.article_id: d for d in clusterer.decisions}
    members: dict[str, list[str]] = defaultdict(list)
    for f in publication_order(features):
        members[pred[f.article_id]].append(f.article_id)

    merges = []
    for story, ids in sorted(members.items()):
        counts = Counter(gold[i] for i in ids)
        if len(counts) < 2:
            continue
        major = counts.most_common(1)[0][0]
        wrong = tuple(by_article[i] for i in ids if gold[i] != major and i != story)
        merges.append((story, dict(counts), wrong))

    home: dict[str, str] = {}  # gold label -> the predicted story most of it is in
    for label in set(gold.values()):
        pieces = Counter(pred[i] for i, g in gold.items() if g == label)
        home[label] = pieces.most_common(1)[0][0]
    splits = []
    for label in sorted(set(gold.values())):
        pieces = Counter(pred[i] for i, g in gold.items() if g == label)
        if len(pieces) < 2:
            continue
        strays = tuple(by_article[i] for i in ids_in_order(features, gold, label)
                       if pred[i] != home[label])
        splits.append((label, sorted(pieces.values(), reverse=True), strays))
    return Explanation(tuple(merges), tuple(splits), dict(gold),
                       tuple(clusterer.index.splits))


def ids_in_order(features: Sequence[ArticleFeatures], gold: Mapping[str, str],
                 label: str) -> list[str]:
    """Article ids of one gold story in publication order."""
    return [f.article_id for f in publication_order(features) if gold[f.article_id] == label]
