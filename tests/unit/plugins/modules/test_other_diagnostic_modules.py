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


@pytest.mark.parametrize("device_type, serial, url, api_version, operation, sent", [
    ("ap", "TESTAP0001", "https://app.example.com/health", "v1", "https", {"url": "https://app.example.com/health"}),
    ("gateway", "TESTGW0001", "http://app.example.com/", "v1", "http", {"url": "http://app.example.com/"}),
    # v1's gateway HTTPS test takes includeRawOutput (the vendor SDK), asked for by default as for a ping.
    ("gateway", "TESTGW0001", "https://app.example.com/", "v1", "https",
     {"url": "https://app.example.com/", "includeRawOutput": True}),
    ("gateway", "TESTGW0001", "https://app.example.com/", "v1alpha1", "https", {"url": "https://app.example.com/"}),
    # A CX switch has no https operation: v1 names the scheme in protocol, as the vendor's SDK does.
    ("cx", "TESTCX0001", "https://app.example.com/", "v1", "http",
     {"destination": "https://app.example.com/", "protocol": "HTTPS"}),
    ("cx", "TESTCX0001", "http://app.example.com/", "v1", "http",
     {"destination": "http://app.example.com/", "protocol": "HTTP"}),
    ("cx", "TESTCX0001", "https://app.example.com/", "v1alpha1", "http", {"destination": "https://app.example.com/"}),
])
def test_http_test_picks_the_operation_and_body_from_the_url_device_and_version(
        run_module, quick, device_type, serial, url, api_version, operation, sent):
    result = run(run_module, quick, http_test, device_type=device_type, serial_number=serial, url=url,
                 api_version=api_version)
    assert result["rc"] == 0, result["msg"] if "msg" in result else result
    assert "/network-troubleshooting/%s/" % api_version in result["location"]
    assert "/%s/%s/async-operations/" % (serial, operation) in result["location"]
    assert result["result"]["success"] is True
    assert next(iter(quick.sim.tasks.values())).body == sent


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
                  username="probe", password=secret, auth_method="pap", _ansible_check_mode=True)
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


def test_show_commands_run_in_one_task_on_v1_and_one_task_each_on_v1alpha1(run_module, quick):
    commands = ["show version", "show  ip route"]
    one_task = run(run_module, quick, show_command, device_type="gateway", serial_number="TESTGW0001", command=commands)
    assert one_task["rc"] == 0, one_task
    assert "/v1/gateways/TESTGW0001/showCommands/async-operations/" in one_task["location"]
    assert [task.body for task in quick.sim.tasks.values()] == [{"commands": ["show version", "show ip route"]}]
    by_command = [(entry["command"], entry["line_count"]) for entry in one_task["result"]["commands"]]
    assert by_command == [("show version", 3), ("show ip route", 3)]
    assert "Serial       : TESTGW0001" in one_task["result"]["output"]
    assert one_task["result"]["command"] == "show version; show ip route"

    quick.sim.reset()
    each = run(run_module, quick, show_command, device_type="gateway", serial_number="TESTGW0001", command=commands,
               api_version="v1alpha1")
    assert each["rc"] == 0, each
    assert sorted(task.body["command"] for task in quick.sim.tasks.values()) == ["show ip route", "show version"]
    assert all("/v1alpha1/gateways/TESTGW0001/showCommand/" in task["location"] for task in each["tasks"])
    assert [entry["command"] for entry in each["result"]["commands"]] == ["show version", "show ip route"]

    too_many = run(run_module, quick, show_command, device_type="ap", serial_number="TESTAP0001",
                   command=["show version"] * 21)
    assert too_many["rc"] == 1 and "at most 20 show commands" in too_many["msg"]


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
    (aaa_test, dict(device_type="cx", server="radius-1", username="u", password="pw-not-shown", auth_method="pap"),
     "server must be an IPv4 or IPv6 address (got 'radius-1')"),
    # Central (and the vendor's SDK) want the method of a CX switch's RADIUS test.
    (aaa_test, dict(device_type="cx", server="10.1.1.1", username="u", password="pw-not-shown"),
     "auth_method is required for aaa on device_type cx"),
    (aaa_test, dict(device_type="cx", server="10.1.1.1", username="u", password="pw-not-shown", auth_method="pap",
                    server_port=0), "server_port must be between 1 and 65535 (got 0)"),
    (speedtest, dict(device_type="ap", server="10.9.9.9", duration=30), "duration must be between 1 and 20"),
    (speedtest, dict(device_type="gateway", server="10.9.9.9", duration=5), "duration must be between 10 and 120"),
    (speedtest, dict(device_type="gateway", server="10.9.9.9", window_size=100),
     "option window_size is not supported by speedtest on device_type gateway"),
    (nslookup, dict(device_type="ap", host="a.example", dns_server="10.0.0.53", api_version="v1alpha1"),
     "option dns_server of nslookup is sent only on api_version v1 (this task uses v1alpha1)"),
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
