#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: reboot
short_description: Reboot an access point, gateway or switch through Central
version_added: 1.0.0
description:
  - Asks Central to reboot the device. Central answers at once and gives nothing to follow; the module reports
    the reboot as started (C(changed=true)); the device goes offline for a while.
  - The request is sent once and never again after a 5xx answer or a timeout, since the device may already be
    rebooting. A second reboot while the first runs fails with C(Device busy) (HTTP 409, C(DEVICE_NOT_READY)).
  - Halting a gateway is left out on purpose, since bringing it back needs someone on site.
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.action_module
options:
  device_type:
    description: Kind of device.
    type: str
    required: true
    choices: [ap, gateway, cx, aos_s]
  serial_number:
    description: Serial number of the device (the stack id for a switch stack).
    type: str
    required: true
seealso:
  - module: arubacentral.troubleshooting.ping
    description: Check that the device answers again.
"""

EXAMPLES = r"""
- name: Reboot the lobby access point
  arubacentral.troubleshooting.reboot:
    device_type: ap
    serial_number: CNXXXXXXXX

- name: Show what would be rebooted, sending nothing
  arubacentral.troubleshooting.reboot:
    device_type: cx
    serial_number: SG12345678
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
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/cx/SG12345678/reboot", "body": {}}
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
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    action_argument_spec,

    run_remediation,

)


def main():
    module = CentralModule(argument_spec=action_argument_spec("reboot"), supports_check_mode=True)
    run_remediation(module, "reboot")


if __name__ == "__main__":
    main()
