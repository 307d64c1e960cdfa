#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: show_command
short_description: Run a show command on a device managed by HPE Aruba Networking Central, or list the allowed ones
version_added: 1.0.0
description:
  - Asks Central to run C(show) commands (up to 20) on an access point, gateway or switch, waits for them by
    default, and returns their text, per command in RV(result.commands); or, without O(command), returns the show
    commands Central lists for the device.
  - Central does not publish the shape of its answer to several commands; the module reads a list of
    C({command, response}) (or C(output)), such a list under C(results), C(commands), C(responses) or C(outputs),
    and a single C({command, response}). Fields it does not know are kept per command in C(other).
  - A CX switch runs only the commands of its list, so the module reads the list first and refuses a command
    that is not on it, naming the nearest allowed ones, before anything is started. The other device types list
    their most used commands only; any command that starts with C(show) is sent.
  - A show command changes nothing, so the module never reports C(changed). In check mode it starts nothing, but
    it reads the list of allowed commands (a read-only request), so a command a CX switch refuses fails there too.
  - To run a command on many devices in one task, use M(arubacentral.troubleshooting.fleet_diagnostics) with the
    test V(show_command) (there the list is not read first; Central refuses a command a CX switch does not allow).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - arubacentral.troubleshooting.test_task
options:
  device_type:
    description: Type of the device.
    type: str
    required: true
    choices: [ap, aos_s, cx, gateway]
  command:
    description:
      - The show command, one line starting with C(show), for example V(show version), or a list of 1 to 20 of them.
      - On API version V(v1) a list runs as one task (Central's C(showCommands) with C(commands)); on V(v1alpha1)
        each command is a task of its own (C(showCommand)), started one after the other.
      - Without it, the module returns RV(allowed_commands) and runs nothing.
    type: raw
  check_command:
    description: On a CX switch, read the allowed commands first and refuse a command not on the list.
    type: bool
    default: true
seealso:
  - module: arubacentral.troubleshooting.test_result_info
  - module: arubacentral.troubleshooting.fleet_diagnostics
"""

EXAMPLES = r"""
- name: Show the version of a switch
  arubacentral.troubleshooting.show_command:
    device_type: cx
    serial_number: SGZZZZZZZZ
    command: show version
  register: version

- name: Print it
  ansible.builtin.debug:
    msg: "{{ version.result.output }}"

- name: Three commands in one task (API version v1)
  arubacentral.troubleshooting.show_command:
    device_type: gateway
    serial_number: CNYYYYYYYY
    command:
      - show version
      - show uplink
      - show ip route
  register: gateway_state

- name: The routing table alone
  ansible.builtin.debug:
    msg: "{{ (gateway_state.result.commands | selectattr('command', 'equalto', 'show ip route') | first).output }}"

- name: List the commands Central allows on an access point
  arubacentral.troubleshooting.show_command:
    device_type: ap
    serial_number: CNXXXXXXXX
  register: listing
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
  sample: /network-troubleshooting/v1/cx/SGZZZZZZZZ/showCommands/async-operations/3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
would_start:
  description:
    - In check mode, the request that would start the test (C(method), C(path), C(body)); a list of them when
      several commands would run as tasks of their own (API version V(v1alpha1)).
  returned: check mode
  type: raw
  sample: {"method": "POST", "path": "/network-troubleshooting/v1/cx/SGZZZZZZZZ/showCommands", "body": {"commands": ["show version"]}}
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
    command:
      description: The command run; several are joined by C(; ).
      type: str
      sample: show version
    output:
      description: Its text output; for several commands, one block each, headed by its command line.
      type: str
    line_count:
      description: Number of lines of RV(result.output).
      type: int
    commands:
      description: Each command with its own text, in the order Central gave them.
      type: list
      elements: dict
      version_added: 2.0.0
      contains:
        command:
          description: The command.
          type: str
        output:
          description: Its text; null when Central gave none.
          type: str
        line_count:
          description: Number of lines of its text.
          type: int
        other:
          description: The fields of Central's entry for the command that the module does not know, as they came.
          type: dict
tasks:
  description: On API version V(v1alpha1) with several commands, the result of each task (one a command).
  returned: when several commands ran on v1alpha1
  type: list
  elements: dict
  version_added: 2.0.0
allowed_commands:
  description: Without O(command), the show commands Central lists for the device (the full list on a CX switch, the most used elsewhere).
  returned: when O(command) is not set
  type: list
  elements: str
  sample: [show version, show interface brief]
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import (

    CentralModule,

    run_show_command,

    show_command_argument_spec,

)


def main():
    module = CentralModule(argument_spec=show_command_argument_spec(), supports_check_mode=True)
    run_show_command(module)


if __name__ == "__main__":
    main()
