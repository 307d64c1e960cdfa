# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Central's device lists -> devices: paging, field spellings, stacks, names, filters."""

from __future__ import annotations


import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _inventory as inventory
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import build_client
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import UnexpectedAnswerError, ValidationError


class PagedClient:
    """Answers GETs of a device list from ``pages`` (name -> list of answers), recording the queries."""

    api_version = "v1"

    def __init__(self, pages):
        self.pages = {name: list(answers) for name, answers in pages.items()}
        self.queries = []

    def request(self, method, path, body=None, on_poll=False, params=None):
        name = path.rsplit("/", 1)[1]
        self.queries.append((name, {key: str(value) for key, value in (params or {}).items()}))
        return self.pages[name].pop(0)


def row(serial, kind="ACCESS_POINT", **fields):
    return dict(serialNumber=serial, deviceType=kind, deviceName=fields.pop("name", serial.lower()), **fields)


def test_pages_follow_next_with_the_largest_page_and_drop_repeats():
    client = PagedClient({"device-inventory": [
        dict(items=[row("A1"), row("A2")], count=2, total=3, next="2"),
        dict(items=[row("A2"), row("A3")], count=2, total=3, next=None),
    ]})
    items, pages = inventory.list_all(client, "device-inventory")
    assert [item["serialNumber"] for item in items] == ["A1", "A2", "A3"] and pages == 2
    assert client.queries == [("device-inventory", {"limit": "1000"}),
                              ("device-inventory", {"limit": "1000", "next": "2"})]


@pytest.mark.parametrize("last_page", [
    dict(items=[], next="3"),                          # an empty page
    dict(items=[row("A2")], total=2, next="3"),        # total reached, whatever next says
    dict(items=[row("A2")], next=""),                  # an empty cursor
])
def test_paging_stops_safely(last_page):
    client = PagedClient({"device-inventory": [dict(items=[row("A1")], next="2"), last_page]})
    inventory.list_all(client, "device-inventory")
    assert len(client.queries) == 2


def test_a_cursor_that_never_ends_is_cut_off_with_a_clear_error():
    client = PagedClient({"device-inventory": [dict(items=[row("A%d" % page)], next=str(page + 1))
                                               for page in range(5)]})
    with pytest.raises(UnexpectedAnswerError, match="device-inventory still had more pages after 3 pages"):
        inventory.list_all(client, "device-inventory", max_pages=3)


def test_field_spellings_and_nulls():
    kinds = inventory.switch_kinds([dict(serialNumber="S1", switchType="cx"), dict(serialNumber="S2", switchType="pvos"),
                                    dict(serialNumber="S3", switchType="tpd"), dict(serialNumber="S4")])
    gateway = inventory.device_record(row("G1", "GATEWAY", ipAddress="10.0.0.9", softwareVersion="10.7",
                                          status="Offline", siteId=1002), kinds)
    assert (gateway["device_type"], gateway["ipv4"], gateway["firmware"], gateway["status"], gateway["site_id"]) == (
        "gateway", "10.0.0.9", "10.7", "offline", "1002")
    ap = inventory.device_record(row("A1", firmwareVersion="10.8", softwareVersion="10.7", status=None, siteName=None,
                                     ipv4=None), kinds)
    assert (ap["firmware"], ap["status"], ap["site"], ap["ipv4"]) == ("10.8", "unknown", None, None)
    assert inventory.device_record(row("A2", status="Up"), kinds)["status"] == "online"
    assert inventory.device_record(row("A3", status="DOWN"), kinds)["status"] == "offline"
    switch = {serial: inventory.device_record(row(serial, "SWITCH", model=model), kinds)["device_type"]
              for serial, model in (("S1", "CX-6300M"), ("S2", "AS-2930F"), ("S3", "WS-C3850"), ("S4", "2930F"),
                                    ("S5", "6300"))}
    # switchType decides; a switch the switches list has without switchType, or lacks, falls back on the model.
    assert switch == {"S1": "cx", "S2": "aos_s", "S3": None, "S4": "aos_s", "S5": "cx"}
    assert inventory.device_record(row("B1", "BRIDGE"), kinds)["device_type"] is None


def test_a_stack_is_one_device_addressed_by_its_stack_id():
    records = [inventory.device_record(item, {"M1": "cx", "M2": "cx"}) for item in [
        row("M2", "SWITCH", name="core-2", stackId="07009020-c27d1b2", role="Member", status="OFFLINE"),
        row("M1", "SWITCH", name="core", stackId="07009020-c27d1b2", role="Conductor", status="ONLINE"),
        row("S9", "SWITCH", name="edge"),
    ]]
    stack, edge = inventory.fold_stacks(records)
    assert stack["serial_number"] == "07009020-c27d1b2" and stack["stack_members"] == ["M2", "M1"]
    assert stack["name"] == "core" and stack["status"] == "online" and stack["device_type"] == "cx"
    assert edge["serial_number"] == "S9" and "stack_members" not in edge


def test_host_names_fall_back_to_the_serial_when_empty_or_shared():
    devices = [dict(name="lobby", serial_number="A1"), dict(name="lobby", serial_number="A2"),
               dict(name="", serial_number="A3"), dict(name="core", serial_number="A4")]
    assert inventory.host_names(devices) == ["A1", "A2", "A3", "core"]
    assert inventory.host_names(devices, "serial_number") == ["A1", "A2", "A3", "A4"]


def test_variables_and_groups():
    device = dict(serial_number="A1", device_type="ap", name="lobby", site="Branch 12 / Floor-2", site_id="1002",
                  group="Branches", status="online", status_raw="ONLINE", model="AP-635", firmware="10.7",
                  mac="aa:bb:cc:dd:ee:ff", ipv4="10.1.2.3")
    variables = inventory.host_variables(device)
    assert variables["central_ipv4"] == "10.1.2.3" and variables["central_serial_number"] == "A1"
    assert "central_stack_members" not in variables and "ansible_host" not in variables
    assert inventory.host_variables(device, set_ansible_host=True)["ansible_host"] == "10.1.2.3"
    sites, warnings = inventory.site_groups([device])
    assert inventory.default_groups(device, sites) == ["central_ap", "central_site_branch_12_floor_2"] and not warnings
    assert "central_ipv4" not in inventory.host_variables(dict(device, ipv4=None))
    assert inventory.default_groups(dict(device, site=None), sites) == ["central_ap"]


def test_sites_whose_names_make_one_group_get_groups_of_their_own():
    devices = [dict(site="Branch 12", site_id="1002"), dict(site="branch-12", site_id="2002"),
               dict(site="BRANCH_12!", site_id=None), dict(site="HQ", site_id="1001"), dict(site=None, site_id=None)]
    sites, warnings = inventory.site_groups(devices)
    assert sites["Branch 12"] == "central_site_branch_12_1002" and sites["branch-12"] == "central_site_branch_12_2002"
    assert sites["BRANCH_12!"].startswith("central_site_branch_12_") and len(set(sites.values())) == 4
    assert sites["HQ"] == "central_site_hq" and len(warnings) == 1
    assert warnings[0].startswith("sites 'BRANCH_12!', 'Branch 12', 'branch-12' would all make the group "
                                  "central_site_branch_12: each has its own instead")


@pytest.mark.parametrize("name", ["central_ap", "CENTRAL_AP", "central_site_hq", "all", "ALL", "ungrouped", "core"])
def test_a_device_named_like_a_group_names_no_host(name):
    devices = [dict(name=name, serial_number="A1"), dict(name="lobby", serial_number="A2")]
    assert inventory.host_names(devices, groups=["central_ap", "central_site_hq", "core"]) == ["A1", "lobby"]


@pytest.mark.parametrize("name", ["localhost", "LOCALHOST.", "127.0.0.1", "127.1", "2130706433", "0x7f.1",
                                  "0x7f000001", "127.000.000.001", "0177.0.0.1", "0", "0.0.0.0", "::1", "::",
                                  "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1", "printer.localhost"])
def test_every_form_of_the_controller_is_the_controller(name):
    assert inventory.is_controller_name(name)


@pytest.mark.parametrize("name", ["ap-12", "10.1.2.3", "1271", "0x7g", "128.0.0.1", "1.2.3.4.5", "lobby.example.com"])
def test_other_names_are_not_the_controller(name):
    assert not inventory.is_controller_name(name)


def test_filters_sent_to_central_and_applied_to_the_answer():
    assert inventory.server_filter(["cx", "aos_s", "ap"], ["1001", "1002"]) == \
        "deviceType in ('ACCESS_POINT', 'SWITCH') and siteId in ('1001', '1002')"
    assert inventory.server_filter(None, ["HQ Campus", "1002"]) is None
    devices = [dict(device_type="ap", site="HQ", site_id="1", status="online", group="Campus"),
               dict(device_type="cx", site="Branch", site_id="2", status="offline", group="Branches")]
    assert inventory.select(devices, sites=["HQ"]) == devices[:1]
    assert inventory.select(devices, sites=["2"]) == devices[1:]
    assert inventory.select(devices, device_types=["cx"], statuses=["offline"], groups=["Branches"]) == devices[1:]
    assert inventory.select(devices, statuses=["unknown"]) == []


@pytest.mark.parametrize("device_types, statuses, hostname, message", [
    (["switch"], None, "name", "device_types: unknown value(s) switch; allowed: ap, gateway, cx, aos_s"),
    (None, ["up"], "name", "statuses: unknown value(s) up; allowed: online, offline, unknown"),
    (None, None, "mac", "hostname must be one of name, serial_number"),
])
def test_bad_filters_are_named(device_types, statuses, hostname, message):
    with pytest.raises(ValidationError) as raised:
        inventory.check_filters(device_types, statuses, hostname)
    assert message in raised.value.message


def test_the_simulated_workspace_in_two_lists(simulator):
    client = build_client(simulator.params())
    devices, others, pages = inventory.list_devices(client)
    by_serial = {device["serial_number"]: device for device in devices}
    assert pages == 2 and simulator.stats()["list"] == 2
    assert [other["serial_number"] for other in others] == ["TESTTP0001"]
    assert by_serial["TESTCX0001"]["device_type"] == "cx" and by_serial["TESTAS0001"]["device_type"] == "aos_s"
    assert by_serial["07009020-c27d1b2"]["stack_members"] == ["TESTCX0002", "TESTCX0003"]
    assert by_serial["TESTAP0002"]["status"] == "offline" and by_serial["TESTAP0004"]["status"] == "unknown"
    # Only access points asked for: Central filters them, the switches list is not read.
    aps, _others, pages = inventory.list_devices(build_client(simulator.params()), device_types=["ap"])
    assert pages == 1 and {device["device_type"] for device in aps} == {"ap"}


class InterfacesClient:
    """Answers each switch's interfaces from ``answers`` (serial -> a body, or an error to raise)."""

    def __init__(self, answers):
        self.answers, self.asked = answers, []

    def request(self, method, path, params=None):
        serial = path.split("/")[4]
        self.asked.append((serial, params["offset"]))
        answer = self.answers[serial]
        if isinstance(answer, Exception):
            raise answer
        return answer(params["offset"]) if callable(answer) else answer


def device(serial, device_type, name="", mac=None):
    return dict(serial_number=serial, device_type=device_type, name=name, mac=mac)


UPLINK_DEVICES = [device("SW1", "cx", "core-1"), device("SW2", "aos_s"), device("SW3", "cx", "broken"),
                  device("AP1", "ap", "lobby"), device("AP2", "ap", "", mac="aa:bb:cc:00:00:02"),
                  device("AP3", "ap", "twin"), device("AP4", "ap", "twin"), device("GW1", "gateway", "gw")]


def test_access_points_are_found_behind_switches_by_serial_mac_or_a_name_only_one_has():
    client = InterfacesClient({
        "SW1": {"items": [
            dict(portNumber="1/1/1", neighbour="lobby", neighbourFamily="Access Point", poeStatus="Delivering"),
            dict(name="1/1/2", neighbour=dict(macAddress="AABB.CC00.0002"), poeStatus="Searching\x1b[31m"),
            dict(portNumber="1/1/3", neighbour="twin"),              # two access points have this name: neither
            dict(portNumber="1/1/48", neighbour="upstream-core", neighbourFamily="Switch"),
            "not an interface", 42]},
        "SW2": {"response": {"items": [dict(port=7, neighbourSerial="ap4")]}},
        "SW3": [dict(portNumber="1/1/9", neighbour="{{ lookup('pipe', 'id') }}")],
    })
    links = inventory.uplinks(client, UPLINK_DEVICES, warn=pytest.fail)
    assert links == {
        "AP1": dict(switch="core-1", switch_serial="SW1", port="1/1/1", poe="Delivering"),
        "AP2": dict(switch="core-1", switch_serial="SW1", port="1/1/2", poe="Searching"),
        "AP4": dict(switch="SW2", switch_serial="SW2", port="7", poe=None),
    }
    assert sorted(client.asked) == [("SW1", 0), ("SW2", 0), ("SW3", 0)]  # one request a switch


@pytest.mark.parametrize("answer, why", [
    (dict(items="everything"), "the interfaces of switch SW1 are not a list (str)"),
    (None, "the interfaces of switch SW1 are not a list (NoneType)"),
    (UnexpectedAnswerError("GET ...: answered 404"), "answered 404"),
])
def test_a_switch_whose_interfaces_cannot_be_read_costs_only_its_own_access_points(answer, why):
    warnings = []
    client = InterfacesClient({"SW1": answer, "SW2": [dict(portNumber="1/1/1", neighbourSerial="AP1")],
                               "SW3": []})
    links = inventory.uplinks(client, UPLINK_DEVICES, warn=warnings.append)
    assert links == {"AP1": dict(switch="SW2", switch_serial="SW2", port="1/1/1", poe=None)}
    assert len(warnings) == 1 and warnings[0].startswith("switch SW1: its interfaces were not read") and why in warnings[0]


def test_interfaces_page_by_offset_and_stop():
    page = [dict(portNumber="1/1/%d" % index) for index in range(100)]
    client = InterfacesClient({"SW1": lambda offset: page if offset < 300 else page[:5], "SW2": [], "SW3": []})
    assert len(inventory.switch_interfaces(client, "SW1")) == 305
    assert [offset for serial, offset in client.asked if serial == "SW1"] == [0, 100, 200, 300]
    endless = InterfacesClient({"SW1": lambda offset: page})
    assert len(inventory.switch_interfaces(endless, "SW1")) == 100 * inventory.MAX_INTERFACE_PAGES


def test_uplinks_become_host_variables():
    variables = inventory.host_variables(dict(
        serial_number="AP1", device_type="ap", name="lobby", site=None, site_id=None, group=None, status="online",
        model=None, firmware=None, mac=None, ipv4=None,
        uplink=dict(switch="core-1", switch_serial="SW1", port="1/1/1", poe="Delivering")))
    assert (variables["central_uplink_switch"], variables["central_uplink_switch_serial"],
            variables["central_uplink_port"], variables["central_uplink_poe"]) == ("core-1", "SW1", "1/1/1", "Delivering")
