#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: http_test
short_description: Fetch a URL from an access point, gateway or CX switch managed by HPE Aruba Networking Central
version_added: 1.0.0
description:
  - Asks Central to fetch a URL from one device (Central's C(http) or C(https) test), waits for it by default,
    and returns status codes, latency and download figures, typed, next to Central's output.
  - An C(https://) URL runs Central's C(https) test on access points and gateways; any other URL runs C(http).
    A CX switch has only the C(http) test, which takes C(https://) URLs too.
  - The three device types answer in very different shapes; RV(result) reads each and leaves null what a
    device does not measure (an access point gives no status code, a CX switch no download size).
  - A diagnostic changes no configuration, so the module never reports C(changed); in check mode it starts nothing.
  - To run it on many devices in one task, use M(arubacentral.troubleshooting.fleet_diagnostics) with the
    test V(http).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device. V(cx) is an AOS-CX switch; AOS-S switches have no HTTP test.
    type: str
    required: true
    choices: [ap, cx, gateway]
  url:
    description:
      - URL to fetch, with or without C(http://) or C(https://), for example V(https://app.example.com/health).
      - An C(https://) URL runs Central's C(https) test on an access point or gateway; a CX switch runs both through
        its C(http) test and, on API version V(v1), is told the scheme in C(protocol) (V(HTTP) or V(HTTPS)).
    type: str
    required: true
  timeout:
    description: Seconds the access point waits for an C(https://) URL, 1 to 10. V(ap) and C(https://) only, API version V(v1) only.
    type: int
    version_added: 2.0.0
  count:
    description: How many times the gateway fetches an C(https://) URL, 1 to 10. V(gateway) and C(https://) only, API version V(v1) only.
    type: int
    version_added: 2.0.0
  interval:
    description: Seconds between the gateway's fetches of an C(https://) URL, 1 to 10. V(gateway) and C(https://) only, API version V(v1) only.
    type: int
    version_added: 2.0.0
  include_raw_output:
    description:
      - Ask for the device's own text output as well (RV(raw_output)). Sent only where the test takes it (the
        gateway's C(https) test on API version V(v1)); elsewhere it has no effect.
    type: bool
    default: true
    version_added: 2.0.0
  vrf:
    description: VRF the switch fetches the URL from (Central's C(vrf)). V(cx) only, API version V(v1) only.
    type: str
    version_added: 2.0.0
  fail_on_unreachable:
    description: Fail the task when the test completed but the URL gave no successful answer (see RV(result.success)).
    type: bool
    default: false
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Fetch the SaaS health page from a branch gateway
  arubacentral.troubleshooting.http_test:
    device_type: gateway
    serial_number: CNYYYYYYYY
    url: https://app.example.com/health
    fail_on_unreachable: true
  register: web

- name: Assert a 2xx answer within 500 ms
  ansible.builtin.assert:
    that:
      - web.result.status_codes | select('lt', 300) | list | length > 0
      - web.result.latency_avg_ms < 500
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
  sample: /network-troubleshooting/v1/gateways/CNYYYYYYYY/https/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/gateways/CNYYYYYYYY/https", "body": {"url": "https://app.example.com/health"}}
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
    url:
      description: The URL fetched.
      type: str
      sample: https://app.example.com/health
    success:
      description:
        - Whether the URL answered. Access point, something was downloaded; gateway, at least one
          C(2xx) or C(3xx) status; CX switch, a probe was answered with no HTTP or DNS error.
      type: bool
      sample: true
    success_rate_percent:
      description: Share of probes answered, 0 to 100 (gateway, CX switch); null on an access point.
      type: float
      sample: 100.0
    latency_min_ms:
      description: Shortest answer time in milliseconds (gateway, CX switch).
      type: float
    latency_avg_ms:
      description: Average answer time in milliseconds (gateway, CX switch).
      type: float
      sample: 407.0
    latency_max_ms:
      description: Longest answer time in milliseconds (gateway, CX switch).
      type: float
    status_codes:
      description: The HTTP status code of each answer, as integers (gateway).
      type: list
      elements: int
      sample: [200, 200]
    responses:
      description:
        - Each answer (gateway), with C(number), C(status_code) (int), C(status_text), C(bytes), C(time_ms) and
          C(download_rate_kbps).
      type: list
      elements: dict
    downloaded_bytes:
      description: Bytes downloaded in all (the access point's total, or the sum of the gateway's answers).
      type: int
      sample: 19456
    download_rate_kbps:
      description: Download rate in kilobits per second (the access point's, or the gateway's average).
      type: float
      sample: 125.0
    probes_sent:
      description: Probes sent (gateway, CX switch).
      type: int
    probes_answered:
      description: Probes answered (gateway, CX switch).
      type: int
    probes_timed_out:
      description: Probes that timed out (CX switch).
      type: int
    dns_failures:
      description: Name resolution failures (CX switch).
      type: int
    resolved_ip:
      description: Address the host resolved to (CX switch), when given.
      type: str
    http_error:
      description: The HTTP or DNS error a CX switch reports, when any.
      type: str
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    diagnostic_argument_spec,

    run_diagnostic,

)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._tasks import http_operation


def main():
    module = CentralModule(argument_spec=diagnostic_argument_spec("http", also=("https",)), supports_check_mode=True)
    run_diagnostic(module, http_operation(module.params["device_type"], module.params["url"]), also=("http", "https"))


if __name__ == "__main__":
    main()
