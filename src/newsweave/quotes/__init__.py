"""Quotations and their speakers: per article (:func:`extract_quotes`) and per story
(:func:`story_quotes`, the same statement across articles grouped as variants)."""

from newsweave.quotes.extract import extract_quotes, extract_quotes_text
from newsweave.quotes.variants import differences, story_quotes, wording_similarity

__all__ = [
    "differences",
    "extract_quotes",
    "extract_quotes_text",
    "story_quotes",
    "wording_similarity",
]
