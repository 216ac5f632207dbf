"""Issue 14, session 9: a second stage that splits a storyline whose stories name
different participants (used by ``bench_clustering_cv.py --rows storylines-s9``; not part
of the package).

The storylines that lump two subjects of one kind (two shootings, two NFL players, three
murder cases on ECB+) join stories whose backgrounds match (a shooting, a trial) but whose
*participants* differ: the gunman, the victim, the team, the town. So, within each
storyline, every story gets its **own names**: name keys (``ArticleFeatures.entities``)
that at least two of its articles (or its only article) mention, keeping only names rare in
the collection (document frequency at most ``max_df`` of its articles: "police" or a
weekday is no participant). Two stories of the storyline are tied when they share at least
``min_shared`` own names; the storyline is cut into the connected components of those ties,
but only components holding at least ``min_part`` articles stand alone: smaller ones and
stories with no own names stay with the storyline's largest component (a short story that
names nobody is no evidence of a second subject). Order-independent (a function of the
stories); its three parameters are chosen by CV on the training folds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from newsweave.evaluation.cross_validation import pooled_f1
from newsweave.features import ArticleFeatures

Params = tuple[int, float, int] | None  # (min_shared, max_df, min_part); None = off
CANDIDATES: tuple[Params, ...] = (None, *((s, d, m) for s in (1, 2) for d in (0.02, 0.05, 0.2)
                                          for m in (1, 3, 6)))


def split_by_participants(feats: Mapping[str, ArticleFeatures], pred: Mapping[str, str],
                          lines: Mapping[str, str], params: Params) -> dict[str, str]:
    """``lines`` (article -> storyline) with each storyline cut by shared participants
    (module docstring); ``pred``: article -> story."""
    if params is None:
        return dict(lines)
    min_shared, max_df, min_part = params
    df = Counter(e for a in pred for e in feats[a].entities)
    limit = max_df * len(pred)
    members: dict[str, list[str]] = defaultdict(list)
    for a, s in pred.items():
        members[s].append(a)
    stories_of: dict[str, list[str]] = defaultdict(list)
    for s in sorted(members):
        stories_of[lines[members[s][0]]].append(s)
    out = dict(lines)
    for line, stories in stories_of.items():
        if len(stories) < 2:
            continue
        own = {}
        for s in stories:
            counts = Counter(e for a in members[s] for e in feats[a].entities)
            own[s] = {e for e, c in counts.items()
                      if c >= min(2, len(members[s])) and df[e] <= limit}
        comps = _components(stories, own, min_shared)
        size = {i: sum(len(members[s]) for s in c) for i, c in enumerate(comps)}
        main = max(size, key=lambda i: (size[i], -i))
        for i, comp in enumerate(comps):
            if i == main or size[i] < min_part or not any(own[s] for s in comp):
                continue
            for s in comp:
                out.update({a: f"{line}/{comp[0]}" for a in members[s]})
    return out


def _components(stories: Sequence[str], own: Mapping[str, set[str]],
                min_shared: int) -> list[list[str]]:
    parent = {s: s for s in stories}

    def find(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for i, a in enumerate(stories):
        for b in stories[i + 1:]:
            if len(own[a] & own[b]) >= min_shared:
                parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for s in stories:
        groups[find(s)].append(s)
    return list(groups.values())


def choose(feats: Mapping[str, ArticleFeatures], preds: Sequence[Mapping[str, str]],
           lines: Sequence[Mapping[str, str]], topics: Mapping[str, str]) -> Params:
    """The candidate with the best pooled B3-F1 over the given (training) folds."""
    scores = [pooled_f1({j: split_by_participants(feats, p, ln, c) for j, (p, ln)
                         in enumerate(zip(preds, lines, strict=True))}, topics)
              for c in CANDIDATES]
    return CANDIDATES[max(range(len(CANDIDATES)), key=lambda c: (scores[c], -c))]
