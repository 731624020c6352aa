"""robots.txt, fetched once per host and cached, read with urllib.robotparser.

Follows RFC 9309 where Python's parser differs: a 4xx answer (401/403 included) means no
rules, a 5xx or an unreachable server means "disallow everything" for a short while, and
only the first 512 KiB are read. A Crawl-delay raises that host's politeness gap.
"""
from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .errors import FetchError, TooLarge
from .http import PoliteClient

MAX_ROBOTS_BYTES = 512 * 1024
TTL = 24 * 3600.0  # RFC 9309: a cached copy should not be used for more than 24 hours
ERROR_TTL = 600.0
MAX_CRAWL_DELAY = 60.0  # one host cannot make a whole cycle crawl


class _Rules:
    def __init__(self, parser: RobotFileParser | None, allow_all: bool, expires: float, note: str = ""):
        self.parser, self.allow_all, self.expires, self.note = parser, allow_all, expires, note


class RobotsCache:
    def __init__(self, client: PoliteClient):
        self.client = client
        self.agent = client.config.user_agent
        self._rules: dict[str, _Rules] = {}
        self._lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}

    def allowed(self, url: str) -> bool:
        rules = self._get(url)
        if rules.parser is None:
            return rules.allow_all
        return rules.parser.can_fetch(self.agent, url)

    def why_not(self, url: str) -> str:
        rules = self._get(url)
        return f"disallowed by robots.txt{(' (' + rules.note + ')') if rules.note else ''}"

    def _get(self, url: str) -> _Rules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per origin even when many workers ask at once
            rules = self._rules.get(origin)
            if rules is None or rules.expires < time.monotonic():
                rules = self._rules[origin] = self._fetch(origin, (parts.hostname or "").lower())
            return rules

    def _fetch(self, origin: str, host: str) -> _Rules:
        now = time.monotonic()
        try:
            resp = self.client.get(origin + "/robots.txt", max_bytes=MAX_ROBOTS_BYTES)
        except TooLarge:  # RFC 9309 would parse the first 500 KiB; we treat it as no rules
            return _Rules(None, True, now + TTL)
        except FetchError as e:
            if not e.transient:  # refused address and the like: the page fetch will say why
                return _Rules(None, True, now + ERROR_TTL)
            return _Rules(None, False, now + ERROR_TTL, f"robots.txt unreachable: {e.reason}")
        if 400 <= resp.status < 500:
            return _Rules(None, True, now + TTL)
        if resp.status != 200:
            return _Rules(None, False, now + ERROR_TTL, f"robots.txt answered HTTP {resp.status}")
        parser = RobotFileParser()
        parser.parse(resp.content.decode("utf-8", errors="replace").splitlines())
        delay = parser.crawl_delay(self.agent)
        if delay:
            self.client.gate.set_delay(host, min(float(delay), MAX_CRAWL_DELAY))
        return _Rules(parser, True, now + TTL)
