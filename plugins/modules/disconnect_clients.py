#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: disconnect_clients
short_description: Disconnect wireless or gateway clients through Central
version_added: 1.0.0
description:
  - Asks Central to disconnect clients from an access point (all of them, one MAC address, or the clients of one
    network) or from a gateway (all of them, or one MAC address). Clients usually reconnect at once; use it to
    make a client renegotiate, not to keep it out.
  - Central answers at once and gives nothing to follow; the module reports the disconnect as started
    (C(changed=true)). In check mode nothing is sent.
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
    choices: [ap, gateway]
  serial_number:
    description: Serial number of the access point or gateway.
    type: str
    required: true
  mac_address:
    description:
      - Disconnect only this client (any usual spelling; sent as C(aa:bb:cc:dd:ee:ff)).
      - Without O(mac_address) and O(ssid), every client is disconnected.
    type: str
  ssid:
    description: Disconnect only the clients of this network (SSID). V(ap) only.
    type: str
seealso:
  - module: arubacentral.troubleshooting.ping
    description: Check what the clients reach once they reconnect.
"""

EXAMPLES = r"""
- name: Make one client reconnect to the lobby AP
  arubacentral.troubleshooting.disconnect_clients:
    device_type: ap
    serial_number: CNXXXXXXXX
    mac_address: AA-BB-CC-DD-EE-FF

- name: Disconnect every client of the guest network from that AP
  arubacentral.troubleshooting.disconnect_clients:
    device_type: ap
    serial_number: CNXXXXXXXX
    ssid: guest
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
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/aps/CNXXXXXXXX/disconnectUserByMacAddress", "body": {"userMacAddress": "aa:bb:cc:dd:ee:ff"}}
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

    run_disconnect,

)


def main():
    module = CentralModule(argument_spec=action_argument_spec("disconnect_clients", mac_address=dict(type="str"),
                                                              ssid=dict(type="str")),
                           mutually_exclusive=[("mac_address", "ssid")], supports_check_mode=True)
    run_disconnect(module)


if __name__ == "__main__":
    main()
