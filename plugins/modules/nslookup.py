#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nslookup
short_description: Resolve a name from an access point managed by HPE Aruba Networking Central
version_added: 1.0.0
description:
  - Asks Central to resolve a host name on one access point (with the DNS servers the AP uses), waits for it by
    default, and returns the addresses, typed, next to Central's output.
  - A diagnostic changes no configuration, so the module never reports C(changed); in check mode it starts nothing.
  - To run it on many devices in one task, use M(arubacentral.troubleshooting.fleet_diagnostics) with the
    test V(nslookup).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device. Central runs name lookups on access points only.
    type: str
    required: true
    choices: [ap]
  host:
    description: Host name to resolve (an address is accepted and returned as it is).
    type: str
    required: true
  dns_server:
    description:
      - Address or name of the DNS server to ask (Central's C(dnsServer)); the access point's own servers when not
        set. API version V(v1) only.
    type: str
    version_added: 2.0.0
  fail_on_unresolved:
    description: Fail the task when the lookup completed but returned no address (for compliance checks).
    type: bool
    default: false
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Resolve the SaaS name from the branch's access point
  arubacentral.troubleshooting.nslookup:
    device_type: ap
    serial_number: CNXXXXXXXX
    host: app.example.com
    fail_on_unresolved: true
  register: lookup

- name: Show the addresses
  ansible.builtin.debug:
    msg: "{{ lookup.result.host }} -> {{ lookup.result.addresses | join(', ') }} (DNS {{ lookup.result.dns_server }})"
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
  sample: /network-troubleshooting/v1/aps/CNXXXXXXXX/nslookup/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/aps/CNXXXXXXXX/nslookup", "body": {"host": "app.example.com"}}
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
      description: The name looked up.
      type: str
      sample: www.google.com
    dns_server:
      description: The DNS server that answered.
      type: str
      sample: 8.8.8.8
    addresses:
      description: The addresses the name resolved to.
      type: list
      elements: str
      sample: [142.251.46.164]
    resolved:
      description: Whether at least one address came back.
      type: bool
      sample: true
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    diagnostic_argument_spec,

    run_diagnostic,

)


def main():
    module = CentralModule(argument_spec=diagnostic_argument_spec('nslookup'), supports_check_mode=True)
    run_diagnostic(module, 'nslookup')


if __name__ == "__main__":
    main()
