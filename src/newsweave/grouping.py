"""Story identity and display: a stable id from the seed article, a readable title.

Which articles form a story is decided by :mod:`newsweave.clustering`; this
module only names the result. (The first TF-IDF window grouping that lived
here was replaced by the online story engine and removed.)
"""

from __future__ import annotations

import hashlib
import re

from newsweave.ingest.datelines import is_dateline
from newsweave.model import Article


def story_id(seed_article_id: str) -> str:
    """Stable story id derived from the id of the article that started it."""
    return "s-" + hashlib.sha1(seed_article_id.encode("utf-8")).hexdigest()[:12]


def storyline_id(storyline_key: str) -> str:
    """Stable storyline id derived from its key (the key of the story that started it)."""
    return "l-" + hashlib.sha1(storyline_key.encode("utf-8")).hexdigest()[:12]


_SENTENCE_END = re.compile(r"[.?!][\"”’]?(?=\s)")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]?$|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Gov|"
                           r"Sen|Rep|Lt|Col|Sgt|Prof|No|Sept|Oct|Nov|Dec|Jan|Feb|Aug)$")


def story_title(article: Article, *, max_chars: int = 120) -> str:
    """A display title: the article's title, else its first sentence (abbreviations such
    as "U.S." do not end it), cut at a word boundary to ``max_chars``. A dateline
    ("Posted: May 24, 2005") is never a title: such a title or line is skipped."""
    if article.title and article.title.strip() and not is_dateline(article.title):
        return article.title.strip()
    lines = [line for line in article.text.strip().split("\n") if line.strip()]
    first = next((line for line in lines if not is_dateline(line)), lines[0] if lines else "")
    for match in _SENTENCE_END.finditer(first):
        if not _ABBREVIATION.search(first[: match.start()]):
            first = first[: match.end()]
            break
    if len(first) <= max_chars:
        return first
    return first[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
