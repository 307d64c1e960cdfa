# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: central
short_description: The devices HPE Aruba Networking Central manages, as inventory hosts
version_added: 1.0.0
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
description:
  - Lists the devices of a Central workspace (the C(device-inventory) list, plus the C(switches) list to tell
    AOS-CX from AOS-S switches) and makes one host of each device the troubleshooting API can address, with
    the host variables the modules and roles of this collection read.
  - A switch stack is one host, addressed by its stack id. A third-party switch, or any device without a
    troubleshooting path, is left out (counted in the C(-v) output).
  - Devices are read in pages of 1000, following Central's page cursor; nothing is requested once a device.
    A 20000-device workspace costs 20 requests, plus one a 1000 switches.
  - The inventory source is a YAML file whose name ends in C(central.yml) or C(central.yaml).
  - The connection options are those of the modules, with the same environment variables and the same token
    cache.
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [arubacentral.troubleshooting.central]
  device_types:
    description:
      - Only these device types. Sent to Central (access points, gateways, switches) and applied to the answer.
    type: list
    elements: str
    choices: [ap, gateway, cx, aos_s]
  sites:
    description:
      - Only devices of these sites, by site name or site id.
      - When every entry is a site id, the filter is sent to Central; otherwise it is applied to the answer.
    type: list
    elements: str
  statuses:
    description: Only devices with this status (applied to the answer; C(unknown) is a device Central never saw).
    type: list
    elements: str
    choices: [online, offline, unknown]
  device_groups:
    description: Only devices of these Central device groups, by name (applied to the answer).
    type: list
    elements: str
  set_ansible_host:
    description:
      - Also set C(ansible_host) to the device's IPv4 address (always in C(central_ipv4)).
      - Off by default. Nothing in this collection connects to a device, and an inventory source cannot know
        the hosts of sources parsed after it - a static host of the same name would inherit C(ansible_host)
        silently (see the notes).
    type: bool
    default: false
    version_added: 2.0.0
  uplinks:
    description:
      - Read each switch's interfaces (one request a switch) and set C(central_uplink_switch) (the switch's host
        in this inventory, else its name or serial number), C(central_uplink_switch_serial), C(central_uplink_port)
        and C(central_uplink_poe) (the port's PoE status as Central gives it) on each access point found as a
        neighbour there, by its serial number, MAC address or name.
      - The likely causes of compliance runs then name a switch or a port behind which access points fail
        together, and the PoE recovery playbook finds the port to bounce without hand-written host variables.
      - Off by default (a workspace of 2000 switches costs 2000 requests); cached with the device list.
    type: bool
    default: false
    version_added: 2.0.0
  hostname:
    description:
      - What names a host. V(name) is the device name, or its serial number when the name is empty or another
        device has the same name; V(serial_number) is always the serial number (the stack id for a stack).
    type: str
    choices: [name, serial_number]
    default: name
notes:
  - "Host variables: C(central_serial_number) (the stack id for a stack), C(central_device_type) (V(ap), V(gateway),
    V(cx), V(aos_s)), C(central_name), C(central_site), C(central_site_id), C(central_group), C(central_status)
    (V(online), V(offline) or V(unknown)), C(central_model), C(central_firmware), C(central_mac),
    C(central_stack_members) for a stack, C(central_ipv4) when the device has an IPv4 address (and C(ansible_host)
    with O(set_ansible_host)); with O(uplinks), C(central_uplink_switch), C(central_uplink_switch_serial),
    C(central_uplink_port) and C(central_uplink_poe) on each access point found behind a switch."
  - "Groups: C(central_ap), C(central_gateway), C(central_cx), C(central_aos_s), and C(central_site_<site>) for each
    site, the site name in lower case with anything but letters and digits made C(_). Two sites whose names make the
    same group (C(Branch 12) and C(branch-12)) each get their site id after it instead
    (C(central_site_branch_12_1002)), with a warning naming them: they never share one group and its group_vars."
  - "A device name that is the name of a group (one of these, a group the inventory has already, C(all),
    C(ungrouped)), in any case, names no host: the device's serial number does, so that no device name can empty
    or break the inventory."
  - "Order of sources: a source cannot know the hosts of sources parsed after it. Put this source after static
    ones (C(-i static.yml -i central.yml)): a device is then never given the name of a static host, which keeps
    its own variables. A device named like a static host parsed later shares that host (its C(central_*) variables
    and groups); C(ansible_host) is set only with O(set_ansible_host)."
  - "Everything Central says is data typed by others, so every host variable this plugin sets is marked unsafe on
    every ansible-core version: a template in a device name, site or model is never rendered, in the variable nor
    through O(compose), O(groups) or O(keyed_groups), and group names made from Central's values hold only letters,
    digits and C(_). A device name becomes a host name only when it is plain text (letters, digits, spaces, C(.),
    C(_), C(-)) and not a name of the controller (C(localhost), C(127.0.0.1), C(::1), and every numeric form a
    resolver takes for a loopback or unspecified address, such as C(127.1), C(2130706433) or C(0)), another device's
    serial number or a host another inventory source made; else the serial number names the host."
  - With O(cache=true), the device list is kept in the inventory cache for O(cache_timeout) seconds, so a large
    workspace is not listed again on every run.
"""

EXAMPLES = r"""
# The smallest source, central.yml, lists every device of the workspace (credentials from CENTRAL_CLIENT_ID and
# CENTRAL_CLIENT_SECRET); it holds two lines:
#   plugin: arubacentral.troubleshooting.central
#   cluster: de1

# branches.central.yml: the online access points of two sites, cached for an hour, grouped by model.
plugin: arubacentral.troubleshooting.central
cluster: us5
device_types: [ap]
sites: [Branch 12, Branch 14]
statuses: [online]
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/central-inventory
cache_timeout: 3600
keyed_groups:
  - key: central_model
    prefix: model
"""

from ansible.errors import AnsibleParserError
from ansible.inventory.group import to_safe_group_name
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import (

    CONNECTION_ARGUMENT_SPEC,

    build_client,

)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._transport import REQUESTS_IMPORT_ERROR
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._inventory import (
    check_filters,
    default_groups,
    RESERVED_GROUPS,
    host_names,
    host_variables,
    list_devices,
    uplinks,
    select,
    server_filter,
    site_groups,
)

display = Display()


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "arubacentral.troubleshooting.central"

    @staticmethod
    def _sanitize_group_name(name):
        # keyed_groups and groups name groups after Central's values: whatever the TRANSFORM_INVALID_GROUP_CHARS
        # setting, a group name holds no template marker, quote or space.
        return to_safe_group_name(name, force=True, silent=True)

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("central.yml", "central.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        config = self._read_config_data(path)
        unknown = sorted(set(config) - set(self._options) - {"plugin"})
        if unknown:
            raise AnsibleParserError("%s: unknown option(s) %s; allowed: %s"
                                     % (path, ", ".join(unknown), ", ".join(sorted(self._options))))
        if REQUESTS_IMPORT_ERROR:
            raise AnsibleParserError(missing_required_lib("requests"))
        device_types, sites = self.get_option("device_types"), self.get_option("sites")
        try:
            check_filters(device_types, self.get_option("statuses"), self.get_option("hostname"))
            devices = self._devices(path, config, device_types, sites, cache)
        except CentralError as error:
            raise AnsibleParserError("Central inventory %s: %s" % (path, error))
        selected = select(devices, device_types, sites, self.get_option("statuses"), self.get_option("device_groups"))
        # Hosts other sources made (and the implicit localhost) are never taken over by a device, nor is a group's
        # name (the plugin's own, or one the inventory has) ever a host's.
        taken = set(self.inventory.hosts) | {"localhost"}
        sites, warnings = site_groups(selected)
        groups = set(self.inventory.groups) | set(group for device in selected for group in default_groups(device, sites))
        for warning in warnings:
            display.warning("Central inventory %s: %s" % (path, warning))
        group_names = set(group.lower() for group in tuple(groups) + RESERVED_GROUPS)
        names = host_names(selected, self.get_option("hostname"), taken, groups)
        # An uplink names the switch by its host here, so that the PoE recovery finds it in hostvars.
        host_of = dict((device["serial_number"], name) for device, name in zip(selected, names) if name)
        for device, name in zip(selected, names):
            if name is None:
                display.warning("Central inventory %s: device %s left out: its serial number is a host of another "
                                "inventory source already" % (path, device["serial_number"]))
                continue
            if self.get_option("hostname") == "name" and name != device["name"] \
                    and str(device["name"]).lower() in group_names:
                display.warning("Central inventory %s: device %s is named %r, a group's name: its host is %s"
                                % (path, device["serial_number"], device["name"], name))
            if device.get("uplink"):
                device = dict(device, uplink=dict(device["uplink"], switch=host_of.get(
                    device["uplink"]["switch_serial"], device["uplink"]["switch"])))
            self._add(name, device, sites)

    def _devices(self, path, config, device_types, sites, cache):
        """The device list, from the inventory cache when it holds one for the same server-side filter."""
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        query = dict(filter=server_filter(device_types, sites), uplinks=self.get_option("uplinks"))
        if use_cache:
            cached = self._cache.get(cache_key)
            if isinstance(cached, dict) and cached.get("query") == query:
                return cached["devices"]
        client = build_client(self._connection_params(path, config))
        devices, others, pages = list_devices(client, device_types, sites)
        if query["uplinks"]:
            links = uplinks(client, devices, lambda warning: display.warning("Central inventory %s: %s" % (path, warning)))
            for device in devices:
                device["uplink"] = links.get(device["serial_number"])
            display.v("Central inventory: %d access points found behind a switch" % len(links))
        for warning in client.warnings:
            display.warning("Central inventory %s: %s" % (path, warning))
        display.v("Central inventory: %d devices from %d pages (%d requests with the token and retries); %d left "
                  "out (no troubleshooting path: third-party switches or unknown kinds)"
                  % (len(devices), pages, client.stats.requests, len(others)))
        if self.get_option("cache"):
            self._cache[cache_key] = dict(query=query, devices=devices)
        return devices

    @staticmethod
    def _connection_params(path, config):
        """The connection options as the modules take them: the file's values, else the CENTRAL_*
        environment variables, else the defaults (one argument spec for both)."""
        given = {name: config[name] for name in CONNECTION_ARGUMENT_SPEC if name in config}
        result = ArgumentSpecValidator(CONNECTION_ARGUMENT_SPEC).validate(given)
        if result.error_messages:
            raise AnsibleParserError("Central inventory %s: %s" % (path, "; ".join(result.error_messages)))
        return result.validated_parameters

    def _add(self, name, device, sites):
        self.inventory.add_host(name)
        # Every value comes from Central, typed by whoever named the device: unsafe, so that no template in it
        # is ever rendered (ansible-core before 2.19 would render it when the variable is read).
        variables = wrap_var(host_variables(device, self.get_option("set_ansible_host")))
        for key, value in variables.items():
            self.inventory.set_variable(name, key, value)
        for group in default_groups(device, sites):
            self.inventory.add_group(group)
            self.inventory.add_child(group, name)
        strict = self.get_option("strict")
        self._set_composite_vars(self.get_option("compose"), variables, name, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), variables, name, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, name, strict=strict)
