# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_diagnostics through its real entry point (the action plugin), against the simulator."""

from __future__ import annotations

import re

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.arubacentral.troubleshooting.plugins.action import fleet_diagnostics

MIXED = [
    dict(name="ap-ok", device_type="ap", serial_number="TESTAP0001", test="ping", destination="10.1.1.1", count=3),
    dict(name="ap-off", device_type="ap", serial_number="TESTAP0002", test="ping", destination="10.1.1.1"),
    dict(name="gw-path", device_type="gateway", serial_number="TESTGW0002", test="traceroute", destination="8.8.8.8"),
    dict(name="ghost", device_type="cx", serial_number="NOSUCHCX01", test="ping", destination="10.1.1.1"),
    dict(name="gw-mtu", device_type="gateway", serial_number="TESTGW0002", test="ping_sweep", destination="10.9.9.9",
         start_packet_size=1300, end_packet_size=1400, sweep_interval=20, count=2),
    dict(name="unresolved", device_type="aos_s", serial_number="TESTAS0001", test="ping", destination="x.invalid"),
]


@pytest.fixture
def run_action(run_action_plugin):
    def run(args, check_mode=False):
        return run_action_plugin(fleet_diagnostics, "arubacentral.troubleshooting.fleet_diagnostics", args, check_mode)
    return run


def test_one_device_failing_does_not_stop_the_others(run_action, simulator):
    result = run_action(simulator.params(tests=MIXED, fail_on="never", poll_interval=0.1))
    assert result["rc"] == 0 and result["changed"] is False
    by_name = {entry["name"]: entry for entry in result["results"]}
    assert [entry["index"] for entry in result["results"]] == list(range(len(MIXED)))
    assert by_name["ap-ok"]["outcome"] == "succeeded" and by_name["ap-ok"]["result"]["packets_transmitted"] == 3
    assert by_name["ap-off"]["outcome"] == "error" and by_name["ap-off"]["error"]["status_code"] == 409
    assert by_name["ghost"]["error"]["error_code"] == "HPE_GL_ERROR_DEVICE_NOT_FOUND"
    assert by_name["gw-path"]["negative_answer"] is True
    assert by_name["gw-mtu"]["result"]["largest_size_without_loss"] == 1360  # path MTU 1400 minus 28 header bytes
    assert by_name["unresolved"]["outcome"] == "failed"
    assert by_name["unresolved"]["fail_reason"] == "Destination not resolved"
    summary = result["summary"]
    assert (summary["total"], summary["succeeded"], summary["failed"], summary["error"]) == (6, 3, 1, 2)
    assert summary["unreachable"] == 1 and summary["rate_limited"] == 0
    assert summary["token_requests"] == 1
    starts = simulator.control("/sim/stats")["starts"]
    assert sorted(starts.values()) == [1, 1, 1, 1]


@pytest.mark.parametrize("fail_on, failing", [("error", 3), ("unreachable", 4)])
def test_fail_on(run_action, simulator, fail_on, failing):
    result = run_action(simulator.params(tests=MIXED, fail_on=fail_on, poll_interval=0.1))
    assert result["rc"] == 1
    assert result["msg"].startswith("%d of 6 tests did not pass (fail_on=%s)" % (failing, fail_on))
    assert "tests[1] ping 10.1.1.1 on TESTAP0002: Device offline" in result["msg"]
    assert len(result["results"]) == 6


@pytest.mark.parametrize("item, message", [
    (dict(device_type="ap", serial_number="S1", test="ping", destination="10.1.1.1", ttl=9),
     "tests[1]: option ttl is not supported by ping on device_type ap"),
    (dict(device_type="ap", serial_number="S1", test="ping_sweep", destination="10.1.1.1"),
     "tests[1]: test ping_sweep runs only on device_type gateway"),
    (dict(device_type="ap", serial_number="S/1", test="ping", destination="10.1.1.1"), "serial_number must be"),
    (dict(device_type="ap", test="ping", destination="10.1.1.1"), "tests[1]: serial_number is required"),
    (dict(device_type="ap", serial_number="S1", test="ping", destination="10.1.1.1", count=0),
     "tests[1]: count must be between 1 and 100 (got 0)"),
])
def test_one_bad_item_fails_before_anything_starts(run_action, simulator, item, message):
    result = run_action(simulator.params(tests=[MIXED[0], item]))
    assert result["rc"] == 1 and message in result["msg"]
    assert simulator.stats() == {}


def test_check_mode_validates_and_starts_nothing(run_action, simulator):
    result = run_action(simulator.params(tests=MIXED), check_mode=True)
    # One read (the device list's first device) for the budget Central states, after the token; no test started.
    budget = result["summary"].pop("budget")
    assert result["rc"] == 0 and result["summary"] == {"total": 6, "requests": 2}   # the token and the read
    assert budget["fits"] and budget["needs"] == 15 and budget["remaining"] == 99999
    assert result["msg"].startswith("check mode: 6 tests validated, none started; budget: 6 tests need about 15 "
                                    "requests (and up to 5 for failing devices' events); Central reports 99,999 "
                                    "left in this window (resets ")
    assert result["results"][4]["would_start"]["path"] == "/network-troubleshooting/v1/gateways/TESTGW0002/pingSweep"
    assert result["results"][4]["would_start"]["body"]["sweepInterval"] == 20
    stats = simulator.stats()
    assert stats["list"] == 1 and stats.get("start", 0) == 0 and simulator.control("/sim/stats")["starts"] == {}


def test_empty_list_is_refused(run_action, simulator):
    result = run_action(simulator.params(tests=[]))
    assert result["rc"] == 1 and "tests must list at least one test" in result["msg"]


@pytest.mark.parametrize("option, value, message", [
    ("fail_on", "sometimes", "fail_on must be one of: never, error, unreachable"),
    ("max_concurrency", 0, "max_concurrency must be at least 1, or unset to follow the rate (got 0)"),
    ("progress_interval", -1, "progress_interval must be 0 (no progress lines) or more (got -1.0)"),
])
def test_bad_options_are_named(run_action, simulator, option, value, message):
    try:
        result = run_action(simulator.params(tests=MIXED[:1], **{option: value}))
    except AnsibleActionFail as failure:  # the argument spec itself refused it
        result = dict(rc=1, msg=str(failure))
    assert result["rc"] == 1 and message in result["msg"]
    assert simulator.stats() == {}


def test_the_client_secret_is_never_returned(run_action, simulator):
    result = run_action(simulator.params(tests=MIXED[:2], fail_on="never", poll_interval=0.1))
    assert "sim-secret" not in repr(result)


def test_progress_lines_while_it_runs(run_action, simulator, capsys):
    # Progress is spoken in real time: every answer takes 50 ms of it, so the run lasts long enough to be heard.
    simulator.control("/sim/config", dict(slow_rate=1.0, slow_seconds=0.05))
    result = run_action(simulator.params(tests=MIXED, fail_on="never", poll_interval=0.1, progress_interval=0.1))
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("fleet_diagnostics:")]
    assert len(lines) >= 2, lines
    pattern = re.compile(r"^fleet_diagnostics: (\d+)/6 tests done, (\d+) errors, 0 rate-limited, \d+ s elapsed")
    assert all(pattern.match(line) for line in lines), lines
    assert lines[-1].startswith("fleet_diagnostics: 6/6 tests done, 3 errors")
    assert result["summary"]["total"] == 6


def test_a_rerun_with_the_journal_starts_nothing_twice(run_action, simulator, tmp_path):
    journal = str(tmp_path / "nightly.journal")
    first = run_action(simulator.params(tests=MIXED, fail_on="never", poll_interval=0.1, journal=journal))
    starts = simulator.stats()["start"]
    again = run_action(simulator.params(tests=MIXED, fail_on="never", poll_interval=0.1, journal=journal))
    assert simulator.stats()["start"] == starts
    assert again["summary"]["from_journal"] == first["summary"]["started"] == 4
    assert [entry["task_id"] for entry in again["results"]] == [entry["task_id"] for entry in first["results"]]
    # The device that is offline or unknown was never accepted: tried again, refused again.
    assert [entry["from_journal"] for entry in again["results"]] == [True, False, True, False, True, True]


def test_check_mode_leaves_the_journal_alone(run_action, simulator, tmp_path):
    journal = tmp_path / "nightly.journal"
    result = run_action(simulator.params(tests=MIXED, journal=str(journal)), check_mode=True)
    assert result["rc"] == 0 and not journal.exists()


OTHERS = [
    dict(device_type="ap", serial_number="TESTAP0001", test="nslookup", host="gone.invalid"),
    dict(device_type="ap", serial_number="TESTAP0001", test="tcp", host="app.example.com", port=443),
    dict(device_type="cx", serial_number="TESTCX0001", test="aaa", server="10.1.1.10", username="reject-me",
         password="fleet-radius-pw", auth_method="chap"),
    dict(device_type="gateway", serial_number="TESTGW0001", test="arp_table"),
    dict(device_type="cx", serial_number="TESTCX0001", test="cable_test", ports=["1/1/1"]),
]


def test_other_tests_run_with_their_targets_and_negative_answers(run_action, simulator):
    result = run_action(simulator.params(tests=OTHERS, fail_on="unreachable", poll_interval=0.05))
    assert result["rc"] == 1 and result["summary"]["succeeded"] == 5 and result["summary"]["unreachable"] == 2
    assert [entry["destination"] for entry in result["results"]] == [
        "gone.invalid", "app.example.com:443", "10.1.1.10", None, "1/1/1"]
    assert [entry["negative_answer"] for entry in result["results"]] == [True, False, True, False, False]
    assert result["results"][1]["result"]["port"] == 443
    assert "tests[0] nslookup gone.invalid on TESTAP0001: gone.invalid did not resolve" in result["msg"]
    # The items carry no include_raw_output: these tests have no such field; the ARP table is sent no body at all.
    bodies = dict((task.test, task.body) for task in simulator.sim.tasks.values())
    assert bodies.pop("getArpTable") is None
    assert all("includeRawOutput" not in body for body in bodies.values())


def test_a_radius_password_is_masked_in_everything_returned(run_action, simulator):
    ran = run_action(simulator.params(tests=OTHERS[2:3], fail_on="never", poll_interval=0.05))
    planned = run_action(simulator.params(tests=OTHERS[2:3]), check_mode=True)
    assert next(iter(simulator.sim.tasks.values())).body["password"] == "fleet-radius-pw"
    assert ran["results"][0]["result"]["authenticated"] is False
    assert planned["results"][0]["would_start"]["body"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    for result in (ran, planned):
        assert "fleet-radius-pw" not in repr(result)


def test_a_failing_device_s_recent_events_come_with_its_result_and_a_passing_one_s_never(run_action, simulator):
    sites = dict((row["serialNumber"], row["siteId"]) for row in simulator.sim.list_rows("v1"))
    tests = [dict(device_type="ap", serial_number=serial, test="ping", destination="10.0.0.1", count=3, name=serial,
                  site_id=sites[serial]) for serial in ("TESTAP0001", "TESTAP0002", "TESTAP0003")]
    tests.append(dict(device_type="gateway", serial_number="TESTGW0002", test="ping", destination="8.8.8.8"))
    result = run_action(simulator.params(tests=tests, fail_on="never", poll_interval=0.05))
    by_name = dict((entry["name"] or entry["serial_number"], entry) for entry in result["results"])
    # TESTAP0002 is offline (an error), TESTAP0003 loses 40% (succeeded: a fleet result, judged by the report).
    assert by_name["TESTAP0002"]["outcome"] == "error"
    # 30 minutes before the run by default: the disconnection of 12 minutes ago, not the change of 2 hours ago.
    assert [event["name"] for event in by_name["TESTAP0002"]["events"]] == ["Device disconnected"]
    assert "events" not in by_name["TESTAP0001"] and "events" not in by_name["TESTAP0003"]
    # The gateway failed too (no path to 8.8.8.8) but names no site: nothing asked for it.
    assert by_name["TESTGW0002"]["negative_answer"] is True and "events" not in by_name["TESTGW0002"]
    assert result["summary"]["events_requests"] == 1 and simulator.stats()["events"] == 1


def test_events_can_be_turned_off_and_a_bad_window_is_named(run_action, simulator):
    tests = [dict(device_type="ap", serial_number="TESTAP0002", test="ping", destination="10.0.0.1", site_id="1002")]
    off = run_action(simulator.params(tests=tests, fail_on="never", events_since="off"))
    assert "events" not in off["results"][0] and simulator.stats().get("events", 0) == 0
    bad = run_action(simulator.params(tests=tests, events_since="a while"))
    assert bad["rc"] == 1 and "events_since must be a duration such as 30m" in bad["msg"]
