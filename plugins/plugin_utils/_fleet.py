# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Many tests in one process: one client (one token, one connection pool, one rate
limiter), at most ``max_concurrency`` tests in flight, each polled when its kind of
test is expected to be done rather than on a fixed fast loop, and a progress line
every few seconds for whoever watches the run."""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import threading
from collections import deque

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import (
    CATALOGUE,
    DEVICE_PATHS,
    MAX_SHOW_COMMANDS,
    TARGET_OPTIONS,
    TEST_PATHS,
    operation_path,
    typical_seconds,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._tasks import (
    build_body,
    check_wait_options,
    masked,
    negative_answer,
    negative_message,
    secret_fields,
    start_path,
    start_test,
    target_text,
    TaskPoll,
    TaskReader,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError, ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._events import attach_recent_events, parse_since
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._budget import (
    BUDGET_CHOICES,
    REQUESTS_PER_TEST,
    not_checked,
    plan_budget,
    read_window,
    refusal,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._journal import Journal, assign_journal_keys
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text

ITEM_KEYS = ("device_type", "serial_number", "test")
# Keys of an item that are not test options: a free-text name, and the site whose events explain a failure.
PASSED_THROUGH = ("name", "site_id")
FAIL_ON = ("never", "error", "unreachable")

# The fleet_diagnostics options besides the connection ones (plugins/modules/fleet_diagnostics.py documents them).
FLEET_ARGUMENT_SPEC = dict(
    tests=dict(type="list", elements="dict", required=True),
    max_concurrency=dict(type="int"),
    include_raw_output=dict(type="bool", default=True),
    wait_timeout=dict(type="float", default=300),
    poll_interval=dict(type="float", default=2),
    fail_on=dict(type="str", choices=list(FAIL_ON), default="error"),
    progress_interval=dict(type="float", default=10),
    journal=dict(type="path"),
    events_since=dict(type="str", default="30m"),
    events_per_device=dict(type="int", default=10),
    events_timeout=dict(type="float", default=60),
    budget=dict(type="str", choices=list(BUDGET_CHOICES), default="partial"),
)


def check_fleet_options(params):
    """Raise ValidationError naming the first fleet option out of range."""
    check_wait_options(params["wait_timeout"], params["poll_interval"])
    if not 1 <= params["events_per_device"] <= 1000:
        raise ValidationError("events_per_device must be between 1 and 1000 (got %d)" % params["events_per_device"])
    if params["max_concurrency"] is not None and params["max_concurrency"] < 1:
        raise ValidationError("max_concurrency must be at least 1, or unset to follow the rate (got %d)"
                              % params["max_concurrency"])
    if params["events_timeout"] <= 0:
        raise ValidationError("events_timeout must be more than 0 seconds (got %s)" % params["events_timeout"])
    if params["progress_interval"] < 0:
        raise ValidationError("progress_interval must be 0 (no progress lines) or more (got %s)"
                              % params["progress_interval"])
    parse_events_since(params["events_since"])


def parse_events_since(value):
    """Seconds of events_since, or None when events are turned off."""
    return None if value in (None, "", "0", "off") else parse_since(value, "events_since")


def budget_plan(client, items, params):
    """Whether ``items`` fit the budget Central states (one cheap request reads it): plan_budget's dict. The run ends
    when its last tests have ended: up to PRIOR_BOUND times the typical duration of its slowest kind."""
    window = read_window(client)
    rate = client.transport.limiter.rate
    tail = max(typical_seconds(item["test"], item["body"]) for item in items) * DurationModel.PRIOR_BOUND \
        if items else 0.0
    events = 0
    if parse_events_since(params["events_since"]):
        # One request a failing device, within events_timeout at the rate.
        devices = len(set(item["serial_number"] for item in items))
        events = min(devices, int(params["events_timeout"] * rate)) if rate else devices
    return plan_budget(len(items), window, rate, _clock.wall(), client.transport.max_rate_limit_wait, params["budget"],
                       tail_seconds=tail, events=events)


def run_with_options(client, items, params, emit_progress=None):
    """run_fleet with fleet_diagnostics' options (FLEET_ARGUMENT_SPEC): the budget plan first (said on the progress
    line; under ``budget: refuse`` a run that does not fit raises before any test), its journal, its progress lines,
    and each failing device's recent events. Raise CentralError for a journal that cannot be taken, before any test."""
    events_since = parse_events_since(params["events_since"])
    plan = budget_plan(client, items, params)
    if emit_progress is not None:
        emit_progress(plan["message"])
    if not plan["fits"] and plan["budget"] == "refuse":
        raise refusal(plan)   # asked for, or a wait for a reset further away than a run waits
    if plan["remaining"] is not None and (not plan["fits"] or plan["needs"] <= plan["remaining"]):
        # Sized to what is left: the run goes at its rate, not spread over the window (a spent budget still holds).
        client.transport.limiter.stop_spreading()
    journal = Journal(params["journal"]) if params["journal"] else None
    started_at = _clock.wall()
    try:
        results, summary = run_fleet(client, items, max_concurrency=params["max_concurrency"],
                                     wait_timeout=params["wait_timeout"], poll_interval=params["poll_interval"],
                                     emit_progress=emit_progress, progress_interval=params["progress_interval"],
                                     journal=journal, plan=plan)
    finally:
        if journal is not None:
            journal.close()
    if events_since and not summary["central_unreachable_since"]:
        # Each failing device's recent events, next to its failure in the reports.
        summary["events_requests"] = attach_recent_events(client, results, events_since, started_at,
                                                          per_device=params["events_per_device"],
                                                          budget=params["events_timeout"])
    return results, summary


def target_options(test, target):
    """The item options a target sets: ``destination`` for a ping, ``host`` for a lookup, ``url`` for HTTP,
    ``host`` and ``port`` from "host:port" for a TCP test, ``ports`` for a cable test (one port or a list)."""
    names = TARGET_OPTIONS[test]
    if names == ("host", "port"):
        host, _sep, port = str(target).rpartition(":")
        if not host or not port.isdigit():
            raise ValidationError("a %s destination is host:port (got %r)" % (test, target))
        return dict(host=host.strip("[]"), port=int(port))
    if names == ("ports",):
        return dict(ports=target if isinstance(target, list) else [target])
    return {names[0]: target}


def check_item(item, where, text_keys):
    """Refuse, naming ``where``, an item (of fleet_diagnostics' tests or fleet_remediation's actions) that is not
    a mapping, or whose ``text_keys`` (key, the names it may take or None) are set to anything but text."""
    if not isinstance(item, dict):
        raise ValidationError("%seach item must be a dictionary (got %r)" % (where, item))
    for key, allowed in text_keys:
        if item.get(key) is not None and not isinstance(item[key], str):
            raise ValidationError("%s%s must be a string%s (got a %s)" % (
                where, key, "; one of %s" % ", ".join(allowed) if allowed else "", type(item[key]).__name__))


def prepare_items(items, include_raw_output=True, api_version="v1", labels=None):
    """Validate every item up front; raise ValidationError naming ``tests[index]`` (or the item's label: the
    compliance check and host it was planned for) and the option.

    An item is ``device_type``, ``serial_number``, ``test``, the test's options and an
    optional free-text ``name`` passed through to its result.
    """
    prepared = []
    for index, item in enumerate(items or []):
        where = "%s: " % labels[index] if labels else "tests[%d]: " % index
        check_item(item, where, (("device_type", DEVICE_PATHS), ("test", TEST_PATHS), ("serial_number", None)))
        missing = [key for key in ITEM_KEYS if not item.get(key)]
        if missing:
            raise ValidationError("%s%s is required" % (where, " and ".join(missing)))
        options = dict((key, value) for key, value in item.items() if key not in ITEM_KEYS + PASSED_THROUGH)
        if item.get("site_id") is not None and not isinstance(item["site_id"], (str, int)):
            raise ValidationError("%ssite_id must be the site's ID as text (got a %s)"
                                  % (where, type(item["site_id"]).__name__))
        raw_field = CATALOGUE.get((item["device_type"], item["test"]), {}).get("include_raw_output")
        if raw_field is not None and raw_field.sent_on(api_version):
            options.setdefault("include_raw_output", include_raw_output)
        body = build_body(item["device_type"], item["test"], options, where=where, api_version=api_version)
        if isinstance(body.get("command"), list):
            raise ValidationError("%scommand: api_version v1alpha1 runs one show command a task; give one item a "
                                  "command, or use api_version v1 (up to %d in one task)" % (where, MAX_SHOW_COMMANDS))
        start_path(api_version, item["device_type"], item["serial_number"], item["test"])  # checks the serial
        prepared.append(dict(index=index, name=item.get("name"),
                             site_id=None if item.get("site_id") is None else str(item["site_id"]),
                             device_type=item["device_type"],
                             serial_number=str(item["serial_number"]), test=item["test"], body=body,
                             destination=target_text(item["device_type"], item["test"], body)))
    if not prepared:
        raise ValidationError("tests must list at least one test")
    return prepared


class DurationModel:
    """How long each (device type, test) takes, learned from the run's own tests, or before any has ended, the
    kind's ``prior`` (the catalogue's typical duration).

    A test's first read waits until FIRST_READ_QUANTILE of its kind have ended: one read finds most tests done, and the
    rest are read again when their progress says (a long tail costs one more read, not a poll every few seconds).
    The quantile is Kaplan-Meier's: a test still running counts as lasting at least as long as it has run. Early in
    a run only the short tests have ended, and the plain quantile of those would read every test too soon. While
    the quantile is beyond what has been seen, the first read waits for the prior, or the plain quantile when that
    is later.

    Reading late costs no time when enough tests are in flight, so the run sizes its concurrency by how long a test
    stays in flight that way (in_flight), not by how long it runs. expected() is asked at every turn of the
    schedule: it is worked out again only after a few more tests have ended (a 64th more), so a run costs a
    sort and a pass over the last SAMPLES tests that often."""

    SAMPLES = 4096
    FIRST_READ_QUANTILE = 0.9
    PRIOR_BOUND = 3.0

    def __init__(self, default, prior=None, clock=_clock.monotonic):
        self.default = default
        self.prior = dict(prior or {})
        self._clock = clock
        self._arrived = {}
        self._sorted = {}
        self._running = {}
        self._expected = {}
        self._unseen = {}
        self._lock = threading.Lock()

    def known(self, kind):
        with self._lock:
            return bool(self._sorted.get(kind))

    def began(self, kind, at):
        """A test of ``kind`` started at ``at`` (on the clock) and runs."""
        with self._lock:
            bisect.insort(self._running.setdefault(kind, []), at)

    def ended(self, kind, seconds, began_at=None):
        """A test of ``kind`` (began() at ``began_at``) ended, having run ``seconds`` (None: not known)."""
        with self._lock:
            running = self._running.get(kind)
            if began_at is not None and running:
                index = bisect.bisect_left(running, began_at)
                if index < len(running) and running[index] == began_at:
                    del running[index]
            if seconds is None or seconds <= 0:
                return
            arrived, ordered = self._arrived.setdefault(kind, deque()), self._sorted.setdefault(kind, [])
            arrived.append(seconds)
            bisect.insort(ordered, seconds)
            if len(arrived) > self.SAMPLES:
                del ordered[bisect.bisect_left(ordered, arrived.popleft())]
            self._unseen[kind] = self._unseen.get(kind, 0) + 1
            if self._unseen[kind] * 64 >= len(ordered):
                self._expected.pop(kind, None)

    def expected(self, kind):
        """Seconds until a test's first read."""
        return self._learned(kind)[0]

    def in_flight(self, kind):
        """Seconds a test of the kind stays in flight when read first at ``expected``: the longer of the two."""
        return self._learned(kind)[1]

    def _learned(self, kind):
        with self._lock:
            if kind not in self._expected:
                self._unseen[kind] = 0
                first = self._first_read(kind)
                ended = self._sorted.get(kind)
                below = bisect.bisect_left(ended, first) if ended else 0
                self._expected[kind] = (first, (first * below + sum(ended[below:])) / len(ended) if ended else first)
            return self._expected[kind]

    def _first_read(self, kind):
        prior = self.prior.get(kind, self.default)
        ended = self._sorted.get(kind)
        if not ended:
            return prior
        running, since = self._running.get(kind, ()), self._clock()
        surviving, count, enough = 1.0, len(ended), 1.0 - self.FIRST_READ_QUANTILE + 1e-9   # 1e-9: rounding
        for index, seconds in enumerate(ended):
            at_risk = count - index + bisect.bisect_right(running, since - seconds)
            surviving *= 1.0 - 1.0 / at_risk
            if surviving <= enough:
                return max(self.default, seconds)
        return max(self.default, prior, min(ended[-1], self.PRIOR_BOUND * prior))


# Tests in flight that keep a rate of R requests/s busy (Little's law): R / REQUESTS_PER_TEST tests finish a second,
# each in flight for its time until its last read; HEADROOM covers the time its requests wait for a slot of the rate
# (seconds at a low rate) and a mix of short and long tests. A test waiting for its read is an entry in the schedule,
# not a thread: the cap is a sane bound on what Central is asked to run at once for one client.
HEADROOM = 2.0
MAX_AUTO_CONCURRENCY = 2000
# Tests of each kind read early, to learn how long the kind takes.
SCOUTS = 3
# Without a rate (requests_per_second 0: unpaced), what a fleet run keeps in flight.
UNPACED_CONCURRENCY = 50
# Requests on their way at once (a thread and a pooled connection each): a second's worth of the rate, for answers
# that take up to a second, within these bounds.
MIN_WORKERS = 4
MAX_WORKERS = 100


def concurrency_for(rate, mean_seconds, tests):
    """Tests in flight for ``tests`` tests of ``mean_seconds`` on average at ``rate`` requests/s."""
    wanted = UNPACED_CONCURRENCY if not rate else int(rate / REQUESTS_PER_TEST * mean_seconds * HEADROOM) + 1
    return max(1, min(wanted, MAX_AUTO_CONCURRENCY, tests))


def request_workers(params, tests=None):
    """Requests a fleet run sends at once (its threads, and its client's pool_size), from the connection options'
    rate, never more than ``max_concurrency`` tests in flight could use, nor than ``tests``."""
    rate = params.get("requests_per_second")
    workers = UNPACED_CONCURRENCY if not rate else max(MIN_WORKERS, min(MAX_WORKERS, int(math.ceil(rate))))
    for bound in (params.get("max_concurrency"), tests):
        if bound:
            workers = min(workers, bound)
    return max(1, workers)


class Schedule:
    """Which request a free worker sends next: the read due first (a test that has ended frees its place in flight),
    else a start while fewer tests than ``limit`` are in flight; else it waits until a read is due.

    Tests whose first read moves with what the run learns (DurationModel.expected) wait in one line a kind, in the
    order they started: the same expected duration holds for the whole line, so its head is due first. Every other
    read waits in one heap by its due time. A turn costs a lookup a kind and a heap operation, at any fleet size."""

    def __init__(self, starts, limit, clock=_clock.monotonic):
        self._starts = deque(starts)   # (not before, test), in the order of the tests
        self._lines = {}
        self._reads = []
        self._order = itertools.count()
        self._clock = clock
        self._changed = threading.Condition()
        self._waking_at = None
        self.limit = limit
        self.in_flight = 0
        self.unfinished = len(self._starts)

    def set_limit(self, limit):
        with self._changed:
            self.limit = limit
            self._changed.notify_all()

    def read_later(self, test):
        with self._changed:
            if test.poll.first_read_moves:
                self._lines.setdefault(test.kind, deque()).append(test)
            else:
                heapq.heappush(self._reads, (test.poll.due(), next(self._order), test))
            self._changed.notify()

    def finished(self):
        """A test in flight has ended: its place goes to a start, and reads may be due sooner (durations learned)."""
        with self._changed:
            self.in_flight -= 1
            self.unfinished -= 1
            self._changed.notify_all()

    def _first_due(self):
        """(due time, kind) of the read due first: a line's head (its kind) or the heap's top (kind None)."""
        due, where = (self._reads[0][0], None) if self._reads else (None, None)
        for kind, line in self._lines.items():
            if line:
                head = line[0].poll.due()
                if due is None or head < due:
                    due, where = head, kind
        return due, where

    def next(self):
        """The next (action, test): ("read", test) or ("start", test), waiting until one is due; None when every
        test has finished."""
        with self._changed:
            while self.unfinished:
                now = self._clock()
                due, where = self._first_due()
                if due is not None and due <= now:
                    test = self._lines[where].popleft() if where is not None else heapq.heappop(self._reads)[2]
                    self._changed.notify()   # another read may be due too
                    return "read", test
                wake = due
                if self._starts and self.in_flight < self.limit:
                    not_before, test = self._starts[0]
                    if not_before <= now:
                        self._starts.popleft()
                        self.in_flight += 1
                        self._changed.notify()
                        return "start", test
                    wake = not_before if wake is None else min(wake, not_before)
                self._wait(wake, now)
            self._changed.notify_all()
            return None

    def _wait(self, wake, now):
        # One worker waits for the next due time; the others wait to be told something changed.
        if wake is None or (self._waking_at is not None and self._waking_at <= wake):
            self._changed.wait()
            return
        self._waking_at = wake
        _clock.wait(self._changed, wake - now)
        if self._waking_at == wake:
            self._waking_at = None


class _Test:
    """One item on its way through a run: its result fields, and once started, its reader and poll."""

    __slots__ = ("item", "kind", "fields", "reader", "poll")

    def __init__(self, item):
        self.item = item
        self.kind = (item["device_type"], item["test"])
        self.fields = _item_fields(item)
        self.reader = self.poll = None


def _item_fields(item):
    fields = dict(index=item["index"], name=item["name"], site_id=item["site_id"], device_type=item["device_type"],
                  serial_number=item["serial_number"], test=item["test"], destination=item["destination"])
    fields.update(task_id=None, location=None, status=None, outcome="error", progress_percent=None, start_time=None,
                  end_time=None, duration_seconds=None, fail_reason=None, raw_output=None, output=None, result=None,
                  negative_answer=False, error=None, from_journal=False)
    return fields


class FleetProgress:
    """How far a fleet run is: tests done out of the total, errors, 429s, time left."""

    def __init__(self, total, stats, clock=_clock.monotonic):
        self.total = total
        self.done = 0
        self.errors = 0
        self._stats = stats
        self._clock = clock
        self._started = clock()
        self._lock = threading.Lock()

    def finished(self, fields):
        with self._lock:
            self.done += 1
            if fields["outcome"] != "succeeded":
                self.errors += 1

    def line(self):
        with self._lock:
            done, errors = self.done, self.errors
        elapsed = self._clock() - self._started
        text = "fleet_diagnostics: %d/%d tests done, %d errors, %d rate-limited, %d s elapsed" % (
            done, self.total, errors, self._stats.rate_limited, elapsed)
        if 0 < done < self.total:
            # The rate limiter makes throughput steady, so the pace so far predicts the rest.
            text += ", about %d s left" % (elapsed * (self.total - done) / done)
        return text


class ProgressReporter:
    """Calls ``emit(progress.line())`` every ``interval`` seconds while a run goes on, and
    once more at the end if it spoke at all (a short run prints nothing)."""

    def __init__(self, progress, emit, interval):
        self._progress = progress
        self._emit = emit
        self._interval = interval
        self._stop = threading.Event()
        self._spoke = False
        self._thread = threading.Thread(target=self._run, name="fleet-progress", daemon=True)

    def __enter__(self):
        if self._emit and self._interval:
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()
            if self._spoke:
                self._emit(self._progress.line())

    def _run(self):
        while not self._stop.wait(self._interval):
            self._emit(self._progress.line())
            self._spoke = True


def run_fleet(client, items, max_concurrency=None, wait_timeout=300.0, poll_interval=2.0, clock=_clock.monotonic,
              emit_progress=None, progress_interval=10.0, journal=None, plan=None):
    """Run prepared ``items`` and return (results in input order, summary).

    A few threads send the requests (request_workers'); a test waiting for its next read holds no thread, only its
    place in the Schedule. ``max_concurrency`` None follows the client's rate (concurrency_for):
    sized first from each test's typical duration (the catalogue's), then from the tests that finished.

    An error on one item (offline, unknown device, a failure beyond the retries) is
    recorded on that item alone; the others go on. With ``emit_progress`` (a callable
    taking one line of text), a progress line goes out every ``progress_interval`` seconds.
    With a ``journal`` (plugin_utils/_journal.py), a test it lists is read, not started,
    and each new start is written to it as soon as Central accepts it. With a budget ``plan`` that does not fit
    (plan_budget's), the tests past the ones that fit are not checked (``partial``: an error naming the budget, never
    a pass) or wait for the reset (``wait``).
    """
    started_at = clock()
    rate = client.transport.limiter.rate
    kinds = {}
    for item in items:
        kind = (item["device_type"], item["test"])
        prior, count = kinds.get(kind, (typical_seconds(item["test"], item["body"]), 0))
        kinds[kind] = (max(prior, poll_interval), count + 1)
    durations = DurationModel(poll_interval, prior=dict((kind, prior) for kind, (prior, _count) in kinds.items()),
                              clock=clock)
    # The first SCOUTS tests of a kind are read as their progress says, to learn the kind's durations at once; the
    # others wait for what is expected, asked again as tests finish.
    scouts, scouts_lock = dict((kind, 0) for kind in kinds), threading.Lock()

    def first_read(kind):
        with scouts_lock:
            if not durations.known(kind) and scouts[kind] < SCOUTS:
                scouts[kind] += 1
                return None
        return lambda: durations.expected(kind)

    def wanted_in_flight():
        mean = sum(durations.in_flight(kind) * count for kind, (_prior, count) in kinds.items())
        return concurrency_for(rate, mean / max(1, len(items)), len(items))

    progress = FleetProgress(len(items), client.stats, clock)
    if journal is not None:
        assign_journal_keys(items)
    tests = [_Test(item) for item in items]
    held = plan is not None and not plan["fits"]
    starts = []
    for position, test in enumerate(tests):
        if held and position >= plan["fitting"]:
            if plan["budget"] == "partial":
                test.fields["error"] = not_checked(plan)
                progress.finished(test.fields)
                continue
            starts.append((started_at + plan["reset_in_seconds"], test))
        else:
            starts.append((started_at, test))
    schedule = Schedule(starts, max_concurrency or wanted_in_flight(), clock)

    def start(test):
        item, fields = test.item, test.fields
        started = (journal.started(item, operation_path(item["device_type"], item["test"], client.api_version))
                   if journal is not None else None)
        if started:
            fields["from_journal"] = True
        else:
            # The start, its 429 waits and retries included, is held to the test's wait_timeout too.
            started = start_test(client, item["device_type"], item["serial_number"], item["test"], item["body"],
                                 deadline=client.transport.clock() + wait_timeout)
            if journal is not None:
                journal.record(item, started)
        fields.update(task_id=started["task_id"], location=started["location"], status=started["status"])
        test.reader = TaskReader(client, dict(started, device_type=item["device_type"],
                                              serial_number=item["serial_number"], test=item["test"], body=item["body"]))
        test.poll = TaskPoll(wait_timeout, poll_interval, first_read(test.kind), clock)
        durations.began(test.kind, test.poll.started)
        return False

    def read(test):
        answer = test.reader.read_for(test.poll)
        if answer is None:
            return False
        test.fields.update(answer)
        test.fields["negative_answer"] = test.fields["outcome"] == "succeeded" and negative_answer(
            test.item["test"], test.fields["result"])
        return True

    def step(action, test):
        """Send one request for ``test``; True when the test has ended (done, or an error recorded on it alone)."""
        fields = test.fields
        try:
            return start(test) if action == "start" else read(test)
        except CentralError as error:
            fields.update(getattr(error, "partial_result", {}))
            fields["error"] = dict(error.to_dict(), message=str(error))
            if fields["outcome"] != "running":
                fields["outcome"] = "error"
        except Exception as error:  # pylint: disable=broad-exception-caught
            # An answer no check foresaw costs this one test, never the results of the others.
            fields["outcome"] = "error"
            fields["error"] = dict(status_code=None, error_code=None, hint=None, message=clean_text(
                "%s on %s: Central's answer could not be read (%s: %s)" % (
                    test.item["test"], test.item["serial_number"], type(error).__name__, error),
                one_line=True, max_length=500))
        return True

    def work():
        while True:
            job = schedule.next()
            if job is None:
                return
            action, test = job
            if step(action, test):
                if test.poll is not None:
                    durations.ended(test.kind, test.fields["duration_seconds"], test.poll.started)
                    if not max_concurrency:
                        schedule.set_limit(wanted_in_flight())
                progress.finished(test.fields)
                schedule.finished()
            else:
                schedule.read_later(test)

    with ProgressReporter(progress, emit_progress, progress_interval):
        threads = [threading.Thread(target=work, name="fleet-%d" % number, daemon=True)
                   for number in range(request_workers(
                       dict(requests_per_second=rate, max_concurrency=max_concurrency), len(items)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    results = [test.fields for test in tests]
    summary = dict(total=len(results), succeeded=0, failed=0, running=0, error=0)
    for fields in results:
        summary[fields["outcome"]] += 1
    summary["unreachable"] = sum(1 for fields in results if fields["negative_answer"])
    summary["started"] = sum(1 for fields in results if fields["task_id"])
    summary["not_started"] = len(results) - summary["started"]
    summary["from_journal"] = sum(1 for fields in results if fields["from_journal"])
    summary.update(central_gone(client))
    summary["wall_seconds"] = round(clock() - started_at, 3)
    summary["max_concurrency"] = schedule.limit
    if plan is not None:
        summary["budget"] = dict(plan, not_checked=sum(
            1 for fields in results if (fields["error"] or {}).get("error_code") == "BUDGET"))
    summary.update(client.stats.as_dict())
    summary["token_requests"] = getattr(client.tokens, "fetched", 0)
    return results, summary


def central_gone(client):
    """What the summary says of a run that gave up because Central was unreachable (the client's
    circuit breaker opened): since when, the retry window, and how long after Central stopped
    answering the run ended."""
    breaker = client.transport.breaker
    if not breaker.gave_up():
        return dict(central_unreachable_since=None)
    return dict(central_unreachable_since=breaker.since, retry_window_seconds=breaker.window,
                gave_up_after_seconds=round(breaker.seconds_down() or 0.0, 3))


def unreachable_message(summary):
    """One message for a run Central went away from."""
    return ("Central unreachable since %s: gave up after one retry window (%g s); %d of %d tests not started, "
            "%d started (their task_id and location are in results: read them later with "
            "arubacentral.troubleshooting.test_result_info)"
            % (summary["central_unreachable_since"], summary["retry_window_seconds"], summary["not_started"],
               summary["total"], summary["started"]))


def planned_starts(client, items):
    """What a check-mode run would start: one entry an item, with the request it would send."""
    return [dict(index=item["index"], name=item["name"], device_type=item["device_type"],
                 serial_number=item["serial_number"], test=item["test"],
                 would_start=dict(method="POST", body=masked(item["device_type"], item["test"], item["body"]),
                                  path=start_path(client.api_version, item["device_type"], item["serial_number"],
                                                  item["test"])))
            for item in items]


def secrets_of(items):
    """The secret values (RADIUS passwords) the items send, to be masked out of everything returned."""
    return set(item["body"][name] for item in items
               for name in secret_fields(item["device_type"], item["test"]) if name in item["body"])


def failure_message(failing, total, fail_on, shown=10):
    """One message naming the first ``shown`` failing tests and why."""
    def reason(fields):
        if (fields["error"] or {}).get("message"):
            return fields["error"]["message"]
        if fields["fail_reason"]:
            return fields["fail_reason"]
        return negative_message(fields["test"], fields["destination"]) if fields["negative_answer"] else fields["outcome"]

    lines = ["tests[%d] %s %s on %s: %s" % (fields["index"], fields["test"], fields["destination"],
                                            fields["serial_number"], reason(fields)) for fields in failing[:shown]]
    more = " (and %d more)" % (len(failing) - shown) if len(failing) > shown else ""
    return "%d of %d tests did not pass (fail_on=%s): %s%s" % (len(failing), total, fail_on, "; ".join(lines), more)


def fleet_failures(results, fail_on):
    """The results that fail the task under ``fail_on`` (never / error / unreachable)."""
    if fail_on == "never":
        return []
    failing = [fields for fields in results if fields["outcome"] != "succeeded"]
    if fail_on == "unreachable":
        failing += [fields for fields in results if fields["negative_answer"]]
    return sorted(failing, key=lambda fields: fields["index"])
