# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module through its real entry point, against the simulator over HTTP."""

from __future__ import annotations

import json

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.modules import test_result_info


@pytest.fixture
def run(run_module):
    return lambda args, _capsys: run_module(test_result_info, args)


SEEDS = [
    ("aps", "ping", "ap", "ap_ping"),
    ("gateways", "ping", "gateway", "gateway_ping"),
    ("aps", "traceroute", "ap", "ap_traceroute"),
    ("gateways", "traceroute", "gateway", "gateway_traceroute"),
    ("gateways", "pingSweep", "gateway", "gateway_ping_sweep"),
]


@pytest.mark.parametrize("device_path, test_path, device_type, name", SEEDS)
def test_each_seed_body_served_over_http_comes_back_normalized(
        run, simulator, seed, capsys, device_path, test_path, device_type, name):
    body = seed(name)
    simulator.control("/sim/tasks", dict(api_version="v1alpha1", device_path=device_path, serial="SEEDSERIAL1",
                                         test=test_path, task_id="seed-task-1", body=body))
    test = "ping_sweep" if test_path == "pingSweep" else test_path
    result = run(simulator.params(api_version="v1alpha1", device_type=device_type, test=test,
                                  serial_number="SEEDSERIAL1", task_id="seed-task-1"), capsys)
    assert result["rc"] == 0 and result["changed"] is False
    assert result["status"] == "COMPLETED" and result["outcome"] == "succeeded"
    assert result["output"] == body["output"]
    assert result["raw_output"] == body.get("rawOutput")
    expected = {
        "ap_ping": dict(packet_loss_percent=20.0, rtt_avg_ms=204.7, packets_received=4),
        "gateway_ping": dict(packet_loss_percent=0.0, rtt_avg_ms=207.567, packet_size_bytes=92),
        "ap_traceroute": dict(last_responding_hop=4, destination_reached=False, hop_count=30),
        "gateway_traceroute": dict(recovered_hops=[3, 4], destination_reached=True, hop_count=5),
        "gateway_ping_sweep": dict(largest_size_without_loss=50, success_rate_percent=100.0),
    }[name]
    assert {key: result["result"][key] for key in expected} == expected


def test_wait_follows_a_real_test_to_completion(run, simulator, capsys):
    import urllib.request
    request = urllib.request.Request(
        simulator.url + "/network-troubleshooting/v1/aps/TESTAP0001/ping", method="POST",
        data=json.dumps(dict(destination="www.example.com", count=4, includeRawOutput=True)).encode(),
        headers={"Authorization": "Bearer sim-static-token", "Content-Type": "application/json"})
    location = json.loads(urllib.request.urlopen(request).read())["location"]
    running = run(simulator.params(location=location), capsys)
    assert running["rc"] == 0 and running["outcome"] == "running" and running["result"] is None
    done = run(simulator.params(location=location, wait=True, poll_interval=0.1), capsys)
    assert done["outcome"] == "succeeded"
    assert done["result"]["packets_transmitted"] == 4 and done["result"]["reachable"] is True
    assert done["task_id"] == location.rsplit("/", 1)[1]
    assert "4 packets transmitted" in done["raw_output"]


def test_check_mode_still_reads(run, simulator, seed, capsys):
    simulator.control("/sim/tasks", dict(device_path="aps", serial="S1", test="ping", task_id="t1", body=seed("ap_ping")))
    result = run(simulator.params(location="/network-troubleshooting/v1/aps/S1/ping/async-operations/t1",
                                  _ansible_check_mode=True), capsys)
    assert result["rc"] == 0 and result["result"]["rtt_avg_ms"] == 204.7


@pytest.mark.parametrize("args, message", [
    (dict(device_type="switch", test="ping", serial_number="S", task_id="T"), "value of device_type must be one of"),
    (dict(device_type="ap", test="ping_sweep", serial_number="S", task_id="T"),
     "test ping_sweep runs only on device_type gateway (got 'ap')"),
    (dict(device_type="ap", test="ping", serial_number="S/../x", task_id="T"), "serial_number must be 1-128 letters"),
    (dict(device_type="ap", test="ping", serial_number="S", task_id="T?a=1"), "task_id must be 1-128 letters"),
    (dict(device_type="ap", test="ping", serial_number="S", task_id="has space"), "task_id must be"),
    (dict(device_type="ap", test="ping", serial_number="..", task_id="T"), "serial_number must be"),
    (dict(location="/elsewhere/T"), "location must look like"),
    (dict(device_type="gateway", location="/network-troubleshooting/v1/aps/S/ping/async-operations/T"),
     "device_type is 'gateway' but location is for 'ap'"),
    (dict(device_type="ap", test="ping", serial_number="S"), "one of the following is required: task_id, location"),
    (dict(device_type="ap", test="ping", serial_number="S", task_id="T", wait_timeout=0), "wait_timeout must be greater"),
])
def test_bad_input_fails_clearly_and_sends_nothing(run, simulator, capsys, args, message):
    result = run(simulator.params(**args), capsys)
    assert result["rc"] == 1 and result["failed"] is True
    assert message in result["msg"]
    assert "Traceback" not in json.dumps(result)
    assert simulator.stats() == {}


@pytest.mark.parametrize("base_url", ["ftp://127.0.0.1", "127.0.0.1:8080", "https://host/x?y=1"])
def test_non_http_base_url_is_refused_before_any_request(run, simulator, capsys, base_url):
    result = run(simulator.params(base_url=base_url, device_type="ap", test="ping", serial_number="S", task_id="T"),
                 capsys)
    assert result["rc"] == 1 and "base_url must be an http:// or https:// URL" in result["msg"]
    assert simulator.stats() == {}


def test_unknown_task_maps_to_task_not_found(run, simulator, capsys):
    result = run(simulator.params(api_version="v1alpha1", device_type="ap", test="ping", serial_number="TESTAP0001",
                                  task_id="nope"), capsys)
    assert result["rc"] == 1
    assert result["status_code"] == 404 and result["error_code"] == "HPE_GRAVITY_TASK_NOT_FOUND"
    assert result["msg"].startswith("Test task not found: Async operation task not found: nope")


def test_wrong_secret_fails_without_leaking_it(run, simulator, capsys):
    result = run(simulator.params(client_secret="wrong-secret-value", device_type="ap", test="ping",
                                  serial_number="TESTAP0001", task_id="x"), capsys)
    assert result["rc"] == 1 and result["msg"].startswith("Authentication failed")
    assert "wrong-secret-value" not in json.dumps(result)


def test_environment_supplies_the_connection(run, simulator, seed, capsys, monkeypatch):
    simulator.control("/sim/tasks", dict(device_path="gateways", serial="G1", test="ping", task_id="t9",
                                         body=seed("gateway_ping")))
    monkeypatch.setenv("CENTRAL_BASE_URL", simulator.url)
    monkeypatch.setenv("CENTRAL_ACCESS_TOKEN", "sim-static-token")
    result = run(dict(device_type="gateway", test="ping", serial_number="G1", task_id="t9"), capsys)
    assert result["rc"] == 0 and result["result"]["rtt_max_ms"] == 211.744
    assert "sim-static-token" not in json.dumps(result)


def test_wait_timeout_fails_with_the_task_id_and_last_state(run, simulator, capsys):
    simulator.control("/sim/tasks", dict(device_path="aps", serial="S1", test="ping", task_id="slow1",
                                         body=dict(status="RUNNING", progressPercent=40, output=None)))
    result = run(simulator.params(device_type="ap", test="ping", serial_number="S1", task_id="slow1", wait=True,
                                  wait_timeout=0.5, poll_interval=0.2), capsys)
    assert result["rc"] == 1 and result["msg"].startswith("Timed out waiting for the test: task slow1 test still RUNNING")
    assert result["task_id"] == "slow1" and result["progress_percent"] == 40 and result["outcome"] == "running"
