#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cable_test
short_description: Run cable diagnostics on switch ports via HPE Aruba Networking Central
version_added: 1.0.0
description:
  - Asks Central to test the copper cable on one or more ports of a CX or AOS-S switch, waits for it by default
    (a few seconds), and returns each pair's status and length, typed, next to Central's output.
  - It changes no configuration, so the module never reports C(changed); on some models the link drops briefly
    while a port is tested. In check mode it starts nothing.
  - To test ports on many switches in one task, use M(arubacentral.troubleshooting.fleet_diagnostics) with the
    test V(cable_test).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the switch, V(cx) (AOS-CX) or V(aos_s) (AOS-S).
    type: str
    required: true
    choices: [aos_s, cx]
  ports:
    description:
      - Ports to test. V(cx) member/slot/port (V(1/1/1)); V(aos_s) a port or a range (V(1), V(A2), V(5-7)).
    type: list
    elements: str
    required: true
  fail_on_fault:
    description: Fail the task when the test completed but a pair of a tested port is not good.
    type: bool
    default: false
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Test the cable of the access point's port
  arubacentral.troubleshooting.cable_test:
    device_type: cx
    serial_number: SGZZZZZZZZ
    ports: [1/1/7]
    fail_on_fault: true
  register: cable

- name: Show the faulty pairs
  ansible.builtin.debug:
    msg: "{{ cable.result.ports | map(attribute='pairs') | flatten | rejectattr('status', 'eq', 'good') | list }}"
"""

RETURN = r"""
status_code:
  description: HTTP status of the answer that failed the task; null when nothing was sent or no answer came.
  returned: failure
  type: int
  sample: 409
error_code:
  description: Central's error code (C(HPE_GL_ERROR_*) or C(HPE_GRAVITY_*)), when it gave one.
  returned: failure
  type: str
  sample: HPE_GL_ERROR_DEVICE_OFFLINE
hint:
  description: What to do about the failure.
  returned: failure
  type: str
  sample: The device is not connected to Central; bring it online and run the test again.
task_id:
  description: ID of the test task; null in check mode.
  returned: always
  type: str
  sample: 3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
location:
  description: Path of the task, for M(arubacentral.troubleshooting.test_result_info); null in check mode.
  returned: always
  type: str
  sample: /network-troubleshooting/v1/cx/SGZZZZZZZZ/cableTest/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/cx/SGZZZZZZZZ/cableTest", "body": {"ports": ["1/1/7"]}}
start_time:
  description: When the test started (RFC 3339).
  returned: success and not check mode
  type: str
outcome:
  description: V(succeeded) or V(failed); with O(wait=false), not returned.
  returned: when waited
  type: str
  sample: succeeded
progress_percent:
  description: Progress reported by Central, 0 to 100.
  returned: when waited
  type: int
end_time:
  description: When the test ended (RFC 3339).
  returned: when waited
  type: str
duration_seconds:
  description: Seconds from start to end.
  returned: when waited
  type: float
  sample: 2.5
fail_reason:
  description: Why the test failed, as Central says.
  returned: when waited
  type: str
notes:
  description:
    - What of Central's answer could not be read and was left out (a field of the wrong type, a time that is not
      RFC 3339, a test that completed with no output). Empty when everything was read.
  returned: when waited
  type: list
  elements: str
  version_added: 1.0.0
raw_output:
  description: The device's own text output, when Central gives one.
  returned: when waited
  type: str
output:
  description: The output exactly as Central returned it (values are often strings).
  returned: when waited
  type: dict
result:
  description: The output normalized and typed; null unless RV(outcome) is V(succeeded).
  returned: when waited
  type: dict
  contains:
    ports:
      description:
        - Each port tested, with C(port), C(state) (when given), C(all_good) and C(pairs), each pair with C(pair)
          (V(1-2)), C(status) in lower case (V(good), V(open), V(short), ...), C(length_m) and C(accuracy_m) (when given).
      type: list
      elements: dict
    all_good:
      description: Whether every pair of every port reports good.
      type: bool
      sample: false
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    diagnostic_argument_spec,

    run_diagnostic,

)


def main():
    module = CentralModule(argument_spec=diagnostic_argument_spec('cable_test'), supports_check_mode=True)
    run_diagnostic(module, 'cable_test')


if __name__ == "__main__":
    main()
