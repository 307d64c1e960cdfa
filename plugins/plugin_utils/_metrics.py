# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""A compliance run as Prometheus metrics: the text exposition format, written atomically for node_exporter's
textfile collector, or pushed to a Pushgateway. Per device x check x target whether it passes (its verdict and
severity as labels) and its key figure; per run the tests by verdict, the violations by severity, the devices
compliant or not, the duration and the time. Metric and label names follow Prometheus' naming rules; label
values come from Central and the inventory and are escaped."""

from __future__ import annotations

import base64

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import KEY_FIGURES
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._files import write_atomically
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import without_query
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._transport import Transport

PREFIX = "arubacentral_compliance_"
JOB = "arubacentral_compliance"


def escape_label(value):
    """A label value as the exposition format writes it: backslash, double quote and line feed escaped."""
    return str("" if value is None else value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs):
    return "{%s}" % ",".join('%s="%s"' % (name, escape_label(value)) for name, value in pairs)


def _number(value):
    return repr(float(value)) if isinstance(value, float) else str(value)


def render(report, policy):
    """The exposition text of a compliance report (reports.build_compliance_report)."""
    lines = []

    def family(name, help_text, samples):
        lines.append("# HELP %s%s %s" % (PREFIX, name, help_text))
        lines.append("# TYPE %s%s gauge" % (PREFIX, name))
        lines.extend("%s%s%s %s" % (PREFIX, name, _labels(pairs), _number(value)) for pairs, value in samples)

    def row_labels(row):
        return [("policy", policy), ("check", row["check"]), ("site", row["site"]),
                ("device_type", row["device_type"]), ("serial", row["serial_number"]), ("device", row["name"]),
                ("target", row["destination"] or ""), ("verdict", row["verdict"]), ("severity", row["severity"])]

    rows = report["verdicts"]
    family("passing", "1 when the device passes the check for the target, 0 when not (verdict and severity in labels).",
           [(row_labels(row), 1 if row["verdict"] == "pass" else 0) for row in rows])
    family("figure", "The key figure of the test (the figure label names it: rtt_avg_ms, hop_count, ...).",
           [(row_labels(row) + [("figure", KEY_FIGURES[row["test"]])], row["figure"]) for row in rows
            if row.get("figure") is not None])
    family("tests", "Tests of the run by verdict.",
           [([("policy", policy), ("verdict", verdict)], number) for verdict, number in sorted(report["counts"].items())])
    family("violations", "Violations of the run by severity.",
           [([("policy", policy), ("severity", severity)], number)
            for severity, number in report["severity_counts"].items()])
    compliant = sum(1 for device in report["devices"].values() if device["compliant"])
    family("devices", "Devices of the run, compliant or not.", [
        ([("policy", policy), ("compliant", "true")], compliant),
        ([("policy", policy), ("compliant", "false")], len(report["devices"]) - compliant)])
    summary = report.get("summary") or {}
    if isinstance(summary.get("wall_seconds"), (int, float)):
        family("run_duration_seconds", "Seconds the run's tests took.", [([("policy", policy)], summary["wall_seconds"])])
    family("run_timestamp_seconds", "When the run started, in seconds since the epoch.",
           [([("policy", policy)], report["run"]["started_at"])])
    return "\n".join(lines) + "\n"


def write_textfile(path, text):
    """Write ``text`` at ``path`` atomically (node_exporter never reads half a file), readable by node_exporter's
    user (0644: the metrics hold no secret)."""
    write_atomically(path, text, mode=0o644)


def _segment(name, value):
    """A grouping label as a Pushgateway URL path segment; base64 (URL-safe) for a value a path cannot hold."""
    value = str(value)
    if value and all(char.isalnum() or char in "-_." for char in value):
        return "%s/%s" % (name, value)
    return "%s@base64/%s" % (name, base64.urlsafe_b64encode(value.encode("utf-8")).decode("ascii") or "=")


def publish(params, report):
    """The run's metrics to metrics_file (atomically, for node_exporter's textfile collector) and/or pushed to
    pushgateway_url (fleet_compliance's and fleet_report's options). Raise OSError for the file, CentralError for
    the push."""
    if not params.get("metrics_file") and not params.get("pushgateway_url"):
        return
    text = render(report, report["run"]["scope"])
    if params.get("metrics_file"):
        write_textfile(params["metrics_file"], text)
    if params.get("pushgateway_url"):
        # The one transport of the collection: its retries, answer cap, CA settings and no redirect followed (one
        # would carry the basic authentication and the metrics elsewhere).
        transport = Transport(validate_certs=params.get("validate_certs", True), ca_path=params.get("ca_path"),
                              max_retries=params.get("max_retries", 2))
        if params.get("pushgateway_username"):
            transport.session.auth = (params["pushgateway_username"], params["pushgateway_password"])
        push(transport, params["pushgateway_url"], text, report["run"]["scope"])


def push(transport, url, text, policy):
    """PUT ``text`` to the Pushgateway at ``url`` under job arubacentral_compliance and the grouping label
    policy (replacing that group's previous push; a PUT is retried, it replaces what it replaces). Raise
    ValidationError naming the status, CentralError when the Pushgateway cannot be reached."""
    base = url.rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise ValidationError("pushgateway_url must be an http:// or https:// URL (got %r)" % url)
    target = "%s/metrics/job/%s/%s" % (base, JOB, _segment("policy", policy))
    answer = transport.send("PUT", target, idempotent=True, paced=False, data=text.encode("utf-8"),
                            headers={"Content-Type": "text/plain; version=0.0.4; charset=utf-8"})
    if answer.status_code >= 300:
        raise ValidationError("the Pushgateway at %s answered %d: %s" % (
            without_query(base), answer.status_code, clean_text(answer.text[:200], one_line=True, max_length=200)))
    return target
