# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalogue of diagnostics: which device type runs which test, under which API path, with which
body fields. It is the one place that says so: the modules' argument specs, the fleet runner,
test_result_info, the docs' operation table and the test simulator all read it.

Plain data and the standard library only, so that the simulator can load this file on its own.
"""

from __future__ import annotations

DEVICE_TYPES = ("ap", "gateway", "cx", "aos_s")
DEVICE_PATHS = {"ap": "aps", "gateway": "gateways", "cx": "cx", "aos_s": "aos-s"}

# Test name -> API path segment; a few device types name the same idea differently (OPERATION_OVERRIDES).
TEST_PATHS = {
    "ping": "ping", "traceroute": "traceroute", "ping_sweep": "pingSweep",
    "nslookup": "nslookup", "http": "http", "https": "https", "tcp": "tcp", "aaa": "aaa",
    "arp_table": "getArpTable", "speedtest": "speedtest", "cable_test": "cableTest", "show_command": "showCommand",
}
# The gateway's speed test is an iperf run: the collection calls both ``speedtest``.
OPERATION_OVERRIDES = {("gateway", "speedtest"): "iperf"}


class Field:
    """One request body field: its API name, kind (how it is checked and converted) and limits."""

    def __init__(self, api_name, kind, minimum=None, maximum=None, choices=None, required=False):
        self.api_name = api_name
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices
        self.required = required


_DESTINATION = Field("destination", "destination", required=True)
_RAW = Field("includeRawOutput", "bool")
_COUNT = Field("count", "int", 1, 100)
_PACKET_SIZE = Field("packetSize", "int", 10, 2000)
_VLAN = Field("vlan", "int", 1, 4095)
_USE_IPV6 = Field("useIpv6", "bool")
_MGMT = Field("useManagementInterface", "bool")
_VRF = Field("vrfName", "str")
_LOOPBACK_PORT = Field("loopbackPort", "int", 1)
_IP_ADDRESS = Field("ipAddress", "ip")
_URL = Field("url", "url", required=True)
_USERNAME = Field("username", "str", required=True)
_PASSWORD = Field("password", "secret", required=True)
_IPERF_SERVER = Field("iperfServerAddress", "destination", required=True)
_PORTS = Field("ports", "ports", required=True)
_COMMAND = Field("command", "command", required=True)

# (device type, test) -> option name (snake_case, as modules and fleet items take it) -> Field.
CATALOGUE = {
    ("ap", "ping"): dict(destination=_DESTINATION, count=_COUNT, packet_size=_PACKET_SIZE, vlan=_VLAN,
                         interface_port=Field("interfacePort", "str"), role=Field("role", "str"),
                         include_raw_output=_RAW),
    ("gateway", "ping"): dict(destination=_DESTINATION, count=_COUNT, packet_size=_PACKET_SIZE,
                              ttl=Field("ttl", "int", 1, 255), dscp=Field("dscp", "int", 0, 63),
                              dont_fragment=Field("dontFragmentFlag", "bool"), use_ipv6=_USE_IPV6,
                              source_interface=Field("sourceInterface", "str",
                                                     choices=("loopback", "mgmt-interface", "vlan-interface")),
                              vlan=_VLAN, include_raw_output=_RAW),
    ("cx", "ping"): dict(destination=_DESTINATION, count=_COUNT, packet_size=_PACKET_SIZE, use_ipv6=_USE_IPV6,
                         use_management_interface=_MGMT, vrf_name=_VRF, include_raw_output=_RAW),
    ("aos_s", "ping"): dict(destination=_DESTINATION, count=_COUNT, packet_size=_PACKET_SIZE, use_ipv6=_USE_IPV6,
                            vlan=_VLAN, loopback_port=_LOOPBACK_PORT, ip_address=_IP_ADDRESS,
                            include_raw_output=_RAW),
    ("ap", "traceroute"): dict(destination=_DESTINATION, source_interface=Field("sourceInterface", "str"),
                               include_raw_output=_RAW),
    ("gateway", "traceroute"): dict(destination=_DESTINATION, vlan_ip=Field("vlanIp", "ip"), include_raw_output=_RAW),
    ("cx", "traceroute"): dict(destination=_DESTINATION, use_ipv6=_USE_IPV6, use_management_interface=_MGMT,
                               vrf_name=_VRF, include_raw_output=_RAW),
    ("aos_s", "traceroute"): dict(destination=_DESTINATION,
                                  source_interface=Field("sourceInterface", "str",
                                                         choices=("loopback", "vlan-interface", "ip-address")),
                                  vlan=_VLAN, loopback_port=_LOOPBACK_PORT, ip_address=_IP_ADDRESS,
                                  include_raw_output=_RAW),
    ("gateway", "ping_sweep"): dict(destination=_DESTINATION,
                                    start_packet_size=Field("startPacketSize", "int", 1, required=True),
                                    end_packet_size=Field("endPacketSize", "int", 1, required=True),
                                    sweep_interval=Field("sweepInterval", "int", 1, required=True),
                                    count=Field("count", "int", 1, 100), include_raw_output=_RAW),
    ("ap", "nslookup"): dict(host=Field("host", "destination", required=True)),
    ("ap", "http"): dict(url=_URL),
    ("gateway", "http"): dict(url=_URL),
    # The CX switch names the URL "destination" (and takes https:// URLs in it: it has no https operation).
    ("cx", "http"): dict(url=Field("destination", "url", required=True)),
    ("ap", "https"): dict(url=_URL),
    ("gateway", "https"): dict(url=_URL),
    ("ap", "tcp"): dict(host=Field("host", "destination", required=True),
                        port=Field("port", "int", 1, 65535, required=True)),
    # The AP tests against a RADIUS server configured on it (by name), the CX switch against an address.
    ("ap", "aaa"): dict(server=Field("serverName", "str", required=True), username=_USERNAME, password=_PASSWORD),
    ("cx", "aaa"): dict(server=Field("radiusServerIp", "ip", required=True), username=_USERNAME, password=_PASSWORD,
                        auth_method=Field("authMethodType", "str", choices=("chap", "pap"))),
    ("ap", "arp_table"): {},
    ("gateway", "arp_table"): {},
    ("aos_s", "arp_table"): {},
    ("ap", "speedtest"): dict(server=_IPERF_SERVER),
    ("gateway", "speedtest"): dict(server=_IPERF_SERVER),
    ("cx", "cable_test"): dict(ports=_PORTS),
    ("aos_s", "cable_test"): dict(ports=_PORTS),
    ("ap", "show_command"): dict(command=_COMMAND),
    ("gateway", "show_command"): dict(command=_COMMAND),
    ("cx", "show_command"): dict(command=_COMMAND),
    ("aos_s", "show_command"): dict(command=_COMMAND),
}

# The options that name what a test is aimed at: joined, they are the "destination" a fleet result and a
# report show (a TCP test's is host:port).
TARGET_OPTIONS = dict(ping=("destination",), traceroute=("destination",), ping_sweep=("destination",),
                      nslookup=("host",), http=("url",), https=("url",), tcp=("host", "port"), aaa=("server",),
                      arp_table=(), speedtest=("server",), cable_test=("ports",), show_command=("command",))

# Options never shown back: no_log in the modules, masked in fleet results and check-mode requests.
SECRET_OPTIONS = ("password",)

# The option that fails a module when a completed test gave the negative answer, and how a message says it.
NEGATIVE_ANSWERS = dict(
    ping=("fail_on_unreachable", "destination %(target)s did not answer"),
    traceroute=("fail_on_unreachable", "destination %(target)s did not answer"),
    ping_sweep=("fail_on_unreachable", "destination %(target)s did not answer"),
    nslookup=("fail_on_unresolved", "%(target)s did not resolve"),
    http=("fail_on_unreachable", "no successful answer from %(target)s"),
    https=("fail_on_unreachable", "no successful answer from %(target)s"),
    tcp=("fail_on_unreachable", "no TCP connection to %(target)s"),
    aaa=("fail_on_reject", "RADIUS server %(target)s did not accept the credentials"),
    cable_test=("fail_on_fault", "a cable pair is not good on port(s) %(target)s"),
)


def operation_path(device_type, test):
    """The API path segment of ``test`` on ``device_type``."""
    return OPERATION_OVERRIDES.get((device_type, test), TEST_PATHS[test])


def tests_by_path():
    """API path segment -> test name, over every device type (``iperf`` is ``speedtest``)."""
    names = dict((path, test) for test, path in TEST_PATHS.items())
    names.update(((path, test) for (_device, test), path in OPERATION_OVERRIDES.items()))
    return names


def device_types_for(test):
    return sorted(device for device in DEVICE_TYPES if (device, test) in CATALOGUE)
