# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""host_verdicts: one host's verdicts out of the whole fleet's, {check: {host: verdict}} -> {check: verdict}."""

from __future__ import annotations

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
