# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Remediation actions on many devices at once (fleet_remediation).

One client (one token, one connection pool, one rate limiter) for all; each action is sent at
most once (never again after a 5xx or a timeout, and never again by a re-run with the same
journal); once ``max_failures`` actions have failed, no new one is started.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._actions import (
    ACTIONS,
    action_path,
    disconnect_operation,
    start_action,
    wait_for_ports,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import DEVICE_PATHS
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._tasks import check_ports, check_wait_options
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError, ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._fleet import check_item
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._journal import assign_journal_keys

REMEDIATION_ARGUMENT_SPEC = dict(
    actions=dict(type="list", elements="dict", required=True),
    allow_changes=dict(type="bool", default=False),
    max_failures=dict(type="int", default=1),
    max_concurrency=dict(type="int", default=5),
    fail_on_partial=dict(type="bool", default=True),
    wait_timeout=dict(type="float", default=120),
    poll_interval=dict(type="float", default=2),
    journal=dict(type="path"),
)
_ITEM_KEYS = {"action", "device_type", "serial_number", "name", "ports", "mac_address", "ssid"}


def check_remediation_options(params):
    check_wait_options(params["wait_timeout"], params["poll_interval"])
    if params["max_failures"] < 1:
        raise ValidationError("max_failures must be at least 1 (got %d)" % params["max_failures"])
    if params["max_concurrency"] < 1:
        raise ValidationError("max_concurrency must be at least 1 (got %d)" % params["max_concurrency"])


def prepare_actions(items, api_version):
    """Validate every item before anything is sent; return one prepared action an item."""
    if not items:
        raise ValidationError("actions must list at least one action")
    prepared = []
    for index, item in enumerate(items):
        where = "actions[%d]: " % index
        check_item(item, where, (("action", ACTIONS), ("device_type", DEVICE_PATHS), ("serial_number", None)))
        unknown = sorted(set(item) - _ITEM_KEYS)
        if unknown:
            raise ValidationError("%sunknown key(s) %s; allowed: %s"
                                  % (where, ", ".join(unknown), ", ".join(sorted(_ITEM_KEYS))))
        action, device_type = item.get("action"), item.get("device_type")
        if action not in ACTIONS:
            raise ValidationError("%saction must be one of %s (got %r)" % (where, ", ".join(ACTIONS), action))
        if not item.get("serial_number") or not device_type:
            raise ValidationError("%sdevice_type and serial_number are required" % where)
        try:
            body, operation, ports = {}, None, None
            if ACTIONS[action]["polled"]:
                ports = [str(port) for port in item.get("ports") or []]
                check_ports(device_type, ports)
                body["ports"] = ports
            elif action == "disconnect_clients":
                operation, body = disconnect_operation(device_type, item.get("mac_address"), item.get("ssid"))
            path = action_path(api_version, device_type, item["serial_number"], action, operation)
        except ValidationError as error:
            raise ValidationError(where + error.message)
        prepared.append(dict(index=index, name=item.get("name") or item["serial_number"], action=action,
                             device_type=device_type, serial_number=item["serial_number"], path=path, body=body,
                             ports=ports, operation=path.rsplit("/", 1)[-1]))
    return prepared


def planned_actions(prepared):
    """What check mode (or a run without allow_changes) would send: one entry an action."""
    return [dict(index=item["index"], name=item["name"], action=item["action"], device_type=item["device_type"],
                 serial_number=item["serial_number"],
                 would_start=dict(method="POST", path=item["path"], body=item["body"]))
            for item in prepared]


def run_actions(client, prepared, max_failures=1, max_concurrency=5, fail_on_partial=True, wait_timeout=120.0,
                poll_interval=2.0, journal=None):
    """Carry out ``prepared`` actions; return (results in input order, summary).

    Each result's ``outcome``: started (no answer to follow), succeeded (every port bounced),
    partial (some ports not), failed (Central failed it), error (the request failed) or skipped
    (not started: max_failures reached). error, failed, and partial with ``fail_on_partial``
    count as failures."""
    lock = threading.Lock()
    failures = [0]
    keys = dict((item["index"], dict(device_type=item["device_type"], serial_number=item["serial_number"],
                                     test=item["operation"], body=item["body"])) for item in prepared)
    if journal is not None:
        assign_journal_keys(list(keys.values()))

    def run_one(item):
        fields = dict(index=item["index"], name=item["name"], action=item["action"], device_type=item["device_type"],
                      serial_number=item["serial_number"], changed=False, outcome="skipped", from_journal=False,
                      status=None, start_time=None, location=None, task_id=None, ports=None, error=None)
        with lock:
            if failures[0] >= max_failures:
                fields["error"] = dict(message="not started: %d action(s) failed, max_failures is %d"
                                       % (failures[0], max_failures))
                return fields
        key = keys[item["index"]]
        try:
            started = journal.started(key, item["operation"]) if journal is not None else None
            if started:
                fields["from_journal"] = True
            else:
                started = start_action(client, item["path"], item["body"])
                if journal is not None:
                    journal.record(key, started)
                fields["changed"] = True
            fields.update(outcome="started", status=started.get("status"), start_time=started.get("start_time"),
                          location=started.get("location"), task_id=started.get("task_id"))
            if item["ports"] is not None:
                task_fields, port_results = wait_for_ports(client, started, item["ports"], item["serial_number"],
                                                           wait_timeout, poll_interval, item["device_type"],
                                                           item["operation"])
                bounced = [entry for entry in port_results if entry["bounced"]]
                fields.update(task_fields, ports=port_results, changed=fields["changed"] and bool(bounced))
                if task_fields["outcome"] == "succeeded" and len(bounced) < len(port_results):
                    fields["outcome"] = "partial"
        except CentralError as error:
            fields.update(outcome="error", error=dict(error.to_dict(), message=str(error)))
        if fields["outcome"] in ("error", "failed") or (fail_on_partial and fields["outcome"] == "partial"):
            with lock:
                failures[0] += 1
        return fields

    with ThreadPoolExecutor(max_workers=max(1, min(max_concurrency, len(prepared)))) as pool:
        results = list(pool.map(run_one, prepared))
    summary = dict(total=len(results), changed=sum(1 for fields in results if fields["changed"]),
                   from_journal=sum(1 for fields in results if fields["from_journal"]))
    for outcome in ("succeeded", "started", "partial", "failed", "error", "skipped"):
        summary[outcome] = sum(1 for fields in results if fields["outcome"] == outcome)
    summary.update(client.stats.as_dict())
    return results, summary
