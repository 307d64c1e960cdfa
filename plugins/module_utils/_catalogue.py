# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The catalogue of diagnostics: which device type runs which test, under which API path, with which
body fields, per API version. It is the one place that says so: the modules' argument specs, the fleet
runner, test_result_info and the docs' operation table read it. The test simulator keeps its own table
(tests/simulator/api_table.py) and a unit test compares the two.

Sources: the vendor's request collection for v1alpha1 and the vendor's v1 SDK (pycentral 2.0a25,
pycentral/troubleshooting/troubleshooting.py) for v1; docs/docsite/rst/guide_central_api.rst says what the code
relies on. Plain data and the standard library only.
"""

from __future__ import annotations

DEVICE_TYPES = ("ap", "gateway", "cx", "aos_s")
DEVICE_PATHS = {"ap": "aps", "gateway": "gateways", "cx": "cx", "aos_s": "aos-s"}

# Test name -> API path segment; a few device types name the same idea differently (OPERATION_OVERRIDES).
TEST_PATHS = {
    "ping": "ping", "traceroute": "traceroute", "ping_sweep": "pingSweep",
    "nslookup": "nslookup", "http": "http", "https": "https", "tcp": "tcp", "aaa": "aaa",
    "arp_table": "getArpTable", "speedtest": "speedtest", "cable_test": "cableTest", "show_command": "showCommands",
}
# The gateway's speed test is an iperf run: the collection calls both ``speedtest``.
OPERATION_OVERRIDES = {("gateway", "speedtest"): "iperf"}
# v1alpha1 runs one show command a task under another name (v1: showCommands with a list of up to 20).
VERSION_OPERATIONS = {("v1alpha1", "show_command"): "showCommand"}
MAX_SHOW_COMMANDS = 20


class Field:
    """One request body field: its API name, kind (how it is checked and converted), limits, and the API
    versions that take it (``versions``: None for both; ``names``: another API name on one version)."""

    def __init__(self, api_name, kind, minimum=None, maximum=None, choices=None, required=False, versions=None,
                 names=None):
        self.api_name = api_name
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices
        self.required = required
        self.versions = versions
        self.names = names or {}

    def name_on(self, api_version):
        return self.names.get(api_version, self.api_name)

    def sent_on(self, api_version):
        return self.versions is None or api_version in self.versions


def _v1(api_name, kind, minimum=None, maximum=None, choices=None):
    """A field only the v1 API takes (the vendor's v1 SDK sends it; the v1alpha1 collection has no such field)."""
    return Field(api_name, kind, minimum, maximum, choices, versions=("v1",))


_DESTINATION = Field("destination", "destination", required=True)
_RAW = Field("includeRawOutput", "bool")
_COUNT = Field("count", "int", 1, 100)
_PACKET_SIZE = Field("packetSize", "int", 10, 2000)
# 802.1Q reserves 4095; the v1 SDK takes 1-4094.
_VLAN = Field("vlan", "int", 1, 4094)
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
# One show command or a list: v1 sends {"commands": [...]} (1 to 20), v1alpha1 {"command": "..."} a task.
_COMMANDS = Field("commands", "commands", required=True, names={"v1alpha1": "command"})
_PROTOCOL = _v1("protocol", "str", choices=("tcp", "udp"))
_INCLUDE_REVERSE = _v1("includeReverse", "bool")

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
    ("ap", "nslookup"): dict(host=Field("host", "destination", required=True),
                             dns_server=_v1("dnsServer", "destination")),
    ("ap", "http"): dict(url=_URL),
    ("gateway", "http"): dict(url=_URL),
    # The CX switch names the URL "destination" and takes https:// URLs in it (it has no https operation);
    # on v1 the scheme also goes in "protocol" (DERIVED_FIELDS).
    ("cx", "http"): dict(url=Field("destination", "url", required=True), vrf=_v1("vrf", "str")),
    ("ap", "https"): dict(url=_URL, timeout=_v1("timeout", "int", 1, 10)),
    ("gateway", "https"): dict(url=_URL, count=_v1("count", "int", 1, 10), interval=_v1("interval", "int", 1, 10),
                               include_raw_output=_v1("includeRawOutput", "bool")),
    ("ap", "tcp"): dict(host=Field("host", "destination", required=True),
                        port=Field("port", "int", 1, 65535, required=True), timeout=_v1("timeout", "int", 1)),
    # The AP tests against a RADIUS server configured on it (by name), the CX switch against an address.
    ("ap", "aaa"): dict(server=Field("serverName", "str", required=True), username=_USERNAME, password=_PASSWORD),
    ("cx", "aaa"): dict(server=Field("radiusServerIp", "ip", required=True), username=_USERNAME, password=_PASSWORD,
                        auth_method=Field("authMethodType", "str", choices=("chap", "pap"), required=True),
                        server_port=_v1("radiusServerPort", "int", 1, 65535), vrf=_v1("vrf", "str")),
    ("ap", "arp_table"): {},
    ("gateway", "arp_table"): {},
    ("aos_s", "arp_table"): {},
    # The AP's speed test and the gateway's iperf take the same ideas under other names and limits.
    ("ap", "speedtest"): dict(server=_IPERF_SERVER, protocol=_PROTOCOL, server_port=_v1("serverPort", "int", 0, 65535),
                              bandwidth=_v1("bandwidth", "int", 1), include_reverse=_INCLUDE_REVERSE,
                              duration=_v1("secondsToMeasure", "int", 1, 20), parallel=_v1("parallel", "int", 1, 30),
                              omit=_v1("omit", "int", 1, 5), window_size=_v1("windowSize", "int", 65, 1638)),
    ("gateway", "speedtest"): dict(server=_IPERF_SERVER, protocol=_PROTOCOL, server_port=_v1("port", "int", 1, 65535),
                                   include_reverse=_INCLUDE_REVERSE, duration=_v1("duration", "int", 10, 120),
                                   parallel=_v1("parallel", "int", 1, 128), omit=_v1("omit", "int", 0),
                                   vlan_interface=_v1("vlanInterface", "str"),
                                   include_raw_output=_v1("includeRawOutput", "bool")),
    ("cx", "cable_test"): dict(ports=_PORTS),
    ("aos_s", "cable_test"): dict(ports=_PORTS),
    ("ap", "show_command"): dict(command=_COMMANDS),
    ("gateway", "show_command"): dict(command=_COMMANDS),
    ("cx", "show_command"): dict(command=_COMMANDS),
    ("aos_s", "show_command"): dict(command=_COMMANDS),
}

# Body fields the collection fills from other options: on v1 the CX switch's HTTP test names the URL's scheme.
DERIVED_FIELDS = {("cx", "http"): {"protocol": ("v1",)}}

# The tests whose start takes no body at all (the vendor's examples and SDK send none).
NO_BODY_TESTS = tuple(sorted(set(test for (_device, test), fields in CATALOGUE.items() if not fields)))

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


def operation_path(device_type, test, api_version="v1"):
    """The API path segment of ``test`` on ``device_type`` in ``api_version``."""
    return VERSION_OPERATIONS.get((api_version, test)) or OPERATION_OVERRIDES.get((device_type, test), TEST_PATHS[test])


def tests_by_path():
    """API path segment -> test name, over every device type and version (``iperf`` is ``speedtest``)."""
    names = dict((path, test) for test, path in TEST_PATHS.items())
    names.update(((path, test) for (_device, test), path in OPERATION_OVERRIDES.items()))
    names.update(((path, test) for (_version, test), path in VERSION_OPERATIONS.items()))
    return names


def body_fields(device_type, test, api_version):
    """API field name -> Field of what ``test`` on ``device_type`` takes in ``api_version`` (derived ones: None)."""
    fields = dict((field.name_on(api_version), field) for field in CATALOGUE[(device_type, test)].values()
                  if field.sent_on(api_version))
    for name, versions in DERIVED_FIELDS.get((device_type, test), {}).items():
        if api_version in versions:
            fields[name] = None
    return fields


def device_types_for(test):
    return sorted(device for device in DEVICE_TYPES if (device, test) in CATALOGUE)


# The typed result of each test: field -> kind, as the parsers return it (module_utils/_parsers.py is the source of
# truth; tests/unit/plugins/plugin_utils/test_expectations.py holds the two together). A compliance policy's
# ``expect`` names these fields: ``number`` and ``bool`` compare, ``text`` matches, ``list`` (of numbers or
# text) and ``records`` (of objects) take list conditions.
_PING_FIGURES = dict(packets_transmitted="number", packets_received="number", rtt_min_ms="number",
                     rtt_avg_ms="number", rtt_max_ms="number", replies="records")
_HTTP_RESULT = dict(url="text", success="bool", success_rate_percent="number", latency_min_ms="number",
                    latency_avg_ms="number", latency_max_ms="number", status_codes="list", responses="records",
                    downloaded_bytes="number", download_rate_kbps="number", probes_sent="number",
                    probes_answered="number", probes_timed_out="number", dns_failures="number", resolved_ip="text",
                    http_error="text")
RESULT_FIELDS = dict(
    ping=dict(_PING_FIGURES, destination="text", resolved_ip="text", packet_loss_percent="number",
              packet_size_bytes="number", reachable="bool"),
    traceroute=dict(destination="text", resolved_ip="text", hops="records", hop_count="number",
                    destination_reached="bool", last_responding_hop="number", recovered_hops="list",
                    hop_addresses="list"),
    ping_sweep=dict(_PING_FIGURES, destination="text", success_rate_percent="number",
                    largest_size_without_loss="number"),
    nslookup=dict(host="text", dns_server="text", addresses="list", resolved="bool"),
    http=_HTTP_RESULT,
    https=_HTTP_RESULT,
    tcp=dict(host="text", port="number", connect_time_ms="number", connected="bool"),
    aaa=dict(server="text", authentication_status="text", authenticated="bool", username="text", auth_method="text"),
    arp_table=dict(entries="records", entry_count="number", ip_addresses="list", mac_addresses="list"),
    speedtest=dict(server="text", server_port="number", protocol="text", duration_seconds="number",
                   upstream_mbps="number", downstream_mbps="number", sender_mbps="number", receiver_mbps="number",
                   upstream_bytes="number", downstream_bytes="number", received_bytes="number",
                   upstream_retries="number", downstream_retries="number", upstream_jitter_ms="number",
                   downstream_jitter_ms="number", upstream_lost_packets="number", downstream_lost_packets="number",
                   intervals="records"),
    cable_test=dict(ports="records", all_good="bool"),
    show_command=dict(command="text", output="text", line_count="number", commands="records"),
)

# Fields of a test's result that one device type's answer never fills: its answer has another shape (an access point
# downloads a URL once and reports no latency or status code; a CX switch counts probes and reports no status code;
# an access point's RADIUS and TCP answers echo no method, user or port). From the parsers and the vendor's example
# of each (tests/unit/plugins/plugin_utils/test_expectations.py holds them together). A policy that expects such a
# field from such a device is refused: the condition could only fail.
_AP_HTTP_UNFILLED = ("latency_min_ms", "latency_avg_ms", "latency_max_ms", "status_codes", "responses",
                     "success_rate_percent", "probes_sent", "probes_answered", "probes_timed_out", "dns_failures")
_CX_HTTP_UNFILLED = ("status_codes", "responses", "downloaded_bytes", "download_rate_kbps")
_GATEWAY_HTTP_UNFILLED = ("probes_timed_out", "dns_failures")
UNFILLED_FIELDS = {
    ("ap", "http"): _AP_HTTP_UNFILLED, ("ap", "https"): _AP_HTTP_UNFILLED,
    ("cx", "http"): _CX_HTTP_UNFILLED,
    ("gateway", "http"): _GATEWAY_HTTP_UNFILLED, ("gateway", "https"): _GATEWAY_HTTP_UNFILLED,
    ("ap", "aaa"): ("username", "auth_method"),
    ("ap", "tcp"): ("port",),
}


def fills(device_type, test, field):
    """Whether a ``device_type``'s answer to ``test`` can fill ``field`` of the typed result."""
    return field not in UNFILLED_FIELDS.get((device_type, test), ())


# The one figure of each test's result that a trend follows and a metric exports (None: the test has none).
KEY_FIGURES = dict(ping="rtt_avg_ms", traceroute="hop_count", ping_sweep="largest_size_without_loss",
                   nslookup=None, http="latency_avg_ms", https="latency_avg_ms", tcp="connect_time_ms", aaa=None,
                   arp_table="entry_count", speedtest="upstream_mbps", cable_test=None, show_command=None)


# What a test usually takes on a device, in seconds: the prior a fleet run sizes its concurrency by until its own
# tests say otherwise (a ping is its count of seconds; a traceroute waits on every hop; speed tests measure for a
# while). Tests not named take TYPICAL_SECONDS_DEFAULT.
TYPICAL_SECONDS = dict(ping=6.0, pingSweep=10.0, traceroute=20.0, nslookup=4.0, tcp=4.0, aaa=5.0, http=5.0,
                       https=5.0, speedtest=20.0, iperf=20.0, cableTest=15.0)
TYPICAL_SECONDS_DEFAULT = 8.0


def typical_seconds(test, body=None):
    """How long ``test`` usually takes (TYPICAL_SECONDS); a ping or sweep from its ``count``."""
    if test in ("ping", "pingSweep") and isinstance(body, dict):
        count = body.get("count")
        if isinstance(count, int) and not isinstance(count, bool) and 0 < count <= 1000:
            return count + 1.0
    return TYPICAL_SECONDS.get(test, TYPICAL_SECONDS_DEFAULT)
