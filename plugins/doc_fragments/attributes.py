# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # What every module supports: the action group, and check and diff mode per kind of module.
    DOCUMENTATION = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/arubacentral.troubleshooting.central) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - arubacentral.troubleshooting.central
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
"""

    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details: This module only reads, and runs normally in check mode.
  diff_mode:
    support: N/A
    details: This module only reads.
"""

    DIAGNOSTIC_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - In check mode no test is started and no request that starts one is sent; the options are validated and
        the module returns what it would have started.
      - "To run diagnostics during a C(--check) run, set C(check_mode: false) on the task."
  diff_mode:
    support: none
"""

    ACTION_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - In check mode nothing is sent; the module returns C(changed=true) and the request it would send
        (C(would_start)).
  diff_mode:
    support: partial
    details: Bounces show the ports they would bounce, or bounced; other actions return no diff.
"""

    # The options poe_bounce and port_bounce share.
    BOUNCE = r"""
options:
  ports:
    description:
      - The ports to bounce, in the port syntax of the device type, checked before anything is sent.
      - V(cx) member/slot/port (C(1/1/1)); V(aos_s) a port, a lettered module port or a range (C(1), C(A2),
        C(5-7)); V(gateway) an interface (C(GE 0/0/0)).
    type: list
    elements: str
    required: true
  fail_on_partial:
    description: Fail the task when a port was not bounced (the others were). The result lists every port.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for Central's answer per port.
    type: float
    default: 120
  poll_interval:
    description: Least seconds between two reads of the answer.
    type: float
    default: 2
"""
