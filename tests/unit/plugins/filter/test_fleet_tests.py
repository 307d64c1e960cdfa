# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.arubacentral.troubleshooting.plugins.filter.fleet_tests import fleet_tests

HOSTVARS = {
    "ap1": dict(central_serial_number="SN-AP1", central_device_type="ap"),
    "gw1": dict(central_serial_number="SN-GW1", central_device_type="gateway"),
    "server": dict(ansible_host="10.0.0.5"),
}


def test_hosts_times_destinations_with_options():
    items = fleet_tests(["ap1", "gw1", "server"], HOSTVARS, test="ping", destinations=["a.example", "b.example"],
                        options=dict(count=3))
    assert [(item["name"], item["destination"]) for item in items] == [
        ("ap1", "a.example"), ("ap1", "b.example"), ("gw1", "a.example"), ("gw1", "b.example")]
    assert items[0] == dict(name="ap1", serial_number="SN-AP1", device_type="ap", test="ping", destination="a.example",
                            count=3)


def test_devices_that_do_not_run_the_test_are_left_out():
    items = fleet_tests(["ap1", "gw1"], HOSTVARS, test="ping_sweep", destinations="1.1.1.1")
    assert [item["name"] for item in items] == ["gw1"]


def test_plain_device_list():
    items = fleet_tests([dict(serial_number="CN1", device_type="cx")], test="traceroute", destinations=["x"])
    assert items == [dict(name="CN1", serial_number="CN1", device_type="cx", test="traceroute", destination="x")]


@pytest.mark.parametrize("devices, destinations, message", [
    ([dict(device_type="ap")], ["x"], "each device needs serial_number and device_type"),
    (["ap1"], [], "destinations must list at least one destination"),
])
def test_bad_input_is_a_filter_error(devices, destinations, message):
    with pytest.raises(AnsibleFilterError, match=message):
        fleet_tests(devices, HOSTVARS, destinations=destinations)


def test_limit_to_keeps_only_the_named_hosts_and_never_limits_device_dicts():
    items = fleet_tests(["ap1", "gw1", dict(name="extra", serial_number="SN-X", device_type="ap")], HOSTVARS,
                        destinations=["a.example"], limit_to=["gw1"])
    assert [item["name"] for item in items] == ["gw1", "extra"]
    assert fleet_tests(["ap1", "gw1"], HOSTVARS, destinations=["a.example"], limit_to=[]) == []


def test_each_test_gets_its_destination_in_the_option_it_takes():
    tcp = fleet_tests(["ap1"], HOSTVARS, test="tcp", destinations=["app.example.com:443", "[2001:db8::1]:22"])
    assert [(item["host"], item["port"]) for item in tcp] == [("app.example.com", 443), ("2001:db8::1", 22)]
    assert fleet_tests(["ap1"], HOSTVARS, test="nslookup", destinations=["a.example"])[0]["host"] == "a.example"
    assert fleet_tests(["gw1"], HOSTVARS, test="speedtest", destinations=["10.9.9.9"])[0]["server"] == "10.9.9.9"


def test_http_picks_https_for_https_urls_where_the_device_has_it():
    hostvars = dict(HOSTVARS, cx1=dict(central_serial_number="SN-CX1", central_device_type="cx"),
                    as1=dict(central_serial_number="SN-AS1", central_device_type="aos_s"))
    items = fleet_tests(["ap1", "gw1", "cx1", "as1"], hostvars, test="http",
                        destinations=["https://a.example/", "http://b.example/"])
    assert [(item["name"], item["test"], item["url"]) for item in items] == [
        ("ap1", "https", "https://a.example/"), ("ap1", "http", "http://b.example/"),
        ("gw1", "https", "https://a.example/"), ("gw1", "http", "http://b.example/"),
        ("cx1", "http", "https://a.example/"), ("cx1", "http", "http://b.example/")]


def test_a_test_without_destination_gets_one_item_a_device():
    assert fleet_tests(["ap1", "gw1"], HOSTVARS, test="arp_table") == [
        dict(name="ap1", serial_number="SN-AP1", device_type="ap", test="arp_table"),
        dict(name="gw1", serial_number="SN-GW1", device_type="gateway", test="arp_table")]


@pytest.mark.parametrize("test, destinations, message", [
    ("tcp", ["app.example.com"], "a tcp destination is host:port"),
    ("tcp", ["app.example.com:https"], "a tcp destination is host:port"),
    ("dig", ["x"], "test must be one of ping, traceroute"),
])
def test_bad_destinations_are_a_filter_error(test, destinations, message):
    with pytest.raises(AnsibleFilterError, match=message):
        fleet_tests(["ap1"], HOSTVARS, test=test, destinations=destinations)
