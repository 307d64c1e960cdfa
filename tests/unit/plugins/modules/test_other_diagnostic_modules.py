# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""nslookup, http_test, tcp_test, aaa_test, arp_table_info, speedtest, cable_test and show_command through
their real entry points, against the simulator."""

from __future__ import annotations

import json

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.modules import (
    aaa_test,
    arp_table_info,
    cable_test,
    http_test,
    nslookup,
    show_command,
    speedtest,
    tcp_test,
)


@pytest.fixture
def quick(simulator):
    """The simulator with tests ten times shorter (a speed test then takes a second)."""
    simulator.control("/sim/config", {"test_duration": 0.1})
    return simulator


def run(run_module, simulator, module, **args):
    return run_module(module, simulator.params(poll_interval=0.05, **args))


def test_nslookup_resolves_and_fails_on_unresolved(run_module, quick):
    result = run(run_module, quick, nslookup, device_type="ap", serial_number="TESTAP0001", host="app.example.com")
    assert result["rc"] == 0 and result["changed"] is False
    assert result["result"]["resolved"] is True and result["result"]["addresses"][0].startswith("203.0.113.")
    assert result["result"]["dns_server"] == "10.0.0.53"
    failed = run(run_module, quick, nslookup, device_type="ap", serial_number="TESTAP0001", host="gone.invalid",
                 fail_on_unresolved=True)
    assert failed["rc"] == 1 and "nslookup from TESTAP0001: gone.invalid did not resolve" in failed["msg"]
    assert failed["result"]["resolved"] is False


@pytest.mark.parametrize("device_type, serial, url, operation", [
    ("ap", "TESTAP0001", "https://app.example.com/health", "https"),
    ("gateway", "TESTGW0001", "http://app.example.com/", "http"),
    ("gateway", "TESTGW0001", "https://app.example.com/", "https"),
    ("cx", "TESTCX0001", "https://app.example.com/", "http"),
])
def test_http_test_picks_the_operation_from_the_url_and_device(run_module, quick, device_type, serial, url, operation):
    result = run(run_module, quick, http_test, device_type=device_type, serial_number=serial, url=url)
    assert result["rc"] == 0, result["msg"] if "msg" in result else result
    assert "/%s/%s/async-operations/" % (serial, operation) in result["location"]
    assert result["result"]["success"] is True
    sent = next(iter(quick.sim.tasks.values())).body
    assert sent == ({"destination": url} if device_type == "cx" else {"url": url})


def test_http_test_gateway_types_status_codes_and_fails_on_an_error_status(run_module, quick):
    args = dict(device_type="gateway", serial_number="TESTGW0001", url="https://app.example.com/status/503")
    tolerated = run(run_module, quick, http_test, **args)
    assert tolerated["rc"] == 0 and tolerated["result"]["status_codes"] == [503] * 5
    assert tolerated["result"]["success"] is False and tolerated["result"]["latency_avg_ms"] > 0
    failed = run(run_module, quick, http_test, fail_on_unreachable=True, **args)
    assert failed["rc"] == 1 and "no successful answer from https://app.example.com/status/503" in failed["msg"]


def test_tcp_test_fills_the_port_and_fails_on_refusal(run_module, quick):
    result = run(run_module, quick, tcp_test, device_type="ap", serial_number="TESTAP0001", host="app.example.com",
                 port=443)
    assert result["rc"] == 0 and result["result"]["connected"] is True
    assert result["result"]["port"] == 443 and result["result"]["connect_time_ms"] > 0
    refused = run(run_module, quick, tcp_test, device_type="ap", serial_number="TESTAP0001", host="app.example.com",
                  port=9, fail_on_unreachable=True)
    assert refused["rc"] == 1 and "no TCP connection to app.example.com:9" in refused["msg"]
    assert refused["fail_reason"] == "Connection refused" and refused["result"]["connected"] is False


def test_aaa_password_is_sent_but_never_shown(run_module, quick):
    secret = "S3cret-radius-pw"
    accepted = run(run_module, quick, aaa_test, device_type="cx", serial_number="TESTCX0001", server="10.1.1.10",
                   username="probe", password=secret, auth_method="chap")
    assert accepted["rc"] == 0 and accepted["result"]["authenticated"] is True
    assert accepted["result"]["authentication_status"] == "accept"
    assert next(iter(quick.sim.tasks.values())).body["password"] == secret
    rejected = run(run_module, quick, aaa_test, device_type="ap", serial_number="TESTAP0001", server="radius-server-1",
                   username="reject-me", password=secret, fail_on_reject=True)
    assert rejected["rc"] == 1 and rejected["result"]["authentication_status"] == "Failed"
    planned = run(run_module, quick, aaa_test, device_type="cx", serial_number="TESTCX0001", server="10.1.1.10",
                  username="probe", password=secret, _ansible_check_mode=True)
    assert planned["would_start"]["body"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    for result in (accepted, rejected, planned):
        assert secret not in json.dumps(result)


@pytest.mark.parametrize("device_type, serial, mac_check", [
    ("ap", "TESTAP0001", lambda entries: any(not entry["complete"] for entry in entries)),
    ("gateway", "TESTGW0001", lambda entries: all(entry["interface"].startswith("vlan") for entry in entries)),
    ("aos_s", "TESTAS0001", lambda entries: all(entry["type"] == "dynamic" for entry in entries)),
])
def test_arp_table_info_gives_one_mac_spelling_on_every_device(run_module, quick, device_type, serial, mac_check):
    result = run(run_module, quick, arp_table_info, device_type=device_type, serial_number=serial)
    entries = result["result"]["entries"]
    assert result["rc"] == 0 and len(entries) == result["result"]["entry_count"] >= 3
    assert all(len(entry["mac_address"]) == 17 and entry["mac_address"].count(":") == 5 for entry in entries)
    assert mac_check(entries)
    assert "/getArpTable/" in result["location"]


@pytest.mark.parametrize("device_type, serial, operation", [
    ("ap", "TESTAP0001", "speedtest"), ("gateway", "TESTGW0001", "iperf")])
def test_speedtest_on_both_device_types(run_module, quick, device_type, serial, operation):
    result = run(run_module, quick, speedtest, device_type=device_type, serial_number=serial, server="10.9.9.9")
    assert result["rc"] == 0 and "/%s/async-operations/" % operation in result["location"]
    assert result["result"]["upstream_mbps"] > 0 and result["result"]["downstream_mbps"] is None
    assert result["duration_seconds"] == pytest.approx(1.0, abs=0.05)  # ten times a ping's duration
    if device_type == "gateway":
        assert len(result["result"]["intervals"]) == 10 and result["result"]["sender_mbps"] > 0


def test_cable_test_finds_the_open_pairs(run_module, quick):
    result = run(run_module, quick, cable_test, device_type="cx", serial_number="TESTCX0001", ports=["1/1/1", "1/1/48"])
    assert result["rc"] == 0 and result["result"]["all_good"] is False
    good, bad = result["result"]["ports"]
    assert good["all_good"] is True and {pair["status"] for pair in good["pairs"]} == {"good"}
    assert bad["port"] == "1/1/48" and {pair["status"] for pair in bad["pairs"]} == {"open"}
    failed = run(run_module, quick, cable_test, device_type="aos_s", serial_number="TESTAS0001", ports=["48"],
                 fail_on_fault=True)
    assert failed["rc"] == 1 and "a cable pair is not good on port(s) 48" in failed["msg"]


def test_show_command_lists_runs_and_refuses_before_sending(run_module, quick):
    listing = run(run_module, quick, show_command, device_type="cx", serial_number="TESTCX0001")
    assert listing["rc"] == 0 and "show version" in listing["allowed_commands"] and "task_id" not in listing
    ran = run(run_module, quick, show_command, device_type="cx", serial_number="TESTCX0001",
              command="show  interface brief 1/1/1")
    assert ran["rc"] == 0 and ran["result"]["command"] == "show interface brief 1/1/1"
    version = run(run_module, quick, show_command, device_type="ap", serial_number="TESTAP0001", command="show version")
    assert "TESTAP0001" in version["result"]["output"] and version["result"]["line_count"] == 3
    starts = quick.stats()["start"]
    refused = run(run_module, quick, show_command, device_type="cx", serial_number="TESTCX0001",
                  command="show running-config")
    assert refused["rc"] == 1 and "not in the show commands Central allows" in refused["msg"]
    assert "show version" in refused["msg"]
    assert quick.stats()["start"] == starts
    # In check mode the listing is read (a read) but nothing starts; a refused command fails there too.
    checked = run(run_module, quick, show_command, device_type="cx", serial_number="TESTCX0001",
                  command="show running-config", _ansible_check_mode=True)
    assert checked["rc"] == 1 and quick.stats()["start"] == starts


def test_central_refuses_what_the_cx_list_does_not_allow_when_not_checked_first(run_module, quick):
    result = run(run_module, quick, show_command, device_type="cx", serial_number="TESTCX0001",
                 command="show running-config", check_command=False)
    assert result["rc"] == 1 and result["status_code"] == 400 and "Command denied" in result["msg"]


@pytest.mark.parametrize("module, args", [
    (nslookup, dict(device_type="ap", serial_number="TESTAP0001", host="app.example.com")),
    (http_test, dict(device_type="cx", serial_number="TESTCX0001", url="https://app.example.com/")),
    (tcp_test, dict(device_type="ap", serial_number="TESTAP0001", host="app.example.com", port=443)),
    (arp_table_info, dict(device_type="gateway", serial_number="TESTGW0001")),
    (speedtest, dict(device_type="gateway", serial_number="TESTGW0001", server="iperf.example.com")),
    (cable_test, dict(device_type="aos_s", serial_number="TESTAS0001", ports=["1", "5-7"])),
    (show_command, dict(device_type="ap", serial_number="TESTAP0001", command="show version")),
])
def test_check_mode_starts_nothing(run_module, simulator, module, args):
    result = run_module(module, simulator.params(_ansible_check_mode=True, **args))
    assert result["rc"] == 0 and result["changed"] is False and result["task_id"] is None
    assert result["would_start"]["method"] == "POST"
    assert simulator.stats().get("start", 0) == 0 and simulator.stats().get("poll", 0) == 0


@pytest.mark.parametrize("module, args, message", [
    (nslookup, dict(device_type="gateway", host="a.example"), "value of device_type must be one of: ap"),
    (nslookup, dict(device_type="ap", host="not a host"), "host must be a host name, an IPv4 or an IPv6 address"),
    (http_test, dict(device_type="gateway", url="ftp://files.example.com/"), "url must be a URL"),
    (http_test, dict(device_type="ap", url="https://app.example.com:70000/"), "a port from 1 to 65535"),
    (tcp_test, dict(device_type="ap", host="a.example", port=70000), "port must be between 1 and 65535 (got 70000)"),
    (aaa_test, dict(device_type="cx", server="radius-1", username="u", password="pw-not-shown"),
     "server must be an IPv4 or IPv6 address (got 'radius-1')"),
    (aaa_test, dict(device_type="ap", server="radius-1", username="u", password="pw-not-shown", auth_method="chap"),
     "option auth_method is not supported by aaa on device_type ap"),
    (aaa_test, dict(device_type="cx", server="10.1.1.1", username="u", password="pw-not-shown", auth_method="mschap"),
     "auth_method must be one of chap, pap"),
    (cable_test, dict(device_type="cx", ports=["1"]), "ports: '1' is not a port of a cx (member/slot/port"),
    (cable_test, dict(device_type="aos_s", ports=[]), "ports must list at least one port"),
    (show_command, dict(device_type="ap", command="reload"), "command must be one show command on one line"),
    (show_command, dict(device_type="ap", command="show version\nreload"), "command must be one show command"),
    (speedtest, dict(device_type="ap", server="bad server"), "server must be a host name, an IPv4 or an IPv6"),
    (arp_table_info, dict(device_type="cx"), "value of device_type must be one of: aos_s, ap, gateway"),
    (arp_table_info, dict(device_type="ap", serial_number="../x"), "serial_number must be"),
])
def test_bad_options_fail_before_any_request(run_module, simulator, module, args, message):
    args.setdefault("serial_number", "TESTAP0001")
    result = run_module(module, simulator.params(**args))
    assert result["rc"] == 1 and message in result["msg"], result["msg"]
    assert simulator.stats() == {}
