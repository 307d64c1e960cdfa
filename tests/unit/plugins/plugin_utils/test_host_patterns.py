# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A policy check's ``hosts``: every form of Ansible's host patterns, resolved the way ansible-playbook does."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import Inventory

HOSTS = ["ap-1", "ap-2", "ap-10", "gw-1", "cx-1", "lonely"]
GROUPS = dict(aps=["ap-1", "ap-2", "ap-10"], gateways=["gw-1"], switches=["cx-1"], site_a=["ap-1", "gw-1", "cx-1"],
              site_b=["ap-2", "ap-10"], gone=["not-in-the-play"])


@pytest.mark.parametrize("pattern, wanted", [
    ("all", HOSTS),
    ("*", HOSTS),
    ("aps", ["ap-1", "ap-2", "ap-10"]),
    ("gw-1", ["gw-1"]),
    ("aps:gateways", ["ap-1", "ap-2", "ap-10", "gw-1"]),
    ("aps,gateways", ["ap-1", "ap-2", "ap-10", "gw-1"]),
    ("aps:&site_a", ["ap-1"]),
    ("aps:!ap-2", ["ap-1", "ap-10"]),
    ("aps:!site_b", ["ap-1"]),
    ("site_a:&aps:!ap-1", []),
    ("!aps", ["gw-1", "cx-1", "lonely"]),  # only exclusions: from every host
    ("ap-*", ["ap-1", "ap-2", "ap-10"]),
    ("ap-?", ["ap-1", "ap-2"]),
    ("ap-[12]", ["ap-1", "ap-2"]),
    ("site_*", ["ap-1", "ap-2", "ap-10", "gw-1", "cx-1"]),  # a wildcard matches group names too
    ("~ap-\\d$", ["ap-1", "ap-2"]),
    ("~ap-1", ["ap-1", "ap-10"]),  # a regular expression matches from the start, as Ansible's does
    ("~gate", ["gw-1"]),  # ...and group names too
    ("aps:!~ap-1", ["ap-2"]),
    ("all:&~(gw|cx)-", ["gw-1", "cx-1"]),
    (" aps , gateways ", ["ap-1", "ap-2", "ap-10", "gw-1"]),
    ("nothing-like-this", []),
    ("gone", []),  # a group's members outside the play are not hosts of the play
    ("gw-1:ap-1", ["ap-1", "gw-1"]),  # the play's order, whatever the pattern's
])
def test_every_pattern_form(pattern, wanted):
    assert Inventory(HOSTS, GROUPS).match(pattern) == wanted


def test_a_regular_expression_that_does_not_compile_names_itself():
    with pytest.raises(ValidationError, match=r"'~ap-\[' is not a regular expression"):
        Inventory(HOSTS, GROUPS).match("~ap-[")


def test_a_group_that_is_not_a_list_is_no_group():
    assert Inventory(HOSTS, dict(aps="ap-1")).match("aps") == []
