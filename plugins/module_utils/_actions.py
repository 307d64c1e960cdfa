# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Remediation actions: operations of the troubleshooting API that change a device's state.

Unlike the diagnostics they are carried out at most once: a start is never sent again after
a 5xx or a timeout (the client retries a POST only when it surely never reached Central),
and check mode sends nothing. PoE and port bounces answer with a location to poll and one
status a port; locate, reboot and the disconnects answer with no location (fire and forget).
"""

from __future__ import annotations

import re

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import DEVICE_PATHS
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._tasks import (
    check_location,
    device_path,
    get_task,
    outcome_of,
    read_start,
    wait_for_task,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import UnexpectedAnswerError, ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_values import to_mac

# action -> API path segment, device types that have it, whether the answer is polled.
ACTIONS = {
    "poe_bounce": dict(path="poeBounce", device_types=("gateway", "cx", "aos_s"), polled=True),
    "port_bounce": dict(path="portBounce", device_types=("gateway", "cx", "aos_s"), polled=True),
    "locate": dict(path="locate", device_types=("ap", "cx", "aos_s"), polled=False),
    "reboot": dict(path="reboot", device_types=("ap", "gateway", "cx", "aos_s"), polled=False),
    # The path depends on what is disconnected: disconnect_operation() picks it.
    "disconnect_clients": dict(path=None, device_types=("ap", "gateway"), polled=False),
}


def device_types_for_action(action):
    return ACTIONS[action]["device_types"]


def action_path(api_version, device_type, serial_number, action, operation=None):
    """The start URL path; the serial number can only ever be one path segment."""
    if device_type not in ACTIONS[action]["device_types"]:
        raise ValidationError("%s is not available on device_type %s; it is on %s"
                              % (action, device_type, ", ".join(ACTIONS[action]["device_types"])))
    return device_path(api_version, device_type, serial_number, operation or ACTIONS[action]["path"])


def normalize_mac(value, option="mac_address"):
    """aa:bb:cc:dd:ee:ff from any usual spelling (aabb.ccdd.eeff, AA-BB-CC-DD-EE-FF, aabbcc-ddeeff)."""
    mac = to_mac(value)
    if mac is None:
        raise ValidationError("%s: %r is not a MAC address (for example aa:bb:cc:dd:ee:ff)" % (option, value))
    return mac


def disconnect_operation(device_type, mac_address=None, ssid=None):
    """(API operation, body) that disconnects all clients, one MAC address, or (APs) one SSID."""
    if mac_address and ssid:
        raise ValidationError("mac_address and ssid are mutually exclusive: disconnect one client or one network")
    if ssid and device_type != "ap":
        raise ValidationError("ssid: only an access point disconnects the clients of one network")
    if device_type == "ap":
        if mac_address:
            return "disconnectUserByMacAddress", dict(userMacAddress=normalize_mac(mac_address))
        if ssid:
            return "disconnectUserByNetwork", dict(networkName=ssid)
        return "disconnectUserAll", {}
    if mac_address:
        return "disconnectClientByMacAddress", dict(clientMacAddress=normalize_mac(mac_address))
    return "disconnectClientAll", {}


def start_action(client, path, body):
    """POST the action once. Returns status, start_time and the location when there is one (checked: the
    task path of this device and operation on this host). An operation that takes no body (reboot, locate,
    the disconnects of all clients) is sent none."""
    answer = client.request("POST", path, body=body or None)
    _prefix, _api, _version, device_segment, serial_number, operation = path.split("/")
    device_type = dict((value, key) for key, value in DEVICE_PATHS.items())[device_segment]
    # An action may be answered with nothing to follow (a reboot): no location.
    return read_start(client, answer if isinstance(answer, dict) else {}, device_type, serial_number, operation)


def _port_key(port):
    """What identifies a port whatever the spelling: the gateway asked GE 0/0/0 answers 0/0/0."""
    return re.sub(r"^(GE|FE|TE|XE) ?", "", str(port).strip(), flags=re.IGNORECASE)


def port_results(asked, output):
    """One entry an asked port: port (as asked), status (as answered), bounced, reason."""
    answered = {}
    for entry in (output or {}).get("results") or []:
        if isinstance(entry, dict):
            answered[_port_key(entry.get("port"))] = entry.get("status")
    results = []
    for port in asked:
        status = answered.get(_port_key(port))
        text = str(status or "")
        bounced = text.strip().lower().startswith(("bounced", "success"))
        reason = None if bounced else (text.split(".", 1)[1].strip() if "." in text else text) or "no status returned"
        results.append(dict(port=port, status=status, bounced=bounced, reason=reason))
    return results


def wait_for_ports(client, started, ports, serial_number, wait_timeout, poll_interval, device_type=None,
                   operation=None):
    """Poll a bounce until it ends; return (task fields, per-port results)."""
    location = started["location"]
    if not location:
        raise UnexpectedAnswerError("Central accepted the bounce but returned no location to follow")
    location = check_location(location, serial_number, "location of %s on %s" % (operation or "the bounce", serial_number),
                              client.api_version, device_type, operation, client.base_url)
    what = "%s on %s" % (operation or "bounce", serial_number)
    task = wait_for_task(lambda deadline: get_task(client, location, what, deadline), timeout=wait_timeout,
                         poll_interval=poll_interval)
    output = task.get("output")
    outcome = outcome_of(task)
    fields = dict(status=task.get("status"), outcome="failed" if outcome == "unknown" else outcome,
                  end_time=task.get("endTime"), fail_reason=task.get("failReason"), output=output)
    if outcome == "unknown" and not fields["fail_reason"]:
        fields["fail_reason"] = "Central reported status %r, which it does not document" % task.get("status")
    return fields, port_results(ports, output if isinstance(output, dict) else {})
