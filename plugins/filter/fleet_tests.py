# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_tests: inventory hosts (or a list of devices) x destinations -> fleet_diagnostics items, built as a
compliance plan builds its items (plugin_utils/_policy.py plan_item)."""

from __future__ import annotations

DOCUMENTATION = r"""
name: fleet_tests
short_description: Build the tests list of fleet_diagnostics from inventory hosts or a list of devices
version_added: 0.1.0
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
description:
  - Makes one item a device and destination for M(arubacentral.troubleshooting.fleet_diagnostics).
  - The input is a list of inventory host names (hosts that carry the C(central_serial_number) and
    C(central_device_type) host variables; others are left out) or a list of dictionaries with
    C(serial_number), C(device_type) and optionally C(name).
  - Devices whose type does not run O(test) are left out (a ping sweep runs on gateways only, a name lookup
    and a TCP test on access points only).
options:
  _input:
    description: Host names, or device dictionaries.
    type: list
    elements: raw
    required: true
  hostvars:
    description: The C(hostvars) variable, to read host names' serial numbers and device types.
    type: dict
  test:
    description:
      - The test to run, one with a destination.
      - V(http) runs Central's C(https) test for an C(https://) URL on the device types that have it.
    type: str
    choices: [ping, traceroute, ping_sweep, nslookup, http, https, tcp, aaa, arp_table, speedtest, cable_test, show_command]
    default: ping
  destinations:
    description:
      - One or more destinations; each device tests each one.
      - What a destination is depends on O(test) - a host or address (ping, traceroute, ping sweep), a name
        to resolve (nslookup), a URL (http, https), V(host:port) (tcp), a RADIUS server (aaa), an iperf3
        server (speedtest), a port (cable_test) or a command (show_command).
      - Required, except for V(arp_table), which has no destination (one item a device).
    type: list
    elements: str
  options:
    description: Test options added to every item (for example C(count) or C(start_packet_size)).
    type: dict
  limit_to:
    description:
      - Host names (for example C(groups['aps'])) that the input's host names are limited to; device
        dictionaries are not limited.
      - Prefer it to the C(intersect) filter on large inventories; it costs one look-up a host.
    type: list
    elements: str
    version_added: 1.0.0
"""

EXAMPLES = r"""
- name: One ping a device of the play and destination, 10 echo requests each
  arubacentral.troubleshooting.fleet_diagnostics:
    tests: "{{ ansible_play_hosts | arubacentral.troubleshooting.fleet_tests(hostvars, test='ping',
               destinations=['10.0.0.53', 'www.example.com'], options={'count': 10}) }}"

- name: Only the play's hosts that are in the aps group
  arubacentral.troubleshooting.fleet_diagnostics:
    tests: "{{ ansible_play_hosts | arubacentral.troubleshooting.fleet_tests(hostvars, destinations=['10.0.0.53'],
               limit_to=groups['aps']) }}"

- name: TCP and HTTP(S) checks from every access point of the play
  arubacentral.troubleshooting.fleet_diagnostics:
    tests: "{{ (ansible_play_hosts | arubacentral.troubleshooting.fleet_tests(hostvars, test='tcp',
                destinations=['app.example.com:443']))
               + (ansible_play_hosts | arubacentral.troubleshooting.fleet_tests(hostvars, test='http',
                destinations=['https://app.example.com/health'])) }}"

- name: From a plain list of devices
  arubacentral.troubleshooting.fleet_diagnostics:
    tests: "{{ [{'name': 'lobby-ap', 'serial_number': 'CNXXXXXXXX', 'device_type': 'ap'}]
               | arubacentral.troubleshooting.fleet_tests(test='traceroute', destinations=['10.10.0.1']) }}"
"""

RETURN = r"""
_value:
  description:
    - Items with C(name), C(serial_number), C(device_type), C(test), the destination in the option the test
      takes (C(destination), C(host), C(url), C(host) and C(port), ...) and the options.
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import TARGET_OPTIONS, device_types_for
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import plan_item


def _device_of(entry, hostvars):
    """(name, serial_number, device_type, site_id) of a host name or a device dict; None if it is no Central device.
    The site (the inventory plugin's central_site_id) is what a failing device's recent events are read in."""
    if isinstance(entry, dict):
        serial = entry.get("serial_number") or entry.get("central_serial_number")
        device_type = entry.get("device_type") or entry.get("central_device_type")
        if not serial or not device_type:
            raise AnsibleFilterError("fleet_tests: each device needs serial_number and device_type (got %r)" % (entry,))
        return entry.get("name") or serial, serial, device_type, entry.get("site_id") or entry.get("central_site_id")
    host = hostvars[entry] if hostvars is not None and entry in hostvars else {}
    serial, device_type = host.get("central_serial_number"), host.get("central_device_type")
    return (str(entry), serial, device_type, host.get("central_site_id")) if serial and device_type else None


def fleet_tests(devices, hostvars=None, test="ping", destinations=None, options=None, limit_to=None):
    """One item a device and destination (a device, for a test without one), for devices whose type runs ``test``; with
    ``limit_to`` (host names, e.g. a group), only host names in it (a set: thousands of
    hosts cost thousands of look-ups, not millions). With ``test='http'`` an https:// URL runs
    Central's https test on the device types that have it."""
    if test not in TARGET_OPTIONS:
        raise AnsibleFilterError("fleet_tests: test must be one of %s (got %r)" % (", ".join(TARGET_OPTIONS), test))
    if not TARGET_OPTIONS[test]:
        targets = [None]  # the ARP table: one item a device, nothing to aim at
    elif not destinations:
        raise AnsibleFilterError("fleet_tests: destinations must list at least one destination")
    else:
        targets = [destinations] if isinstance(destinations, str) else destinations
    runs_test = device_types_for(test)
    allowed = None if limit_to is None else set(limit_to)
    items = []
    for entry in devices or []:
        if allowed is not None and not isinstance(entry, dict) and entry not in allowed:
            continue
        device = _device_of(entry, hostvars)
        if device is None or device[2] not in runs_test:
            continue
        try:
            items += [plan_item(test, target, options, *device) for target in targets]
        except ValidationError as error:
            raise AnsibleFilterError("fleet_tests: %s" % error)
    return items


class FilterModule:
    def filters(self):
        return dict(fleet_tests=fleet_tests)
