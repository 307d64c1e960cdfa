# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compliance verdicts over fleet_diagnostics results: pass, fail, error or offline per
device and destination, with the reasons a person reads and the metrics a report shows."""

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.errors import code_suffix
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.parsers import to_float
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.text import clean_text

# The tests each check reads.
CHECK_TESTS = dict(reachability=("ping",), path_check=("traceroute",), mtu_check=("ping_sweep",),
                   service_check=("nslookup", "tcp", "http", "https"))
CHECKS = tuple(CHECK_TESTS)
VERDICTS = ("fail", "error", "offline", "pass")  # worst first: the order reports sort by


# The result fields the rules and reports read as numbers. A report may be given results from anywhere
# (a registered variable, a file): numbers written as text count, anything else is a result that cannot be judged.
_NUMERIC_FIELDS = ("packet_loss_percent", "rtt_min_ms", "rtt_avg_ms", "rtt_max_ms", "hop_count", "last_responding_hop",
                   "largest_size_without_loss", "connect_time_ms", "latency_avg_ms", "download_rate_kbps")


class UnreadableResult(ValueError):
    """A result field that is not what its test returns; the verdict is ``error``, naming it."""


def _as_number(field, value):
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    number = to_float(value) if isinstance(value, str) else None
    if number is None:
        raise UnreadableResult("%s is %s, not a number" % (field, clean_text(repr(value), one_line=True, max_length=60)))
    return number


def readable_result(result):
    """``result`` with its numeric fields as numbers; raise UnreadableResult naming a field that is not one."""
    readable = dict(result)
    for field in _NUMERIC_FIELDS:
        if field in readable:
            readable[field] = _as_number(field, readable[field])
    return readable


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


def _reachability(result, thresholds):
    reasons = []
    if not result["reachable"]:
        return ["no reply from the destination (%s%% loss)" % _number(result["packet_loss_percent"])]
    limit = thresholds.get("max_packet_loss_percent")
    if limit is not None and (result["packet_loss_percent"] or 0) > limit:
        reasons.append("packet loss %s%% above %s%%" % (_number(result["packet_loss_percent"]), _number(limit)))
    limit = thresholds.get("max_rtt_avg_ms")
    if limit is not None and result["rtt_avg_ms"] is not None and result["rtt_avg_ms"] > limit:
        reasons.append("average RTT %s ms above %s ms" % (_number(result["rtt_avg_ms"]), _number(limit)))
    return reasons


def _path_check(result, thresholds):
    reasons = []
    if not result["destination_reached"]:
        reasons.append("destination not reached (last answering hop: %s)" % (result["last_responding_hop"] or "none"))
    limit = thresholds.get("max_hops")
    if limit is not None and result["destination_reached"] and (result["last_responding_hop"] or 0) > limit:
        reasons.append("destination reached in %d hops, more than %d" % (result["last_responding_hop"], limit))
    expected = thresholds.get("expected_hop")
    if expected:
        addresses = set(probe.get("address") for hop in _records(result["hops"]) for probe in _records(hop.get("probes")))
        if expected not in addresses:
            reasons.append("expected hop %s not on the path" % expected)
    return reasons


def _mtu_check(result, thresholds):
    largest = result["largest_size_without_loss"]
    if largest is None:
        return ["no packet size got through"]
    limit = thresholds.get("min_path_mtu_bytes")
    if limit is not None and largest < limit:
        return ["largest size without loss %d bytes, below %d" % (largest, limit)]
    return []


def _resolution(result, thresholds):
    if not result["resolved"] and thresholds.get("require_resolution", True):
        return ["%s did not resolve" % (result.get("host") or "the name")]
    return []


def _connection(result, thresholds):
    if not result["connected"]:
        return ["no TCP connection to %s:%s" % (result.get("host"), result.get("port"))]
    limit = thresholds.get("max_connect_time_ms")
    if limit is not None and result["connect_time_ms"] is not None and result["connect_time_ms"] > limit:
        return ["connect time %s ms above %s ms" % (_number(result["connect_time_ms"]), _number(limit))]
    return []


def _web(result, thresholds):
    codes = ", ".join(str(code) for code in sorted(set(result["status_codes"])))
    if not result["success"]:
        return ["no successful answer%s" % (" (status %s)" % codes if codes else "")]
    reasons = []
    classes = thresholds.get("http_status_classes")
    if classes and result["status_codes"]:
        allowed = set(str(entry).lower()[:1] for entry in classes)
        if not any(str(code)[:1] in allowed for code in result["status_codes"]):
            reasons.append("status %s not in %s" % (codes, ", ".join(classes)))
    limit = thresholds.get("min_download_kbps")
    if limit is not None and result["download_rate_kbps"] is not None and result["download_rate_kbps"] < limit:
        reasons.append("download rate %s kbps below %s kbps" % (_number(result["download_rate_kbps"]), _number(limit)))
    return reasons


# How each test's completed result is judged.
_RULES = dict(ping=_reachability, traceroute=_path_check, ping_sweep=_mtu_check, nslookup=_resolution,
              tcp=_connection, http=_web, https=_web)


def _number(value):
    return ("%g" % value) if isinstance(value, (int, float)) else str(value)


def _text(value):
    return None if value is None else clean_text(value, one_line=True, max_length=300)


def verdict_for(entry, thresholds):
    """One verdict entry for a fleet_diagnostics result ``entry``. A result that cannot be judged (a test that
    completed with no output, a field that is not what its test returns) is an ``error`` saying why."""
    error = entry.get("error") if isinstance(entry.get("error"), dict) else {}
    if entry.get("outcome") == "succeeded":
        result = entry.get("result")
        if not isinstance(result, dict) or not result:
            verdict, reasons = "error", ["the test completed with no result to judge (%s)"
                                         % (_text(entry.get("fail_reason")) or "no output")]
        else:
            try:
                reasons = _RULES[entry["test"]](readable_result(result), thresholds)
                verdict = "fail" if reasons else "pass"
            except UnreadableResult as unreadable:
                verdict, reasons = "error", ["the result cannot be judged: %s" % unreadable]
            except KeyError as missing:
                verdict, reasons = "error", ["the result cannot be judged: it has no %s" % _text(missing)]
            except (TypeError, AttributeError, IndexError) as problem:
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
                task_id=_text(entry.get("task_id")), duration_seconds=_duration(entry.get("duration_seconds")),
                metrics=_metrics(entry), events=_events(entry))


# Of a failing device's recent events (fleet_diagnostics' events), what a report row shows.
EVENT_SHOWN = ("timestamp", "name", "severity", "category", "description")


def _events(entry):
    """The recent events fleet_diagnostics attached to a failing result, each with EVENT_SHOWN as text."""
    events = entry.get("events") if isinstance(entry.get("events"), list) else []
    return [dict((key, _text(event.get(key)) if isinstance(event.get(key), str) else None) for key in EVENT_SHOWN)
            for event in events if isinstance(event, dict)]


def _duration(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _answered(item):
    """Whether a ping got any reply (False for an offline device or 100% loss; None when it could not run)."""
    if item["verdict"] == "offline":
        return False
    loss = item["metrics"].get("packet_loss_percent")
    return None if loss is None else loss < 100


def evaluate(check, results, thresholds, violating=("fail", "error", "offline")):
    """Verdicts (worst first, then by name), counts, violations and a verdict per device.
    Raise ValueError when a result is not of the test the check reads."""
    for index, entry in enumerate(results):
        if not isinstance(entry.get("test"), str) or entry["test"] not in CHECK_TESTS[check]:
            raise ValueError("results[%d] is a %s result; %s reads %s results"
                             % (index, entry.get("test"), check, " and ".join(CHECK_TESTS[check])))
    order = dict((verdict, rank) for rank, verdict in enumerate(VERDICTS))
    verdicts = sorted((verdict_for(entry, thresholds) for entry in results),
                      key=lambda item: (order[item["verdict"]], str(item["name"]), str(item["destination"])))
    counts = dict((verdict, 0) for verdict in VERDICTS)
    per_device, answers = {}, {}
    for item in verdicts:
        counts[item["verdict"]] += 1
        device = per_device.setdefault(item["name"], dict(verdict="pass", serial_number=item["serial_number"],
                                                          destinations={}, answered=None))
        device["destinations"][item["destination"]] = dict(verdict=item["verdict"], reasons=item["reasons"],
                                                           test=item["test"])
        if order[item["verdict"]] < order[device["verdict"]]:
            device["verdict"] = item["verdict"]
        answers.setdefault(item["name"], []).append(_answered(item))
    if check == "reachability":
        # True when a destination replied, False when none did (offline, or 100% loss), None when one could not run.
        for name, replies in answers.items():
            per_device[name]["answered"] = True if True in replies else (None if None in replies else False)
    violations = [item for item in verdicts if item["verdict"] in violating]
    return dict(verdicts=verdicts, counts=counts, violations=violations, devices=per_device)
