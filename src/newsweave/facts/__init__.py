"""Fact comparison within one story: consensus, single-source and conflicting claims.

:func:`compare_facts` splits each article of a story into claims
(:func:`newsweave.claims.split_claims`), aligns the claims across articles
(:mod:`newsweave.facts.similarity`: MiniLM embeddings + IDF-weighted lexical
overlap + shared names) by greedy best-first merging into groups holding at most
one claim per article, and sorts every group into exactly one class:

* **consensus** - a :class:`~newsweave.model.FactGroup` whose claims come from at
  least two *independent sources*;
* **conflicts** - the same, but two sources disagree on a number, a date, a
  speaker's name or quoted words (:mod:`newsweave.facts.conflicts`);
* **single_source** - a group with one source only: its earliest claim.

Independent sources: a source is an outlet (``Article.source``); an article with
no outlet counts as its own source; copies of one wire story (exact or near
duplicates) count as their canonical article's source, so a syndicated copy
never turns a single-source claim into consensus.
"""

from newsweave.facts.compare import (
    FactComparison,
    FactParams,
    compare_facts,
    find_copies,
    source_keys,
)

__all__ = ["FactComparison", "FactParams", "compare_facts", "find_copies", "source_keys"]
