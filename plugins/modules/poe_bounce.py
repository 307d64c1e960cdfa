#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: poe_bounce
short_description: Bounce PoE on switch or gateway ports through Central
version_added: 1.0.0
description:
  - Turns Power over Ethernet of each port off and on again (for example to bring back an access point that stopped
    answering), waits for Central's answer and returns one result a port.
  - C(changed) is true when at least one port was bounced. A port Central refuses (C(Failed. Invalid port.))
    fails the task unless O(fail_on_partial=false).
  - The request is sent once and never again after a 5xx answer or a timeout; a port is never bounced twice by
    the module.
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.action_module
  - arubacentral.troubleshooting.attributes.bounce
options:
  device_type:
    description: Kind of device.
    type: str
    required: true
    choices: [gateway, cx, aos_s]
  serial_number:
    description: Serial number of the device (the stack id for a switch stack).
    type: str
    required: true
seealso:
  - module: arubacentral.troubleshooting.ping
    description: Check that the device answers again.
"""

EXAMPLES = r"""
- name: Bounce PoE on the port of the lobby AP
  arubacentral.troubleshooting.poe_bounce:
    device_type: cx
    serial_number: SG12345678
    ports: [1/1/7]

- name: Plan only (with --check --diff the ports are shown)
  arubacentral.troubleshooting.poe_bounce:
    device_type: aos_s
    serial_number: CN0ABCDEFG
    ports: ["5-7"]
  check_mode: true
"""

RETURN = r"""
status:
  description: Central's status of the action when it was accepted (then, for a bounce, when it ended).
  returned: success
  type: str
  sample: INITIATED
start_time:
  description: When Central started the action.
  returned: success
  type: str
  sample: "2026-11-27T05:40:00.000000000Z"
would_start:
  description: In check mode, the request the module would send (C(method), C(path), C(body)); nothing is sent.
  returned: check mode
  type: dict
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/cx/SG12345678/poeBounce", "body": {"ports": ["1/1/1"]}}
status_code:
  description: HTTP status of Central's answer, when the task failed on one.
  returned: failure
  type: int
  sample: 409
error_code:
  description: Central's error code, when it gave one (C(HPE_GL_ERROR_DEVICE_NOT_READY) is a busy device).
  returned: failure
  type: str
  sample: HPE_GRAVITY_DEVICE_NOT_READY
hint:
  description: What to do about the failure.
  returned: failure
  type: str
  sample: The device is online but busy with another operation (rebooting, locating); run again once it is done.
location:
  description: Where Central reports the bounce's result (followed by the module).
  returned: success
  type: str
  sample: /network-troubleshooting/v1/cx/SG12345678/poeBounce/async-operations/5e219671-05bf-4ca1-8e05-d9c3b83b934d
task_id:
  description: The bounce's task id (the last segment of RV(location)).
  returned: success
  type: str
  sample: 5e219671-05bf-4ca1-8e05-d9c3b83b934d
outcome:
  description: V(succeeded) when Central finished the bounce (whatever each port did), V(failed) when it failed.
  returned: success
  type: str
  sample: succeeded
ports:
  description: One entry an asked port, in the order asked.
  returned: success
  type: list
  elements: dict
  contains:
    port:
      description: The port as asked (Central may spell it differently, for example C(0/0/0) for C(GE 0/0/0)).
      type: str
      sample: 1/1/1
    status:
      description: Central's status for the port, as given.
      type: str
      sample: Bounced
    bounced:
      description: Whether the port was bounced.
      type: bool
      sample: true
    reason:
      description: Why the port was not bounced (null when it was).
      type: str
      sample: Invalid port.
output:
  description: Central's own answer (C(ports) and C(results)).
  returned: success
  type: dict
fail_reason:
  description: Central's reason when the bounce failed as a whole.
  returned: success
  type: str
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    action_argument_spec,

    run_remediation,

)


def main():
    module = CentralModule(argument_spec=action_argument_spec("poe_bounce"), supports_check_mode=True)
    run_remediation(module, "poe_bounce")


if __name__ == "__main__":
    main()
