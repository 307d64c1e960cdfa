# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""reboot, locate, poe_bounce and port_bounce through their real entry points, against the simulator."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.modules import (
    disconnect_clients,
    locate,
    poe_bounce,
    port_bounce,
    reboot,
)


def test_check_mode_sends_nothing_and_shows_the_plan(run_module, simulator):
    result = run_module(poe_bounce, simulator.params(device_type="cx", serial_number="TESTCX0001",
                                                     ports=["1/1/1", "1/1/2"], _ansible_check_mode=True,
                                                     _ansible_diff=True))
    assert result["rc"] == 0 and result["changed"] is True
    assert result["would_start"] == dict(method="POST", path="/network-troubleshooting/v1/cx/TESTCX0001/poeBounce",
                                         body=dict(ports=["1/1/1", "1/1/2"]))
    assert result["diff"]["after"] == "poe_bounce on cx TESTCX0001: ports 1/1/1, 1/1/2\n"
    assert simulator.stats() == {} and simulator.control("/sim/stats")["actions"] == {}


def test_a_bounce_returns_one_typed_result_a_port(run_module, simulator):
    result = run_module(poe_bounce, simulator.params(device_type="cx", serial_number="TESTCX0001",
                                                     ports=["1/1/7", "1/1/8"], poll_interval=0.1))
    assert result["rc"] == 0 and result["changed"] is True and result["outcome"] == "succeeded"
    assert result["ports"] == [dict(port="1/1/7", status="Bounced", bounced=True, reason=None),
                               dict(port="1/1/8", status="Bounced", bounced=True, reason=None)]
    assert simulator.control("/sim/stats")["actions"] == {"TESTCX0001/poeBounce": 1}


def test_a_port_not_bounced_fails_the_task_unless_told_otherwise(run_module, simulator):
    args = dict(device_type="gateway", serial_number="TESTGW0001", ports=["GE 0/0/1", "GE 0/0/9"], poll_interval=0.1)
    strict = run_module(port_bounce, simulator.params(**args))
    assert strict["rc"] == 1 and strict["changed"] is True
    assert "1 of 2 ports not bounced: GE 0/0/9 (Invalid port.)" in strict["msg"]
    # The gateway answers 0/0/1 for GE 0/0/1: matched to the port asked.
    assert [(entry["port"], entry["bounced"]) for entry in strict["ports"]] == [("GE 0/0/1", True), ("GE 0/0/9", False)]
    lenient = run_module(port_bounce, simulator.params(fail_on_partial=False, **args))
    assert lenient["rc"] == 0 and lenient["changed"] is True and lenient["ports"][1]["reason"] == "Invalid port."


def test_nothing_bounced_is_no_change(run_module, simulator):
    result = run_module(port_bounce, simulator.params(device_type="aos_s", serial_number="TESTAS0001", ports=["99"],
                                                      fail_on_partial=False, poll_interval=0.1))
    assert result["rc"] == 0 and result["changed"] is False and result["ports"][0]["bounced"] is False


@pytest.mark.parametrize("device_type, port, message", [
    ("cx", "1/1", "ports: '1/1' is not a port of a cx (member/slot/port, for example 1/1/1)"),
    ("aos_s", "1/1/1", "ports: '1/1/1' is not a port of a aos_s"),
    ("gateway", "eth0", "ports: 'eth0' is not a port of a gateway (an interface, for example GE 0/0/0)"),
])
def test_a_port_in_the_wrong_syntax_is_refused_before_sending(run_module, simulator, device_type, port, message):
    result = run_module(poe_bounce, simulator.params(device_type=device_type, serial_number="X", ports=[port]))
    assert result["rc"] == 1 and message in result["msg"] and result.get("changed") is not True
    assert simulator.stats() == {}


def test_reboot_is_started_once_and_a_second_one_is_busy(run_module, simulator):
    first = run_module(reboot, simulator.params(device_type="ap", serial_number="TESTAP0001"))
    assert first["rc"] == 0 and first["changed"] is True and first["status"] == "INITIATED"
    assert first["location"] is None and first["task_id"] is None
    again = run_module(reboot, simulator.params(device_type="ap", serial_number="TESTAP0001"))
    assert again["rc"] == 1 and again["changed"] is False
    assert again["error_code"] == "HPE_GL_ERROR_DEVICE_NOT_READY" and again["msg"].startswith("Device busy")
    assert simulator.control("/sim/stats")["actions"] == {"TESTAP0001/reboot": 1}


def test_a_start_answered_500_is_not_sent_again(run_module, simulator):
    simulator.control("/sim/config", dict(post_error_rate=1.0))
    result = run_module(reboot, simulator.params(device_type="cx", serial_number="TESTCX0001"))
    assert result["rc"] == 1 and result["status_code"] == 500
    assert simulator.stats()["injected_500"] == 1 and simulator.stats()["api"] == 1


def test_locate_is_fire_and_forget_and_only_where_central_has_it(run_module, simulator):
    result = run_module(locate, simulator.params(device_type="aos_s", serial_number="TESTAS0001"))
    assert result["rc"] == 0 and result["changed"] is True and result["location"] is None
    refused = run_module(locate, simulator.params(device_type="gateway", serial_number="TESTGW0001"))
    assert refused["rc"] == 1 and "value of device_type must be one of: ap, cx, aos_s" in refused["msg"]


@pytest.mark.parametrize("device_type, serial, extra, operation, body", [
    ("ap", "TESTAP0001", {}, "disconnectUserAll", {}),
    ("ap", "TESTAP0001", dict(mac_address="AABB.CCDD.EEFF"), "disconnectUserByMacAddress",
     dict(userMacAddress="aa:bb:cc:dd:ee:ff")),
    ("ap", "TESTAP0001", dict(ssid="guest"), "disconnectUserByNetwork", dict(networkName="guest")),
    ("gateway", "TESTGW0001", dict(mac_address="aa-bb-cc-dd-ee-01"), "disconnectClientByMacAddress",
     dict(clientMacAddress="aa:bb:cc:dd:ee:01")),
])
def test_disconnect_picks_the_operation(run_module, simulator, device_type, serial, extra, operation, body):
    planned = run_module(disconnect_clients, simulator.params(device_type=device_type, serial_number=serial,
                                                              _ansible_check_mode=True, **extra))
    assert planned["would_start"]["path"].endswith("/%s/%s" % (serial, operation))
    assert planned["would_start"]["body"] == body and simulator.stats() == {}
    done = run_module(disconnect_clients, simulator.params(device_type=device_type, serial_number=serial, **extra))
    assert done["rc"] == 0 and done["changed"] is True
    assert simulator.control("/sim/stats")["actions"] == {"%s/%s" % (serial, operation): 1}


@pytest.mark.parametrize("args, message", [
    (dict(device_type="gateway", ssid="guest"), "ssid: only an access point disconnects the clients of one network"),
    (dict(device_type="ap", mac_address="not-a-mac"), "mac_address: 'not-a-mac' is not a MAC address"),
    (dict(device_type="ap", mac_address="aa:bb:cc:dd:ee:ff", ssid="guest"),
     "parameters are mutually exclusive: mac_address|ssid"),
])
def test_disconnect_refuses_what_central_would_not_take(run_module, simulator, args, message):
    result = run_module(disconnect_clients, simulator.params(serial_number="X", **args))
    assert result["rc"] == 1 and message in result["msg"] and simulator.stats() == {}
