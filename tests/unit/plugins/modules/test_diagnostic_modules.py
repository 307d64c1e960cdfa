# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ping, traceroute and ping_sweep through their real entry points, against the simulator."""

from __future__ import annotations

import json

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.modules import ping, ping_sweep, traceroute


def test_ping_waits_and_returns_the_typed_result(run_module, simulator):
    result = run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0003", destination="10.1.1.1",
                                               count=10, poll_interval=0.1))
    assert result["rc"] == 0 and result["changed"] is False
    assert result["outcome"] == "succeeded" and result["status"] == "COMPLETED"
    assert result["result"]["packets_transmitted"] == 10
    assert result["result"]["packet_loss_percent"] == 40.0  # TESTAP0003 is the lossy one
    assert len(result["result"]["replies"]) == 6
    assert result["location"].endswith("/async-operations/" + result["task_id"])
    assert simulator.control("/sim/stats")["starts"] == {"TESTAP0003/ping/10.1.1.1": 1}


def test_only_the_options_set_are_sent(run_module, simulator):
    run_module(ping, simulator.params(device_type="gateway", serial_number="TESTGW0001", destination="10.1.1.1",
                                      dont_fragment=True, packet_size=1400, include_raw_output=False, wait=False))
    task = next(iter(simulator.sim.tasks.values()))
    assert task.body == {"destination": "10.1.1.1", "dontFragmentFlag": True, "packetSize": 1400,
                         "includeRawOutput": False}


def test_no_wait_returns_the_task_to_fetch_later(run_module, simulator):
    result = run_module(traceroute, simulator.params(device_type="cx", serial_number="TESTCX0001",
                                                     destination="www.example.com", vrf_name="mgmt", wait=False))
    assert result["rc"] == 0 and result["status"] == "INITIATED"
    assert result["location"] == "/network-troubleshooting/v1/cx/TESTCX0001/traceroute/async-operations/" + result["task_id"]
    assert "result" not in result
    assert simulator.stats().get("poll", 0) == 0


@pytest.mark.parametrize("module, args", [
    (ping, dict(device_type="ap", serial_number="TESTAP0001", destination="10.1.1.1")),
    (traceroute, dict(device_type="aos_s", serial_number="TESTAS0001", destination="10.1.1.1", vlan=10)),
    (ping_sweep, dict(device_type="gateway", serial_number="TESTGW0001", destination="10.1.1.1",
                      start_packet_size=1400, end_packet_size=1500, sweep_interval=50)),
])
def test_check_mode_starts_nothing(run_module, simulator, module, args):
    result = run_module(module, simulator.params(_ansible_check_mode=True, **args))
    assert result["rc"] == 0 and result["changed"] is False
    assert result["task_id"] is None
    assert result["would_start"]["method"] == "POST"
    assert result["would_start"]["body"]["destination"] == "10.1.1.1"
    assert simulator.stats() == {}


@pytest.mark.parametrize("module, args, message", [
    (ping, dict(device_type="ap", destination="10.1.1.1", ttl=3), "option ttl is not supported by ping on device_type ap"),
    (ping, dict(device_type="cx", destination="10.1.1.1", count=101), "count must be between 1 and 100 (got 101)"),
    (ping, dict(device_type="gateway", destination="10.1.1.1", source_interface="eth0"),
     "source_interface must be one of loopback, mgmt-interface, vlan-interface"),
    (ping, dict(device_type="ap", destination="no such host!"), "destination must be a host name, an IPv4 or an IPv6"),
    (ping, dict(device_type="ap", destination="10.1.1.1", serial_number="AB/../CD"), "serial_number must be"),
    (ping, dict(device_type="ap", destination="10.1.1.1", wait_timeout=-1), "wait_timeout must be greater than 0"),
    (ping_sweep, dict(device_type="gateway", destination="1.1.1.1", start_packet_size=100, end_packet_size=2000,
                      sweep_interval=10), "would send 955 ICMP requests"),
    (ping_sweep, dict(device_type="ap", destination="1.1.1.1", start_packet_size=1, end_packet_size=2,
                      sweep_interval=1), "value of device_type must be one of: gateway"),
    (traceroute, dict(device_type="gateway", destination="1.1.1.1", vrf_name="x"),
     "option vrf_name is not supported by traceroute on device_type gateway"),
])
def test_bad_options_fail_before_any_request(run_module, simulator, module, args, message):
    args.setdefault("serial_number", "TESTAP0001")
    result = run_module(module, simulator.params(**args))
    assert result["rc"] == 1 and message in result["msg"]
    assert simulator.stats() == {}


def test_a_failed_test_fails_the_task_with_its_reason(run_module, simulator):
    result = run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0001",
                                               destination="nowhere.invalid", poll_interval=0.1))
    assert result["rc"] == 1
    assert result["fail_reason"] == "Destination not resolved" and result["outcome"] == "failed"
    assert result["task_id"] in result["msg"] and "Destination not resolved" in result["msg"]


def test_fail_on_unreachable(run_module, simulator):
    args = simulator.params(device_type="gateway", serial_number="TESTGW0002", destination="8.8.8.8", poll_interval=0.1)
    tolerated = run_module(traceroute, args)
    assert tolerated["rc"] == 0 and tolerated["result"]["destination_reached"] is False
    assert tolerated["result"]["last_responding_hop"] == 2
    failed = run_module(traceroute, dict(args, fail_on_unreachable=True))
    assert failed["rc"] == 1 and "destination 8.8.8.8 did not answer" in failed["msg"]
    assert failed["result"]["destination_reached"] is False


@pytest.mark.parametrize("serial, status, code, message", [
    ("TESTAP0002", 409, "HPE_GL_ERROR_DEVICE_OFFLINE", "Device offline"),
    ("NOSUCHAP01", 404, "HPE_GL_ERROR_DEVICE_NOT_FOUND", "Device not found"),
    ("TESTFORBID1", 403, "HPE_GL_ERROR_FORBIDDEN", "Permission denied"),
])
def test_start_errors_are_mapped(run_module, simulator, serial, status, code, message):
    result = run_module(ping, simulator.params(device_type="ap", serial_number=serial, destination="10.1.1.1"))
    assert result["rc"] == 1 and result["status_code"] == status and result["error_code"] == code
    assert result["msg"].startswith(message)


def test_server_side_validation_message_is_passed_on(run_module, simulator, monkeypatch):
    # A body the collection let through (a range Central tightened) comes back as Central's own 400 message.
    from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _catalogue as catalogue
    monkeypatch.setattr(catalogue._PACKET_SIZE, "maximum", 5000)  # pylint: disable=protected-access
    result = run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0001", destination="10.1.1.1",
                                               packet_size=3000))
    assert result["rc"] == 1 and result["status_code"] == 400
    assert "packetSize must be between 10 and 2000" in result["msg"]


def test_wait_timeout_reports_the_task_to_fetch_later(run_module, simulator):
    simulator.control("/sim/config", {"test_duration": 30})
    result = run_module(ping_sweep, simulator.params(device_type="gateway", serial_number="TESTGW0001",
                                                     destination="1.1.1.1", start_packet_size=1400,
                                                     end_packet_size=1500, sweep_interval=50,
                                                     wait_timeout=0.3, poll_interval=0.1))
    assert result["rc"] == 1 and result["outcome"] == "running"
    assert result["task_id"] and result["task_id"] in result["msg"]
    assert "test_result_info" in result["msg"]


def test_no_secret_in_any_result(run_module, simulator):
    result = run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0001", destination="10.1.1.1",
                                               poll_interval=0.1))
    text = json.dumps(result)
    assert "sim-secret" not in text
    assert not any(token in text for token in simulator.sim.tokens)
