"""Quotations and their speakers: per article (:func:`extract_quotes`) and per story
(:func:`story_quotes`, the same statement across articles grouped as variants)."""

from newsweave.quotes.extract import article_quotes, extract_quotes
from newsweave.quotes.variants import differences, story_quotes, wording_similarity

__all__ = [
    "article_quotes",
    "differences",
    "extract_quotes",
    "story_quotes",
    "wording_similarity",
]
