# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_diagnostics and fleet_report through their action plugins with hostile answers and inputs: one bad
answer costs only its own test, the journal is locked and checked, and every report is written and valid."""

from __future__ import annotations

import json
import os
import stat
from xml.etree import ElementTree

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.action import fleet_diagnostics, fleet_report
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _fleet as fleet
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parsers as parsers
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._journal import Journal, assign_journal_keys

TASK = "/network-troubleshooting/v1/aps/TESTAP0001/ping/async-operations/"
PINGS = [dict(name="ap-%d" % index, device_type="ap", serial_number="TESTAP0001", test="ping",
              destination="10.0.0.%d" % index) for index in range(1, 6)]


@pytest.fixture
def run_fleet(run_action_plugin):
    def run(args, check_mode=False):
        return run_action_plugin(fleet_diagnostics, "arubacentral.troubleshooting.fleet_diagnostics", args, check_mode)
    return run


@pytest.fixture
def run_report(run_action_plugin):
    def run(args, check_mode=False):
        return run_action_plugin(fleet_report, "arubacentral.troubleshooting.fleet_report", args, check_mode)
    return run


@pytest.mark.parametrize("start_answer, canned, expected", [
    (dict(location=42), None, "location of ping on TESTAP0001 refused (not text"),
    (dict(location=TASK + "bad1", status="INITIATED"), [1, 2], "Central's answer is a list"),
    (dict(location=TASK + "bad1", status="INITIATED"), None, "Central's answer is empty"),
    (dict(location=TASK + "bad1", status="INITIATED"), dict(status=["COMPLETED"]), "status is not text (list)"),
    (dict(location="/network-troubleshooting/v1/aps/TESTAP0003/ping/async-operations/x"), None, "another device's task"),
])
def test_one_malformed_answer_costs_only_its_own_test(run_fleet, simulator, start_answer, canned, expected):
    simulator.control("/sim/start-answers", [dict(body=start_answer)])
    simulator.control("/sim/tasks", dict(device_path="aps", serial="TESTAP0001", test="ping", task_id="bad1",
                                         body=canned))
    # One worker: the first item gets the canned start answer.
    result = run_fleet(simulator.params(tests=PINGS, fail_on="never", poll_interval=0.1, max_concurrency=1))
    assert result["rc"] == 0 and len(result["results"]) == 5
    first, others = result["results"][0], result["results"][1:]
    assert first["outcome"] == "error" and expected in first["error"]["message"], first["error"]
    assert all(entry["outcome"] == "succeeded" and entry["result"]["reachable"] for entry in others)
    assert result["summary"]["succeeded"] == 4 and result["summary"]["error"] == 1


def test_an_answer_no_check_foresaw_costs_only_its_own_test(run_fleet, simulator, monkeypatch):
    def broken(output, raw_output=None):
        raise RuntimeError("a parser bug")
    monkeypatch.setitem(parsers.NORMALIZERS, "traceroute", broken)
    tests = PINGS[:2] + [dict(name="trace", device_type="ap", serial_number="TESTAP0001", test="traceroute",
                              destination="10.0.0.9")]
    result = run_fleet(simulator.params(tests=tests, fail_on="never", poll_interval=0.1))
    assert [entry["outcome"] for entry in result["results"]] == ["succeeded", "succeeded", "error"]
    assert result["results"][2]["error"]["message"] == ("traceroute on TESTAP0001: Central's answer could not be read "
                                                        "(RuntimeError: a parser bug)")


@pytest.mark.parametrize("item, expected", [
    (dict(device_type=["ap"], serial_number="S1", test="ping", destination="10.0.0.1"),
     "tests[0]: device_type must be a string; one of ap, gateway, cx, aos_s (got a list)"),
    (dict(device_type="ap", serial_number="S1", test={"ping": 1}, destination="10.0.0.1"),
     "tests[0]: test must be a string; one of "),
    (dict(device_type="ap", serial_number=["S1"], test="ping", destination="10.0.0.1"),
     "tests[0]: serial_number must be a string (got a list)"),
    (dict(device_type="ap", serial_number="S1\n", test="ping", destination="10.0.0.1"),
     "serial_number must be 1-128 letters, digits, '-' or '_' (got 'S1\\n')"),
])
def test_an_item_of_the_wrong_type_is_named(run_fleet, simulator, item, expected):
    result = run_fleet(simulator.params(tests=[item]))
    assert result["rc"] == 1 and expected in result["msg"] and "unhashable" not in result["msg"]
    assert simulator.stats().get("start", 0) == 0


def test_a_journal_held_by_another_run_fails_at_once_and_starts_nothing(run_fleet, simulator, tmp_path):
    path = str(tmp_path / "run.journal")
    holder = Journal(path)
    try:
        result = run_fleet(simulator.params(tests=PINGS, journal=path, poll_interval=0.1))
    finally:
        holder.close()
    assert result["rc"] == 1 and "journal %s is in use by another run" % path in result["msg"]
    assert simulator.stats().get("start", 0) == 0
    # Once the holder is gone, the journal is free again.
    assert run_fleet(simulator.params(tests=PINGS, journal=path, poll_interval=0.1))["rc"] == 0


def test_the_journal_is_private_and_no_symlink(run_fleet, simulator, tmp_path):
    path = tmp_path / "run.journal"
    path.write_text("")
    os.chmod(str(path), 0o644)
    assert run_fleet(simulator.params(tests=PINGS[:1], journal=str(path), poll_interval=0.1))["rc"] == 0
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    target = tmp_path / "elsewhere"
    target.write_text("")
    link = tmp_path / "link.journal"
    link.symlink_to(target)
    result = run_fleet(simulator.params(tests=PINGS[:1], journal=str(link), poll_interval=0.1))
    assert result["rc"] == 1 and "is a symlink: refused" in result["msg"] and target.read_text() == ""


def test_a_journal_entry_of_another_device_is_not_taken_for_the_item(run_fleet, simulator, tmp_path):
    items = assign_journal_keys(fleet.prepare_items(PINGS[:2], include_raw_output=True, api_version="v1"))
    path = tmp_path / "run.journal"
    # The first item's key, but the task of another access point: hand-edited, or a journal of another fleet.
    path.write_text(json.dumps(dict(key=items[0]["journal_key"], serial_number="TESTAP0003", device_type="ap",
                                    test="ping", task_id="T1",
                                    location="/network-troubleshooting/v1/aps/TESTAP0003/ping/async-operations/T1"))
                    + "\n")
    os.chmod(str(path), 0o600)
    result = run_fleet(simulator.params(tests=PINGS[:2], journal=str(path), fail_on="never", poll_interval=0.1))
    first, second = result["results"]
    assert first["outcome"] == "error" and "the entry is for TESTAP0003, not TESTAP0001" in first["error"]["message"]
    assert second["outcome"] == "succeeded" and simulator.stats()["start"] == 1


def completed(name, **fields):
    entry = dict(name=name, serial_number=name.upper(), device_type="ap", test="ping", destination="10.0.0.1",
                 task_id="t-" + name, outcome="succeeded", duration_seconds=1.0, error=None)
    entry.update(fields)
    return entry


HOSTILE_RESULTS = [
    completed("no-output", result=None, output=None),
    completed("empty", result={}),
    completed("strings", result=dict(reachable=True, packet_loss_percent="lots", rtt_avg_ms="2.5", replies=["x"])),
    completed("numbers-as-text", result=dict(reachable=True, packet_loss_percent="0", rtt_avg_ms="2.5")),
    dict(completed("surrogate"), outcome="failed", fail_reason="bad \ud800 reason", result=None),
    completed("\x1b[31mred\x1b[0m\x00\x07\ufffe-ap",
              result=dict(reachable=True, packet_loss_percent=0.0, rtt_avg_ms=1.0)),
]


def test_every_report_is_written_whatever_the_results_hold(run_report, tmp_path):
    report_dir = tmp_path / "reports"
    result = run_report(dict(check="reachability", results=HOSTILE_RESULTS, report_dir=str(report_dir),
                             thresholds=dict(max_packet_loss_percent=5),
                             summary={"requests": "<script>alert(1)</script>", "wall_seconds": "soon"}))
    assert result["rc"] == 0, result.get("msg")
    verdicts = dict((item["name"], item) for item in result["verdicts"])
    assert verdicts["no-output"]["verdict"] == "error"
    assert verdicts["no-output"]["reasons"] == ["the test completed with no result to judge (no output)"]
    assert verdicts["empty"]["verdict"] == "error"
    assert verdicts["strings"]["reasons"] == ["the result cannot be judged: packet_loss_percent is 'lots', not a number"]
    assert verdicts["numbers-as-text"]["verdict"] == "pass"
    assert verdicts["surrogate"]["reasons"] == ["bad \ufffd reason"]
    assert "red\ufffd\ufffd\ufffd-ap" in verdicts
    html = (report_dir / "reachability.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # An XML 1.0 parser reads the JUnit report: no control character, escape or U+FFFE is left in it.
    junit = ElementTree.parse(str(report_dir / "reachability.junit.xml")).getroot()
    assert len(junit.findall(".//testcase")) == len(HOSTILE_RESULTS)
    data = json.loads((report_dir / "reachability.json").read_text())
    assert "\x1b" not in json.dumps(data, ensure_ascii=False)
    assert all("\x1b" not in line for line in result["summary_lines"])


@pytest.mark.parametrize("name", ["../../x", "/tmp/x", "a/b", "..", ".hidden", "x\n"])
def test_report_name_is_a_plain_file_name(run_report, tmp_path, name):
    result = run_report(dict(check="reachability", results=[], report_dir=str(tmp_path / "reports"), report_name=name))
    assert result["rc"] == 1 and "report_name must be a plain file name" in result["msg"]
    assert not (tmp_path / "reports").exists() and not (tmp_path / "x").exists()
