# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet remediation's planning, item by item: what each action item becomes before anything is sent, and each
refusal. The runs themselves go through fleet_remediation (tests/unit/plugins/action/test_fleet_remediation.py)."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _fleet_actions as fleet_actions

V1 = "/network-troubleshooting/v1"


@pytest.mark.parametrize("item, path, body", [
    (dict(action="poe_bounce", device_type="cx", serial_number="CX1", ports=["1/1/1", "1/1/2"]),
     V1 + "/cx/CX1/poeBounce", dict(ports=["1/1/1", "1/1/2"])),
    (dict(action="port_bounce", device_type="gateway", serial_number="GW1", ports=["0/0/1"]),
     V1 + "/gateways/GW1/portBounce", dict(ports=["0/0/1"])),
    (dict(action="locate", device_type="ap", serial_number="AP1"), V1 + "/aps/AP1/locate", {}),
    (dict(action="reboot", device_type="aos_s", serial_number="SW1"), V1 + "/aos-s/SW1/reboot", {}),
    (dict(action="disconnect_clients", device_type="ap", serial_number="AP1"), V1 + "/aps/AP1/disconnectUserAll", {}),
    (dict(action="disconnect_clients", device_type="ap", serial_number="AP1", mac_address="AABB.CCDD.EEFF"),
     V1 + "/aps/AP1/disconnectUserByMacAddress", dict(userMacAddress="aa:bb:cc:dd:ee:ff")),
    (dict(action="disconnect_clients", device_type="ap", serial_number="AP1", ssid="Guest <5G>"),
     V1 + "/aps/AP1/disconnectUserByNetwork", dict(networkName="Guest <5G>")),
])
def test_each_action_is_planned_as_the_request_it_sends(item, path, body):
    prepared = fleet_actions.prepare_actions([item], "v1")
    planned = fleet_actions.planned_actions(prepared)
    assert planned == [dict(index=0, name=item["serial_number"], action=item["action"],
                            device_type=item["device_type"], serial_number=item["serial_number"],
                            would_start=dict(method="POST", path=path, body=body))]


@pytest.mark.parametrize("items, expected", [
    ([], "actions must list at least one action"),
    ([dict(action="shutdown", device_type="ap", serial_number="AP1")],
     "actions[0]: action must be one of poe_bounce, port_bounce, locate, reboot, disconnect_clients (got 'shutdown')"),
    ([dict(action="poe_bounce", device_type="cx", serial_number="CX1", ports=[2])],
     "actions[0]: ports: '2' is not a port of a cx (member/slot/port, for example 1/1/1)"),
    ([dict(action="reboot", device_type="ap", serial_number="AP1", force=True)],
     "actions[0]: unknown key(s) force; allowed: action, device_type, mac_address, name, ports, serial_number, ssid"),
    ([dict(action="locate", device_type="gateway", serial_number="GW1")],
     "actions[0]: locate is not available on device_type gateway; it is on ap, cx, aos_s"),
    ([dict(action="reboot", device_type="ap", serial_number="AP1"),
      dict(action="disconnect_clients", device_type="gateway", serial_number="GW1", ssid="Guest")],
     "actions[1]: ssid: only an access point disconnects the clients of one network"),
    ([dict(action="disconnect_clients", device_type="ap", serial_number="AP1", mac_address="nope")],
     "actions[0]: mac_address: 'nope' is not a MAC address"),
    ([dict(action="reboot", device_type="ap", serial_number="../inventory")],
     "actions[0]: serial_number must be 1-128 letters, digits"),
])
def test_a_bad_item_is_refused_by_its_index_before_anything_is_sent(items, expected):
    with pytest.raises(ValidationError) as refused:
        fleet_actions.prepare_actions(items, "v1")
    assert expected in refused.value.message


@pytest.mark.parametrize("option, value, expected", [
    ("max_failures", 0, "max_failures must be at least 1 (got 0)"),
    ("max_concurrency", 0, "max_concurrency must be at least 1 (got 0)"),
])
def test_run_options_out_of_range_are_named(option, value, expected):
    params = dict(wait_timeout=120, poll_interval=2.0, max_failures=1, max_concurrency=5)
    params[option] = value
    with pytest.raises(ValidationError) as refused:
        fleet_actions.check_remediation_options(params)
    assert refused.value.message == expected
