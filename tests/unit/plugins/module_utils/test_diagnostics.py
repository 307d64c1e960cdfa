# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import re

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _tasks as diagnostics
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError, WaitTimeoutError


def test_body_has_only_what_the_user_set_in_api_names():
    options = dict(destination="10.1.1.1", count="3", dont_fragment=True, ttl=None, source_interface="vlan-interface")
    body = diagnostics.build_body("gateway", "ping", options)
    assert body == dict(destination="10.1.1.1", count=3, dontFragmentFlag=True, sourceInterface="vlan-interface")


@pytest.mark.parametrize("device_type, test, options, message", [
    ("ap", "ping", dict(destination="x.example", count=0), "count must be between 1 and 100 (got 0)"),
    ("ap", "ping", dict(destination="x.example", packet_size=5000), "packet_size must be between 10 and 2000"),
    ("ap", "ping", dict(destination="x.example", ttl=5), "option ttl is not supported by ping on device_type ap"),
    ("ap", "ping", dict(count=5), "destination is required"),
    ("ap", "ping", dict(destination="bad host/name"), "destination must be a host name, an IPv4 or an IPv6"),
    ("ap", "ping", dict(destination="300.1.1.1"), "destination must be a host name"),
    ("ap", "ping", dict(destination="x.example", count=True), "count must be an integer"),
    ("gateway", "ping", dict(destination="x.example", dscp=64), "dscp must be between 0 and 63"),
    ("gateway", "ping", dict(destination="x.example", source_interface="eth0"),
     "source_interface must be one of loopback, mgmt-interface, vlan-interface"),
    ("gateway", "traceroute", dict(destination="x.example", vlan_ip="not-an-ip"), "vlan_ip must be an IPv4 or IPv6"),
    ("aos_s", "traceroute", dict(destination="x.example", source_interface="mgmt-interface"),
     "source_interface must be one of loopback, vlan-interface, ip-address"),
    ("ap", "ping_sweep", dict(destination="x.example"), "test ping_sweep runs only on device_type gateway (got 'ap')"),
    ("router", "ping", dict(destination="x.example"), "device_type must be one of ap, gateway, cx, aos_s"),
    ("ap", "mtr", dict(destination="x.example"), "test must be one of ping, traceroute, ping_sweep"),
])
def test_bad_options_are_named_with_what_is_allowed(device_type, test, options, message):
    with pytest.raises(ValidationError) as caught:
        diagnostics.build_body(device_type, test, options, where="tests[2]: ")
    assert message in str(caught.value)
    assert str(caught.value).startswith("Invalid request: tests[2]: ")


def test_destination_forms():
    for destination, expected in (("www.example.com", "www.example.com"), ("10.0.0.1", "10.0.0.1"),
                                  ("2001:DB8::1", "2001:db8::1"), ("host", "host")):
        assert diagnostics.build_body("cx", "ping", dict(destination=destination))["destination"] == expected


def test_ping_sweep_counts_its_requests():
    body = diagnostics.build_body("gateway", "ping_sweep", dict(destination="1.1.1.1", start_packet_size=10,
                                                                end_packet_size=50, sweep_interval=10, count=2))
    assert body == dict(destination="1.1.1.1", startPacketSize=10, endPacketSize=50, sweepInterval=10, count=2)
    with pytest.raises(ValidationError, match="would send 505 ICMP requests"):
        diagnostics.build_body("gateway", "ping_sweep", dict(destination="1.1.1.1", start_packet_size=1000,
                                                             end_packet_size=1100, sweep_interval=1))
    with pytest.raises(ValidationError, match="end_packet_size must be at least start_packet_size"):
        diagnostics.build_body("gateway", "ping_sweep", dict(destination="1.1.1.1", start_packet_size=100,
                                                             end_packet_size=50, sweep_interval=10))
    with pytest.raises(ValidationError, match="sweep_interval is required"):
        diagnostics.build_body("gateway", "ping_sweep", dict(destination="1.1.1.1", start_packet_size=100,
                                                             end_packet_size=150))


def test_paths_keep_user_values_in_their_segment():
    assert diagnostics.task_location("v1alpha1", "aos_s", "SN-1", "traceroute", "t_1") == \
        "/network-troubleshooting/v1alpha1/aos-s/SN-1/traceroute/async-operations/t_1"
    for serial in ("../x", "a/b", "a?b", "a b"):
        with pytest.raises(ValidationError, match="serial_number"):
            diagnostics.start_path("v1", "ap", serial, "ping")


def test_parse_location_round_trip_and_refusals():
    location = "/network-troubleshooting/v1/gateways/CN123/pingSweep/async-operations/0b1c-2d"
    assert diagnostics.parse_location(location) == dict(api_version="v1", device_type="gateway", serial_number="CN123",
                                                        test="ping_sweep", task_id="0b1c-2d")
    for bad in ("/network-troubleshooting/v1/gateways/CN123/pingSweep/async-operations/../../x",
                "/network-troubleshooting/v9/aps/S/ping/async-operations/T",
                "https://evil.example/network-troubleshooting/v1/aps/S/ping/async-operations/T",
                "/network-troubleshooting/v1/aps/S%2F/ping/async-operations/T"):
        with pytest.raises(ValidationError, match="location"):
            diagnostics.parse_location(bad)


@pytest.mark.parametrize("task, outcome", [
    (dict(status="INITIATED"), "running"),
    (dict(status="RUNNING", progressPercent=50), "running"),
    (dict(status="FAILED", failReason="device busy"), "failed"),
    (dict(status="COMPLETED", output=None, failReason="Destination not resolved"), "failed"),
    (dict(status="COMPLETED", output={"destination": "x"}, failReason=None), "succeeded"),
    (dict(status="COMPLETED", output=None, failReason=None, rawOutput="PING ..."), "succeeded"),
])
def test_outcome_rule(task, outcome):
    assert diagnostics.outcome_of(task) == outcome


def test_task_result_of_a_seed(seed):
    fields = diagnostics.task_result(seed("ap_ping"), "ping", "T1", "/loc")
    assert fields["outcome"] == "succeeded"
    assert fields["duration_seconds"] == 15.184
    assert fields["progress_percent"] == 100
    assert fields["result"]["packet_loss_percent"] == 20.0
    assert fields["output"]["packetLossPercent"] == "20"  # as received


def test_completed_with_fail_reason_has_no_result():
    fields = diagnostics.task_result(dict(status="COMPLETED", output=None, failReason="Destination not resolved",
                                          progressPercent=100), "ping")
    assert fields["outcome"] == "failed" and fields["result"] is None and fields["fail_reason"] == "Destination not resolved"


def test_wait_aims_polls_at_the_estimated_end(fake_time):
    fake = fake_time
    answers = iter([dict(status="RUNNING", progressPercent=25), dict(status="RUNNING", progressPercent=90),
                    dict(status="COMPLETED", output={"x": 1})])
    task = diagnostics.wait_for_task(lambda deadline: next(answers), timeout=100, poll_interval=2, clock=fake.clock,
                                     sleep=fake.sleep)
    assert task["status"] == "COMPLETED"
    # 25% after 2 s: 6 s more; 90% after 8 s: under poll_interval, so poll_interval.
    assert fake.sleeps == [2.0, 6.0, 2.0]


def test_wait_backs_off_without_progress_and_caps():
    assert diagnostics.next_poll_delay(4, None, 2, previous_delay=4) == 6
    assert diagnostics.next_poll_delay(100, 1, 2) == 30
    assert diagnostics.next_poll_delay(1, 0, 2) == 2


def test_wait_timeout_carries_the_last_answer(fake_time):
    fake = fake_time
    with pytest.raises(WaitTimeoutError) as caught:
        diagnostics.wait_for_task(lambda deadline: dict(status="RUNNING", progressPercent=10), timeout=5, poll_interval=2,
                                  clock=fake.clock, sleep=fake.sleep)
    assert caught.value.task["progressPercent"] == 10
    assert fake.now == pytest.approx(5.0)


def test_first_poll_waits_the_expected_duration(fake_time):
    fake = fake_time
    diagnostics.wait_for_task(lambda deadline: dict(status="COMPLETED", output={}), timeout=60, poll_interval=1,
                              first_delay=7.5, clock=fake.clock, sleep=fake.sleep)
    assert fake.sleeps == [7.5]


def test_a_first_read_asked_again_moves_with_what_is_learned_meanwhile(fake_time):
    # 20 s expected at first; after 4 s of waiting, tests of the kind have shown 5 s: the read comes at 5 s.
    fake = fake_time
    expected = iter([20.0, 20.0, 5.0, 5.0])
    diagnostics.wait_for_task(lambda deadline: dict(status="COMPLETED", output={}), timeout=60, poll_interval=2,
                              first_delay=lambda: next(expected), clock=fake.clock, sleep=fake.sleep)
    assert fake.sleeps == [2.0, 2.0, 1.0, 0.0]


def test_every_catalogued_ping_or_traceroute_has_a_body_with_destination_only():
    for (device_type, test), fields in diagnostics.CATALOGUE.items():
        if test not in ("ping", "traceroute", "ping_sweep"):
            continue
        assert fields["destination"].required
        if test != "ping_sweep":
            assert diagnostics.build_body(device_type, test, dict(destination="10.0.0.1")) == dict(destination="10.0.0.1")


@pytest.mark.parametrize("device_type, test, options, body", [
    ("cx", "http", dict(url="https://app.example.com/x?y=1"),
     {"destination": "https://app.example.com/x?y=1", "protocol": "HTTPS"}),
    ("ap", "http", dict(url="www.google.com"), {"url": "www.google.com"}),
    ("ap", "https", dict(url="https://[2001:db8::1]:8443/"), {"url": "https://[2001:db8::1]:8443/"}),
    ("ap", "tcp", dict(host="10.0.0.1", port="443"), {"host": "10.0.0.1", "port": 443}),
    ("cx", "aaa", dict(server="10.1.1.10", username="u", password="p w", auth_method="pap"),
     {"radiusServerIp": "10.1.1.10", "username": "u", "password": "p w", "authMethodType": "pap"}),
    ("ap", "aaa", dict(server="radius-1", username="u", password="pw"),
     {"serverName": "radius-1", "username": "u", "password": "pw"}),
    ("gateway", "arp_table", {}, {}),
    ("gateway", "speedtest", dict(server="iperf.example.com"), {"iperfServerAddress": "iperf.example.com"}),
    ("aos_s", "cable_test", dict(ports="1, 5-7"), {"ports": ["1", "5-7"]}),
    ("cx", "show_command", dict(command="  show   interface brief "), {"commands": ["show interface brief"]}),
])
def test_bodies_of_the_other_tests(device_type, test, options, body):
    assert diagnostics.build_body(device_type, test, options) == body


@pytest.mark.parametrize("device_type, test, options, message", [
    ("ap", "http", dict(url="https://bad host/"), "url must be a URL"),
    ("ap", "http", dict(url="gopher://a.example/"), "url must be a URL"),
    ("ap", "http", dict(url="http://999.1.1.1/"), "url must be a URL whose host is a host name or an address"),
    ("ap", "tcp", dict(host="a.example"), "port is required for tcp"),
    ("ap", "aaa", dict(server="r", username="u", password=""), "password must be a non-empty string"),
    ("cx", "cable_test", dict(ports=["1/1/1", "1/1/1"]), "ports: each port once"),
    ("ap", "show_command", dict(command="configure terminal"), "command must be one show command on one line"),
    ("cx", "arp_table", {}, "test arp_table runs only on device_type aos_s, ap, gateway (got 'cx')"),
])
def test_bad_options_of_the_other_tests(device_type, test, options, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        diagnostics.build_body(device_type, test, options)


def test_a_show_command_s_arguments_are_central_s_to_judge():
    # Only the shape (one line, starting with show) is checked here; the CX list is checked by show_command.
    assert diagnostics.build_body("cx", "show_command", dict(command="show vlan; reload")) == {
        "commands": ["show vlan; reload"]}
    assert diagnostics.build_body("cx", "show_command", dict(command="show vlan; reload"), api_version="v1alpha1") == {
        "command": "show vlan; reload"}


def test_the_gateway_speedtest_is_central_s_iperf_both_ways():
    assert diagnostics.start_path("v1", "gateway", "GW1", "speedtest") == "/network-troubleshooting/v1/gateways/GW1/iperf"
    assert diagnostics.start_path("v1", "ap", "AP1", "speedtest") == "/network-troubleshooting/v1/aps/AP1/speedtest"
    parsed = diagnostics.parse_location("/network-troubleshooting/v1alpha1/gateways/GW1/iperf/async-operations/T-1")
    assert (parsed["test"], parsed["device_type"]) == ("speedtest", "gateway")
    assert diagnostics.parse_location("/network-troubleshooting/v1/aos-s/AS1/getArpTable/async-operations/T")["test"] \
        == "arp_table"


def test_http_operation_and_targets():
    assert diagnostics.http_operation("ap", "HTTPS://a.example") == "https"
    assert diagnostics.http_operation("cx", "https://a.example") == "http"
    assert diagnostics.http_operation("gateway", "a.example") == "http"
    assert diagnostics.target_text("ap", "tcp", {"host": "h", "port": 80}) == "h:80"
    assert diagnostics.target_text("cx", "http", {"destination": "https://x"}) == "https://x"
    assert diagnostics.target_text("aos_s", "cable_test", {"ports": ["1", "2"]}) == "1, 2"
    assert diagnostics.target_text("ap", "arp_table", {}) is None
    assert diagnostics.masked("cx", "aaa", {"password": "x", "username": "u"}) == {
        "password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", "username": "u"}


def test_a_strict_command_list_refuses_and_names_the_nearest():
    allowed = ["show version", "show interface brief", "show interface", "show vlan"]
    diagnostics.check_show_command("cx", "show interface 1/1/1", allowed)
    diagnostics.check_show_command("ap", "show anything", allowed)  # the others list top commands only
    diagnostics.check_show_command("cx", "show whatever", [])  # no list: Central decides
    with pytest.raises(ValidationError) as refused:
        diagnostics.check_show_command("cx", "show interfaces", allowed)
    assert "allowed (nearest): show interface" in str(refused.value) and "show vlan" not in str(refused.value)
    with pytest.raises(ValidationError) as far:
        diagnostics.check_show_command("cx", "show running-config", allowed)
    assert "cx switch; allowed: show version, show interface brief, show interface, show vlan" in str(far.value)


@pytest.mark.parametrize("test, result, negative", [
    ("nslookup", dict(resolved=False), True), ("http", dict(success=True), False), ("tcp", dict(connected=False), True),
    ("aaa", dict(authenticated=True), False), ("cable_test", dict(all_good=False), True),
    ("arp_table", dict(entries=[]), False), ("speedtest", dict(upstream_mbps=None), False), ("ping", None, False)])
def test_negative_answers(test, result, negative):
    assert diagnostics.negative_answer(test, result) is negative
