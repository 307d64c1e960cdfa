# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Report benchmark: prints figures, asserts nothing.

For each row count it judges synthetic reachability results on the one engine (the
reachability preset's built-in policy, as fleet_report runs it) and renders the JSON,
JUnit and HTML reports, printing milliseconds per format (linear time shows as a
constant time per row); the browser figures are for its results table. With Chromium on the machine (/usr/bin/chromium, or
--chromium), it also opens the HTML page headless and prints, measured inside the
page: time to a laid-out page, one sort by device (and back), and one filter.

With --compliance-devices, the same for the compliance report of a 3-check policy (ping to each site's gateway
from targets_from, TCP to a service, HTTP to a URL) on that many devices in 50 sites, planned and judged by the
real engine (plugin_utils/_policy.py) on synthetic results: the figures are for its device table.

    python tests/performance/report_benchmark.py --rows 1000 5000 20000 --compliance-devices 1000 5000

With --history-devices N (default 5000) it also measures the run history on that policy (SQLite): the write of
one run (N devices x 3 checks), the report with drift and trends over 30 stored runs (compare, render, HTML
size, open/sort/filter of the violations table in Chromium), the metrics (series, render time), and the
history's size after 100 runs without and with retention (history_keep_runs 30).
(run by ``make benchmark``, with the collection importable from .build/).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import time

from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._drift import compare
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._history import open_history
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._metrics import render as render_metrics
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import (
    Inventory,
    Plan,
    judge_plan,
    judge_results,
    preset_policy,
    read_hosts,
    validate_policy,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._reports import RENDERERS, build_report
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import violating_verdicts

# Runs in the page after the report's own script: each step forces layout, so the figure
# includes the browser's work and not only the script's.
HARNESS = """<script>
(function () {
  function timed(step) { var t = performance.now(); step(); document.body.offsetHeight; return performance.now() - t; }
  document.body.offsetHeight;  // the first layout belongs to opening the page, not to the first sort
  var ready = performance.now(), head = document.querySelector("#PREFIXresults th");
  var cause = document.querySelector("details.cause");
  var figures = {ready: ready,
    expand: cause ? timed(function () { cause.open = true; }) : null,
    sort: timed(function () { head.click(); }), sort_back: timed(function () { head.click(); }),
    filter: timed(function () {
      document.getElementById("PREFIXfilter").value = "ap-00042";
      document.getElementById("PREFIXverdict").dispatchEvent(new Event("change"));
    }),
    shown: document.getElementById("PREFIXshown").textContent};
  var out = document.createElement("pre"); out.id = "figures"; out.textContent = JSON.stringify(figures);
  document.body.appendChild(out);
})();
</script></body>"""


def synthetic_results(rows, seed=1):
    rng = random.Random(seed)
    results = []
    for index in range(rows):
        loss = rng.choice((0, 0, 0, 0, 0, 0, 0, 20, 40, 100))
        rtts = [round(rng.uniform(1, 200), 1) for _probe in range(5 - loss // 20)]
        result = dict(reachable=loss < 100, packet_loss_percent=float(loss), rtt_min_ms=min(rtts) if rtts else None,
                      rtt_avg_ms=sum(rtts) / len(rtts) if rtts else None, rtt_max_ms=max(rtts) if rtts else None,
                      replies=[dict(time_ms=rtt) for rtt in rtts])
        results.append(dict(name="ap-%05d" % index, serial_number="SN%08d" % index, device_type="ap", test="ping",
                            destination="10.0.0.53", outcome="succeeded", result=result, error=None,
                            task_id="task-%d" % index, duration_seconds=2.0, fail_reason=None))
    return results


def report_of(rows):
    """The reachability report of ``rows`` synthetic results, judged and built as fleet_report does."""
    results = synthetic_results(rows)
    checks = validate_policy(preset_policy("reachability", dict(max_packet_loss_percent=10, max_rtt_avg_ms=150),
                                           results))
    judged, violations = judge_results(checks, results, VIOLATING)
    return build_report(checks, [], judged, violations, dict(wall_seconds=1.0, requests=1), VIOLATING,
                        preset="reachability", parameters=dict(destinations=["10.0.0.53"]),
                        generated_at="2026-11-25T00:00:00Z")[0]


SITES = 50
VIOLATING = violating_verdicts(True)
COMPLIANCE_POLICY = dict(name="benchmark", checks=[
    dict(name="site gateway", test="ping", hosts="all", targets_from="site_gateway",
         expect=dict(reachable=True, packet_loss_percent="<= 10", rtt_avg_ms="< 100")),
    dict(name="service", test="tcp", hosts="all", targets=["app.example.com:443"],
         expect=dict(connected=True, connect_time_ms="< 200"), severity="warning"),
    dict(name="portal", test="http", hosts="all", targets=["http://portal.example.com/"], expect=dict(success=True),
         severity="info"),
])


def compliance_run(devices, seed=1):
    """(checks, plan summary, rows, violations) of COMPLIANCE_POLICY on ``devices`` access points in SITES site
    groups, judged by the engine on synthetic results (``seed`` picks which fail)."""
    rng = random.Random(seed)
    names = ["ap-%05d" % index for index in range(devices)]
    variables = dict((name, dict(central_serial_number="SN%08d" % index, central_device_type="ap",
                                 central_site="Site %02d" % (index % SITES), central_site_id=str(1000 + index % SITES),
                                 site_gateway="10.%d.0.1" % (index % SITES)))
                     for index, name in enumerate(names))
    groups = dict(("site_%02d" % site, names[site::SITES]) for site in range(SITES))
    checks = validate_policy(COMPLIANCE_POLICY)
    inventory = Inventory(names, groups)
    plan = Plan(checks, inventory, read_hosts(names, variables.get, checks))
    results = []
    for item in plan.items:
        if rng.random() < 0.02:
            results.append(dict(item, outcome="error", result=None, error=dict(status_code=409, message="offline")))
            continue
        if item["test"] == "ping":
            loss = rng.choice((0.0,) * 8 + (20.0, 100.0))
            result = dict(reachable=loss < 100, packet_loss_percent=loss, rtt_avg_ms=rng.uniform(1, 150))
        elif item["test"] == "tcp":
            result = dict(connected=rng.random() > 0.05, connect_time_ms=rng.uniform(5, 300))
        else:
            result = dict(success=rng.random() > 0.05)
        results.append(dict(item, outcome="succeeded", result=result, error=None, duration_seconds=2.0))
    rows, violations = judge_plan(plan, results, VIOLATING)
    return checks, plan.summary(), rows, violations


FAULT_POLICY = dict(name="faults", checks=COMPLIANCE_POLICY["checks"] + [
    dict(name="internet path", test="traceroute", hosts="all", targets=["203.0.113.9"],
         expect=dict(destination_reached=True), severity="warning")])


def fault_run(devices, seed=1):
    """(checks, plan summary, rows, violations, faults, uplinks) of FAULT_POLICY on ``devices`` access points in SITES
    sites with known faults injected: the TCP service dead from every site, Site 07 dead, the access points behind
    two switches without power, the internet path of 8 sites stopping at one hop, and 0.2 % of tests failing at
    random. ``faults``: each injected fault's (kind, subject) -> the rows it broke."""
    rng = random.Random(seed)
    names = ["ap-%05d" % index for index in range(devices)]
    site_of = dict((name, "Site %02d" % (index % SITES)) for index, name in enumerate(names))
    variables = dict((name, dict(central_serial_number="SN%08d" % index, central_device_type="ap",
                                 central_site=site_of[name], central_site_id=str(1000 + index % SITES),
                                 site_gateway="10.%d.0.1" % (index % SITES))) for index, name in enumerate(names))
    # Every 8 access points of a site hang off one switch; two switches of Site 12 and Site 31 lose PoE.
    uplinks = dict((name, ("sw-%s-%d" % (site_of[name][-2:], index // SITES // 8), "1/1/%d" % (index // SITES % 8 + 1)))
                   for index, name in enumerate(names))
    dark_switches = set(uplinks[name][0] for name in names if site_of[name] in ("Site 12", "Site 31")
                        and uplinks[name][0].endswith("-0"))
    checks = validate_policy(FAULT_POLICY)
    plan = Plan(checks, Inventory(names, dict(("site_%02d" % site, names[site::SITES]) for site in range(SITES))),
                read_hosts(names, variables.get, checks))
    results, faults, hop_sites = [], {}, set("Site %02d" % site for site in range(40, 48))
    for item in plan.items:
        name, test = item["name"], item["test"]
        site = site_of[name]
        fault = None
        # Which fault a row is broken by, when two would break it: a device without power fails whatever it runs;
        # the dead service fails from every site, Site 07 included.
        if uplinks[name][0] in dark_switches:
            fault = ("switch", uplinks[name][0])
        elif test == "tcp":
            fault = ("target", "app.example.com")
        elif site == "Site 07":
            fault = ("site", site)
        elif test == "traceroute" and site in hop_sites:
            fault = ("hop", "198.51.100.77")
        elif rng.random() < 0.002:
            fault = ("random", name)
        if fault and fault[0] == "switch":
            results.append(dict(item, outcome="error", result=None, error=dict(status_code=409, message="offline")))
        elif test == "ping":
            results.append(dict(item, outcome="succeeded", result=dict(
                reachable=not fault, packet_loss_percent=100.0 if fault else 0.0, rtt_avg_ms=None if fault else 12.0)))
        elif test == "tcp":
            results.append(dict(item, outcome="succeeded", result=dict(connected=not fault, connect_time_ms=40.0)))
        elif test == "http":
            results.append(dict(item, outcome="succeeded", result=dict(success=not fault)))
        else:
            stop = [["10.%s.0.1" % site[-2:]], ["198.51.100.77"] if fault and fault[0] == "hop" else ["*"]]
            hops = [dict(hop=number, probes=[dict(address=address, responded=address != "*") for address in hop])
                    for number, hop in enumerate(stop + ([] if fault else [["203.0.113.9"]]), start=1)]
            results.append(dict(item, outcome="succeeded", result=dict(
                destination_reached=not fault, hop_count=len(hops), last_responding_hop=2 if fault else 3, hops=hops)))
        if fault:
            faults.setdefault(fault, []).append((name, test))
        results[-1]["duration_seconds"] = 2.0
    rows, violations = judge_plan(plan, results, VIOLATING)
    return checks, plan.summary(), rows, violations, faults, uplinks


def measure_causes(devices, workdir, chromium):
    """The likely causes of fault_run at ``devices``: each injected fault, the cause that names it and the share of
    its rows under that cause; then causes that name no injected fault (invented), and the report's figures."""
    started = time.perf_counter()
    checks, planned, rows, violations, faults, uplinks = fault_run(devices)
    report = build_report(checks, planned, rows, violations, dict(wall_seconds=1.0, requests=1), VIOLATING,
                          generated_at="2026-11-25T00:00:00Z", uplinks=uplinks, policy_name="faults")[0]
    build_ms = (time.perf_counter() - started) * 1000
    test_of = dict((check.name, check.test) for check in checks)
    causes = [(cause["kind"], cause["subject"], set((key["name"], test_of[key["check"]]) for key in cause["rows"]))
              for cause in report["causes"]]
    print("\nlikely causes of injected faults, %d devices x %d checks in %d sites (%d violations, causes in %.0f ms "
          "with the report)" % (devices, len(checks), SITES, len(violations), build_ms))
    print("%-8s %-18s %6s   %-30s %6s" % ("fault", "subject", "rows", "named by", "share"))
    named = set()
    for (kind, subject), indices in sorted(faults.items()):
        if kind == "random":
            continue
        best = max(causes, key=lambda cause: len(cause[2] & set(indices)), default=None)
        share = len(best[2] & set(indices)) / float(len(indices)) if best else 0.0
        if best and share:
            named.add((best[0], best[1]))
        print("%-8s %-18s %6d   %-30s %5.0f%%" % (
            kind, subject, len(indices), "%s %s" % (best[0], best[1]) if best and share else "nothing", 100 * share))
    random_rows = sum(len(indices) for (kind, _subject), indices in faults.items() if kind == "random")
    others = [(kind, subject, len(indices)) for kind, subject, indices in causes if (kind, subject) not in named]
    print("random faults: %d rows, %d left unexplained; causes naming no injected fault: %s" % (
        random_rows, report["unexplained"], ", ".join("%s %s (%d rows)" % other for other in others) or "none"))
    print(header_line() + "  expand ms")
    measure("%7d" % devices, report, RENDERERS, "u-", workdir, chromium, expand=True)


def header_line():
    return "%7s %9s %9s %9s %9s %10s %9s %9s %9s" % (
        "rows", "json ms", "junit ms", "html ms", "html MiB", "open ms", "sort ms", "back ms", "filter ms")


def compliance_report_of(devices, seed=1):
    """A compliance report of COMPLIANCE_POLICY on ``devices`` access points in SITES site groups."""
    checks, planned, rows, violations = compliance_run(devices, seed)
    return build_report(checks, planned, rows, violations, dict(wall_seconds=1.0, requests=1), VIOLATING,
                        generated_at="2026-11-25T00:00:00Z")[0]


def measure_history(devices, workdir, chromium):
    """The run history at ``devices`` x 3 checks: 30 runs written, a report over them, 100 runs with and without
    retention. Rows pass or fail at random (2 % to 10 % fail), so drift has news every run."""
    path = os.path.join(workdir, "history.sqlite")
    writes, report = [], None
    for number in range(30):
        checks, planned, rows, violations = compliance_run(devices, seed=number)
        run = dict(run_id="run-%03d" % number, scope="benchmark", started_at=1.7e9 + number * 3600,
                   ended_at=1.7e9 + number * 3600 + 200, policy=COMPLIANCE_POLICY)
        store = open_history(path)
        started = time.perf_counter()
        store.record(run, rows)
        writes.append(time.perf_counter() - started)
        if number == 29:
            started = time.perf_counter()
            memory = compare(store, run, rows, VIOLATING)
            compare_ms = (time.perf_counter() - started) * 1000
            report = build_report(checks, planned, rows, violations, dict(wall_seconds=200.0), VIOLATING, run=run,
                                  memory=memory, generated_at="2026-11-25T00:00:00Z")[0]
        store.close()
    print("\nrun history, SQLite, %d devices x 3 checks (%d rows a run)" % (devices, len(report["verdicts"])))
    print("write one run: median %.0f ms, slowest %.0f ms (30 runs)" % (
        1000 * sorted(writes)[len(writes) // 2], 1000 * max(writes)))
    print("drift and trends against 29 earlier runs: %.0f ms (%d new, %d resolved, %d flapping)" % (
        compare_ms, report["drift_counts"]["new"], report["drift_counts"]["resolved"], report["drift_counts"]["flapping"]))
    header = "%7s %9s %9s %9s %9s %10s %9s %9s %9s" % (
        "devices", "json ms", "junit ms", "html ms", "html MiB", "open ms", "sort ms", "back ms", "filter ms")
    print(header)
    measure("%7d" % devices, report, RENDERERS, "v-", workdir, chromium, " (violations table, drift and trends)")
    started = time.perf_counter()
    text = render_metrics(report, "benchmark")
    print("metrics: %d series, %.1f MiB, rendered in %.0f ms" % (
        sum(1 for line in text.splitlines() if line and not line.startswith("#")), len(text) / 1048576.0,
        (time.perf_counter() - started) * 1000))
    for keep in (None, 30):
        sized = os.path.join(workdir, "sized-%s.sqlite" % keep)
        _checks, _planned, rows, _violations = compliance_run(devices, seed=1)
        store = open_history(sized)
        for number in range(100):
            store.record(dict(run_id="run-%03d" % number, scope="benchmark", started_at=1.7e9 + number * 3600,
                              ended_at=1.7e9 + number * 3600 + 200), rows, keep_runs=keep)
        store.close()
        size = sum(os.path.getsize(name) for name in (sized, sized + "-wal") if os.path.exists(name))
        print("history after 100 runs, %s: %.1f MiB" % ("keeping every run" if keep is None else
                                                        "history_keep_runs 30", size / 1048576.0))


def browser_figures(chromium, page):
    with tempfile.TemporaryDirectory() as profile:
        os.chmod(profile, 0o700)
        dom = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--user-data-dir=" + profile, "--dump-dom", "file://" + page],
            capture_output=True, text=True, timeout=120, check=True).stdout
    match = re.search(r'<pre id="figures">(.*?)</pre>', dom)
    return json.loads(match.group(1).replace("&quot;", '"')) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1000, 5000, 20000])
    parser.add_argument("--compliance-devices", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--history-devices", type=int, default=5000)
    parser.add_argument("--causes-devices", type=int, nargs="*", default=[5000],
                        help="the likely causes of a run with injected faults, at these sizes")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args()
    header = header_line()
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as workdir:
        for rows in args.rows:
            measure("%7d" % rows, report_of(rows), RENDERERS, "v-", workdir, args.chromium)
        if args.compliance_devices:
            print("\ncompliance report, 3 checks, %d sites (rows: devices; open/sort/filter: the device table)" % SITES)
            print(header.replace("   rows", "devices"))
            print("-" * len(header))
        if args.history_devices:
            measure_history(args.history_devices, workdir, args.chromium)
        for devices in args.compliance_devices:
            started = time.perf_counter()
            report = compliance_report_of(devices)
            build_ms = (time.perf_counter() - started) * 1000
            measure("%7d" % devices, report, RENDERERS, "d-", workdir, args.chromium,
                    " (plan, judge and summarize %d tests: %.0f ms)" % (len(report["verdicts"]), build_ms))
        for devices in args.causes_devices:
            measure_causes(devices, workdir, args.chromium)


def measure(label, report, renderers, prefix, workdir, chromium, note="", expand=False):
    """Render ``report`` in each format and, with Chromium, open, sort and filter its table ``prefix`` (and with
    ``expand``, open its largest likely cause)."""
    timings, page_text = {}, None
    for fmt, (_suffix, render) in renderers.items():
        started = time.perf_counter()
        text = render(report)
        timings[fmt] = (time.perf_counter() - started) * 1000
        if fmt == "html":
            page_text = text
    figures = None
    if chromium:
        page = os.path.join(workdir, "report-%s%s.html" % (prefix, label.strip()))
        with open(page, "w") as handle:
            handle.write(page_text.replace("</body>", HARNESS.replace("PREFIX", prefix), 1))
        figures = browser_figures(chromium, page)
    if figures:
        browser = "%10.0f %9.0f %9.0f %9.0f" % (figures["ready"], figures["sort"], figures["sort_back"],
                                                figures["filter"])
        if expand:
            browser += " %10.0f" % figures["expand"] if figures["expand"] is not None else " %10s" % "-"
    else:
        browser = "%10s %9s %9s %9s" % ("-", "-", "-", "-")
    size_mib = len(page_text.encode()) / 1048576.0
    print("%s %9.0f %9.0f %9.0f %9.1f %s%s" % (label, timings["json"], timings["junit"], timings["html"],
                                               size_mib, browser, note), flush=True)


if __name__ == "__main__":
    main()
