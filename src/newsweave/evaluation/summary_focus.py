"""Query-focused summaries measured without focus gold: a story mixed with a confusable one.

ECB+ holds two events per topic (``1ecb`` and ``1ecbplus``: two celebrities
entering rehab; two earthquakes; two product launches). For each story that has
reference summaries, :func:`mixed_focus_gold` builds a *mixed* story (its
articles plus every article of the other story of its topic), a *focus* (the
headline of the target story's first article, in publication order: its
outlet's words, not ours) and keeps the target's references. A summary that
follows the focus should stay on the target event, so its ROUGE against the
target's references should rise above the unfocused summary of the same mix;
the plain summary of the target's own articles is the ceiling.

The split is the target's (``unseen`` = topics divisible by 3), so the choice of
the focus weight is made on dev only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from newsweave.errors import EvaluationDataError
from newsweave.evaluation.summaries import SummaryGold, SummaryTask
from newsweave.model import Article, by_publication

__all__ = ["FocusGold", "mixed_focus_gold"]


@dataclass(frozen=True, slots=True)
class FocusGold:
    """The mixed stories (``gold``, keyed like the targets) and each one's focus question."""

    gold: SummaryGold
    focus: Mapping[str, str]


def mixed_focus_gold(
    gold: SummaryGold, articles: Mapping[str, Article], story_of: Mapping[str, str]
) -> FocusGold:
    """Each task of ``gold`` mixed with the other story of its topic (module docstring).

    ``articles`` are the corpus articles by id and ``story_of`` their gold story
    labels (``<topic><ecb|ecbplus>``, as ECB+ names them). Raises
    :class:`EvaluationDataError` when a target article is not in ``articles``
    or a story has no confusable partner.
    """
    members: dict[str, list[str]] = {}
    for aid, story in story_of.items():
        members.setdefault(story, []).append(aid)
    tasks: list[SummaryTask] = []
    focus: dict[str, str] = {}
    for task in gold.tasks:
        missing = [a for a in task.article_ids if a not in articles]
        if missing:
            raise EvaluationDataError(f"Story {task.key!r}: articles {missing[:3]} are not in "
                                      f"{gold.corpus}.")
        label = story_of.get(task.article_ids[0], task.key)
        topic = label.rstrip("abcdefghijklmnopqrstuvwxyz")
        partners = sorted(s for s in members if s != label
                          and s.rstrip("abcdefghijklmnopqrstuvwxyz") == topic)
        if not partners:
            raise EvaluationDataError(f"Story {task.key!r}: no other story of topic {topic} "
                                      "to mix it with.")
        mixed = tuple(sorted({*task.article_ids, *(a for p in partners for a in members[p])}))
        first = min((articles[a] for a in task.article_ids),
                    key=lambda a: by_publication(a.date, a.id))
        question = first.title or first.text.split("\n", 1)[0]
        tasks.append(SummaryTask(task.key, mixed, task.references, task.split))
        focus[task.key] = " ".join(question.split())
    return FocusGold(SummaryGold(gold.corpus, tuple(tasks)), focus)
