# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Pure functions that turn Central's string-typed test results into typed data.

Central sends every number as a string ("33.799 ms", "20", "*", "null") and the
same test has a different shape per device type, so each normalizer reads every
known spelling of a field and passes through what it does not know. Where the
parsed ``output`` loses what ``rawOutput`` holds (gateway traceroute), the raw
text fills the gap.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:ms|%|bytes)?\s*$")
_NO_VALUE = ("", "*", "null", "none", "n/a")


def to_float(value):
    """Return a float for "0.890 ms", "20", 20 or 20.0; None for "*", "null", "" or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        # JSON as Python reads it can hold NaN and Infinity: no measure of a test.
        return number if math.isfinite(number) else None
    text = str(value).strip()
    if text.lower() in _NO_VALUE:
        return None
    match = _NUMBER.match(text)
    return float(match.group(1)) if match else None


def to_int(value):
    """Return an int for "5", "5.0" or 5; None where there is no value."""
    number = to_float(value)
    return int(number) if number is not None else None


def to_text(value):
    """Return the string, or None for the API's "null"/"*"/empty placeholders."""
    if value is None:
        return None
    text = str(value).strip()
    return None if text.lower() in _NO_VALUE else text


def _records(value):
    """The objects of a list answer: an item that is not an object, or a list that is not a list, is skipped
    (a value that cannot be read is left out, never a traceback)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _first(mapping, *keys):
    """The first key of ``keys`` that ``mapping`` holds with a real value."""
    for key in keys:
        value = mapping.get(key)
        if to_text(value) is not None:
            return value
    return None


# --- raw output parsers -------------------------------------------------------
# Every pattern is linear in its input: one that opens with a number has (?<!\d) before it, so a long run of digits
# is tried from its first digit only (not from each of them, which is quadratic), and nothing before a literal is
# a lazy ".*?" that a long line would make scan again from every start. diagnostics.task_result also gives the
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
    rtt = _RTT_TRIPLE.search(text)
    if rtt:
        parsed["rtt_min_ms"], parsed["rtt_avg_ms"], parsed["rtt_max_ms"] = (float(v) for v in rtt.groups())
    return parsed


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
        for reply in _records(output.get("replies"))
    ] or raw.get("replies") or []

    transmitted = to_int(_first(output, "transmittedPacketsCount", "sentPacketsCount"))
    received = to_int(_first(output, "receivedPacketsCount"))
    if transmitted is None:
        transmitted = raw.get("packets_transmitted")
    if received is None:
        received = raw.get("packets_received")

    loss = to_float(_first(output, "packetLossPercent"))
    if loss is None:
        success = to_float(_first(output, "successRatePercent", "successRate"))
        if success is None:
            success = raw.get("success_rate_percent")
        if success is not None:
            loss = round(100.0 - success, 3)
    if loss is None:
        loss = raw.get("packet_loss_percent")
    if loss is None and transmitted:
        loss = round(100.0 * (transmitted - (received or 0)) / transmitted, 3)

    result = dict(
        destination=to_text(_first(output, "destination")) or raw.get("destination"),
        resolved_ip=to_text(_first(output, "resolvedIp")) or raw.get("resolved_ip"),
        packets_transmitted=transmitted,
        packets_received=received,
        packet_loss_percent=loss,
        packet_size_bytes=to_int(_first(output, "packetSizeBytes")) or raw.get("payload_bytes"),
        replies=replies,
    )
    for short, long_keys in (("min", ("minimumRoundTripTimeMilliseconds", "minimumLatencyMilliseconds")),
                             ("avg", ("averageRoundTripTimeMilliseconds", "averageLatencyMilliseconds")),
                             ("max", ("maximumRoundTripTimeMilliseconds", "maximumLatencyMilliseconds"))):
        value = to_float(_first(output, *long_keys))
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
    for hop in _records(output.get("hops")):
        number = to_int(hop.get("hop"))
        if number is not None:
            hops[number] = [_normalize_probe(probe) for probe in _records(hop.get("probes"))]

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
    for response in _records(output.get("responses")):
        iteration = to_int(response.get("count"))
        for reply in _records(response.get("replies")):
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
        success_rate_percent=to_float(_first(output, "successRate", "successRatePercent")),
        rtt_min_ms=to_float(output.get("minimumRoundTripTimeMilliseconds")),
        rtt_avg_ms=to_float(output.get("averageRoundTripTimeMilliseconds")),
        rtt_max_ms=to_float(output.get("maximumRoundTripTimeMilliseconds")),
        replies=replies,
        largest_size_without_loss=max(passed_sizes) if passed_sizes else None,
    )


# --- units and spellings ----------------------------------------------------------

_MAC_DIGITS = re.compile(r"^[0-9a-f]{12}$")
_QUANTITY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z/]*)\s*$")
# Bit rates count in thousands (iperf's "Mbits/sec"); byte sizes in 1024s (iperf's "MBytes", the gateway's "KB").
_BITS_PER_SECOND = {"bits/sec": 1.0, "kbits/sec": 1e3, "mbits/sec": 1e6, "gbits/sec": 1e9, "bps": 1.0,
                    "kbps": 1e3, "mbps": 1e6, "gbps": 1e9}
_BYTES = {"": 1, "b": 1, "bytes": 1, "byte": 1, "kb": 1024, "kbytes": 1024, "mb": 1024 ** 2, "mbytes": 1024 ** 2,
          "gb": 1024 ** 3, "gbytes": 1024 ** 3}
_BYTES_PER_SECOND = {"b/sec": 1, "bytes/sec": 1, "kb/sec": 1024, "kbytes/sec": 1024, "mb/sec": 1024 ** 2,
                     "mbytes/sec": 1024 ** 2}


def _quantity(value):
    """(number, lower-case unit) of "9.58 Mbits/sec", "57.52KB/sec" or 20; None when there is no number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        # JSON as Python reads it can hold NaN and Infinity: no measure of a test.
        return number if math.isfinite(number) else None, ""
    match = _QUANTITY.match(str(value))
    return (float(match.group(1)), match.group(2).lower()) if match else None


def to_mbps(value):
    """Megabits per second from "9.58 Mbits/sec", "0.00 bits/sec", "53.9 Mbits/sec" or a bare number (Mbps)."""
    quantity = _quantity(value)
    if quantity is None:
        return None
    number, unit = quantity
    if not unit:
        return number
    if unit in _BITS_PER_SECOND:
        return round(number * _BITS_PER_SECOND[unit] / 1e6, 6)
    if unit in _BYTES_PER_SECOND:
        return round(number * _BYTES_PER_SECOND[unit] * 8 / 1e6, 6)
    return None


def to_kbps(value):
    """Kilobits per second from "57.52KB/sec" (kilobytes: x 8 x 1024 / 1000), "125" (kbps) or any to_mbps text."""
    quantity = _quantity(value)
    if quantity is None:
        return None
    if not quantity[1]:
        return quantity[0]
    mbps = to_mbps(value)
    return None if mbps is None else round(mbps * 1000, 3)


def to_bytes(value):
    """Bytes from "9.14 MBytes", "0.00 Bytes", "19556" or 19556 (sizes in 1024s)."""
    quantity = _quantity(value)
    if quantity is None or quantity[1] not in _BYTES:
        return None
    return int(round(quantity[0] * _BYTES[quantity[1]]))


def to_mac(value):
    """aa:bb:cc:dd:ee:ff from any usual spelling (ec6794-7e1fc0, a483.e718.ec9f, A4-83-E7-18-EC-9F);
    None when ``value`` is no MAC address."""
    if value is None:
        return None
    digits = re.sub(r"[:.\-\s]", "", str(value).strip().lower())
    if not _MAC_DIGITS.match(digits):
        return None
    return ":".join(digits[index:index + 2] for index in range(0, 12, 2))


def _list(value):
    """A list from a list, or from one comma- or space-separated string; [] for nothing."""
    if isinstance(value, list):
        return [item for item in value if to_text(item) is not None]
    text = to_text(value)
    return [part for part in re.split(r"[,\s]+", text) if part] if text else []


# --- the other diagnostics ----------------------------------------------------------

def normalize_nslookup(output, raw_output=None):
    """An access point's name resolution: ``resolved`` when Central lists at least one address."""
    output = output or {}
    addresses = [str(address).strip() for address in _list(_first(output, "resolvedAddresses", "addresses"))]
    if not addresses and raw_output:
        addresses = re.findall(r"^Address(?:\s+\d+)?:\s*([0-9A-Fa-f.:]+)\s*$", raw_output, re.M)[1:]
    return dict(host=to_text(_first(output, "hostName", "host")), dns_server=to_text(output.get("dnsServer")),
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
    responses = [_http_response(response) for response in _records(output.get("responses"))]
    if not responses and raw_output:
        responses = [dict(number=index, status_code=int(code), status_text=None, bytes=int(size),
                          time_ms=float(time_ms), download_rate_kbps=to_kbps(rate))
                     for index, (code, size, time_ms, rate) in enumerate(_HTTP_REPLY.findall(raw_output), start=1)]
    downloaded_kb = to_float(output.get("downloadBytesInKB"))
    sent = to_int(_first(flat, "sentPacketsCount", "packetsTransmitted", "probesTransmitted"))
    received = to_int(_first(flat, "receivedPacketsCount", "packetsReceived"))
    success_rate = to_float(_first(output, "successRatePercent"))
    if success_rate is None and sent:
        if received is not None:
            success_rate = round(100.0 * received / sent, 3)
        elif responses:
            success_rate = round(100.0 * sum(1 for item in responses if _good_status(item["status_code"])) / sent, 3)
    http_error = to_text(_first(flat, "httpError", "dnsError"))
    status_codes = [item["status_code"] for item in responses if item["status_code"] is not None]
    if responses:
        success = any(_good_status(code) for code in status_codes)
    elif downloaded_kb is not None or output.get("downloadRateInKbps") is not None:
        success = bool(downloaded_kb) or bool(to_float(output.get("downloadRateInKbps")))
    else:
        success = bool(received) and not http_error
    return dict(
        url=to_text(_first(output, "url", "destination")),
        success=success,
        success_rate_percent=success_rate,
        latency_min_ms=to_float(_first(flat, "minimumLatencyMilliseconds", "minimumRttInMilliseconds")),
        latency_avg_ms=to_float(_first(flat, "averageLatencyMilliseconds", "httpTransactionRttInMilliseconds",
                                       "averageRttInMilliseconds")),
        latency_max_ms=to_float(_first(flat, "maximumLatencyMilliseconds", "maximumRttInMilliseconds")),
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
    connect_ms = to_float(_first(output, "connectionTimeInMilliseconds", "connectTimeMilliseconds"))
    return dict(host=to_text(output.get("host")), port=to_int(output.get("port")), connect_time_ms=connect_ms,
                connected=connect_ms is not None and connect_ms >= 0)


# Every spelling of a RADIUS success the devices use; anything else is a refusal or an error.
_AUTHENTICATED = ("passed", "pass", "accept", "accepted", "access-accept", "success", "successful", "authenticated")


def normalize_aaa(output, raw_output=None):
    """A RADIUS test (AP: by server name; CX: by address). The text Central gives stays in
    ``authentication_status``; ``authenticated`` reads every success spelling ("Passed", "accept")."""
    output = output or {}
    status = to_text(_first(output, "authenticationStatus", "status"))
    return dict(server=to_text(_first(output, "serverName", "radiusServerIp")),
                authentication_status=status,
                authenticated=(status or "").strip().lower() in _AUTHENTICATED,
                username=to_text(output.get("username")),
                auth_method=to_text(output.get("authMethodType")))


_IPV4_TOKEN = re.compile(r"\(?((?:\d{1,3}\.){3}\d{1,3})\)?")
_MAC_TOKEN = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{6}-[0-9A-Fa-f]{6}|"
                        r"[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}")


def _arp_line(line):
    """(address, MAC, words after the MAC) of one ARP line in any device's format ("? (10.1.1.1) at aa:bb:.. [ether]
    on br0", "10.1.1.1  0011.2233.4455  vlan1"), or None: a look at each word once, whatever the line holds."""
    words = line.split()
    for index, word in enumerate(words):
        address = _IPV4_TOKEN.fullmatch(word)
        if address:
            for later, other in enumerate(words[index + 1:], start=index + 1):
                if _MAC_TOKEN.fullmatch(other):
                    return address.group(1), other, words[later + 1:]
            return None
    return None


def normalize_arp_table(output, raw_output=None):
    """ARP entries of an AP (Linux ``arp``), a gateway or an AOS-S switch, each with ``ip_address``,
    ``mac_address`` (always aa:bb:cc:dd:ee:ff), ``interface`` and ``type`` where the device gives one;
    ``complete`` is false for an unresolved entry (all-zero MAC). Lines of ``raw_output`` stand in
    when the answer has no parsed entries."""
    output = output or {}
    entries = []
    for entry in _records(output.get("entries")):
        if not isinstance(entry, dict):
            continue
        mac = to_mac(entry.get("macAddress"))
        entries.append(dict(ip_address=to_text(_first(entry, "ipAddress", "address")),
                            mac_address=mac,
                            interface=to_text(_first(entry, "device", "interfaceAndPort", "port", "interface")),
                            type=to_text(_first(entry, "entryType", "type")),
                            complete=mac is not None and mac != "00:00:00:00:00:00"))
    if not entries and raw_output:
        for line in raw_output.splitlines():
            found = _arp_line(line)
            if found:
                address, mac, rest = found[0], to_mac(found[1]), found[2]
                entries.append(dict(ip_address=address, mac_address=mac, interface=rest[-1] if rest else None,
                                    type=None, complete=mac != "00:00:00:00:00:00"))
    return dict(entries=entries, entry_count=len(entries),
                ip_addresses=[entry["ip_address"] for entry in entries if entry["ip_address"]],
                mac_addresses=[entry["mac_address"] for entry in entries if entry["mac_address"] and entry["complete"]])


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)")
_IPERF_PROTOCOL = re.compile(r"protocol:\s*(\w+)", re.I)


def normalize_speedtest(output, raw_output=None):
    """An AP speed test or a gateway iperf run, in Mbps. An AP gives each direction it measured
    (null for the other) and per-protocol figures; a gateway gives the sender's and the receiver's
    bandwidth of its upload as text ("9.58 Mbits/sec") and one figure a second. ``upstream_mbps``
    is what arrived: the AP's upstream figure or the gateway's receiver bandwidth."""
    output = output or {}
    intervals = []
    for metric in _records(output.get("metrics")):
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
        upstream_bytes=to_bytes(_first(output, "upstreamBytes", "totalTransferredBytesFromSender")),
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


def normalize_cable_test(output, raw_output=None):
    """Cable diagnostics of switch ports: each port's pairs with ``status`` in lower case and
    ``length_m``; ``all_good`` when every pair of every port says good."""
    output = output or {}
    ports = []
    for port in _records(output.get("results")):
        if not isinstance(port, dict):
            continue
        pairs = [dict(pair=to_text(pair.get("pairName")), status=(to_text(pair.get("status")) or "unknown").lower(),
                      length_m=to_float(pair.get("length")), accuracy_m=to_float(pair.get("accuracy")))
                 for pair in _records(port.get("cablePairDiagnostics"))]
        ports.append(dict(port=to_text(_first(port, "interfaceName", "port")), state=to_text(port.get("state")),
                          pairs=pairs, all_good=bool(pairs) and all(pair["status"] == "good" for pair in pairs)))
    return dict(ports=ports, all_good=bool(ports) and all(port["all_good"] for port in ports))


# The keys a show command's entry is known or likely to use (the multi-command answer of v1 is not published).
_COMMAND_KEYS = ("command", "cmd", "name")
_RESPONSE_KEYS = ("response", "output", "result", "text")
_ENTRY_LISTS = ("results", "commands", "responses", "outputs")


def _command_entry(entry):
    """One command's text from an answer entry: ``{command, response|output}``; its other fields kept as they are."""
    command = next((entry[key] for key in _COMMAND_KEYS if isinstance(entry.get(key), str)), None)
    text = next((entry[key] for key in _RESPONSE_KEYS if isinstance(entry.get(key), str)), None)
    other = dict((key, value) for key, value in entry.items()
                 if key not in _COMMAND_KEYS + _RESPONSE_KEYS or not isinstance(value, str))
    return dict(command=to_text(command), output=text, line_count=len(text.splitlines()) if text else 0, other=other)


def normalize_show_command(output, raw_output=None):
    """The text of each show command run; the multi-command answer of v1 is read in every plausible shape:
    a list of ``{command, response|output}``, such a list under ``results`` (or ``commands``, ``responses``,
    ``outputs``), or one ``{command, response}``. With no text in the answer, the raw output is the text.

    ``command``, ``output`` and ``line_count`` say it for the whole task (several commands: one block each,
    headed by its command line); ``commands`` lists them one by one."""
    if isinstance(output, list):
        entries = _records(output)
    else:
        output = output or {}
        listed = next((output[key] for key in _ENTRY_LISTS if _records(output.get(key))), None)
        entries = _records(listed) if listed is not None else [output]
    commands = [_command_entry(entry) for entry in entries]
    if len(commands) == 1 and commands[0]["output"] is None and isinstance(raw_output, str):
        commands[0].update(output=raw_output, line_count=len(raw_output.splitlines()))
    if len(commands) == 1:
        text = commands[0]["output"]
    else:
        text = "\n".join("%s\n%s" % (entry["command"] or "", entry["output"] or "") for entry in commands) or None
    return dict(command="; ".join(entry["command"] for entry in commands if entry["command"]) or None,
                output=text, line_count=len(text.splitlines()) if isinstance(text, str) else 0, commands=commands)


def allowed_commands(listing):
    """The commands of a show-commands listing (a list of categories, each with ``commands``), whatever the
    spelling of each entry: a string, ``{"command": "show ..."}`` or ``{"command": {"value": "show ..."}}``."""
    if isinstance(listing, dict):
        listing = listing.get("categories") or listing.get("items") or [listing]
    commands = []
    for category in listing if isinstance(listing, list) else []:
        entries = category.get("commands") if isinstance(category, dict) else [category]
        for entry in entries or []:
            if isinstance(entry, dict):
                entry = entry.get("command")
            if isinstance(entry, dict):
                entry = entry.get("value")
            text = " ".join(str(entry).split()) if isinstance(entry, str) else ""
            if text.lower().startswith("show ") and text not in commands:
                commands.append(text)
    return commands


NORMALIZERS = dict(ping=normalize_ping, traceroute=normalize_traceroute, ping_sweep=normalize_ping_sweep,
                   nslookup=normalize_nslookup, http=normalize_http, https=normalize_http, tcp=normalize_tcp,
                   aaa=normalize_aaa, arp_table=normalize_arp_table, speedtest=normalize_speedtest,
                   cable_test=normalize_cable_test, show_command=normalize_show_command)
