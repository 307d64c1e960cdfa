#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: test_result_info
short_description: Fetch the status and result of a diagnostic test run by HPE Aruba Networking Central
version_added: 0.1.0
description:
  - Reads one diagnostic test task that Central runs on an access point, gateway or switch (any test of the
    collection, started by its module, by M(arubacentral.troubleshooting.fleet_diagnostics) or elsewhere), and
    returns its status, timing, the device's raw output and a normalized, typed O(test) result.
  - Optionally waits until the test has finished.
  - Read-only; it never changes anything and runs in check mode too.
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.info_module
options:
  device_type:
    description:
      - Type of the device that runs the test. Required with O(task_id); taken from O(location) otherwise.
    type: str
    choices: [ap, gateway, cx, aos_s]
  test:
    description:
      - The test the task belongs to, by the collection's name (V(arp_table) is Central's C(getArpTable),
        V(speedtest) a gateway's C(iperf)). The guide's operation table says which device type runs which test.
      - Required with O(task_id); taken from O(location) otherwise.
    type: str
    choices: [ping, traceroute, ping_sweep, nslookup, http, https, tcp, aaa, arp_table, speedtest, cable_test, show_command]
  serial_number:
    description:
      - Serial number of the device (for a switch stack, the stack ID). Letters, digits, V(-) and V(_) only.
      - Required with O(task_id); taken from O(location) otherwise.
    type: str
  task_id:
    description:
      - ID of the test task (the last segment of the C(location) a start call returned).
      - Exactly one of O(task_id) and O(location) is required.
    type: str
  location:
    description:
      - The C(location) returned when the test was started, for example the RV(arubacentral.troubleshooting.ping#module:location)
        of M(arubacentral.troubleshooting.ping).
    type: str
  wait:
    description: Wait until the test has completed or failed, instead of returning its current state.
    type: bool
    default: false
  wait_timeout:
    description: With O(wait), seconds to wait before the task fails with the last known state.
    type: float
    default: 300
  poll_interval:
    description:
      - With O(wait), the least number of seconds between two reads of the task. Later reads are spaced by the
        time the test's progress says it still needs (at most 30 seconds apart).
    type: float
    default: 2
notes:
  - RV(outcome) is V(failed) when Central reports C(FAILED), and also when it reports C(COMPLETED) with a
    C(failReason) and no output (for example C(Destination not resolved)).
seealso:
  - module: arubacentral.troubleshooting.ping
  - module: arubacentral.troubleshooting.traceroute
  - module: arubacentral.troubleshooting.ping_sweep
"""

EXAMPLES = r"""
- name: Read a ping result started earlier and wait for it to finish
  arubacentral.troubleshooting.test_result_info:
    cluster: de1
    client_id: "{{ central_client_id }}"
    client_secret: "{{ central_client_secret }}"
    device_type: ap
    test: ping
    serial_number: CNXXXXXXXX
    task_id: 3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
    wait: true
  register: ping_result

- name: Fail when the access point lost more than 10% of the packets
  ansible.builtin.assert:
    that:
      - ping_result.outcome == 'succeeded'
      - ping_result.result.packet_loss_percent <= 10
    fail_msg: "{{ ping_result.result.packet_loss_percent }}% loss to {{ ping_result.result.destination }}"

- name: Read a task by the location a start call returned (connection options from module_defaults)
  arubacentral.troubleshooting.test_result_info:
    location: /network-troubleshooting/v1/gateways/CNYYYYYYYY/traceroute/async-operations/6f1d2c3b-4a59-4e8f-9a7b-0c1d2e3f4a5b
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
  description: ID of the test task.
  returned: success
  type: str
  sample: 3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
location:
  description: Path of the task under the base URL.
  returned: success
  type: str
  sample: /network-troubleshooting/v1/aps/CNXXXXXXXX/ping/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it.
  returned: success
  type: str
  sample: COMPLETED
outcome:
  description:
    - V(succeeded), V(failed) or V(running). A test that completed with a C(failReason) and no output is V(failed).
  returned: success
  type: str
  sample: succeeded
progress_percent:
  description: Progress reported by Central, 0 to 100.
  returned: success
  type: int
  sample: 100
start_time:
  description: When the test started (RFC 3339).
  returned: success
  type: str
  sample: "2025-05-20T13:07:48.849780286Z"
end_time:
  description: When the test ended (RFC 3339); null while it runs.
  returned: success
  type: str
  sample: "2025-05-20T13:08:04.034123064Z"
duration_seconds:
  description: Seconds from start to end; null while the test runs.
  returned: success
  type: float
  sample: 15.184
fail_reason:
  description: Why the test failed, as Central says; null otherwise.
  returned: success
  type: str
  sample: Destination not resolved
raw_output:
  description: The device's own text output, when the test was started with C(includeRawOutput).
  returned: success
  type: str
output:
  description: The test output exactly as Central returned it (every value a string).
  returned: success
  type: dict
result:
  description:
    - The output normalized and typed. Null unless RV(outcome) is V(succeeded).
    - The keys below are those of V(ping), V(traceroute) and V(ping_sweep); the other tests return the RV(result)
      their module documents (M(arubacentral.troubleshooting.nslookup), M(arubacentral.troubleshooting.http_test),
      M(arubacentral.troubleshooting.tcp_test), M(arubacentral.troubleshooting.aaa_test),
      M(arubacentral.troubleshooting.arp_table_info), M(arubacentral.troubleshooting.speedtest),
      M(arubacentral.troubleshooting.cable_test), M(arubacentral.troubleshooting.show_command)).
    - Values the device did not give (C(*) or C(null) in the output) are null.
    - Hops or fields missing from Central's parsed output are filled from RV(raw_output) when it holds them.
  returned: success
  type: dict
  contains:
    destination:
      description: Destination as given to the test.
      type: str
      sample: www.google.com
    resolved_ip:
      description: Address the destination resolved to (ping and traceroute), when reported.
      type: str
      sample: 142.251.46.164
    packets_transmitted:
      description: Probes sent (ping, ping sweep).
      type: int
      sample: 5
    packets_received:
      description: Probes answered (ping, ping sweep).
      type: int
      sample: 4
    packet_loss_percent:
      description: Share of probes lost, 0 to 100 (ping).
      type: float
      sample: 20.0
    success_rate_percent:
      description: Share of probes answered, 0 to 100 (ping sweep).
      type: float
      sample: 100.0
    packet_size_bytes:
      description: Payload size of each probe, when reported (ping).
      type: int
      sample: 56
    rtt_min_ms:
      description: Shortest round trip in milliseconds (ping, ping sweep).
      type: float
      sample: 200.2
    rtt_avg_ms:
      description: Average round trip in milliseconds (ping, ping sweep).
      type: float
      sample: 204.7
    rtt_max_ms:
      description: Longest round trip in milliseconds (ping, ping sweep).
      type: float
      sample: 209.8
    reachable:
      description: Whether any probe was answered (ping).
      type: bool
      sample: true
    replies:
      description:
        - Ping, each answered probe (C(sequence), C(ttl), C(time_ms), C(size_bytes), C(address)); empty where the
          device reports no per-probe detail (gateways).
        - Ping sweep, each request (C(iteration), C(request_id), C(size_bytes), C(timed_out)).
      type: list
      elements: dict
    hops:
      description:
        - Traceroute hops in order, each C(hop) (int) and C(probes), a list of C(address) (null when the probe
          got no answer), C(rtt_ms) (float or null) and C(responded) (bool).
      type: list
      elements: dict
    hop_count:
      description: Number of hops listed (traceroute).
      type: int
      sample: 5
    destination_reached:
      description: Whether the last answering hop is the destination (traceroute).
      type: bool
      sample: true
    last_responding_hop:
      description: Number of the last hop that answered (traceroute).
      type: int
      sample: 5
    recovered_hops:
      description: Hops that were missing or empty in Central's parsed output and were filled from the raw output.
      type: list
      elements: int
      sample: [3, 4]
    largest_size_without_loss:
      description: Largest probe size in bytes of which no request timed out (ping sweep).
      type: int
      sample: 1472
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import CentralModule
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import DEVICE_PATHS, TEST_PATHS
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._tasks import (
    fetch_result,
    resolve_task_reference,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError


def main():
    module = CentralModule(
        argument_spec=dict(
            device_type=dict(type="str", choices=list(DEVICE_PATHS)),
            test=dict(type="str", choices=list(TEST_PATHS)),
            serial_number=dict(type="str"),
            task_id=dict(type="str"),
            location=dict(type="str"),
            wait=dict(type="bool", default=False),
            wait_timeout=dict(type="float", default=300),
            poll_interval=dict(type="float", default=2),
        ),
        mutually_exclusive=[("task_id", "location")],
        required_one_of=[("task_id", "location")],
        required_by=dict(task_id=("device_type", "test", "serial_number")),
        supports_check_mode=True,
    )
    params = module.params
    try:
        task = resolve_task_reference(params)
        client = module.client()
        result = fetch_result(client, task, wait=params["wait"], wait_timeout=params["wait_timeout"],
                              poll_interval=params["poll_interval"])
    except CentralError as error:
        module.fail_on_error(error, **getattr(error, "partial_result", {}))
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
