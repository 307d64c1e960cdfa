# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""host_verdicts: one host's verdicts out of the whole fleet's, {check: {host: verdict}} -> {check: verdict}."""

from __future__ import annotations

DOCUMENTATION = r"""
name: host_verdicts
short_description: One host's verdicts out of the verdicts of a whole fleet
version_added: 1.0.0
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
description:
  - Picks the verdicts of one host out of C(central_fleet_verdicts), the fact the fleet check roles
    (reachability, path_check, mtu_check) set once for the whole play.
  - The roles use it to give each host its C(central_verdicts) variable; a playbook can use it to read the
    verdicts of a host that is not in the play.
  - It costs one look-up a check, whatever the size of the fleet.
options:
  _input:
    description: The verdicts of a fleet by check, then by host name, as in C(central_fleet_verdicts).
    type: dict
    required: true
  host:
    description: The host name whose verdicts to return.
    type: str
    required: true
"""

EXAMPLES = r"""
# The reachability verdict of one host, read from the controller.
verdict: "{{ (central_fleet_verdicts | arubacentral.troubleshooting.host_verdicts('lobby-ap')).reachability.verdict }}"
"""

RETURN = r"""
_value:
  description: The host's verdict in each check that covered it, by check name (empty if none did).
  type: dict
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError


def host_verdicts(fleet_verdicts, host):
    """The verdicts of ``host`` in each check that covered it: one look-up a check, whatever the fleet's size."""
    if not isinstance(fleet_verdicts, Mapping):
        raise AnsibleFilterError("host_verdicts: the input must be a dictionary of checks, each a dictionary of "
                                 "host verdicts (got %s)" % type(fleet_verdicts).__name__)
    verdicts = {}
    for check, devices in fleet_verdicts.items():
        if not isinstance(devices, Mapping):
            raise AnsibleFilterError("host_verdicts: the check %r must map host names to verdicts (got %s)"
                                     % (check, type(devices).__name__))
        if host in devices:
            verdicts[check] = devices[host]
    return verdicts


class FilterModule:
    def filters(self):
        return dict(host_verdicts=host_verdicts)
