#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ping
short_description: Ping from an access point, gateway or switch managed by HPE Aruba Networking Central
version_added: 0.1.0
description:
  - Asks Central to run a ping on one device, waits for it by default, and returns the device's raw output next to
    a normalized, typed result (loss, round-trip times, replies).
  - A diagnostic changes no configuration, so the module never reports C(changed).
  - Each option is sent only when set, and only to the device types that take it; an option the chosen
    O(device_type) does not take is an error, before anything is sent.
  - To ping from many devices in one task, use M(arubacentral.troubleshooting.fleet_diagnostics).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device that pings (V(aos_s) is an AOS-S switch, V(cx) an AOS-CX switch).
    type: str
    required: true
    choices: [ap, aos_s, cx, gateway]
  destination:
    description: Host name, IPv4 or IPv6 address to ping.
    type: str
    required: true
  count:
    description: Number of echo requests, 1 to 100.
    type: int
  packet_size:
    description: Payload size in bytes, 10 to 2000.
    type: int
  vlan:
    description: VLAN to ping from, 1 to 4094. V(ap), V(gateway) and V(aos_s).
    type: int
  interface_port:
    description: Interface port to ping from. V(ap) only.
    type: str
  role:
    description: Role to ping as. V(ap) only.
    type: str
  ttl:
    description: Time to live, 1 to 255. V(gateway) only.
    type: int
  dscp:
    description: DSCP value, 0 to 63. V(gateway) only.
    type: int
  dont_fragment:
    description: Set the don't-fragment flag. V(gateway) only.
    type: bool
  use_ipv6:
    description: Ping over IPv6. V(gateway), V(cx) and V(aos_s).
    type: bool
  source_interface:
    description: Source interface, one of V(loopback), V(mgmt-interface) or V(vlan-interface). V(gateway) only.
    type: str
  use_management_interface:
    description: Ping from the management interface. V(cx) only.
    type: bool
  vrf_name:
    description: VRF to ping in. V(cx) only.
    type: str
  loopback_port:
    description: Loopback port to ping from. V(aos_s) only.
    type: int
  ip_address:
    description: Source IP address. V(aos_s) only.
    type: str
  include_raw_output:
    description: Ask the device for its own text output too (returned as RV(raw_output), and used to fill gaps).
    type: bool
    default: true
  fail_on_unreachable:
    description: Fail the task when the test completed but no echo request was answered (for compliance checks).
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
- name: Ping the DNS server from an access point
  arubacentral.troubleshooting.ping:
    cluster: de1
    client_id: "{{ central_client_id }}"
    client_secret: "{{ central_client_secret }}"
    device_type: ap
    serial_number: CNXXXXXXXX
    destination: 10.0.0.53
    count: 10
  register: dns_ping

- name: Report loss and latency
  ansible.builtin.debug:
    msg: "{{ dns_ping.result.packet_loss_percent }}% loss, {{ dns_ping.result.rtt_avg_ms }} ms average"

- name: Ping from a gateway with DF set, even in a --check run
  arubacentral.troubleshooting.ping:
    device_type: gateway
    serial_number: CNYYYYYYYY
    destination: 192.0.2.10
    packet_size: 1472
    dont_fragment: true
    fail_on_unreachable: true
  check_mode: false

- name: Start a ping and fetch the result later
  arubacentral.troubleshooting.ping:
    device_type: cx
    serial_number: SGZZZZZZZZ
    destination: www.example.com
    vrf_name: mgmt
    wait: false
  register: started
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
  sample: /network-troubleshooting/v1/aps/CNXXXXXXXX/ping/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/aps/CNXXXXXXXX/ping", "body": {"destination": "10.0.0.53"}}
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
    packets_transmitted:
      description: Echo requests sent.
      type: int
    packets_received:
      description: Echo replies received.
      type: int
    packet_loss_percent:
      description: Share of requests lost, 0 to 100.
      type: float
      sample: 20.0
    packet_size_bytes:
      description: Payload size of each request, when reported.
      type: int
    rtt_min_ms:
      description: Shortest round trip in milliseconds; null when nothing answered.
      type: float
    rtt_avg_ms:
      description: Average round trip in milliseconds; null when nothing answered.
      type: float
    rtt_max_ms:
      description: Longest round trip in milliseconds; null when nothing answered.
      type: float
    replies:
      description: Each reply (C(sequence), C(ttl), C(time_ms), C(size_bytes), C(address)); empty where the device gives none.
      type: list
      elements: dict
    reachable:
      description: Whether any request was answered.
      type: bool
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
    module = CentralModule(argument_spec=diagnostic_argument_spec("ping"), supports_check_mode=True)
    run_diagnostic(module, "ping")


if __name__ == "__main__":
    main()
