# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The expectation language of compliance policies, and the result schema it is checked against: the schema is
what the parsers return (on every vendor example), each operator holds and fails where it should, and a bad
condition is refused naming the check, the key and the allowed names."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _tasks as diagnostics

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parsers as parsers
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import (
    RESULT_FIELDS,
    UNFILLED_FIELDS,
    device_types_for,
    fills,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._expectations import (
    UnreadableResult,
    compile_expect,
    failed_conditions,
)

SEEDS = ("ap_ping", "gateway_ping", "ap_traceroute", "gateway_traceroute", "gateway_ping_sweep", "ap_nslookup",
         "ap_http", "gateway_http", "cx_http", "ap_tcp", "ap_aaa", "cx_aaa", "ap_arp_table", "gateway_arp_table",
         "aos_s_arp_table", "ap_speedtest", "gateway_speedtest", "cx_cable_test", "aos_s_cable_test",
         "ap_show_command")
TESTS = dict(ping_sweep="ping_sweep", arp_table="arp_table", cable_test="cable_test", show_command="show_command")
KIND_TYPES = dict(number=(int, float), bool=(bool,), text=(str,), list=(list,), records=(list,))


def seed_test(seed_name):
    rest = seed_name.split("_", 2)[-1] if seed_name.startswith("aos_s") else seed_name.split("_", 1)[1]
    return TESTS.get(rest, rest)


@pytest.mark.parametrize("test", sorted(RESULT_FIELDS))
def test_the_schema_is_every_field_the_parser_returns(test):
    assert set(parsers.NORMALIZERS[test]({}, None)) == set(RESULT_FIELDS[test])


@pytest.mark.parametrize("name", SEEDS)
def test_every_vendor_example_s_result_fits_the_schema(seed, name):
    test = seed_test(name)
    result = diagnostics.task_result(seed(name), test)["result"]
    assert set(result) == set(RESULT_FIELDS[test])
    for field, kind in RESULT_FIELDS[test].items():
        value = result[field]
        assert value is None or (isinstance(value, KIND_TYPES[kind]) and not (kind == "number" and isinstance(value, bool))), \
            (field, kind, value)
        if kind == "records":
            assert all(isinstance(item, dict) for item in value), field
        if kind == "list":
            assert all(not isinstance(item, (dict, list)) for item in value), field


@pytest.mark.parametrize("name", SEEDS)
def test_which_fields_a_device_type_fills_agrees_with_the_vendor_s_example(seed, name):
    """catalogue.UNFILLED_FIELDS against the vendor's example of each device type: a field it says the type never
    fills is empty in the example, and a field the example fills is one it says the type fills."""
    test = seed_test(name)
    device_type = name[:len(name) - len(test) - 1] if name.endswith(test) else name.rsplit("_", 2)[0]
    result = diagnostics.task_result(seed(name), test)["result"]
    for field in RESULT_FIELDS[test]:
        if result[field] not in (None, [], ""):
            assert fills(device_type, test, field), (device_type, test, field, result[field])
    for field in UNFILLED_FIELDS.get((device_type, test), ()):
        assert result[field] in (None, []), (device_type, test, field, result[field])


def test_the_unfilled_fields_are_fields_of_tests_the_device_types_have():
    for (device_type, test), fields in UNFILLED_FIELDS.items():
        assert device_type in device_types_for(test) and set(fields) <= set(RESULT_FIELDS[test]), (device_type, test)


def test_the_seeds_cover_every_test():
    assert set(seed_test(name) for name in SEEDS) | {"https"} == set(RESULT_FIELDS)


PING = dict(destination="10.0.0.1", resolved_ip="10.0.0.1", packets_transmitted=5, packets_received=4,
            packet_loss_percent=20.0, packet_size_bytes=64, replies=[dict(sequence=1, time_ms=3.0)], rtt_min_ms=2.0,
            rtt_avg_ms=12.5, rtt_max_ms=30.0, reachable=True)
TRACE = dict(destination="10.9.9.9", resolved_ip="10.9.9.9", hops=[], hop_count=3, destination_reached=True,
             last_responding_hop=3, recovered_hops=[], hop_addresses=["10.0.0.1", "172.16.0.1", "10.9.9.9"])
ARP = dict(entries=[dict(ip_address="10.0.0.1", mac_address="00:1a:1e:00:00:01", interface="vlan1", type="dynamic",
                         complete=True)], entry_count=1, ip_addresses=["10.0.0.1"], mac_addresses=["00:1a:1e:00:00:01"])


def unmet(test, expect, result):
    return [(condition.field, condition.wanted, value)
            for condition, value in failed_conditions(result, compile_expect(test, expect, "check t"))]


@pytest.mark.parametrize("expect, failed", [
    (dict(packet_loss_percent="<= 20"), []),
    (dict(packet_loss_percent="< 20"), [("packet_loss_percent", "< 20", 20.0)]),
    (dict(packet_loss_percent=">= 20.5"), [("packet_loss_percent", ">= 20.5", 20.0)]),
    (dict(packet_loss_percent="!= 20"), [("packet_loss_percent", "!= 20", 20.0)]),
    (dict(packet_loss_percent=20), []),
    (dict(rtt_avg_ms="10<->20"), []),
    (dict(rtt_avg_ms="0<->10"), [("rtt_avg_ms", "0<->10", 12.5)]),
    (dict(rtt_avg_ms={"gt": 10, "lt": 12}), [("rtt_avg_ms", "< 12", 12.5)]),
    (dict(reachable=False), [("reachable", "false", True)]),
    (dict(destination="10.0.0.1", resolved_ip={"regex": r"^10\."}), []),
    (dict(destination="10.0.0.2"), [("destination", "10.0.0.2", "10.0.0.1")]),
    (dict(destination={"one_of": ["a", "b"]}), [("destination", "one of [a, b]", "10.0.0.1")]),
    (dict(replies={"length": ">= 5"}), [("replies", "length >= 5", [dict(sequence=1, time_ms=3.0)])]),
    (dict(replies={"contains": {"sequence": 1}}), []),
    (dict(destination="present", resolved_ip={"absent": True}), [("resolved_ip", "absent", "10.0.0.1")]),
])
def test_conditions_on_a_ping(expect, failed):
    assert unmet("ping", expect, PING) == failed


@pytest.mark.parametrize("expect, failed", [
    (dict(hop_addresses="172.16.0.1"), []),
    (dict(hop_addresses={"contains": "10.255.0.1"}), [("hop_addresses", "contains 10.255.0.1", TRACE["hop_addresses"])]),
    (dict(hop_addresses=["10.0.0.1", "10.9.9.9"]), []),
    (dict(hop_addresses={"contains_all": ["10.0.0.1", "10.255.0.1"]}),
     [("hop_addresses", "contains all [10.0.0.1, 10.255.0.1]", TRACE["hop_addresses"])]),
    (dict(hop_addresses={"contains_any": ["192.0.2.1", "172.16.0.1"]}), []),
    (dict(hop_addresses={"not_contains": "172.16.0.1"}), [("hop_addresses", "not contains 172.16.0.1",
                                                           TRACE["hop_addresses"])]),
    (dict(hop_addresses={"regex": r"^172\.16\."}), []),
    (dict(hop_count={"length": 3}), "does not apply to hop_count"),
])
def test_list_conditions_on_a_path(expect, failed):
    if isinstance(failed, str):
        with pytest.raises(ValidationError, match=failed):
            unmet("traceroute", expect, TRACE)
        return
    assert unmet("traceroute", expect, TRACE) == failed


def test_records_and_macs_of_an_arp_table():
    assert unmet("arp_table", dict(mac_addresses="00:1A:1E:00:00:01"), ARP) == []
    assert unmet("arp_table", dict(entries={"contains": {"ip_address": "10.0.0.1", "complete": True}}), ARP) == []
    assert unmet("arp_table", dict(entries={"contains": {"ip_address": "10.0.0.9"}}), ARP)[0][:2] == (
        "entries", "contains {ip_address: 10.0.0.9}")


def test_a_missing_value_fails_a_comparison_and_a_null_is_not_an_error():
    assert unmet("ping", dict(rtt_avg_ms="< 50"), dict(PING, rtt_avg_ms=None)) == [("rtt_avg_ms", "< 50", None)]


@pytest.mark.parametrize("value", ["lots", ["a"], True, {"x": 1}])
def test_a_value_of_the_wrong_kind_makes_the_result_unreadable(value):
    with pytest.raises(UnreadableResult, match="packet_loss_percent is .* not a number"):
        unmet("ping", dict(packet_loss_percent="< 5"), dict(PING, packet_loss_percent=value))


def test_a_number_written_as_text_counts():
    assert unmet("ping", dict(packet_loss_percent="<= 20"), dict(PING, packet_loss_percent="20")) == []


@pytest.mark.parametrize("expect, message", [
    ("loss < 5", "check t: expect must be a mapping of result fields to conditions (got str)"),
    (dict(loss="< 5"), "check t: expect.loss is not a field of a ping result; fields: destination, packet_loss_percent"),
    (dict(rtt_avg_ms={"below": 5}), "check t: expect.rtt_avg_ms: unknown operator 'below'; operators: eq, ne, lt, le"),
    (dict(rtt_avg_ms="fast"), "check t: expect.rtt_avg_ms: 'fast' is no number condition"),
    (dict(rtt_avg_ms="20<->10"), "low 20 is above high 10"),
    (dict(reachable="yes"), "check t: expect.reachable.eq: write true or false (got 'yes')"),
    (dict(destination="< 5"), "'< 5' compares numbers; destination is text"),
    (dict(destination={"regex": "("}), "is not a regular expression"),
    (dict(replies={"contains": "x"}), "an item of a list of objects is a mapping of its fields"),
    (dict(replies={}), "an empty mapping states no condition"),
    (dict(reachable={"present": "yes"}), "write present: true"),
    (dict(rtt_avg_ms={"contains": 5}), "contains does not apply to rtt_avg_ms (a number (integer or decimal))"),
])
def test_a_bad_condition_is_refused_naming_the_check_and_key(expect, message):
    with pytest.raises(ValidationError) as error:
        compile_expect("ping", expect, "check t")
    assert message in str(error.value)
