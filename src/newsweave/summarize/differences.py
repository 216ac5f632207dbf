"""The "where sources differ" section of a story summary: conflicts, updates, misquotes.

Only disagreements are listed; what one source alone reports is not a
difference (it is reported as "only in <outlet>" with the facts), and a story
with one source has no such section.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.facts import FactComparison
from newsweave.model import Evidence, StoryQuote, SummarySentence

__all__ = ["differences_section"]

_QUOTE_CHARS = " “”\"‘’'"


def differences_section(
    facts: FactComparison,
    quotes: Sequence[StoryQuote] = (),
    *,
    n_sources: int = 2,
) -> tuple[SummarySentence, ...]:
    """"Where sources differ": every conflict, update and misquote, each with its evidence.

    * A conflict becomes ``Sources differ on the <topic> (<a> vs <b>): “claim” / “claim”``.
    * An update becomes ``The <topic> changed from <old> to <new>: “claim” / “claim”``
      (``was corrected`` for a correction), oldest first.
    * A misquote (a quote variant whose wording changes a negation, polarity or
      figure, :mod:`newsweave.quotes.variants`) becomes ``<speaker> is quoted
      differently: “quote” / “variant”`` unless a quoted-words conflict already
      covers the same two spans.

    Items are in the order of ``facts`` (highest confidence first) and quotes.
    With fewer than two independent sources (``n_sources``) the section is empty.
    """
    if n_sources < 2:
        return ()
    out: list[SummarySentence] = []
    covered: list[tuple[tuple[str, int, int], ...]] = []
    for conflict in facts.conflicts:
        quoted = (c.text.strip(_QUOTE_CHARS) for c in conflict.claims)
        what = f"{conflict.topic} ({conflict.detail})" if conflict.detail else conflict.topic
        text = f"Sources differ on the {what}: " + " / ".join(f"“{q}”" for q in quoted)
        out.append(SummarySentence(
            text=text,
            sources=tuple(dict.fromkeys(c.article_id for c in conflict.claims)),
            evidence=tuple(Evidence(c.article_id, c.start, c.end) for c in conflict.claims),
        ))
        if conflict.topic == "quoted words":
            covered.append(tuple((c.article_id, c.start, c.end) for c in conflict.claims))
    for update in facts.updates:
        verb = "was corrected" if update.correction else "changed"
        old, new = (c.text.strip(_QUOTE_CHARS) for c in (update.old, update.new))
        text = (f"The {update.topic} {verb} from {update.old_value} to {update.new_value}: "
                f"“{old}” / “{new}”")
        out.append(SummarySentence(
            text=text,
            sources=tuple(dict.fromkeys((update.old.article_id, update.new.article_id))),
            evidence=(Evidence(update.old.article_id, update.old.start, update.old.end),
                      Evidence(update.new.article_id, update.new.start, update.new.end)),
        ))
    for statement in quotes:
        first = statement.quote
        for variant in statement.variants:
            if not variant.misquote or variant.span is None:
                continue
            if any(_inside(first.article_id, first.start, claims) and
                   _inside(variant.article_id, variant.span[0], claims) for claims in covered):
                continue
            who = statement.speaker or "The same speaker"
            out.append(SummarySentence(
                text=f"{who} is quoted differently: “{first.text}” / “{variant.text}”",
                sources=tuple(dict.fromkeys((first.article_id, variant.article_id))),
                evidence=(Evidence(first.article_id, first.start, first.end),
                          Evidence(variant.article_id, *variant.span)),
            ))
    return tuple(out)


def _inside(article: str, start: int, claims: tuple[tuple[str, int, int], ...]) -> bool:
    """Whether a quote of ``article`` starting at ``start`` lies in one of ``claims``."""
    return any(a == article and s <= start < e for a, s, e in claims)
