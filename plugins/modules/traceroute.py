#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: traceroute
short_description: Traceroute from an access point, gateway or switch managed by HPE Aruba Networking Central
version_added: 0.1.0
description:
  - Asks Central to run a traceroute on one device, waits for it by default, and returns the device's raw output
    next to a normalized, typed path (hops, probes, whether the destination was reached).
  - Gateways drop hops from their parsed output (a silent hop, or one that answered from two routers); the module
    fills them from the raw output and names them in RV(result.recovered_hops).
  - A diagnostic changes no configuration, so the module never reports C(changed).
  - Each option is sent only when set, and only to the device types that take it; an option the chosen
    O(device_type) does not take is an error, before anything is sent.
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device that runs the test.
    type: str
    required: true
    choices: [ap, aos_s, cx, gateway]
  destination:
    description: Host name, IPv4 or IPv6 address to trace the path to.
    type: str
    required: true
  source_interface:
    description:
      - Source interface. V(ap) (free text) and V(aos_s) (one of V(loopback), V(vlan-interface), V(ip-address)).
    type: str
  vlan_ip:
    description: Source VLAN IP address. V(gateway) only.
    type: str
  use_ipv6:
    description: Trace over IPv6. V(cx) only.
    type: bool
  use_management_interface:
    description: Trace from the management interface. V(cx) only.
    type: bool
  vrf_name:
    description: VRF to trace in. V(cx) only.
    type: str
  vlan:
    description: VLAN to trace from, 1 to 4094. V(aos_s) only.
    type: int
  loopback_port:
    description: Loopback port to trace from. V(aos_s) only.
    type: int
  ip_address:
    description: Source IP address. V(aos_s) only.
    type: str
  include_raw_output:
    description: Ask the device for its own text output too (returned as RV(raw_output), and used to fill gaps).
    type: bool
    default: true
  fail_on_unreachable:
    description: Fail the task when the test completed but the destination was not reached (for compliance checks).
    type: bool
    default: false
notes:
  - The task fails when the test ends C(FAILED), or C(COMPLETED) with a failure reason and no output
    (for example C(Destination not resolved)); the result then holds RV(status), RV(fail_reason) and RV(task_id).
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Trace the path from a gateway to the data center
  arubacentral.troubleshooting.traceroute:
    cluster: us5
    client_id: "{{ central_client_id }}"
    client_secret: "{{ central_client_secret }}"
    device_type: gateway
    serial_number: CNYYYYYYYY
    destination: 10.10.0.1
  register: path

- name: The path must reach the data center within 8 hops
  ansible.builtin.assert:
    that:
      - path.result.destination_reached
      - path.result.hop_count <= 8

- name: Trace from a CX switch in its management VRF, even in a --check run
  arubacentral.troubleshooting.traceroute:
    device_type: cx
    serial_number: SGZZZZZZZZ
    destination: www.example.com
    vrf_name: mgmt
  check_mode: false
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
  sample: /network-troubleshooting/v1/aps/CNXXXXXXXX/traceroute/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/aps/CNXXXXXXXX/traceroute", "body": {"destination": "10.0.0.53"}}
start_time:
  description: When the test started (RFC 3339).
  returned: success and not check mode
  type: str
outcome:
  description: V(succeeded) or V(failed) (see notes); with O(wait=false), not returned.
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
  description: The device's own text output (with O(include_raw_output)).
  returned: when waited
  type: str
output:
  description: The output exactly as Central returned it (every value a string).
  returned: when waited
  type: dict
result:
  description: The output normalized and typed; null unless RV(outcome) is V(succeeded).
  returned: when waited
  type: dict
  contains:
    destination:
      description: Destination as given.
      type: str
    resolved_ip:
      description: Address the destination resolved to, when reported.
      type: str
    hops:
      description:
        - Hops in order, each C(hop) (int) and C(probes), a list of C(address) (null when the probe got no answer),
          C(rtt_ms) (float or null) and C(responded) (bool).
      type: list
      elements: dict
    hop_count:
      description: Number of hops listed.
      type: int
    destination_reached:
      description: Whether the last answering hop is the destination.
      type: bool
    last_responding_hop:
      description: Number of the last hop that answered; null if none did.
      type: int
    recovered_hops:
      description: Hops missing or empty in Central's parsed output that were filled from the raw output.
      type: list
      elements: int
      sample: [3, 4]
    hop_addresses:
      description: Every address that answered a probe, in hop order (what a compliance policy checks a path on).
      type: list
      elements: str
      sample: [10.1.0.1, 192.0.2.1, 10.10.0.1]
      version_added: 2.0.0
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
    module = CentralModule(argument_spec=diagnostic_argument_spec("traceroute"), supports_check_mode=True)
    run_diagnostic(module, "traceroute")


if __name__ == "__main__":
    main()
