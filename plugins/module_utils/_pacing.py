# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""How fast requests go. The client-side pace shared by every thread (RateLimiter), the budgets Central's rate-limit
headers state, Retry-After, and the circuit breaker that tells a slow Central from a gone one."""

from __future__ import annotations

import email.utils
import math
import re
import threading

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    CentralUnreachableError,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import without_query
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import parse_rfc3339, utc_text


# A reset given as a number is told apart by its size: below 10**9 it is seconds until the reset (GreenLake, New
# Central), up to 10**11 seconds since the epoch, up to 10**14 milliseconds since the epoch; anything else, negative,
# NaN or infinite is not read. Text is an RFC 3339 time (Classic Central) or an HTTP date.
_EPOCH_SECONDS, _EPOCH_MILLISECONDS, _TOO_LARGE = 1e9, 1e11, 1e14


def parse_reset(value, now):
    """The time (seconds since the epoch) a rate-limit reset header names, or None when it cannot be read."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None:
        if math.isnan(number) or math.isinf(number) or number < 0 or number >= _TOO_LARGE:
            return None
        if number < _EPOCH_SECONDS:
            return now + number
        return number if number < _EPOCH_MILLISECONDS else number / 1000.0
    parsed = parse_rfc3339(text)
    if parsed is not None:
        return parsed
    try:
        return email.utils.parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError, AttributeError):
        return None


def _count(value):
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return None if math.isnan(number) or math.isinf(number) or number < 0 else number


def rate_budgets(headers, now):
    """Every budget the answer's headers state, as (requests remaining, reset time since the epoch): the
    X-RateLimit-* and RateLimit-* pairs, the combined RateLimit field (limit=, remaining=, reset= or r=, t=), and
    Classic Central's per-second and per-day pairs (their windows end at the next second and the next UTC midnight).
    A value that cannot be read states nothing."""
    fields = dict((str(name).lower(), value) for name, value in (headers or {}).items())
    budgets = []
    for prefix in ("x-ratelimit-", "ratelimit-"):
        remaining = _count(fields.get(prefix + "remaining", ""))
        reset = parse_reset(fields.get(prefix + "reset"), now)
        if remaining is not None and reset is not None:
            budgets.append((remaining, reset))
    combined = str(fields.get("ratelimit", ""))
    remaining = re.search(r"(?:^|[\s,;])(?:remaining|r)=(\d{1,12})(?![\d.])", combined)
    reset = re.search(r"(?:^|[\s,;])(?:reset|t)=(\d{1,12})(?![\d.])", combined)
    if remaining and reset:
        budgets.append((float(remaining.group(1)), now + float(reset.group(1))))
    second = _count(fields.get("x-ratelimit-remaining-second", ""))
    if second is not None:
        budgets.append((second, math.floor(now) + 1.0))
    day = _count(fields.get("x-ratelimit-remaining-day", ""))
    if day is not None:
        budgets.append((day, (math.floor(now / 86400.0) + 1) * 86400.0))
    return budgets


# A budget whose reset is at most this far away is the per-second pace (the limiter follows it), not a window.
PACE_SECONDS = 2.0


def _limit(fields):
    """The size of the window the headers state (Limit, limit=, the policy's quota, Classic's day), or None."""
    for name in ("x-ratelimit-limit", "ratelimit-limit", "x-ratelimit-limit-day"):
        limit = _count(fields.get(name, ""))
        if limit is not None:
            return limit
    for name, pattern in (("ratelimit", r"(?:^|[\s,;])limit=(\d{1,12})(?![\d.])"), ("ratelimit-policy", r"^\s*(\d{1,12})(?![\d.])")):
        found = re.search(pattern, str(fields.get(name, "")))
        if found:
            return float(found.group(1))
    return None


def window_budget(headers, now):
    """The tightest budget the headers state beyond the per-second pace, as dict(remaining, reset (seconds since the
    epoch), limit (the window's size, None when not said)), or None when they state none."""
    windows = [(remaining, reset) for remaining, reset in rate_budgets(headers, now) if reset - now > PACE_SECONDS]
    if not windows:
        return None
    remaining, reset = min(windows)
    fields = dict((str(name).lower(), value) for name, value in (headers or {}).items())
    return dict(remaining=remaining, reset=reset, limit=_limit(fields))


def retry_after_seconds(headers, now=None):
    """How long the server asked us to wait: ``Retry-After`` (seconds or HTTP date), else until the reset of a
    budget the headers say is spent (rate_budgets); None when it did not say."""
    now = _clock.wall() if now is None else now
    retry_after = headers.get("Retry-After")
    if retry_after:
        try:
            seconds = float(retry_after)
            return None if math.isnan(seconds) else max(0.0, seconds)
        except ValueError:
            pass
        try:
            parsed = email.utils.parsedate_to_datetime(retry_after)
            return max(0.0, parsed.timestamp() - now)
        except (TypeError, ValueError, IndexError, OverflowError, AttributeError):
            pass  # "soon": a header that cannot be read is ignored
    spent = [reset for remaining, reset in rate_budgets(headers, now) if remaining < 1]
    return max(0.0, max(spent) - now) if spent else None


class RateLimiter:
    """Spaces requests ``1/rate`` seconds apart across all threads of a process.

    It also follows the budgets the server's headers state (rate_budgets): it slows down when one would run out
    before its reset at the configured rate, holds back until the reset of one that is spent, and goes back to the
    configured rate as soon as the headers stop saying so (one answer never slows a whole run). After a 429 it holds
    every thread back and halves its pace, which then recovers by 5% with each accepted request.
    """

    MIN_BACKOFF_FACTOR = 0.1
    # Slow down for the hourly budget only when what is left would last less than this at full rate.
    LOW_BUDGET_SECONDS = 60.0

    def __init__(self, rate=None, clock=_clock.monotonic, sleep=_clock.sleep, wall_clock=_clock.wall):
        self.rate = rate if rate and rate > 0 else None
        self._budget_rate = self.rate
        self._backoff_factor = 1.0
        self._clock = clock
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._next = 0.0
        self._last = 0.0
        self._spent_until = None
        # The window budget of the last answer that stated one (window_budget), for the plan of a fleet run; a run
        # planned to spend no more than what is left needs no spreading of it over the window (spread_window).
        self.window = None
        self.spread_window = True
        self._lock = threading.Lock()

    def spent_for(self):
        """Seconds until the reset of a budget the server said is spent, or 0."""
        with self._lock:
            until = self._spent_until
        return max(0.0, until - self._wall_clock()) if until else 0.0

    def acquire(self):
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._last = slot
            if self.rate:
                self._next = slot + 1.0 / (self._budget_rate * self._backoff_factor)
        if slot > now:
            self._sleep(slot - now)

    def stop_spreading(self):
        """For a run sized to what is left of the window: go at the configured rate from now on instead of spreading
        the budget over the window (a spent budget still holds every request until its reset)."""
        with self._lock:
            self.spread_window = False
            if self.rate:
                self._budget_rate = self.rate
                self._next = min(self._next, self._last + 1.0 / (self.rate * self._backoff_factor))

    def pause(self, seconds):
        """After a 429: hold every caller back for ``seconds`` and halve the pace."""
        with self._lock:
            self._next = max(self._next, self._clock() + seconds)
            self._backoff_factor = max(self.MIN_BACKOFF_FACTOR, self._backoff_factor * 0.5)

    def accepted(self):
        """A request got through: win back some of the pace a 429 cost."""
        with self._lock:
            self._backoff_factor = min(1.0, self._backoff_factor * 1.05)

    def observe(self, headers):
        """Follow the budgets of an answer's headers: what would run out within a minute at the configured rate is
        spread over the time to its reset; a spent one holds every request until its reset (spent_for); an answer
        that states no budget brings back the configured rate."""
        now = self._wall_clock()
        window = window_budget(headers, now)
        if window is not None:
            self.window = window
        rate, spent = self.rate, None
        for remaining, reset in rate_budgets(headers, now):
            seconds_left = reset - now
            if seconds_left <= 0:
                continue
            if remaining < 1:
                spent = max(spent or 0.0, reset)
            elif rate and self.spread_window and remaining < rate * min(seconds_left, self.LOW_BUDGET_SECONDS):
                rate = min(rate, remaining / seconds_left)
        with self._lock:
            if rate and (not self._budget_rate or rate > self._budget_rate):
                # Faster again: the next slot, booked at the slower pace, moves up to the new one.
                self._next = min(self._next, self._last + 1.0 / (rate * self._backoff_factor))
            self._budget_rate = rate
            self._spent_until = spent
            if spent:
                self._next = max(self._next, self._clock() + (spent - now))


class CircuitBreaker:
    """Evidence, shared by every request of a client, that Central is gone.

    A request that never reached the server (connection refused, connect timeout, a name
    that does not resolve) marks Central down from then on; any answer at all clears it.
    Once it has been down for ``window`` seconds (the time one request's retries take),
    every request fails at once: a run of thousands of tests gives up in about one retry
    window instead of retrying each test against a server that is not there. A single
    flaky connection never opens it, since other requests get answers meanwhile.
    """

    def __init__(self, window, clock=_clock.monotonic, wall_clock=_clock.wall):
        self.window = window
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._down_since = None
        self.down_since_wall = None
        self.opened_at = None
        self.last_reason = None
        self._ever_answered = False

    def answered(self):
        with self._lock:
            self._down_since = None
            self._ever_answered = True

    def gave_up(self):
        """Whether a run that ends now ended because Central was gone: the breaker opened, or Central is down and
        either never answered this client at all (a cached token, and every request refused) or has been down for a
        whole window. One flaky connection between answers is not that."""
        down = self.seconds_down()
        with self._lock:
            return self.opened_at is not None or (down is not None and (not self._ever_answered or down >= self.window))

    def unreachable(self, reason):
        with self._lock:
            if self._down_since is None:
                self._down_since = self._clock()
                self.down_since_wall = self._wall_clock()
            self.last_reason = reason

    def seconds_down(self):
        """Seconds since Central stopped answering, or None while it answers."""
        with self._lock:
            return None if self._down_since is None else self._clock() - self._down_since

    def seconds_to_open(self):
        """How long the breaker stays closed if nothing answers meanwhile (infinite while Central answers)."""
        down = self.seconds_down()
        return float("inf") if down is None else max(0.0, self.window - down)

    @property
    def is_open(self):
        with self._lock:
            if self._down_since is None or self._clock() - self._down_since < self.window:
                return False
            if self.opened_at is None:
                self.opened_at = self._clock()
            return True

    @property
    def since(self):
        """When Central stopped answering (UTC, ISO 8601), or None while it answers."""
        if self.down_since_wall is None:
            return None
        return utc_text(self.down_since_wall)

    def check(self, method, url):
        """Raise CentralUnreachableError instead of sending when the breaker is open."""
        if self.is_open:
            raise CentralUnreachableError("Central unreachable since %s (%s); %s %s not sent"
                                          % (self.since, self.last_reason, method, without_query(url)), since=self.since)
