# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_tests: inventory hosts (or a list of devices) x destinations -> fleet_diagnostics items."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.diagnostics import device_types_for


def _device_of(entry, hostvars):
    """(name, serial_number, device_type) of a host name or a device dict; None if it is no Central device."""
    if isinstance(entry, dict):
        serial = entry.get("serial_number") or entry.get("central_serial_number")
        device_type = entry.get("device_type") or entry.get("central_device_type")
        if not serial or not device_type:
            raise AnsibleFilterError("fleet_tests: each device needs serial_number and device_type (got %r)" % (entry,))
        return entry.get("name") or serial, serial, device_type
    host = hostvars[entry] if hostvars is not None and entry in hostvars else {}
    serial, device_type = host.get("central_serial_number"), host.get("central_device_type")
    return (str(entry), serial, device_type) if serial and device_type else None


def fleet_tests(devices, hostvars=None, test="ping", destinations=None, options=None, limit_to=None):
    """One item a device and destination, for devices whose type runs ``test``; with
    ``limit_to`` (host names, e.g. a group), only host names in it (a set: thousands of
    hosts cost thousands of look-ups, not millions)."""
    if not destinations:
        raise AnsibleFilterError("fleet_tests: destinations must list at least one destination")
    if isinstance(destinations, str):
        destinations = [destinations]
    runs_test = device_types_for(test)
    allowed = None if limit_to is None else set(limit_to)
    items = []
    for entry in devices or []:
        if allowed is not None and not isinstance(entry, dict) and entry not in allowed:
            continue
        device = _device_of(entry, hostvars)
        if device is None or device[2] not in runs_test:
            continue
        for destination in destinations:
            item = dict(options or {})
            item.update(name=device[0], serial_number=device[1], device_type=device[2], test=test,
                        destination=destination)
            items.append(item)
    return items


class FilterModule:
    def filters(self):
        return dict(fleet_tests=fleet_tests)
