# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Central's device lists -> the devices the troubleshooting API can address.

The contract is ../shared/inventory-contract.md: ``device-inventory`` gives every field but the
switch kind, ``switches`` tells CX from AOS-S. Both page by ``next`` with at most 1000 items a
page. Fields come in several spellings and may be null: every read here is defensive.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.errors import ServerError, ValidationError

PAGE_LIMIT = 1000
# A runaway cursor stops here: 1000 pages of 1000 is a million devices.
MAX_PAGES = 1000
DEVICE_TYPES = ("ap", "gateway", "cx", "aos_s")
STATUSES = ("online", "offline", "unknown")
HOSTNAME_SOURCES = ("name", "serial_number")
# deviceType of device-inventory -> the troubleshooting path; switches are told apart by switchType.
_LIST_TYPES = {"ACCESS_POINT": "ap", "AP": "ap", "IAP": "ap", "GATEWAY": "gateway", "CONTROLLER": "gateway",
               "SWITCH": "switch"}
_SERVER_TYPES = {"ap": "ACCESS_POINT", "gateway": "GATEWAY", "cx": "SWITCH", "aos_s": "SWITCH"}
_SWITCH_TYPES = {"cx": "cx", "aoscx": "cx", "pvos": "aos_s", "aos-s": "aos_s", "aoss": "aos_s"}
_STATUSES = {"online": "online", "up": "online", "offline": "offline", "down": "offline"}


def list_all(client, name, filters=None, max_pages=MAX_PAGES):
    """Every item of the device list ``name``, in pages of PAGE_LIMIT, following ``next``.
    Stops on an empty ``next``, an empty page or ``total`` reached; duplicates (the set can
    move between pages) are dropped by serial number. Returns (items, pages requested)."""
    items, seen, cursor = [], set(), None
    for page in range(1, max_pages + 1):
        query = dict(limit=PAGE_LIMIT)
        if filters:
            query["filter"] = filters
        if cursor:
            query["next"] = cursor
        answer = client.request("GET", "/network-monitoring/%s/%s?%s" % (client.api_version, name, urlencode(query)))
        if not isinstance(answer, dict):
            raise ServerError("%s answered something that is not a list of devices" % name)
        batch = answer.get("items") or []
        for item in batch:
            serial = _serial_of(item) if isinstance(item, dict) else None
            if serial and serial not in seen:
                seen.add(serial)
                items.append(item)
        cursor = answer.get("next")
        total = answer.get("total")
        if not batch or cursor in (None, "", 0, "0") or (isinstance(total, int) and len(seen) >= total):
            return items, page
    raise ServerError("%s still had more pages after %d pages of %d: stopped (narrow the list with the "
                      "device_types or sites filters)" % (name, max_pages, PAGE_LIMIT))


def server_filter(device_types, sites):
    """The OData filter device-inventory takes for these options, or None: device types always,
    sites only when all are site ids (the list filters on siteId, not on names)."""
    terms = []
    if device_types:
        kinds = sorted({_SERVER_TYPES[kind] for kind in device_types})
        terms.append("deviceType in (%s)" % ", ".join("'%s'" % kind for kind in kinds))
    if sites and all(str(site).isdigit() for site in sites):
        terms.append("siteId in (%s)" % ", ".join("'%s'" % site for site in sites))
    return " and ".join(terms) or None


def _first(item, *fields):
    for field in fields:
        value = item.get(field)
        if value not in (None, "", "-"):
            return value
    return None


def _serial_of(item):
    value = _first(item, "serialNumber", "serial", "id")
    return str(value) if value is not None else None


def _status_of(raw):
    return _STATUSES.get(str(raw).strip().lower(), "unknown") if raw is not None else "unknown"


def switch_kinds(switch_items):
    """serial -> 'cx', 'aos_s' or None (a third-party switch) from the switches list's switchType."""
    kinds = {}
    for item in switch_items:
        switch_type = str(item.get("switchType") or "").strip().lower()
        kinds[_serial_of(item)] = _SWITCH_TYPES.get(switch_type) if switch_type else "guess"
    return kinds


def _guess_switch_kind(model):
    """pycentral's fallback when switchType is missing: the model's first digit."""
    match = re.search(r"(\d)", str(model or ""))
    if not match:
        return None
    return "cx" if match.group(1) in "68914" else "aos_s" if match.group(1) in "235" else None


def device_record(item, kinds):
    """A device of device-inventory as the host variables show it; device_type None when the
    troubleshooting API has no path for it (a third-party switch, an unknown kind)."""
    serial = _serial_of(item)
    kind = _LIST_TYPES.get(str(item.get("deviceType") or "").upper())
    model = _first(item, "model", "partNumber", "jNumber")
    if kind == "switch":
        kind = kinds.get(serial, "guess")
        if kind == "guess":
            kind = _guess_switch_kind(model)
    site_id = _first(item, "siteId")
    return dict(serial_number=serial, device_type=kind, name=str(_first(item, "deviceName", "name") or ""),
                site=_first(item, "siteName"), site_id=str(site_id) if site_id is not None else None,
                group=_first(item, "deviceGroupName", "groupName"), status=_status_of(item.get("status")),
                status_raw=item.get("status"), model=model,
                firmware=_first(item, "firmwareVersion", "softwareVersion"),
                mac=_first(item, "macAddress"), ipv4=_first(item, "ipv4", "ipAddress"),
                stack_id=_first(item, "stackId"), stack_role=_first(item, "role", "switchRole"))


def fold_stacks(records):
    """One record a stack, addressed by the stack id, named after its conductor, with the members'
    serial numbers; a stack is online when a member is."""
    devices, stacks = [], {}
    for record in records:
        stack_id = record.pop("stack_id")
        role = record.pop("stack_role")
        if not stack_id:
            devices.append(record)
            continue
        stack = stacks.get(stack_id)
        if stack is None:
            stack = stacks[stack_id] = dict(record, serial_number=str(stack_id), stack_members=[])
            devices.append(stack)
        stack["stack_members"].append(record["serial_number"])
        if str(role or "").lower() in ("conductor", "commander") or not stack["name"]:
            stack.update({key: record[key] for key in ("name", "model", "firmware", "mac", "ipv4") if record[key]})
        if record["status"] == "online":
            stack.update(status="online", status_raw=record["status_raw"])
    return devices


def list_devices(client, device_types=None, sites=None):
    """Every device of the workspace that the troubleshooting API can address, and the rest.
    Returns (devices, others, pages): devices have a device_type; others (third-party
    switches, unknown kinds) are only counted. Costs ceil(N/1000) device-inventory pages,
    plus ceil(switches/1000) switches pages when switches are wanted."""
    items, pages = list_all(client, "device-inventory", server_filter(device_types, sites))
    kinds = {}
    wanted_switches = not device_types or {"cx", "aos_s"} & set(device_types)
    if wanted_switches and any(str(item.get("deviceType") or "").upper() == "SWITCH" for item in items):
        switch_items, switch_pages = list_all(client, "switches")
        pages += switch_pages
        kinds = switch_kinds(switch_items)
    records = fold_stacks([device_record(item, kinds) for item in items])
    devices = [record for record in records if record["device_type"]]
    others = [record for record in records if not record["device_type"]]
    return devices, others, pages


def check_filters(device_types, statuses, hostname):
    for option, values, allowed in (("device_types", device_types, DEVICE_TYPES), ("statuses", statuses, STATUSES)):
        unknown = [value for value in values or [] if value not in allowed]
        if unknown:
            raise ValidationError("%s: unknown value(s) %s; allowed: %s"
                                  % (option, ", ".join(map(str, unknown)), ", ".join(allowed)))
    if hostname not in HOSTNAME_SOURCES:
        raise ValidationError("hostname must be one of %s (got %r)" % (", ".join(HOSTNAME_SOURCES), hostname))


def select(devices, device_types=None, sites=None, statuses=None, groups=None):
    """The devices that pass every filter given (a site by name or id, a group by name)."""
    wanted_sites = {str(site) for site in sites or []}
    selected = []
    for device in devices:
        if device_types and device["device_type"] not in device_types:
            continue
        if wanted_sites and not wanted_sites & {device["site"], device["site_id"]}:
            continue
        if statuses and device["status"] not in statuses:
            continue
        if groups and device["group"] not in groups:
            continue
        selected.append(device)
    return selected


def host_names(devices, hostname="name"):
    """device -> host name: its name, or its serial number when the name is empty or used by
    another device too (no device takes a shared name by list order); or always the serial."""
    if hostname == "serial_number":
        return [device["serial_number"] for device in devices]
    uses = {}
    for device in devices:
        uses[device["name"]] = uses.get(device["name"], 0) + 1
    return [device["name"] if device["name"] and uses[device["name"]] == 1 else device["serial_number"]
            for device in devices]


def safe_group_name(text):
    """A group name Ansible accepts: lower case, letters, digits and underscores."""
    return re.sub(r"[^a-z0-9_]+", "_", str(text).lower()).strip("_") or "unnamed"


def host_variables(device):
    variables = dict(central_serial_number=device["serial_number"], central_device_type=device["device_type"],
                     central_name=device["name"], central_site=device["site"], central_site_id=device["site_id"],
                     central_group=device["group"], central_status=device["status"], central_model=device["model"],
                     central_firmware=device["firmware"], central_mac=device["mac"])
    if device.get("stack_members"):
        variables["central_stack_members"] = device["stack_members"]
    if device["ipv4"]:
        variables["ansible_host"] = device["ipv4"]
    return variables


def default_groups(device):
    groups = ["central_%s" % device["device_type"]]
    if device["site"]:
        groups.append("central_site_%s" % safe_group_name(device["site"]))
    return groups
