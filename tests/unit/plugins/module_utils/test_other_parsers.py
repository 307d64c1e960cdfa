# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The other diagnostics' normalizers, on the vendor's example bodies (tests/simulator/seeds) and on
the spellings the contract warns of."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _tasks as diagnostics

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_device as parse_device
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_services as parse_services
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_values as parse_values


def normalized(seed, name, test):
    body = seed(name)
    fields = diagnostics.task_result(body, test)
    assert fields["outcome"] == "succeeded"
    return fields["result"]


def test_nslookup_example(seed):
    assert normalized(seed, "ap_nslookup", "nslookup") == dict(
        host="www.google.com", dns_server="8.8.8.8", addresses=["142.251.46.164"], resolved=True)


def test_nslookup_with_no_address_is_not_resolved():
    result = parse_services.normalize_nslookup(dict(hostName="x.invalid", dnsServer="null", resolvedAddresses=[]))
    assert result == dict(host="x.invalid", dns_server=None, addresses=[], resolved=False)
    assert parse_services.normalize_nslookup(dict(resolvedAddresses="10.0.0.1, 10.0.0.2"))["addresses"] == ["10.0.0.1", "10.0.0.2"]


def test_http_access_point_example_gives_a_total_only(seed):
    result = normalized(seed, "ap_http", "http")
    assert result["url"] == "www.google.com"
    assert result["success"] is True
    assert result["downloaded_bytes"] == 19 * 1024
    assert result["download_rate_kbps"] == 125.0
    assert result["status_codes"] == [] and result["responses"] == []
    assert result["success_rate_percent"] is None and result["latency_avg_ms"] is None


def test_http_gateway_example_types_every_response(seed):
    result = normalized(seed, "gateway_http", "https")
    assert result["success"] is True
    assert result["success_rate_percent"] == 100.0
    assert (result["latency_min_ms"], result["latency_avg_ms"], result["latency_max_ms"]) == (331.0, 407.0, 654.0)
    assert result["status_codes"] == [200] * 5
    assert result["responses"][0] == dict(number=1, status_code=200, status_text="OK", bytes=19556, time_ms=340.0,
                                          download_rate_kbps=471.204)  # 57.52 KB/s x 1024 x 8 / 1000
    assert result["downloaded_bytes"] == 19556 + 19521 + 20035 + 19568 + 19583
    assert (result["probes_sent"], result["probes_answered"]) == (5, 5)


def test_http_gateway_responses_come_from_the_raw_output_when_the_answer_lost_them(seed):
    body = seed("gateway_http")
    del body["output"]["responses"]
    result = parse_services.normalize_http(body["output"], body["rawOutput"])
    assert [item["status_code"] for item in result["responses"]] == [200] * 5
    assert result["responses"][1]["time_ms"] == 654.0


def test_http_gateway_error_status_is_not_a_success():
    output = dict(successRatePercent="100", url="x", sentPacketsCount="2", receivedPacketsCount="2",
                  responses=[dict(responseNumber="1", responseCode="503/Service Unavailable", responseBytes="120",
                                  responseTimeMilliseconds="20", downloadRate="6.00KB/sec")])
    result = parse_services.normalize_http(output)
    assert result["status_codes"] == [503] and result["success"] is False
    assert result["responses"][0]["status_text"] == "Service Unavailable"


def test_http_cx_example_reads_statistics_and_results(seed):
    result = normalized(seed, "cx_http", "http")
    assert result["url"] == "https://switch1.google.com"
    assert result["success"] is True
    assert result["success_rate_percent"] == 100.0
    assert result["latency_avg_ms"] == 0.0
    assert (result["probes_sent"], result["probes_answered"], result["probes_timed_out"]) == (1, 1, 0)
    assert result["dns_failures"] == 0 and result["http_error"] is None and result["status_codes"] == []


def test_http_cx_timeout_is_not_a_success():
    output = dict(destination="https://a.example", statistics=dict(probesTransmitted=1, probesTimedOut=1),
                  results=dict(packetsTransmitted=1, packetsReceived=0, httpError="timeout"))
    result = parse_services.normalize_http(output)
    assert result["success"] is False and result["success_rate_percent"] == 0.0 and result["http_error"] == "timeout"


def test_tcp_example(seed):
    assert normalized(seed, "ap_tcp", "tcp") == dict(host="www.google.com", port=None, connect_time_ms=209.0,
                                                     connected=True)


def test_tcp_port_comes_from_the_request(seed):
    body = seed("ap_tcp")
    fields = diagnostics.task_result(body, "tcp", device_type="ap", body=dict(host="www.google.com", port=443))
    assert fields["result"]["port"] == 443


def test_tcp_without_a_connect_time_is_not_connected():
    assert parse_services.normalize_tcp(dict(host="h", connectionTimeInMilliseconds="null"))["connected"] is False


@pytest.mark.parametrize("name, server, status", [("ap_aaa", "radius-server-1", "Passed"),
                                                  ("cx_aaa", "10.1.1.10", "accept")])
def test_aaa_examples_authenticate(seed, name, server, status):
    result = normalized(seed, name, "aaa")
    assert (result["server"], result["authentication_status"], result["authenticated"]) == (server, status, True)


@pytest.mark.parametrize("status, authenticated", [
    ("Passed", True), ("ACCEPT", True), ("Access-Accept", True), ("success", True), ("Failed", False),
    ("reject", False), ("timeout", False), ("null", False)])
def test_aaa_spellings(status, authenticated):
    assert parse_services.normalize_aaa(dict(authenticationStatus=status))["authenticated"] is authenticated


def test_arp_access_point_example(seed):
    result = normalized(seed, "ap_arp_table", "arp_table")
    assert result["entry_count"] == 5
    assert result["entries"][0] == dict(ip_address="172.31.98.18", mac_address="a4:83:e7:18:ec:9f",
                                        interface="br0.3333", type=None, complete=True)
    assert result["entries"][3]["complete"] is False


def test_arp_aos_s_example_mac_is_normalized(seed):
    assert normalized(seed, "aos_s_arp_table", "arp_table")["entries"] == [
        dict(ip_address="10.97.118.2", mac_address="ec:67:94:7e:1f:c0", interface="1", type="dynamic", complete=True)]


def test_arp_gateway_example(seed):
    entries = normalized(seed, "gateway_arp_table", "arp_table")["entries"]
    assert [(e["ip_address"], e["mac_address"], e["interface"]) for e in entries] == [
        ("10.27.119.173", "02:42:a9:fe:80:04", "docker_gwbridge"), ("10.27.119.177", "94:f1:28:0c:77:00", "vlan4094")]


def test_arp_entries_come_from_the_raw_output_when_the_answer_has_none(seed):
    body = seed("ap_arp_table")
    result = parse_device.normalize_arp_table(dict(entries=[]), body["rawOutput"])
    assert [entry["mac_address"] for entry in result["entries"]][:2] == ["a4:83:e7:18:ec:9f", "ec:eb:b8:19:aa:00"]
    assert result["entries"][0]["interface"] == "br0.3333"


@pytest.mark.parametrize("value, expected", [
    ("ec6794-7e1fc0", "ec:67:94:7e:1f:c0"), ("A4-83-E7-18-EC-9F", "a4:83:e7:18:ec:9f"),
    ("a483.e718.ec9f", "a4:83:e7:18:ec:9f"), ("a483e718ec9f", "a4:83:e7:18:ec:9f"), ("ridge", None), (None, None)])
def test_to_mac(value, expected):
    assert parse_values.to_mac(value) == expected


def test_speedtest_access_point_example(seed):
    result = normalized(seed, "ap_speedtest", "speedtest")
    assert result["server"] == "84.17.57.129" and result["server_port"] == 51118 and result["protocol"] == "TCP"
    assert result["upstream_mbps"] == 16.855683
    assert result["downstream_mbps"] is None
    assert result["upstream_bytes"] == 21069984 and result["upstream_retries"] == 1442
    assert result["duration_seconds"] == 10.0 and result["intervals"] == []


def test_speedtest_gateway_iperf_example_converts_units(seed):
    result = normalized(seed, "gateway_speedtest", "speedtest")
    assert (result["sender_mbps"], result["receiver_mbps"]) == (9.58, 7.67)
    assert result["upstream_mbps"] == 7.67
    assert result["downstream_mbps"] is None
    assert result["protocol"] == "TCP"  # from the raw output
    assert result["received_bytes"] == int(round(9.14 * 1024 ** 2))
    assert result["upstream_bytes"] == int(round(11.4 * 1024 ** 2))
    assert len(result["intervals"]) == 10
    assert result["intervals"][0] == dict(start_seconds=0.0, end_seconds=1.0, transfer_bytes=int(round(6.42 * 1024 ** 2)),
                                          bandwidth_mbps=53.9)
    assert result["intervals"][1]["bandwidth_mbps"] == 0.0 and result["intervals"][1]["transfer_bytes"] == 0


@pytest.mark.parametrize("text, mbps", [("9.58 Mbits/sec", 9.58), ("0.00 bits/sec", 0.0), ("1.5 Gbits/sec", 1500.0),
                                        ("750 Kbits/sec", 0.75), ("16.855683", 16.855683), ("null", None), ("fast", None)])
def test_to_mbps(text, mbps):
    assert parse_values.to_mbps(text) == mbps


def test_cable_cx_example_is_all_good(seed):
    result = normalized(seed, "cx_cable_test", "cable_test")
    assert result["all_good"] is True
    port = result["ports"][0]
    assert (port["port"], port["state"], port["all_good"]) == ("1/1/1", "complete", True)
    assert port["pairs"][0] == dict(pair="7-8", status="good", length_m=0.0, accuracy_m=10.0)


def test_cable_aos_s_example_open_pairs_are_not_good(seed):
    result = normalized(seed, "aos_s_cable_test", "cable_test")
    assert result["all_good"] is False
    assert [port["port"] for port in result["ports"]] == ["3", "6"]
    assert {pair["status"] for port in result["ports"] for pair in port["pairs"]} == {"open"}
    assert result["ports"][0]["pairs"][0]["accuracy_m"] is None


def test_show_command_example(seed):
    text = "Port  Link  Speed  Duplex ...\n..."
    assert normalized(seed, "ap_show_command", "show_command") == dict(
        command="show interface brief", output=text, line_count=2,
        commands=[dict(command="show interface brief", output=text, line_count=2, other={})])


@pytest.mark.parametrize("output, commands", [
    # One {command, response}: v1alpha1's answer (and the vendor's example).
    (dict(command="show clock", response="12:00\n"), [("show clock", "12:00\n")]),
    # A list of {command, response|output}.
    ([dict(command="show a", response="A\n"), dict(command="show b", output="B1\nB2\n"), "not an entry"],
     [("show a", "A\n"), ("show b", "B1\nB2\n")]),
    # Such a list under results (what the simulator answers), commands or responses.
    (dict(results=[dict(command="show a", response="A\n", status="SUCCESS")]), [("show a", "A\n")]),
    (dict(commands=[dict(cmd="show a", text="A\n")]), [("show a", "A\n")]),
    (dict(responses=[dict(command="show a", result="A\n"), dict(command="show b")]), [("show a", "A\n"), ("show b", None)]),
])
def test_every_plausible_shape_of_a_multi_command_answer_is_read(output, commands):
    result = parse_device.normalize_show_command(output)
    assert [(entry["command"], entry["output"]) for entry in result["commands"]] == commands
    assert result["command"] == "; ".join(command for command, _text in commands)
    if len(commands) > 1:
        assert all(command in result["output"] for command, _text in commands)


def test_unknown_fields_of_a_command_entry_are_kept():
    entry = parse_device.normalize_show_command([dict(command="show a", response="A", status="SUCCESS", exitCode=0)])
    assert entry["commands"][0]["other"] == dict(status="SUCCESS", exitCode=0)


def test_show_commands_listing_in_every_spelling(seed):
    # The vendor's example is schema filler: no entry is a show command, so the list is empty, not an error.
    assert parse_device.allowed_commands(seed("cx_show_commands")) == []
    listing = [dict(categoryName="System", commands=[dict(command="show version"), dict(command=dict(value="show  clock")),
                                                     "show vlan", dict(command="reload")])]
    assert parse_device.allowed_commands(listing) == ["show version", "show clock", "show vlan"]
    assert parse_device.allowed_commands(dict(items=listing)) == ["show version", "show clock", "show vlan"]
    assert parse_device.allowed_commands(None) == []


@pytest.mark.parametrize("test, raw, field, empty", [
    ("ping", "1" * 200000, "packets_transmitted", None),
    ("ping", "64 bytes from " * 20000, "replies", []),
    ("traceroute", "1" * 200000, "hops", []),
    ("arp_table", "10.0.0.1 " * 30000, "entries", []),
    ("http", "Reply: [200" * 20000, "responses", []),
])
def test_hostile_raw_output_gives_an_empty_result_not_a_hang(test, raw, field, empty):
    # Each of these inputs kept an earlier (quadratic) pattern busy for minutes; parser_benchmark.py measures them.
    result = diagnostics.task_result(dict(status="COMPLETED", progressPercent=100, output={}, rawOutput=raw), test)
    assert result["outcome"] == "succeeded" and result["result"][field] == empty, result["notes"]


def test_raw_output_beyond_the_parsed_part_is_said():
    raw = "PING 10.0.0.1 (10.0.0.1): 56 data bytes\n" + " " * (diagnostics.MAX_PARSED_RAW + 10)
    result = diagnostics.task_result(dict(status="COMPLETED", progressPercent=100, output={}, rawOutput=raw), "ping")
    assert "only the first %d were read for the result" % diagnostics.MAX_PARSED_RAW in " ".join(result["notes"])
    assert result["raw_output"] == raw and result["result"]["resolved_ip"] == "10.0.0.1"
