# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile and broken answers of Central through the modules' real entry points, over HTTP to the simulator:
a location is followed only when it is this device's and this test's task on the configured host, a malformed
answer is a clear error naming the field and the device, never a traceback, and nothing leaves the host."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.modules import ping, poe_bounce, test_result_info

TASK = "/network-troubleshooting/v1/aps/TESTAP0001/ping/async-operations/"


def start_ping(run_module, simulator, answer, **extra):
    """Run the ping module with the simulator answering the start with ``answer`` verbatim."""
    simulator.control("/sim/start-answers", [dict(body=answer)])
    return run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0001", destination="10.0.0.1",
                                             poll_interval=0.1, **extra))


@pytest.fixture
def second_server():
    """Another listener on loopback, to show that nothing is ever sent to it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    connections = []

    def accept():
        while True:
            try:
                connections.append(listener.accept()[0])
            except socket.timeout:
                continue
            except OSError:
                return
    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1], connections
    listener.close()


def connections_before_now(port, connections):
    """The connections the second server had before this call: connections are accepted in order, so once a marker
    made now is accepted, every earlier one has been."""
    marker = socket.create_connection(("127.0.0.1", port))
    while not connections:
        time.sleep(0.001)
    marker.close()
    return len(connections) - 1


@pytest.mark.parametrize("location, why", [
    ("http://127.0.0.1:{port}" + TASK + "T1", "another scheme, host or port"),
    (":{port}" + TASK + "T1", "not a task path"),
    ("@127.0.0.1:{port}" + TASK + "T1", "not a task path"),
    ("//127.0.0.1:{port}" + TASK + "T1", "not a task path"),
    (TASK + "T1/../../../../../network-monitoring/v1/device-inventory", "not a task path"),
    (TASK + "T1?next=2", "a task id that is not letters"),
    (TASK + "T1\n", "a task id that is not letters"),
    ("/network-troubleshooting/v1/aps/TESTAP0003/ping/async-operations/T1", "another device's task"),
    ("/network-troubleshooting/v1/aps/TESTAP0001/traceroute/async-operations/T1", "another test's task"),
    ("/network-troubleshooting/v1/gateways/TESTAP0001/ping/async-operations/T1", "another device type"),
    ("/network-troubleshooting/v1alpha1/aps/TESTAP0001/ping/async-operations/T1", "another API version"),
])
def test_a_location_off_this_task_is_refused_and_nothing_is_sent(run_module, simulator, second_server, location, why):
    port, connections = second_server
    result = start_ping(run_module, simulator, dict(location=location.format(port=port), status="INITIATED"))
    assert result["rc"] == 1 and "Traceback" not in result["msg"]
    assert "location of ping on TESTAP0001 refused (%s" % why in result["msg"]
    assert "nothing was sent there" in result["msg"]
    assert simulator.stats().get("poll", 0) == 0
    assert connections_before_now(port, connections) == 0


def test_an_absolute_location_on_the_configured_host_is_followed(run_module, simulator):
    simulator.control("/sim/tasks", dict(device_path="aps", serial="TESTAP0001", test="ping", task_id="abs1",
                                         body=dict(status="COMPLETED", output=dict(packetLossPercent="0"))))
    result = start_ping(run_module, simulator, dict(location=simulator.url + TASK + "abs1", status="INITIATED"))
    assert result["rc"] == 0 and result["location"] == TASK + "abs1" and result["task_id"] == "abs1"


@pytest.mark.parametrize("answer, field", [
    (dict(location=42), "location of ping on TESTAP0001 refused (not text"),
    (dict(location=["x"]), "location of ping on TESTAP0001 refused (not text"),
    (dict(status="INITIATED"), "Central accepted the test but returned no location"),
    ([TASK + "T1"], "Central accepted the test but returned no location"),
    (dict(location=TASK + "T1", status=["INITIATED"]), "in Central's answer, status is not text (list)"),
])
def test_a_malformed_start_answer_names_the_field_and_the_device(run_module, simulator, answer, field):
    result = start_ping(run_module, simulator, answer)
    assert result["rc"] == 1 and field in result["msg"] and "TESTAP0001" in result["msg"]
    assert simulator.stats().get("poll", 0) == 0


def read_canned(run_module, simulator, body, **extra):
    simulator.control("/sim/tasks", dict(device_path="aps", serial="TESTAP0001", test="ping", task_id="c1", body=body))
    return run_module(test_result_info, simulator.params(device_type="ap", test="ping", serial_number="TESTAP0001",
                                                         task_id="c1", **extra))


@pytest.mark.parametrize("body, expected", [
    ([1, 2], "ping on TESTAP0001 (task c1): Central's answer is a list, not an object with a status"),
    (None, "ping on TESTAP0001 (task c1): Central's answer is empty, not an object with a status"),
    ("COMPLETED", "ping on TESTAP0001 (task c1): Central's answer is a str"),
    (dict(status=["COMPLETED"]), "ping on TESTAP0001 (task c1): in Central's answer, status is not text (list)"),
    (dict(status="COMPLETED", endTime={"at": 1}), "in Central's answer, endTime is not text (dict)"),
])
def test_a_malformed_poll_answer_is_one_clear_error(run_module, simulator, body, expected):
    result = read_canned(run_module, simulator, body)
    assert result["rc"] == 1 and expected in result["msg"], result["msg"]
    assert "Unexpected answer from Central" in result["msg"]


def test_values_that_cannot_be_read_are_null_with_a_note(run_module, simulator, seed):
    body = seed("ap_ping")
    body.update(rawOutput=12345, startTime="2025-13-45T10:00:00Z")
    body["output"]["replies"] = ["not a reply", 7, None] + body["output"]["replies"][:1]
    result = read_canned(run_module, simulator, body)
    assert result["rc"] == 0 and result["outcome"] == "succeeded"
    assert result["raw_output"] is None and result["duration_seconds"] is None
    assert len(result["result"]["replies"]) == 1 and result["result"]["packet_loss_percent"] == 20.0
    assert result["notes"] == ["rawOutput is not text (int): ignored",
                               "startTime '2025-13-45T10:00:00Z' is not an RFC 3339 time"]
    # A warning too (2.19+ gives warnings as structured events).
    assert "Central's answer: rawOutput is not text (int): ignored" in json.dumps(result["warnings"])


def test_an_undocumented_status_ends_the_wait_after_one_confirming_read(run_module, simulator):
    result = read_canned(run_module, simulator, dict(status="CANCELLED", progressPercent=40), wait=True,
                         wait_timeout=60, poll_interval=0.1)
    assert result["rc"] == 0 and result["outcome"] == "failed"
    assert "Central reported status 'CANCELLED', which is not one of INITIATED, RUNNING, COMPLETED, FAILED" \
        == result["fail_reason"]
    assert simulator.stats()["poll"] == 2


def test_an_answer_larger_than_the_cap_is_refused_unread(run_module, simulator):
    body = dict(status="COMPLETED", output={}, rawOutput="x" * (9 * 1024 * 1024))
    result = read_canned(run_module, simulator, body)
    assert result["rc"] == 1 and "the answer is larger than 8388608 bytes; not read" in result["msg"]


@pytest.mark.parametrize("headers", [
    {"Retry-After": "soon"},
    {"X-RateLimit-Reset": "2025-13-45T99:99:99Z", "X-RateLimit-Remaining": "0"},
    {"X-RateLimit-Reset": "tomorrow", "X-RateLimit-Remaining": "many"},
])
def test_headers_the_client_cannot_read_are_ignored(run_module, simulator, headers):
    simulator.control("/sim/config", dict(extra_headers=headers, force_429=1))
    result = run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0001", destination="10.0.0.1",
                                               poll_interval=0.1, count=2))
    assert result["rc"] == 0 and result["outcome"] == "succeeded"
    assert simulator.stats()["rate_limited"] == 1


def test_escape_sequences_in_central_messages_do_not_reach_the_console(run_module, simulator):
    simulator.control("/sim/start-answers", [dict(status=400, body=dict(
        errorCode="HPE_GL_ERROR_BAD_REQUEST", message="\x1b[2J\x1b]0;owned\x07bad \x1b[31mdestination\x1b[0m\x00"))])
    result = run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0001", destination="10.0.0.1"))
    assert result["rc"] == 1 and "bad destination\ufffd" in result["msg"]
    assert "\x1b" not in result["msg"] and "\x07" not in result["msg"] and "\x00" not in result["msg"]


def test_wait_timeout_is_a_hard_deadline_against_a_server_that_never_answers(run_module):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    base_url = "http://127.0.0.1:%d" % listener.getsockname()[1]
    started = time.monotonic()
    result = run_module(test_result_info, dict(base_url=base_url, access_token="never-used-token", device_type="ap", test="ping",
                                               serial_number="TESTAP0001", task_id="T1", wait=True, wait_timeout=1,
                                               poll_interval=0.5, read_timeout=30))
    elapsed = time.monotonic() - started
    listener.close()
    assert result["rc"] == 1 and result["msg"].startswith("Timed out waiting for the test: task T1 test still unanswered")
    # 30 s of read_timeout and five retries would take minutes: the wait ends with wait_timeout, give or take.
    assert elapsed < 1 + 3, elapsed


def test_a_port_list_beyond_any_device_is_refused_before_sending(run_module, simulator):
    result = run_module(poe_bounce, simulator.params(device_type="cx", serial_number="TESTCX0001",
                                                     ports=["1/1/%d" % (port % 52 + 1) for port in range(100000)]))
    assert result["rc"] == 1 and "ports lists 100000 ports; at most 520" in result["msg"]
    assert not result.get("changed") and simulator.control("/sim/stats")["actions"] == {}


def test_a_token_url_in_clear_is_refused_unless_loopback(run_module, simulator):
    result = run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0001", destination="10.0.0.1",
                                               token_url="http://sso.example.com/as/token.oauth2"))
    assert result["rc"] == 1 and "would send the client secret unencrypted" in result["msg"]
    assert simulator.stats().get("token", 0) == 0
