"""Fact comparison within one story: consensus, updates, conflicts, single-source claims.

:func:`compare_facts` splits each article of a story into claims
(:func:`newsweave.claims.split_claims`) and sorts every claim into exactly one class:

* **conflicts** - two sources giving different values for the same attribute of
  the same referent at the same time (:mod:`newsweave.facts.values` over the
  structured values of :mod:`newsweave.facts.measures`), or quoting one
  statement with another polarity or figure (:mod:`newsweave.facts.conflicts`);
* **updates** - a value that changed between reports ("rose to", a correction,
  a running total that grows with publication time);
* **consensus** - a :class:`~newsweave.model.FactGroup` of claims of at least
  two *independent sources* that entail each other both ways
  (:mod:`newsweave.facts.entail`);
* **single_source** - every other claim ("only in <outlet>").

Every conflict, update and consensus group carries its evidence spans and a
``confidence``; those below ``FactParams.min_confidence`` are not reported.

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
