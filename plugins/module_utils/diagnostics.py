# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What tests exist on which devices, how to start and poll them, and what their answers mean.

The catalogue below is the only place that says which device type takes which
test and options; modules, the fleet runner and the docs' tables read it.
"""

from __future__ import annotations

import ipaddress
import re
import time

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.client import (
    API_VERSIONS,
    parse_rfc3339,
    safe_segment,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.errors import (
    ServerError,
    ValidationError,
    WaitTimeoutError,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.parsers import NORMALIZERS

DEVICE_PATHS = {"ap": "aps", "gateway": "gateways", "cx": "cx", "aos_s": "aos-s"}
TEST_PATHS = {"ping": "ping", "traceroute": "traceroute", "ping_sweep": "pingSweep"}


class Field:
    """One request body field: its API name, type and the range or choices the API documents."""

    def __init__(self, api_name, kind, minimum=None, maximum=None, choices=None, required=False):
        self.api_name = api_name
        self.kind = kind
        self.minimum = minimum
        self.maximum = maximum
        self.choices = choices
        self.required = required


_DESTINATION = Field("destination", "destination", required=True)
_RAW = Field("includeRawOutput", "bool")
_COUNT = Field("count", "int", 1, 100)
_PACKET_SIZE = Field("packetSize", "int", 10, 2000)
_VLAN = Field("vlan", "int", 1, 4095)
_USE_IPV6 = Field("useIpv6", "bool")
_MGMT = Field("useManagementInterface", "bool")
_VRF = Field("vrfName", "str")
_LOOPBACK_PORT = Field("loopbackPort", "int", 1)
_IP_ADDRESS = Field("ipAddress", "ip")

CATALOGUE = {
    ("ap", "ping"): dict(destination=_DESTINATION, count=_COUNT, packet_size=_PACKET_SIZE, vlan=_VLAN,
                         interface_port=Field("interfacePort", "str"), role=Field("role", "str"),
                         include_raw_output=_RAW),
    ("gateway", "ping"): dict(destination=_DESTINATION, count=_COUNT, packet_size=_PACKET_SIZE,
                              ttl=Field("ttl", "int", 1, 255), dscp=Field("dscp", "int", 0, 63),
                              dont_fragment=Field("dontFragmentFlag", "bool"), use_ipv6=_USE_IPV6,
                              source_interface=Field("sourceInterface", "str",
                                                     choices=("loopback", "mgmt-interface", "vlan-interface")),
                              vlan=_VLAN, include_raw_output=_RAW),
    ("cx", "ping"): dict(destination=_DESTINATION, count=_COUNT, packet_size=_PACKET_SIZE, use_ipv6=_USE_IPV6,
                         use_management_interface=_MGMT, vrf_name=_VRF, include_raw_output=_RAW),
    ("aos_s", "ping"): dict(destination=_DESTINATION, count=_COUNT, packet_size=_PACKET_SIZE, use_ipv6=_USE_IPV6,
                            vlan=_VLAN, loopback_port=_LOOPBACK_PORT, ip_address=_IP_ADDRESS,
                            include_raw_output=_RAW),
    ("ap", "traceroute"): dict(destination=_DESTINATION, source_interface=Field("sourceInterface", "str"),
                               include_raw_output=_RAW),
    ("gateway", "traceroute"): dict(destination=_DESTINATION, vlan_ip=Field("vlanIp", "ip"), include_raw_output=_RAW),
    ("cx", "traceroute"): dict(destination=_DESTINATION, use_ipv6=_USE_IPV6, use_management_interface=_MGMT,
                               vrf_name=_VRF, include_raw_output=_RAW),
    ("aos_s", "traceroute"): dict(destination=_DESTINATION,
                                  source_interface=Field("sourceInterface", "str",
                                                         choices=("loopback", "vlan-interface", "ip-address")),
                                  vlan=_VLAN, loopback_port=_LOOPBACK_PORT, ip_address=_IP_ADDRESS,
                                  include_raw_output=_RAW),
    ("gateway", "ping_sweep"): dict(destination=_DESTINATION,
                                    start_packet_size=Field("startPacketSize", "int", 1, required=True),
                                    end_packet_size=Field("endPacketSize", "int", 1, required=True),
                                    sweep_interval=Field("sweepInterval", "int", 1, required=True),
                                    count=Field("count", "int", 1, 100), include_raw_output=_RAW),
}
PING_SWEEP_MAX_REQUESTS = 100
PING_SWEEP_DEFAULT_COUNT = 5


def options_for_test(test):
    """Every option any device type takes for ``test`` (for a module's argument spec)."""
    options = {}
    for (_device, name), fields in CATALOGUE.items():
        if name == test:
            options.update(fields)
    return options


def device_types_for(test):
    return sorted(device for device, name in CATALOGUE if name == test)


def check_test(device_type, test, where=""):
    """Raise a clear error unless ``device_type`` runs ``test``."""
    if device_type not in DEVICE_PATHS:
        raise ValidationError("%sdevice_type must be one of %s (got %r)" % (where, ", ".join(DEVICE_PATHS), device_type))
    if test not in TEST_PATHS:
        raise ValidationError("%stest must be one of %s (got %r)" % (where, ", ".join(TEST_PATHS), test))
    if (device_type, test) not in CATALOGUE:
        raise ValidationError("%stest %s runs only on device_type %s (got %r)"
                              % (where, test, ", ".join(device_types_for(test)), device_type))


_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")


def _convert(option, field, value, where):
    """Check one value against its field; return it in the type the API takes."""
    def fail(expectation):
        raise ValidationError("%s%s must be %s (got %r)" % (where, option, expectation, value))

    if field.kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("yes", "true", "on", "1"):
            return True
        if text in ("no", "false", "off", "0"):
            return False
        fail("a boolean")
    if field.kind == "int":
        if isinstance(value, bool):
            fail("an integer")
        try:
            number = int(str(value).strip())
        except ValueError:
            fail("an integer")
        if (field.minimum is not None and number < field.minimum) or (field.maximum is not None and number > field.maximum):
            if field.maximum is None:
                fail("at least %d" % field.minimum)
            fail("between %d and %d" % (field.minimum, field.maximum))
        return number
    text = str(value).strip()
    if field.kind == "destination":
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            if not _HOSTNAME.match(text) or text.replace(".", "").isdigit():
                fail("a host name, an IPv4 or an IPv6 address")
            return text
    if field.kind == "ip":
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            fail("an IPv4 or IPv6 address")
    if field.choices and text not in field.choices:
        fail("one of %s" % ", ".join(field.choices))
    if not text:
        fail("a non-empty string")
    return text


def build_body(device_type, test, options, where=""):
    """Validate ``options`` (snake_case, None = not set) for a test on a device type and
    return the request body with only the fields the user set, in the API's names.

    ``where`` prefixes messages (the fleet module names the item: "tests[3]: ").
    """
    check_test(device_type, test, where)
    fields = CATALOGUE[(device_type, test)]
    for option, value in options.items():
        if value is not None and option not in fields:
            raise ValidationError("%soption %s is not supported by %s on device_type %s; supported: %s"
                                  % (where, option, test, device_type, ", ".join(sorted(fields))))
    body = {}
    for option, field in fields.items():
        value = options.get(option)
        if value is None:
            if field.required:
                raise ValidationError("%s%s is required for %s" % (where, option, test))
            continue
        body[field.api_name] = _convert(option, field, value, where)
    if test == "ping_sweep":
        _check_sweep(body, where)
    return body


def sweep_request_count(start, end, interval, count):
    return count * ((end - start) // interval + 1)


def _check_sweep(body, where):
    start, end, interval = body["startPacketSize"], body["endPacketSize"], body["sweepInterval"]
    if end < start:
        raise ValidationError("%send_packet_size must be at least start_packet_size (%d; got %d)" % (where, start, end))
    total = sweep_request_count(start, end, interval, body.get("count", PING_SWEEP_DEFAULT_COUNT))
    if not 1 <= total <= PING_SWEEP_MAX_REQUESTS:
        raise ValidationError(
            "%sping sweep would send %d ICMP requests (count x sizes from start_packet_size to end_packet_size "
            "every sweep_interval); Central accepts 1 to %d: lower count or widen sweep_interval"
            % (where, total, PING_SWEEP_MAX_REQUESTS))


def start_path(api_version, device_type, serial_number, test):
    """The start URL path; the serial number can only ever be one path segment."""
    return "/network-troubleshooting/%s/%s/%s/%s" % (
        api_version, DEVICE_PATHS[device_type], safe_segment(serial_number, "serial_number"), TEST_PATHS[test])


def task_location(api_version, device_type, serial_number, test, task_id):
    return "%s/async-operations/%s" % (start_path(api_version, device_type, serial_number, test),
                                       safe_segment(task_id, "task_id"))


_LOCATION = re.compile(r"^/network-troubleshooting/([^/]+)/([^/]+)/([^/]+)/([^/]+)/async-operations/([^/]+)/?$")


def check_location(location, serial_number, option="location"):
    """Return a task ``location`` that another source gave (Central's answer, a journal) if it is
    the location of a task of the device ``serial_number``, one harmless segment each; else raise."""
    match = _LOCATION.match(location or "")
    if not match or match.group(1) not in API_VERSIONS or match.group(2) not in DEVICE_PATHS.values() \
            or match.group(3) != serial_number or not match.group(4).isalpha():
        raise ValidationError("%s must be /network-troubleshooting/{v1|v1alpha1}/{aps|gateways|cx|aos-s}/%s/"
                              "OPERATION/async-operations/TASK_ID (got %r)" % (option, serial_number, location))
    safe_segment(match.group(3), "serial_number in %s" % option)
    safe_segment(match.group(5), "task_id in %s" % option)
    return location


def parse_location(location):
    """Split a ``location`` returned by a start call into its parts, checking each one."""
    match = _LOCATION.match(location or "")
    device_by_path = dict((path, device) for device, path in DEVICE_PATHS.items())
    test_by_path = dict((path, test) for test, path in TEST_PATHS.items())
    if not match or match.group(1) not in API_VERSIONS or match.group(2) not in device_by_path \
            or match.group(4) not in test_by_path:
        raise ValidationError(
            "location must look like /network-troubleshooting/{v1|v1alpha1}/{aps|gateways|cx|aos-s}/SERIAL/"
            "{ping|traceroute|pingSweep}/async-operations/TASK_ID (got %r)" % (location,))
    return dict(api_version=match.group(1), device_type=device_by_path[match.group(2)],
                serial_number=safe_segment(match.group(3), "serial_number in location"),
                test=test_by_path[match.group(4)], task_id=safe_segment(match.group(5), "task_id in location"))


def start_test(client, device_type, serial_number, test, body):
    """POST a test and return ``location``, ``task_id``, ``status`` and ``start_time``."""
    answer = client.request("POST", start_path(client.api_version, device_type, serial_number, test), body=body)
    location = answer.get("location") if isinstance(answer, dict) else None
    if not location:
        raise ServerError("Central accepted the test but returned no location: %r" % (answer,))
    return dict(location=location, task_id=location.rstrip("/").rsplit("/", 1)[-1],
                status=answer.get("status"), start_time=answer.get("startTime"))


def get_task(client, location):
    return client.request("GET", location, on_poll=True)


def outcome_of(task):
    """``running``, ``failed`` or ``succeeded``: COMPLETED with a failReason and no output is a failure."""
    status = (task.get("status") or "").upper()
    if status == "FAILED":
        return "failed"
    if status == "COMPLETED":
        if task.get("failReason") and not task.get("output"):
            return "failed"
        return "succeeded"
    return "running"


def next_poll_delay(elapsed, progress, poll_interval, previous_delay=None, max_interval=30.0):
    """Seconds until the next poll of a test that has run ``elapsed`` seconds.

    With progress reported, aim at the estimated end (elapsed x remaining / done);
    without it, back off by 1.5x from ``poll_interval``. Never below poll_interval,
    never above max_interval.
    """
    if progress and 0 < progress < 100 and elapsed > 0:
        estimate = elapsed * (100.0 - progress) / progress
    elif previous_delay:
        estimate = previous_delay * 1.5
    else:
        estimate = poll_interval
    return min(max(estimate, poll_interval), max(max_interval, poll_interval))


def wait_for_task(fetch, timeout, poll_interval, first_delay=None, clock=time.monotonic, sleep=time.sleep):
    """Poll ``fetch()`` until the task is no longer running; return its last body.

    ``first_delay`` is how long the test is expected to take (the fleet learns it
    from finished tests); raise WaitTimeoutError carrying the last body after ``timeout``.
    """
    started = clock()
    deadline = started + timeout
    delay = first_delay if first_delay is not None else poll_interval
    task = None
    while True:
        now = clock()
        if task is not None and now >= deadline:
            error = WaitTimeoutError("test still %s after %s s" % (task.get("status"), timeout))
            error.task = task
            raise error
        sleep(max(0.0, min(delay, deadline - now)))
        task = fetch()
        if outcome_of(task) != "running":
            return task
        delay = next_poll_delay(clock() - started, _progress(task), poll_interval, delay)


def _progress(task):
    try:
        return float(task.get("progressPercent"))
    except (TypeError, ValueError):
        return None


def task_result(task, test, task_id=None, location=None):
    """The module return fields for one task body: timing, outcome, raw and normalized result."""
    start, end = parse_rfc3339(task.get("startTime")), parse_rfc3339(task.get("endTime"))
    outcome = outcome_of(task)
    output = task.get("output")
    raw_output = task.get("rawOutput")
    result = None
    if outcome == "succeeded" and (output or raw_output):
        result = NORMALIZERS[test](output if isinstance(output, dict) else None, raw_output)
    progress = _progress(task)
    return dict(
        task_id=task_id,
        location=location,
        status=task.get("status"),
        outcome=outcome,
        progress_percent=int(progress) if progress is not None else None,
        start_time=task.get("startTime"),
        end_time=task.get("endTime"),
        duration_seconds=round(end - start, 3) if start is not None and end is not None else None,
        fail_reason=task.get("failReason"),
        raw_output=raw_output,
        output=output,
        result=result,
    )


def check_wait_options(wait_timeout, poll_interval):
    if wait_timeout is not None and wait_timeout <= 0:
        raise ValidationError("wait_timeout must be greater than 0 (got %s)" % wait_timeout)
    if poll_interval is not None and poll_interval <= 0:
        raise ValidationError("poll_interval must be greater than 0 (got %s)" % poll_interval)


def resolve_task_reference(params):
    """Which task a read names: from ``location``, or from device_type, test, serial_number and
    task_id; everything checked before any request is sent."""
    check_wait_options(params.get("wait_timeout"), params.get("poll_interval"))
    if params.get("location"):
        task = parse_location(params["location"])
        for option in ("device_type", "test", "serial_number"):
            if params.get(option) and params[option] != task[option]:
                raise ValidationError("%s is %r but location is for %r" % (option, params[option], task[option]))
    else:
        task = dict(api_version=None, device_type=params.get("device_type"), test=params.get("test"),
                    serial_number=params.get("serial_number"), task_id=params.get("task_id"))
    check_test(task["device_type"], task["test"])
    safe_segment(task["serial_number"], "serial_number")
    safe_segment(task["task_id"], "task_id")
    return task


def fetch_result(client, task, wait=False, wait_timeout=300, poll_interval=2.0, first_delay=None):
    """Read (and with ``wait``, wait for) a task named by resolve_task_reference or start_test,
    and return the module's result fields. On a wait timeout the error carries
    ``partial_result``, the fields of the last answer."""
    location = task.get("location") or task_location(task.get("api_version") or client.api_version,
                                                     task["device_type"], task["serial_number"],
                                                     task["test"], task["task_id"])

    def fetch():
        return get_task(client, location)

    if not wait:
        return task_result(fetch(), task["test"], task["task_id"], location)
    try:
        body = wait_for_task(fetch, wait_timeout, poll_interval, first_delay=first_delay)
    except WaitTimeoutError as error:
        error.partial_result = task_result(error.task, task["test"], task["task_id"], location)
        error.message = "task %s %s" % (task["task_id"], error.message)
        raise
    return task_result(body, task["test"], task["task_id"], location)


def destination_unreachable(test, result):
    """Whether a completed test's destination never answered (for fail_on_unreachable)."""
    if result is None:
        return False
    if test == "ping":
        return not result["reachable"]
    if test == "traceroute":
        return not result["destination_reached"]
    return not result["packets_received"]
