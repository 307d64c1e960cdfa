# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Drive the simulator through pycentral's Troubleshooting functions; print one line an operation x device type
and exit 1 on any outcome other than the one expected. Where the SDK itself is wrong, the expected outcome is
Central's refusal and the line says why; where it is wrong and Central cannot tell (falsy values dropped), the
body the simulator received shows it."""

import json
import os
import sys
import urllib.request

# The SDK's token request goes through oauthlib, which refuses a token URL in clear text; the simulator's is
# on loopback.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

from pycentral import NewCentralBase  # noqa: E402
from pycentral.troubleshooting.troubleshooting import Troubleshooting as T  # noqa: E402

BASE_URL = sys.argv[1]
AP, GW, CX, AS = "TESTAP0001", "TESTGW0001", "TESTCX0001", "TESTAS0001"
POLL = dict(max_attempts=40, poll_interval=0.2)


# (what, call, expected): expected is "completed" (polled to COMPLETED), "accepted" (202, nothing to poll),
# "answered" (a synchronous GET), or ("refused", why the SDK is wrong there).
def operations(conn):
    return [
        ("ping aps", lambda: T.ping_aps_test(conn, AP, "10.0.0.1", packet_size=100, count=3, source_vlan=4094,
                                             include_raw_output=True, **POLL), "completed"),
        ("ping gateways", lambda: T.ping_gateways_test(conn, GW, "10.0.0.1", count=3, ttl=64, dscp=46,
                                                       dont_fragment=True, source_interface="vlan-interface",
                                                       include_raw_output=True, **POLL), "completed"),
        ("ping cx", lambda: T.ping_cx_test(conn, CX, "10.0.0.1", count=3, use_management_interface=True,
                                           vrf_name="mgmt", **POLL), "completed"),
        ("ping aos-s", lambda: T.ping_aoss_test(conn, AS, "10.0.0.1", count=3, source_vlan=10, **POLL), "completed"),
        ("traceroute aps", lambda: T.traceroute_aps_test(conn, AP, "10.0.0.1", include_raw_output=True, **POLL),
         "completed"),
        ("traceroute gateways", lambda: T.traceroute_gateways_test(conn, GW, "10.0.0.1", source_vlan_ip="10.1.1.1",
                                                                   **POLL), "completed"),
        ("traceroute cx", lambda: T.traceroute_cx_test(conn, CX, "10.0.0.1", use_ipv6=False, **POLL), "completed"),
        ("traceroute aos-s", lambda: T.traceroute_aoss_test(conn, AS, "10.0.0.1", source_interface="loopback",
                                                            source_loopback_port=1, **POLL), "completed"),
        ("nslookup aps", lambda: T.nslookup_test(conn, "aps", AP, "app.example.com", dns_server="10.0.0.53", **POLL),
         "completed"),
        ("http aps", lambda: T.http_test(conn, "aps", AP, "http://app.example.com/", **POLL), "completed"),
        ("http gateways", lambda: T.http_test(conn, "gateways", GW, "http://app.example.com/", **POLL), "completed"),
        ("http cx", lambda: T.http_test(conn, "cx", CX, "http://app.example.com/", vrf="default", **POLL),
         "completed"),
        ("http cx, source_interface", lambda: T.http_test(conn, "cx", CX, "http://app.example.com/",
                                                          source_interface="vlan10", **POLL),
         ("refused", "the SDK sends source_interface in snake_case; Central's fields are camelCase")),
        ("https aps", lambda: T.https_aps_test(conn, AP, "https://app.example.com/", timeout=5, **POLL), "completed"),
        ("https gateways", lambda: T.https_gateways_test(conn, GW, "https://app.example.com/", count=3, interval=1,
                                                         include_raw_output=True, **POLL), "completed"),
        ("https cx (http with protocol HTTPS)", lambda: T.https_cx_test(conn, CX, "https://app.example.com/", **POLL),
         "completed"),
        ("tcp aps", lambda: T.tcp_test(conn, "aps", AP, "app.example.com", 443, timeout=5, **POLL), "completed"),
        ("aaa aps", lambda: T.aaa_aps_test(conn, AP, "radius-server-1", "probe", "pw", **POLL), "completed"),
        ("aaa cx", lambda: T.aaa_cx_test(conn, CX, "10.1.1.10", "probe", "pw", "chap", radius_server_port=1812,
                                         vrf="mgmt", **POLL), "completed"),
        ("speedtest aps", lambda: T.speedtest_test(conn, "aps", AP, "10.9.9.9", protocol="tcp", server_port=5201,
                                                   seconds_to_measure=5, parallel=2, omit=1, **POLL), "completed"),
        ("iperf gateways", lambda: T.iperf_test(conn, "gateways", GW, "10.9.9.9", port=5201, duration=10, parallel=2,
                                                protocol="udp", include_reverse=True, **POLL), "completed"),
        ("getArpTable aps", lambda: T.retrieve_arp_table_test(conn, "aps", AP, **POLL), "completed"),
        ("getArpTable gateways", lambda: T.retrieve_arp_table_test(conn, "gateways", GW, **POLL), "completed"),
        ("getArpTable aos-s", lambda: T.retrieve_arp_table_test(conn, "aos-s", AS, **POLL), "completed"),
        ("cableTest cx", lambda: T.cable_test(conn, "cx", CX, ["1/1/1"], **POLL), "completed"),
        ("cableTest aos-s", lambda: T.cable_test(conn, "aos-s", AS, ["1"], **POLL), "completed"),
        ("showCommands aps", lambda: T.run_show_commands(conn, "aps", AP, ["show version", "show clock"], **POLL),
         "completed"),
        ("showCommands gateways", lambda: T.run_show_commands(conn, "gateways", GW, "show version", **POLL),
         "completed"),
        ("showCommands cx", lambda: T.run_show_commands(conn, "cx", CX, ["show version", "show vlan"], **POLL),
         "completed"),
        ("showCommands aos-s", lambda: T.run_show_commands(conn, "aos-s", AS, ["show version"], **POLL), "completed"),
        ("show-commands cx", lambda: T.list_show_commands(conn, "cx", CX), "answered"),
        ("list-tasks aps", lambda: T.list_active_tasks(conn, "aps", AP), "answered"),
        ("poeBounce gateways", lambda: T.poe_bounce_test(conn, "gateways", GW, ["GE 0/0/1"], **POLL), "completed"),
        ("poeBounce cx", lambda: T.poe_bounce_test(conn, "cx", CX, ["1/1/2"], **POLL), "completed"),
        ("poeBounce aos-s", lambda: T.poe_bounce_test(conn, "aos-s", AS, ["2"], **POLL), "completed"),
        ("portBounce gateways", lambda: T.port_bounce_test(conn, "gateways", GW, ["GE 0/0/1"], **POLL), "completed"),
        ("portBounce cx", lambda: T.port_bounce_test(conn, "cx", CX, ["1/1/2"], **POLL), "completed"),
        ("portBounce aos-s", lambda: T.port_bounce_test(conn, "aos-s", AS, ["2"], **POLL), "completed"),
        ("locate aps", lambda: T.locate_device(conn, "aps", AP), "accepted"),
        ("locate cx", lambda: T.locate_device(conn, "cx", CX), "accepted"),
        ("locate gateways", lambda: T.locate_device(conn, "gateways", GW),
         ("refused", "the SDK offers locate on gateways; Central's request collection has it on aps, cx and aos-s")),
        ("disconnectUserAll aps", lambda: T.disconnect_all_users(conn, "aps", AP), "accepted"),
        ("disconnectUserByNetwork aps", lambda: T.disconnect_all_users_ssid(conn, "aps", AP, "guest"), "accepted"),
        ("disconnectUserByMacAddress aps", lambda: T.disconnect_user_mac_addr(conn, "aps", AP, "aa:bb:cc:dd:ee:ff"),
         "accepted"),
        ("disconnectClientAll gateways", lambda: T.disconnect_all_clients(conn, "gateways", GW), "accepted"),
        ("disconnectClientByMacAddress gateways",
         lambda: T.disconnect_client_mac_addr(conn, "gateways", GW, "aa:bb:cc:dd:ee:ff"), "accepted"),
        ("events", lambda: T.list_events(conn, "ACCESS_POINT", "TESTAP0002", "1002", duration="3h", limit=10),
         "answered"),
        ("event-filters", lambda: T.list_event_filters(conn, "SITE", "1002", "1002", duration="3h"), "answered"),
        ("event-extra-attributes", lambda: T.get_event_extra_attributes(conn, "e-1", "1002", "2026-12-01T00:00:00Z"),
         "answered"),
        # Last: a rebooted device is busy for a while.
        ("reboot aps", lambda: T.reboot_device(conn, "aps", AP), "accepted"),
        ("reboot gateways", lambda: T.reboot_device(conn, "gateways", GW), "accepted"),
        ("reboot cx", lambda: T.reboot_device(conn, "cx", CX), "accepted"),
        ("reboot aos-s", lambda: T.reboot_device(conn, "aos-s", AS), "accepted"),
    ]


# Where the SDK is wrong and Central cannot tell: it drops falsy values (``elif omit:``), so a 0 that the v1 limits
# allow never goes out. (what, call, the body field the SDK left out); the collection sends 0.
FALSY_DROPPED = [
    ("iperf gateways, omit=0", lambda conn: T.iperf_test(conn, "gateways", GW, "10.9.9.9", omit=0, **POLL), "omit"),
    ("speedtest aps, server_port=0",
     lambda conn: T.speedtest_test(conn, "aps", AP, "10.9.9.9", server_port=0, **POLL), "serverPort"),
]


def outcome(answer):
    if isinstance(answer, dict) and answer.get("status") == "COMPLETED":
        return "completed"
    if isinstance(answer, dict) and answer.get("code") == 202 or answer is None or answer == {}:
        return "accepted"
    if isinstance(answer, dict) and answer.get("status") == "INITIATED" and "location" not in answer:
        return "accepted"
    return "answered" if isinstance(answer, (dict, list)) else "unexpected %r" % (answer,)


def main():
    conn = NewCentralBase(token_info={"new_central": {
        "base_url": BASE_URL, "client_id": "sim-client", "client_secret": "sim-secret",
        "token_endpoint": BASE_URL + "/as/token.oauth2"}}, log_level="CRITICAL")
    wrong = 0
    # Before the operations: the last of them reboot the devices.
    for what, call, field in FALSY_DROPPED:
        call(conn)
        sent = json.load(urllib.request.urlopen(BASE_URL + "/sim/last-start"))["last_start"]["body"]
        ok = field not in sent
        wrong += not ok
        print(("ok    " if ok else "WRONG ") + "%-40s %s" % (
            what, "the SDK dropped the falsy value (sent %s)" % json.dumps(sent) if ok
            else "the SDK now sends %s: remove this line" % field))
    for what, call, expected in operations(conn):
        try:
            got = outcome(call())
        except Exception as error:  # pylint: disable=broad-exception-caught
            got = ("refused", str(error).replace("\n", " ")[:160])
        if isinstance(expected, tuple):
            ok = isinstance(got, tuple) and "400" in got[1]
            line = "%-40s refused as expected (%s): %s" % (what, expected[1], got[1] if isinstance(got, tuple) else got)
        else:
            ok = got == expected
            line = "%-40s %s" % (what, got if not isinstance(got, tuple) else "refused: %s" % got[1])
        wrong += not ok
        print(("ok    " if ok else "WRONG ") + line)
    stats = json.load(urllib.request.urlopen(BASE_URL + "/sim/stats"))["stats"]
    # The SDK authenticates with HTTP Basic: the simulator takes it (and the form body, the collection's default).
    print("token requests: %d, with HTTP Basic: %d" % (stats.get("token", 0), stats.get("token_basic", 0)))
    if not stats.get("token_basic"):
        wrong += 1
        print("WRONG the SDK's token request did not authenticate with HTTP Basic")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
