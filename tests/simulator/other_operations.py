# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Results of the simulator's other diagnostics (api-contract-more.md), in the vendor's shapes per
device type, strings where the vendor's examples have strings, deterministic per device and target.

What makes a test give its negative answer, so tests can aim at it:
- a name ending in ``.invalid`` does not resolve; an address in 192.0.2.0/24 (TEST-NET-1) never answers,
  nor does anything but 10.x from a device with a path problem (resolve and unreachable, which the ping,
  traceroute and ping sweep results of central_simulator.py use too);
- a URL whose path holds ``/status/NNN`` answers NNN (gateway); TCP port 9 refuses connections;
- RADIUS rejects user ``reject-me`` or password ``wrong``;
- cable pairs are open on the last port of a switch (CX 1/1/48, AOS-S 48);
- a CX switch runs only the commands of CX_COMMANDS.
"""

from __future__ import annotations

import hashlib
import random
import re

# Seconds a test takes for each second of the simulator's test_duration (a ping): a speed test about 10,
# a cable test a few, an ARP table well under one.
DURATION_FACTORS = {"nslookup": 0.5, "http": 1.5, "https": 1.5, "tcp": 0.5, "aaa": 2.0, "getArpTable": 0.3,
                    "speedtest": 10.0, "iperf": 10.0, "cableTest": 3.0, "showCommand": 1.0,
                    "showCommands": 1.0}

CX_COMMANDS = {
    "System": ["show version", "show system", "show environment fan", "show environment power-supply"],
    "Interfaces": ["show interface brief", "show interface", "show lldp neighbor-info", "show vlan"],
    "Routing": ["show ip route", "show arp", "show ip interface brief"],
}
TOP_COMMANDS = ["show version", "show clock", "show interface brief", "show log system"]


def resolve(name):
    """A stable TEST-NET-3 address for a name, the address itself for an address; None for *.invalid."""
    if name.endswith(".invalid"):
        return None
    if all(part.isdigit() for part in name.split(".")) or ":" in name:
        return name
    return "203.0.113.%d" % (hashlib.sha256(name.encode()).digest()[0] % 254 + 1)


def unreachable(device, address):
    """Whether nothing at ``address`` answers ``device`` (an unresolved name, TEST-NET-1, or anything but
    10.x from a device with a path problem or behind a dead hop)."""
    return address is None or address.startswith("192.0.2.") or (
        (device.path_problem or device.dead_hop) and not address.startswith("10."))


def _host_of(url):
    match = re.match(r"^(?:https?://)?(\[[^\]]+\]|[^/:?#]+)", url, re.I)
    return match.group(1).strip("[]") if match else url


def command_listing(device_type):
    """The show-commands listing: categories of commands, the AOS-S one in the nested spelling of the
    vendor's example ({"command": {"value": ...}})."""
    if device_type == "cx":
        return [dict(categoryName=name, count=len(commands), commands=[dict(command=command) for command in commands])
                for name, commands in CX_COMMANDS.items()]
    if device_type == "aos_s":
        return [dict(categoryName="Top", count=len(TOP_COMMANDS),
                     commands=[dict(command=dict(value=command)) for command in TOP_COMMANDS])]
    return [dict(categoryName="Top", count=len(TOP_COMMANDS), commands=[dict(command=command) for command in TOP_COMMANDS])]


def cx_allows(command):
    allowed = [entry for commands in CX_COMMANDS.values() for entry in commands]
    return any(command == entry or command.startswith(entry + " ") for entry in allowed)


def build(device, op, body):
    """{output, rawOutput, failReason} of a finished ``op`` on ``device`` (``body`` None: it took none)."""
    body = body or {}
    rng = random.Random("%s/%s/%s" % (device.serial, op, sorted((k, str(v)) for k, v in body.items())))
    return _BUILDERS[op](device, body, rng)


def _nslookup(device, body, rng):
    address = resolve(body["host"])
    return dict(output=dict(hostName=body["host"], dnsServer="10.0.0.53",
                            resolvedAddresses=[address] if address else []), rawOutput=None, failReason=None)


def _http(device, body, rng):
    url = body.get("url") or body.get("destination")
    address = resolve(_host_of(url))
    silent = unreachable(device, address)
    status = re.search(r"/status/(\d{3})", url)
    code = int(status.group(1)) if status else 200
    if device.device_type == "ap":
        size = 0 if silent else rng.randint(12, 40)
        rate = 0 if silent else int(size * 8 * 1000 / max(1.0, device.base_rtt * 20))
        return dict(output=dict(downloadRateInKbps=str(rate), url=url, downloadBytesInKB=str(size)),
                    rawOutput=None, failReason=None)
    if device.device_type == "cx":
        received = 0 if silent else 1
        rtt = int(round(device.base_rtt * rng.uniform(5, 8))) if received else None
        statistics = dict(destinationAddressUnreachableCount=0, dnsResolutionFailures=0 if address else 1,
                          probesTimedOut=1 - received, probesTransmitted=1, transmissionError=0, socketReceiveError=0,
                          bindError=0, dnsFormatError=None, dnsServerFailure=None, dnsNonExistentDomain=None,
                          dhcpFailed=None)
        results = dict(packetsTransmitted=1, packetsReceived=received, minimumRttInMilliseconds=rtt,
                       maximumRttInMilliseconds=rtt, averageRttInMilliseconds=rtt, httpTransactionRttInMilliseconds=rtt,
                       dnsRttInMilliseconds=1, dnsError=None if address else "name not resolved",
                       httpError=None if received else "timeout", resolvedIp=address, dhcpServerIp=None)
        return dict(output=dict(destination=url, statistics=statistics, results=results), rawOutput=None,
                    failReason=None)
    responses, lines, times = [], ["", "Pinging '%s'" % url, "", "Press 'q' to abort.\r"], []
    for number in range(1, 6):
        if silent:
            lines.append("%d> Request timed out" % number)
            continue
        size = rng.randint(19000, 20100)
        elapsed = int(round(device.base_rtt * rng.uniform(150, 300)))
        rate = "%.2fKB/sec" % (size / 1024.0 / (elapsed / 1000.0))
        reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found", 503: "Service Unavailable"}.get(code, "Status")
        times.append(elapsed)
        responses.append(dict(responseNumber=str(number), responseBytes=str(size), responseTimeMilliseconds=str(elapsed),
                              downloadRate=rate, responseCode="%d/%s" % (code, reason)))
        lines.append("%d> Reply: [%d/%s] bytes=%d time=%dms Rate=%s" % (number, code, reason, size, elapsed, rate))
    received = len(responses)
    output = dict(successRatePercent=str(100 * received // 5), url=url, responses=responses,
                  minimumLatencyMilliseconds=str(min(times)) if times else "null",
                  averageLatencyMilliseconds=str(sum(times) // len(times)) if times else "null",
                  maximumLatencyMilliseconds=str(max(times)) if times else "null",
                  sentPacketsCount="5", receivedPacketsCount=str(received))
    lines += ["", "Ping Statistics for %s" % url,
              "Packets: Sent : 5 Received : %d Success Rate is %d percent (%d/5)" % (received, 100 * received // 5, received)]
    return dict(output=output, rawOutput="\n".join(lines) + "\n", failReason=None)


def _tcp(device, body, rng):
    address = resolve(body["host"])
    if unreachable(device, address) or int(body["port"]) == 9:
        return dict(output=dict(host=body["host"], connectionTimeInMilliseconds=None), rawOutput=None,
                    failReason="Connection timed out" if int(body["port"]) != 9 else "Connection refused")
    return dict(output=dict(host=body["host"], connectionTimeInMilliseconds=str(int(device.base_rtt * rng.uniform(3, 6)))),
                rawOutput=None, failReason=None)


def _aaa(device, body, rng):
    accepted = body.get("username") != "reject-me" and body.get("password") != "wrong"
    if device.device_type == "ap":
        output = dict(serverName=body["serverName"], authenticationStatus="Passed" if accepted else "Failed")
    else:
        output = dict(authenticationStatus="accept" if accepted else "reject", username=body["username"],
                      authMethodType=body.get("authMethodType", "pap"), radiusServerIp=body["radiusServerIp"])
    return dict(output=output, rawOutput=None, failReason=None)


def _mac(rng):
    return ":".join("%02x" % rng.randint(0, 255) for _unused in range(6))


def _arp(device, body, rng):
    hosts = [("10.%d.%d.%d" % (rng.randint(1, 250), rng.randint(0, 250), rng.randint(2, 250)), _mac(rng))
             for _unused in range(rng.randint(3, 6))]
    if device.device_type == "ap":
        hosts.append(("172.31.98.36", "00:00:00:00:00:00"))
        entries = [dict(macAddress=mac, mask="*", ipAddress=ip, device="br0", hardwareType="0x1",
                        flags="0x0" if mac.startswith("00:00") else "0x2") for ip, mac in hosts]
        raw = "\nCOMMAND=show arp\nIP address       HW type     Flags       HW address            Mask     Device\n" + "".join(
            "%-16s 0x1         %-11s %-21s *        br0\n" % (e["ipAddress"], e["flags"], e["macAddress"]) for e in entries)
        return dict(output=dict(entries=entries), rawOutput=raw, failReason=None)
    if device.device_type == "aos_s":
        entries = [dict(entryType="dynamic", ipAddress=ip, macAddress=mac.replace(":", "")[:6] + "-" + mac.replace(":", "")[6:],
                        port=str(rng.randint(1, 24))) for ip, mac in hosts]
        return dict(output=dict(entries=entries), rawOutput=None, failReason=None)
    entries = [dict(address=ip, protocol="Internet", interfaceAndPort="vlan%d" % rng.randint(1, 4094), macAddress=mac)
               for ip, mac in hosts]
    raw = "\nARP Table\n---------\nProtocol  Address        Hardware Address   Interface\n" + "".join(
        "Internet  %-14s %-18s %s\n\n" % (e["address"], e["macAddress"], e["interfaceAndPort"]) for e in entries)
    return dict(output=dict(entries=entries), rawOutput=raw, failReason=None)


def _speed(device, body, rng):
    server = body["iperfServerAddress"]
    address = resolve(server)
    if unreachable(device, address):
        return dict(output=None, rawOutput=None, failReason="Unable to connect to iperf server %s" % server)
    mbps = round(rng.uniform(20, 90) / max(1.0, device.base_rtt / 10), 6)
    if device.device_type == "ap":
        return dict(output=dict(iperfServerAddress=server, serverPort="5201", protocol="TCP", intervalInSeconds="10",
                                upstreamBandwidthInMbps="%.6f" % mbps, downstreamBandwidthInMbps=None,
                                upstreamBytes=str(int(mbps * 1e6 * 10 / 8)), downstreamBytes=None,
                                upstreamRetries=str(rng.randint(0, 1500)), downstreamRetries=None,
                                upstreamJitter=None, downstreamJitter=None, upstreamLostPackets=None,
                                downstreamLostPackets=None, upstreamDatagrams=None, downstreamDatagrams=None),
                    rawOutput=None, failReason=None)
    seconds = [round(mbps * rng.uniform(0.7, 1.3), 1) for _unused in range(10)]
    metrics = [dict(id="[  4]", intervalInSeconds="%.2f-%.2f" % (second, second + 1),
                    transferSizeInBytes="%.2f MBytes" % (rate / 8), bandwidthInbps="%.1f Mbits/sec" % rate)
               for second, rate in enumerate(seconds)]
    sender = sum(seconds) / 10
    return dict(output=dict(iperfServerAddress=server, senderBandwidth="%.2f Mbits/sec" % sender,
                            receiverBandwidth="%.2f Mbits/sec" % (sender * 0.97),
                            totalTransferredBytesFromSender="%.1f MBytes" % (sender * 10 / 8),
                            totalTransferredBytesFromReceiver="%.2f MBytes" % (sender * 0.97 * 10 / 8), metrics=metrics),
                rawOutput="\nPerf-test: Finished\n\nStarting Test: protocol: TCP, 1 streams, 131072 byte blocks\n"
                          "[  4]   0.00-10.00  sec  %.1f MBytes  %.2f Mbits/sec  sender\n\niperf Done.\n"
                          % (sender * 10 / 8, sender), failReason=None)


def _cable(device, body, rng):
    last = "1/1/48" if device.device_type == "cx" else "48"
    results = []
    for port in body["ports"]:
        faulty = port == last
        length = str(rng.randint(3, 80))
        pairs = [dict(pairName=pair, length="0" if faulty else length, status="Open" if faulty else "Good")
                 for pair in ("1-2", "3-6", "4-5", "7-8")]
        if device.device_type == "cx":
            for pair in pairs:
                pair["accuracy"] = "10"
            results.append(dict(cablePairDiagnostics=pairs, interfaceName=port, state="complete"))
        else:
            results.append(dict(cablePairDiagnostics=pairs, interfaceName=port))
    return dict(output=dict(results=results, ports=list(body["ports"])), rawOutput=None, failReason=None)


def _command_text(device, command, rng):
    if command == "show version":
        return "Version      : %s\nSerial       : %s\nUptime       : %d days\n" % (
            {"ap": "10.7.1.0", "gateway": "10.7.1.0", "cx": "10.15.1010", "aos_s": "16.11.0021"}[device.device_type],
            device.serial, rng.randint(1, 300))
    return "%s\n%s\n(simulated output of %s on %s)\n" % (command, "-" * len(command), command, device.name or device.serial)


def _show(device, body, rng):
    """v1alpha1's showCommand: one {command, response}."""
    command = body["command"]
    return dict(output=dict(command=command, response=_command_text(device, command, rng)), rawOutput=None,
                failReason=None)


def _show_many(device, body, rng):
    """v1's showCommands: the answer's shape is not published; this one is a results list, a shape the
    collection must read among others."""
    results = [dict(command=command, response=_command_text(device, command, rng), status="SUCCESS")
               for command in body["commands"]]
    return dict(output=dict(results=results), rawOutput=None, failReason=None)


_BUILDERS = {"nslookup": _nslookup, "http": _http, "https": _http, "tcp": _tcp, "aaa": _aaa, "getArpTable": _arp,
             "speedtest": _speed, "iperf": _speed, "cableTest": _cable, "showCommand": _show,
             "showCommands": _show_many}
