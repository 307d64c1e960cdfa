#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: tcp_test
short_description: Open a TCP connection from an access point managed by HPE Aruba Networking Central
version_added: 1.0.0
description:
  - Asks Central to open a TCP connection from one access point to a host and port, waits for it by default,
    and returns the connect time, typed, next to Central's output.
  - A diagnostic changes no configuration, so the module never reports C(changed); in check mode it starts nothing.
  - To run it on many devices in one task, use M(arubacentral.troubleshooting.fleet_diagnostics) with the
    test V(tcp).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device. Central runs TCP tests on access points only.
    type: str
    required: true
    choices: [ap]
  host:
    description: Host name or address to connect to.
    type: str
    required: true
  port:
    description: TCP port, 1 to 65535.
    type: int
    required: true
  timeout:
    description: Seconds the access point waits for the connection, at least 1 (Central's C(timeout)). API version V(v1) only.
    type: int
    version_added: 2.0.0
  fail_on_unreachable:
    description: Fail the task when the test completed but no connection was made.
    type: bool
    default: false
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Check that the access point reaches the app's TLS port
  arubacentral.troubleshooting.tcp_test:
    device_type: ap
    serial_number: CNXXXXXXXX
    host: app.example.com
    port: 443
    fail_on_unreachable: true
  register: tcp

- name: Connect time
  ansible.builtin.debug:
    msg: "{{ tcp.result.host }}:{{ tcp.result.port }} in {{ tcp.result.connect_time_ms }} ms"
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
  sample: /network-troubleshooting/v1/aps/CNXXXXXXXX/tcp/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/aps/CNXXXXXXXX/tcp", "body": {"host": "app.example.com", "port": 443}}
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
    host:
      description: The host connected to.
      type: str
      sample: app.example.com
    port:
      description: The port connected to (from the request when the answer leaves it out).
      type: int
      sample: 443
    connect_time_ms:
      description: Time to connect in milliseconds; null when no connection was made.
      type: float
      sample: 209.0
    connected:
      description: Whether the connection was made.
      type: bool
      sample: true
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    diagnostic_argument_spec,

    run_diagnostic,

)


def main():
    module = CentralModule(argument_spec=diagnostic_argument_spec('tcp'), supports_check_mode=True)
    run_diagnostic(module, 'tcp')


if __name__ == "__main__":
    main()
