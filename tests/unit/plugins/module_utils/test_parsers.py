# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_paths as parse_paths
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_values as parse_values


@pytest.mark.parametrize("value, expected", [
    ("33.799 ms", 33.799), ("0 ms", 0.0), ("20", 20.0), (" 1 ms", 1.0), (5, 5.0), (2.5, 2.5),
    ("*", None), ("null", None), ("", None), (None, None), ("n/a", None), ("fast", None), (True, None),
])
def test_to_float(value, expected):
    assert parse_values.to_float(value) == expected


def test_to_int_and_to_text():
    assert parse_values.to_int("5") == 5
    assert parse_values.to_int("5.0") == 5
    assert parse_values.to_int("null") is None
    assert parse_values.to_text("null") is None
    assert parse_values.to_text(" 10.0.0.1 ") == "10.0.0.1"


def test_ap_ping_seed(seed):
    body = seed("ap_ping")
    result = parse_paths.normalize_ping(body["output"], body["rawOutput"])
    assert result["destination"] == "www.google.com"
    assert result["resolved_ip"] == "142.251.46.164"
    assert (result["packets_transmitted"], result["packets_received"]) == (5, 4)
    assert result["packet_loss_percent"] == 20.0
    assert (result["rtt_min_ms"], result["rtt_avg_ms"], result["rtt_max_ms"]) == (200.2, 204.7, 209.8)
    assert result["packet_size_bytes"] == 56  # from "56 data bytes"; the output has no size field
    assert [reply["sequence"] for reply in result["replies"]] == [0, 1, 3, 4]
    assert result["replies"][1] == dict(sequence=1, ttl=108, time_ms=209.8, size_bytes=64, address="142.251.46.164")
    assert result["reachable"] is True


def test_gateway_ping_seed(seed):
    body = seed("gateway_ping")
    result = parse_paths.normalize_ping(body["output"], body["rawOutput"])
    assert result["destination"] == "142.251.214.132"
    assert (result["packets_transmitted"], result["packets_received"]) == (5, 5)
    assert result["packet_loss_percent"] == 0.0
    assert result["packet_size_bytes"] == 92
    assert (result["rtt_min_ms"], result["rtt_avg_ms"], result["rtt_max_ms"]) == (200.873, 207.567, 211.744)
    assert result["replies"] == []
    assert result["reachable"] is True


def test_ping_from_raw_output_only(seed):
    """When the output is missing, the raw text gives the same figures."""
    ap = parse_paths.normalize_ping(None, seed("ap_ping")["rawOutput"])
    assert (ap["packets_transmitted"], ap["packets_received"], ap["packet_loss_percent"]) == (5, 4, 20.0)
    assert ap["rtt_avg_ms"] == 204.7 and len(ap["replies"]) == 4
    gateway = parse_paths.normalize_ping(None, seed("gateway_ping")["rawOutput"])
    assert gateway["packet_loss_percent"] == 0.0 and gateway["rtt_max_ms"] == 211.744
    assert gateway["destination"] == "142.251.214.132"


def test_busybox_ping_raw(seed):
    parsed = parse_paths.parse_busybox_ping(seed("ap_ping")["rawOutput"])
    assert parsed["resolved_ip"] == "142.251.46.164"
    assert parsed["payload_bytes"] == 56
    assert parsed["replies"][2]["sequence"] == 3
    assert parsed["packet_loss_percent"] == 20.0


def test_gateway_ping_raw(seed):
    parsed = parse_paths.parse_gateway_ping(seed("gateway_ping")["rawOutput"])
    assert parsed["probe_marks"] == "!!!!!"
    assert parsed["timeout_seconds"] == 2
    assert parsed["success_rate_percent"] == 100.0
    assert (parsed["packets_received"], parsed["packets_transmitted"]) == (5, 5)


def test_gateway_ping_raw_with_losses():
    text = ("Sending 5, 100-byte ICMP Echos to 10.1.1.1, timeout is 2 seconds:\r\n!.!..\r\n"
            "Success rate is 40 percent (2/5), round-trip min/avg/max = 1.0/1.5/2.0 ms\r\n")
    parsed = parse_paths.parse_gateway_ping(text)
    assert parsed["probe_marks"] == "!.!.."
    result = parse_paths.normalize_ping(None, text)
    assert result["packet_loss_percent"] == 60.0
    assert result["packets_received"] == 2


def test_total_loss_is_not_reachable():
    output = dict(destination="192.0.2.1", transmittedPacketsCount="5", receivedPacketsCount="0",
                  packetLossPercent="100", minimumRoundTripTimeMilliseconds="null")
    result = parse_paths.normalize_ping(output)
    assert result["reachable"] is False
    assert result["rtt_min_ms"] is None
    assert result["packet_loss_percent"] == 100.0


def test_ap_traceroute_seed(seed):
    body = seed("ap_traceroute")
    result = parse_paths.normalize_traceroute(body["output"], body["rawOutput"])
    assert result["resolved_ip"] == "142.251.46.164"
    assert result["hop_count"] == 30
    # The AP gives "null" in ipAddress and the address in reverseDnsResolution.
    assert result["hops"][0]["probes"][0] == dict(address="10.27.113.225", rtt_ms=33.799, responded=True)
    assert result["hops"][4]["probes"][0] == dict(address=None, rtt_ms=None, responded=False)
    assert result["last_responding_hop"] == 4
    assert result["destination_reached"] is False
    assert result["recovered_hops"] == []


def test_gateway_traceroute_seed_recovers_lost_hops(seed):
    body = seed("gateway_traceroute")
    result = parse_paths.normalize_traceroute(body["output"], body["rawOutput"])
    assert [hop["hop"] for hop in result["hops"]] == [1, 2, 3, 4, 5]
    assert 4 in result["recovered_hops"]
    assert result["recovered_hops"] == [3, 4]
    hop4 = result["hops"][3]["probes"]
    assert [probe["address"] for probe in hop4] == ["10.186.128.6", "10.186.128.4", "10.186.128.4"]
    assert [probe["rtt_ms"] for probe in hop4] == [1.0, 1.0, 1.0]
    assert all(not probe["responded"] for probe in result["hops"][2]["probes"])
    assert result["resolved_ip"] == "10.186.172.153"  # from the raw header: the output has none
    assert result["destination_reached"] is True
    assert result["last_responding_hop"] == 5


def test_traceroute_raw_with_names_and_partial_answers():
    text = ("traceroute to host.example (10.0.0.9), 30 hops max, 38 byte packets\n"
            " 1  gw.local (10.0.0.1)  1.2 ms  *  1.0 ms\n 2  10.0.0.9  3 ms  3 ms  3 ms\n")
    parsed = parse_paths.parse_traceroute(text)
    assert parsed["resolved_ip"] == "10.0.0.9"
    assert parsed["hops"][0]["probes"] == [
        dict(address="10.0.0.1", rtt_ms=1.2, responded=True),
        dict(address=None, rtt_ms=None, responded=False),
        dict(address="10.0.0.1", rtt_ms=1.0, responded=True)]
    result = parse_paths.normalize_traceroute(dict(destination="host.example"), text)
    assert result["destination_reached"] is True
    assert result["recovered_hops"] == [1, 2]


def test_ping_sweep_seed(seed):
    result = parse_paths.normalize_ping_sweep(seed("gateway_ping_sweep")["output"])
    assert result["destination"] == "1.1.1.1"
    assert (result["packets_transmitted"], result["packets_received"]) == (10, 10)
    assert result["success_rate_percent"] == 100.0
    assert (result["rtt_min_ms"], result["rtt_avg_ms"], result["rtt_max_ms"]) == (110.597, 110.767, 110.88)
    assert len(result["replies"]) == 10
    assert result["replies"][5] == dict(iteration=2, request_id=6, size_bytes=10, timed_out=False)
    assert result["largest_size_without_loss"] == 50


def test_ping_sweep_largest_size_ignores_sizes_lost_in_any_iteration():
    output = dict(responses=[
        dict(count="1", replies=[dict(requestId="1", size="100", timedOut=False),
                                 dict(requestId="2", size="200", timedOut="false"),
                                 dict(requestId="3", size="300", timedOut=True)]),
        dict(count="2", replies=[dict(requestId="4", size="100", timedOut=False),
                                 dict(requestId="5", size="200", timedOut=True),
                                 dict(requestId="6", size="300", timedOut=True)])])
    assert parse_paths.normalize_ping_sweep(output)["largest_size_without_loss"] == 100
    everything_lost = dict(responses=[dict(count="1", replies=[dict(requestId="1", size="10", timedOut=True)])])
    assert parse_paths.normalize_ping_sweep(everything_lost)["largest_size_without_loss"] is None


def test_unknown_fields_and_shapes_do_not_crash():
    assert parse_paths.normalize_ping({"surprise": {"a": 1}, "replies": None})["replies"] == []
    assert parse_paths.normalize_traceroute({"hops": [{"hop": "x"}, {"hop": "1", "probes": None}]})["hop_count"] == 1
    assert parse_paths.normalize_ping_sweep({"responses": [{"count": "1"}]})["replies"] == []
