#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: locate
short_description: Blink the locator LED of an access point or switch through Central
version_added: 1.0.0
description:
  - Asks Central to blink the device's locator LED, so that someone on site finds it. Central answers at once
    and gives nothing to follow; the module reports it as started (C(changed=true)).
  - Central's request takes no duration or on/off switch; the LED blinks for the device's own locate time.
    A second request while it blinks fails with C(Device busy) (HTTP 409, C(DEVICE_NOT_READY)).
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
    choices: [ap, cx, aos_s]
  serial_number:
    description: Serial number of the device (the stack id for a switch stack).
    type: str
    required: true
seealso:
  - module: arubacentral.troubleshooting.ping
    description: Check that the device answers again.
"""

EXAMPLES = r"""
- name: Blink the LED of the switch in rack 4
  arubacentral.troubleshooting.locate:
    device_type: cx
    serial_number: SG12345678
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
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/cx/SG12345678/locate", "body": {}}
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
    module = CentralModule(argument_spec=action_argument_spec("locate"), supports_check_mode=True)
    run_remediation(module, "locate")


if __name__ == "__main__":
    main()
