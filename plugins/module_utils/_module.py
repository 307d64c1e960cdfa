# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The glue between AnsibleModule and the client
(the module runners), every CentralError turned into one clear ``fail_json``."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._actions import (
    ACTIONS,
    action_path,
    device_types_for_action,
    disconnect_operation,
    start_action,
    wait_for_ports,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._transport import REQUESTS_IMPORT_ERROR
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import CONNECTION_ARGUMENT_SPEC, build_client
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import (
    CATALOGUE,
    NEGATIVE_ANSWERS,
    SECRET_OPTIONS,
    device_types_for,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._tasks import (
    STRICT_COMMAND_LISTS,
    build_body,
    check_ports,
    check_show_command,
    check_wait_options,
    fetch_result,
    list_show_commands,
    masked,
    negative_answer,
    negative_message,
    options_for_test,
    split_commands,
    start_path,
    start_test,
    target_text,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    CentralError,
    DiagnosticFailedError,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_device import normalize_show_command


class CentralModule(AnsibleModule):
    """An AnsibleModule with the connection options added and a ``fail_on_error`` helper."""

    def __init__(self, argument_spec, **kwargs):
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        self._clients = []
        super().__init__(argument_spec=spec, **kwargs)
        if REQUESTS_IMPORT_ERROR:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)

    def central_client(self, pool_size=10):
        """A client from the task's connection options (raises ValidationError); its warnings go out with the result."""
        client = build_client(self.params, pool_size=pool_size)
        self._clients.append(client)
        return client

    def client(self, pool_size=10):
        try:
            return self.central_client(pool_size)
        except CentralError as error:
            self.fail_on_error(error)

    def _warn_from_clients(self):
        for client in self._clients:
            for warning in client.warnings:
                self.warn(warning)
        self._clients = []

    def exit_json(self, **kwargs):
        self._warn_from_clients()
        for note in kwargs.get("notes") or []:
            self.warn("Central's answer: %s" % note)
        super().exit_json(**kwargs)

    def fail_json(self, msg, **kwargs):
        self._warn_from_clients()
        super().fail_json(msg, **kwargs)

    def fail_on_error(self, error, **extra):
        """Fail the task with the mapped message and the error's fields; never a traceback."""
        result = error.to_dict()
        result.update(extra)
        result.pop("message", None)
        self.fail_json(msg=str(error), **result)


# A list of show commands is "raw": Ansible would split a string given to a list option at its commas.
_ANSIBLE_TYPES = dict(int="int", bool="bool", str="str", ip="str", destination="str", url="str", commands="raw",
                      secret="str", ports="list")


def diagnostic_argument_spec(test, also=()):
    """The argument spec of the module that starts ``test`` (and the tests ``also``: http_test runs https
    too), read from the catalogue."""
    spec = dict(
        device_type=dict(type="str", required=True, choices=device_types_for(test)),
        serial_number=dict(type="str", required=True),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="float", default=300),
        poll_interval=dict(type="float", default=2),
    )
    if test in NEGATIVE_ANSWERS:
        spec[NEGATIVE_ANSWERS[test][0]] = dict(type="bool", default=False)
    for option, field in module_options(test, also).items():
        # Required in the spec only when every device type requires it (build_body names the device type else).
        required = all(option in CATALOGUE[(device, test)] and CATALOGUE[(device, test)][option].required
                       for device in device_types_for(test))
        entry = dict(type=_ANSIBLE_TYPES[field.kind], required=required)
        if field.kind == "ports":
            entry["elements"] = "str"
        if option in SECRET_OPTIONS:
            entry["no_log"] = True
        if option == "include_raw_output":
            entry = dict(type="bool", default=True)
        spec.setdefault(option, entry)
    return spec


def module_options(test, also=()):
    """Option name -> Field of a module that runs ``test`` and the tests ``also``."""
    options = {}
    for name in (test,) + tuple(also):
        for option, field in options_for_test(name).items():
            options.setdefault(option, field)
    return options


def diagnostic_body(module, test, also=()):
    """Check the task's options for ``test`` and return (client, request body, start path); fail the task
    with the option at fault, before anything is sent. ``also``: the other tests the module runs, whose
    options it takes (an option ``test`` has not is refused by build_body)."""
    params = module.params
    try:
        check_wait_options(params["wait_timeout"], params["poll_interval"])
        client = module.central_client()
        options = dict((option, params.get(option)) for option in module_options(test, also))
        # include_raw_output defaults to true; where the device type or API version has no such field it is moot.
        field = CATALOGUE[(params["device_type"], test)].get("include_raw_output")
        if field is None or not field.sent_on(client.api_version):
            options.pop("include_raw_output", None)
        body = build_body(params["device_type"], test, options, api_version=client.api_version)
        path = start_path(client.api_version, params["device_type"], params["serial_number"], test)
    except CentralError as error:
        module.fail_on_error(error)
    return client, body, path


def run_diagnostic(module, test, prepared=None, also=()):
    """Start ``test`` on one device (not in check mode), wait if asked, and exit the module.

    A diagnostic changes no configuration, so ``changed`` is always false. ``prepared`` is what
    diagnostic_body returned, for a module that checked more before starting (show_command).
    """
    params = module.params
    device_type, serial_number = params["device_type"], params["serial_number"]
    client, body, path = prepared or diagnostic_body(module, test, also)
    if module.check_mode:
        module.exit_json(changed=False, task_id=None, location=None, status=None,
                         would_start=dict(method="POST", path=path, body=masked(device_type, test, body)))
    try:
        started = start_test(client, device_type, serial_number, test, body)
        if not params["wait"]:
            module.exit_json(changed=False, **started)
        task = dict(started, device_type=device_type, serial_number=serial_number, test=test, body=body)
        result = fetch_result(client, task, wait=True, wait_timeout=params["wait_timeout"],
                              poll_interval=params["poll_interval"])
    except CentralError as error:
        module.fail_on_error(error, **getattr(error, "partial_result", {}))
    if result["outcome"] == "failed":
        error = DiagnosticFailedError("%s on %s ended %s: %s (task %s)" % (
            test, serial_number, result["status"], result["fail_reason"] or "no reason given", result["task_id"]))
        module.fail_on_error(error, **result)
    if test in NEGATIVE_ANSWERS and params[NEGATIVE_ANSWERS[test][0]] and negative_answer(test, result["result"]):
        module.fail_json(msg="%s from %s: %s (task %s)" % (
            test, serial_number, negative_message(test, target_text(device_type, test, body)), result["task_id"]),
            changed=False, **result)
    module.exit_json(changed=False, **result)


def show_command_argument_spec():
    spec = diagnostic_argument_spec("show_command")
    spec["command"]["required"] = False
    spec["check_command"] = dict(type="bool", default=True)
    return spec


def run_show_command(module):
    """show_command: without a command, list the allowed ones; with some, refuse what a strict list (CX)
    does not have, before starting anything (the listing is a read, so it runs in check mode too).
    v1 runs up to 20 commands in one task; v1alpha1 one a task, started one after the other."""
    params = module.params
    device_type, serial_number = params["device_type"], params["serial_number"]
    if params["command"] is None:
        try:
            client = module.central_client()
            commands = list_show_commands(client, device_type, serial_number)
        except CentralError as error:
            module.fail_on_error(error)
        module.exit_json(changed=False, allowed_commands=commands)
    client, body, path = diagnostic_body(module, "show_command")
    bodies = split_commands(body, client.api_version)
    if params["check_command"] and device_type in STRICT_COMMAND_LISTS:
        try:
            allowed = list_show_commands(client, device_type, serial_number)
            for command in [one["commands" if "commands" in one else "command"] for one in bodies]:
                for each in command if isinstance(command, list) else [command]:
                    check_show_command(device_type, each, allowed)
        except CentralError as error:
            module.fail_on_error(error)
    if len(bodies) == 1:
        run_diagnostic(module, "show_command", prepared=(client, body, path))
    if module.check_mode:
        module.exit_json(changed=False, task_id=None, location=None, status=None,
                         would_start=[dict(method="POST", path=path, body=one) for one in bodies])
    tasks = []
    try:
        for one in bodies:
            started = start_test(client, device_type, serial_number, "show_command", one)
            tasks.append(fetch_result(client, dict(started, device_type=device_type, serial_number=serial_number,
                                                   test="show_command", body=one),
                                      wait=True, wait_timeout=params["wait_timeout"],
                                      poll_interval=params["poll_interval"]))
    except CentralError as error:
        module.fail_on_error(error, tasks=tasks, **getattr(error, "partial_result", {}))
    merged = dict(tasks[0], tasks=tasks, outcome="failed" if any(task["outcome"] == "failed" for task in tasks)
                  else "succeeded")
    entries = [entry for task in tasks for entry in ((task["result"] or {}).get("commands") or [])]
    merged["result"] = normalize_show_command([dict(entry["other"], command=entry["command"], response=entry["output"])
                                               for entry in entries]) if entries else None
    if merged["outcome"] == "failed":
        failed = [task for task in tasks if task["outcome"] == "failed"]
        module.fail_json(msg="show_command on %s: %d of %d commands failed: %s" % (
            serial_number, len(failed), len(tasks), failed[0]["fail_reason"] or "no reason given"),
            changed=False, **merged)
    module.exit_json(changed=False, **merged)


def action_argument_spec(action, **extra):
    """The argument spec of a remediation module: the device, and what the action takes."""
    spec = dict(device_type=dict(type="str", required=True, choices=list(device_types_for_action(action))),
                serial_number=dict(type="str", required=True))
    if ACTIONS[action]["polled"]:
        spec.update(ports=dict(type="list", elements="str", required=True),
                    fail_on_partial=dict(type="bool", default=True),
                    wait_timeout=dict(type="float", default=120), poll_interval=dict(type="float", default=2))
    spec.update(extra)
    return spec


def run_remediation(module, action, body=None, operation=None):
    """Carry out ``action`` on one device once (nothing in check mode) and exit the module.

    ``changed`` is true when Central carried the action out (for a bounce: on at least one port);
    in check mode it says what would change, with the request in ``would_start``.
    """
    params = module.params
    device_type, serial_number = params["device_type"], params["serial_number"]
    ports = params.get("ports")
    body = dict(body or {})
    try:
        if ports is not None:
            check_ports(device_type, ports)
            check_wait_options(params["wait_timeout"], params["poll_interval"])
            body["ports"] = ports
        client = module.central_client()
        path = action_path(client.api_version, device_type, serial_number, action, operation)
    except CentralError as error:
        module.fail_on_error(error)
    would_start = dict(method="POST", path=path, body=body)
    plan = "%s on %s %s%s" % (action, device_type, serial_number, ": ports " + ", ".join(ports) if ports else "")
    diff = dict(before="", after=plan + "\n") if ports else None
    if module.check_mode:
        module.exit_json(changed=True, would_start=would_start, **(dict(diff=diff) if diff and module._diff else {}))
    result = dict(changed=False)
    try:
        started = start_action(client, path, body)
        result.update(changed=True, **started)
        if not ACTIONS[action]["polled"]:
            module.exit_json(**result)
        fields, port_results = wait_for_ports(client, started, ports, serial_number, params["wait_timeout"],
                                              params["poll_interval"], device_type, path.rsplit("/", 1)[-1])
    except CentralError as error:
        # Once Central accepted the start, the action may have been carried out: changed stays true.
        module.fail_on_error(error, **result)
    bounced = [entry for entry in port_results if entry["bounced"]]
    result.update(fields, ports=port_results, changed=bool(bounced))
    if diff and module._diff:
        result["diff"] = diff
    not_bounced = [entry for entry in port_results if not entry["bounced"]]
    if fields["outcome"] == "failed":
        module.fail_json(msg="%s failed: %s" % (plan, fields["fail_reason"] or "no reason given"), **result)
    if not_bounced and params["fail_on_partial"]:
        module.fail_json(msg="%s: %d of %d ports not bounced: %s" % (
            plan, len(not_bounced), len(port_results),
            "; ".join("%s (%s)" % (entry["port"], entry["reason"]) for entry in not_bounced)), **result)
    module.exit_json(**result)


def run_disconnect(module):
    """disconnect_clients: pick the operation for the device type and what is disconnected, then run it."""
    params = module.params
    try:
        operation, body = disconnect_operation(params["device_type"], params["mac_address"], params["ssid"])
    except CentralError as error:
        module.fail_on_error(error)
    run_remediation(module, "disconnect_clients", body, operation)
