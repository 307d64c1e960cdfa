# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The three reports of two fixed runs, byte for byte against the files in golden/: a compliance run of three
checks compared with two earlier runs in a real history (drift, trends, resolved rows, site trends), and a preset
check's run as fleet_report judges it. The runs hold what Central might send to break a page: markup, quotes and
control characters in names, sites, targets and events.

A change to a report shows here as a diff to review; after review, write the files again with
    ARUBACENTRAL_GOLDEN_WRITE=1 ansible-test units tests/unit/plugins/plugin_utils/test_golden_reports.py
"""

from __future__ import annotations

import os
from xml.etree import ElementTree

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import violating_verdicts
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._drift import compare
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._history import open_history
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import (
    Inventory,
    Plan,
    judge_plan,
    judge_results,
    preset_policy,
    read_hosts,
    run_summary,
    validate_policy,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._reports import RENDERERS, build_report

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
GENERATED_AT = "2026-12-01T08:00:00Z"
VIOLATING = violating_verdicts(True)
POLICY = dict(name="golden <campus>", checks=[
    dict(name="site gateway", test="ping", hosts="aps", targets_from="site_gateway",
         expect=dict(reachable=True, packet_loss_percent="<= 10", rtt_avg_ms="< 100"),
         description="Each AP reaches its site's gateway"),
    dict(name="dns", test="nslookup", hosts="aps", targets=["portal.example.com"], expect=dict(resolved=True),
         severity="warning"),
    dict(name="wan path", test="traceroute", hosts="gateways", targets=["10.9.9.9"],
         expect=dict(destination_reached=True), severity="info"),
])
SITES = ("HQ Campus", 'Warehouse "North" <b>', "Branch\x1b[31m 12")
EVENT = dict(timestamp="2026-12-01T07:56:00.000Z", name="Device rebooted", severity="Major",
             description="watchdog <script>alert(1)</script>", category="System")


def inventory():
    names = ["ap-%d" % index for index in range(1, 7)] + ["gw-<1>", "gw-2"]
    variables = {}
    for index, name in enumerate(names):
        site = index % len(SITES)
        variables[name] = dict(central_serial_number="SN%04d" % index,
                               central_device_type="gateway" if name.startswith("gw") else "ap",
                               central_site=SITES[site], central_site_id=str(100 + site),
                               site_gateway="10.%d.0.1" % site)
    groups = dict(aps=[name for name in names if name.startswith("ap")],
                  gateways=[name for name in names if name.startswith("gw")])
    return names, variables, groups


def result_of(item, run, index):
    """A fixed answer for each planned test; ``run`` moves a few rows between pass and fail."""
    fault = (index + run) % 4 == 0
    if item["serial_number"] == "SN0004":
        return dict(item, outcome="error", result=None, error=dict(status_code=409, message="Device offline: x"),
                    events=[EVENT], duration_seconds=None)
    if item["test"] == "ping":
        loss = 40.0 if fault else 0.0
        result = dict(reachable=True, packet_loss_percent=loss, rtt_min_ms=1.5, rtt_avg_ms=2.5 + run, rtt_max_ms=4.0,
                      replies=[dict(time_ms=1.5), dict(time_ms=2.5), dict(time_ms=4.0)])
    elif item["test"] == "nslookup":
        result = dict(host=item["host"], resolved=not fault, addresses=[] if fault else ["203.0.113.5"])
    else:
        hops = [dict(hop=1, probes=[dict(address="10.0.0.1", responded=True)]),
                dict(hop=2, probes=[dict(address=None, responded=False)])]
        result = dict(destination_reached=not fault, hop_count=2, last_responding_hop=1, hops=hops,
                      recovered_hops=[], hop_addresses=["10.0.0.1"])
    return dict(item, outcome="succeeded", result=result, error=None, duration_seconds=2.0 + index,
                task_id="task-%d" % index)


def compliance_report(tmp_path):
    names, variables, groups = inventory()
    checks = validate_policy(POLICY)
    plan = Plan(checks, Inventory(names, groups), read_hosts(names, variables.get, checks))
    history = open_history(str(tmp_path / "history.sqlite"))
    try:
        for number in range(3):
            results = [result_of(item, number, index) for index, item in enumerate(plan.items)]
            rows, violations = judge_plan(plan, results, VIOLATING)
            run = dict(run_id="run-%d" % number, scope=POLICY["name"], started_at=1764576000.0 + 3600 * number,
                       ended_at=1764576100.0 + 3600 * number, policy_digest="0123456789abcdef", policy=POLICY,
                       run_by="ci@example", slices=None)
            if number == 2:
                memory = compare(history, run, rows, VIOLATING)
                return build_report(checks, plan.summary(), rows, violations, dict(wall_seconds=100.0, requests=40,
                                                                                   rate_limited=1), VIOLATING,
                                    policy_name=POLICY["name"], policy_digest=run["policy_digest"],
                                    generated_at=GENERATED_AT, run=run_summary(run), memory=memory)[0]
            history.record(run, rows)
    finally:
        history.close()
    raise AssertionError("unreachable")


def preset_report():
    names, variables, _groups = inventory()
    results = [result_of(dict(name=name, serial_number=variables[name]["central_serial_number"],
                              device_type=variables[name]["central_device_type"], test="ping",
                              destination="10.0.0.53"), 0, index) for index, name in enumerate(names)]
    thresholds = dict(max_packet_loss_percent=10, max_rtt_avg_ms=150)
    checks = validate_policy(preset_policy("reachability", thresholds, results))
    rows, violations = judge_results(checks, results, VIOLATING)
    return build_report(checks, [], rows, violations, dict(wall_seconds=12.5, requests=17, rate_limited=0),
                        VIOLATING, policy_name="preset reachability", policy_digest="fedcba9876543210",
                        preset="reachability", parameters=dict(destinations=["10.0.0.53"], count=3),
                        generated_at=GENERATED_AT)[0]


@pytest.mark.parametrize("name", ["compliance", "reachability"])
@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_each_report_is_the_golden_one(tmp_path, name, fmt):
    report = compliance_report(tmp_path) if name == "compliance" else preset_report()
    suffix, render = RENDERERS[fmt]
    rendered = render(report)
    path = os.path.join(GOLDEN, "%s.%s" % (name, suffix))
    if os.environ.get("ARUBACENTRAL_GOLDEN_WRITE"):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(rendered)
    with open(path, encoding="utf-8", newline="") as handle:
        assert rendered == handle.read(), "%s differs from %s" % (fmt, path)


def test_the_golden_runs_hold_what_they_are_for(tmp_path):
    """The golden files are only worth their bytes if the runs take every branch a report has."""
    report = compliance_report(tmp_path)
    assert report["drift_counts"]["resolved"] and report["drift_counts"]["new"] and report["drift_counts"]["persisting"]
    assert report["site_trends"] and report["previous_run"]["run_id"] == "run-1"
    assert set(row["verdict"] for row in report["verdicts"]) == {"pass", "fail", "offline"}
    assert any(row["events"] for row in report["violations"])
    assert [(cause["kind"], cause["evidence"]) for cause in report["causes"]] == [
        ("device", "ap-5 is offline for every check it ran (2)")] and report["unexplained"] == 2
    junit = ElementTree.fromstring(RENDERERS["junit"][1](report))
    causes_suite = junit.find("testsuite[@name='likely causes']")
    assert causes_suite.get("failures") == "1" and causes_suite.find("testcase/failure").get("type") == "device"
    html = RENDERERS["html"][1](report)
    assert "<script>alert" not in html and "\x1b" not in html
    assert "Warehouse &#34;North&#34; &lt;b&gt;" in html and "watchdog &lt;script&gt;alert(1)" in html
