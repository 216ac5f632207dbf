"""Parse publication dates from records, headers and HTML metadata, strictly.

Accepted forms, tried in this order:

1. ISO dates ``2023-06-19``.
2. ISO datetimes ``2023-06-19T23:30:00-05:00`` / ``...Z`` / ``2023-06-19 10:00``: the
   date is taken **as written**, in the timestamp's own offset (``23:30-05:00`` on
   the 19th stays the 19th, as the outlet printed it), never converted to UTC.
3. Numeric ``19/06/2023`` or ``06.19.2023`` when unambiguous (one part > 12 or both
   equal); ``06/07/2023`` is refused as ambiguous instead of guessing.
4. RFC 2822 ``Mon, 19 Jun 2023 10:00:00 GMT`` (date as written).
5. Written English forms (``June 19, 2023``, ``19 June 2023``, ``Jun. 19, 2023 10:00 PM ET``)
   via dateparser with strict settings: absolute dates only (no "yesterday",
   no "Monday"), day, month and year all required.

Impossible dates (``2023-02-30``, ``February 30, 2023``) are refused, never shifted.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(?:[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_RFC2822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}.*")
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
}
EXPECTED = "expected e.g. 2023-06-19, 2023-06-19T10:00:00Z, 'Mon, 19 Jun 2023' or 'June 19, 2023'"


class DateError(ValueError):
    """A date string that cannot be read; the message is a complete rejection reason."""


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def bad_date(value: str, detail: str = EXPECTED) -> DateError:
    """The standard error for ``value``: ``bad date '<value>' (<detail>)``."""
    return DateError(f"bad date '{_shown(value)}' ({detail})")


def parse_iso_date(value: str) -> dt.date:
    """Parse exactly ``YYYY-MM-DD`` or raise :class:`DateError`."""
    m = _ISO_DATE.fullmatch(value.strip())
    if m is None:
        raise bad_date(value, "expected YYYY-MM-DD")
    return _ymd(value, m.group(1), m.group(2), m.group(3))


def _ymd(value: str, year: str, month: str, day: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise bad_date(value, "no such day in the calendar") from None


def parse_date(value: str, *, languages: tuple[str, ...] = ("en",)) -> dt.date:
    """Parse a publication date (see the module docstring) or raise :class:`DateError`.

    ``languages`` are passed to dateparser for written forms (English by default,
    so month names are not guessed across languages).
    """
    text = value.strip()
    if m := _ISO_DATE.fullmatch(text):
        return _ymd(value, *m.groups())
    if m := _ISO_DATETIME.fullmatch(text):
        hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)
        if hour > 24 or minute > 59 or second > 60:
            raise bad_date(value, "no such time of day")
        return _ymd(value, m.group(1), m.group(2), m.group(3))
    if m := _NUMERIC.fullmatch(text):
        return _numeric(value, int(m.group(1)), int(m.group(2)), m.group(3))
    if _RFC2822.fullmatch(text):
        try:
            return email.utils.parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            raise bad_date(value) from None
    return _written(value, text, languages)


def _numeric(value: str, first: int, second: int, year: str) -> dt.date:
    if first <= 12 and second <= 12 and first != second:
        raise bad_date(value, "ambiguous: day and month could be swapped; use YYYY-MM-DD")
    day, month = (first, second) if first > 12 or second <= 12 else (second, first)
    return _ymd(value, year, str(month), str(day))


def _written(value: str, text: str, languages: tuple[str, ...]) -> dt.date:
    if not any(c.isdigit() for c in text):
        raise bad_date(value)  # no year: fast refusal without loading dateparser
    import dateparser

    parsed: dt.datetime | None
    try:
        parsed = dateparser.parse(text, languages=list(languages), settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; never crash a run
        parsed = None
    if parsed is None:
        raise bad_date(value)
    return parsed.date()
