# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The verdict engine: pass, fail, error or offline per device and destination of fleet_diagnostics results,
held to expectations (plugin_utils/_expectations.py), with the reasons a person reads, what was wanted and
found, and the metrics a report shows. The preset checks' thresholds are expectations too (preset_conditions);
nothing is judged anywhere else."""

from __future__ import annotations

import json
import math
import re

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import KEY_FIGURES, RESULT_FIELDS
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError, code_suffix
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._expectations import (
    Condition,
    UnreadableResult,
    failed_conditions,
    found,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_values import to_float
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_data, clean_text

# The tests each preset check reads (http also stands for https: a device runs the one its URL asks for).
CHECK_TESTS = dict(reachability=("ping",), path_check=("traceroute",), mtu_check=("ping_sweep",),
                   service_check=("nslookup", "tcp", "http", "https"))
CHECKS = tuple(CHECK_TESTS)
TITLES = dict(reachability="Reachability", path_check="Path check", mtu_check="MTU check", service_check="Service check")
# The thresholds of the preset checks, by the test they hold to account, with their type (the roles' variables
# without the role's prefix; fleet_report's thresholds option).
THRESHOLDS = dict(
    ping=dict(max_packet_loss_percent="float", max_rtt_avg_ms="float"),
    traceroute=dict(max_hops="int", expected_hop="str"),
    ping_sweep=dict(min_path_mtu_bytes="int"),
    nslookup=dict(require_resolution="bool"),
    tcp=dict(max_connect_time_ms="float"),
    http=dict(http_status_classes="list", min_download_kbps="float"),
)
THRESHOLDS["https"] = THRESHOLDS["http"]
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def check_thresholds(test, thresholds, where):
    """The thresholds of a ``test`` with their values typed; an unset one (None, or "" from a role variable left
    empty) is left out, not checked. Raise ValidationError naming ``where`` and the thresholds there are."""
    known = THRESHOLDS.get(test, {})
    if not isinstance(thresholds, dict):
        raise ValidationError("%s: thresholds must be a mapping of %s (got %s)"
                              % (where, ", ".join(known) or "nothing", type(thresholds).__name__))
    typed = {}
    for name, value in thresholds.items():
        if name not in known:
            raise ValidationError("%s: thresholds.%s is not a threshold of a %s test; its thresholds: %s"
                                  % (where, name, test, ", ".join(known) or "none"))
        if value is None or value == "":
            continue
        typed[name] = _typed(known[name], value, "%s: thresholds.%s" % (where, name))
    return typed


def _typed(kind, value, where):
    if kind == "bool":
        text = str(value).strip().lower()
        if isinstance(value, bool) or text in _TRUE + _FALSE:
            return value if isinstance(value, bool) else text in _TRUE
        raise ValidationError("%s must be true or false (got %r)" % (where, value))
    if kind == "list":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(item, (str, int)) for item in values) or not values:
            raise ValidationError("%s must be a list such as [2xx, 3xx] (got %r)" % (where, value))
        return [str(item) for item in values]
    if kind == "str":
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ValidationError("%s must be a value such as 10.0.0.1 (got %r)" % (where, value))
        return str(value)
    number = None if isinstance(value, bool) else (to_float(value) if isinstance(value, str) else value)
    if not isinstance(number, (int, float)) or not math.isfinite(number) or number < 0:
        raise ValidationError("%s must be a number of 0 or more (got %r)" % (where, value))
    if kind == "int":
        if number != int(number):
            raise ValidationError("%s must be a whole number (got %r)" % (where, value))
        return int(number)
    return float(number)


# The result fields reports read as numbers: numbers written as text count (a report may be given results from
# anywhere, a registered variable, a file), anything else is shown empty.
# (catalogue.RESULT_FIELDS says which fields are numbers, for every test.)
_NUMERIC_FIELDS = frozenset(field for fields in RESULT_FIELDS.values() for field, kind in fields.items() if kind == "number")


def _as_number(field, value):
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    number = to_float(value) if isinstance(value, str) else None
    if number is None:
        raise UnreadableResult("%s is %s, not a number" % (field, clean_text(repr(value), one_line=True, max_length=60)))
    return number


def _records(value):
    """The objects of a list (anything else in it, or a list that is not one, is skipped)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _metrics(entry):
    """The figures a report shows for one result, whatever the test (None where a value cannot be read)."""
    result = entry.get("result") if isinstance(entry.get("result"), dict) else {}
    metrics = {}
    for key in ("packet_loss_percent", "rtt_min_ms", "rtt_avg_ms", "rtt_max_ms", "hop_count", "destination_reached",
                "last_responding_hop", "recovered_hops", "largest_size_without_loss"):
        try:
            metrics[key] = _as_number(key, result.get(key)) if key in _NUMERIC_FIELDS else result.get(key)
        except UnreadableResult:
            metrics[key] = None
    metrics["probe_rtts_ms"] = [reply.get("time_ms") for reply in _records(result.get("replies"))
                                if isinstance(reply.get("time_ms"), (int, float))]
    hops = _records(result.get("hops"))
    metrics["path"] = [sorted(set(str(probe["address"]) for probe in _records(hop.get("probes"))
                                  if probe.get("address"))) or ["*"] for hop in hops]
    metrics["silent_hops"] = [hop.get("hop") for hop in hops
                              if not any(probe.get("responded") for probe in _records(hop.get("probes")))]
    for key in ("addresses", "connect_time_ms", "status_codes", "latency_avg_ms", "download_rate_kbps"):
        if key in result:
            metrics[key] = result[key]
    return metrics


def _condition(test, field, operator, operand, reason, **how):
    return Condition(field, RESULT_FIELDS[test][field], operator, operand, reason=reason, **how)


def preset_conditions(test, thresholds):
    """The expectations the preset checks (the reachability, path_check, mtu_check and service_check roles) hold
    a ``test`` result to, from their thresholds, with the reasons their reports have always given."""
    limit = thresholds.get
    conditions = []
    if test == "ping":
        conditions.append(_condition(test, "reachable", "eq", True, gate=True, reason=lambda result, _value:
                                     "no reply from the destination (%s%% loss)" % _number(result["packet_loss_percent"])))
        if limit("max_packet_loss_percent") is not None:
            conditions.append(_condition(test, "packet_loss_percent", "le", limit("max_packet_loss_percent"),
                                         skip_missing=True, reason=lambda _result, value: "packet loss %s%% above %s%%"
                                         % (_number(value), _number(limit("max_packet_loss_percent")))))
        if limit("max_rtt_avg_ms") is not None:
            conditions.append(_condition(test, "rtt_avg_ms", "le", limit("max_rtt_avg_ms"), skip_missing=True,
                                         reason=lambda _result, value: "average RTT %s ms above %s ms"
                                         % (_number(value), _number(limit("max_rtt_avg_ms")))))
    elif test == "traceroute":
        conditions.append(_condition(test, "destination_reached", "eq", True, reason=lambda result, _value:
                                     "destination not reached (last answering hop: %s)"
                                     % (result["last_responding_hop"] or "none")))
        if limit("max_hops") is not None:
            conditions.append(_condition(test, "last_responding_hop", "le", limit("max_hops"),
                                         only_if=("destination_reached", True), reason=lambda _result, value:
                                         "destination reached in %d hops, more than %d" % (value, limit("max_hops"))))
        if limit("expected_hop"):
            conditions.append(_condition(test, "hop_addresses", "contains", limit("expected_hop"), reason=lambda *_:
                                         "expected hop %s not on the path" % limit("expected_hop")))
    elif test == "ping_sweep":
        conditions.append(_condition(test, "largest_size_without_loss", "present", True, gate=True,
                                     reason=lambda *_: "no packet size got through"))
        if limit("min_path_mtu_bytes") is not None:
            conditions.append(_condition(test, "largest_size_without_loss", "ge", limit("min_path_mtu_bytes"),
                                         reason=lambda _result, value: "largest size without loss %d bytes, below %d"
                                         % (value, limit("min_path_mtu_bytes"))))
    elif test == "nslookup":
        if limit("require_resolution", True):
            conditions.append(_condition(test, "resolved", "eq", True, reason=lambda result, _value:
                                         "%s did not resolve" % (result.get("host") or "the name")))
    elif test == "tcp":
        conditions.append(_condition(test, "connected", "eq", True, gate=True, reason=lambda result, _value:
                                     "no TCP connection to %s:%s" % (result.get("host"), result.get("port"))))
        if limit("max_connect_time_ms") is not None:
            conditions.append(_condition(test, "connect_time_ms", "le", limit("max_connect_time_ms"), skip_missing=True,
                                         reason=lambda _result, value: "connect time %s ms above %s ms"
                                         % (_number(value), _number(limit("max_connect_time_ms")))))
    elif test in ("http", "https"):
        conditions.append(_condition(test, "success", "eq", True, gate=True, reason=lambda result, _value:
                                     "no successful answer%s" % (" (status %s)" % _codes(result)
                                                                 if result["status_codes"] else "")))
        if limit("http_status_classes"):
            classes = limit("http_status_classes")
            pattern = re.compile("^(%s)" % "|".join(re.escape(str(entry).lower()[:1]) for entry in classes))
            conditions.append(_condition(test, "status_codes", "regex", pattern, skip_missing=True,
                                         reason=lambda result, _value: "status %s not in %s"
                                         % (_codes(result), ", ".join(classes))))
        if limit("min_download_kbps") is not None:
            conditions.append(_condition(test, "download_rate_kbps", "ge", limit("min_download_kbps"),
                                         skip_missing=True, reason=lambda _result, value: "download rate %s kbps below "
                                         "%s kbps" % (_number(value), _number(limit("min_download_kbps")))))
    return conditions


def _codes(result):
    return ", ".join(str(code) for code in sorted(set(result["status_codes"]), key=str))


def _number(value):
    return ("%g" % value) if isinstance(value, (int, float)) else str(value)


def _text(value):
    return None if value is None else clean_text(value, one_line=True, max_length=300)


def judge(entry, conditions):
    """One verdict entry for a fleet_diagnostics result ``entry`` held to ``conditions``: ``pass`` when it meets
    them all, ``fail`` with each failed condition (``failed``: field, wanted, found) and its reason, ``offline``
    for a device Central says is not connected, ``error`` for anything else. A result that cannot be judged (a
    test that completed with no output, a field that is not what its test returns) is an ``error`` saying why:
    a test that errored or whose device is offline is never compliant."""
    error = entry.get("error") if isinstance(entry.get("error"), dict) else {}
    failed = []
    if entry.get("outcome") == "succeeded":
        result = entry.get("result")
        if not isinstance(result, dict) or not result:
            verdict, reasons = "error", ["the test completed with no result to judge (%s)"
                                         % (_text(entry.get("fail_reason")) or "no output")]
        else:
            try:
                unmet = failed_conditions(result, conditions)
                reasons = [condition.reason(result, value) if condition.reason
                           else "%s is %s, wanted %s" % (condition.field, _say_found(value), condition.wanted)
                           for condition, value in unmet]
                failed = [dict(field=condition.field, wanted=condition.wanted, found=clean_data(found(value)))
                          for condition, value in unmet]
                verdict = "fail" if unmet else "pass"
            except UnreadableResult as unreadable:
                verdict, reasons = "error", ["the result cannot be judged: %s" % unreadable]
            except KeyError as missing:
                verdict, reasons = "error", ["the result cannot be judged: it has no %s" % _text(missing)]
            except (TypeError, AttributeError, IndexError, ValueError) as problem:
                verdict, reasons = "error", ["the result cannot be judged (%s: %s)" % (type(problem).__name__,
                                                                                       _text(problem))]
    elif error.get("status_code") == 409 and code_suffix(str(error.get("error_code") or "")) != "DEVICE_NOT_READY":
        verdict, reasons = "offline", ["device offline"]
    else:
        verdict = "error"
        reasons = [_text(error.get("message") or entry.get("fail_reason") or "test %s" % entry.get("outcome"))]
    return dict(name=_text(entry.get("name") or entry.get("serial_number")), serial_number=_text(entry.get("serial_number")),
                device_type=_text(entry.get("device_type")), test=_text(entry.get("test")),
                destination=_text(entry.get("destination")), verdict=verdict, reasons=[_text(reason) for reason in reasons],
                failed=failed, task_id=_text(entry.get("task_id")), duration_seconds=_duration(entry.get("duration_seconds")),
                metrics=_metrics(entry), figure=_key_figure(entry), events=_events(entry))


def _key_figure(entry):
    """The test's key figure (catalogue.KEY_FIGURES) as a number, None when it has none or it cannot be read."""
    field = KEY_FIGURES.get(entry.get("test"))
    result = entry.get("result") if isinstance(entry.get("result"), dict) else {}
    value = result.get(field) if field else None
    return to_float(value) if isinstance(value, (str, int, float)) else None


def _say_found(value):
    if value is None:
        return "null"
    return _text(json.dumps(found(value), default=str)) if isinstance(value, (list, bool)) else _text(str(value))


# Of a failing device's recent events (fleet_diagnostics' events), what a report row shows.
EVENT_SHOWN = ("timestamp", "name", "severity", "category", "description")


def _events(entry):
    """The recent events fleet_diagnostics attached to a failing result, each with EVENT_SHOWN as text."""
    events = entry.get("events") if isinstance(entry.get("events"), list) else []
    return [dict((key, _text(event.get(key)) if isinstance(event.get(key), str) else None) for key in EVENT_SHOWN)
            for event in events if isinstance(event, dict)]


def event_line(event):
    """One recent event as a line: "2026-12-02 08:34:47 Device rebooted (Major): Rebooted: watchdog reset"."""
    stamp = (event["timestamp"] or "time unknown").replace("T", " ")[:19]
    return "%s %s%s%s" % (stamp, event["name"] or "event", " (%s)" % event["severity"] if event["severity"] else "",
                          ": %s" % event["description"] if event["description"] else "")


def _duration(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
