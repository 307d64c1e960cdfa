# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Ping, traceroute and ping sweep results, parsed from ``output`` and from the device's raw text.

The same test has a different shape per device type, so each normalizer reads every known spelling of a field and
passes through what it does not know. Where the parsed ``output`` loses what ``rawOutput`` holds (a gateway's
traceroute), the raw text fills the gap."""

from __future__ import annotations

import re

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_values import (
    first_of,
    records,
    to_float,
    to_int,
    to_text,
)


# --- raw output parsers -------------------------------------------------------
# Every pattern is linear in its input: one that opens with a number has (?<!\d) before it, so a long run of digits
# is tried from its first digit only (not from each of them, which is quadratic), and nothing before a literal is
# a lazy ".*?" that a long line would make scan again from every start. _tasks.task_result also gives the
# parsers at most MAX_PARSED_RAW characters of raw output.

_BUSYBOX_HEADER = re.compile(r"PING\s+(\S+)\s+\(([^)]+)\):\s*(\d+)\s+data bytes")
_BUSYBOX_REPLY = re.compile(
    r"(?<!\d)(\d+)\s+bytes from\s+([^\s:]+):\s*(?:icmp_seq|seq)=(\d+)\s+ttl=(\d+)\s+time=([\d.]+)\s*ms"
)
_PING_TOTALS = re.compile(r"(?<!\d)(\d+)\s+packets transmitted,\s*(\d+)\s+(?:packets )?received([^\n]*)")
_PACKET_LOSS = re.compile(r"(?<![\d.])([\d.]+)% packet loss")
_RTT_TRIPLE = re.compile(r"min/avg/max(?:/mdev)?\s*=\s*([\d.]+)/([\d.]+)/([\d.]+)")


def parse_busybox_ping(text):
    """Parse BusyBox/Linux ``ping`` output (what access points return).

    Returns a dict with ``resolved_ip``, ``payload_bytes``, ``replies`` (each
    ``sequence``, ``ttl``, ``time_ms``, ``size_bytes``, ``address``),
    ``packets_transmitted``, ``packets_received``, ``packet_loss_percent`` and
    ``rtt_min_ms``/``rtt_avg_ms``/``rtt_max_ms``; keys the text lacks are None.
    """
    text = text or ""
    parsed = dict(resolved_ip=None, payload_bytes=None, replies=[], packets_transmitted=None,
                  packets_received=None, packet_loss_percent=None,
                  rtt_min_ms=None, rtt_avg_ms=None, rtt_max_ms=None)
    header = _BUSYBOX_HEADER.search(text)
    if header:
        parsed["resolved_ip"] = header.group(2)
        parsed["payload_bytes"] = int(header.group(3))
    for size, address, seq, ttl, time_ms in _BUSYBOX_REPLY.findall(text):
        parsed["replies"].append(dict(sequence=int(seq), ttl=int(ttl), time_ms=float(time_ms),
                                      size_bytes=int(size), address=address))
    totals = _PING_TOTALS.search(text)
    if totals:
        parsed["packets_transmitted"] = int(totals.group(1))
        parsed["packets_received"] = int(totals.group(2))
        loss = _PACKET_LOSS.search(totals.group(3))
        parsed["packet_loss_percent"] = to_float(loss.group(1)) if loss else None
    return _with_rtts(parsed, text)


def _with_rtts(parsed, text):
    """``parsed`` with the min/avg/max round trip of a ping's summary line, when ``text`` has one."""
    rtt = _RTT_TRIPLE.search(text)
    if rtt:
        parsed["rtt_min_ms"], parsed["rtt_avg_ms"], parsed["rtt_max_ms"] = (float(v) for v in rtt.groups())
    return parsed


_GATEWAY_SENDING = re.compile(r"Sending\s+(\d+),\s*(\d+)-byte ICMP Echos to\s+([^\s,]+),\s*timeout is\s+(\d+)\s+seconds")
_GATEWAY_SUCCESS = re.compile(r"Success rate is\s+(\d+)\s+percent\s+\((\d+)/(\d+)\)")


def parse_gateway_ping(text):
    """Parse the gateway's Cisco-like ping output (``!!!!!`` one mark a probe).

    Returns ``destination``, ``payload_bytes``, ``timeout_seconds``, ``probe_marks``
    (the ``!``/``.``/``D`` string, one character a probe), ``success_rate_percent``,
    ``packets_received``, ``packets_transmitted`` and the RTT triple.
    """
    text = (text or "").replace("\r", "")
    parsed = dict(destination=None, payload_bytes=None, timeout_seconds=None, probe_marks=None,
                  success_rate_percent=None, packets_received=None, packets_transmitted=None,
                  rtt_min_ms=None, rtt_avg_ms=None, rtt_max_ms=None)
    sending = _GATEWAY_SENDING.search(text)
    if sending:
        parsed["packets_transmitted"] = int(sending.group(1))
        parsed["payload_bytes"] = int(sending.group(2))
        parsed["destination"] = sending.group(3)
        parsed["timeout_seconds"] = int(sending.group(4))
        marks = re.search(r"^([!.D]+)\s*$", text[sending.end():], re.M)
        parsed["probe_marks"] = marks.group(1) if marks else None
    success = _GATEWAY_SUCCESS.search(text)
    if success:
        parsed["success_rate_percent"] = float(success.group(1))
        parsed["packets_received"] = int(success.group(2))
        parsed["packets_transmitted"] = int(success.group(3))
    return _with_rtts(parsed, text)


_TRACEROUTE_HEADER = re.compile(r"traceroute to\s+([^\s,(]+)\s*(?:\(([^)]+)\))?\s*,")
_HOP_LINE = re.compile(r"^\s*(\d+)\s+(.*)$")
# One token of a hop line: a lost probe, an RTT ("1 ms", "0.890 ms"), "(address)", or a name/address.
_HOP_TOKEN = re.compile(r"\*|(\d+(?:\.\d+)?)\s*ms\b|\(([^)]*)\)|([^\s*()]+)")


def parse_traceroute(text):
    """Parse traceroute text, both the AP's Linux format and the gateway's.

    The gateway glues an RTT to the next address when a hop answers from more than
    one router (``1 ms10.186.128.4``), and prints its header over two lines; both
    are handled. Returns ``resolved_ip`` and ``hops``: a list of ``hop`` (int) and
    ``probes`` (each ``address``, ``rtt_ms``, ``responded``), in hop order.
    """
    text = (text or "").replace("\r", "")
    header = _TRACEROUTE_HEADER.search(text)
    resolved_ip = None
    if header:
        resolved_ip = header.group(2) or header.group(1)
    hops = []
    body = text[header.end():] if header else text
    for line in body.split("\n"):
        match = _HOP_LINE.match(line)
        if not match or "hops max" in line or "hop min" in line:
            continue
        probes = []
        address = None
        hop_text = re.sub(r"ms(?=\S)", "ms ", match.group(2))
        for token in _HOP_TOKEN.finditer(hop_text):
            rtt, in_parens, name = token.groups()
            if token.group(0) == "*":
                probes.append(dict(address=None, rtt_ms=None, responded=False))
            elif rtt is not None:
                probes.append(dict(address=address, rtt_ms=float(rtt), responded=True))
            elif in_parens is not None:
                address = in_parens  # "name (address)": the address is what we keep
            elif name is not None:
                address = name
        hops.append(dict(hop=int(match.group(1)), probes=probes))
    return dict(resolved_ip=resolved_ip, hops=hops)


# --- output normalizers ---------------------------------------------------------

def normalize_ping(output, raw_output=None):
    """Normalize any device's ping result into the documented ``result`` shape.

    Access points report packet counts, loss and each reply; gateways report a
    success rate and latency; either may be missing a field the raw text has.
    """
    output = output or {}
    raw = _raw_ping(raw_output)

    replies = [
        dict(sequence=to_int(reply.get("sentPacketIcmpSequenceNumber")),
             ttl=to_int(reply.get("sentPacketTimeToLive")),
             time_ms=to_float(reply.get("sentPacketTimeMilliseconds")),
             size_bytes=to_int(reply.get("sentPacketSizeBytes")),
             address=to_text(reply.get("sentPacketAddress")))
        for reply in records(output.get("replies"))
    ] or raw.get("replies") or []

    transmitted = to_int(first_of(output, "transmittedPacketsCount", "sentPacketsCount"))
    received = to_int(first_of(output, "receivedPacketsCount"))
    if transmitted is None:
        transmitted = raw.get("packets_transmitted")
    if received is None:
        received = raw.get("packets_received")

    loss = to_float(first_of(output, "packetLossPercent"))
    if loss is None:
        success = to_float(first_of(output, "successRatePercent", "successRate"))
        if success is None:
            success = raw.get("success_rate_percent")
        if success is not None:
            loss = round(100.0 - success, 3)
    if loss is None:
        loss = raw.get("packet_loss_percent")
    if loss is None and transmitted:
        loss = round(100.0 * (transmitted - (received or 0)) / transmitted, 3)

    result = dict(
        destination=to_text(first_of(output, "destination")) or raw.get("destination"),
        resolved_ip=to_text(first_of(output, "resolvedIp")) or raw.get("resolved_ip"),
        packets_transmitted=transmitted,
        packets_received=received,
        packet_loss_percent=loss,
        packet_size_bytes=to_int(first_of(output, "packetSizeBytes")) or raw.get("payload_bytes"),
        replies=replies,
    )
    for short, long_keys in (("min", ("minimumRoundTripTimeMilliseconds", "minimumLatencyMilliseconds")),
                             ("avg", ("averageRoundTripTimeMilliseconds", "averageLatencyMilliseconds")),
                             ("max", ("maximumRoundTripTimeMilliseconds", "maximumLatencyMilliseconds"))):
        value = to_float(first_of(output, *long_keys))
        result["rtt_%s_ms" % short] = value if value is not None else raw.get("rtt_%s_ms" % short)
    result["reachable"] = bool(received) or bool(replies)
    return result


def _raw_ping(raw_output):
    """Parse whichever ping format ``raw_output`` is in ({} when there is none)."""
    if not raw_output:
        return {}
    if "ICMP Echos" in raw_output or "Success rate is" in raw_output:
        return parse_gateway_ping(raw_output)
    return parse_busybox_ping(raw_output)


def _normalize_probe(probe):
    rtt = to_float(probe.get("responseTimeMilliseconds"))
    # The AP puts the address in reverseDnsResolution and "null" in ipAddress.
    address = to_text(probe.get("ipAddress")) or to_text(probe.get("reverseDnsResolution"))
    return dict(address=address, rtt_ms=rtt, responded=rtt is not None or address is not None)


def normalize_traceroute(output, raw_output=None):
    """Normalize a traceroute result and fill from ``raw_output`` the hops the parsed output lost.

    A hop is recovered when the parsed output lacks it or lists it with no probes
    while the raw text has it; ``recovered_hops`` names those hop numbers.
    """
    output = output or {}
    hops = {}
    for hop in records(output.get("hops")):
        number = to_int(hop.get("hop"))
        if number is not None:
            hops[number] = [_normalize_probe(probe) for probe in records(hop.get("probes"))]

    raw = parse_traceroute(raw_output) if raw_output else dict(resolved_ip=None, hops=[])
    recovered = []
    for raw_hop in raw["hops"]:
        number = raw_hop["hop"]
        if raw_hop["probes"] and not hops.get(number):
            hops[number] = raw_hop["probes"]
            recovered.append(number)

    resolved_ip = to_text(output.get("resolvedIp")) or raw["resolved_ip"]
    destination = to_text(output.get("destination"))
    ordered = [dict(hop=number, probes=hops[number]) for number in sorted(hops)]
    responding = [hop for hop in ordered if any(probe["responded"] for probe in hop["probes"])]
    targets = {address for address in (resolved_ip, destination) if address}
    last = responding[-1] if responding else None
    return dict(
        destination=destination,
        resolved_ip=resolved_ip,
        hops=ordered,
        hop_count=len(ordered),
        destination_reached=bool(last and targets & {probe["address"] for probe in last["probes"]}),
        last_responding_hop=last["hop"] if last else None,
        recovered_hops=sorted(recovered),
        # Every address that answered, in hop order: what "the path goes through the firewall" is checked on.
        hop_addresses=[probe["address"] for hop in ordered for probe in hop["probes"]
                       if probe["address"] and probe["responded"]],
    )


def normalize_ping_sweep(output, raw_output=None):
    """Normalize a gateway ping sweep; ``largest_size_without_loss`` is the largest
    probe size of which no request timed out, in any iteration (None if all were lost)."""
    output = output or {}
    replies = []
    for response in records(output.get("responses")):
        iteration = to_int(response.get("count"))
        for reply in records(response.get("replies")):
            timed_out = reply.get("timedOut")
            if not isinstance(timed_out, bool):
                timed_out = str(timed_out).strip().lower() == "true"
            replies.append(dict(iteration=iteration, request_id=to_int(reply.get("requestId")),
                                size_bytes=to_int(reply.get("size")), timed_out=timed_out))
    lost_sizes = {reply["size_bytes"] for reply in replies if reply["timed_out"]}
    passed_sizes = [reply["size_bytes"] for reply in replies
                    if reply["size_bytes"] is not None and reply["size_bytes"] not in lost_sizes]
    return dict(
        destination=to_text(output.get("destination")),
        packets_transmitted=to_int(output.get("transmittedPacketsCount")),
        packets_received=to_int(output.get("receivedPacketsCount")),
        success_rate_percent=to_float(first_of(output, "successRate", "successRatePercent")),
        rtt_min_ms=to_float(output.get("minimumRoundTripTimeMilliseconds")),
        rtt_avg_ms=to_float(output.get("averageRoundTripTimeMilliseconds")),
        rtt_max_ms=to_float(output.get("maximumRoundTripTimeMilliseconds")),
        replies=replies,
        largest_size_without_loss=max(passed_sizes) if passed_sizes else None,
    )
