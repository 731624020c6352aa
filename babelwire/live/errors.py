"""What can go wrong fetching one feed or page, in words for the person who added it."""
from __future__ import annotations

from ..errors import InputError


class FetchError(InputError):
    """One URL could not be fetched or used.

    ``transient``: worth trying again later (timeouts, resets, 5xx); permanent otherwise
    (404, refused address, oversized body). ``retry_after``: seconds the server asked for.
    """

    def __init__(self, reason: str, *, url: str | None = None, transient: bool = False,
                 status: int | None = None, retry_after: float | None = None):
        super().__init__(reason, path=url)
        self.transient = transient
        self.status = status
        self.retry_after = retry_after

    def __str__(self) -> str:  # the URL is shown beside it already wherever it is logged
        return self.reason


class Stopped(Exception):
    """The user asked to stop (Ctrl-C); the work in hand is abandoned, not failed."""


class TooLarge(FetchError):
    """The body passed the size cap (setting max_response_mb); the download was aborted."""
