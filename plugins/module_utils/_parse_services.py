# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Name lookup, HTTP(S), TCP, RADIUS and speed test results, typed from every shape the device types send."""

from __future__ import annotations

import re

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_values import (
    as_list,
    first_of,
    records,
    to_bytes,
    to_float,
    to_int,
    to_kbps,
    to_mbps,
    to_text,
)


# --- the other diagnostics ----------------------------------------------------------

def normalize_nslookup(output, raw_output=None):
    """An access point's name resolution: ``resolved`` when Central lists at least one address."""
    output = output or {}
    addresses = [str(address).strip() for address in as_list(first_of(output, "resolvedAddresses", "addresses"))]
    if not addresses and raw_output:
        addresses = re.findall(r"^Address(?:\s+\d+)?:\s*([0-9A-Fa-f.:]+)\s*$", raw_output, re.M)[1:]
    return dict(host=to_text(first_of(output, "hostName", "host")), dns_server=to_text(output.get("dnsServer")),
                addresses=addresses, resolved=bool(addresses))


_RESPONSE_CODE = re.compile(r"^\s*(\d{3})\s*(?:/\s*(.*))?$")
# The status text in the brackets is bounded: "[^\]]*" would scan to the end of the text from every "Reply: [".
_HTTP_REPLY = re.compile(r"Reply:\s*\[(\d{3})[^\]\n]{0,100}\]\s*bytes=(\d+)\s*time=(\d+(?:\.\d+)?)ms\s*Rate=(\S+)")


def _http_response(response):
    code = _RESPONSE_CODE.match(str(response.get("responseCode") or ""))
    if code:
        status_code, status_text = int(code.group(1)), to_text(code.group(2))
    else:
        status_code, status_text = None, to_text(response.get("responseCode"))
    return dict(number=to_int(response.get("responseNumber")),
                status_code=status_code,
                status_text=status_text,
                bytes=to_int(response.get("responseBytes")),
                time_ms=to_float(response.get("responseTimeMilliseconds")),
                download_rate_kbps=to_kbps(response.get("downloadRate")))


def normalize_http(output, raw_output=None):
    """HTTP(S) from any device type; the three shapes have little in common:

    - access point: one download, ``downloadRateInKbps`` and ``downloadBytesInKB``;
    - gateway: several probes, each with its status line ("200/OK"), size, time and rate, plus totals;
    - CX switch: probe statistics and RTTs, no status code.

    ``success`` is true when the URL answered: a download (AP), a 2xx/3xx answer (gateway), a probe
    answered without an HTTP error (CX).
    """
    output = output or {}
    # The CX switch nests its figures; their names differ from the other devices', so one flat view reads all three.
    flat = {}
    for nested in ("statistics", "results"):
        if isinstance(output.get(nested), dict):
            flat.update(output[nested])
    flat.update(output)
    responses = [_http_response(response) for response in records(output.get("responses"))]
    if not responses and raw_output:
        responses = [dict(number=index, status_code=int(code), status_text=None, bytes=int(size),
                          time_ms=float(time_ms), download_rate_kbps=to_kbps(rate))
                     for index, (code, size, time_ms, rate) in enumerate(_HTTP_REPLY.findall(raw_output), start=1)]
    downloaded_kb = to_float(output.get("downloadBytesInKB"))
    sent = to_int(first_of(flat, "sentPacketsCount", "packetsTransmitted", "probesTransmitted"))
    received = to_int(first_of(flat, "receivedPacketsCount", "packetsReceived"))
    success_rate = to_float(first_of(output, "successRatePercent"))
    if success_rate is None and sent:
        if received is not None:
            success_rate = round(100.0 * received / sent, 3)
        elif responses:
            success_rate = round(100.0 * sum(1 for item in responses if _good_status(item["status_code"])) / sent, 3)
    http_error = to_text(first_of(flat, "httpError", "dnsError"))
    status_codes = [item["status_code"] for item in responses if item["status_code"] is not None]
    if responses:
        success = any(_good_status(code) for code in status_codes)
    elif downloaded_kb is not None or output.get("downloadRateInKbps") is not None:
        success = bool(downloaded_kb) or bool(to_float(output.get("downloadRateInKbps")))
    else:
        success = bool(received) and not http_error
    return dict(
        url=to_text(first_of(output, "url", "destination")),
        success=success,
        success_rate_percent=success_rate,
        latency_min_ms=to_float(first_of(flat, "minimumLatencyMilliseconds", "minimumRttInMilliseconds")),
        latency_avg_ms=to_float(first_of(flat, "averageLatencyMilliseconds", "httpTransactionRttInMilliseconds",
                                         "averageRttInMilliseconds")),
        latency_max_ms=to_float(first_of(flat, "maximumLatencyMilliseconds", "maximumRttInMilliseconds")),
        status_codes=status_codes,
        responses=responses,
        downloaded_bytes=_downloaded_bytes(downloaded_kb, responses),
        download_rate_kbps=_average([item["download_rate_kbps"] for item in responses]) if responses
        else to_kbps(output.get("downloadRateInKbps")),
        probes_sent=sent,
        probes_answered=received,
        probes_timed_out=to_int(flat.get("probesTimedOut")),
        dns_failures=to_int(flat.get("dnsResolutionFailures")),
        resolved_ip=to_text(flat.get("resolvedIp")),
        http_error=http_error,
    )


def _downloaded_bytes(downloaded_kb, responses):
    """The AP's total (in KB of 1024 bytes), else the sum of the gateway's responses; None when neither is given."""
    if downloaded_kb is not None:
        return int(round(downloaded_kb * 1024))
    sizes = [item["bytes"] for item in responses if item["bytes"] is not None]
    return sum(sizes) if sizes else None


def _good_status(code):
    return code is not None and 200 <= code < 400


def _average(values):
    values = [value for value in values if value is not None]
    return round(sum(values) / len(values), 3) if values else None


def normalize_tcp(output, raw_output=None):
    """An access point's TCP connect test: ``connected`` when it reports a connect time."""
    output = output or {}
    connect_ms = to_float(first_of(output, "connectionTimeInMilliseconds", "connectTimeMilliseconds"))
    return dict(host=to_text(output.get("host")), port=to_int(output.get("port")), connect_time_ms=connect_ms,
                connected=connect_ms is not None and connect_ms >= 0)


# Every spelling of a RADIUS success the devices use; anything else is a refusal or an error.
_AUTHENTICATED = ("passed", "pass", "accept", "accepted", "access-accept", "success", "successful", "authenticated")


def normalize_aaa(output, raw_output=None):
    """A RADIUS test (AP: by server name; CX: by address). The text Central gives stays in
    ``authentication_status``; ``authenticated`` reads every success spelling ("Passed", "accept")."""
    output = output or {}
    status = to_text(first_of(output, "authenticationStatus", "status"))
    return dict(server=to_text(first_of(output, "serverName", "radiusServerIp")),
                authentication_status=status,
                authenticated=(status or "").strip().lower() in _AUTHENTICATED,
                username=to_text(output.get("username")),
                auth_method=to_text(output.get("authMethodType")))


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)")
_IPERF_PROTOCOL = re.compile(r"protocol:\s*(\w+)", re.I)


def normalize_speedtest(output, raw_output=None):
    """An AP speed test or a gateway iperf run, in Mbps. An AP gives each direction it measured
    (null for the other) and per-protocol figures; a gateway gives the sender's and the receiver's
    bandwidth of its upload as text ("9.58 Mbits/sec") and one figure a second. ``upstream_mbps``
    is what arrived: the AP's upstream figure or the gateway's receiver bandwidth."""
    output = output or {}
    intervals = []
    for metric in records(output.get("metrics")):
        if not isinstance(metric, dict):
            continue
        span = _INTERVAL.match(str(metric.get("intervalInSeconds") or ""))
        intervals.append(dict(start_seconds=float(span.group(1)) if span else None,
                              end_seconds=float(span.group(2)) if span else None,
                              transfer_bytes=to_bytes(metric.get("transferSizeInBytes")),
                              bandwidth_mbps=to_mbps(metric.get("bandwidthInbps"))))
    sender = to_mbps(output.get("senderBandwidth"))
    receiver = to_mbps(output.get("receiverBandwidth"))
    upstream = to_float(output.get("upstreamBandwidthInMbps"))
    if upstream is None:
        upstream = receiver if receiver is not None else sender
    protocol = to_text(output.get("protocol"))
    if protocol is None and raw_output:
        found = _IPERF_PROTOCOL.search(raw_output)
        protocol = found.group(1) if found else None
    return dict(
        server=to_text(output.get("iperfServerAddress")),
        server_port=to_int(output.get("serverPort")),
        protocol=protocol.upper() if protocol else None,
        duration_seconds=to_float(output.get("intervalInSeconds")),
        upstream_mbps=upstream,
        downstream_mbps=to_float(output.get("downstreamBandwidthInMbps")),
        sender_mbps=sender,
        receiver_mbps=receiver,
        upstream_bytes=to_bytes(first_of(output, "upstreamBytes", "totalTransferredBytesFromSender")),
        downstream_bytes=to_bytes(output.get("downstreamBytes")),
        received_bytes=to_bytes(output.get("totalTransferredBytesFromReceiver")),
        upstream_retries=to_int(output.get("upstreamRetries")),
        downstream_retries=to_int(output.get("downstreamRetries")),
        upstream_jitter_ms=to_float(output.get("upstreamJitter")),
        downstream_jitter_ms=to_float(output.get("downstreamJitter")),
        upstream_lost_packets=to_int(output.get("upstreamLostPackets")),
        downstream_lost_packets=to_int(output.get("downstreamLostPackets")),
        intervals=intervals,
    )
