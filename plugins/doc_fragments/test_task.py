# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The device a diagnostic module tests and how it waits for the test: every diagnostic module takes these
    # (module_utils/_module.py: diagnostic_argument_spec and show_command_argument_spec).
    DOCUMENTATION = r"""
options:
  serial_number:
    description: Serial number of the device (for a switch stack, the stack ID). Letters, digits, V(-) and V(_) only.
    type: str
    required: true
  wait:
    description: Wait for the test to finish. With V(false), return the RV(task_id) and RV(location) at once.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait before the task fails with the test's last state and task ID, so that
        M(arubacentral.troubleshooting.test_result_info) can fetch it later.
    type: float
    default: 300
  poll_interval:
    description: Least number of seconds between two reads of the test; later reads follow the test's progress.
    type: float
    default: 2
"""
