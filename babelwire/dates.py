"""Publication dates with their precision. Unknown stays unknown: nothing is ever guessed."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

from .models import Published

_ISO_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def _format(dt: datetime | date, precision: str) -> str:
    if precision == "year":
        return f"{dt.year:04d}"
    if precision == "month":
        return f"{dt.year:04d}-{dt.month:02d}"
    if precision == "day":
        return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    return dt.strftime("%Y-%m-%dT%H:%M")


def from_datetime(dt: datetime | date, precision: str, source: str) -> Published:
    """Normalise an aware datetime to UTC; a naive one is kept as written."""
    if isinstance(dt, datetime) and dt.tzinfo is not None and precision == "minute":
        dt = dt.astimezone(timezone.utc)
    return Published(_format(dt, precision), precision, source)  # type: ignore[arg-type]


def parse_published(value: object, source: str = "field") -> Published | None:
    """Parse an explicit date given by the input: ISO 8601 (full or partial), RFC 2822, epoch.

    Returns None when ``value`` is empty or not a date; the caller decides whether that is
    an error. Precision follows what was written: "2020-07" is a month, not 1 July.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_datetime(datetime.fromtimestamp(float(value), timezone.utc), "minute", source)
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = _ISO_PARTIAL.match(s)
    if m:
        y, mo, d = m.groups()
        try:
            dt = date(int(y), int(mo or 1), int(d or 1))
        except ValueError:
            return None
        precision = "day" if d else "month" if mo else "year"
        return from_datetime(dt, precision, source)
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            dt = parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            return None
    if dt is None:
        return None
    return from_datetime(dt, "minute", source)
