"""First story grouping: TF-IDF cosine over title + lead, within a date window.

Method (documented in docs/grouping.md): articles are taken in publication
order; each is compared with every story whose last article is at most
``window_days`` away; it joins the story whose TF-IDF centroid is most similar
if the cosine reaches ``threshold``, else it starts a new story. Undated
articles are compared with every story. This is the baseline that the online
story engine replaces; it is deterministic and needs no model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.model import Article, Story

METHOD = "tfidf-window"


@dataclass(frozen=True, slots=True)
class GroupingParams:
    """``threshold``: minimum cosine to join; ``window_days``: how far apart in
    time two articles of one story may be; ``lead_words``: words of body text used."""

    threshold: float = 0.2
    window_days: int = 10
    lead_words: int = 120


def story_id(seed_article_id: str) -> str:
    """Stable story id derived from the id of the article that started it."""
    return "s-" + hashlib.sha1(seed_article_id.encode("utf-8")).hexdigest()[:12]


_SENTENCE_END = re.compile(r"[.?!][\"”’]?(?=\s)")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]?$|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|"
                           r"Sen|Rep|Lt|Col|Sgt|Prof|No|Sept|Oct|Nov|Dec|Jan|Feb|Aug)$")


def story_title(article: Article, *, max_chars: int = 120) -> str:
    """A display title: the article's title, else its first sentence (abbreviations such
    as "U.S." do not end it), cut at a word boundary to ``max_chars``."""
    if article.title and article.title.strip():
        return article.title.strip()
    first = article.text.strip().split("\n", 1)[0]
    for match in _SENTENCE_END.finditer(first):
        if not _ABBREVIATION.search(first[: match.start()]):
            first = first[: match.end()]
            break
    if len(first) <= max_chars:
        return first
    return first[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def lead_text(article: Article, lead_words: int) -> str:
    """Title (twice, as it is the densest signal) plus the first ``lead_words`` words."""
    title = article.title or ""
    return f"{title} {title} " + " ".join(article.text.split()[:lead_words])


def group_articles(
    articles: Sequence[Article], params: GroupingParams = GroupingParams()
) -> tuple[Story, ...]:
    """Group ``articles`` into stories; see the module docstring for the method."""
    if not articles:
        return ()
    from sklearn.feature_extraction.text import TfidfVectorizer

    ordered = sorted(articles, key=lambda a: (a.date is None, a.date or 0, a.id))
    matrix = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, min_df=1
    ).fit_transform([lead_text(a, params.lead_words) for a in ordered])
    vectors = np.asarray(matrix.todense(), dtype=np.float64)

    members: list[list[int]] = []
    sums: list[np.ndarray] = []
    for i, article in enumerate(ordered):
        best, best_score = -1, params.threshold
        for s, idxs in enumerate(members):
            dated = [d for j in idxs if (d := ordered[j].date) is not None]
            last = max(dated) if dated else None
            if article.date and last and abs((article.date - last).days) > params.window_days:
                continue
            centroid = sums[s] / (np.linalg.norm(sums[s]) or 1.0)
            score = float(vectors[i] @ centroid)
            if score >= best_score:
                best, best_score = s, score
        if best < 0:
            members.append([i])
            sums.append(vectors[i].copy())
        else:
            members[best].append(i)
            sums[best] += vectors[i]

    stories = []
    for idxs in members:
        group = [ordered[j] for j in idxs]
        dates = [a.date for a in group if a.date]
        stories.append(Story(
            id=story_id(group[0].id),
            title=story_title(group[0]),
            article_ids=tuple(a.id for a in group),
            first_date=min(dates) if dates else None,
            last_date=max(dates) if dates else None,
            method=METHOD,
        ))
    return tuple(stories)
