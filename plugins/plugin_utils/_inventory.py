# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Central's device lists -> the devices the troubleshooting API can address.

The contract is in docs/docsite/rst/guide_central_api.rst (device lists): ``device-inventory`` gives every field but the
switch kind, ``switches`` tells CX from AOS-S. Both page by ``next`` with at most 1000 items a
page. Fields come in several spellings and may be null: every read here is defensive.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import is_loopback, safe_segment
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    CentralError,
    UnexpectedAnswerError,
    ValidationError,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paging import follow_next
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_values import to_mac
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text

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
    items, seen, pages = [], set(), 0
    query = dict(limit=PAGE_LIMIT)
    if filters:
        query["filter"] = filters

    def fetch(cursor):
        return client.request("GET", "/network-monitoring/%s/%s" % (client.api_version, name),
                              params=dict(query, next=cursor) if cursor else query)
    for answer, _more in follow_next(fetch, name, max_pages=max_pages):
        pages += 1
        batch = answer.get("items")
        if not isinstance(batch, list) and batch is not None:
            raise UnexpectedAnswerError("%s answered something that is not a list of devices (items is a %s)"
                                        % (name, type(batch).__name__))
        for item in batch or []:
            serial = _serial_of(item) if isinstance(item, dict) else None
            if serial and serial not in seen:
                seen.add(serial)
                items.append(item)
        total = answer.get("total")
        if not batch or (isinstance(total, int) and len(seen) >= total):
            break
    return items, pages


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
    """The first of ``fields`` with a value, as text; a list or object where text belongs counts as no value."""
    for field in fields:
        value = item.get(field)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value).strip()
            if text not in ("", "-"):
                return text
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
    stack_id = _first(item, "stackId")
    try:
        safe_segment(serial, "serialNumber")
        if stack_id is not None:
            safe_segment(stack_id, "stackId")
    except CentralError:
        kind = None  # not a serial number the API can address: left out with the others
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
                mac=_first(item, "macAddress"), ipv4=_ipv4(_first(item, "ipv4", "ipAddress")),
                stack_id=stack_id, stack_role=_first(item, "role", "switchRole"))


def _ipv4(text):
    """An IPv4 address, or None: ansible_host is set only from an address."""
    try:
        return str(ipaddress.IPv4Address(text)) if text else None
    except ValueError:
        return None


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


# A switch's interfaces page by limit and offset (at most 100 a page); 20 pages is more ports than any switch has.
INTERFACES_LIMIT = 100
MAX_INTERFACE_PAGES = 20


def switch_interfaces(client, serial):
    """A switch's interfaces (its stack id for a stack). Central publishes no example body: the list comes bare,
    under ``items`` or under ``response``; anything that is not an object is passed over."""
    path = "/network-monitoring/v1/switches/%s/interfaces" % safe_segment(serial, "serialNumber")
    interfaces, offset = [], 0
    for _page in range(MAX_INTERFACE_PAGES):
        answer = client.request("GET", path, params=dict(limit=INTERFACES_LIMIT, offset=offset))
        batch = answer
        if isinstance(batch, dict):
            batch = batch.get("response", batch)
            batch = batch.get("items", batch.get("interfaces")) if isinstance(batch, dict) else batch
        if not isinstance(batch, list):
            raise UnexpectedAnswerError("the interfaces of switch %s are not a list (%s)"
                                        % (serial, type(batch).__name__))
        interfaces.extend(item for item in batch if isinstance(item, dict))
        offset += len(batch)
        total = answer.get("total") if isinstance(answer, dict) else None
        if len(batch) < INTERFACES_LIMIT or (isinstance(total, int) and offset >= total):
            break
    return interfaces


def _texts(value):
    """The strings a neighbour field may hold: itself, or an object's name, serial and MAC address."""
    if isinstance(value, dict):
        return [item for key in ("serialNumber", "serial", "name", "systemName", "macAddress", "chassisId")
                for item in _texts(value.get(key))]
    return [value] if isinstance(value, str) and value else []


def uplinks(client, devices, warn):
    """{access point serial: dict(switch, switch_serial, port, poe)}: each switch's interfaces read (one request a
    switch, more for one with over 100 ports), each neighbour matched to an access point of ``devices`` by serial
    number, MAC address or (when only one has it) name. A switch whose interfaces cannot be read is said through
    ``warn`` and costs only its own access points."""
    aps = [device for device in devices if device["device_type"] == "ap"]
    by_key = {}
    names = {}
    for device in aps:
        names.setdefault(device["name"].lower(), []).append(device)
    for device in aps:
        by_key[device["serial_number"].upper()] = device
        if to_mac(device["mac"]):
            by_key[to_mac(device["mac"])] = device
    by_key.update((name, found[0]) for name, found in names.items() if name and len(found) == 1)
    links = {}
    for switch in devices:
        if switch["device_type"] not in ("cx", "aos_s"):
            continue
        try:
            interfaces = switch_interfaces(client, switch["serial_number"])
        except CentralError as error:
            warn("switch %s: its interfaces were not read, its access points have no uplink: %s"
                 % (switch["serial_number"], error))
            continue
        for interface in interfaces:
            candidates = _texts(interface.get("neighbourSerial")) + _texts(interface.get("neighbour")) + \
                _texts(interface.get("neighbourMac"))
            ap = next((by_key[key] for text in candidates
                       for key in (text.upper(), to_mac(text), text.lower()) if key in by_key), None)
            if ap is None:
                continue
            port = next((value for value in (interface.get(key) for key in ("portNumber", "port", "name", "id"))
                         if isinstance(value, (str, int)) and not isinstance(value, bool) and value != ""), None)
            poe = interface.get("poeStatus")
            links[ap["serial_number"]] = dict(
                switch=switch["name"] or switch["serial_number"], switch_serial=switch["serial_number"],
                port=None if port is None else clean_text(str(port), one_line=True, max_length=50),
                poe=clean_text(poe, one_line=True, max_length=50) if isinstance(poe, str) else None)
    return links


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


# A device name is a host name only when it is plain text: no template markers, no quotes, no pattern
# operators (':', ',', '&', '!'), nothing a terminal or a shell would read.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}")
# Names that Ansible takes for the controller itself: a device must never be run on as if it were it.
_CONTROLLER_NAMES = ("localhost", "localhost.localdomain", "localhost6", "localhost6.localdomain6", "ip6-localhost",
                     "ip6-loopback")


def is_controller_name(name):
    """True for a name that means the controller: localhost and its aliases, loopback and unspecified addresses in
    every form a resolver takes (127.1, 2130706433, 0x7f.1, 127.000.000.001, 0, ::ffff:127.0.0.1)."""
    text = str(name).strip().lower().rstrip(".")
    if text in _CONTROLLER_NAMES or text.endswith(".localhost") or is_loopback(text):
        return True
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        address = _legacy_ipv4(text)
        if address is None:
            return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def _legacy_ipv4(text):
    """The IPv4 address of the numeric forms inet_aton (and so a resolver) takes besides dotted quads: one to four
    parts, each decimal, octal (leading 0) or hexadecimal (0x); None for anything else."""
    if not re.fullmatch(r"(?:0x[0-9a-f]+|\d+)(?:\.(?:0x[0-9a-f]+|\d+)){0,3}", text):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(text))
    except (OSError, ValueError):
        return None


# Names Ansible gives groups of its own: a host of that name breaks the inventory (all) or the CLI (ungrouped).
RESERVED_GROUPS = ("all", "ungrouped")


def host_names(devices, hostname="name", taken=(), groups=()):
    """device -> host name: its name, or its serial number when the name is empty, not plain text (template
    markers, quotes, pattern operators), a name of the controller (localhost, 127.0.0.1, ::1), the name of a group
    (``groups``: the plugin's own and those the inventory has, and Ansible's all and ungrouped, in any case), another
    device's serial number, used by another device too, or a host ``taken`` already (another inventory source's);
    or always the serial number. None for a device that has no usable name at all (its serial number is taken
    too): it is left out."""
    taken = set(taken)
    group_names = set(name.lower() for name in tuple(groups) + RESERVED_GROUPS)
    serials = set(device["serial_number"] for device in devices)
    uses = {}
    for device in devices:
        uses[device["name"]] = uses.get(device["name"], 0) + 1

    def usable(name, own_serial):
        return bool(name) and _PLAIN_NAME.fullmatch(name) is not None and not is_controller_name(name) \
            and name not in taken and name.lower() not in group_names and (name == own_serial or name not in serials)

    names = []
    for device in devices:
        name = device["name"]
        if hostname == "name" and uses[name] == 1 and usable(name, device["serial_number"]):
            names.append(name)
        elif usable(device["serial_number"], device["serial_number"]):
            names.append(device["serial_number"])
        else:
            names.append(None)
    return names


def safe_group_name(text):
    """A group name Ansible accepts: lower case, letters, digits and underscores."""
    return re.sub(r"[^a-z0-9_]+", "_", str(text).lower()).strip("_") or "unnamed"


def host_variables(device, set_ansible_host=False):
    """A device's host variables. ``ansible_host`` only on request: a later inventory source's host of the same name
    (a static bastion, say) would inherit it without a word, and the collection never connects to a device."""
    variables = dict(central_serial_number=device["serial_number"], central_device_type=device["device_type"],
                     central_name=device["name"], central_site=device["site"], central_site_id=device["site_id"],
                     central_group=device["group"], central_status=device["status"], central_model=device["model"],
                     central_firmware=device["firmware"], central_mac=device["mac"])
    if device.get("stack_members"):
        variables["central_stack_members"] = device["stack_members"]
    uplink = device.get("uplink")
    if uplink:
        variables.update(central_uplink_switch=uplink["switch"], central_uplink_switch_serial=uplink["switch_serial"],
                         central_uplink_port=uplink["port"], central_uplink_poe=uplink["poe"])
    if device["ipv4"]:
        variables["central_ipv4"] = device["ipv4"]
        if set_ansible_host:
            variables["ansible_host"] = device["ipv4"]
    return variables


def site_groups(devices):
    """site name -> its group (``central_site_<site>``), and a warning for each group name two sites would share:
    "Branch 12", "branch-12" and "BRANCH_12!" all make central_site_branch_12, and would share its group_vars (its
    compliance_overrides among them) without a word. Each of those gets its site id (else a digest of its name)
    after the name instead, and the warning says which."""
    by_group = {}
    for device in devices:
        if device["site"]:
            by_group.setdefault("central_site_%s" % safe_group_name(device["site"]), {})[device["site"]] = \
                device["site_id"]
    groups, warnings = {}, []
    for group, sites in sorted(by_group.items()):
        if len(sites) == 1:
            groups.update((site, group) for site in sites)
            continue
        for site, site_id in sorted(sites.items()):
            suffix = safe_group_name(site_id) if site_id else hashlib.sha256(site.encode("utf-8")).hexdigest()[:8]
            groups[site] = "%s_%s" % (group, suffix)
        warnings.append("sites %s would all make the group %s: each has its own instead (%s), and none is %s" % (
            ", ".join(repr(site) for site in sorted(sites)), group,
            ", ".join(groups[site] for site in sorted(sites)), group))
    return groups, warnings


def default_groups(device, sites):
    """The plugin's groups of a device: its type's, and its site's (``sites``: site_groups' mapping)."""
    groups = ["central_%s" % device["device_type"]]
    if device["site"]:
        groups.append(sites[device["site"]])
    return groups
