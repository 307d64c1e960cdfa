# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import threading
import time

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _fleet as fleet
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import build_client
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._transport import TransportStats


def test_duration_model_learns_from_finished_tests():
    model = fleet.DurationModel(default=2.0, prior={("ap", "traceroute"): 20.0})
    kind = ("ap", "ping")
    assert model.expected(kind) == 2.0 and model.expected(("ap", "traceroute")) == 20.0
    model.ended(kind, None)
    assert model.expected(kind) == 2.0
    for seconds in range(1, 11):   # 1 s to 10 s: the first read when 9 in 10 have ended
        model.ended(kind, float(seconds))
    assert model.expected(kind) == 9.0
    # In flight until the first read, or until the end when that is later: (9 x 9 + 10) / 10.
    assert model.in_flight(kind) == 9.1
    model.ended(("ap", "traceroute"), 1.0)
    assert model.expected(("gateway", "ping")) == 2.0 and model.expected(("ap", "traceroute")) == 2.0
    for seconds in range(fleet.DurationModel.SAMPLES + 100):   # only the last SAMPLES count
        model.ended(kind, 4.0)
    assert model.expected(kind) == 4.0


def test_tests_still_running_keep_the_first_read_from_coming_too_soon():
    # Ten traceroutes began at 100; at 105 two have ended, after 3 s and 4 s. Nine in ten have not: the 90th
    # percentile is beyond 5 s, and the first read waits for the prior (the plain quantile of the two would say 4 s).
    clock = FakeClock()
    kind = ("ap", "traceroute")
    model = fleet.DurationModel(default=2.0, prior={kind: 12.0}, clock=clock)
    for _unused in range(10):
        model.began(kind, 100.0)
    clock.now = 105.0
    model.ended(kind, 3.0, 100.0)
    model.ended(kind, 4.0, 100.0)
    assert model.expected(kind) == 12.0
    # Still beyond what is known: the longest seen so far, at most PRIOR_BOUND x the prior.
    clock.now = 130.0
    model.ended(kind, 25.0, 100.0)
    assert model.expected(kind) == 25.0
    clock.now = 150.0
    model.ended(kind, 48.0, 100.0)
    assert model.expected(kind) == 12.0 * fleet.DurationModel.PRIOR_BOUND
    # At 112 six more have ended (5 s to 10 s), and two still run at 12 s: eight in ten ended by 10 s, not yet nine.
    model = fleet.DurationModel(default=2.0, prior={kind: 20.0}, clock=clock)
    for _unused in range(10):
        model.began(kind, 100.0)
    clock.now = 112.0
    for seconds in range(3, 11):
        model.ended(kind, float(seconds), 100.0)
    assert model.expected(kind) == 20.0
    # At 113 the ninth ends, after 11 s: nine in ten by 11 s.
    clock.now = 113.0
    model.ended(kind, 11.0, 100.0)
    assert model.expected(kind) == 11.0


def test_fleet_failures_by_policy():
    results = [dict(index=0, outcome="succeeded", negative_answer=False), dict(index=1, outcome="error", negative_answer=False),
               dict(index=2, outcome="succeeded", negative_answer=True), dict(index=3, outcome="running", negative_answer=False)]
    assert fleet.fleet_failures(results, "never") == []
    assert [r["index"] for r in fleet.fleet_failures(results, "error")] == [1, 3]
    assert [r["index"] for r in fleet.fleet_failures(results, "unreachable")] == [1, 2, 3]


def test_prepare_items_applies_include_raw_output_unless_the_item_sets_it():
    items = fleet.prepare_items([dict(device_type="ap", serial_number="S1", test="ping", destination="h.example"),
                                 dict(device_type="ap", serial_number="S2", test="ping", destination="h.example",
                                      include_raw_output=False, name="lobby")], include_raw_output=True)
    assert items[0]["body"]["includeRawOutput"] is True
    assert items[1]["body"]["includeRawOutput"] is False and items[1]["name"] == "lobby"


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_progress_line_counts_and_predicts_the_rest():
    clock, stats = FakeClock(), TransportStats()
    progress = fleet.FleetProgress(5000, stats, clock)
    assert progress.line() == "fleet_diagnostics: 0/5000 tests done, 0 errors, 0 rate-limited, 0 s elapsed"
    for index in range(1250):
        progress.finished(dict(outcome="error" if index < 3 else "succeeded"))
    stats.add(rate_limited=2)
    clock.now += 40.0
    assert progress.line() == ("fleet_diagnostics: 1250/5000 tests done, 3 errors, 2 rate-limited, 40 s elapsed, "
                               "about 120 s left")


def test_reporter_speaks_every_interval_and_once_at_the_end():
    lines = []
    progress = fleet.FleetProgress(2, TransportStats(), FakeClock())
    with fleet.ProgressReporter(progress, lines.append, 0.02):
        time.sleep(0.11)
        progress.finished(dict(outcome="succeeded"))
        progress.finished(dict(outcome="succeeded"))
    assert len(lines) >= 3
    assert all(line.startswith("fleet_diagnostics: 0/2 tests done") for line in lines[:-1])
    assert lines[-1].startswith("fleet_diagnostics: 2/2 tests done")


def test_reporter_stays_silent_on_a_short_run():
    lines = []
    with fleet.ProgressReporter(fleet.FleetProgress(1, TransportStats(), FakeClock()), lines.append, 10.0):
        pass
    assert lines == []


def test_no_interval_means_no_reporter():
    lines = []
    with fleet.ProgressReporter(fleet.FleetProgress(1, TransportStats(), FakeClock()), lines.append, 0):
        time.sleep(0.05)
    assert lines == []


def refuse(*_args, **_kwargs):
    raise requests.exceptions.ConnectionError(MaxRetryError(None, "/", reason=NewConnectionError(None, "refused")))


def test_a_fleet_gives_up_in_one_retry_window_when_central_is_gone(simulator, monkeypatch):
    """The transport starts refusing after two tests started: those keep their task_id and
    location, the rest fail at once without being sent, and the summary says when and why."""
    items = fleet.prepare_items([dict(device_type="ap", serial_number="TESTAP0001", test="ping",
                                      destination="10.0.%d.1" % index) for index in range(40)],
                                include_raw_output=False, api_version="v1")
    # Tests that last an hour: the two started never finish before Central goes, however fast simulated time runs.
    simulator.control("/sim/config", dict(test_duration=3600.0))
    client = build_client(simulator.params(max_retries=2, requests_per_second=1000.0), pool_size=4)
    original_start, original_request = fleet.start_test, client.transport.session.request
    started, in_flight, requests_in_flight, gone = [], threading.Condition(), [0], []

    def request_until_gone(*args, **kwargs):
        with in_flight:
            if gone:
                refuse()
            requests_in_flight[0] += 1
        try:
            return original_request(*args, **kwargs)
        finally:
            with in_flight:
                requests_in_flight[0] -= 1
                in_flight.notify_all()

    def start_then_vanish(*args, **kwargs):
        answer = original_start(*args, **kwargs)
        started.append(answer)
        if len(started) == 2:
            # Central goes at once: no answer already on its way may arrive after (it would say Central is back).
            with in_flight:
                gone.append(True)
                in_flight.wait_for(lambda: requests_in_flight[0] == 0)
        return answer

    monkeypatch.setattr(client.transport.session, "request", request_until_gone)

    monkeypatch.setattr(fleet, "start_test", start_then_vanish)
    results, summary = fleet.run_fleet(client, items, max_concurrency=2, poll_interval=0.1, wait_timeout=30)
    assert summary["central_unreachable_since"] and summary["retry_window_seconds"] == 3.0
    assert summary["started"] == 2 and summary["not_started"] == 38
    # One retry window (backoffs are cut short at its end), and the little it takes to fail what is left.
    assert summary["gave_up_after_seconds"] <= 3.0 + 1.0
    with_task = [fields for fields in results if fields["task_id"]]
    assert len(with_task) == 2 and all(fields["location"] and fields["outcome"] == "error" for fields in with_task)
    assert all("Central unreachable since" in fields["error"]["message"] for fields in results
               if not fields["task_id"])
    assert "38 of 40 tests not started, 2 started" in fleet.unreachable_message(summary)


def test_a_test_that_never_ends_is_running_at_its_deadline_and_costs_only_itself(simulator, simulated_time):
    # TESTAP0003's tests never end: at wait_timeout it is reported running with its last answer and an error naming
    # the task; the other device's tests, scheduled beside it, succeed.
    simulator.control("/sim/devices", dict(TESTAP0003=dict(task_outcome="never_ends")))
    items = fleet.prepare_items([dict(device_type="ap", serial_number=serial, test="ping", destination="10.0.0.%d" % index)
                                 for index, serial in enumerate(["TESTAP0001", "TESTAP0003"] * 4)],
                                include_raw_output=False, api_version="v1")
    client = build_client(simulator.params())
    results, summary = fleet.run_fleet(client, items, poll_interval=2.0, wait_timeout=60)
    stuck = [fields for fields in results if fields["serial_number"] == "TESTAP0003"]
    assert [fields["outcome"] for fields in results if fields["serial_number"] == "TESTAP0001"] == ["succeeded"] * 4
    assert summary["running"] == 4 and summary["succeeded"] == 4
    for fields in stuck:
        assert fields["status"] == "RUNNING" and fields["location"].endswith(fields["task_id"])
        assert "task %s test still RUNNING after 60 s" % fields["task_id"] in fields["error"]["message"]


def test_a_fleet_of_long_tests_waits_in_simulated_time(simulator, simulated_time):
    simulator.control("/sim/config", dict(test_duration=45.0))
    items = fleet.prepare_items([dict(device_type="ap", serial_number="TESTAP0001", test="ping",
                                      destination="10.0.%d.1" % index) for index in range(8)],
                                include_raw_output=False, api_version="v1")
    client = build_client(simulator.params(), pool_size=4)
    results, summary = fleet.run_fleet(client, items, max_concurrency=4, poll_interval=2.0, wait_timeout=600)
    assert [fields["outcome"] for fields in results] == ["succeeded"] * 8
    assert summary["wall_seconds"] >= 45.0 and simulated_time.skipped >= 45.0


def test_concurrency_keeps_the_rate_busy_within_its_bounds():
    # Little's law: R / 2.2 tests finish a second, each in flight for its mean duration; twice that, plus one.
    assert fleet.concurrency_for(7, 20.0, 10000) == 128
    assert fleet.concurrency_for(100, 2.0, 10000) == 182
    assert fleet.concurrency_for(100, 60.0, 10000) == fleet.MAX_AUTO_CONCURRENCY
    assert fleet.concurrency_for(100, 60.0, 12) == 12
    assert fleet.concurrency_for(None, 20.0, 10000) == fleet.UNPACED_CONCURRENCY
    assert fleet.concurrency_for(7, 0.0, 10) == 1


class WaitingTest:
    """What the Schedule needs of a test: its kind and poll."""

    def __init__(self, name, due, kind=("ap", "ping"), moves=False):
        self.name, self.kind = name, kind
        self.poll = type("Poll", (), dict(first_read_moves=moves, due=lambda _self: due()))()


def test_the_schedule_reads_what_is_due_first_then_starts_within_the_limit():
    clock = FakeClock()
    tests = [WaitingTest("t%d" % index, lambda: 0.0) for index in range(4)]
    schedule = fleet.Schedule([(clock.now, test) for test in tests], limit=2, clock=clock)
    assert [schedule.next()[1].name for _unused in range(2)] == ["t0", "t1"]
    assert schedule.in_flight == 2
    # t0 waits for a first read that moves with the kind's learned duration; t1 for a read at a fixed time.
    expected = [30.0]
    tests[0].poll = WaitingTest("t0", lambda: 100.0 + expected[0], moves=True).poll
    tests[1].poll = WaitingTest("t1", lambda: 110.0).poll
    schedule.read_later(tests[0])
    schedule.read_later(tests[1])
    clock.now = 110.0
    assert schedule.next() == ("read", tests[1])
    expected[0] = 0.0   # the kind turned out quicker: t0's read is due now
    assert schedule.next() == ("read", tests[0])
    schedule.finished()
    assert schedule.next() == ("start", tests[2])
    schedule.set_limit(4)
    assert schedule.next() == ("start", tests[3])
    for _unused in range(3):
        schedule.finished()
    assert schedule.unfinished == 0 and schedule.next() is None


def test_a_start_held_for_a_reset_waits_for_it_on_the_clock(simulated_time):
    clock = _clock.monotonic
    later = clock() + 40.0
    schedule = fleet.Schedule([(later, WaitingTest("held", lambda: 0.0))], limit=5, clock=clock)
    assert schedule.next()[0] == "start" and clock() >= later


def test_request_workers_follow_the_rate_within_bounds():
    assert fleet.request_workers(dict(requests_per_second=7)) == 7
    assert fleet.request_workers(dict(requests_per_second=1)) == fleet.MIN_WORKERS
    assert fleet.request_workers(dict(requests_per_second=1000)) == fleet.MAX_WORKERS
    assert fleet.request_workers(dict(requests_per_second=0)) == fleet.UNPACED_CONCURRENCY
    assert fleet.request_workers(dict(requests_per_second=100, max_concurrency=3)) == 3
    assert fleet.request_workers(dict(requests_per_second=100), tests=2) == 2


def test_unset_concurrency_follows_the_rate_and_the_learned_durations(simulator, simulated_time):
    # At 1 request/s a traceroute's typical 20 s calls for 19 tests in flight; these take 45 s, and the run ends
    # sized for what it measured (41), not for a fixed number.
    simulator.control("/sim/config", dict(test_duration=45.0))
    items = fleet.prepare_items([dict(device_type="ap", serial_number="TESTAP0001", test="traceroute",
                                      destination="10.0.%d.1" % index) for index in range(60)],
                                include_raw_output=False, api_version="v1")
    client = build_client(simulator.params(requests_per_second=1), pool_size=60)
    assert fleet.concurrency_for(1, 20.0, 60) == 19
    results, summary = fleet.run_fleet(client, items, poll_interval=2.0, wait_timeout=3600)
    assert [fields["outcome"] for fields in results] == ["succeeded"] * 60
    mean = sum(fields["duration_seconds"] for fields in results) / 60.0
    assert summary["max_concurrency"] == fleet.concurrency_for(1, mean, 60) == 41
    _results, summary = fleet.run_fleet(client, items[:10], max_concurrency=4, poll_interval=2.0, wait_timeout=3600)
    assert summary["max_concurrency"] == 4
