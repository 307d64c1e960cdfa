#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: aaa_test
short_description: Test RADIUS authentication from an access point or CX switch managed by HPE Aruba Networking Central
version_added: 1.0.0
description:
  - Asks Central to authenticate a user against a RADIUS server from one device, waits for it by default, and
    returns whether the server accepted, next to Central's output.
  - The password is sent to Central only; it is never returned, logged or shown in check mode.
  - A diagnostic changes no configuration, so the module never reports C(changed); in check mode it starts nothing.
  - To run it on many devices in one task, use M(arubacentral.troubleshooting.fleet_diagnostics) with the
    test V(aaa).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device. V(ap) tests a server configured on the access point by name; V(cx) a server by address.
    type: str
    required: true
    choices: [ap, cx]
  server:
    description:
      - V(ap), the name of a RADIUS server configured on the access point (Central's C(serverName)).
      - V(cx), the IPv4 or IPv6 address of the RADIUS server (Central's C(radiusServerIp)).
    type: str
    required: true
  username:
    description: User name to authenticate.
    type: str
    required: true
  password:
    description: Password of O(username).
    type: str
    required: true
  auth_method:
    description:
      - Authentication method, V(chap) or V(pap) (Central's C(authMethodType)).
      - Required for V(cx) (the vendor's v1 client sends it on every CX test); an access point takes none.
    type: str
  server_port:
    description:
      - UDP port of the RADIUS server, 1 to 65535 (Central's C(radiusServerPort)); the switch's own default when
        not set. V(cx) only, API version V(v1) only.
    type: int
    version_added: 2.0.0
  vrf:
    description: VRF the switch sends the request from (Central's C(vrf)). V(cx) only, API version V(v1) only.
    type: str
    version_added: 2.0.0
  fail_on_reject:
    description: Fail the task when the test completed but the server did not accept the credentials.
    type: bool
    default: false
notes:
  - Ansible prints a loop's items in verbose output; pass the password as a module option (from a vault or
    a lookup), not inside a loop item, or set C(no_log) on a looped task.
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Test the RADIUS server from a CX access switch
  arubacentral.troubleshooting.aaa_test:
    device_type: cx
    serial_number: SGZZZZZZZZ
    server: 10.1.1.10
    auth_method: chap
    username: radius-probe
    password: "{{ vault_radius_probe_password }}"
    fail_on_reject: true

- name: Test the AP's configured RADIUS server
  arubacentral.troubleshooting.aaa_test:
    device_type: ap
    serial_number: CNXXXXXXXX
    server: radius-server-1
    username: radius-probe
    password: "{{ vault_radius_probe_password }}"
  register: radius
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
  sample: /network-troubleshooting/v1/cx/SGZZZZZZZZ/aaa/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)). The password shows as C(VALUE_SPECIFIED_IN_NO_LOG_PARAMETER).
  returned: check mode
  type: dict
  sample:
    method: POST
    path: /network-troubleshooting/v1/cx/SGZZZZZZZZ/aaa
    body: {"radiusServerIp": "10.1.1.10", "username": "radius-probe", "password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"}
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
    server:
      description: The server tested (a name on an access point, an address on a CX switch).
      type: str
      sample: 10.1.1.10
    authentication_status:
      description: The status as the device gives it (V(Passed), V(accept), ...).
      type: str
      sample: accept
    authenticated:
      description:
        - Whether the server accepted the credentials. True for every success spelling the devices use
          (passed, accept, accepted, success, any case); anything else is false.
      type: bool
      sample: true
    username:
      description: The user name tested (CX switch).
      type: str
    auth_method:
      description: The method used (CX switch).
      type: str
      sample: chap
notes:
  description:
    - What of Central's answer could not be read and was left out (a field of the wrong type, a time that is not
      RFC 3339, a test that completed with no output). Empty when everything was read.
  returned: when waited
  type: list
  elements: str
  version_added: 1.0.0
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    diagnostic_argument_spec,

    run_diagnostic,

)


def main():
    module = CentralModule(argument_spec=diagnostic_argument_spec('aaa'), supports_check_mode=True)
    run_diagnostic(module, 'aaa')


if __name__ == "__main__":
    main()
