"""SUMMARY stage: attributed extractive multi-document summaries of one story.

:func:`summarize` picks sentences of the story's articles and returns them as
:class:`~newsweave.model.SummarySentence` records whose ``sources`` list *every*
article that states the sentence, with the evidence span in each. How:

1. **Candidates**: sentences of the non-duplicate articles that are not
   boilerplate (:func:`newsweave.claims.is_boilerplate`), have
   :data:`MIN_WORDS`..:data:`MAX_WORDS` words, start with a capital, digit or
   quote (not a fragment) and are not questions.
2. **Attribution**: a sentence is stated by its own article, by every article
   with a near-verbatim copy (``verbatim_threshold`` on
   :func:`newsweave.align.similarity_matrix`) and, with ``facts``, by every
   article of a consensus :class:`~newsweave.model.FactGroup` with a claim
   inside it whose sentence is close in meaning (``fact_min_cosine``); without
   ``facts``, by every article with a sentence scoring ``attribution_threshold``.
3. **Content choice**: greedy budgeted coverage of *concepts* (stemmed word
   bigrams) weighted by the number of independent sources holding them, each
   sentence's gain scaled by its position, its cross-source support, its share
   of quoted words and a dangling-pronoun opening
   (:mod:`newsweave.summarize.select`). A sentence that a chosen one states,
   or nearly repeats (embedding cosine ``max_overlap``), is never taken, nor
   one that would overflow the :class:`SummaryBudget`.
4. **Order**: by the date of the earliest article stating the sentence, then by
   relative position in its article, so the summary reads in story order.

``since`` makes an *update summary*: only sentences of articles dated on or
after ``since`` are candidates, and a candidate that an earlier-dated article
already states (attribution rule above) is dropped, and concepts of earlier
articles weigh nothing. Undated articles are neither new nor old: they are
left out of an update summary.

:func:`differences_section` renders "where sources differ" from a
:class:`newsweave.facts.FactComparison` and the story's quotes: its conflicts,
updates and misquotes only (nothing for a one-source story).
"""

from newsweave.summarize.differences import differences_section
from newsweave.summarize.extract import MAX_WORDS, MIN_WORDS, summarize
from newsweave.summarize.focus import Focus, make_focus
from newsweave.summarize.params import MAX_BUDGET_WORDS, SummaryBudget, SummaryParams
from newsweave.summarize.select import count_words, quoted_share

__all__ = [
    "MAX_BUDGET_WORDS",
    "MAX_WORDS",
    "MIN_WORDS",
    "Focus",
    "SummaryBudget",
    "SummaryParams",
    "count_words",
    "differences_section",
    "make_focus",
    "quoted_share",
    "summarize",
]
