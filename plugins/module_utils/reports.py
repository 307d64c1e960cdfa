# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reports of a fleet check: JSON for machines, JUnit XML for AWX and CI, and one
self-contained HTML page (no external assets) for people."""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import datetime, timezone
from html import escape
from xml.etree import ElementTree

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.text import clean_data, clean_text
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.verdicts import CHECKS, evaluate

TITLES = dict(reachability="Reachability", path_check="Path check", mtu_check="MTU check", service_check="Service check")


def render_json(report):
    return json.dumps(report, indent=2, sort_keys=True, default=str) + "\n"


def render_junit(report):
    """One test case a device and destination; fail is a failure, error and offline are errors."""
    counts = report["counts"]
    wall_seconds = report["summary"].get("wall_seconds")
    suite = ElementTree.Element("testsuite", name="arubacentral.troubleshooting.%s" % report["check"],
                                tests=str(len(report["verdicts"])), failures=str(counts["fail"]),
                                errors=str(counts["error"] + counts["offline"]), skipped="0",
                                time="%.3f" % (wall_seconds if isinstance(wall_seconds, (int, float)) else 0),
                                timestamp=report["generated_at"])
    for item in report["verdicts"]:
        case = ElementTree.SubElement(suite, "testcase", classname="%s.%s" % (report["check"], item["name"]),
                                      name="%s %s" % (item["test"], item["destination"]),
                                      time="%.3f" % (item["duration_seconds"] or 0))
        message = "; ".join(item["reasons"] + ["recent event: %s" % event_line(event) for event in item["events"]])
        if item["verdict"] == "fail":
            ElementTree.SubElement(case, "failure", message=message, type="violation").text = message
        elif item["verdict"] in ("error", "offline"):
            ElementTree.SubElement(case, "error", message=message, type=item["verdict"]).text = message
        ElementTree.SubElement(case, "system-out").text = json.dumps(item["metrics"], sort_keys=True, default=str)
    suites = ElementTree.Element("testsuites", name="arubacentral.troubleshooting")
    suites.append(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


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


def _sparkline(values, width=120, height=24):
    """An inline SVG line of per-probe RTTs, or an empty cell."""
    values = [value for value in values if isinstance(value, (int, float))]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = float(width - 4) / (len(values) - 1)
    points = " ".join("%.1f,%.1f" % (2 + index * step, height - 2 - (value - low) / spread * (height - 4))
                      for index, value in enumerate(values))
    return ('<svg class="spark" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="RTT per probe">'
            '<title>%s ms</title><polyline points="%s"/></svg>'
            % (width, height, width, height, escape(", ".join("%g" % v for v in values)), points))


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
(function () {
  var PAGE = %(page)d, page = 0, pending = null, texts = null, matching = [];
  var table = document.getElementById("results"), body = table.tBodies[0], rows = Array.from(body.rows);
  var box = document.getElementById("filter"), verdict = document.getElementById("verdict");
  var shown = document.getElementById("shown"), previous = document.getElementById("previous");
  var next = document.getElementById("next");
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
})();
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


def render_html(report):
    """The whole page: a summary line and one sortable table, violators first."""
    check = report["check"]
    rank = dict(fail=0, error=1, offline=2)
    counts = report["counts"]
    head = ["Device", "Serial", "Type", "Destination", "Verdict", "Why"]
    if check == "reachability":
        head += ["Loss", "RTT min", "RTT avg", "RTT max", "RTT per probe"]
    elif check == "path_check":
        head += ["Hops", "Path"]
    elif check == "service_check":
        head += ["Test", "Figures"]
    else:
        head += ["Largest size without loss"]
    rows = []
    for index, item in enumerate(report["verdicts"]):
        metrics = item["metrics"]
        serial = "<code>%s</code>" % escape(str(item["serial_number"]))
        cells = [_cell(escape(str(item["name"])), item["name"]), _cell(serial, item["serial_number"]),
                 _cell(escape(str(item["device_type"])), item["device_type"]),
                 _cell(escape(str(item["destination"])), item["destination"]),
                 _cell('<span class="verdict v-%s">%s</span>' % (item["verdict"], item["verdict"]),
                       rank.get(item["verdict"], 3)),
                 _cell('<span class="reasons">%s</span>%s' % (escape("; ".join(item["reasons"])), _event_list(item["events"]))
                       if item["verdict"] != "pass" else "", "; ".join(item["reasons"]))]
        if check == "reachability":
            cells += [_cell(_loss_bar(metrics["packet_loss_percent"]), metrics["packet_loss_percent"], "num"),
                      _cell(_number(metrics["rtt_min_ms"], " ms"), metrics["rtt_min_ms"], "num"),
                      _cell(_number(metrics["rtt_avg_ms"], " ms"), metrics["rtt_avg_ms"], "num"),
                      _cell(_number(metrics["rtt_max_ms"], " ms"), metrics["rtt_max_ms"], "num"),
                      _cell(_sparkline(metrics["probe_rtts_ms"]), len(metrics["probe_rtts_ms"]))]
        elif check == "path_check":
            cells += [_cell(_number(metrics["hop_count"]), metrics["hop_count"], "num"),
                      _cell(_path(metrics), metrics["last_responding_hop"])]
        elif check == "service_check":
            cells += [_cell(escape(str(item["test"])), item["test"]), _cell(escape(_service_figures(metrics)), "")]
        else:
            cells += [_cell(_number(metrics["largest_size_without_loss"], " bytes"),
                            metrics["largest_size_without_loss"], "num")]
        rows.append('<tr class="v-%s" data-verdict="%s"%s>%s</tr>' % (
            item["verdict"], item["verdict"], " hidden" if index >= PAGE_ROWS else "", "".join(cells)))
    pills = "".join('<span class="pill %s">%d %s</span>' % (verdict, counts[verdict], verdict)
                    for verdict in ("fail", "error", "offline", "pass"))
    summary = report["summary"]
    meta = "%s &middot; %d tests on %d devices in %s s &middot; %s requests, %s rate-limited" % (
        escape(report["generated_at"]), len(report["verdicts"]), len(report["devices"]),
        _number(summary.get("wall_seconds")), _number(summary.get("requests", 0)),
        _number(summary.get("rate_limited", 0)))
    parameters = ", ".join("%s: %s" % (escape(str(key)), escape(json.dumps(value, default=str)))
                           for key, value in sorted(report["parameters"].items()))
    return """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s</title><style>%(style)s</style>
<noscript><style>#results tbody tr[hidden]{display:table-row}</style></noscript></head>
<body><h1>%(title)s</h1><p class="meta">%(meta)s</p><p class="meta">%(parameters)s</p>
<div class="summary">%(pills)s</div>
<div class="filters"><input type="search" id="filter" placeholder="Filter: device, serial, destination, reason..."
 aria-label="Filter rows"><select id="verdict" aria-label="Verdict"><option value="">every verdict</option>%(choices)s
</select><button type="button" id="previous">&larr; previous</button><button type="button" id="next">next &rarr;
</button><span id="shown" class="meta"></span></div>
<table id="results"><thead><tr>%(head)s</tr></thead><tbody>
%(rows)s
</tbody></table><script>%(script)s</script></body></html>
""" % dict(title=escape(report["title"]), style=_STYLE, meta=meta, parameters=parameters, pills=pills,
           choices="".join('<option value="%s">%s</option>' % (verdict, verdict)
                           for verdict in ("fail", "error", "offline", "pass")),
           head="".join("<th>%s</th>" % escape(name) for name in head), rows="".join(rows), script=_SCRIPT % dict(page=PAGE_ROWS))


RENDERERS = dict(json=("json", render_json), junit=("junit.xml", render_junit), html=("html", render_html))


# fleet_report's options (plugins/modules/fleet_report.py documents them); the action plugin runs them.
THRESHOLD_OPTIONS = dict(
    max_packet_loss_percent=dict(type="float"),
    max_rtt_avg_ms=dict(type="float"),
    max_hops=dict(type="int"),
    expected_hop=dict(type="str"),
    min_path_mtu_bytes=dict(type="int"),
    require_resolution=dict(type="bool"),
    max_connect_time_ms=dict(type="float"),
    http_status_classes=dict(type="list", elements="str"),
    min_download_kbps=dict(type="float"),
)
REPORT_ARGUMENT_SPEC = dict(
    check=dict(type="str", required=True, choices=list(CHECKS)),
    results=dict(type="list", elements="dict", required=True),
    summary=dict(type="dict", default={}),
    thresholds=dict(type="dict", default={}, options=THRESHOLD_OPTIONS),
    offline_is_violation=dict(type="bool", default=True),
    report_dir=dict(type="path", required=True),
    report_name=dict(type="str"),
    formats=dict(type="list", elements="str", choices=list(RENDERERS), default=list(RENDERERS)),
    title=dict(type="str"),
    parameters=dict(type="dict", default={}),
)
_REPORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def report_paths(report_dir, name, formats):
    """format -> path of each report; ``name`` must be a plain file name, so that no report leaves ``report_dir``."""
    if not _REPORT_NAME.fullmatch(name) or ".." in name:
        raise ValidationError("report_name must be a plain file name: 1-100 letters, digits, '.', '_' or '-', "
                              "without '..' (got %r)" % name, hint="Fix report_name; put the directory in report_dir.")
    return dict((fmt, os.path.join(report_dir, "%s.%s" % (name, RENDERERS[fmt][0]))) for fmt in formats)


def build_report(params, generated_at=None):
    """Judge ``params["results"]`` (fleet_report's options) and return (report, summary_line). Every string in
    the report is cleaned (clean_data): escape sequences and characters no format can hold are gone.
    Raise ValueError when a result is not of the test the check reads."""
    check = params["check"]
    violating = ("fail", "error", "offline") if params["offline_is_violation"] else ("fail", "error")
    # Unset limits (None, or "" from a role variable left empty) are not checked nor reported.
    thresholds = dict((key, value) for key, value in (params["thresholds"] or {}).items() if value not in (None, ""))
    judged = clean_data(evaluate(check, params["results"], thresholds, violating))
    counts = judged["counts"]
    summary_line = "%s: %d tests on %d devices: %d pass, %d fail, %d error, %d offline" % (
        check, len(judged["verdicts"]), len(judged["devices"]), counts["pass"], counts["fail"], counts["error"],
        counts["offline"])
    generated_at = generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    report = dict(judged, check=check, title=clean_text(params["title"] or "%s report" % TITLES[check]),
                  generated_at=generated_at, parameters=clean_data(dict(params["parameters"], thresholds=thresholds)),
                  summary=clean_data(params["summary"] or {}), summary_line=summary_line)
    return report, summary_line


def write_reports(report, paths):
    """Write each report of ``paths`` (format -> path), creating its directory; raise OSError."""
    for fmt, path in paths.items():
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        write_atomically(path, RENDERERS[fmt][1](report))


def write_atomically(path, content):
    handle, temp_path = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".report-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(content)
    os.chmod(temp_path, 0o644)
    os.replace(temp_path, path)


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
