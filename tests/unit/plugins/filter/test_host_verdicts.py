# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.arubacentral.troubleshooting.plugins.filter.host_verdicts import host_verdicts

FLEET_VERDICTS = {
    "reachability": {"ap1": {"verdict": "pass"}, "gw1": {"verdict": "fail"}},
    "mtu_check": {"gw1": {"verdict": "pass"}},
}


def test_a_host_gets_its_verdict_of_each_check_that_covered_it():
    assert host_verdicts(FLEET_VERDICTS, "gw1") == {"reachability": {"verdict": "fail"}, "mtu_check": {"verdict": "pass"}}
    assert host_verdicts(FLEET_VERDICTS, "ap1") == {"reachability": {"verdict": "pass"}}


def test_a_host_no_check_covered_gets_none():
    assert host_verdicts(FLEET_VERDICTS, "server") == {}
    assert host_verdicts({}, "ap1") == {}


@pytest.mark.parametrize("fleet_verdicts, message", [
    (["ap1"], "the input must be a dictionary of checks"),
    ({"reachability": ["ap1"]}, "the check 'reachability' must map host names to verdicts"),
])
def test_a_wrong_shape_is_named(fleet_verdicts, message):
    with pytest.raises(AnsibleFilterError, match=message):
        host_verdicts(fleet_verdicts, "ap1")
