# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _vocabulary as vocabulary
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_paths as parse_paths

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _policy as policy
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _reports as reports


VIOLATING = vocabulary.violating_verdicts(True)


def evaluate(check, results, thresholds, violating=VIOLATING, title=None):
    """A preset check's results through the one engine, as fleet_report runs them: its built-in policy, each result
    judged by the check of its test, and the one report model."""
    checks = policy.validate_policy(policy.preset_policy(check, thresholds, results))
    rows, violations = policy.judge_results(checks, results, violating)
    report, _line = reports.build_report(checks, [], rows, violations, dict(wall_seconds=3.5, requests=13,
                                                                            rate_limited=0), violating, title=title,
                                         policy_name="preset %s" % check, preset=check,
                                         parameters=dict(destinations=["10.0.0.1"]), generated_at="2026-01-01T00:00:00Z")
    return report


def verdict_for(entry, thresholds):
    return evaluate(entry["test"].replace("traceroute", "path_check").replace("ping_sweep", "mtu_check"),
                    [dict(entry, name=entry.get("name", "gw"), serial_number=entry.get("serial_number", "GW1"),
                          device_type=entry.get("device_type", "gateway"))], thresholds)["verdicts"][0]


def ping_entry(name, loss, rtt=10.0, outcome="succeeded", error=None):
    replies = [dict(sequence=i, ttl=60, time_ms=rtt, size_bytes=64, address="10.0.0.1") for i in range(5 - loss // 20)]
    result = dict(reachable=loss < 100, packet_loss_percent=float(loss), rtt_min_ms=rtt if loss < 100 else None,
                  rtt_avg_ms=rtt if loss < 100 else None, rtt_max_ms=rtt if loss < 100 else None, replies=replies)
    return dict(name=name, serial_number=name.upper(), device_type="ap", test="ping", destination="10.0.0.1",
                outcome=outcome, result=result if outcome == "succeeded" else None, error=error, task_id="t-" + name,
                duration_seconds=2.0, fail_reason=None)


RESULTS = [
    ping_entry("ok", 0),
    ping_entry("lossy", 40),
    ping_entry("slow", 0, rtt=300.0),
    ping_entry("dead", 100),
    ping_entry("off", 0, outcome="error", error=dict(status_code=409, message="Device offline: x")),
    ping_entry("broken", 0, outcome="error", error=dict(status_code=500, message="Central server error: boom")),
]


def test_reachability_verdicts_and_reasons():
    judged = evaluate("reachability", RESULTS, dict(max_packet_loss_percent=10, max_rtt_avg_ms=100), VIOLATING)
    by_name = dict((item["name"], item) for item in judged["verdicts"])
    assert by_name["ok"]["verdict"] == "pass" and by_name["ok"]["reasons"] == []
    assert by_name["lossy"]["reasons"] == ["packet loss 40% above 10%"]
    assert by_name["slow"]["reasons"] == ["average RTT 300 ms above 100 ms"]
    assert by_name["dead"]["reasons"] == ["no reply from the destination (100% loss)"]
    assert by_name["off"]["verdict"] == "offline"
    assert by_name["broken"]["verdict"] == "error" and by_name["broken"]["reasons"] == ["Central server error: boom"]
    assert judged["counts"] == dict(fail=3, error=1, offline=1, **{"pass": 1})
    assert [item["verdict"] for item in judged["verdicts"]] == ["fail", "fail", "fail", "error", "offline", "pass"]
    assert len(judged["violations"]) == 5
    assert judged["devices"]["lossy"]["destinations"]["10.0.0.1"]["verdict"] == "fail"
    lenient = evaluate("reachability", RESULTS, {}, violating=("fail", "error"))
    assert [item["name"] for item in lenient["violations"]] == ["dead", "broken"]


def test_path_check_on_the_gateway_seed(seed):
    body = seed("gateway_traceroute")
    entry = dict(name="gw", serial_number="GW1", device_type="gateway", test="traceroute", destination=body["output"]["destination"],
                 outcome="succeeded", result=parse_paths.normalize_traceroute(body["output"], body["rawOutput"]))
    passed = verdict_for(entry, dict(max_hops=5, expected_hop="10.186.128.4"))
    assert passed["verdict"] == "pass"
    assert passed["metrics"]["silent_hops"] == [3] and passed["metrics"]["recovered_hops"] == [3, 4]
    assert passed["metrics"]["path"][3] == ["10.186.128.4", "10.186.128.6"]
    too_long = verdict_for(entry, dict(max_hops=4, expected_hop="10.9.9.9"))
    assert too_long["reasons"] == ["destination reached in 5 hops, more than 4", "expected hop 10.9.9.9 not on the path"]


def test_mtu_check_on_the_sweep_seed(seed):
    result = parse_paths.normalize_ping_sweep(seed("gateway_ping_sweep")["output"])
    entry = dict(name="gw", outcome="succeeded", result=result, test="ping_sweep", destination="1.1.1.1")
    assert verdict_for(entry, dict(min_path_mtu_bytes=50))["verdict"] == "pass"
    assert verdict_for(entry, dict(min_path_mtu_bytes=60))["reasons"] == [
        "largest size without loss 50 bytes, below 60"]


def report_of(results=None):
    return evaluate("reachability", RESULTS if results is None else results, dict(max_packet_loss_percent=10),
                    title="Reachability <nightly>")


def test_json_report_round_trips():
    data = json.loads(reports.render_json(report_of()))
    assert data["counts"]["fail"] == 2 and data["parameters"]["destinations"] == ["10.0.0.1"]


def test_json_report_keeps_the_preset_s_documented_fields():
    data = json.loads(reports.render_json(report_of()))
    assert data["check"] == "reachability" and data["title"] == "Reachability <nightly>"
    assert data["parameters"] == dict(destinations=["10.0.0.1"], thresholds=dict(max_packet_loss_percent=10.0))
    assert data["summary"]["requests"] == 13 and len(data["verdicts"]) == 6 and len(data["violations"]) == 4
    assert set(data["devices"]["dead"]) >= {"verdict", "serial_number", "destinations", "answered"}
    assert data["verdicts"][0]["metrics"]["packet_loss_percent"] == 100.0
    assert data["verdicts"][0]["check"] == "reachability" and data["by_check"]["reachability"]["fail"] == 2


def test_junit_report_structure():
    root = ElementTree.fromstring(reports.render_junit(report_of()).split("\n", 1)[1])
    assert root.get("name") == "arubacentral.troubleshooting.reachability"
    suite = root.find("testsuite")
    assert suite.get("name") == "reachability"
    assert suite.get("tests") == "6" and suite.get("failures") == "2" and suite.get("errors") == "2"
    cases = suite.findall("testcase")
    assert cases[0].get("classname") == "reachability.dead" and cases[0].get("name") == "ping 10.0.0.1"
    assert cases[0].find("failure").get("message") == "no reply from the destination (100% loss)"
    assert cases[0].find("failure").text == "reachable: wanted true, found false"
    assert cases[-1].find("failure") is None and cases[-1].find("error") is None
    assert [case.find("error").get("type") for case in cases if case.find("error") is not None] == ["error", "offline"]


def test_html_report_is_self_contained_escaped_and_sorted():
    page = reports.render_html(report_of())
    assert page.startswith("<!DOCTYPE html>")
    assert "Reachability &lt;nightly&gt;" in page and "<nightly>" not in page
    assert "<script src" not in page and "<link" not in page and "http://" not in page and "https://" not in page
    results = page[page.index('<table id="v-results">'):]
    first_row = results.index("<tbody>") + len("<tbody>")
    assert results[first_row:].startswith('<tr data-verdict="fail">')
    # the answered, non-total-loss pings with several probes (a violating one shows again among the violations no
    # cause explains, above the results)
    assert results[:results.index("</table>")].count("<polyline") == 3
    assert '<span class="pill pass">2 pass</span>' in page


def test_sparkline_needs_two_values():
    assert reports._spark([5.0]) is None  # pylint: disable=protected-access
    assert reports._spark([1.0, 2.0, None])["points"] == "2.0,22.0 118.0,2.0"  # pylint: disable=protected-access


def test_figures_follow_the_test(seed):
    body = seed("gateway_traceroute")
    path = dict(name="gw", serial_number="GW1", device_type="gateway", test="traceroute", outcome="succeeded",
                destination=body["output"]["destination"],
                result=parse_paths.normalize_traceroute(body["output"], body["rawOutput"]))
    page = reports.render_html(evaluate("path_check", [path], {}))
    assert "5 hops: " in page and '<span class="hop silent recovered" title="hop 3">*</span>' in page
    sweep = dict(path, test="ping_sweep", result=parse_paths.normalize_ping_sweep(seed("gateway_ping_sweep")["output"]))
    assert "50 bytes largest without loss" in reports.render_html(evaluate("mtu_check", [sweep], {}))


def test_results_of_another_test_are_refused():
    with pytest.raises(ValueError, match=r"results\[0\] is a ping result; mtu_check reads ping_sweep results"):
        evaluate("mtu_check", RESULTS, {}, VIOLATING)


def test_a_threshold_no_test_of_the_check_has_is_refused():
    with pytest.raises(ValidationError, match="thresholds max_hops are not thresholds of reachability; its thresholds: "
                                              "max_packet_loss_percent, max_rtt_avg_ms"):
        evaluate("reachability", RESULTS, dict(max_hops=3))


def test_html_report_has_a_filter_box_and_a_verdict_on_every_row():
    page = reports.render_html(report_of())
    assert '<input type="search" id="v-filter"' in page
    assert '<select id="v-verdict"' in page and '<option value="offline">offline</option>' in page
    rows = page.count("<tr data-verdict=")
    # the 4 violations no cause explains, every result, every device; the three heads
    assert rows == 4 + 6 + 6 and page.count("<tr") == rows + 3
    assert '<input type="search" id="u-filter"' in page and 'pagedTable("u-")' in page


def test_html_report_shows_the_first_page_of_a_large_fleet():
    many = [ping_entry("ap-%04d" % index, 0) for index in range(reports.PAGE_ROWS + 20)]
    page = reports.render_html(report_of(results=many))
    results = page[page.index('<table id="v-results">'):]
    rows = results[results.index("<tbody>"):results.index("</tbody>")].split("</tr>")[:-1]
    assert len(rows) == reports.PAGE_ROWS + 20
    assert [" hidden>" in row for row in rows] == [False] * reports.PAGE_ROWS + [True] * 20
    # No text node between rows: Chromium moves rows among text nodes at a cost that grows with the table.
    assert all(row.startswith("<tr ") for row in rows[1:])
    assert "var PAGE = %d," % reports.PAGE_ROWS in page


def test_a_busy_device_is_an_error_not_offline():
    busy = ping_entry("rebooting", 0, outcome="error", error=dict(
        status_code=409, error_code="HPE_GRAVITY_DEVICE_NOT_READY", message="Device busy: Device already rebooting"))
    offline = ping_entry("off", 0, outcome="error", error=dict(
        status_code=409, error_code="HPE_GL_ERROR_DEVICE_OFFLINE", message="Device offline: x"))
    judged = evaluate("reachability", [busy, offline], dict(max_packet_loss_percent=10), VIOLATING)
    by_name = {entry["name"]: entry for entry in judged["verdicts"]}
    assert by_name["rebooting"]["verdict"] == "error"
    assert by_name["rebooting"]["reasons"] == ["Device busy: Device already rebooting"]
    assert by_name["off"]["verdict"] == "offline"


def test_each_device_says_whether_any_ping_was_answered():
    results = [ping_entry("ok", 0), ping_entry("dead", 100), ping_entry("off", 0, outcome="error", error=dict(
        status_code=409, error_code="HPE_GL_ERROR_DEVICE_OFFLINE", message="Device offline: x")),
        ping_entry("broken", 0, outcome="error", error=dict(status_code=500, message="boom"))]
    devices = evaluate("reachability", results, dict(max_packet_loss_percent=10))["devices"]
    answered = {name: device["answered"] for name, device in devices.items()}
    assert answered == dict(ok=True, dead=False, off=False, broken=None)


def service_entry(test, destination, result, name="ap-1"):
    return dict(name=name, serial_number="SN1", device_type="ap", test=test, destination=destination,
                outcome="succeeded", result=result, task_id="t", duration_seconds=1.0)


SERVICE_RESULTS = [
    service_entry("nslookup", "a.example", dict(host="a.example", resolved=True, addresses=["203.0.113.5"])),
    service_entry("nslookup", "gone.invalid", dict(host="gone.invalid", resolved=False, addresses=[])),
    service_entry("tcp", "a.example:443", dict(host="a.example", port=443, connected=True, connect_time_ms=800.0)),
    service_entry("tcp", "a.example:22", dict(host="a.example", port=22, connected=False, connect_time_ms=None)),
    service_entry("https", "https://a.example/", dict(success=True, status_codes=[404, 404], download_rate_kbps=None,
                                                      latency_avg_ms=40.0), name="gw-1"),
    service_entry("http", "http://a.example/", dict(success=True, status_codes=[], download_rate_kbps=90.0,
                                                    latency_avg_ms=None)),
    service_entry("http", "http://b.example/", dict(success=False, status_codes=[503], download_rate_kbps=None,
                                                    latency_avg_ms=None), name="gw-1"),
]


def test_service_check_judges_each_kind_of_test():
    judged = evaluate("service_check", SERVICE_RESULTS, dict(
        max_connect_time_ms=500, http_status_classes=["2xx", "3xx"], min_download_kbps=100))
    reasons = dict(((item["name"], item["destination"]), item["reasons"]) for item in judged["verdicts"])
    assert reasons == {
        ("ap-1", "a.example"): [],
        ("ap-1", "gone.invalid"): ["gone.invalid did not resolve"],
        ("ap-1", "a.example:443"): ["connect time 800 ms above 500 ms"],
        ("ap-1", "a.example:22"): ["no TCP connection to a.example:22"],
        ("gw-1", "https://a.example/"): ["status 404 not in 2xx, 3xx"],
        ("ap-1", "http://a.example/"): ["download rate 90 kbps below 100 kbps"],
        ("gw-1", "http://b.example/"): ["no successful answer (status 503)"],
    }
    assert judged["devices"]["ap-1"]["destinations"]["gone.invalid"]["test"] == "nslookup"
    assert judged["counts"] == {"fail": 6, "error": 0, "offline": 0, "pass": 1}
    # One check a test, all in one run: https results are judged by the http check.
    assert sorted(judged["by_check"]) == ["service_check http", "service_check nslookup", "service_check tcp"]
    assert judged["by_check"]["service_check http"]["fail"] == 3


def test_service_check_without_limits_and_with_unresolved_names_allowed():
    judged = evaluate("service_check", SERVICE_RESULTS[:3], dict(require_resolution=False), VIOLATING)
    assert [item["verdict"] for item in judged["verdicts"]] == ["pass", "pass", "pass"]


def test_service_check_reads_only_its_tests():
    with pytest.raises(ValueError, match="service_check reads nslookup and tcp and http and https results"):
        evaluate("service_check", [dict(SERVICE_RESULTS[0], test="ping")], {}, VIOLATING)


def test_service_check_html_shows_the_test_and_figures():
    page = reports.render_html(evaluate("service_check", SERVICE_RESULTS, {}))
    assert "<th>Why</th><th>Figures</th>" in page and "Service check report" in page
    assert "203.0.113.5" in page and "connect 800 ms" in page and "status 404" in page and "90 kbps" in page


def test_a_failing_row_shows_its_device_s_recent_events_in_every_format():
    off = ping_entry("off", 0, outcome="error", error=dict(status_code=409, message="Device offline: x"))
    off["events"] = [dict(timestamp="2026-01-01T00:56:00.000Z", name="Device rebooted", severity="Major",
                          description="watchdog <script>alert(1)</script>", category="System", extra={"x": 1}),
                     "not an event", dict(name=["not", "text"])]
    report = evaluate("reachability", [ping_entry("ok", 0), off], {})
    row = next(item for item in report["verdicts"] if item["name"] == "off")
    assert row["events"][0] == dict(timestamp="2026-01-01T00:56:00.000Z", name="Device rebooted", severity="Major",
                                    category="System", description="watchdog <script>alert(1)</script>")
    assert row["events"][1]["name"] is None and len(row["events"]) == 2
    assert next(item for item in report["verdicts"] if item["name"] == "ok")["events"] == []
    page = reports.render_html(report)
    assert "2026-01-01 00:56:00 Device rebooted (Major): watchdog &lt;script&gt;" in page and "<script>alert" not in page
    case = ElementTree.fromstring(reports.render_junit(report)).find(".//testcase[@classname='reachability.off']")
    assert "recent event: 2026-01-01 00:56:00 Device rebooted (Major)" in case.find("error").get("message")
    written = json.loads(reports.render_json(report))["verdicts"]
    assert next(item for item in written if item["name"] == "off")["events"][0]["name"] == "Device rebooted"
