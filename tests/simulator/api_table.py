# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's own table of the troubleshooting API: which operation each device path has in each API
version, and the body fields, types, ranges and choices each takes.

Written from the published sources, never from the collection's catalogue, so that the simulator is a
second opinion (tests/unit/plugins/module_utils/test_catalogue_vs_simulator.py compares the two):
- v1alpha1: the vendor's request collection, as docs/docsite/rst/guide_central_api.rst summarises it
  summarise it (ranges only where it gives them);
- v1: the vendor's v1 SDK, pycentral 2.0a25 (pycentral/troubleshooting/troubleshooting.py), field names
  and limits as its initiate_* functions send and check them; pingSweep, which the SDK lacks, as v1alpha1.
Where the SDK is itself wrong (locate on gateways, snake_case extras on HTTP), the request collection wins
and tests/integration/targets/vendor_sdk says so.
"""

from __future__ import annotations

import json

DEVICE_PATHS = ("aps", "gateways", "cx", "aos-s")


class Spec:
    """One body field: ``kind`` str | int | bool | list (of strings); ``low``/``high`` bound an int;
    ``each_prefix`` is what every string of a list starts with; ``most`` the longest list."""

    def __init__(self, kind, required=False, low=None, high=None, choices=None, most=None, each_prefix=None):
        self.kind = kind
        self.required = required
        self.low = low
        self.high = high
        self.choices = choices
        self.most = most
        self.each_prefix = each_prefix

    def describe(self):
        return dict((key, value) for key, value in vars(self).items() if value not in (None, False))


def s(**kw):
    return Spec("str", **kw)


def i(low=None, high=None, **kw):
    return Spec("int", low=low, high=high, **kw)


def b():
    return Spec("bool")


def lst(**kw):
    return Spec("list", **kw)


REQ = dict(required=True)
NO_BODY = None  # the operation takes no body at all

# ---- v1alpha1: the request collection (api-contract.md, api-contract-more.md) ----
V1ALPHA1 = {
    "aps": {
        "ping": dict(destination=s(**REQ), count=i(1, 100), packetSize=i(10, 2000), vlan=i(1, 4095),
                     interfacePort=s(), role=s(), includeRawOutput=b()),
        "traceroute": dict(destination=s(**REQ), sourceInterface=s(), includeRawOutput=b()),
        "nslookup": dict(host=s(**REQ)),
        "http": dict(url=s(**REQ)),
        "https": dict(url=s(**REQ)),
        "tcp": dict(host=s(**REQ), port=i(1, 65535, **REQ)),
        "aaa": dict(serverName=s(**REQ), username=s(**REQ), password=s(**REQ)),
        "getArpTable": NO_BODY,
        "speedtest": dict(iperfServerAddress=s(**REQ)),
        "showCommand": dict(command=s(each_prefix="show ", **REQ)),
        "locate": NO_BODY,
        "reboot": NO_BODY,
        "disconnectUserAll": NO_BODY,
        "disconnectUserByMacAddress": dict(userMacAddress=s(**REQ)),
        "disconnectUserByNetwork": dict(networkName=s(**REQ)),
    },
    "gateways": {
        "ping": dict(destination=s(**REQ), count=i(1, 100), packetSize=i(10, 2000), ttl=i(1, 255), dscp=i(0, 63),
                     dontFragmentFlag=b(), useIpv6=b(),
                     sourceInterface=s(choices=("loopback", "mgmt-interface", "vlan-interface")), vlan=i(1, 4095),
                     includeRawOutput=b()),
        "traceroute": dict(destination=s(**REQ), vlanIp=s(), includeRawOutput=b()),
        "pingSweep": dict(destination=s(**REQ), startPacketSize=i(1, **REQ), endPacketSize=i(1, **REQ),
                          sweepInterval=i(1, **REQ), count=i(1, 100), includeRawOutput=b()),
        "http": dict(url=s(**REQ)),
        "https": dict(url=s(**REQ)),
        "iperf": dict(iperfServerAddress=s(**REQ)),
        "getArpTable": NO_BODY,
        "showCommand": dict(command=s(each_prefix="show ", **REQ)),
        "poeBounce": dict(ports=lst(**REQ)),
        "portBounce": dict(ports=lst(**REQ)),
        "reboot": NO_BODY,
        "disconnectClientAll": NO_BODY,
        "disconnectClientByMacAddress": dict(clientMacAddress=s(**REQ)),
    },
    "cx": {
        "ping": dict(destination=s(**REQ), count=i(), packetSize=i(), useIpv6=b(), useManagementInterface=b(),
                     vrfName=s(), includeRawOutput=b()),
        "traceroute": dict(destination=s(**REQ), useIpv6=b(), useManagementInterface=b(), vrfName=s(),
                           includeRawOutput=b()),
        "http": dict(destination=s(**REQ)),
        "aaa": dict(authMethodType=s(choices=("chap", "pap")), radiusServerIp=s(**REQ), username=s(**REQ),
                    password=s(**REQ)),
        "cableTest": dict(ports=lst(**REQ)),
        "showCommand": dict(command=s(each_prefix="show ", **REQ)),
        "poeBounce": dict(ports=lst(**REQ)),
        "portBounce": dict(ports=lst(**REQ)),
        "locate": NO_BODY,
        "reboot": NO_BODY,
    },
    "aos-s": {
        "ping": dict(destination=s(**REQ), count=i(), packetSize=i(), useIpv6=b(), vlan=i(), loopbackPort=i(),
                     ipAddress=s(), includeRawOutput=b()),
        "traceroute": dict(destination=s(**REQ), sourceInterface=s(choices=("loopback", "vlan-interface", "ip-address")),
                           vlan=i(), loopbackPort=i(), ipAddress=s(), includeRawOutput=b()),
        "getArpTable": NO_BODY,
        "cableTest": dict(ports=lst(**REQ)),
        "showCommand": dict(command=s(each_prefix="show ", **REQ)),
        "poeBounce": dict(ports=lst(**REQ)),
        "portBounce": dict(ports=lst(**REQ)),
        "locate": NO_BODY,
        "reboot": NO_BODY,
    },
}

# ---- v1: pycentral 2.0a25's initiate_* functions ----
_SHOW_COMMANDS = dict(commands=lst(most=20, each_prefix="show ", **REQ))
V1 = {
    "aps": {
        # initiate_ping_aps_test: source_vlan 1-4094, packet_size 10-2000, count 1-100.
        "ping": dict(destination=s(**REQ), count=i(1, 100), packetSize=i(10, 2000), vlan=i(1, 4094),
                     interfacePort=s(), role=s(), includeRawOutput=b()),
        "traceroute": dict(destination=s(**REQ), sourceInterface=s(), includeRawOutput=b()),
        "nslookup": dict(host=s(**REQ), dnsServer=s()),
        "http": dict(url=s(**REQ)),
        # "Timeout must be a valid integer from 1-10".
        "https": dict(url=s(**REQ), timeout=i(1, 10)),
        "tcp": dict(host=s(**REQ), port=i(1, 65535, **REQ), timeout=i(1)),
        # initiate_aaa_aps_test sends the server as serverName.
        "aaa": dict(serverName=s(**REQ), username=s(**REQ), password=s(**REQ)),
        "getArpTable": NO_BODY,
        "speedtest": dict(iperfServerAddress=s(**REQ), protocol=s(choices=("tcp", "udp")), serverPort=i(0, 65535),
                          bandwidth=i(1), includeReverse=b(), secondsToMeasure=i(1, 20), parallel=i(1, 30),
                          omit=i(1, 5), windowSize=i(65, 1638)),
        "showCommands": _SHOW_COMMANDS,
        "locate": NO_BODY,
        "reboot": NO_BODY,
        "disconnectUserAll": NO_BODY,
        "disconnectUserByMacAddress": dict(userMacAddress=s(**REQ)),
        "disconnectUserByNetwork": dict(networkName=s(**REQ)),
    },
    "gateways": {
        "ping": dict(destination=s(**REQ), count=i(1, 100), packetSize=i(10, 2000), ttl=i(1, 255), dscp=i(0, 63),
                     dontFragmentFlag=b(), useIpv6=b(), sourceInterface=s(), vlan=i(1, 4094), includeRawOutput=b()),
        "traceroute": dict(destination=s(**REQ), vlanIp=s(), includeRawOutput=b()),
        # Not in the SDK: as v1alpha1.
        "pingSweep": dict(destination=s(**REQ), startPacketSize=i(1, **REQ), endPacketSize=i(1, **REQ),
                          sweepInterval=i(1, **REQ), count=i(1, 100), includeRawOutput=b()),
        "http": dict(url=s(**REQ)),
        "https": dict(url=s(**REQ), count=i(1, 10), interval=i(1, 10), includeRawOutput=b()),
        "iperf": dict(iperfServerAddress=s(**REQ), port=i(1, 65535), duration=i(10, 120), parallel=i(1, 128),
                      omit=i(0), includeReverse=b(), vlanInterface=s(), protocol=s(choices=("tcp", "udp")),
                      includeRawOutput=b()),
        "getArpTable": NO_BODY,
        "showCommands": _SHOW_COMMANDS,
        "poeBounce": dict(ports=lst(**REQ)),
        "portBounce": dict(ports=lst(**REQ)),
        "reboot": NO_BODY,
        "disconnectClientAll": NO_BODY,
        "disconnectClientByMacAddress": dict(clientMacAddress=s(**REQ)),
    },
    "cx": {
        "ping": dict(destination=s(**REQ), count=i(1, 100), packetSize=i(), useIpv6=b(), useManagementInterface=b(),
                     vrfName=s(), includeRawOutput=b()),
        "traceroute": dict(destination=s(**REQ), useIpv6=b(), useManagementInterface=b(), vrfName=s(),
                           includeRawOutput=b()),
        # initiate_http_test and initiate_https_cx_test: the URL in destination, its scheme in protocol.
        "http": dict(destination=s(**REQ), protocol=s(choices=("HTTP", "HTTPS"), **REQ), vrf=s()),
        "aaa": dict(authMethodType=s(choices=("chap", "pap"), **REQ), radiusServerIp=s(**REQ), username=s(**REQ),
                    password=s(**REQ), radiusServerPort=i(1, 65535), vrf=s()),
        "cableTest": dict(ports=lst(**REQ)),
        "showCommands": _SHOW_COMMANDS,
        "poeBounce": dict(ports=lst(**REQ)),
        "portBounce": dict(ports=lst(**REQ)),
        "locate": NO_BODY,
        "reboot": NO_BODY,
    },
    "aos-s": {
        "ping": dict(destination=s(**REQ), count=i(1, 100), packetSize=i(), useIpv6=b(), vlan=i(), loopbackPort=i(),
                     ipAddress=s(), includeRawOutput=b()),
        "traceroute": dict(destination=s(**REQ), sourceInterface=s(choices=("loopback", "vlan-interface", "ip-address")),
                           vlan=i(), loopbackPort=i(), ipAddress=s(), includeRawOutput=b()),
        "getArpTable": NO_BODY,
        "cableTest": dict(ports=lst(**REQ)),
        "showCommands": _SHOW_COMMANDS,
        "poeBounce": dict(ports=lst(**REQ)),
        "portBounce": dict(ports=lst(**REQ)),
        "locate": NO_BODY,
        "reboot": NO_BODY,
    },
}

OPERATIONS = {"v1": V1, "v1alpha1": V1ALPHA1}


def _type_ok(spec, value):
    if spec.kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if spec.kind == "bool":
        return isinstance(value, bool)
    if spec.kind == "list":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, str)


def check_body(version, device_path, operation, raw):
    """Central's 400 message for the start body ``raw`` (bytes), or None when it is accepted; also the parsed
    body (None for an operation that takes none)."""
    fields = OPERATIONS[version][device_path][operation]
    if fields is NO_BODY:
        # The vendor sends none; an empty object is taken as well.
        if raw.strip() in (b"", b"{}"):
            return None, None
        return "Validation errors - %s takes no request body" % operation, None
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return "Validation errors - request body is not JSON", None
    if not isinstance(body, dict):
        return "Validation errors - request body must be a JSON object", None
    unknown = sorted(set(body) - set(fields))
    if unknown:
        return "Validation errors - unknown field(s) for %s on this device: %s" % (operation, ", ".join(unknown)), None
    missing = sorted(name for name, spec in fields.items() if spec.required and body.get(name) in (None, "", []))
    if missing:
        return "Validation errors - %s is required" % ", ".join(missing), None
    for name, value in sorted(body.items()):
        spec = fields[name]
        if not _type_ok(spec, value):
            return "Validation errors - %s must be %s" % (name, dict(int="an integer", bool="a boolean", str="a string",
                                                                     list="a list of strings")[spec.kind]), None
        if spec.kind == "int" and ((spec.low is not None and value < spec.low)
                                   or (spec.high is not None and value > spec.high)):
            return "Validation errors - %s must be between %s and %s" % (
                name, spec.low, spec.high if spec.high is not None else "any"), None
        if spec.choices and value not in spec.choices:
            return "Validation errors - %s must be one of %s" % (name, ", ".join(spec.choices)), None
        if spec.most is not None and not 1 <= len(value) <= spec.most:
            return "Validation errors - %s must list 1 to %d items" % (name, spec.most), None
        if spec.each_prefix:
            for item in value if isinstance(value, list) else [value]:
                if not item.strip().lower().startswith(spec.each_prefix):
                    return "Command denied: must start with '%s'" % spec.each_prefix, None
    return None, body
