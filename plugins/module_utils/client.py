# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection. It knows nothing of AnsibleModule.

Layers, bottom up: ``RateLimiter`` (client-side pacing shared by all threads),
``Transport`` (a requests.Session with bounded retries), token providers (a ready
token, or OAuth2 client credentials with a per-user cache file) and
``CentralClient`` (URLs, auth header, token renewal on 401, error mapping).
"""

from __future__ import annotations

import email.utils
import hashlib
import ipaddress
import json
import math
import os
import random
import re
import socket
import stat
import tempfile
import threading
import time
import traceback
from datetime import datetime, timezone
from urllib.parse import urlsplit

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.errors import (
    AuthenticationError,
    CentralUnreachableError,
    DeadlineError,
    RateLimitError,
    ServerError,
    TransportError,
    UnexpectedAnswerError,
    ValidationError,
    error_from_response,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.text import clean_text

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
except ImportError:  # the sanity import test and hosts without requests
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

CLUSTER_NAMES = ("ae1", "au1", "ca1", "de1", "de2", "de3", "gb1", "in1", "jp1", "us1", "us2", "us4", "us5", "us6")
CLUSTERS = dict((name, "https://%s.api.central.arubanetworks.com" % name) for name in CLUSTER_NAMES)
CLUSTERS["cn1"] = "https://cn1.api.central.arubanetworks.com.cn"
GREENLAKE_TOKEN_URL = "https://sso.common.cloud.hpe.com/as/token.oauth2"
API_VERSIONS = ("v1", "v1alpha1")
USER_AGENT = "arubacentral.troubleshooting-ansible-collection"
TOKEN_RENEWALS_PER_REQUEST = 2
# The largest answer read: the biggest documented ones (an ARP table, a show command's output) are far below it,
# and a runaway or hostile answer must not hold the controller's memory.
MAX_ANSWER_BYTES = 8 * 1024 * 1024

# Serial numbers, stack ids and task ids are letters, digits, '-' and '_': anything
# else could step out of its own URL path segment.
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
# A request path below base_url: segments of URL-safe characters, none of them '.' or '..'.
_SAFE_PATH = re.compile(r"(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+")


def safe_segment(value, option):
    """Return ``value`` if it is one harmless URL path segment, else raise naming ``option``."""
    text = "" if value is None else str(value)
    if not _SAFE_SEGMENT.fullmatch(text):
        raise ValidationError(
            "%s must be 1-128 letters, digits, '-' or '_' (got %r)" % (option, text), hint="Fix %s." % option)
    return text


def safe_path(path):
    """Return ``path`` if it is a plain path below the base URL (no '..', query, fragment, '@' or '//'), else raise."""
    if not isinstance(path, str) or not _SAFE_PATH.fullmatch(path):
        raise ValidationError("refused to request %r: not a plain path below base_url" % (path,),
                              hint="Nothing was sent. Report this: a path built from an answer of Central was refused.")
    return path


def validate_base_url(url, option="base_url"):
    """Return ``url`` without a trailing slash if it is an http(s) URL with a host, else raise."""
    match = re.fullmatch(r"(https?)://([^/?#@\s]+)(/[^?#\s]*)?", url or "", re.I)
    if not match:
        raise ValidationError("%s must be an http:// or https:// URL with a host and no query (got %r)" % (option, url),
                              hint="Fix %s, or use cluster instead." % option)
    return url.rstrip("/")


def refuse_clear_credentials(url, option, what):
    """Raise ValidationError when ``url`` (the value of ``option``) would carry ``what`` (a secret) in clear: http://
    to anything but a loopback address (a local simulator or tunnel)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" and not is_loopback(parts.hostname):
        # Named without any user:password@ it may hold (a Pushgateway URL can).
        shown = "%s://%s%s" % (parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path)
        raise ValidationError("%s %s would send %s unencrypted: use https:// (http:// is taken only for a loopback "
                              "address, such as a local simulator)" % (option, shown, what), hint="Fix %s." % option)


def is_loopback(host):
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_base_url(base_url=None, cluster=None):
    """The base URL from ``base_url`` or from a ``cluster`` name (exactly one is required)."""
    if base_url and cluster:
        raise ValidationError("base_url and cluster are mutually exclusive", hint="Set only one of them.")
    if cluster:
        if cluster not in CLUSTERS:
            raise ValidationError("cluster must be one of %s (got %r)" % (", ".join(sorted(CLUSTERS)), cluster),
                                  hint="Fix cluster.")
        return CLUSTERS[cluster]
    if not base_url:
        raise ValidationError("one of base_url or cluster is required",
                              hint="Set base_url, cluster, or the CENTRAL_BASE_URL or CENTRAL_CLUSTER variable.")
    return validate_base_url(base_url)


def parse_rfc3339(value):
    """Seconds since the epoch for an RFC 3339 time (nanoseconds allowed), or None."""
    if not value or not isinstance(value, str):
        return None
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?", value.strip())
    if not match:
        return None
    try:
        stamp = datetime.strptime(match.group(1).replace(" ", "T"), "%Y-%m-%dT%H:%M:%S")
    except ValueError:  # month 13, February 30th...
        return None
    zone = match.group(3) or "Z"
    offset = 0
    if zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    fraction = float("0." + match.group(2)) if match.group(2) else 0.0
    return stamp.replace(tzinfo=timezone.utc).timestamp() - offset + fraction


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


def retry_after_seconds(headers, now=None):
    """How long the server asked us to wait: ``Retry-After`` (seconds or HTTP date), else until the reset of a
    budget the headers say is spent (rate_budgets); None when it did not say."""
    now = time.time() if now is None else now
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

    def __init__(self, rate=None, clock=time.monotonic, sleep=time.sleep, wall_clock=time.time):
        self.rate = rate if rate and rate > 0 else None
        self._budget_rate = self.rate
        self._backoff_factor = 1.0
        self._clock = clock
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._next = 0.0
        self._last = 0.0
        self._spent_until = None
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
        rate, spent = self.rate, None
        for remaining, reset in rate_budgets(headers, now):
            seconds_left = reset - now
            if seconds_left <= 0:
                continue
            if remaining < 1:
                spent = max(spent or 0.0, reset)
            elif rate and remaining < rate * min(seconds_left, self.LOW_BUDGET_SECONDS):
                rate = min(rate, remaining / seconds_left)
        with self._lock:
            if rate and (not self._budget_rate or rate > self._budget_rate):
                # Faster again: the next slot, booked at the slower pace, moves up to the new one.
                self._next = min(self._next, self._last + 1.0 / (rate * self._backoff_factor))
            self._budget_rate = rate
            self._spent_until = spent
            if spent:
                self._next = max(self._next, self._clock() + (spent - now))


class TransportStats:
    """Counters a fleet run reports: requests sent, 429s received, retries made."""

    def __init__(self):
        self.requests = 0
        self.rate_limited = 0
        self.retries = 0
        self._lock = threading.Lock()

    def add(self, **counts):
        with self._lock:
            for name, count in counts.items():
                setattr(self, name, getattr(self, name) + count)

    def as_dict(self):
        return dict(requests=self.requests, rate_limited=self.rate_limited, retries=self.retries)


def _unresolvable(exc):
    """A host name that does not resolve is a setting to fix, not a fault to wait out."""
    return bool(exc.args) and isinstance(getattr(exc.args[0], "reason", None), NameResolutionError)


def _never_reached_server(exc):
    """True when the request surely did not reach the server (refused, connect timeout)."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(exc, requests.exceptions.ConnectionError) and exc.args:
        reason = getattr(exc.args[0], "reason", None)
        return isinstance(reason, (NewConnectionError, ConnectTimeoutError))
    return False


class CircuitBreaker:
    """Evidence, shared by every request of a client, that Central is gone.

    A request that never reached the server (connection refused, connect timeout, a name
    that does not resolve) marks Central down from then on; any answer at all clears it.
    Once it has been down for ``window`` seconds (the time one request's retries take),
    every request fails at once: a run of thousands of tests gives up in about one retry
    window instead of retrying each test against a server that is not there. A single
    flaky connection never opens it, since other requests get answers meanwhile.
    """

    def __init__(self, window, clock=time.monotonic, wall_clock=time.time):
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
        return datetime.fromtimestamp(self.down_since_wall, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def check(self, method, url):
        """Raise CentralUnreachableError instead of sending when the breaker is open."""
        if self.is_open:
            raise CentralUnreachableError("Central unreachable since %s (%s); %s %s not sent"
                                          % (self.since, self.last_reason, method, _redact(url)), since=self.since)


class Transport:
    """A requests.Session with bounded retries.

    Any request is retried on 429 (after Retry-After / X-RateLimit-Reset, else an
    exponential backoff with jitter) and when it surely never reached the server.
    Requests marked ``idempotent`` (GETs, the token grant) are also retried on 5xx,
    timeouts and broken connections; a POST that starts a test is not, since the
    server may already have started it.
    """

    RETRY_STATUSES = (500, 502, 503, 504)

    def __init__(self, validate_certs=True, connect_timeout=10.0, read_timeout=30.0, max_retries=5,
                 rate_limiter=None, pool_size=10, backoff_base=1.0, backoff_cap=30.0, max_rate_limit_wait=300.0,
                 sleep=time.sleep, session=None, clock=time.monotonic, ca_path=None, max_answer_bytes=MAX_ANSWER_BYTES):
        self.session = session or requests.Session()
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=max(pool_size, 1), max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT
        # A CA bundle (a TLS-intercepting proxy's) replaces the default trust store; REQUESTS_CA_BUNDLE works without it.
        self.verify = (ca_path or True) if validate_certs else False
        self.timeout = (connect_timeout, read_timeout)
        self.max_answer_bytes = max_answer_bytes
        self._clock = clock
        self.max_retries = max_retries
        self.limiter = rate_limiter or RateLimiter(None, sleep=sleep)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_rate_limit_wait = max_rate_limit_wait
        self.stats = TransportStats()
        self._sleep = sleep
        self.breaker = CircuitBreaker(max(1.0, sum(min(backoff_cap, backoff_base * 2 ** attempt)
                                                   for attempt in range(max_retries))), clock=clock)

    def clock(self):
        """Now, on the clock deadlines are given in."""
        return self._clock()

    def backoff(self, attempt):
        delay = min(self.backoff_cap, self.backoff_base * (2 ** attempt))
        return delay * random.uniform(0.5, 1.0)

    def _refuse_spent_budget(self, method, url, deadline):
        """Fail at once, naming the reset, when a budget the server said is spent resets past this request's
        deadline or the longest wait (max_rate_limit_wait), instead of crawling or waiting that long."""
        wait = self.limiter.spent_for()
        if wait and (wait > self.max_rate_limit_wait or self._past(deadline, wait)):
            raise RateLimitError(
                "%s %s not sent: Central's rate budget is spent until %s, in %d s, past %s" % (
                    method, _redact(url), datetime.fromtimestamp(time.time() + wait, tz=timezone.utc).strftime(
                        "%Y-%m-%dT%H:%M:%SZ"), wait, "the longest wait (%d s)" % self.max_rate_limit_wait
                    if wait > self.max_rate_limit_wait else "the deadline (wait_timeout)"),
                status_code=429, hint="Run again after the reset, or check what else spends this client's budget.")

    def send(self, method, url, idempotent, paced=True, auth_headers=None, deadline=None, **kwargs):
        """Send with retries and return the final response (any status, body read); raise TransportError
        when the server could not be reached, ServerError when the answer is larger than max_answer_bytes.

        ``auth_headers`` is called for each attempt after the rate limiter's wait, so a
        request held back by a pause never leaves with a token that expired meanwhile.
        With a ``deadline`` (a time of ``clock``), no attempt, wait or retry outlasts it:
        DeadlineError when it is reached.
        """
        attempt = 0
        headers = dict(kwargs.pop("headers", None) or {})
        while True:
            self.breaker.check(method, url)
            self._refuse_spent_budget(method, url, deadline)
            if paced:
                self.limiter.acquire()
                self.breaker.check(method, url)
            timeout = self._timeout_before(deadline, method, url)
            if auth_headers:
                headers.update(auth_headers())
            self.stats.add(requests=1)
            try:
                response = self._attempt(method, url, timeout, headers, deadline, kwargs)
            except requests.exceptions.RequestException as exc:
                never_reached = _never_reached_server(exc) or _unresolvable(exc)
                if never_reached:
                    self.breaker.unreachable(_describe(exc))
                retryable = idempotent or never_reached
                if attempt < self.max_retries and retryable and not _unresolvable(exc) and not self._past(deadline):
                    self._retry_after(self.backoff(attempt), deadline)
                    attempt += 1
                    continue
                if self._past(deadline):
                    raise DeadlineError("%s %s: no answer before the deadline" % (method, _redact(url)))
                raise TransportError("%s %s: %s" % (method, _redact(url), _describe(exc)))
            self.breaker.answered()
            if 300 <= response.status_code < 400:
                raise UnexpectedAnswerError(
                    "%s %s answered %d, a redirect to %s: not followed" % (
                        method, _redact(url), response.status_code,
                        clean_text(response.headers.get("Location") or "nowhere", one_line=True, max_length=200)),
                    status_code=response.status_code,
                    hint="Central's API does not redirect, so nothing was sent again: check base_url, token_url or a "
                         "proxy between you and Central.")
            self.limiter.observe(response.headers)
            if response.status_code == 429:
                self.stats.add(rate_limited=1)
                wait = retry_after_seconds(response.headers)
                wait = self.backoff(attempt) if wait is None else wait
                if attempt >= self.max_retries or wait > self.max_rate_limit_wait or self._past(deadline, wait):
                    return response
                # Every thread holds back, this one included: the limiter makes the wait.
                self.limiter.pause(wait)
                self.stats.add(retries=1)
                if not paced:
                    self._sleep(wait)
                attempt += 1
                continue
            if response.status_code < 500:
                self.limiter.accepted()
            if idempotent and response.status_code in self.RETRY_STATUSES and attempt < self.max_retries \
                    and not self._past(deadline):
                self._retry_after(self.backoff(attempt), deadline)
                attempt += 1
                continue
            return response

    def _attempt(self, method, url, timeout, headers, deadline, kwargs):
        """One request, its answer read, within a hard bound: the connect and read timeouts added up, or what is left
        before ``deadline``. The timeouts alone bound each read, not the whole: an answer dribbled a byte at a time
        would hold a test (and its wait_timeout) for as long as the server likes. The attempt runs on a thread of its
        own; past the bound its socket is shut down (_abandon), and DeadlineError raised."""
        limit = timeout[0] + timeout[1]
        if deadline is not None:
            limit = min(limit, max(0.0, deadline - self._clock()))
        outcome = {}

        def run():
            try:
                # Central's API does not redirect, and a redirect followed would send the body (a RADIUS password,
                # the client secret) and the token again, to wherever it points, in clear if it says http://.
                response = self.session.request(method, url, verify=self.verify, timeout=timeout, headers=headers,
                                                stream=True, allow_redirects=False, **kwargs)
                outcome["response"] = response
                self._read_body(response, method, url)
            except BaseException as error:  # pylint: disable=broad-exception-caught
                outcome["error"] = error

        worker = threading.Thread(target=run, name="central-request", daemon=True)
        worker.start()
        worker.join(limit)
        if worker.is_alive():
            _abandon(outcome.get("response"))
            raise DeadlineError("%s %s: no whole answer within %g s (an answer this slow is not waited for)"
                                % (method, _redact(url), round(limit, 1)))
        if "error" in outcome:
            raise outcome["error"]
        return outcome["response"]

    def _past(self, deadline, wait=0.0):
        return deadline is not None and self._clock() + wait >= deadline

    def _timeout_before(self, deadline, method, url):
        """The (connect, read) timeout of one attempt: the configured one, cut to what is left before ``deadline``."""
        if deadline is None:
            return self.timeout
        left = deadline - self._clock()
        if left <= 0:
            raise DeadlineError("%s %s not sent: the deadline has passed" % (method, _redact(url)))
        return (min(self.timeout[0], left), min(self.timeout[1], left))

    def _read_body(self, response, method, url):
        """Read the answer into ``response.content``, refusing one larger than max_answer_bytes."""
        limit = self.max_answer_bytes
        declared = response.headers.get("Content-Length", "")
        too_large = declared.isdigit() and int(declared) > limit
        chunks, size = [], 0
        if not too_large:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    too_large = True
                    break
                chunks.append(chunk)
        if too_large:
            response.close()
            raise ServerError("%s %s: the answer is larger than %d bytes; not read" % (method, _redact(url), limit),
                              status_code=response.status_code,
                              hint="A proxy or Central sent far more than any test answer holds; nothing of it was used.")
        response._content = b"".join(chunks)  # what .content and .json() read from now on

    def _retry_after(self, seconds, deadline=None):
        self.stats.add(retries=1)
        # No backoff outlasts the breaker's window: the run gives up as soon as Central has been gone that long.
        seconds = min(seconds, self.breaker.seconds_to_open())
        if deadline is not None:
            seconds = max(0.0, min(seconds, deadline - self._clock()))
        self._sleep(seconds)


def _abandon(response):
    """Stop reading an answer another thread is blocked on: shut its socket down (closing the answer would wait for
    that thread's read to end); an answer whose headers never came is left to its read timeout."""
    sock = getattr(getattr(getattr(response, "raw", None), "_connection", None), "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _redact(url):
    return re.sub(r"\?.*$", "", url)


def _describe(exc):
    """A one-line reason for a transport failure, without a repr of internal objects."""
    if isinstance(exc, requests.exceptions.SSLError):
        return ("TLS verification failed (behind a TLS-intercepting proxy, give its CA bundle in ca_path; set "
                "validate_certs: false only for a lab with a self-signed certificate)")
    if isinstance(exc, requests.exceptions.Timeout):
        return "timed out (%s)" % type(exc).__name__
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, NameResolutionError):
        return "host name does not resolve"
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "connection failed (%s)" % type(reason or exc).__name__
    return type(exc).__name__


def default_token_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "arubacentral.troubleshooting")


class TokenCache:
    """Tokens kept between module runs: one 0600 file a (token URL, client id), in a 0700
    directory of the user's; it never holds the client secret.

    A cache someone else could have planted or could read is not used: a directory or file that is a
    symlink, not the user's, or writable (a file: readable) by others. ``warning`` then says why, and a
    new token is fetched instead.
    """

    def __init__(self, directory=None, clock=time.time):
        self.directory = directory or default_token_cache_dir()
        self._clock = clock
        self.warning = None

    def path(self, token_url, client_id):
        digest = hashlib.sha256(("%s\n%s" % (token_url, client_id)).encode("utf-8")).hexdigest()[:32]
        return os.path.join(self.directory, "token-%s.json" % digest)

    def _directory_refused(self):
        """Why the cache directory must not be used, or None (also None when it does not exist yet)."""
        try:
            info = os.lstat(self.directory)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            return "is a symlink"
        if not stat.S_ISDIR(info.st_mode):
            return "is not a directory"
        if info.st_uid != os.getuid():
            return "belongs to another user"
        if info.st_mode & 0o022:
            return "is writable by other users"
        return None

    def _refuse(self, reason):
        self.warning = ("token cache %s %s: not used (a new token is fetched instead); make it a directory of "
                        "yours that only you can write, or set token_cache: false" % (self.directory, reason))

    def _read(self, token_url, client_id):
        """The cache file's data, or None when absent, unreadable or not private."""
        refused = self._directory_refused()
        if refused:
            self._refuse(refused)
            return None
        path = self.path(token_url, client_id)
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            if os.path.islink(path):
                self._refuse("holds a symlink at %s" % os.path.basename(path))
            return None
        try:
            with os.fdopen(descriptor) as handle:
                info = os.fstat(handle.fileno())
                if info.st_uid != os.getuid() or info.st_mode & 0o077 or not stat.S_ISREG(info.st_mode):
                    return None
                data = json.load(handle)
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def load(self, token_url, client_id):
        """The cached (token, expires_at), or None when absent, expired, unreadable or not private."""
        data = self._read(token_url, client_id)
        try:
            token, expires_at = data["access_token"], float(data["expires_at"])
        except (KeyError, TypeError, ValueError):
            return None
        if not isinstance(token, str) or not token:
            return None
        return (token, expires_at) if expires_at > self._clock() else None

    def auth_method(self, token_url, client_id):
        """How the token endpoint took the credentials last time (``basic`` or ``post``), or None."""
        method = (self._read(token_url, client_id) or {}).get("auth_method")
        return method if method in TOKEN_AUTH_METHODS else None

    def store(self, token_url, client_id, token, expires_at, auth_method=None):
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            refused = self._directory_refused()
            if refused:
                self._refuse(refused)
                return
            handle, temp_path = tempfile.mkstemp(dir=self.directory, prefix=".token-")  # created 0600
            with os.fdopen(handle, "w") as out:
                json.dump(dict(access_token=token, expires_at=expires_at, token_url=token_url, client_id=client_id,
                               auth_method=auth_method), out)
            # os.replace swaps the name itself: a symlink planted there is replaced, never followed.
            os.replace(temp_path, self.path(token_url, client_id))
        except OSError:
            pass  # a cache that cannot be written only costs a token request next time

    def delete(self, token_url, client_id):
        try:
            os.remove(self.path(token_url, client_id))
        except OSError:
            pass


class StaticTokenProvider:
    """A ready access token (``access_token``); it cannot be renewed."""

    can_refresh = False

    def __init__(self, token):
        self._token = token

    def get(self):
        return self._token

    def invalidate(self, token):
        pass


# How the client credentials reach the token endpoint (RFC 6749 2.3.1): HTTP Basic (client_secret_basic, what
# the vendor's SDK does) or in the form body (client_secret_post, GreenLake's documented example).
TOKEN_AUTH_METHODS = ("post", "basic")


class ClientCredentialsProvider:
    """OAuth2 client-credentials grant against GreenLake (or any ``token_url``).

    ``auth_method`` ``auto`` sends the credentials in the form body first (or as the token cache remembers
    worked), and on an ``invalid_client`` answer tries HTTP Basic once (or the other way round)."""

    can_refresh = True

    def __init__(self, transport, token_url, client_id, client_secret, cache=None, clock=time.time, auth_method="auto"):
        self.transport = transport
        self.token_url = validate_base_url(token_url, option="token_url")
        refuse_clear_credentials(self.token_url, "token_url", "the client secret")
        if auth_method not in ("auto",) + TOKEN_AUTH_METHODS:
            raise ValidationError("token_auth_method must be one of auto, basic, post (got %r)" % (auth_method,))
        self.client_id = client_id
        self._client_secret = client_secret
        self.cache = cache
        self.auth_method = auth_method
        self._worked = None
        self._clock = clock
        self._token = None
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self.fetched = 0

    def get(self):
        with self._lock:
            if self._token and self._expires_at > self._clock():
                return self._token
            cached = self.cache.load(self.token_url, self.client_id) if self.cache else None
            if cached is not None:
                self._token, self._expires_at = cached[0], cached[1]
                return self._token
            self._fetch()
            return self._token

    def invalidate(self, token):
        """Forget ``token`` (it got a 401); a concurrent thread may have renewed it already."""
        with self._lock:
            if self._token == token:
                self._token = None
                if self.cache:
                    self.cache.delete(self.token_url, self.client_id)

    def _methods(self):
        """The ways to try, in order: the one asked for, or (auto) the remembered one first, then the other."""
        if self.auth_method != "auto":
            return [self.auth_method]
        first = self._worked or (self.cache.auth_method(self.token_url, self.client_id) if self.cache else None)
        first = first or TOKEN_AUTH_METHODS[0]
        return [first] + [method for method in TOKEN_AUTH_METHODS if method != first]

    def _request(self, method):
        if method == "basic":
            return self.transport.send(
                "POST", self.token_url, idempotent=True, paced=False, data=dict(grant_type="client_credentials"),
                auth=(self.client_id, self._client_secret), headers={"Accept": "application/json"})
        return self.transport.send(
            "POST", self.token_url, idempotent=True, paced=False,
            data=dict(grant_type="client_credentials", client_id=self.client_id, client_secret=self._client_secret),
            headers={"Accept": "application/json"})

    def _fetch(self):
        methods = self._methods()
        for attempt, method in enumerate(methods):
            response = self._request(method)
            if response.status_code < 400:
                break
            error = error_from_response(response.status_code, response.content)
            if attempt + 1 < len(methods) and _invalid_client(response):
                continue
            if response.status_code in (400, 401, 403):
                raise AuthenticationError("token request to %s refused (credentials sent %s): %s" % (
                    self.token_url, "with HTTP Basic" if method == "basic" else "in the form body", error.message),
                    status_code=response.status_code, error_code=error.error_code)
            raise error
        try:
            data = response.json()
            token = data["access_token"]
        except (ValueError, KeyError, TypeError, RecursionError):
            raise AuthenticationError("token endpoint %s did not return an access_token" % self.token_url,
                                      status_code=response.status_code)
        try:
            lifetime = float(data.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        # Renew a little early so a token does not expire between check and use.
        self._token = token
        self._expires_at = self._clock() + lifetime - min(120.0, lifetime * 0.1)
        self.fetched += 1
        self._worked = method
        if self.cache:
            self.cache.store(self.token_url, self.client_id, token, self._expires_at, auth_method=method)


def _invalid_client(response):
    """Whether a token endpoint's refusal is OAuth2's ``invalid_client`` (the credentials' way, or themselves)."""
    if response.status_code not in (400, 401):
        return False
    try:
        return response.json().get("error") == "invalid_client"
    except (ValueError, AttributeError, RecursionError):
        return False


class CentralClient:
    """Requests to the Central API under ``base_url``, with the bearer token and error mapping.

    Every URL is the base URL joined with a checked path (safe_path): nothing a caller or an answer gives can
    point a request, and the token with it, at another host, port or scheme.
    """

    def __init__(self, base_url, token_provider, transport, api_version="v1"):
        if api_version not in API_VERSIONS:
            raise ValidationError("api_version must be one of %s (got %r)" % (", ".join(API_VERSIONS), api_version))
        self.base_url = validate_base_url(base_url)
        refuse_clear_credentials(self.base_url, "base_url", "the access token")
        self.api_version = api_version
        self.tokens = token_provider
        self.transport = transport

    @property
    def stats(self):
        return self.transport.stats

    @property
    def warnings(self):
        """What the task should warn about (a token cache that was not used)."""
        cache = getattr(self.tokens, "cache", None)
        return [cache.warning] if cache is not None and cache.warning else []

    def request(self, method, path, body=None, on_poll=False, params=None, deadline=None):
        """``method`` ``path`` (below base_url; the query in ``params``) and return the decoded JSON answer,
        or raise CentralError. A ``body`` of None sends none."""
        url = self.base_url + safe_path(path)
        idempotent = method == "GET"
        renewals = 0
        sent_with = []

        def authorization():
            sent_with[:] = [self.tokens.get()]
            return {"Authorization": "Bearer %s" % sent_with[0]}

        while True:
            response = self.transport.send(method, url, idempotent=idempotent, json=body, params=params,
                                           auth_headers=authorization, headers={"Accept": "application/json"},
                                           deadline=deadline)
            # A token can expire or be revoked while a request waits in the rate limiter or on a slow
            # answer, and the renewed one can meet the same fate: renew twice before calling it a refusal.
            if response.status_code == 401 and self.tokens.can_refresh and renewals < TOKEN_RENEWALS_PER_REQUEST:
                self.tokens.invalidate(sent_with[0])
                renewals += 1
                continue
            break
        if response.status_code >= 400:
            error = error_from_response(response.status_code, response.content, on_poll=on_poll,
                                        retry_after=retry_after_seconds(response.headers))
            if isinstance(error, RateLimitError) and error.retry_after:
                error.hint = "%s Central asked to wait %d s." % (error.hint, error.retry_after)
            raise error
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise ServerError("%s %s answered %s with a body that is not JSON" % (method, path, response.status_code),
                              status_code=response.status_code)
        except RecursionError:
            # A few kilobytes of [[[[... reach Python's recursion limit: an answer no test gives, read as none.
            raise UnexpectedAnswerError("%s %s answered %s with JSON nested too deeply to read"
                                        % (method, path, response.status_code), status_code=response.status_code)
