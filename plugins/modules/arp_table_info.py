#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: arp_table_info
short_description: Read the ARP table of an access point, gateway or AOS-S switch managed by HPE Aruba Networking Central
version_added: 1.0.0
description:
  - Asks Central for the ARP table of one device (Central's C(getArpTable)), waits for it by default, and returns
    its entries with every MAC address in one spelling (V(aa:bb:cc:dd:ee:ff)), next to Central's output.
  - Reading the table changes nothing, so the module never reports C(changed). Central reads it by starting a
    task on the device, so in check mode, like every diagnostic, the module starts nothing.
  - To read many devices' tables in one task, use M(arubacentral.troubleshooting.fleet_diagnostics) with the
    test V(arp_table).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device. AOS-CX switches have no ARP table operation in Central.
    type: str
    required: true
    choices: [ap, aos_s, gateway]
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Read the gateway's ARP table
  arubacentral.troubleshooting.arp_table_info:
    device_type: gateway
    serial_number: CNYYYYYYYY
  register: arp

- name: Find the port of a client
  ansible.builtin.debug:
    msg: "{{ arp.result.entries | selectattr('mac_address', 'eq', 'ec:67:94:7e:1f:c0') | map(attribute='interface') | list }}"
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
  sample: /network-troubleshooting/v1/gateways/CNYYYYYYYY/getArpTable/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/gateways/CNYYYYYYYY/getArpTable", "body": {}}
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
    entries:
      description:
        - Each entry, with C(ip_address), C(mac_address) (V(aa:bb:cc:dd:ee:ff)), C(interface) (the AP's device,
          the gateway's interface, the AOS-S port), C(type) (AOS-S, for example V(dynamic); else null) and
          C(complete) (false for an unresolved entry, all-zero MAC).
      type: list
      elements: dict
    entry_count:
      description: Number of entries.
      type: int
      sample: 5
    ip_addresses:
      description: The IP address of every entry.
      type: list
      elements: str
      version_added: 2.0.0
    mac_addresses:
      description: The MAC address of every complete entry (aa:bb:cc:dd:ee:ff).
      type: list
      elements: str
      sample: ["00:1a:1e:00:10:01"]
      version_added: 2.0.0
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    diagnostic_argument_spec,

    run_diagnostic,

)


def main():
    module = CentralModule(argument_spec=diagnostic_argument_spec('arp_table'), supports_check_mode=True)
    run_diagnostic(module, 'arp_table')


if __name__ == "__main__":
    main()
