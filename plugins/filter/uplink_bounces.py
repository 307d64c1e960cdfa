# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""uplink_bounces: access point hosts -> the PoE bounces of the switch ports they hang off."""

from __future__ import annotations

DOCUMENTATION = r"""
name: uplink_bounces
short_description: The PoE bounces that restart access points, from their uplink host variables
version_added: 1.0.0
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
description:
  - For each access point host, a C(poe_bounce) action for M(arubacentral.troubleshooting.fleet_remediation) on
    the switch port it hangs off, named by its host variables C(central_uplink_switch) (the inventory host of the
    switch or gateway, which carries C(central_serial_number) and C(central_device_type)) and
    C(central_uplink_port) (the port, in the switch's syntax).
  - Hosts without both variables, or whose uplink is not a Central switch or gateway, are listed apart.
options:
  _input:
    description: Host names of access points.
    type: list
    elements: str
    required: true
  hostvars:
    description: The C(hostvars) variable.
    type: dict
    required: true
"""

EXAMPLES = r"""
bounces: "{{ ['lobby-ap', 'floor2-ap'] | arubacentral.troubleshooting.uplink_bounces(hostvars) }}"
# bounces.actions: [{name: lobby-ap, action: poe_bounce, device_type: cx, serial_number: SG12345678, ports: [1/1/7]}]
# bounces.unknown_uplink: [floor2-ap]
"""

RETURN = r"""
_value:
  description:
    - C(actions) (the poe_bounce items), C(unknown_uplink) (the host names without a known uplink) and
      C(access_points) (the access points of the actions, each C(name), C(serial_number) and C(device_type), as
      the fleet check roles take devices).
  type: dict
"""

from ansible.errors import AnsibleFilterError


def uplink_bounces(hosts, hostvars):
    """One fleet_remediation poe_bounce a host, on the port its central_uplink_switch and
    central_uplink_port host variables name; hosts without both, or whose switch is not a
    Central device, are returned apart. Returns {"actions": [...], "unknown_uplink": [...],
    "access_points": [...]} (the bounced access points as devices, to check them again)."""
    if not isinstance(hosts, (list, tuple)):
        raise AnsibleFilterError("uplink_bounces: the input must be a list of host names")
    actions, unknown, access_points = [], [], []
    for host in hosts:
        variables = hostvars[host] if host in hostvars else {}
        switch, port = variables.get("central_uplink_switch"), variables.get("central_uplink_port")
        switch_vars = hostvars[switch] if switch and switch in hostvars else {}
        serial, device_type = switch_vars.get("central_serial_number"), switch_vars.get("central_device_type")
        if not port or not serial or device_type not in ("cx", "aos_s", "gateway"):
            unknown.append(str(host))
            continue
        actions.append(dict(name=str(host), action="poe_bounce", device_type=device_type, serial_number=serial,
                            ports=[str(port)]))
        access_points.append(dict(name=str(host), serial_number=variables.get("central_serial_number"),
                                  device_type=variables.get("central_device_type")))
    return dict(actions=actions, unknown_uplink=unknown, access_points=access_points)


class FilterModule:
    def filters(self):
        return dict(uplink_bounces=uplink_bounces)
