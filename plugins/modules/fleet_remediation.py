#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fleet_remediation
short_description: Carry out remediation actions (PoE and port bounces, reboot, locate, disconnects) on many devices
version_added: 1.0.0
description:
  - Carries out the listed actions, several at a time, with one token, one connection pool and one client-side rate
    limiter, as M(arubacentral.troubleshooting.fleet_diagnostics) does for the diagnostics.
  - These actions change state. Nothing is sent unless O(allow_changes=true); without it the task fails and
    returns the plan. In check mode nothing is sent either, and the plan is returned with C(changed=true).
  - Every item is validated before anything is sent (action, device type, ports in the device type's syntax, MAC
    address); one bad item fails the task naming its index.
  - Each action is sent once, never again after a 5xx answer or a timeout (the device may already have acted).
    With O(journal), a re-run reads the actions already accepted instead of sending them again.
  - Once O(max_failures) actions have failed, no new action is started; the rest are reported as C(skipped).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.action_module
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
    details: The actions are sent from the controller's Python, which needs C(requests).
  async:
    support: none
  bypass_host_loop:
    support: none
  diff_mode:
    support: none
options:
  actions:
    description:
      - The actions. Each item has C(action) (V(poe_bounce), V(port_bounce), V(locate), V(reboot),
        V(disconnect_clients)), C(device_type), C(serial_number), an optional C(name) passed through to its result,
        and what the action takes, as the single-device modules name it (C(ports) for the bounces, C(mac_address)
        or C(ssid) for V(disconnect_clients)).
    type: list
    elements: dict
    required: true
  allow_changes:
    description: Carry the actions out. Without it nothing is sent and the task fails with the plan.
    type: bool
    default: false
  max_failures:
    description: Stop starting new actions once this many have failed (an error, a failed bounce, or with
      O(fail_on_partial) a port not bounced).
    type: int
    default: 1
  max_concurrency:
    description:
      - Actions in flight at once.
      - A fixed number, unlike the diagnostic runs' (which follows the rate) - actions change devices, and with
        O(max_failures) it bounds how many are already acting when a failure stops the others.
    type: int
    default: 5
  fail_on_partial:
    description: Count a bounce that left a port not bounced as a failure.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for a bounce's answer.
    type: float
    default: 120
  poll_interval:
    description: Least seconds between two reads of a bounce's answer.
    type: float
    default: 2
  journal:
    description:
      - A file where each accepted action is written the moment Central accepts it; a re-run with the same journal
        reads those instead of sending them again (see M(arubacentral.troubleshooting.fleet_diagnostics)).
      - Use one for every run that changes many devices, so that an interrupted run can be run again safely.
      - It is locked for the whole run; a second run with the same journal fails at once and sends nothing.
    type: path
seealso:
  - module: arubacentral.troubleshooting.poe_bounce
  - module: arubacentral.troubleshooting.reboot
"""

EXAMPLES = r"""
- name: Bounce PoE on the ports of the APs that stopped answering
  arubacentral.troubleshooting.fleet_remediation:
    actions:
      - {action: poe_bounce, device_type: cx, serial_number: SG12345678, ports: [1/1/7], name: lobby-ap}
      - {action: poe_bounce, device_type: aos_s, serial_number: CN0ABCDEFG, ports: ["12"], name: floor2-ap}
    allow_changes: true
    max_failures: 2
    journal: /var/lib/central/recovery.journal
"""

RETURN = r"""
results:
  description:
    - One entry an action, in the order of O(actions), with C(index), C(name), C(action), C(device_type),
      C(serial_number), C(changed), C(outcome), C(from_journal), C(status), C(start_time), C(location), C(task_id),
      C(ports) (bounces; each C(port), C(status), C(bounced), C(reason)) and C(error).
    - C(outcome) is V(started) (no answer to follow), V(succeeded) (every port bounced), V(partial), V(failed),
      V(error) (the request failed) or V(skipped) (not started, O(max_failures) reached).
    - In check mode, or without O(allow_changes), each entry has C(would_start) (C(method), C(path), C(body)).
  returned: always
  type: list
  elements: dict
summary:
  description: Totals of the run.
  returned: always
  type: dict
  contains:
    total:
      description: Number of actions.
      type: int
    changed:
      description: Actions carried out by this run.
      type: int
    succeeded:
      description: Bounces with every port bounced.
      type: int
    started:
      description: Actions with no answer to follow (reboot, locate, disconnects) that Central accepted.
      type: int
    partial:
      description: Bounces that left a port not bounced.
      type: int
    failed:
      description: Bounces Central failed.
      type: int
    error:
      description: Actions whose request failed.
      type: int
    skipped:
      description: Actions not started because O(max_failures) was reached.
      type: int
    from_journal:
      description: Actions read from O(journal) instead of being sent again.
      type: int
    requests:
      description: HTTP requests sent to Central.
      type: int
    rate_limited:
      description: 429 answers received.
      type: int
    retries:
      description: Requests sent again after a 429 or a connection failure.
      type: int
"""
