#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: speedtest
short_description: Measure throughput from an access point or gateway to an iperf3 server via HPE Aruba Networking Central
version_added: 1.0.0
description:
  - Asks Central to run a speed test from one device to an iperf3 server (the access point's C(speedtest), the
    gateway's C(iperf)), waits for it by default (about 10 seconds), and returns the throughput in Mbps, typed,
    next to Central's output.
  - An access point reports each direction it measured (null for the other); a gateway reports its upload as the
    sender and the receiver saw it, and one figure a second.
  - A diagnostic changes no configuration, so the module never reports C(changed); in check mode it starts nothing.
  - To run it on many devices in one task, use M(arubacentral.troubleshooting.fleet_diagnostics) with the
    test V(speedtest).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device. V(ap) runs Central's C(speedtest), V(gateway) its C(iperf).
    type: str
    required: true
    choices: [ap, gateway]
  server:
    description: Address or host name of the iperf3 server (Central's C(iperfServerAddress)).
    type: str
    required: true
  protocol:
    description:
      - Transport of the test, V(tcp) or V(udp); the device's default (TCP) when not set. API version V(v1) only; sent only when set.
    type: str
    version_added: 2.0.0
  server_port:
    description:
      - Port of the iperf3 server, 0 to 65535 on an access point (Central's C(serverPort)), 1 to 65535 on a gateway
        (C(port)). API version V(v1) only; sent only when set.
    type: int
    version_added: 2.0.0
  include_reverse:
    description:
      - Measure the other direction too (Central's C(includeReverse)). API version V(v1) only; sent only when set.
    type: bool
    version_added: 2.0.0
  duration:
    description:
      - Seconds to measure, 1 to 20 on an access point (Central's C(secondsToMeasure)), 10 to 120 on a gateway
        (C(duration)). API version V(v1) only; sent only when set.
    type: int
    version_added: 2.0.0
  parallel:
    description:
      - Parallel streams, 1 to 30 on an access point, 1 to 128 on a gateway (Central's C(parallel)). API version V(v1) only; sent only when set.
    type: int
    version_added: 2.0.0
  omit:
    description:
      - Seconds at the start left out of the figures (TCP slow start), 1 to 5 on an access point, 0 or more on a
        gateway (Central's C(omit)). API version V(v1) only; sent only when set.
    type: int
    version_added: 2.0.0
  bandwidth:
    description:
      - Target bandwidth of the test, at least 1 (Central's C(bandwidth)). V(ap) only. API version V(v1) only; sent only when set.
    type: int
    version_added: 2.0.0
  window_size:
    description:
      - TCP window size, 65 to 1638 (Central's C(windowSize)). V(ap) only. API version V(v1) only; sent only when set.
    type: int
    version_added: 2.0.0
  vlan_interface:
    description:
      - VLAN interface the gateway runs the test from (Central's C(vlanInterface)). V(gateway) only. API version V(v1) only; sent only when set.
    type: str
    version_added: 2.0.0
  include_raw_output:
    description:
      - Ask the gateway for its own text output as well (RV(raw_output)). Sent only on a gateway with API version V(v1); elsewhere it has no effect.
    type: bool
    default: true
    version_added: 2.0.0
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Measure the branch uplink from its gateway
  arubacentral.troubleshooting.speedtest:
    device_type: gateway
    serial_number: CNYYYYYYYY
    server: iperf.example.com
  register: speed

- name: Both directions over UDP for 30 seconds, four streams (API version v1)
  arubacentral.troubleshooting.speedtest:
    device_type: gateway
    serial_number: CNYYYYYYYY
    server: iperf.example.com
    protocol: udp
    include_reverse: true
    duration: 30
    parallel: 4

- name: Require 50 Mbps
  ansible.builtin.assert:
    that: speed.result.upstream_mbps >= 50
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
  sample: /network-troubleshooting/v1/gateways/CNYYYYYYYY/iperf/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/gateways/CNYYYYYYYY/iperf", "body": {"iperfServerAddress": "iperf.example.com"}}
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
    server:
      description: The iperf3 server.
      type: str
      sample: 84.17.57.129
    server_port:
      description: The server's port (access point), when given.
      type: int
    protocol:
      description: V(TCP) or V(UDP), when given.
      type: str
      sample: TCP
    duration_seconds:
      description: Length of the measurement (access point), when given.
      type: float
    upstream_mbps:
      description: Upload throughput in Mbps that arrived (access point, upstream; gateway, the receiver's figure); null when not measured.
      type: float
      sample: 7.67
    downstream_mbps:
      description: Download throughput in Mbps (access point); null when not measured.
      type: float
    sender_mbps:
      description: The gateway's send rate in Mbps.
      type: float
      sample: 9.58
    receiver_mbps:
      description: The rate the iperf3 server received from the gateway, in Mbps.
      type: float
      sample: 7.67
    upstream_bytes:
      description: Bytes sent up.
      type: int
    downstream_bytes:
      description: Bytes received (access point), when measured.
      type: int
    received_bytes:
      description: Bytes the server received (gateway).
      type: int
    upstream_retries:
      description: TCP retransmissions up (access point).
      type: int
    downstream_retries:
      description: TCP retransmissions down (access point).
      type: int
    upstream_jitter_ms:
      description: UDP jitter up in milliseconds (access point).
      type: float
    downstream_jitter_ms:
      description: UDP jitter down in milliseconds (access point).
      type: float
    upstream_lost_packets:
      description: UDP packets lost up (access point).
      type: int
    downstream_lost_packets:
      description: UDP packets lost down (access point).
      type: int
    intervals:
      description: Per-second figures (gateway), each C(start_seconds), C(end_seconds), C(transfer_bytes) and C(bandwidth_mbps).
      type: list
      elements: dict
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    diagnostic_argument_spec,

    run_diagnostic,

)


def main():
    module = CentralModule(argument_spec=diagnostic_argument_spec('speedtest'), supports_check_mode=True)
    run_diagnostic(module, 'speedtest')


if __name__ == "__main__":
    main()
