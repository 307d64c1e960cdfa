#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ping_sweep
short_description: Ping sweep over a range of packet sizes from a gateway managed by HPE Aruba Networking Central
version_added: 0.1.0
description:
  - Asks Central to ping from a gateway with packet sizes from O(start_packet_size) to O(end_packet_size) every
    O(sweep_interval) bytes, O(count) times each, and returns the largest size that got through without loss
    (a path MTU probe).
  - Central accepts 1 to 100 echo requests in all (O(count) times the number of sizes); more is an error before
    anything is sent.
  - A diagnostic changes no configuration, so the module never reports C(changed).
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
    choices: [gateway]
  destination:
    description: Host name, IPv4 or IPv6 address to ping.
    type: str
    required: true
  start_packet_size:
    description: First (smallest) packet size in bytes, at least 1.
    type: int
    required: true
  end_packet_size:
    description: Last (largest) packet size in bytes, at least O(start_packet_size).
    type: int
    required: true
  sweep_interval:
    description: Step between two sizes in bytes, at least 1.
    type: int
    required: true
  count:
    description: How many times each size is sent, 1 to 100. Central sends each size 5 times when not set.
    type: int
  include_raw_output:
    description: Ask the device for its own text output too (returned as RV(raw_output), and used to fill gaps).
    type: bool
    default: true
  fail_on_unreachable:
    description: Fail the task when the test completed but no request of any size was answered (for compliance checks).
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
- name: Find the largest packet that reaches the data center from a branch gateway
  arubacentral.troubleshooting.ping_sweep:
    cluster: de1
    client_id: "{{ central_client_id }}"
    client_secret: "{{ central_client_secret }}"
    device_type: gateway
    serial_number: CNYYYYYYYY
    destination: 10.10.0.1
    start_packet_size: 1360
    end_packet_size: 1480
    sweep_interval: 20
    count: 2
  register: sweep

- name: The path must carry 1400-byte packets
  ansible.builtin.assert:
    that: sweep.result.largest_size_without_loss >= 1400
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
  sample: /network-troubleshooting/v1/gateways/CNYYYYYYYY/pingSweep/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/gateways/CNYYYYYYYY/pingSweep",
           "body": {"destination": "10.10.0.1", "startPacketSize": 1360, "endPacketSize": 1480, "sweepInterval": 20}}
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
    packets_transmitted:
      description: Echo requests sent, all sizes together.
      type: int
    packets_received:
      description: Echo replies received.
      type: int
    success_rate_percent:
      description: Share of requests answered, 0 to 100.
      type: float
    rtt_min_ms:
      description: Shortest round trip in milliseconds.
      type: float
    rtt_avg_ms:
      description: Average round trip in milliseconds.
      type: float
    rtt_max_ms:
      description: Longest round trip in milliseconds.
      type: float
    replies:
      description: Each request (C(iteration), C(request_id), C(size_bytes), C(timed_out)).
      type: list
      elements: dict
    largest_size_without_loss:
      description: Largest size in bytes of which no request timed out; null if every size was lost.
      type: int
      sample: 1460
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
    module = CentralModule(argument_spec=diagnostic_argument_spec("ping_sweep"), supports_check_mode=True)
    run_diagnostic(module, "ping_sweep")


if __name__ == "__main__":
    main()
