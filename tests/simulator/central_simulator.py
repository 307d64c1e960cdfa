# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Central troubleshooting API simulator on loopback (standard library only).

It speaks the contract of docs/docsite/rst/guide_central_api.rst: the GreenLake
token endpoint, start (POST) and poll (GET) for every operation of its own table (api_table.py, written
from the vendor's sources, never read from the collection; the other operations' results are built in
other_operations.py) on aps, gateways, cx and aos-s, the show-commands listing, list-tasks, both API versions with their own
error-code prefixes, rate-limit headers and a token-bucket 429, and injectable
faults (500s, slow answers, 429 bursts, tokens revoked mid-run). Results are
built in the shape of the vendor's examples (tests/simulator/seeds/).

Control endpoints under /sim/: GET stats, GET fleet, GET durations (every started test's, in order), POST reset, POST config ({"outage_seconds": N}: every API
request answered 500 for N seconds), POST devices (break or mend a device; task_outcome: how its tests end),
POST tasks (serve a canned task body, e.g. a seed, at a given location), POST uplinks
(which access point a switch port powers, for PoE bounces). --sites N builds the generated fleet as N branch sites
(a gateway, switches, access points each); fault_scenario.py breaks such a fleet in known ways.

It acts on PoE and port bounces (one status a port, invalid ports refused), reboot (the
device is then offline, and busy for actions, for reboot_seconds) and locate, counting
every action per device (GET /sim/stats: actions).

It also serves the device lists of docs/docsite/rst/guide_central_api.rst (network-monitoring
device-inventory and switches, paged with limit/next, a subset of the OData filter) for
the whole fleet, with the contract's odd spellings: a stack (one row a member), a
third-party switch, a device without a name, a name used twice, status in both cases; and each
switch's interfaces (limit/offset), its site's access points hanging off its ports as LLDP neighbours.

    python3 tests/simulator/central_simulator.py --port 0 --port-file /tmp/port --devices 50
"""

from __future__ import annotations

import argparse
import base64
import email.utils
import hashlib
import json
import math
import os
import random
import re
import socket
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import api_table
import other_operations
from other_operations import resolve, unreachable

TOKEN_PATH = "/as/token.oauth2"
PREFIXES = {"v1": "HPE_GL_ERROR_", "v1alpha1": "HPE_GRAVITY_"}
DEVICE_PATHS = {"aps": "ap", "gateways": "gateway", "cx": "cx", "aos-s": "aos_s"}


# The operations each device type has in each API version, and the bodies they take: the simulator's own
# table (api_table.py), written from the vendor's sources, not from the collection.
TESTS = dict((version, dict((DEVICE_PATHS[path], operations) for path, operations in table.items()))
             for version, table in api_table.OPERATIONS.items())
PING_FAMILY = ("ping", "traceroute", "pingSweep")
# The operations that change a device's state (api-contract-more.md); which device types have each is in TESTS.
ACTIONS = ("poeBounce", "portBounce", "locate", "reboot", "disconnectUserAll", "disconnectUserByMacAddress",
           "disconnectUserByNetwork", "disconnectClientAll", "disconnectClientByMacAddress")
# Ports the simulated devices have: CX 1/1/1-1/1/48, AOS-S 1-48, gateway GE 0/0/0-0/0/7.
VALID_PORTS = {"cx": {"1/1/%d" % port for port in range(1, 49)}, "aos_s": {str(port) for port in range(1, 49)},
               "gateway": {"0/0/%d" % port for port in range(8)}}


def valid_port(device_type, port):
    return str(port).split(" ", 1)[-1] in VALID_PORTS[device_type]


TYPE_CODES = {"ap": "AP", "gateway": "GW", "cx": "CX", "aos_s": "AS"}


def rfc3339(epoch):
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "000Z"


class Device:
    def __init__(self, serial, device_type, name, online=True, loss_percent=0, base_rtt=2.0, path_problem=False,
                 path_mtu=1500, forbidden=False, stack_members=(), site=None, dead_hop=None):
        self.serial = serial
        self.device_type = device_type
        self.name = name
        self.online = online
        self.loss_percent = loss_percent
        self.base_rtt = base_rtt
        self.path_problem = path_problem
        self.path_mtu = path_mtu
        self.forbidden = forbidden
        # A stack is addressed by its stack id (the serial here); the lists show one row a member.
        self.stack_members = list(stack_members)
        # (site id, name, group) when the fleet was generated in sites of its own (--sites); else SITES in turn.
        self.site = site
        # A router where this device's paths beyond the private network stop (a hop that drops them).
        self.dead_hop = dead_hop
        # Until then the device is rebooting: actions answer 409 DEVICE_NOT_READY.
        self.busy_until = 0.0
        # How this device's tests end (TASK_OUTCOMES): as tests of a device do when it answers badly.
        self.task_outcome = "completed"

    def as_dict(self):
        return dict(vars(self))


def well_known_devices():
    """Devices with fixed behaviour that tests and docs can name."""
    return [
        Device("TESTAP0001", "ap", "ap-healthy"),
        Device("TESTAP0002", "ap", "ap-offline", online=False),
        Device("TESTAP0003", "ap", "ap-lossy", loss_percent=40),
        Device("TESTGW0001", "gateway", "gw-healthy"),
        Device("TESTGW0002", "gateway", "gw-path-problem", path_problem=True, path_mtu=1400, base_rtt=180.0),
        Device("TESTCX0001", "cx", "cx-healthy"),
        Device("TESTAS0001", "aos_s", "aos-s-healthy"),
        Device("TESTFORBID1", "ap", "ap-forbidden", forbidden=True),
        # For the device lists: no name, a name used twice, a stack of two members, a third-party switch.
        Device("TESTAP0004", "ap", ""),
        Device("TESTAP0005", "ap", "lobby-ap"),
        Device("TESTAP0006", "ap", "lobby-ap"),
        Device("07009020-c27d1b2", "cx", "core-stack", stack_members=("TESTCX0002", "TESTCX0003")),
        Device("TESTTP0001", "third_party", "cisco-3850"),
    ]


# What the device lists say about each kind of device (inventory-contract.md).
LIST_TYPES = {"ap": "ACCESS_POINT", "gateway": "GATEWAY", "cx": "SWITCH", "aos_s": "SWITCH", "third_party": "SWITCH"}
SWITCH_TYPES = {"cx": "cx", "aos_s": "pvos", "third_party": "tpd"}
MODELS = {"ap": "AP-635", "gateway": "A9004", "cx": "CX-6300M", "aos_s": "AS-2930F", "third_party": "WS-C3850-12X48U-E"}
FIRMWARE = {"ap": "10.7.1.0", "gateway": "10.7.1.0", "cx": "10.15.1010", "aos_s": "16.11.0021",
            "third_party": "16.12.4"}
SITES = [("1001", "HQ Campus", "Campus"), ("1002", "Branch 12", "Branches"), ("1003", "Branch-14", "Branches"),
         ("1004", "Warehouse North", "Warehouses")]
LIST_LIMITS = {"device-inventory": 1000, "switches": 1000}
# Fields each list filters on; others answer 400 (device-inventory) or 500 (switches), as Central does.
LIST_FILTER_FIELDS = {"device-inventory": {"siteId", "deviceType", "deviceName", "serialNumber", "model",
                                           "isProvisioned"},
                      "switches": {"siteId", "siteName", "model", "status", "deployment"}}


def list_rows(devices, version):
    """The workspace as the device-inventory list shows it: one row a device, a row a stack member."""
    rows = []
    for index, device in enumerate(devices):
        site_id, site_name, group = device.site or SITES[index % len(SITES)]
        members = device.stack_members or [device.serial]
        for position, serial in enumerate(members):
            digest = hashlib.sha256(serial.encode()).digest()
            row = dict(id=serial, serialNumber=serial, deviceName=device.name, deviceType=LIST_TYPES[device.device_type],
                       model=MODELS[device.device_type], macAddress=":".join("%02x" % b for b in digest[:6]),
                       ipv4="10.%d.%d.%d" % (digest[6], digest[7], digest[8] or 1), siteId=site_id, siteName=site_name,
                       deviceGroupName=group, deviceGroupId="g-" + group.lower(),
                       status="ONLINE" if device.online else "OFFLINE", softwareVersion=FIRMWARE[device.device_type],
                       isProvisioned="Yes", deployment="Standalone", stackId=None,
                       _switch_type=SWITCH_TYPES.get(device.device_type))
            if version == "v1":
                row["firmwareVersion"] = row["softwareVersion"]
            if device.stack_members:
                row.update(stackId=device.serial, deployment="Stack", role="Conductor" if position == 0 else "Member",
                           _stack_member_id=position + 1)
            if device.serial == "TESTAP0004":
                # Never seen and not yet assigned: no status, no site, no address.
                row.update(status=None, siteId=None, siteName=None, deviceGroupName=None, ipv4=None,
                           isProvisioned="No")
            if device.device_type == "gateway" and index % 2:
                # Some clients read a gateway's address from ipAddress.
                row["ipAddress"] = row.pop("ipv4")
            rows.append(row)
    return rows


def switch_row(row):
    """The same switch as the switches list shows it: switchType, and status in title case."""
    status = row["status"]
    return dict(serialNumber=row["serialNumber"], deviceName=row["deviceName"], switchType=row["_switch_type"],
                status=status.title() if status else None, model=row["model"], siteId=row["siteId"],
                siteName=row["siteName"], stackId=row["stackId"], stackMemberId=row.get("_stack_member_id", 0),
                switchRole=row.get("role", "Standalone"), firmwareVersion=row["softwareVersion"],
                ipv4=row.get("ipv4"), deployment=row["deployment"])


def parse_list_filter(text, allowed):
    """{field: set of values} from "a eq 'x' and b in ('y', 'z')"; ValueError names what is refused."""
    terms = {}
    for term in text.split(" and "):
        words = term.strip().split(" ", 2)
        if len(words) != 3 or words[1] not in ("eq", "in"):
            raise ValueError("unsupported filter term %r" % term)
        field, operator, value = words
        if field not in allowed:
            raise KeyError(field)
        values = value.strip("()").split(",") if operator == "in" else [value]
        terms[field] = {item.strip().strip("'") for item in values}
    return terms


def generate_fleet(size, seed, offline, lossy, path_problems, sites=0):
    """``size`` generated devices, some offline, lossy or with a path problem. Without ``sites`` the types come in
    turn and the devices share SITES with the well-known ones; with it, each of ``sites`` sites ("Site 01", ...)
    gets a block of devices as a branch has them: a gateway, a switch for every 12 devices, access points."""
    rng = random.Random(seed)
    types = ("ap", "ap", "gateway", "cx", "aos_s")
    per_site = -(-size // sites) if sites else 0
    devices = []
    for index in range(size):
        if sites:
            site, position = divmod(index, per_site)
            switches = max(1, per_site // 12)
            device_type = "gateway" if position == 0 else ("cx", "aos_s")[position % 2] \
                if position <= switches else "ap"
            place = ("%d" % (2001 + site), "Site %02d" % (site + 1), "Branches")
        else:
            device_type, place = types[index % len(types)], None
        serial = "SIM%s%05d" % (TYPE_CODES[device_type], index + 1)
        name = "%s-%03d" % (device_type.replace("_", "-"), index + 1)
        devices.append(Device(serial, device_type, name, base_rtt=round(rng.uniform(1.0, 30.0), 1), site=place))
    picks = rng.sample(range(size), min(size, offline + lossy + path_problems))
    for index in picks[:offline]:
        devices[index].online = False
    for index in picks[offline:offline + lossy]:
        devices[index].loss_percent = rng.choice((20, 40, 60))
    for index in picks[offline + lossy:]:
        devices[index].path_problem = True
        devices[index].base_rtt = 180.0
        devices[index].path_mtu = 1400
    return devices


# A canned answer can be anything JSON holds, null included.
NOT_CANNED = object()


# How a device's tests can end besides completing with a result: FAILED with a reason, COMPLETED with no output at
# all, or never (RUNNING at 50% for as long as anyone asks).
TASK_OUTCOMES = ("completed", "failed", "no_output", "never_ends")


class Task:
    def __init__(self, task_id, api_version, device, test, body, created, created_wall, duration, location,
                 progress="linear"):
        self.task_id = task_id
        self.api_version = api_version
        self.device = device
        self.test = test
        self.body = body
        self.created = created
        self.start_wall = created_wall
        self.duration = duration
        self.location = location
        self.progress = progress
        self.canned = NOT_CANNED

    def view(self, now):
        if self.canned is not NOT_CANNED:
            return self.canned
        elapsed = now - self.created
        answer = dict(startTime=rfc3339(self.start_wall), endTime=None, failReason=None, output=None,
                      rawOutput=None, progressPercent=0, status="INITIATED")
        outcome = self.device.task_outcome if self.device is not None else "completed"
        if outcome == "never_ends":
            return dict(answer, status="RUNNING", progressPercent=50)
        if elapsed < self.duration:
            if elapsed >= self.duration * 0.1:
                answer["status"] = "RUNNING"
                answer["progressPercent"] = running_progress(self.progress, elapsed / self.duration)
            if answer["progressPercent"] is None:
                del answer["progressPercent"]
            return answer
        ended = dict(progressPercent=100, endTime=rfc3339(self.start_wall + self.duration))
        if outcome == "failed":
            return dict(answer, status="FAILED", failReason="Device did not respond to the test request", **ended)
        if outcome == "no_output":
            return dict(answer, status="COMPLETED", **ended)
        answer.update(build_result(self.device, self.test, self.body))
        answer.update(status="COMPLETED", **ended)
        if self.test in PING_FAMILY and not self.body.get("includeRawOutput"):
            answer["rawOutput"] = None
        return answer


RATE_HEADER_FAMILIES = ("x-ratelimit", "ratelimit", "ietf", "classic", "none")
RESET_FORMS = ("rfc3339", "seconds", "epoch", "http_date")
# How progressPercent moves while a test runs (--progress): with the time, not at all until the end, in quarters,
# or never said.
PROGRESS_MODES = ("linear", "constant", "stepwise", "absent")


def running_progress(mode, share):
    """progressPercent of a running test ``share`` (0 to 1) of the way through, or None when it is not said."""
    if mode == "absent":
        return None
    if mode == "constant":
        return 0
    if mode == "stepwise":
        return min(75, 25 * int(share * 4))
    return min(99, int(100 * share))


# How long tests take (--durations): "fixed" is --test-duration (x a factor an operation), the fast mode of the
# demo and the tests; "realistic" draws each test's time from its operation's distribution as devices take it
# (a ping is its count of seconds and some jitter, a traceroute 5-60 s with a quarter over 30 s, DNS/TCP/RADIUS and
# HTTP 1-10 s, speed tests 10-30 s, the rest 2-20 s); "bimodal" is 3 s for 9 tests in 10 and 45 s for the tenth.
# Both scale by --duration-scale and are seeded (--seed), so that two runs meet the same times.
DURATION_MODES = ("fixed", "realistic", "bimodal")


def draw_duration(mode, test, body, rng, fixed):
    if mode == "fixed":
        return fixed
    if mode == "bimodal":
        return 45.0 if rng.random() < 0.1 else 3.0
    if test in ("ping", "pingSweep"):
        try:
            count = max(1, min(100, int(body.get("count") or 5)))
        except (TypeError, ValueError):
            count = 5
        return count + rng.uniform(0.2, 1.5)
    if test == "traceroute":
        return rng.uniform(30.0, 60.0) if rng.random() < 0.25 else rng.uniform(5.0, 30.0)
    if test in ("nslookup", "tcp", "aaa", "http", "https"):
        return rng.uniform(1.0, 10.0)
    if test in ("speedtest", "iperf"):
        return rng.uniform(10.0, 30.0)
    return rng.uniform(2.0, 20.0)


def _rng(device, test, destination):
    return random.Random("%s/%s/%s" % (device.serial, test, destination))


def build_result(device, test, body):
    if test not in PING_FAMILY:
        return other_operations.build(device, test, body)
    destination = body["destination"]
    address = resolve(destination)
    if address is None:
        return dict(output=None, failReason="Destination not resolved",
                    rawOutput="%s: bad address '%s'\n" % (test, destination))
    rng = _rng(device, test, destination)
    if test == "ping":
        return _ping(device, body, address, rng)
    if test == "traceroute":
        return _traceroute(device, destination, address, rng)
    return _ping_sweep(device, body, address, rng)


def _ping(device, body, address, rng):
    count = int(body.get("count", 5))
    size = int(body.get("packetSize", 56 if device.device_type == "ap" else 92))
    loss = 100 if unreachable(device, address) else device.loss_percent
    lost = set(rng.sample(range(count), int(round(count * loss / 100.0))))
    times = [round(device.base_rtt * rng.uniform(0.8, 1.3), 3) for _unused in range(count)]
    answered = [(seq, times[seq]) for seq in range(count) if seq not in lost]
    received = len(answered)
    stats = [min(t for _seq, t in answered), sum(t for _seq, t in answered) / received, max(t for _seq, t in answered)] \
        if answered else None
    triple = "/".join("%.3f" % v for v in stats) if stats else None
    destination = body["destination"]
    if device.device_type == "gateway":
        marks = "".join("." if seq in lost else "!" for seq in range(count))
        output = dict(packetSizeBytes=str(size), timeoutSeconds="2", successRatePercent=str(100 * received // count),
                      sentPacketsCount=str(count), receivedPacketsCount=str(received), destination=destination,
                      minimumLatencyMilliseconds="%.3f" % stats[0] if stats else "null",
                      averageLatencyMilliseconds="%.3f" % stats[1] if stats else "null",
                      maximumLatencyMilliseconds="%.3f" % stats[2] if stats else "null")
        raw = ("\r\n! - Success  . - Failure  D - Duplicate Response\r\n\rPress 'q' to abort.\r\n"
               "Sending %d, %d-byte ICMP Echos to %s, timeout is 2 seconds:\r\n%s\r\n"
               "Success rate is %d percent (%d/%d)%s\n\r\n"
               % (count, size, address, marks, 100 * received // count, received, count,
                  ", round-trip min/avg/max = %s ms" % triple if triple else ""))
        return dict(output=output, rawOutput=raw, failReason=None)
    replies = [dict(sentPacketAddress=address, sentPacketIcmpSequenceNumber=str(seq), sentPacketTimeToLive="60",
                    sentPacketTimeMilliseconds="%.1f" % t, sentPacketSizeBytes=str(size + 8)) for seq, t in answered]
    output = dict(destination=destination, resolvedIp=address, transmittedPacketsCount=str(count),
                  receivedPacketsCount=str(received), packetLossPercent=str(int(round(100.0 * (count - received) / count))),
                  minimumRoundTripTimeMilliseconds="%.1f" % stats[0] if stats else "null",
                  averageRoundTripTimeMilliseconds="%.1f" % stats[1] if stats else "null",
                  maximumRoundTripTimeMilliseconds="%.1f" % stats[2] if stats else "null")
    if device.device_type == "ap":
        output["replies"] = replies
    lines = ["", "COMMAND=ping %s" % destination, "PING %s (%s): %d data bytes" % (address, address, size)]
    lines += ["%d bytes from %s: icmp_seq=%d ttl=60 time=%.1f ms" % (size + 8, address, seq, t) for seq, t in answered]
    lines += ["", "--- %s ping statistics ---" % address,
              "%d packets transmitted, %d packets received, %s%% packet loss" % (count, received, output["packetLossPercent"])]
    if stats:
        lines.append("round-trip min/avg/max = %.1f/%.1f/%.1f ms" % tuple(stats))
    return dict(output=output, rawOutput="\n".join(lines) + "\n", failReason=None)


def _path(device, address, rng):
    """Hop addresses to ``address``: a few private routers, then the destination (or silence)."""
    hops = ["10.%d.%d.1" % (rng.randint(1, 250), rng.randint(0, 250)) for _unused in range(rng.randint(2, 4))]
    if unreachable(device, address):
        if device.dead_hop and address and not address.startswith("192.0.2."):
            return hops[:2] + [device.dead_hop] + [None] * 6
        return hops[:2] + [None] * 6
    return hops + [address]


def _traceroute(device, destination, address, rng):
    path = _path(device, address, rng)
    rtts = [[round(device.base_rtt * (index + 1) * rng.uniform(0.8, 1.2), 3) for _unused in range(3)]
            for index in range(len(path))]
    if device.device_type == "gateway":
        return _gateway_traceroute(destination, address, path, rtts, rng)
    hops, lines = [], ["", "COMMAND=traceroute %s" % destination,
                       "traceroute to %s (%s), 30 hops max, 38 byte packets" % (address, address)]
    for number, (hop, times) in enumerate(zip(path, rtts), start=1):
        if hop is None:
            probes = [dict(responseTimeMilliseconds="*", ipAddress="null", reverseDnsResolution="null")] * 3
            lines.append("%2d  * * *" % number)
        else:
            # Like the vendor's AP example: the address sits in reverseDnsResolution, ipAddress is "null".
            ip_field = "null" if device.device_type == "ap" else hop
            probes = [dict(responseTimeMilliseconds="%.3f ms" % t, ipAddress=ip_field, reverseDnsResolution=hop)
                      for t in times]
            lines.append("%2d  %s  %s" % (number, hop, "  ".join("%.3f ms" % t for t in times)))
        hops.append(dict(hop=str(number), probes=probes))
    output = dict(destination=destination, resolvedIp=address, hops=hops)
    return dict(output=output, rawOutput="\n".join(lines) + "\n", failReason=None)


def _gateway_traceroute(destination, address, path, rtts, rng):
    """The gateway's format, with its parsed output as lossy as the vendor's example: a silent
    hop has no probes and a hop that answered from two routers is left out."""
    split_hop = 2 if len(path) > 3 and rng.random() < 0.5 else None
    lines = ["", "traceroute %s" % destination, "traceroute to %s ," % address,
             "              1 hop min, 30 hops max, 5 sec. timeout, 3 probes"]
    hops = []
    for number, (hop, times) in enumerate(zip(path, rtts), start=1):
        whole = [int(round(t)) for t in times]
        if hop is None:
            lines.append("%2d  *  *  * " % number)
            hops.append(dict(hop=str(number), probes=[]))
        elif number == split_hop:
            other = hop[:-1] + "2"
            lines.append("%2d %-20s %d ms%-20s %d ms      %d ms" % (number, hop, whole[0], other, whole[1], whole[2]))
        else:
            lines.append("%2d %-20s %d ms      %d ms      %d ms" % (number, hop, whole[0], whole[1], whole[2]))
            hops.append(dict(hop=str(number), probes=[dict(reverseDnsResolution=hop, ipAddress="null",
                                                           responseTimeMilliseconds="%d ms" % t) for t in whole]))
    output = dict(destination=destination, hops=hops)
    return dict(output=output, rawOutput="\n".join(lines) + "\n\n", failReason=None)


def _ping_sweep(device, body, address, rng):
    start, end, step = int(body["startPacketSize"]), int(body["endPacketSize"]), int(body["sweepInterval"])
    count = int(body.get("count", 5))
    silent = unreachable(device, address)
    responses, request_id, answered_rtts = [], 0, []
    for iteration in range(1, count + 1):
        replies = []
        for size in range(start, end + 1, step):
            request_id += 1
            timed_out = silent or size > device.path_mtu - 28
            if not timed_out:
                answered_rtts.append(device.base_rtt * rng.uniform(0.9, 1.1))
            replies.append(dict(requestId=str(request_id), size=str(size), timedOut=timed_out))
        responses.append(dict(count=str(iteration), replies=replies))
    sent, received = request_id, len(answered_rtts)
    output = dict(destination=body["destination"], successRate=str(100 * received // sent),
                  transmittedPacketsCount=str(sent), receivedPacketsCount=str(received),
                  minimumRoundTripTimeMilliseconds="%.3f" % min(answered_rtts) if answered_rtts else "null",
                  averageRoundTripTimeMilliseconds="%.3f" % (sum(answered_rtts) / received) if answered_rtts else "null",
                  maximumRoundTripTimeMilliseconds="%.3f" % max(answered_rtts) if answered_rtts else "null",
                  responses=responses)
    raw = "Sweeping %d to %d bytes by %d to %s, %d times: %d/%d answered\n" % (
        start, end, step, address, count, received, sent)
    return dict(output=output, rawOutput=raw, failReason=None)


def start_target(body):
    """What the starts counter keys a test by: its destination, or its other fields (never a password)."""
    body = body or {}
    if body.get("destination"):
        return body["destination"]
    return ",".join("%s=%s" % (key, body[key]) for key in sorted(body) if key not in ("password", "includeRawOutput"))


def validate_start(version, device_type, test, raw):
    """(the 400 message for a bad start body or None, the body): the table's checks (api_table.check_body),
    then what a device itself refuses."""
    problem, body = api_table.check_body(version, {v: k for k, v in DEVICE_PATHS.items()}[device_type], test, raw)
    if problem:
        return problem, body
    commands = [body["command"]] if test == "showCommand" else body["commands"] if test == "showCommands" else []
    for command in commands:
        if device_type == "cx" and not other_operations.cx_allows(command):
            return "Command denied: '%s' is not in the supported list of this switch" % command, body
    if test == "pingSweep":
        start, end, step = body["startPacketSize"], body["endPacketSize"], body["sweepInterval"]
        if end < start:
            return "Validation errors - packet sizes must satisfy 1 <= startPacketSize <= endPacketSize", body
        total = body.get("count", 5) * ((end - start) // step + 1)
        if not 1 <= total <= 100:
            return "Validation errors - total ICMP requests must be between 1 and 100 (got %d)" % total, body
    return None, body


EVENT_ENDPOINTS = ("events", "event-filters", "event-extra-attributes")
EVENT_CONTEXTS = ("SITE", "ACCESS_POINT", "SWITCH", "GATEWAY", "WIRELESS_CLIENT", "WIRED_CLIENT", "BRIDGE")


def parse_time(text):
    """Seconds since the epoch of an RFC 3339 time (Z or an offset, any fraction), or None."""
    try:
        return datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", str(text)).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def events_query_problem(query, endpoint):
    """Why an events (or event-filters) query is refused, as the API documents its parameters; or None."""
    if query.get("context-type") not in EVENT_CONTEXTS:
        return "context-type must be one of %s" % ", ".join(EVENT_CONTEXTS)
    for key in ("context-identifier", "site-id"):
        if not query.get(key) or len(query[key]) > 128:
            return "%s is required (at most 128 characters)" % key
    start, end = parse_time(query.get("start-at")), parse_time(query.get("end-at"))
    if start is None or end is None or start >= end or end - start > 30 * 86400:
        return "start-at and end-at must be RFC 3339 times at most 30 days apart"
    if endpoint == "events":
        if not str(query.get("limit", "100")).isdigit() or not 1 <= int(query.get("limit", 100)) <= 1000:
            return "limit must be between 1 and 1000"
        if not str(query.get("next", "1")).isdigit() or int(query.get("next", 1)) < 1:
            return "next must be 1 or more"
        if query.get("sort", "timestamp desc") not in ("timestamp desc", "timestamp asc"):
            return "sort must be timestamp asc or timestamp desc"
    return None


class Simulator:
    """All state, behind one lock; the HTTP handler only routes."""

    def __init__(self, config, clock):
        self.config = config
        self.clock = clock
        self.lock = threading.Lock()
        self.devices = {}
        for device in well_known_devices() + generate_fleet(config["devices"], config["seed"], config["offline"],
                                                            config["lossy"], config["path_problems"], config["sites"]):
            self.devices[device.serial] = device
        self.reset()

    def switch_ports(self):
        """{switch serial: its interfaces}: the access points of a site hang off its switches in turn, one port
        each (1/1/1, 1/1/2, ...), and /sim/uplinks ({"SWITCH/PORT": "AP serial"}) adds or moves some. Built once."""
        if self.ports_built is None:
            by_site, aps = {}, []
            for row in self.list_rows("v1"):
                if row.get("_switch_type") in ("cx", "pvos") and row.get("role") in (None, "Conductor"):
                    # A stack is one switch to the API: its stack id, once.
                    by_site.setdefault(row["siteId"], []).append(row["stackId"] or row["serialNumber"])
                elif row.get("deviceType") == "ACCESS_POINT" and row.get("siteId"):
                    aps.append(row)
            links = {}
            for count, row in enumerate(aps):
                switches = by_site.get(row["siteId"])
                if switches:
                    switch = switches[count % len(switches)]
                    links["%s/1/1/%d" % (switch, len([key for key in links if key.startswith(switch + "/")]) + 1)] = \
                        row["serialNumber"]
            links.update(self.uplinks)
            ports = dict((serial, []) for serials in by_site.values() for serial in serials)
            for key, ap_serial in sorted(links.items()):
                switch, port = key.split("/", 1)
                ap = self.devices.get(ap_serial)
                if switch not in ports or ap is None:
                    continue
                ports[switch].append(dict(
                    name=port, portNumber=port, status="Up" if ap.online else "Down",
                    poeStatus="Delivering" if ap.online else "Searching", neighbour=ap.name or ap.serial,
                    neighbourSerial=ap.serial, neighbourFamily="Access Point", neighbourRole="AP",
                    neighbourPort="eth0"))
            for serial, interfaces in ports.items():
                interfaces.append(dict(name="1/1/48", portNumber="1/1/48", status="Up", poeStatus="Disabled",
                                       neighbour="upstream-core", neighbourFamily="Switch", neighbourRole="Core",
                                       neighbourPort="1/1/1", vlanMode="Trunk"))
            self.ports_built = ports
        return self.ports_built

    def list_rows(self, version):
        """The device-inventory rows of the whole fleet, built once an API version (under the lock), and
        the rows a test added verbatim (/sim/extra-rows: hostile names, broken fields)."""
        if version not in self._list_rows:
            self._list_rows[version] = list_rows(list(self.devices.values()), version) + self.extra_rows
        return self._list_rows[version]

    def reset(self):
        with self.lock:
            self._list_rows = {}
            self.ports_built = None
            self.extra_rows = []
            # Events added to a device's log (/sim/events): {serial: [event, ...]}, served verbatim.
            self.extra_events = {}
            # Answers the next starts get verbatim, one each (/sim/start-answers): hostile locations, broken bodies.
            self.start_answers = []
            self.tasks = {}
            self.tokens = {}
            self.stats = Counter()
            self.starts = Counter()
            # The body of the last start accepted (/sim/last-start): what a client actually sent.
            self.last_start = None
            self.actions = Counter()
            self.uplinks = {}
            self.bucket_tokens = float(self.config["burst"] or 1)
            self.bucket_time = self.clock.monotonic()
            self.window_start = self.clock.wall()
            self.window_used = 0
            self.forced_429 = 0
            self.last_revocation = self.clock.monotonic()
            self.rng = random.Random(self.config["seed"])
            self.duration_rng = random.Random(self.config["seed"] + 1)
            # Every started test's duration, in order (GET /sim/durations): what an ideal poller would have met.
            self.durations = []
            self.token_times = []
            # Until then every API request is answered 500 (an outage of a while: {"outage_seconds": N}).
            self.outage_until = 0.0

    def update(self, changes):
        with self.lock:
            for key, value in changes.items():
                if key == "outage_seconds":
                    self.outage_until = self.clock.monotonic() + float(value)
                    continue
                if key == "revoke_tokens":
                    self.tokens.clear()
                elif key == "force_429":
                    self.forced_429 = int(value)
                elif key in self.config:
                    self.config[key] = value
                else:
                    raise KeyError(key)
            if "rate_limit" in changes or "burst" in changes:
                self.bucket_tokens = float(self.config["burst"] or 1)

    # --- rate limiting ---------------------------------------------------------
    def device_events(self, serial, rows):
        """(device serial, event) of ``serial`` (or of a site's devices, for a site id): from its state, and
        /sim/events."""
        now = self.clock.wall()
        devices = [self.devices[serial]] if serial in self.devices else [
            device for device in self.devices.values() if str(rows.get(device.serial, {}).get("siteId")) == serial]
        events = []
        for device in devices:
            def event(minutes_ago, name, category, severity, description):
                stamp = rfc3339(now - minutes_ago * 60)
                event_id = hashlib.sha256(("%s/%s" % (device.serial, name)).encode()).hexdigest()[:12]
                events.append((device.serial, dict(
                    eventId=event_id, uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, device.serial + name)),
                    serialNumber=device.serial, timestamp=stamp, eventName=name, category=category,
                    sourceType=LIST_TYPES[device.device_type], sourceName=device.name or device.serial,
                    description=description, severity=severity)))
            event(120, "Configuration applied", "System", "Minor", "Configuration change pushed by Central")
            if not device.online:
                event(12, "Device disconnected", "System", "Critical", "Device lost its connection to Central")
            if device.loss_percent or device.path_problem:
                event(4, "Device rebooted", "System", "Major", "Rebooted: watchdog reset")
                event(3, "Uplink flap", "Interface", "Major", "Uplink went down and came back up")
            events.extend((device.serial, extra) for extra in self.extra_events.get(device.serial, []))
        return events

    def rate_headers(self):
        """The window budget as the --rate-headers family says it, its reset in the --reset-form."""
        family, limit, seconds = self.config["rate_headers"], self.config["window_budget"], self.config["window_seconds"]
        remaining, reset_at = max(0, limit - self.window_used), self.window_start + seconds
        now = self.clock.wall()
        reset = dict(rfc3339=rfc3339(reset_at).replace(".000000000", ""), seconds=str(max(0, int(math.ceil(reset_at - now)))),
                     epoch=str(int(math.ceil(reset_at))),
                     http_date=email.utils.formatdate(math.ceil(reset_at), usegmt=True))[self.config["reset_form"]]
        if family == "x-ratelimit":
            return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining), "X-RateLimit-Reset": reset}
        if family == "ratelimit":
            return {"RateLimit-Limit": str(limit), "RateLimit-Remaining": str(remaining), "RateLimit-Reset": reset}
        if family == "ietf":
            # The IETF draft's combined fields: the reset is always seconds there.
            left = max(0, int(math.ceil(reset_at - now)))
            return {"RateLimit": "limit=%d, remaining=%d, reset=%d" % (limit, remaining, left),
                    "RateLimit-Policy": "%d;w=%d" % (limit, seconds)}
        if family == "classic":
            # Classic Central: a day's budget and a second's; the window is the day whatever --window-seconds says.
            second = max(0, int(self.bucket_tokens)) if self.config["rate_limit"] else limit
            return {"X-RateLimit-Limit-day": str(limit), "X-RateLimit-Remaining-day": str(remaining),
                    "X-RateLimit-Limit-second": str(int(self.config["rate_limit"] or limit)),
                    "X-RateLimit-Remaining-second": str(second)}
        return {}

    def admit(self):
        """(allowed, retry_after seconds) under the per-second bucket and the window budget."""
        now = self.clock.monotonic()
        if self.clock.wall() - self.window_start >= self.config["window_seconds"]:
            self.window_start, self.window_used = self.clock.wall(), 0
        if self.forced_429 > 0:
            self.forced_429 -= 1
            return False, 1
        if self.window_used >= self.config["window_budget"]:
            return False, int(math.ceil(self.window_start + self.config["window_seconds"] - self.clock.wall()))
        rate = self.config["rate_limit"]
        if rate:
            burst = float(self.config["burst"] or 1)
            self.bucket_tokens = min(burst, self.bucket_tokens + (now - self.bucket_time) * rate)
            self.bucket_time = now
            if self.bucket_tokens < 1.0:
                return False, max(1, int(math.ceil((1.0 - self.bucket_tokens) / rate)))
            self.bucket_tokens -= 1.0
        self.window_used += 1
        return True, None

    def admit_token(self):
        """Seconds to wait before the token endpoint gives another token (--token-limit a --token-window), or 0."""
        limit, window = self.config["token_limit"], self.config["token_window"]
        if not limit:
            return 0
        now = self.clock.monotonic()
        self.token_times = [issued for issued in self.token_times if issued > now - window]
        if len(self.token_times) >= limit:
            return max(1, int(math.ceil(self.token_times[0] + window - now)))
        self.token_times.append(now)
        return 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CentralSimulator/1.0"
    sim = None  # set by make_server

    def setup(self):
        super().setup()
        # An answer is two writes (headers, then body): without this, Nagle holds the body back until the client's
        # delayed ACK of the headers, 40 ms an answer that Central's own servers do not cost.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        if self.sim.config["verbose"]:
            sys.stderr.write("%s %s\n" % (self.address_string(), format % args))

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, payload, headers=None):
        data = b"" if payload is None else (payload if isinstance(payload, bytes) else json.dumps(payload).encode())
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _dispatch(self, method):
        path = urllib.parse.urlsplit(self.path).path
        raw = self._body()
        try:
            if path.startswith("/sim/"):
                return self._control(method, path, raw)
            if path == TOKEN_PATH and method == "POST":
                return self._token(raw)
            if path.startswith(("/network-troubleshooting/", "/network-monitoring/")):
                return self._api(method, path, raw)
            self._send(404, {"message": "no such endpoint"})
        except BrokenPipeError:
            pass

    def _control(self, method, path, raw):
        sim = self.sim
        if path == "/sim/stats":
            with sim.lock:
                return self._send(200, dict(stats=dict(sim.stats), starts=dict(sim.starts), actions=dict(sim.actions),
                                            tasks=len(sim.tasks)))
        if path == "/sim/durations":
            with sim.lock:
                return self._send(200, dict(durations=list(sim.durations)))
        if path == "/sim/last-start":
            with sim.lock:
                return self._send(200, dict(last_start=sim.last_start))
        if path == "/sim/devices" and method == "POST":
            # {serial: {online, loss_percent, base_rtt, path_problem, path_mtu, task_outcome, dead_hop}}: break or
            # mend devices between runs.
            changes = json.loads(raw or b"{}")
            with sim.lock:
                for serial, state in changes.items():
                    device = sim.devices.get(serial)
                    if device is None:
                        return self._send(404, {"message": "no device %s" % serial})
                    for key, value in state.items():
                        if key not in ("online", "loss_percent", "base_rtt", "path_problem", "path_mtu", "task_outcome",
                                       "dead_hop"):
                            return self._send(400, {"message": "unknown device setting %s" % key})
                        if key == "task_outcome" and value not in TASK_OUTCOMES:
                            return self._send(400, {"message": "task_outcome is one of %s" % ", ".join(TASK_OUTCOMES)})
                        setattr(device, key, value)
            return self._send(200, {"devices": len(changes)})
        if path == "/sim/fleet":
            return self._send(200, [device.as_dict() for device in sim.devices.values()])
        if path == "/sim/reset" and method == "POST":
            sim.reset()
            return self._send(200, {"reset": True})
        if path == "/sim/config" and method == "POST":
            try:
                sim.update(json.loads(raw or b"{}"))
            except (KeyError, ValueError) as exc:
                return self._send(400, {"message": "unknown setting %s" % exc})
            return self._send(200, sim.config)
        if path == "/sim/uplinks" and method == "POST":
            # {"SWITCH_SERIAL/port": "AP_SERIAL"}: a PoE bounce of that port brings the access point back online.
            with sim.lock:
                sim.uplinks.update(json.loads(raw or b"{}"))
                sim.ports_built = None
            return self._send(200, dict(sim.uplinks))
        if path == "/sim/tasks" and method == "POST":
            return self._canned_task(json.loads(raw))
        if path == "/sim/extra-rows" and method == "POST":
            with sim.lock:
                sim.extra_rows.extend(json.loads(raw))
                sim._list_rows = {}
            return self._send(200, {"extra_rows": len(sim.extra_rows)})
        if path == "/sim/events" and method == "POST":
            with sim.lock:
                for serial, events in json.loads(raw).items():
                    sim.extra_events.setdefault(serial, []).extend(events)
            return self._send(200, {"devices": len(sim.extra_events)})
        if path == "/sim/start-answers" and method == "POST":
            with sim.lock:
                sim.start_answers.extend(json.loads(raw))
            return self._send(200, {"start_answers": len(sim.start_answers)})
        return self._send(404, {"message": "no such control endpoint"})

    def _canned_task(self, spec):
        """Serve ``spec['body']`` verbatim at the location of device_path/serial/test/task_id."""
        location = "/network-troubleshooting/%s/%s/%s/%s/async-operations/%s" % (
            spec.get("api_version", "v1"), spec["device_path"], spec["serial"], spec["test"], spec["task_id"])
        task = Task(spec["task_id"], spec.get("api_version", "v1"), None, spec["test"], {}, 0, 0, 0, location)
        task.canned = spec["body"]
        with self.sim.lock:
            self.sim.tasks[spec["task_id"]] = task
        self._send(201, {"location": location})

    def _token(self, raw):
        """OAuth2 client credentials, taken both ways (RFC 6749 2.3.1): HTTP Basic (client_secret_basic, as the
        vendor's SDK sends them) or in the form body (client_secret_post); both at once is refused. The setting
        token_auth_methods narrows what is accepted, to play a GreenLake that takes only one."""
        sim = self.sim
        form = urllib.parse.parse_qs(raw.decode())
        basic = None
        authorization = self.headers.get("Authorization", "")
        if authorization[:6].lower() == "basic ":
            try:
                basic = base64.b64decode(authorization[6:].strip(), validate=True).decode().split(":", 1)
            except (ValueError, UnicodeDecodeError):
                basic = [None, None]
        posted = [form.get("client_id", [None])[0], form.get("client_secret", [None])[0]]
        with sim.lock:
            sim.stats["token"] += 1
            accepted = sim.config["token_auth_methods"]
            if basic is not None and "client_secret" not in form and "basic" in accepted:
                credentials, how = basic, "basic"
            elif basic is None and posted[1] is not None and "post" in accepted:
                credentials, how = posted, "post"
            else:
                credentials, how = None, None
            if form.get("grant_type") != ["client_credentials"] or credentials is None \
                    or credentials != [sim.config["client_id"], sim.config["client_secret"]]:
                sim.stats["token_refused"] += 1
                return self._send(401, {"error": "invalid_client", "error_description": "Invalid client credentials"})
            wait = sim.admit_token()
            if wait:
                sim.stats["token_rate_limited"] += 1
            else:
                sim.stats["token_" + how] += 1
        if wait:
            return self._send(429, {"error": "rate_limited", "error_description": "Too many token requests"},
                              {"Retry-After": str(wait)})
        with sim.lock:
            token = uuid.uuid4().hex
            sim.tokens[token] = sim.clock.monotonic() + sim.config["token_ttl"]
        self._send(200, {"access_token": token, "token_type": "Bearer", "expires_in": int(sim.config["token_ttl"])})

    def _api(self, method, path, raw):
        sim = self.sim
        parts = path.strip("/").split("/")
        version = parts[1] if len(parts) > 1 else ""
        prefix = PREFIXES.get(version, PREFIXES["v1"])

        def error(status, suffix, message, headers=None):
            self._send(status, {"errorCode": prefix + suffix, "message": message}, headers)

        with sim.lock:
            sim.stats["api"] += 1
            allowed, retry_after = sim.admit()
            headers = sim.rate_headers()
            headers.update(sim.config["extra_headers"])
            config = dict(sim.config)
            roll_error, roll_slow = sim.rng.random(), sim.rng.random()
            if not allowed:
                sim.stats["rate_limited"] += 1
        if not allowed:
            headers.setdefault("Retry-After", str(retry_after))
            return error(429, "TOO_MANY_REQUESTS", "Rate limit exceeded.", headers)
        if roll_slow < config["slow_rate"]:
            time.sleep(config["slow_seconds"])
        authorization = self.headers.get("Authorization", "")
        token = authorization[7:] if authorization.startswith("Bearer ") else None
        with sim.lock:
            every = config["revoke_tokens_every"]
            if every and sim.clock.monotonic() - sim.last_revocation >= every:
                # Tokens invalidated before their advertised expiry (a key rotation): clients see 401s.
                sim.tokens.clear()
                sim.last_revocation = sim.clock.monotonic()
            valid = token in config["static_tokens"] or sim.tokens.get(token, 0) > sim.clock.monotonic()
            if not valid:
                sim.stats["unauthorized"] += 1
        if not valid:
            return error(401, "UNAUTHORIZED", "Authentication required.", headers)
        if parts[0] == "network-monitoring" and method == "GET" and len(parts) == 3 and version in PREFIXES:
            return self._list(version, parts[2], headers)
        if parts[0] == "network-monitoring" and method == "GET" and len(parts) == 5 and version == "v1" \
                and parts[2] == "switches" and parts[4] == "interfaces":
            return self._interfaces(parts[3], error, headers)
        if parts[0] == "network-troubleshooting" and method == "GET" and len(parts) == 3 and version == "v1" \
                and parts[2] in EVENT_ENDPOINTS:
            return self._events(parts[2], error, headers)
        if version not in PREFIXES or len(parts) < 5 or parts[2] not in DEVICE_PATHS:
            return error(404, "NOT_FOUND", "Unknown resource %s" % path, headers)
        error_rate = config["error_rate"] if method == "GET" else config["post_error_rate"]
        if roll_error < error_rate or sim.clock.monotonic() < sim.outage_until:
            with sim.lock:
                sim.stats["injected_500"] += 1
            return error(500, "INTERNAL_SERVER_ERROR", "An unexpected error occurred.", headers)
        device_type, serial = DEVICE_PATHS[parts[2]], parts[3]
        if method == "POST" and len(parts) == 5 and parts[4] in ACTIONS:
            return self._action(version, device_type, serial, parts[4], raw, error, headers)
        if method == "POST" and len(parts) == 5:
            return self._start(version, device_type, serial, parts[4], raw, error, headers)
        if method == "GET" and len(parts) == 7 and parts[5] == "async-operations":
            return self._poll(path, parts[6], error, headers)
        if method == "GET" and len(parts) == 5 and parts[4] == "list-tasks":
            return self._list_tasks(serial, headers)
        if method == "GET" and len(parts) == 5 and parts[4] == "show-commands":
            return self._show_commands(device_type, serial, error, headers)
        return error(404, "NOT_FOUND", "Unknown resource %s" % path, headers)

    def _list(self, version, name, headers):
        """One page of a device list: limit (required, at most the list's maximum), next (page number), filter."""
        sim = self.sim

        def error(status, suffix, message, headers):
            self._send(status, {"httpStatusCode": status, "errorCode": "HPE_GL_" + suffix, "message": message,
                                "debugId": uuid.uuid4().hex}, headers)

        if name not in LIST_LIMITS:
            return error(404, "NOT_FOUND", "Unknown list %s" % name, headers)
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        try:
            limit = int(query["limit"][0])
            page = int(query.get("next", ["1"])[0])
            if not 1 <= limit <= LIST_LIMITS[name] or page < 1:
                raise ValueError
        except (KeyError, ValueError):
            return error(400, "NETWORK_MONITORING_INVALID_INPUT", "limit must be 1 to %d and next 1 or more"
                         % LIST_LIMITS[name], headers)
        try:
            terms = parse_list_filter(query["filter"][0], LIST_FILTER_FIELDS[name]) if "filter" in query else {}
        except KeyError as field:
            if name == "switches":
                return error(500, "NETWORK_MONITORING_INTERNAL_SERVER_ERROR", "An unexpected error occurred.", headers)
            return error(400, "NETWORK_MONITORING_INVALID_INPUT", "cannot filter on %s" % field, headers)
        except ValueError as problem:
            return error(400, "NETWORK_MONITORING_INVALID_INPUT", str(problem), headers)
        with sim.lock:
            sim.stats["list"] += 1
            rows = sim.list_rows(version)
        if name == "switches":
            rows = [switch_row(row) for row in rows if row.get("deviceType") == "SWITCH" and "_switch_type" in row]
        rows = [row for row in rows if all(str(row.get(field)) in values for field, values in terms.items())]
        items = [{key: value for key, value in row.items() if not key.startswith("_")}
                 for row in rows[(page - 1) * limit:page * limit]]
        more = page * limit < len(rows)
        self._send(200, dict(items=items, count=len(items), total=len(rows), next=str(page + 1) if more else None),
                   headers)

    def _interfaces(self, serial, error, headers):
        """A switch's interfaces (limit/offset pages): a port an access point of its site hangs off, with the
        access point as its LLDP neighbour and the port's PoE status, then an uplink to no one we know."""
        sim = self.sim
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        try:
            limit, offset = int(query.get("limit", ["100"])[0]), int(query.get("offset", ["0"])[0])
            if not 1 <= limit <= 100 or offset < 0:
                raise ValueError
        except ValueError:
            return error(400, "NETWORK_MONITORING_INVALID_INPUT", "limit must be 1 to 100 and offset 0 or more", headers)
        with sim.lock:
            sim.stats["interfaces"] += 1
            ports = sim.switch_ports().get(serial)
        if ports is None:
            return error(404, "NOT_FOUND", "Switch not found: %s" % serial, headers)
        items = ports[offset:offset + limit]
        self._send(200, dict(items=items, count=len(items), total=len(ports)), headers)

    def _start(self, version, device_type, serial, test, raw, error, headers):
        sim = self.sim
        device = sim.devices.get(serial)
        if test not in TESTS[version][device_type]:
            return error(400, "BAD_REQUEST", "Validation errors - %s is not available on this device type" % test, headers)
        if device is None or device.device_type != device_type:
            return error(404, "DEVICE_NOT_FOUND", "Device not found: %s" % serial, headers)
        if device.forbidden:
            return error(403, "FORBIDDEN", "Access to device %s is not allowed for this client" % serial, headers)
        if not device.online or device.busy_until > sim.clock.monotonic():
            return error(409, "DEVICE_OFFLINE", "Device %s is offline" % serial, headers)
        problem, body = validate_start(version, device_type, test, raw)
        if problem:
            return error(400, "BAD_REQUEST", problem, headers)
        with sim.lock:
            sim.last_start = dict(device_type=device_type, serial=serial, test=test, body=body)
            canned = sim.start_answers.pop(0) if sim.start_answers else None
            if canned is not None:
                sim.stats["start"] += 1
        if canned is not None:
            return self._send(canned.get("status", 202), json.dumps(canned["body"]).encode(), headers)
        task_id = str(uuid.uuid4())
        location = "/network-troubleshooting/%s/%s/%s/%s/async-operations/%s" % (
            version, {v: k for k, v in DEVICE_PATHS.items()}[device_type], serial, test, task_id)
        with sim.lock:
            fixed = sim.config["test_duration"] * other_operations.DURATION_FACTORS.get(test, 1.0)
            duration = draw_duration(sim.config["durations"], test, body, sim.duration_rng, fixed)
            if sim.config["durations"] != "fixed":
                duration *= sim.config["duration_scale"]
            task = Task(task_id, version, device, test, body, sim.clock.monotonic(), sim.clock.wall(), duration, location,
                        sim.config["progress"])
            sim.durations.append(duration)
            sim.tasks[task_id] = task
            sim.stats["start"] += 1
            sim.starts["%s/%s/%s" % (serial, test, start_target(body))] += 1
        self._send(202, {"location": location, "status": "INITIATED", "startTime": rfc3339(task.start_wall)}, headers)

    def _action(self, version, device_type, serial, op, raw, error, headers):
        """A remediation action: counted per device; bounces answer per port after a short run,
        the others with no location. A reboot takes the device offline for reboot_seconds."""
        sim = self.sim
        device = sim.devices.get(serial)
        if op not in TESTS[version][device_type]:
            return error(400, "BAD_REQUEST", "Validation errors - %s is not available on this device type" % op, headers)
        if device is None or device.device_type != device_type:
            return error(404, "DEVICE_NOT_FOUND", "Device not found: %s" % serial, headers)
        now = sim.clock.monotonic()
        with sim.lock:
            if device.busy_until > now:
                return error(409, "DEVICE_NOT_READY", "Device already rebooting: %s" % serial, headers)
            if not device.online:
                return error(409, "DEVICE_OFFLINE", "Device %s is offline" % serial, headers)
        problem, body = api_table.check_body(version, {v: k for k, v in DEVICE_PATHS.items()}[device_type], op, raw)
        if problem:
            return error(400, "BAD_REQUEST", problem, headers)
        with sim.lock:
            sim.actions["%s/%s" % (serial, op)] += 1
        started = {"status": "INITIATED", "startTime": rfc3339(sim.clock.wall())}
        if op == "reboot":
            with sim.lock:
                device.busy_until = now + sim.config["reboot_seconds"]
            return self._send(202, started, headers)
        if op not in ("poeBounce", "portBounce"):
            return self._send(202, started, headers)
        ports = body["ports"]
        results = [dict(port=port.split(" ", 1)[-1] if device_type == "gateway" else port,
                        status="Bounced" if valid_port(device_type, port) else "Failed. Invalid port.")
                   for port in ports]
        if op == "poeBounce":
            with sim.lock:
                for port in ports:
                    powered = sim.devices.get(sim.uplinks.get("%s/%s" % (serial, port)))
                    if powered is not None and valid_port(device_type, port):
                        powered.online = True
        task_id = str(uuid.uuid4())
        location = "/network-troubleshooting/%s/%s/%s/%s/async-operations/%s" % (
            version, {v: k for k, v in DEVICE_PATHS.items()}[device_type], serial, op, task_id)
        task = Task(task_id, version, device, op, {}, now, sim.clock.wall(), 0, location)
        task.canned = dict(status="COMPLETED", progressPercent=100, startTime=started["startTime"],
                           endTime=rfc3339(sim.clock.wall()), failReason=None, output=dict(ports=ports, results=results))
        with sim.lock:
            sim.tasks[task_id] = task
        self._send(202, dict(started, location=location), headers)

    def _poll(self, path, task_id, error, headers):
        sim = self.sim
        with sim.lock:
            sim.stats["poll"] += 1
            task = sim.tasks.get(task_id)
        if task is None or task.location != path.rstrip("/"):
            return error(404, "TASK_NOT_FOUND", "Async operation task not found: %s" % task_id, headers)
        # json.dumps itself: a canned answer may be null, which _send would make an empty body.
        self._send(200, json.dumps(task.view(sim.clock.monotonic())).encode(), headers)

    def _show_commands(self, device_type, serial, error, headers):
        device = self.sim.devices.get(serial)
        if device is None or device.device_type != device_type:
            return error(404, "DEVICE_NOT_FOUND", "Device not found: %s" % serial, headers)
        with self.sim.lock:
            self.sim.stats["show_commands"] += 1
        self._send(200, other_operations.command_listing(device_type), headers)

    def _events(self, endpoint, error, headers):
        """The event log as the vendor's v1 SDK queries it: a context in one site, a window of at most 30 days,
        pages of ``limit`` (1-1000) from ``next`` (1, 2, ...); the events of a device are generated from its state
        (an offline device lost its uplink, a lossy one rebooted minutes ago) plus any /sim/events added."""
        sim = self.sim
        query = dict((key, values[-1]) for key, values in
                     urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).items())
        if endpoint == "event-extra-attributes":
            missing = [key for key in ("event-identifier", "site-id", "time-at") if not query.get(key)]
            if missing:
                return error(400, "BAD_REQUEST", "Validation errors - %s is required" % ", ".join(missing), headers)
            with sim.lock:
                sim.stats["event_extra_attributes"] += 1
            return self._send(200, dict(eventIdentifier=query["event-identifier"], attributes=[
                dict(name="reason", value="simulated")]), headers)
        problem = events_query_problem(query, endpoint)
        if problem:
            return error(400, "BAD_REQUEST", "Validation errors - %s" % problem, headers)
        start, end = parse_time(query["start-at"]), parse_time(query["end-at"])
        with sim.lock:
            sim.stats["events"] += 1
            rows = dict((row["serialNumber"], row) for row in sim.list_rows("v1"))
            # An added event whose time cannot be read is served anyway: the collection must cope with it.
            events = [event for owner, event in sim.device_events(query["context-identifier"], rows)
                      if str(rows.get(owner, {}).get("siteId")) == query["site-id"]
                      and (parse_time(event.get("timestamp")) is None
                           or start <= parse_time(event.get("timestamp")) <= end)]
        if query.get("search"):
            events = [event for event in events if query["search"].lower() in json.dumps(event).lower()]
        events.sort(key=lambda event: str(event.get("timestamp")),
                    reverse=query.get("sort", "timestamp desc") != "timestamp asc")
        if endpoint == "event-filters":
            counts = dict((field, Counter(str(event.get(field)) for event in events))
                          for field in ("category", "sourceType", "eventName"))
            return self._send(200, dict((field + "s", [dict(name=name, count=count) for name, count in counter.items()])
                                        for field, counter in counts.items()), headers)
        limit, page = int(query.get("limit", 100)), int(query.get("next", 1))
        chunk = events[(page - 1) * limit:page * limit]
        more = page * limit < len(events)
        self._send(200, dict(events=chunk, count=len(chunk), total=len(events), next=page + 1 if more else None),
                   headers)

    def _list_tasks(self, serial, headers):
        sim = self.sim
        by_test = {}
        with sim.lock:
            sim.stats["list_tasks"] += 1
            for task in sim.tasks.values():
                if task.device is not None and task.device.serial == serial:
                    by_test.setdefault(task.test, []).append(task.location)
        self._send(200, [dict(testName=name, locations=locations) for name, locations in sorted(by_test.items())],
                   headers)


DEFAULTS = dict(reboot_seconds=5.0, devices=0, sites=0, seed=7, offline=0, lossy=0, path_problems=0, rate_limit=0.0, burst=0,
                window_budget=100000, window_seconds=3600, rate_headers="x-ratelimit", reset_form="rfc3339",
                durations="fixed", duration_scale=1.0, progress="linear", token_limit=0, token_window=1800.0,
                test_duration=1.0, token_ttl=7200.0, revoke_tokens_every=0.0, error_rate=0.0, post_error_rate=0.0, slow_rate=0.0,
                slow_seconds=0.0, client_id="sim-client", client_secret="sim-secret", token_auth_methods=["basic", "post"],
                static_tokens=["sim-static-token"], extra_headers={}, verbose=False)


class RealClock:
    """Real time. A test may give make_server() another clock with these two methods, shared with its client, so
    that tests run on simulated time; slow_seconds always waits for real (it is about sockets)."""

    monotonic = staticmethod(time.monotonic)
    wall = staticmethod(time.time)


def make_server(host="127.0.0.1", port=0, clock=None, **settings):
    config = dict(DEFAULTS)
    config.update(settings)
    config["burst"] = config["burst"] or max(1, int(config["rate_limit"] or 1))
    handler = type("BoundHandler", (Handler,), {"sim": Simulator(config, clock or RealClock())})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def write_inventory(path, devices):
    """An Ansible inventory (JSON is YAML) of the simulated devices, grouped by device type."""
    groups = {}
    for device in devices:
        groups.setdefault(device.device_type + "s", {})[device.name] = dict(
            central_serial_number=device.serial, central_device_type=device.device_type)
    inventory = {"all": {"children": {group: {"hosts": hosts} for group, hosts in sorted(groups.items())}}}
    with open(path, "w") as handle:
        json.dump(inventory, handle, indent=2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--port-file", help="write the chosen port here once listening")
    parser.add_argument("--inventory", help="write an Ansible inventory of the generated fleet here")
    parser.add_argument("--devices", type=int, default=DEFAULTS["devices"], help="generated devices besides TEST*")
    parser.add_argument("--sites", type=int, default=0,
                        help="put the generated devices in this many sites of their own, as branches are built")
    parser.add_argument("--offline", type=int, default=0)
    parser.add_argument("--lossy", type=int, default=0)
    parser.add_argument("--path-problems", type=int, default=0)
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    parser.add_argument("--rate-limit", type=float, default=0.0, help="requests per second (0: none)")
    parser.add_argument("--burst", type=int, default=0, help="token-bucket size (default: one second's worth)")
    parser.add_argument("--window-budget", type=int, default=DEFAULTS["window_budget"],
                        help="requests a window (--window-seconds) allows besides the per-second bucket")
    parser.add_argument("--window-seconds", type=int, default=DEFAULTS["window_seconds"])
    parser.add_argument("--rate-headers", choices=RATE_HEADER_FAMILIES, default=DEFAULTS["rate_headers"],
                        help="which family of rate-limit headers states the window budget")
    parser.add_argument("--reset-form", choices=RESET_FORMS, default=DEFAULTS["reset_form"],
                        help="how the reset of X-RateLimit-Reset / RateLimit-Reset is written")
    parser.add_argument("--durations", choices=DURATION_MODES, default=DEFAULTS["durations"],
                        help="how long tests take: --test-duration, or drawn as devices take them")
    parser.add_argument("--duration-scale", type=float, default=DEFAULTS["duration_scale"],
                        help="multiplies realistic and bimodal durations (0.1: ten times faster)")
    parser.add_argument("--progress", choices=PROGRESS_MODES, default=DEFAULTS["progress"],
                        help="how progressPercent moves while a test runs")
    parser.add_argument("--token-limit", type=int, default=DEFAULTS["token_limit"],
                        help="tokens the token endpoint gives a --token-window (0: no limit)")
    parser.add_argument("--token-window", type=float, default=DEFAULTS["token_window"])
    parser.add_argument("--test-duration", type=float, default=DEFAULTS["test_duration"], help="seconds a test runs")
    parser.add_argument("--token-ttl", type=float, default=DEFAULTS["token_ttl"])
    parser.add_argument("--revoke-tokens-every", type=float, default=0.0,
                        help="revoke every token this often, before it expires (0: never)")
    parser.add_argument("--error-rate", type=float, default=0.0, help="share of GETs answered 500")
    parser.add_argument("--post-error-rate", type=float, default=0.0, help="share of POSTs answered 500")
    parser.add_argument("--slow-rate", type=float, default=0.0)
    parser.add_argument("--slow-seconds", type=float, default=0.0)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    settings = {key: value for key, value in vars(args).items()
                if key not in ("host", "port", "port_file", "inventory")}
    server = make_server(args.host, args.port, **settings)
    port = server.server_address[1]
    if args.inventory:
        write_inventory(args.inventory, [d for d in server.RequestHandlerClass.sim.devices.values()
                                         if d.serial.startswith("SIM")])
    if args.port_file:
        temp = args.port_file + ".tmp"
        with open(temp, "w") as handle:
            handle.write(str(port))
        os.replace(temp, args.port_file)
    print("Central simulator listening on http://%s:%d" % (args.host, port), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
