# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Reports of a fleet check: JSON for machines, JUnit XML for AWX and CI, and one
self-contained HTML page (no external assets) for people."""

from __future__ import annotations

import functools
import gc
import json
import os
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

from jinja2 import Environment, FileSystemLoader

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import refuse_clear_credentials
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._files import write_atomically
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._causes import (
    check_thresholds as check_cause_thresholds,
    likely_causes,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._fleet import FLEET_ARGUMENT_SPEC
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import summarize
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_data, clean_text
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import (
    SEVERITIES,
    VERDICT_RANK,
    VERDICTS,
    severity_rank,
    utc_now_text,
    utc_text,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._verdicts import (
    CHECKS,
    THRESHOLDS,
    TITLES,
    event_line,
)


def _without_cycle_collection(render):
    """Rendering makes and drops a great many objects and no cycle: left on, the cycle collector would walk the
    whole report (hundreds of thousands of objects at 5000 devices) again and again, up to half the time."""
    @functools.wraps(render)
    def rendered(report):
        collecting = gc.isenabled()
        gc.disable()
        try:
            return render(report)
        finally:
            if collecting:
                gc.enable()
    return rendered


@_without_cycle_collection
def render_json(report):
    return json.dumps(report, indent=2, sort_keys=True, default=str) + "\n"


def _service_figures(metrics):
    """One line of what a DNS, TCP or HTTP test measured."""
    parts = []
    if metrics.get("addresses"):
        parts.append(", ".join(metrics["addresses"]))
    if metrics.get("connect_time_ms") is not None:
        parts.append("connect %s ms" % _number(metrics["connect_time_ms"]))
    if metrics.get("status_codes"):
        parts.append("status %s" % ", ".join(str(code) for code in sorted(set(metrics["status_codes"]))))
    if metrics.get("latency_avg_ms") is not None:
        parts.append("avg %s ms" % _number(metrics["latency_avg_ms"]))
    if metrics.get("download_rate_kbps") is not None:
        parts.append("%s kbps" % _number(metrics["download_rate_kbps"]))
    return "; ".join(parts)


_REPORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def report_paths(report_dir, name, formats):
    """format -> path of each report; ``name`` must be a plain file name, so that no report leaves ``report_dir``."""
    if not _REPORT_NAME.fullmatch(name) or ".." in name:
        raise ValidationError("report_name must be a plain file name: 1-100 letters, digits, '.', '_' or '-', "
                              "without '..' (got %r)" % name, hint="Fix report_name; put the directory in report_dir.")
    return dict((fmt, os.path.join(report_dir, "%s.%s" % (name, RENDERERS[fmt][0]))) for fmt in formats)


def write_reports(report, paths):
    """Write each report of ``paths`` (format -> path), creating its directory; raise OSError."""
    for fmt, path in paths.items():
        write_atomically(path, RENDERERS[fmt][1](report))


def summary_lines(summary_line, violations, paths, causes=(), shown=20):
    """What the console shows: the summary, a line a likely cause, up to ``shown`` violations, the report paths."""
    lines = [summary_line]
    lines += ["LIKELY CAUSE (%s): %s; %s" % (cause["kind"], cause["evidence"], _counted(
        len(cause["rows"]), "violation", cause["devices"], "device", cause["sites"], "site")) for cause in causes]
    for item in violations[:shown]:
        lines.append(clean_text("%s: %s %s %s (%s)" % (item["verdict"].upper(), item["name"], item["test"],
                                                       item["destination"], "; ".join(item["reasons"])), one_line=True))
    if len(violations) > shown:
        lines.append("... and %d more violations" % (len(violations) - shown))
    lines += ["%s report: %s" % (fmt, path) for fmt, path in sorted(paths.items())]
    return lines


# ---- The one report model: a policy's run (a preset check's is a built-in policy), its checks and rows ----
REPORT_SCHEMA = "arubacentral.troubleshooting/compliance-report/1"


def build_report(policy_checks, plan_summary, rows, violations, summary, violating, title=None, policy_name=None,
                 policy_digest=None, preset=None, parameters=None, generated_at=None, run=None, memory=None,
                 uplinks=None, cause_thresholds=None):
    """The report (every string cleaned) and its summary line, for a policy or a preset check (``preset``: its
    name, which the report's ``check`` and file names carry, as they always have). ``run`` (run_id, started_at,
    run_by) and ``memory`` (drift.compare's comparison with the history) add what changed since the last runs.
    ``violating`` (vocabulary.violating_verdicts) is the one definition of a violation that the counts, severities
    and the per-device ``compliant`` follow. Likely causes (plugin_utils/_causes.py) group the violations, with
    ``uplinks`` (device name -> (switch, port)) and ``cause_thresholds``."""
    overview = summarize(policy_checks, rows, violating)
    # A check that planned no test is said in every report, with why: 0 of 0 is never shown as a pass.
    nowhere = dict((entry["check"], entry["ran_nowhere"]) for entry in plan_summary if entry.get("ran_nowhere"))
    for name, entry in overview["by_check"].items():
        entry["ran_nowhere"] = nowhere.get(name)
    counts = overview["counts"]
    generated_at = generated_at or utc_now_text()
    summary_line = "%s: %s%d tests on %d devices: %d pass, %d fail, %d error, %d offline" % (
        preset or "compliance", "" if preset else "%d checks, " % len(policy_checks), len(rows),
        len(overview["devices"]), counts["pass"], counts["fail"], counts["error"], counts["offline"])
    if violations:
        summary_line += " (%s)" % ", ".join("%d %s" % (number, severity)
                                            for severity, number in overview["severity_counts"].items() if number)
    if nowhere:
        summary_line += "; %d check(s) ran nowhere: %s" % (len(nowhere), "; ".join(
            "%s (%s)" % (name, reason) for name, reason in nowhere.items()))
    drift_counts = None
    if memory is not None:
        drift_counts = dict((state, sum(1 for row in violations if row["drift"]["state"] == state))
                            for state in ("new", "persisting"))
        # Flapping counts whatever the verdict now: a row that keeps changing is news even when it passes.
        drift_counts["flapping"] = sum(1 for row in rows if row["drift"]["state"] == "flapping")
        drift_counts["resolved"] = len(memory["resolved"])
        summary_line += "; since the last run: %d new, %d resolved" % (drift_counts["new"], drift_counts["resolved"])
    causes, unexplained = likely_causes(rows, violating, uplinks=uplinks, thresholds=cause_thresholds)
    report = clean_data(dict(
        overview, schema=REPORT_SCHEMA, check=preset or "compliance",
        causes=[dict(cause, rows=[_row_key(rows[index]) for index in cause["rows"]]) for cause in causes],
        unexplained=len(unexplained),
        title=title or "%s report" % (TITLES[preset] if preset else "Compliance"),
        parameters=_parameters(parameters or {}, policy_checks, preset),
        generated_at=generated_at, summary_line=summary_line, summary=summary or {},
        policy=dict(name=policy_name, digest=policy_digest, checks=[check.describe() for check in policy_checks]),
        plan=plan_summary, verdicts=rows, violations=violations,
        run=dict(run or {}, started=utc_text(run["started_at"])) if run else None,
        drift_counts=drift_counts, resolved=memory["resolved"] if memory else [],
        site_trends=memory["site_trends"] if memory else {}, previous_run=memory["previous_run"] if memory else None,
        runs_compared=memory["runs_compared"] if memory else 0))
    return report, summary_line


def _counted(*pairs):
    """'3 violations, 1 device, 1 site' of (number, noun, number, noun...)."""
    return ", ".join("%d %s%s" % (number, noun, "" if number == 1 else "s") for number, noun in zip(pairs[::2], pairs[1::2]))


def _row_key(row):
    """What names one row of ``verdicts`` in a cause: its check, device, site, target and verdict."""
    return dict(check=row["check"], name=row["name"], site=row["site"], destination=row["destination"],
                verdict=row["verdict"])


def _parameters(parameters, checks, preset):
    """The run's parameters as given; a preset's report has always said its thresholds there too, as they were
    judged (typed, the unset ones left out)."""
    if not preset:
        return parameters
    thresholds = {}
    for check in checks:
        thresholds.update(check.thresholds or {})
    return dict(parameters, thresholds=thresholds)


@_without_cycle_collection
def render_junit(report):
    """A testsuite per check, a testcase per device and target (classname check.device); a fail is a failure,
    error and offline are errors; the severity in the suite's and case's properties. Then, when there are any, a
    testsuite "likely causes": a failing case a cause, listing its violations."""
    suites = ElementTree.Element("testsuites", name="arubacentral.troubleshooting.%s" % report["check"])
    by_check = {}
    for row in report["verdicts"]:
        by_check.setdefault(row["check"], []).append(row)
    for check in report["policy"]["checks"]:
        rows = by_check.get(check["name"], [])
        counted = report["by_check"][check["name"]]
        nowhere = counted.get("ran_nowhere")
        suite = ElementTree.SubElement(suites, "testsuite", name=check["name"], tests=str(len(rows) or int(bool(nowhere))),
                                       failures=str(counted["fail"] + int(bool(nowhere) and not check["may_run_nowhere"])),
                                       errors=str(counted["error"] + counted["offline"]),
                                       skipped=str(int(bool(nowhere) and check["may_run_nowhere"])),
                                       timestamp=report["generated_at"])
        properties = ElementTree.SubElement(suite, "properties")
        for key in ("test", "severity", "description"):
            if check.get(key):
                ElementTree.SubElement(properties, "property", name=key, value=str(check[key]))
        if nowhere:
            # One case for the check itself, so that a CI view shows it: failed, or skipped where the policy allows it.
            case = ElementTree.SubElement(suite, "testcase", classname=check["name"], name="ran nowhere", time="0")
            ElementTree.SubElement(case, "skipped" if check["may_run_nowhere"] else "failure",
                                   message="ran nowhere: %s" % nowhere)
        for row in rows:
            case = ElementTree.SubElement(suite, "testcase", classname="%s.%s" % (check["name"], row["name"]),
                                          name="%s %s" % (row["test"], row["destination"] or ""),
                                          time="%.3f" % (row["duration_seconds"] or 0))
            case_properties = ElementTree.SubElement(case, "properties")
            for key in ("severity", "site", "serial_number"):
                ElementTree.SubElement(case_properties, "property", name=key, value=str(row[key]))
            message = "; ".join(row["reasons"] + ["recent event: %s" % event_line(event) for event in row["events"]])
            if row["verdict"] == "fail":
                ElementTree.SubElement(case, "failure", message=message, type=row["severity"]).text = "\n".join(
                    "%s: wanted %s, found %s" % (item["field"], item["wanted"], json.dumps(item["found"], default=str))
                    for item in row["failed"]) or message
            elif row["verdict"] in ("error", "offline"):
                ElementTree.SubElement(case, "error", message=message, type=row["verdict"]).text = message
    if report["causes"]:
        # The likely causes as a suite of their own: a CI view leads with them as the HTML page does.
        suite = ElementTree.SubElement(suites, "testsuite", name="likely causes", tests=str(len(report["causes"])),
                                       failures=str(len(report["causes"])), errors="0", skipped="0",
                                       timestamp=report["generated_at"])
        for cause in report["causes"]:
            case = ElementTree.SubElement(suite, "testcase", classname="likely causes.%s" % cause["kind"],
                                          name=cause["subject"], time="0")
            ElementTree.SubElement(case, "failure", message=cause["evidence"], type=cause["kind"]).text = "\n".join(
                "%s: %s %s (%s)" % (row["check"], row["name"], row["destination"] or "", row["verdict"])
                for row in cause["rows"])
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


# The page is _report_templates/report.html.j2 (its style and script inlined from report.css and report.js);
# what follows turns a report into what the page shows, as text: the template escapes every value.
_TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_report_templates")
# Rows past the first page come hidden, so that opening a page of thousands of rows lays out one page.
PAGE_ROWS = 500
# A cause shows its first violations; all of them are in the results table, which filters by the cause's subject.
CAUSE_ROWS = 100
# Bars read left to right from what passed.
VERDICT_ORDER = ("pass",) + tuple(verdict for verdict in VERDICTS if verdict != "pass")


def _none_as_nothing(value):
    """What the template prints for None: nothing. Autoescape escapes every value after."""
    return "" if value is None else value


@functools.lru_cache(maxsize=1)
def _page_template():
    environment = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True,
                              finalize=_none_as_nothing)
    return environment.get_template("report.html.j2")


@_without_cycle_collection
def render_html(report):
    """What to act on first: the likely causes, each opening on its violations (wanted and found, drift, recent
    events), then the violations no cause explains; then compliance by check and by site; then, folded, every
    result (violations first, with what the test measured) and one row a device with a column a check. The
    tables filter, sort and page."""
    drift_counts = report.get("drift_counts")
    drift = None
    if drift_counts is not None:
        previous = report.get("previous_run")
        drift = dict(drift_counts, compared="compared with %d earlier runs; the last one started %s" % (
            report["runs_compared"], utc_text(previous["started_at"])) if previous
            else "the first run of this policy in the history")
    summary = report["summary"]
    checks = [check["name"] for check in report["policy"]["checks"]]
    results = [_result_row(row) for row in report["verdicts"]]
    causes, unexplained = _causes_view(report, results)
    return _page_template().render(
        title=report["title"], page_rows=PAGE_ROWS, verdicts=VERDICTS, drift=drift,
        meta=dict(generated_at=report["generated_at"], policy=report["policy"]["name"] or "unnamed",
                  digest=report["policy"]["digest"], tests=len(report["verdicts"]), devices=len(report["devices"]),
                  wall=_number(summary.get("wall_seconds")), requests=_number(summary.get("requests", 0)),
                  rate_limited=_number(summary.get("rate_limited", 0))),
        pills=[(verdict, report["counts"][verdict]) for verdict in VERDICTS],
        severity_pills=[(severity, report["severity_counts"][severity]) for severity in SEVERITIES],
        check_bars=[_check_bar(check, report["by_check"][check["name"]]) for check in report["policy"]["checks"]],
        sites=_sites(report), violation_count=len(report["violations"]),
        results_head=["Check", "Severity", "Device", "Site", "Target", "Verdict", "Wanted / found", "Why",
                      "Figures"] + (["Drift", "Trend"] if drift else []),
        results=results, causes=causes, unexplained=unexplained, causes_line=_causes_line(report, causes),
        resolved=[_resolved_row(row) for row in report.get("resolved") or []],
        device_head=["Device", "Serial", "Type", "Site", "Verdict", "Worst severity"] + checks,
        devices=_device_rows(report, checks))


def _causes_view(report, results):
    """(causes, each with its first CAUSE_ROWS result rows and how many more; the violations no cause explains),
    as result rows of ``results`` (one per row of report["verdicts"], in its order)."""
    at = dict(((row["check"], row["name"], row["destination"]), index) for index, row in enumerate(report["verdicts"]))
    explained, causes = set(), []
    for cause in report["causes"]:
        indices = [at[(key["check"], key["name"], key["destination"])] for key in cause["rows"]]
        explained.update(indices)
        counts = _counted(len(indices), "violation", cause["devices"], "device", cause["sites"], "site")
        causes.append(dict(kind=cause["kind"], subject=cause["subject"], evidence=cause["evidence"],
                           counts=counts + (", %d new since the last run" % cause["new"] if cause["new"] else ""),
                           rows=[results[index] for index in indices[:CAUSE_ROWS]],
                           more=max(0, len(indices) - CAUSE_ROWS)))
    violations = set(at[(row["check"], row["name"], row["destination"])] for row in report["violations"])
    return causes, [results[index] for index in sorted(violations - explained)]


def _causes_line(report, causes):
    """What the causes explain: "2 causes explain 34 of 36 violations"."""
    if not report["violations"]:
        return "no violation"
    one, total = len(causes) == 1, len(report["violations"])
    return "%d cause%s explain%s %d of %d violations" % (
        len(causes), "" if one else "s", "s" if one else "", total - report["unexplained"], total)


def _number(value, unit=""):
    """A number as a report prints it (%g), anything else as text; nothing for None."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "%g%s" % (value, unit)
    return str(value)


def _spark(values, width=120, height=24, label="RTT per probe", unit=" ms"):
    """An inline SVG line of ``values`` (per-probe RTTs, a figure over runs): its size, title and points; None
    for fewer than two values."""
    values = [value for value in values if isinstance(value, (int, float))]
    if len(values) < 2:
        return None
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = float(width - 4) / (len(values) - 1)
    points = " ".join("%.1f,%.1f" % (2 + index * step, height - 2 - (value - low) / spread * (height - 4))
                      for index, value in enumerate(values))
    return dict(width=width, height=height, label=label, title=", ".join("%g" % value for value in values), unit=unit,
                points=points, scale="%g-%g%s" % (low, high, unit))


def _trend(row, width, height=24):
    """A row's key figure over the runs, as a sparkline."""
    return _spark([value for _when, value in row.get("trend") or []], width=width, height=height,
                  label="key figure over the runs", unit="")


def _check_bar(check, counted):
    """A check's line of the overview: its compliance bar, or, for a check that planned no test, why."""
    total = sum(counted.get(verdict, 0) for verdict in VERDICT_ORDER) or 1
    return dict(name=check["name"], test=check["test"], description=check["description"] or "",
                nowhere=counted.get("ran_nowhere"), allowed=check["may_run_nowhere"],
                segments=[dict(verdict=verdict, count=counted[verdict],
                               width="%.2f" % (100.0 * counted[verdict] / total))
                          for verdict in VERDICT_ORDER if counted.get(verdict)],
                compliant=counted["compliant"], devices=counted["devices"],
                percent=_percent(counted["compliant"], counted["devices"]))


def _sites(report):
    """The site tiles, least compliant first, each coloured from a darker red (0% compliant) through amber to a
    lighter green, with a bar of its share."""
    trends = report.get("site_trends") or {}
    tiles = []
    for name, site in sorted(report["by_site"].items(),
                             key=lambda pair: (pair[1]["compliant"] / float(pair[1]["devices"] or 1), pair[0])):
        share = site["compliant"] / float(site["devices"] or 1)
        share = max(0.0, min(1.0, share))
        # Hue from red to green and lightness with it, so that the share reads without telling hues apart; the
        # bar and the figure say it too.
        tiles.append(dict(name=name, short=name[:40], percent=_percent(site["compliant"], site["devices"]),
                          color="hsl(%d, 70%%, %d%%)" % (int(round(120 * share)), int(round(78 + 14 * share))),
                          share="%d" % int(100 * share),
                          compliant=site["compliant"], devices=site["devices"],
                          trend=_spark([value * 100 for _when, value in trends.get(name, [])], width=110, height=18,
                                       label="compliant devices over the runs", unit=" %")))
    return tiles


def _result_row(row):
    drift = row.get("drift") or {}
    return dict(check=row["check"], severity=row["severity"], severity_rank=severity_rank(row["severity"]),
                name=str(row["name"]), site=str(row["site"]), destination=str(row["destination"] or ""),
                verdict=row["verdict"], verdict_rank=VERDICT_RANK[row["verdict"]],
                failed=[dict(field=item["field"], wanted=str(item["wanted"]),
                             found=json.dumps(item["found"], default=str)) for item in row["failed"]],
                reasons="; ".join(row["reasons"]), events=[event_line(event) for event in row["events"]],
                figures=_figures(row), figure_key=_figure_key(row), drift=_drift_text(drift),
                drift_state=drift.get("state"), trend=_trend(row, 80), trend_runs=len(row.get("trend") or []))


def _resolved_row(row):
    return dict(check=row["check"], name=str(row["name"]), site=str(row["site"]),
                destination=str(row["destination"] or ""), previous=str(row["drift"]["previous"]),
                trend=_trend(row, 80), trend_runs=len(row.get("trend") or []))


def _device_rows(report, checks):
    """One row a device, worst first, with each check's verdict and, with a history, its key figure over the runs
    (its first target's)."""
    first_rows = {}
    for row in report["verdicts"]:
        first_rows.setdefault((row["name"], row["check"]), row)
    rows = []
    for name, device in sorted(report["devices"].items(), key=lambda pair: (VERDICT_RANK[pair[1]["verdict"]], pair[0])):
        cells = []
        for check in checks:
            entry = device["checks"].get(check)
            cells.append(dict(verdict=entry["verdict"], rank=VERDICT_RANK[entry["verdict"]],
                              trend=_trend(first_rows[(name, check)], 60, 16))
                         if entry else dict(verdict=None, rank=4, trend=None))
        rows.append(dict(name=name, serial_number=str(device["serial_number"]), device_type=str(device["device_type"]),
                         site=str(device["site"]), verdict=device["verdict"], verdict_rank=VERDICT_RANK[device["verdict"]],
                         severity=device["severity"], severity_rank=severity_rank(device["severity"]), checks=cells))
    return rows


def _figures(row):
    """What a row's test measured: loss, RTTs and each probe's RTT for a ping, the path hop by hop for a
    traceroute, the largest size for a sweep, a line of figures for the others."""
    metrics = row.get("metrics") or {}
    test = row["test"]
    if test == "ping" and isinstance(metrics.get("packet_loss_percent"), (int, float)):
        loss = metrics["packet_loss_percent"]
        rtts = " / ".join("%s %s" % (label, _number(metrics[key])) for label, key in (
            ("min", "rtt_min_ms"), ("avg", "rtt_avg_ms"), ("max", "rtt_max_ms")) if metrics.get(key) is not None)
        return dict(kind="ping", width=int(min(100, max(0, loss))), loss="%g" % loss, rtts=rtts,
                    spark=_spark(metrics.get("probe_rtts_ms") or []))
    if test == "traceroute" and metrics.get("path"):
        recovered = metrics.get("recovered_hops") or []
        return dict(kind="path", hops=_number(metrics.get("hop_count")), path=[
            dict(css=("hop silent" if addresses == ["*"] else "hop") + (" recovered" if number in recovered else ""),
                 addresses=" / ".join(addresses)) for number, addresses in enumerate(metrics["path"], start=1)])
    if test == "ping_sweep":
        return dict(kind="text", text=_number(metrics.get("largest_size_without_loss"), " bytes largest without loss"))
    return dict(kind="text", text=_service_figures(metrics))


def _figure_key(row):
    metrics = row.get("metrics") or {}
    for key in ("packet_loss_percent", "hop_count", "largest_size_without_loss", "connect_time_ms"):
        if metrics.get(key) is not None:
            return metrics[key]
    return row.get("figure")


def _drift_text(drift):
    """A row's drift as a person reads it: new, persisting since 2026-12-01 08:00 (4 runs), flapping (5 changes)."""
    if not drift or not drift.get("state"):
        return ""
    if drift["state"] == "persisting":
        return "persisting since %s (%d runs)" % (str(drift["since"])[:16].replace("T", " "), drift["runs"])
    if drift["state"] == "flapping":
        return "flapping (%d changes)" % drift["changes"]
    return drift["state"]


def _percent(part, whole):
    return "%d%%" % int(100.0 * part / whole) if whole else "-"


RENDERERS = dict(json=("json", render_json), junit=("junit.xml", render_junit), html=("html", render_html))

# What the reports of a run are, what it remembers and where its metrics go: fleet_compliance's and fleet_report's
# options alike (the reporting doc fragment documents them).
REPORTING_ARGUMENT_SPEC = dict(
    report_dir=dict(type="path", required=True),
    report_name=dict(type="str"),
    formats=dict(type="list", elements="str", choices=list(RENDERERS), default=list(RENDERERS)),
    title=dict(type="str"),
    parameters=dict(type="dict", default={}),
    offline_is_violation=dict(type="bool", default=True),
    cause_thresholds=dict(type="dict", default={}),
    history=dict(type="str"),
    history_keep_runs=dict(type="int"),
    history_keep_days=dict(type="float"),
    run_id=dict(type="str"),
    fail_on=dict(type="str", choices=["any", "new", "new_or_worse"], default="any"),
    metrics_file=dict(type="path"),
    pushgateway_url=dict(type="str"),
    pushgateway_username=dict(type="str"),
    pushgateway_password=dict(type="str", no_log=True),
)
# fleet_compliance's options besides the connection ones (plugins/modules/fleet_compliance.py documents them): a
# policy, the hosts or devices it chooses from, and how its one fleet run goes (fleet_diagnostics' options but its
# tests and fail_on).
COMPLIANCE_ARGUMENT_SPEC = dict(
    dict((name, spec) for name, spec in FLEET_ARGUMENT_SPEC.items() if name not in ("tests", "fail_on")),
    policy=dict(type="raw"),
    recheck=dict(type="str", choices=["violations"]),
    hosts=dict(type="list", elements="str"),
    devices=dict(type="list", elements="raw"),
    render_run=dict(type="str"),
    **dict(REPORTING_ARGUMENT_SPEC, report_name=dict(type="str", default="compliance"))
)
# fleet_report's (plugins/modules/fleet_report.py): a preset check's fleet_diagnostics results and its thresholds.
REPORT_ARGUMENT_SPEC = dict(
    check=dict(type="str", required=True, choices=list(CHECKS)),
    results=dict(type="list", elements="dict", required=True),
    summary=dict(type="dict", default={}),
    thresholds=dict(type="dict", default={}, options=dict(
        (name, dict(type=kind, elements="str") if kind == "list" else dict(type=kind))
        for test in ("ping", "traceroute", "ping_sweep", "nslookup", "tcp", "http")
        for name, kind in THRESHOLDS[test].items())),
    **REPORTING_ARGUMENT_SPEC
)


def check_memory_options(params):
    """fleet_compliance and fleet_report: raise ValidationError naming the first history, metrics or render option
    that cannot work."""
    if "policy" in params and params["policy"] is None and params["render_run"] is None:
        raise ValidationError("policy is required (the path of a YAML policy file, or the policy itself), unless "
                              "render_run names a run of the history to report")
    if params.get("hosts") is not None and params.get("devices") is not None:
        raise ValidationError("hosts and devices both say what the policy chooses from; give one of them")
    if bool(params["pushgateway_username"]) != bool(params["pushgateway_password"]):
        raise ValidationError("pushgateway_username and pushgateway_password must be set together")
    if params["pushgateway_url"] and params["pushgateway_username"]:
        # Refused before any test is sent, not after the run.
        refuse_clear_credentials(params["pushgateway_url"], "pushgateway_url", "the Pushgateway password")
    if params["pushgateway_url"] and "@" in urlsplit(params["pushgateway_url"]).netloc:
        # A user or password in the URL would be shown wherever the URL is (errors, logs).
        raise ValidationError("pushgateway_url must not carry a user or password; give them in pushgateway_username "
                              "and pushgateway_password")
    check_cause_thresholds(params["cause_thresholds"])
    if params.get("recheck") and (not params["history"] or params.get("render_run")):
        raise ValidationError("recheck needs history (the violations of the last run are read from it) and no "
                              "render_run")
    check_history_options(params)


def check_history_options(params):
    """Raise ValidationError naming a history option that cannot work."""
    for option in ("history_keep_runs", "history_keep_days"):
        if params[option] is not None and params[option] <= 0:
            raise ValidationError("%s must be more than 0 (got %s); leave it unset to keep every run"
                                  % (option, params[option]))
    if params["fail_on"] != "any" and not params["history"]:
        raise ValidationError("fail_on %s needs history: without the last runs no violation can be told new"
                              % params["fail_on"])


def report_name(params, run):
    """The report files' name: report_name, with this slice's own suffix when the run is shared by several slices
    (a run_id set, or an AWX workflow), so that concurrent slices never overwrite each other's reports."""
    return "%s-%s" % (params["report_name"], run["slice"]) if run.get("slice") else params["report_name"]
