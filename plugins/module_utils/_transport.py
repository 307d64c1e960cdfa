# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""One requests.Session with bounded retries, hard deadlines and a cap on what it reads; it knows nothing of tokens
or of AnsibleModule."""

from __future__ import annotations

import random
import socket
import threading
import traceback

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    DeadlineError,
    RateLimitError,
    ServerError,
    TransportError,
    UnexpectedAnswerError,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._pacing import CircuitBreaker, RateLimiter, retry_after_seconds
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import without_query
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import utc_text

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
except ImportError:  # the sanity import test and hosts without requests
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
USER_AGENT = "arubacentral.troubleshooting-ansible-collection"
# The largest answer read: the biggest documented ones (an ARP table, a show command's output) are far below it,
# and a runaway or hostile answer must not hold the controller's memory.
MAX_ANSWER_BYTES = 8 * 1024 * 1024


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
                 sleep=_clock.sleep, session=None, clock=_clock.monotonic, ca_path=None, max_answer_bytes=MAX_ANSWER_BYTES):
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
                    method, without_query(url), utc_text(_clock.wall() + wait), wait,
                    "the longest wait (%d s)" % self.max_rate_limit_wait if wait > self.max_rate_limit_wait
                    else "the deadline (wait_timeout)"),
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
                    raise DeadlineError("%s %s: no answer before the deadline" % (method, without_query(url)))
                raise TransportError("%s %s: %s" % (method, without_query(url), _describe(exc)))
            self.breaker.answered()
            if 300 <= response.status_code < 400:
                raise UnexpectedAnswerError(
                    "%s %s answered %d, a redirect to %s: not followed" % (
                        method, without_query(url), response.status_code,
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
                                % (method, without_query(url), round(limit, 1)))
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
            raise DeadlineError("%s %s not sent: the deadline has passed" % (method, without_query(url)))
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
            raise ServerError("%s %s: the answer is larger than %d bytes; not read" % (method, without_query(url), limit),
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
