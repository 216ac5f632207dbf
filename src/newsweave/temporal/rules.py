"""Every recognition rule, in priority order (earlier wins a tie between two
candidates with the same span)."""

from __future__ import annotations

from newsweave.temporal import (
    rules_clock,
    rules_dates,
    rules_periods,
    rules_relative,
    rules_spans,
)
from newsweave.temporal.recognise import Rule

RULES: tuple[Rule, ...] = (
    rules_dates.RULES + rules_relative.RULES + rules_periods.RULES + rules_spans.RULES
    + rules_clock.RULES
)
