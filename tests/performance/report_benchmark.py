# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Report benchmark: prints figures, asserts nothing.

For each row count it judges synthetic reachability results and renders the JSON,
JUnit and HTML reports, printing milliseconds per format (linear time shows as a
constant time per row). With Chromium on the machine (/usr/bin/chromium, or
--chromium), it also opens the HTML page headless and prints, measured inside the
page: time to a laid-out page, one sort by device (and back), and one filter.

    python tests/performance/report_benchmark.py --rows 1000 5000 20000
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

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.reports import RENDERERS
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.verdicts import evaluate

# Runs in the page after the report's own script: each step forces layout, so the figure
# includes the browser's work and not only the script's.
HARNESS = """<script>
(function () {
  function timed(step) { var t = performance.now(); step(); document.body.offsetHeight; return performance.now() - t; }
  document.body.offsetHeight;  // the first layout belongs to opening the page, not to the first sort
  var ready = performance.now(), head = document.querySelector("#results th");
  var figures = {ready: ready,
    sort: timed(function () { head.click(); }), sort_back: timed(function () { head.click(); }),
    filter: timed(function () {
      document.getElementById("filter").value = "ap-00042";
      document.getElementById("verdict").dispatchEvent(new Event("change"));
    }),
    shown: document.getElementById("shown").textContent};
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
    judged = evaluate("reachability", synthetic_results(rows), dict(max_packet_loss_percent=10, max_rtt_avg_ms=150))
    return dict(judged, check="reachability", title="Reachability report", generated_at="2026-11-25T00:00:00Z",
                parameters=dict(destinations=["10.0.0.53"]), summary=dict(wall_seconds=1.0, requests=1),
                summary_line="")


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
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args()
    header = "%7s %9s %9s %9s %9s %10s %9s %9s %9s" % (
        "rows", "json ms", "junit ms", "html ms", "html MiB", "open ms", "sort ms", "back ms", "filter ms")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as workdir:
        for rows in args.rows:
            report = report_of(rows)
            timings, page_text = {}, None
            for fmt, (_suffix, render) in RENDERERS.items():
                started = time.perf_counter()
                text = render(report)
                timings[fmt] = (time.perf_counter() - started) * 1000
                if fmt == "html":
                    page_text = text
            figures = None
            if args.chromium:
                page = os.path.join(workdir, "report-%d.html" % rows)
                with open(page, "w") as handle:
                    handle.write(page_text.replace("</body>", HARNESS, 1))
                figures = browser_figures(args.chromium, page)
            if figures:
                browser = "%10.0f %9.0f %9.0f %9.0f" % (figures["ready"], figures["sort"], figures["sort_back"],
                                                        figures["filter"])
            else:
                browser = "%10s %9s %9s %9s" % ("-", "-", "-", "-")
            size_mib = len(page_text.encode()) / 1048576.0
            figures_line = "%7d %9.0f %9.0f %9.0f %9.1f %s" % (
                rows, timings["json"], timings["junit"], timings["html"], size_mib, browser)
            print(figures_line, flush=True)


if __name__ == "__main__":
    main()
