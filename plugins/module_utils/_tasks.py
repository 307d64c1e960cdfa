# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""How to check a test's options, start and poll it, and what its answers mean.

Which device type takes which test and options is in _catalogue.py, the one place that says so.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
from urllib.parse import urlsplit

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import (
    CATALOGUE,
    DEVICE_PATHS,
    MAX_SHOW_COMMANDS,
    NEGATIVE_ANSWERS,
    NO_BODY_TESTS,
    SECRET_OPTIONS,
    TARGET_OPTIONS,
    TEST_PATHS,
    body_fields,
    device_types_for,
    operation_path,
    tests_by_path,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import API_VERSIONS, safe_segment
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import parse_rfc3339
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    DeadlineError,
    UnexpectedAnswerError,
    ValidationError,
    WaitTimeoutError,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_device import allowed_commands
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parsers import NORMALIZERS
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text

PING_SWEEP_MAX_REQUESTS = 100
PING_SWEEP_DEFAULT_COUNT = 5


def options_for_test(test):
    """Every option any device type takes for ``test`` (for a module's argument spec)."""
    options = {}
    for (_device, name), fields in CATALOGUE.items():
        if name == test:
            options.update(fields)
    return options


# The port syntax of each device type: CX member/slot/port, AOS-S a port, a range or a lettered
# module port, a gateway's interface with or without its kind.
PORT_SYNTAX = {
    "cx": (re.compile(r"^\d+/\d+/\d+$"), "member/slot/port, for example 1/1/1"),
    "aos_s": (re.compile(r"^[A-Za-z]?\d+(-[A-Za-z]?\d+)?$"), "a port or a range, for example 1, A2 or 5-7"),
    "gateway": (re.compile(r"^((GE|FE|TE|XE) ?)?\d+/\d+/\d+$"), "an interface, for example GE 0/0/0"),
}


# Central publishes no limit: a device has no more ports than a stack of ten 52-port switches.
MAX_PORTS = 520


def check_ports(device_type, ports, option="ports"):
    """Return ``ports`` if each is in the syntax of the device type, once; else raise naming the first bad one."""
    if not ports:
        raise ValidationError("%s must list at least one port" % option)
    if len(ports) > MAX_PORTS:
        raise ValidationError("%s lists %d ports; at most %d are taken at once (the ports of a stack of ten "
                              "52-port switches)" % (option, len(ports), MAX_PORTS))
    pattern, example = PORT_SYNTAX[device_type]
    for port in ports:
        if not pattern.fullmatch(str(port)):
            raise ValidationError("%s: %r is not a port of a %s (%s)" % (option, port, device_type, example))
    if len(set(ports)) != len(ports):
        raise ValidationError("%s: each port once (got %s)" % (option, ", ".join(ports)))
    return list(ports)


def check_test(device_type, test, where=""):
    """Raise a clear error unless ``device_type`` runs ``test``."""
    if device_type not in DEVICE_PATHS:
        raise ValidationError("%sdevice_type must be one of %s (got %r)" % (where, ", ".join(DEVICE_PATHS), device_type))
    if test not in TEST_PATHS:
        raise ValidationError("%stest must be one of %s (got %r)" % (where, ", ".join(TEST_PATHS), test))
    if (device_type, test) not in CATALOGUE:
        raise ValidationError("%stest %s runs only on device_type %s (got %r)"
                              % (where, test, ", ".join(device_types_for(test)), device_type))


_URL = re.compile(r"^(?:(?P<scheme>https?)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[^/:?#\s\[\]]+)(?::(?P<port>\d{1,5}))?"
                  r"(?P<rest>[/?#]\S*)?$", re.I)
_SHOW = re.compile(r"^show\s+\S", re.I)
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")


def _check_url(text, fail):
    """http://host[:port][/path], https://... or a bare host[/path], as the devices take them."""
    match = _URL.fullmatch(text)
    if not match:
        fail("a URL (http://host/path, https://host/path or host/path)")
    host = match.group("host").strip("[]")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not _HOSTNAME.fullmatch(host) or host.replace(".", "").isdigit():
            fail("a URL whose host is a host name or an address")
    port = match.group("port")
    if port is not None and not 1 <= int(port) <= 65535:
        fail("a URL with a port from 1 to 65535")
    return text


def _check_command(text, fail):
    """Central runs only ``show`` commands, one line; refuse anything else before sending it."""
    if not _SHOW.match(text) or any(ord(char) < 32 for char in text):
        fail("one show command on one line, starting with 'show ' (for example 'show version')")
    return " ".join(text.split())


def _check_commands(value, fail, api_version):
    """One show command or a list of up to 20. v1 sends the list; v1alpha1 runs one command a task
    (split_commands gives one body each)."""
    commands = [value] if isinstance(value, str) else value
    if not isinstance(commands, (list, tuple)) or not commands or not all(isinstance(item, str) for item in commands):
        fail("a show command or a list of 1 to %d of them" % MAX_SHOW_COMMANDS)
    if len(commands) > MAX_SHOW_COMMANDS:
        fail("at most %d show commands (what one v1 task runs)" % MAX_SHOW_COMMANDS)
    checked = [_check_command(command.strip(), fail) for command in commands]
    return checked if api_version == "v1" or len(checked) > 1 else checked[0]


def _convert(option, field, value, where, device_type=None, api_version="v1"):
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
    if field.kind == "ports":
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, (list, tuple)):
            fail("a list of ports")
        return check_ports(device_type, [str(port).strip() for port in value], option=where + option)
    if field.kind == "secret":
        # Not fail(): its message repeats the value given.
        if not isinstance(value, str) or not value:
            raise ValidationError("%s%s must be a non-empty string" % (where, option))
        return value
    if field.kind == "commands":
        return _check_commands(value, fail, api_version)
    text = str(value).strip()
    if field.kind == "url":
        return _check_url(text, fail)
    if field.kind == "command":
        return _check_command(text, fail)
    if field.kind == "destination":
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            if not _HOSTNAME.fullmatch(text) or text.replace(".", "").isdigit():
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


def build_body(device_type, test, options, where="", api_version="v1"):
    """Validate ``options`` (snake_case, None = not set) for a test on a device type and
    return the request body of ``api_version`` with only the fields the user set, in the API's names.

    ``where`` prefixes messages (the fleet module names the item: "tests[3]: ").
    """
    check_test(device_type, test, where)
    fields = CATALOGUE[(device_type, test)]
    for option, value in options.items():
        if value is not None and option not in fields:
            raise ValidationError("%soption %s is not supported by %s on device_type %s; supported: %s"
                                  % (where, option, test, device_type, ", ".join(sorted(fields))))
        if value is not None and not fields[option].sent_on(api_version):
            raise ValidationError("%soption %s of %s is sent only on api_version %s (this task uses %s)"
                                  % (where, option, test, ", ".join(fields[option].versions), api_version))
    body = {}
    for option, field in fields.items():
        value = options.get(option)
        if value is None:
            if field.required:
                raise ValidationError("%s%s is required for %s%s" % (
                    where, option, test, " on device_type %s" % device_type if len(device_types_for(test)) > 1 else ""))
            continue
        body[field.name_on(api_version)] = _convert(option, field, value, where, device_type, api_version)
    if "protocol" in body_fields(device_type, test, api_version) and test == "http":
        body["protocol"] = "HTTPS" if body["destination"].lower().startswith("https://") else "HTTP"
    if test == "ping_sweep":
        _check_sweep(body, where)
    return body


def split_commands(body, api_version):
    """The start bodies of a show_command ``body``: one on v1, one a command on v1alpha1."""
    commands = body.get("command")
    if api_version != "v1alpha1" or isinstance(commands, str) or commands is None:
        return [body]
    return [dict(body, command=command) for command in commands]


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


def device_path(api_version, device_type, serial_number, operation):
    """The URL path of an ``operation`` (a test, an action, show-commands) on one device: the one template of every
    path the collection sends to; the serial number can only ever be one path segment."""
    return "/network-troubleshooting/%s/%s/%s/%s" % (
        api_version, DEVICE_PATHS[device_type], safe_segment(serial_number, "serial_number"), operation)


def start_path(api_version, device_type, serial_number, test):
    """The start URL path of a test."""
    return device_path(api_version, device_type, serial_number, operation_path(device_type, test, api_version))


def task_location(api_version, device_type, serial_number, test, task_id):
    return "%s/async-operations/%s" % (start_path(api_version, device_type, serial_number, test),
                                       safe_segment(task_id, "task_id"))


_LOCATION = re.compile(r"/network-troubleshooting/([^/]+)/([^/]+)/([^/]+)/([^/]+)/async-operations/([^/]+)/?")


def check_location(location, serial_number, option="location", api_version=None, device_type=None, operation=None,
                   base_url=None, error=UnexpectedAnswerError):
    """Return the task path of a ``location`` another source gave (Central's answer, a journal) when it is
    the location of a task of the device ``serial_number`` (and of ``api_version``, ``device_type`` and
    ``operation`` when given), one harmless segment each; else raise ``error`` naming ``option``.

    With ``base_url``, an absolute URL on exactly that scheme, host and port is taken too (as its path):
    nothing else can move a request, and the token it carries, to another host, port or scheme.
    """
    def refuse(why):
        expected = "/network-troubleshooting/%s/%s/%s/%s/async-operations/TASK_ID" % (
            api_version or "{v1|v1alpha1}", DEVICE_PATHS.get(device_type, "{aps|gateways|cx|aos-s}"), serial_number,
            operation or "OPERATION")
        raise error("%s refused (%s): it must be %s (got %r); nothing was sent there" % (option, why, expected, location))

    if not isinstance(location, str):
        refuse("not text")
    path = location
    if base_url is not None and re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", location):
        given, expected = urlsplit(location), urlsplit(base_url)
        if (given.scheme.lower(), given.netloc.lower()) != (expected.scheme.lower(), expected.netloc.lower()):
            refuse("another scheme, host or port than base_url")
        if given.query or given.fragment or "?" in location or "#" in location:
            refuse("a query or fragment")
        path = given.path
    match = _LOCATION.fullmatch(path)
    if not match:
        refuse("not a task path")
    if match.group(1) not in API_VERSIONS or (api_version and match.group(1) != api_version):
        refuse("another API version")
    if match.group(2) not in DEVICE_PATHS.values() or (device_type and match.group(2) != DEVICE_PATHS[device_type]):
        refuse("another device type")
    if match.group(3) != serial_number:
        refuse("another device's task")
    if not match.group(4).isalpha() or (operation and match.group(4) != operation):
        refuse("another test's task")
    if not _TASK_ID.fullmatch(match.group(5)):
        refuse("a task id that is not letters, digits, '-' or '_'")
    return path.rstrip("/")


_TASK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


def parse_location(location):
    """Split a ``location`` returned by a start call into its parts, checking each one."""
    match = _LOCATION.fullmatch(location) if isinstance(location, str) else None
    device_by_path = dict((path, device) for device, path in DEVICE_PATHS.items())
    test_by_path = tests_by_path()
    if not match or match.group(1) not in API_VERSIONS or match.group(2) not in device_by_path \
            or match.group(4) not in test_by_path:
        raise ValidationError(
            "location must look like /network-troubleshooting/{v1|v1alpha1}/{aps|gateways|cx|aos-s}/SERIAL/"
            "OPERATION/async-operations/TASK_ID with OPERATION one of %s (got %r)"
            % (", ".join(sorted(test_by_path)), location))
    return dict(api_version=match.group(1), device_type=device_by_path[match.group(2)],
                serial_number=safe_segment(match.group(3), "serial_number in location"),
                test=test_by_path[match.group(4)], task_id=safe_segment(match.group(5), "task_id in location"))


def start_test(client, device_type, serial_number, test, body, deadline=None):
    """POST a test and return ``location`` (checked: the task path of this device and test on this host),
    ``task_id``, ``status`` and ``start_time``; with a ``deadline`` (of the client's transport clock), the start
    and its retries end by then."""
    # An operation that takes no body (the ARP table) is sent none, as the vendor's examples and SDK do.
    answer = client.request("POST", start_path(client.api_version, device_type, serial_number, test),
                            body=None if test in NO_BODY_TESTS else body, deadline=deadline)
    what = "%s on %s" % (test, serial_number)
    if not isinstance(answer, dict) or not answer.get("location"):
        raise UnexpectedAnswerError("%s: Central accepted the test but returned no location (answer: %s)"
                                    % (what, clean_text(json.dumps(answer, default=str), one_line=True, max_length=300)))
    return read_start(client, answer, device_type, serial_number, operation_path(device_type, test, client.api_version))


def read_start(client, answer, device_type, serial_number, operation):
    """What Central's answer to a start (a test's or an action's) says: ``status`` and ``start_time`` (text, or
    refused), and the ``location`` when it gives one, checked to be the task path of this device and operation on
    this host, with its ``task_id``."""
    what = "%s on %s" % (operation, serial_number)
    status, start_time = _text_field(answer, "status", what), _text_field(answer, "startTime", what)
    location = answer.get("location")
    if location is not None:
        location = check_location(location, serial_number, "location of %s" % what, client.api_version, device_type,
                                  operation, client.base_url)
    return dict(location=location, task_id=location.rsplit("/", 1)[-1] if location else None, status=status,
                start_time=start_time)


def get_task(client, location, what="task", deadline=None):
    """One poll of a task; its answer checked with read_task."""
    return read_task(client.request("GET", location, on_poll=True, deadline=deadline), what)


def _text_field(answer, field, what):
    value = answer.get(field)
    if value is not None and not isinstance(value, str):
        raise UnexpectedAnswerError("%s: in Central's answer, %s is not text (%s)"
                                    % (what, field, type(value).__name__))
    return value


# The statuses Central documents; any other one ends the wait (after one read to confirm it) as an error.
RUNNING_STATUSES = ("INITIATED", "RUNNING")
FINAL_STATUSES = ("COMPLETED", "FAILED")


def read_task(answer, what="task"):
    """A poll answer checked for what the collection reads from it: an object whose ``status`` (and times and
    failReason) are text; raise UnexpectedAnswerError naming the field and ``what`` (the test and device).
    An ``output`` that is not an object (or a list) and a ``rawOutput`` that is not text are dropped, with a note in
    ``_notes``."""
    if not isinstance(answer, dict):
        raise UnexpectedAnswerError("%s: Central's answer is %s, not an object with a status"
                                    % (what, "empty" if answer is None else "a %s" % type(answer).__name__))
    task = dict(answer)
    for field in ("status", "startTime", "endTime"):
        _text_field(task, field, what)
    if task.get("failReason") is not None and not isinstance(task["failReason"], str):
        task["failReason"] = json.dumps(task["failReason"], default=str)
    notes = []
    # A list is what a multi-command show answer may be; the parsers read what they expect from either.
    if task.get("output") is not None and not isinstance(task["output"], (dict, list)):
        notes.append("output is not an object (%s): ignored" % type(task["output"]).__name__)
        task["output"] = None
    if task.get("rawOutput") is not None and not isinstance(task["rawOutput"], str):
        notes.append("rawOutput is not text (%s): ignored" % type(task["rawOutput"]).__name__)
        task["rawOutput"] = None
    task["_notes"] = notes
    return task


def outcome_of(task):
    """``running``, ``failed``, ``succeeded`` or ``unknown`` (a status Central does not document):
    COMPLETED with a failReason and no output is a failure."""
    status = (task.get("status") or "").upper()
    if status == "FAILED":
        return "failed"
    if status == "COMPLETED":
        if task.get("failReason") and not task.get("output"):
            return "failed"
        return "succeeded"
    if status in RUNNING_STATUSES:
        return "running"
    return "unknown"


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


class TaskPoll:
    """One task's polling decisions, apart from the waiting: when its next read is due and what an answer means.
    wait_for_task drives one with sleep; a fleet run drives thousands from one schedule (plugin_utils/_fleet.py).

    ``first_delay`` is how long the test is expected to take (the fleet learns it from finished tests): seconds, or
    a callable asked again at each due(), so that tests of its kind finishing meanwhile move the first read.
    ``timeout`` is a hard deadline: no read is due past it, and an answer read at or after it that is not final
    raises WaitTimeoutError (carrying that answer). A status Central does not document is read once more to confirm
    it, then taken as final.
    """

    def __init__(self, timeout, poll_interval, first_delay=None, clock=_clock.monotonic):
        self.timeout = timeout
        self.poll_interval = poll_interval
        self.first_delay = first_delay
        self.clock = clock
        self.started = clock()
        self.deadline = self.started + timeout
        self.task = None
        self._unknown_seen = False
        if callable(first_delay):
            self._delay, self._due = 0.0, None
        else:
            self._delay = first_delay if first_delay is not None else poll_interval
            self._due = self.started + self._delay

    @property
    def first_read_moves(self):
        """True while the first read waits for a duration that is still being learned."""
        return self._due is None

    def due(self):
        """When the next read is due, never past the deadline."""
        if self._due is None:
            return min(self.started + self.first_delay(), self.deadline)
        return min(self._due, self.deadline)

    def answer(self, task):
        """Take a read's answer: True when it is final; else set the next read (aimed at the end its progress
        predicts), or raise WaitTimeoutError when the deadline has come."""
        self.task = task
        outcome = outcome_of(task)
        if outcome in ("succeeded", "failed") or (outcome == "unknown" and self._unknown_seen):
            return True
        self._unknown_seen = outcome == "unknown"
        now = self.clock()
        if now >= self.deadline:
            raise self.timed_out()
        self._delay = self.poll_interval if self._unknown_seen else next_poll_delay(
            now - self.started, _progress(task), self.poll_interval, self._delay)
        self._due = now + self._delay
        return False

    def timed_out(self):
        return _timed_out(self.task, self.timeout)


def wait_for_task(fetch, timeout, poll_interval, first_delay=None, clock=_clock.monotonic, sleep=_clock.sleep):
    """Poll ``fetch(deadline)`` until the task is no longer running, as TaskPoll decides; return its last body.

    A first read that moves (a callable ``first_delay``) is asked again every ``poll_interval`` while it waits.
    """
    poll = TaskPoll(timeout, poll_interval, first_delay, clock)
    while True:
        left = poll.due() - clock()
        if left > 0 and poll.first_read_moves:
            sleep(min(left, poll_interval))
            continue
        sleep(max(0.0, left))
        try:
            task = fetch(poll.deadline)
        except DeadlineError:
            raise poll.timed_out()
        if poll.answer(task):
            return task


def _timed_out(task, timeout):
    error = WaitTimeoutError("test still %s after %s s" % ((task or {}).get("status") or "unanswered", timeout))
    error.task = task
    return error


def _progress(task):
    """progressPercent as a number from 0 to 100, or None (NaN, infinity and text other than a number are none)."""
    try:
        progress = float(task.get("progressPercent"))
    except (TypeError, ValueError):
        return None
    return progress if 0.0 <= progress <= 100.0 else None


def task_result(task, test, task_id=None, location=None, device_type=None, body=None):
    """The module return fields for one task body (read_task's): timing, outcome, raw and normalized result.

    With the request ``body``, what the answer leaves out of the target (a TCP test's port) is filled from it.
    What could not be read is None, with a line in ``notes``: a result Central sends is never a traceback.
    """
    start, end = parse_rfc3339(task.get("startTime")), parse_rfc3339(task.get("endTime"))
    outcome = outcome_of(task)
    notes = list(task.get("_notes") or [])
    output = task.get("output")
    raw_output = task.get("rawOutput")
    fail_reason = task.get("failReason")
    if outcome == "unknown":
        outcome = "failed"
        fail_reason = fail_reason or "Central reported status %r, which is not one of %s" % (
            task.get("status"), ", ".join(RUNNING_STATUSES + FINAL_STATUSES))
    result = None
    if outcome == "succeeded" and (output or raw_output):
        parsed_raw = raw_output
        if isinstance(raw_output, str) and len(raw_output) > MAX_PARSED_RAW:
            # What a device prints for one test is a few kilobytes: more is not read for the result.
            parsed_raw = raw_output[:MAX_PARSED_RAW]
            notes.append("rawOutput is %d characters: only the first %d were read for the result"
                         % (len(raw_output), MAX_PARSED_RAW))
        try:
            result = NORMALIZERS[test](output, parsed_raw)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError) as error:
            notes.append("the %s result could not be read (%s): result left empty" % (test, type(error).__name__))
        if result is not None and body and device_type:
            for option, value in request_targets(device_type, test, body).items():
                if result.get(option) is None:
                    result[option] = value
    elif outcome == "succeeded":
        notes.append("Central reported the test COMPLETED with no output")
    for field, seconds in (("startTime", start), ("endTime", end)):
        if task.get(field) and seconds is None:
            notes.append("%s %r is not an RFC 3339 time" % (field, task[field]))
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
        fail_reason=fail_reason,
        raw_output=raw_output,
        output=output,
        result=result,
        notes=[clean_text(note, one_line=True, max_length=300) for note in notes],
    )


def request_targets(device_type, test, body):
    """The target options of ``test`` (TARGET_OPTIONS) as the request ``body`` gave them, by option name."""
    fields = CATALOGUE.get((device_type, test), {})
    targets = {}
    for option in TARGET_OPTIONS.get(test, ()):
        field = fields.get(option)
        for name in ((field.api_name,) + tuple(field.names.values())) if field else ():
            if name in body:
                targets[option] = body[name]
    return targets


def target_text(device_type, test, body):
    """What a test is aimed at, as one string for results and reports: host:port for a TCP test,
    the ports joined for a cable test; None for a test with no target (the ARP table)."""
    values = request_targets(device_type, test, body).values()
    text = ":".join(", ".join(value) if isinstance(value, list) else str(value) for value in values)
    return text or None


MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
# The raw output a result is parsed from, at most (characters): a traceroute of 30 hops is 3 KB.
MAX_PARSED_RAW = 1024 * 1024


def secret_fields(device_type, test):
    """The body fields of ``test`` on ``device_type`` that hold a secret (SECRET_OPTIONS), by API name."""
    fields = CATALOGUE.get((device_type, test), {})
    return set(fields[option].api_name for option in SECRET_OPTIONS if option in fields)


def masked(device_type, test, body):
    """``body`` with the secrets replaced, for check-mode answers and results."""
    secrets = secret_fields(device_type, test)
    return dict((key, MASK if key in secrets else value) for key, value in body.items())


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


class TaskReader:
    """Reads one started task (named by resolve_task_reference or start_test) and makes each answer the module's
    result fields. A ``body`` in ``task`` (the request) fills the result's target fields the answer leaves out."""

    def __init__(self, client, task):
        self.client = client
        self.task = task
        self.location = task.get("location") or task_location(task.get("api_version") or client.api_version,
                                                              task["device_type"], task["serial_number"],
                                                              task["test"], task["task_id"])
        self.what = "%s on %s (task %s)" % (task["test"], task["serial_number"], task["task_id"])

    def read(self, deadline=None):
        return get_task(self.client, self.location, self.what, deadline)

    def fields(self, answer):
        task = self.task
        return task_result(answer, task["test"], task["task_id"], self.location, task["device_type"], task.get("body"))

    def read_for(self, poll):
        """One read for ``poll``: the result fields when the task is done, None when it is to be read again at
        poll.due(). At the deadline, WaitTimeoutError carrying ``partial_result``."""
        try:
            answer = self.read(poll.deadline)
            done = poll.answer(answer)
        except DeadlineError:
            raise self.timed_out(poll.timed_out())
        except WaitTimeoutError as error:
            raise self.timed_out(error)
        return self.fields(answer) if done else None

    def timed_out(self, error):
        """``error`` (a WaitTimeoutError) with the fields of the last answer as ``partial_result``."""
        error.partial_result = self.fields(error.task) if error.task is not None else dict(
            task_id=self.task["task_id"], location=self.location, status=None, outcome="running")
        error.message = "task %s %s" % (self.task["task_id"], error.message)
        return error


def fetch_result(client, task, wait=False, wait_timeout=300, poll_interval=2.0, first_delay=None):
    """Read (and with ``wait``, wait for) a task (TaskReader's) and return the module's result fields. On a wait
    timeout the error carries ``partial_result``, the fields of the last answer."""
    reader = TaskReader(client, task)
    if not wait:
        return reader.fields(reader.read())
    try:
        answer = wait_for_task(reader.read, wait_timeout, poll_interval, first_delay=first_delay)
    except WaitTimeoutError as error:
        raise reader.timed_out(error)
    return reader.fields(answer)


def http_operation(device_type, url):
    """Central's ``https`` operation for an https:// URL on a device type that has it, ``http`` otherwise
    (a CX switch has only ``http``, which takes https:// URLs too)."""
    secure = str(url or "").lower().startswith("https://")
    return "https" if secure and (device_type, "https") in CATALOGUE else "http"


# The CX switch runs only the commands its listing names; the others list their most used ones.
STRICT_COMMAND_LISTS = ("cx",)


def show_commands_path(api_version, device_type, serial_number):
    return device_path(api_version, device_type, serial_number, "show-commands")


def list_show_commands(client, device_type, serial_number):
    """The show commands Central lists for a device (a synchronous, read-only GET)."""
    return allowed_commands(client.request("GET", show_commands_path(client.api_version, device_type, serial_number)))


def check_show_command(device_type, command, allowed, shown=15):
    """Refuse, before it is sent, a command a strict list (CX) does not have, naming the listed commands
    nearest to it. A listed command may be followed by its arguments ("show interface 1/1/1")."""
    if device_type not in STRICT_COMMAND_LISTS or not allowed:
        return
    lowered = command.lower()
    if any(lowered == entry.lower() or lowered.startswith(entry.lower() + " ") for entry in allowed):
        return
    near = difflib.get_close_matches(command, allowed, n=shown, cutoff=0.6) or allowed
    raise ValidationError("command %r is not in the show commands Central allows on this %s switch; allowed%s: %s%s"
                          % (command, device_type, " (nearest)" if near is not allowed else "",
                             ", ".join(near[:shown]), " and %d more" % (len(near) - shown) if len(near) > shown else ""))


# The result key that is false when a completed test gave the negative answer.
_ANSWER_KEYS = dict(ping="reachable", traceroute="destination_reached", ping_sweep="packets_received",
                    nslookup="resolved", http="success", https="success", tcp="connected", aaa="authenticated",
                    cable_test="all_good")


def negative_answer(test, result):
    """Whether a completed test gave the negative answer (no reply, not resolved, rejected, a bad pair...);
    always False for the tests that only report (ARP table, speed test, show command)."""
    key = _ANSWER_KEYS.get(test)
    return bool(key and result is not None and not result.get(key))


def negative_message(test, target):
    """How a failure message says a test's negative answer (NEGATIVE_ANSWERS)."""
    return NEGATIVE_ANSWERS[test][1] % dict(target=target)
