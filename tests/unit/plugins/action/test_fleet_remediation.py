# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_remediation through its real entry point (the action plugin), against the simulator."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.action import fleet_remediation

ACTIONS = [
    dict(name="lobby-ap-port", action="poe_bounce", device_type="cx", serial_number="TESTCX0001", ports=["1/1/7"]),
    dict(name="bad-port", action="port_bounce", device_type="aos_s", serial_number="TESTAS0001", ports=["3", "99"]),
    dict(name="ap-reboot", action="reboot", device_type="ap", serial_number="TESTAP0001"),
    dict(name="kick", action="disconnect_clients", device_type="gateway", serial_number="TESTGW0001",
         mac_address="AA:BB:CC:DD:EE:01"),
]


@pytest.fixture
def run_action(run_action_plugin):
    def run(args, check_mode=False):
        return run_action_plugin(fleet_remediation, "arubacentral.troubleshooting.fleet_remediation", args, check_mode)
    return run


def actions_sent(simulator):
    return simulator.control("/sim/stats")["actions"]


def test_check_mode_returns_the_plan_and_sends_nothing(run_action, simulator):
    result = run_action(simulator.params(actions=ACTIONS, allow_changes=True), check_mode=True)
    assert not result.get("failed") and result["changed"] is True
    assert [entry["would_start"]["path"].rsplit("/", 1)[-1] for entry in result["results"]] == [
        "poeBounce", "portBounce", "reboot", "disconnectClientByMacAddress"]
    assert result["results"][3]["would_start"]["body"] == {"clientMacAddress": "aa:bb:cc:dd:ee:01"}
    assert simulator.stats() == {}


def test_nothing_is_sent_without_allow_changes(run_action, simulator):
    result = run_action(simulator.params(actions=ACTIONS))
    assert result["failed"] and "set allow_changes: true to carry it out" in result["msg"]
    assert len(result["results"]) == 4 and simulator.stats() == {}


def test_a_bad_item_is_named_before_anything_is_sent(run_action, simulator):
    bad = dict(action="poe_bounce", device_type="cx", serial_number="TESTCX0001", ports=["7"])
    result = run_action(simulator.params(actions=[ACTIONS[0], bad], allow_changes=True))
    assert result["failed"] and result["msg"].startswith("Invalid request: actions[1]: ports: '7' is not a port of a cx")
    assert simulator.stats() == {}


def test_max_failures_stops_new_actions(run_action, simulator):
    result = run_action(simulator.params(actions=ACTIONS, allow_changes=True, max_concurrency=1, max_failures=1,
                                         poll_interval=0.1))
    outcomes = [entry["outcome"] for entry in result["results"]]
    assert outcomes == ["succeeded", "partial", "skipped", "skipped"]
    assert result["failed"] and result["changed"] is True
    assert result["results"][1]["changed"] is True  # port 3 was bounced, 99 was not
    assert result["summary"]["skipped"] == 2 and result["summary"]["changed"] == 2
    assert actions_sent(simulator) == {"TESTCX0001/poeBounce": 1, "TESTAS0001/portBounce": 1}


def test_every_action_once_and_a_rerun_with_the_journal_sends_none(run_action, simulator, tmp_path):
    journal = str(tmp_path / "recovery.journal")
    args = simulator.params(actions=ACTIONS, allow_changes=True, max_failures=10, fail_on_partial=False,
                            poll_interval=0.1, journal=journal)
    first = run_action(args)
    assert not first.get("failed") and first["summary"]["changed"] == 4
    again = run_action(args)
    assert again["summary"]["from_journal"] == 4 and again["summary"]["changed"] == 0 and again["changed"] is False
    assert actions_sent(simulator) == {"TESTCX0001/poeBounce": 1, "TESTAS0001/portBounce": 1,
                                       "TESTAP0001/reboot": 1, "TESTGW0001/disconnectClientByMacAddress": 1}


def test_a_start_answered_500_is_never_sent_again(run_action, simulator):
    simulator.control("/sim/config", dict(post_error_rate=1.0))
    result = run_action(simulator.params(actions=ACTIONS, allow_changes=True, max_failures=10))
    assert result["failed"] and [entry["outcome"] for entry in result["results"]] == ["error"] * 4
    assert simulator.stats()["injected_500"] == 4 and simulator.stats()["api"] == 4
