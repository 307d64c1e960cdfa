# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Reports of a fleet check: JSON for machines, JUnit XML for AWX and CI, and one
self-contained HTML page (no external assets) for people."""

from __future__ import annotations

import json
import os
import re
from html import escape
from xml.etree import ElementTree

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import refuse_clear_credentials
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._files import write_atomically
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._fleet import FLEET_ARGUMENT_SPEC
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._metrics import push, write_textfile
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._metrics import render as render_metrics
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
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._verdicts import CHECKS, THRESHOLDS, TITLES

def render_json(report):
    return json.dumps(report, indent=2, sort_keys=True, default=str) + "\n"


def event_line(event):
    """One recent event as a line: "2026-12-02 08:34:47 Device rebooted (Major): Rebooted: watchdog reset"."""
    stamp = (event["timestamp"] or "time unknown").replace("T", " ")[:19]
    return "%s %s%s%s" % (stamp, event["name"] or "event", " (%s)" % event["severity"] if event["severity"] else "",
                          ": %s" % event["description"] if event["description"] else "")


def _event_list(events):
    """A failing row's recent events, newest first (Central's order), under its reasons."""
    if not events:
        return ""
    return '<ul class="events" title="Central\'s events of this device before the check">%s</ul>' % "".join(
        "<li>%s</li>" % escape(event_line(event)) for event in events)


def _sparkline(values, width=120, height=24, label="RTT per probe", unit=" ms"):
    """An inline SVG line of ``values`` (per-probe RTTs, a figure over runs), or an empty cell."""
    values = [value for value in values if isinstance(value, (int, float))]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = float(width - 4) / (len(values) - 1)
    points = " ".join("%.1f,%.1f" % (2 + index * step, height - 2 - (value - low) / spread * (height - 4))
                      for index, value in enumerate(values))
    return ('<svg class="spark" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">'
            '<title>%s%s</title><polyline points="%s"/></svg>'
            % (width, height, width, height, escape(label), escape(", ".join("%g" % v for v in values)), escape(unit),
               points))


def _loss_bar(loss):
    if not isinstance(loss, (int, float)) or isinstance(loss, bool):
        return _number(loss)
    return ('<span class="bar"><span style="width:%d%%"></span></span> %g%%' % (min(100, max(0, loss)), loss))


def _number(value, unit=""):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "%g%s" % (value, unit)
    return escape(str(value))


def _path(metrics):
    if not metrics["path"]:
        return ""
    hops = []
    for number, addresses in enumerate(metrics["path"], start=1):
        css = "hop silent" if addresses == ["*"] else "hop"
        if number in (metrics.get("recovered_hops") or []):
            css += " recovered"
        hops.append('<span class="%s" title="hop %d">%s</span>' % (css, number, escape(" / ".join(addresses))))
    return " &rarr; ".join(hops)


_STYLE = """
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2733}
h1{font-size:20px;margin:0 0 4px}.meta{color:#5b6773;margin:0 0 16px}
ul.events{margin:4px 0 0;padding-left:16px;color:#5b6773;font-size:12px}
.summary{display:flex;gap:12px;margin:0 0 16px;flex-wrap:wrap}
.pill{padding:6px 12px;border-radius:14px;font-weight:600;background:#eef1f4}
.pill.fail{background:#fde2e1;color:#a51d16}.pill.error{background:#fff0d6;color:#8a5300}
.pill.offline{background:#e6e6ef;color:#45456b}.pill.pass{background:#dff5e3;color:#1b6b2e}
table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{padding:6px 8px;border-bottom:1px solid #e3e7eb;text-align:left;
vertical-align:top}th{background:#f5f7f9;cursor:pointer;user-select:none;white-space:nowrap}
th:after{content:" \\2195";color:#9aa5b1}td.num{text-align:right;font-variant-numeric:tabular-nums}
.verdict{font-weight:700;text-transform:uppercase;font-size:12px}.verdict.v-fail{color:#a51d16}
.verdict.v-error{color:#8a5300}.verdict.v-offline{color:#45456b}.verdict.v-pass{color:#1b6b2e}tr.v-fail td:first-child{border-left:4px solid #d93025}
tr.v-error td:first-child{border-left:4px solid #f29900}tr.v-offline td:first-child{border-left:4px solid #7b7bab}
tr.v-pass td:first-child{border-left:4px solid #34a853}.reasons{color:#5b6773;font-size:13px}
.spark polyline{fill:none;stroke:#1a73e8;stroke-width:1.5}.bar{display:inline-block;width:60px;height:8px;
background:#e3e7eb;border-radius:4px;vertical-align:middle}.bar span{display:block;height:8px;background:#d93025;
border-radius:4px}.hop{font-family:ui-monospace,monospace;font-size:12px}.hop.silent{color:#9aa5b1}
.hop.recovered{text-decoration:underline dotted}code{font-size:12px}
.filters{display:flex;gap:8px;align-items:center;margin:0 0 12px}.filters input{width:320px;padding:5px 8px;
font:inherit;border:1px solid #c5ccd3;border-radius:4px}.filters select,.filters button{padding:5px;font:inherit}
.filters .meta{margin:0}
"""

# Sized for thousands of rows: every row is in the page (readable without scripts), but only one
# page of matching rows is shown at a time, since the browser lays out only shown rows. Rows past
# the first page come hidden in the HTML, so that opening the page lays out one page. Rows are not
# separated by whitespace: moving rows between text nodes costs Chromium a pass over the table for
# each row, 12 s for one sort of 20000 rows against 0.1 s without.
# A sort reads each row's key once and puts the rows back in one operation; the filter reads
# each row's text once.
PAGE_ROWS = 500
_SCRIPT = """
function pagedTable(prefix) {
  var PAGE = %(page)d, page = 0, pending = null, texts = null, matching = [];
  function byId(name) { return document.getElementById(prefix + name); }
  var table = byId("results"), body = table.tBodies[0], rows = Array.from(body.rows);
  var box = byId("filter"), verdict = byId("verdict"), shown = byId("shown");
  var previous = byId("previous"), next = byId("next");
  function render() {
    var first = page * PAGE, last = Math.min(first + PAGE, matching.length), visible = new Set();
    for (var i = first; i < last; i++) { visible.add(matching[i]); }
    rows.forEach(function (row) { var hide = !visible.has(row); if (row.hidden !== hide) { row.hidden = hide; } });
    shown.textContent = (matching.length ? "rows " + (first + 1) + "-" + last + " of " : "no rows of ") +
      matching.length + (matching.length === rows.length ? "" : " matching (" + rows.length + " in all)");
    previous.disabled = page === 0; next.disabled = last >= matching.length;
  }
  function applyFilter() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean), wanted = verdict.value;
    texts = texts || new Map(rows.map(function (row) { return [row, row.textContent.toLowerCase()]; }));
    matching = rows.filter(function (row) {
      return (!wanted || row.dataset.verdict === wanted) &&
        words.every(function (word) { return texts.get(row).indexOf(word) !== -1; });
    });
    page = 0; render();
  }
  box.addEventListener("input", function () { clearTimeout(pending); pending = setTimeout(applyFilter, 120); });
  verdict.addEventListener("change", applyFilter);
  previous.addEventListener("click", function () { page -= 1; render(); });
  next.addEventListener("click", function () { page += 1; render(); });
  table.tHead.querySelectorAll("th").forEach(function (th, column) {
    th.addEventListener("click", function () {
      var ascending = th.dataset.order !== "asc"; th.dataset.order = ascending ? "asc" : "desc";
      var keyed = rows.map(function (row, index) {
        var key = row.cells[column].dataset.sort, number = parseFloat(key);
        return {row: row, index: index, key: key, number: isNaN(number) ? null : number};
      });
      keyed.sort(function (a, b) {
        var cmp = (a.number !== null && b.number !== null) ? a.number - b.number
          : (a.key < b.key ? -1 : (a.key > b.key ? 1 : 0));
        return (ascending ? cmp : -cmp) || a.index - b.index;
      });
      rows = keyed.map(function (entry) { return entry.row; });
      body.replaceChildren.apply(body, rows);
      applyFilter();
    });
  });
  applyFilter();
}
"""


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


def _cell(content, sort_key, css=""):
    key = "" if sort_key is None else sort_key
    return '<td%s data-sort="%s">%s</td>' % (' class="%s"' % css if css else "", escape(str(key)), content)


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


def summary_lines(summary_line, violations, paths, shown=20):
    """What the console shows: the summary, up to ``shown`` violations, the report paths; one line each."""
    lines = [summary_line]
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
                 policy_digest=None, preset=None, parameters=None, generated_at=None, run=None, memory=None):
    """The report (every string cleaned) and its summary line, for a policy or a preset check (``preset``: its
    name, which the report's ``check`` and file names carry, as they always have). ``run`` (run_id, started_at,
    run_by) and ``memory`` (drift.compare's comparison with the history) add what changed since the last runs.
    ``violating`` (vocabulary.violating_verdicts) is the one definition of a violation that the counts, severities
    and the per-device ``compliant`` follow."""
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
    report = clean_data(dict(
        overview, schema=REPORT_SCHEMA, check=preset or "compliance",
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


def _parameters(parameters, checks, preset):
    """The run's parameters as given; a preset's report has always said its thresholds there too, as they were
    judged (typed, the unset ones left out)."""
    if not preset:
        return parameters
    thresholds = {}
    for check in checks:
        thresholds.update(check.thresholds or {})
    return dict(parameters, thresholds=thresholds)


def render_junit(report):
    """A testsuite per check, a testcase per device and target (classname check.device); a fail is a failure,
    error and offline are errors; the severity in the suite's and case's properties."""
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
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


_COMPLIANCE_STYLE = """
h2{font-size:16px;margin:24px 0 8px}.overview{display:grid;grid-template-columns:minmax(280px,1fr) minmax(280px,2fr);
gap:24px}.bars div.row{display:grid;grid-template-columns:160px 1fr 110px;gap:8px;align-items:center;margin:4px 0}
.stack{display:flex;height:14px;border-radius:4px;overflow:hidden;background:#e3e7eb}.stack span{display:block;height:14px}
.s-pass{background:#34a853}.s-fail{background:#d93025}.s-error{background:#f29900}.s-offline{background:#7b7bab}
.sites{display:flex;flex-wrap:wrap;gap:6px}.site{padding:6px 8px;border-radius:6px;min-width:120px;font-size:12px;
color:#1d2733}.site b{display:block;font-size:15px}.badge{display:inline-block;min-width:56px;text-align:center;
padding:2px 6px;border-radius:10px;font-size:11px;font-weight:700;text-transform:uppercase}
.b-pass{background:#dff5e3;color:#1b6b2e}.b-fail{background:#fde2e1;color:#a51d16}.b-error{background:#fff0d6;
color:#8a5300}.b-offline{background:#e6e6ef;color:#45456b}.b-none{color:#9aa5b1}.sev-critical{color:#a51d16;
font-weight:700}.sev-warning{color:#8a5300;font-weight:700}.sev-info{color:#45456b}.wf{margin:0;padding-left:16px;
font-size:12px}.wf code{background:#f5f7f9;padding:0 3px}#d-results th,#v-results th{white-space:normal}
#d-results td,#v-results td{overflow-wrap:anywhere}.nowhere{grid-column:span 2;color:#a51d16;font-size:12px}
#v-results th:nth-child(7),#v-results th:nth-child(8),#v-results th:nth-child(9){width:18%}
"""


def _check_bar(check, counted):
    """A check's line of the overview: its compliance bar, or, for a check that planned no test, why."""
    label = '<span title="%s">%s <span class="meta">%s</span></span>' % (
        escape(check["description"] or ""), escape(check["name"]), escape(check["test"]))
    if counted.get("ran_nowhere"):
        return '<div class="row">%s<span class="nowhere">0 tests: ran nowhere%s. %s</span></div>' % (
            label, " (allowed)" if check["may_run_nowhere"] else "", escape(counted["ran_nowhere"]))
    return '<div class="row">%s%s<span>%d/%d %s</span></div>' % (
        label, _bar(counted), counted["compliant"], counted["devices"], _percent(counted["compliant"], counted["devices"]))


def _share_color(share):
    """A tile colour from red (0% compliant) through amber to green (100%)."""
    hue = int(round(120 * max(0.0, min(1.0, share))))
    return "hsl(%d, 65%%, 85%%)" % hue


def _bar(counts):
    total = sum(counts.get(verdict, 0) for verdict in VERDICT_ORDER) or 1
    return '<span class="stack">%s</span>' % "".join(
        '<span class="s-%s" style="width:%.2f%%" title="%d %s"></span>'
        % (verdict, 100.0 * counts[verdict] / total, counts[verdict], verdict)
        for verdict in VERDICT_ORDER if counts.get(verdict))


# Bars read left to right from what passed.
VERDICT_ORDER = ("pass",) + tuple(verdict for verdict in VERDICTS if verdict != "pass")


def _filters(prefix, placeholder, choices):
    return ('<div class="filters"><input type="search" id="%(p)sfilter" placeholder="%(placeholder)s" '
            'aria-label="Filter rows"><select id="%(p)sverdict" aria-label="Verdict"><option value="">every verdict'
            '</option>%(choices)s</select><button type="button" id="%(p)sprevious">&larr; previous</button>'
            '<button type="button" id="%(p)snext">next &rarr;</button><span id="%(p)sshown" class="meta"></span></div>'
            % dict(p=prefix, placeholder=escape(placeholder),
                   choices="".join('<option value="%s">%s</option>' % (choice, choice) for choice in choices)))


def _wanted_found(failed):
    if not failed:
        return ""
    return '<ul class="wf">%s</ul>' % "".join(
        "<li><code>%s</code> wanted <b>%s</b>, found <b>%s</b></li>" % (
            escape(item["field"]), escape(str(item["wanted"])), escape(json.dumps(item["found"], default=str)))
        for item in failed)


def _figures(row):
    """What a row's test measured, as its check's figures: loss, RTTs and each probe's RTT for a ping, the path
    hop by hop for a traceroute, the largest size for a sweep, a line of figures for the others."""
    metrics = row.get("metrics") or {}
    test = row["test"]
    if test == "ping" and metrics.get("packet_loss_percent") is not None:
        rtts = " / ".join("%s %s" % (label, _number(metrics.get(key))) for label, key in (
            ("min", "rtt_min_ms"), ("avg", "rtt_avg_ms"), ("max", "rtt_max_ms")) if metrics.get(key) is not None)
        return "%s%s %s" % (_loss_bar(metrics["packet_loss_percent"]), " &middot; RTT %s ms" % rtts if rtts else "",
                            _sparkline(metrics.get("probe_rtts_ms") or []))
    if test == "traceroute" and metrics.get("path"):
        return "%s hops: %s" % (_number(metrics.get("hop_count")), _path(metrics))
    if test == "ping_sweep":
        return _number(metrics.get("largest_size_without_loss"), " bytes largest without loss")
    return escape(_service_figures(metrics))


def _figure_key(row):
    metrics = row.get("metrics") or {}
    for key in ("packet_loss_percent", "hop_count", "largest_size_without_loss", "connect_time_ms"):
        if metrics.get(key) is not None:
            return metrics[key]
    return row.get("figure")


def render_html(report):
    """Overview first (compliance by check and by site, violations by severity), then every result, violations
    first, with what was wanted and found and what the test measured, then one row a device with a column a
    check. The tables filter, sort and page."""
    checks = [check["name"] for check in report["policy"]["checks"]]
    counts, severities = report["counts"], report["severity_counts"]
    pills = "".join('<span class="pill %s">%d %s</span>' % (verdict, counts[verdict], verdict)
                    for verdict in VERDICTS)
    pills += "".join('<span class="pill"><span class="sev-%s">%d %s</span></span>' % (severity, severities[severity],
                                                                                      severity)
                     for severity in SEVERITIES)
    drift_counts = report.get("drift_counts")
    since_last = ""
    if drift_counts is not None:
        previous = report.get("previous_run")
        since_last = ('<div class="summary"><span class="pill%s">%d new since the last run</span>'
                      '<span class="pill pass">%d resolved</span><span class="pill">%d persisting</span>'
                      '<span class="pill error">%d flapping</span><span class="meta">%s</span></div>' % (
                          " fail" if drift_counts["new"] else "", drift_counts["new"], drift_counts["resolved"],
                          drift_counts["persisting"],
                          drift_counts["flapping"], escape("compared with %d earlier runs; the last one started %s" % (
                              report["runs_compared"], utc_text(previous["started_at"])) if previous
                              else "the first run of this policy in the history")))
    check_bars = "".join(_check_bar(check, report["by_check"][check["name"]]) for check in report["policy"]["checks"])
    sites = sorted(report["by_site"].items(),
                   key=lambda pair: (pair[1]["compliant"] / float(pair[1]["devices"] or 1), pair[0]))
    site_trends = report.get("site_trends") or {}
    site_tiles = "".join('<div class="site" style="background:%s" title="%s"><b>%s</b>%s &middot; %d/%d devices%s</div>' % (
        _share_color(site["compliant"] / float(site["devices"] or 1)), escape(name), escape(name[:40]),
        _percent(site["compliant"], site["devices"]), site["compliant"], site["devices"],
        _sparkline([share * 100 for _when, share in site_trends.get(name, [])], width=110, height=18,
                   label="compliant devices over the runs", unit=" %")) for name, site in sites)
    rank = VERDICT_RANK
    # With a history: each device x check's key figure over the runs (its first target's), beside its verdict.
    figure_trends = {}
    for row in report["verdicts"]:
        figure_trends.setdefault((row["name"], row["check"]), [value for _when, value in row.get("trend") or []])
    device_rows = []
    ordered = sorted(report["devices"].items(), key=lambda pair: (rank[pair[1]["verdict"]], pair[0]))
    for index, (name, device) in enumerate(ordered):
        cells = [_cell(escape(name), name), _cell("<code>%s</code>" % escape(str(device["serial_number"])),
                                                  device["serial_number"]),
                 _cell(escape(str(device["device_type"])), device["device_type"]),
                 _cell(escape(str(device["site"])), device["site"]),
                 _cell('<span class="badge b-%s">%s</span>' % (device["verdict"], device["verdict"]),
                       rank[device["verdict"]]),
                 _cell('<span class="sev-%s">%s</span>' % (device["severity"], device["severity"])
                       if device["severity"] else "", severity_rank(device["severity"]))]
        for check in checks:
            entry = device["checks"].get(check)
            cells.append(_cell('<span class="badge b-%s">%s</span>%s' % (entry["verdict"], entry["verdict"], _sparkline(
                figure_trends.get((name, check), []), width=60, height=16, label="key figure over the runs", unit=""))
                if entry else '<span class="badge b-none">-</span>', rank[entry["verdict"]] if entry else 4))
        device_rows.append('<tr data-verdict="%s"%s>%s</tr>'
                           % (device["verdict"], " hidden" if index >= PAGE_ROWS else "", "".join(cells)))
    violation_rows = []
    for index, row in enumerate(report["verdicts"]):
        why = escape("; ".join(row["reasons"]))
        drift_cells = [_cell(_drift_text(row.get("drift")), (row.get("drift") or {}).get("state")),
                       _cell(_sparkline([value for _when, value in row.get("trend") or []], width=80,
                                        label="key figure over the runs", unit=""), len(row.get("trend") or []))
                       ] if drift_counts is not None else []
        cells = [_cell(escape(row["check"]), row["check"]),
                 _cell('<span class="sev-%s">%s</span>' % (row["severity"], row["severity"]),
                       severity_rank(row["severity"])),
                 _cell(escape(str(row["name"])), row["name"]), _cell(escape(str(row["site"])), row["site"]),
                 _cell(escape(str(row["destination"] or "")), row["destination"]),
                 _cell('<span class="badge b-%s">%s</span>' % (row["verdict"], row["verdict"]), rank[row["verdict"]]),
                 _cell(_wanted_found(row["failed"]), len(row["failed"])),
                 _cell('<span class="reasons">%s</span>%s' % (why, _event_list(row["events"])), "; ".join(row["reasons"])),
                 _cell(_figures(row), _figure_key(row))] + drift_cells
        violation_rows.append('<tr data-verdict="%s"%s>%s</tr>'
                              % (row["verdict"], " hidden" if index >= PAGE_ROWS else "", "".join(cells)))
    summary = report["summary"]
    meta = "%s &middot; policy %s (%s) &middot; %d tests on %d devices in %s s &middot; %s requests, %s rate-limited" % (
        escape(report["generated_at"]), escape(str(report["policy"]["name"] or "unnamed")),
        escape(str(report["policy"]["digest"])), len(report["verdicts"]), len(report["devices"]),
        _number(summary.get("wall_seconds")), _number(summary.get("requests", 0)), _number(summary.get("rate_limited", 0)))
    device_head = ["Device", "Serial", "Type", "Site", "Verdict", "Worst severity"] + checks
    violation_head = ["Check", "Severity", "Device", "Site", "Target", "Verdict", "Wanted / found", "Why", "Figures"] + (
        ["Drift", "Trend"] if drift_counts is not None else [])
    resolved_rows = "".join('<tr data-verdict="pass"%s>%s</tr>' % (" hidden" if index >= PAGE_ROWS else "", "".join([
        _cell(escape(row["check"]), row["check"]), _cell(escape(str(row["name"])), row["name"]),
        _cell(escape(str(row["site"])), row["site"]), _cell(escape(str(row["destination"] or "")), row["destination"]),
        _cell(escape(str(row["drift"]["previous"])), row["drift"]["previous"]),
        _cell(_sparkline([value for _when, value in row.get("trend") or []], width=80, label="key figure over the runs",
                         unit=""), len(row.get("trend") or []))]))
        for index, row in enumerate(report.get("resolved") or []))
    resolved = ('<h2>Resolved since the last run <span class="meta">(%d)</span></h2>%s<table id="r-results"><thead><tr>'
                '%s</tr></thead><tbody>%s</tbody></table>' % (
                    len(report.get("resolved") or []), _filters("r-", "Filter resolved rows...", ("pass",)),
                    "".join("<th>%s</th>" % name for name in ("Check", "Device", "Site", "Target", "Was", "Trend")),
                    resolved_rows)) if drift_counts is not None else ""
    verdicts = VERDICTS
    return """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s</title><style>%(style)s</style>
<noscript><style>tbody tr[hidden]{display:table-row}</style></noscript></head>
<body><h1>%(title)s</h1><p class="meta">%(meta)s</p>
%(since_last)s<div class="summary">%(pills)s</div>
<div class="overview"><section><h2>By check</h2><div class="bars">%(check_bars)s</div></section>
<section><h2>By site <span class="meta">(least compliant first)</span></h2><div class="sites">%(sites)s</div></section></div>
<h2>Results <span class="meta">(%(violation_count)d violations of %(row_count)d, violations first)</span></h2>%(violation_filters)s
<table id="v-results"><thead><tr>%(violation_head)s</tr></thead><tbody>%(violation_rows)s</tbody></table>
%(resolved)s<h2>Devices</h2>%(device_filters)s
<table id="d-results"><thead><tr>%(device_head)s</tr></thead><tbody>%(device_rows)s</tbody></table>
<script>%(script)s</script></body></html>
""" % dict(title=escape(report["title"]), style=_STYLE + _COMPLIANCE_STYLE, meta=meta, pills=pills, since_last=since_last,
           resolved=resolved,
           check_bars=check_bars, sites=site_tiles,
           device_filters=_filters("d-", "Filter devices: name, serial, site, verdict...", verdicts),
           device_head="".join("<th>%s</th>" % escape(name) for name in device_head), device_rows="".join(device_rows),
           violation_count=len(report["violations"]), row_count=len(report["verdicts"]),
           violation_filters=_filters("v-", "Filter results: check, device, site, target, field, reason...", verdicts),
           violation_head="".join("<th>%s</th>" % escape(name) for name in violation_head),
           violation_rows="".join(violation_rows),
           script=_SCRIPT % dict(page=PAGE_ROWS) + 'pagedTable("d-"); pagedTable("v-");%s' % (
               'pagedTable("r-");' if drift_counts is not None else ""))


def _drift_text(drift):
    """A row's drift as a person reads it: new, persisting since 2026-12-01T08:00:00Z (4 runs), flapping (5 changes)."""
    if not drift or not drift.get("state"):
        return ""
    if drift["state"] == "persisting":
        return "persisting since %s (%d runs)" % (escape(str(drift["since"])[:16].replace("T", " ")), drift["runs"])
    if drift["state"] == "flapping":
        return "flapping (%d changes)" % drift["changes"]
    return escape(drift["state"])


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
    if params.get("render_run") is None and params.get("policy", ()) is None:
        raise ValidationError("policy is required (the path of a YAML policy file, or the policy itself), unless "
                              "render_run names a run of the history to report")
    if params.get("hosts") is not None and params.get("devices") is not None:
        raise ValidationError("hosts and devices both say what the policy chooses from; give one of them")
    if bool(params["pushgateway_username"]) != bool(params["pushgateway_password"]):
        raise ValidationError("pushgateway_username and pushgateway_password must be set together")
    if params["pushgateway_url"] and params["pushgateway_username"]:
        # Refused before any test is sent, not after the run.
        refuse_clear_credentials(params["pushgateway_url"], "pushgateway_url", "the Pushgateway password")
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


def publish_metrics(params, report):
    """The run's metrics to metrics_file (atomically, for node_exporter's textfile collector) and/or pushed to
    pushgateway_url, with the client's TLS settings (validate_certs, ca_path)."""
    if not params["metrics_file"] and not params["pushgateway_url"]:
        return
    text = render_metrics(report, report["run"]["scope"])
    if params["metrics_file"]:
        write_textfile(params["metrics_file"], text)
    if params["pushgateway_url"]:
        import requests  # pylint: disable=import-outside-toplevel
        session = requests.Session()
        ca_path = params.get("ca_path")
        session.verify = os.path.expanduser(ca_path) if ca_path else params.get("validate_certs", True)
        if params["pushgateway_username"]:
            session.auth = (params["pushgateway_username"], params["pushgateway_password"])
        push(session, params["pushgateway_url"], text, report["run"]["scope"])
