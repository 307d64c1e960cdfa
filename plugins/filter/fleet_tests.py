# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_tests: inventory hosts (or a list of devices) x destinations -> fleet_diagnostics items."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.catalogue import TARGET_OPTIONS, device_types_for
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.diagnostics import http_operation


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


def _target_options(test, destination):
    """The item options a destination sets: ``destination`` for a ping, ``host`` for a lookup, ``url``
    for HTTP, ``host`` and ``port`` from "host:port" for a TCP test."""
    names = TARGET_OPTIONS[test]
    if names == ("host", "port"):
        host, _sep, port = str(destination).rpartition(":")
        if not host or not port.isdigit():
            raise AnsibleFilterError("fleet_tests: a %s destination is host:port (got %r)" % (test, destination))
        return dict(host=host.strip("[]"), port=int(port))
    return {names[0]: destination}


def fleet_tests(devices, hostvars=None, test="ping", destinations=None, options=None, limit_to=None):
    """One item a device and destination (a device, for a test without one), for devices whose type runs ``test``; with
    ``limit_to`` (host names, e.g. a group), only host names in it (a set: thousands of
    hosts cost thousands of look-ups, not millions). With ``test='http'`` an https:// URL runs
    Central's https test on the device types that have it."""
    if test not in TARGET_OPTIONS:
        raise AnsibleFilterError("fleet_tests: test must be one of %s (got %r)" % (", ".join(TARGET_OPTIONS), test))
    if not TARGET_OPTIONS[test]:
        targets = [{}]  # the ARP table: one item a device, nothing to aim at
    elif not destinations:
        raise AnsibleFilterError("fleet_tests: destinations must list at least one destination")
    else:
        if isinstance(destinations, str):
            destinations = [destinations]
        targets = [_target_options(test, destination) for destination in destinations]
    runs_test = device_types_for(test)
    allowed = None if limit_to is None else set(limit_to)
    items = []
    for entry in devices or []:
        if allowed is not None and not isinstance(entry, dict) and entry not in allowed:
            continue
        device = _device_of(entry, hostvars)
        if device is None or device[2] not in runs_test:
            continue
        for target in targets:
            item = dict(options or {})
            item.update(target, name=device[0], serial_number=device[1], device_type=device[2],
                        test=http_operation(device[2], target["url"]) if test == "http" else test)
            items.append(item)
    return items


class FilterModule:
    def filters(self):
        return dict(fleet_tests=fleet_tests)
