# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_compliance through its real entry point (the action plugin), with an inventory's groups and host
variables, against the simulator: one run for the whole policy, per-site targets, per-host overrides, verdicts
with wanted and found, the three reports, the check-mode plan, and bad policies refused before anything is sent."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.action import fleet_compliance

HOSTS = {
    "hq-ap": dict(central_serial_number="TESTAP0001", central_device_type="ap", central_site_id="1001",
                  central_site="HQ Campus", site_gateway="10.1.0.1", site_dns=["10.1.0.53", "10.1.0.54"]),
    "branch-ap": dict(central_serial_number="TESTAP0003", central_device_type="ap", central_site_id="1002",
                      central_site="Branch 12", site_gateway="10.2.0.1", site_dns="10.2.0.53",
                      compliance_overrides={"gateway ping": {"expect": {"packet_loss_percent": "<= 50"}}}),
    "dark-ap": dict(central_serial_number="TESTAP0002", central_device_type="ap", central_site_id="1002",
                    central_site="Branch 12", site_gateway="10.2.0.1", site_dns="10.2.0.53"),
    "wan-gw": dict(central_serial_number="TESTGW0002", central_device_type="gateway", central_site_id="1002",
                   central_site="Branch 12", site_gateway="10.2.0.1"),
    "printer": dict(),
}
GROUPS = {"all": list(HOSTS), "aps": ["hq-ap", "branch-ap", "dark-ap"], "hq": ["hq-ap"],
          "branch_12": ["branch-ap", "dark-ap", "wan-gw"], "gateways": ["wan-gw"], "ungrouped": ["printer"]}
POLICY = dict(name="campus", checks=[
    dict(name="gateway ping", test="ping", hosts="aps", targets_from="site_gateway", options=dict(count=5),
         expect=dict(reachable=True, packet_loss_percent="<= 10", rtt_avg_ms="< 100"), severity="critical"),
    dict(name="dns", test="nslookup", hosts="aps:&hq", targets=["portal.example.com", "gone.invalid"],
         expect=dict(resolved=True, addresses={"length": ">= 1"}), severity="warning"),
    dict(name="wan mtu", test="ping_sweep", hosts="gateways", targets=["10.9.9.9"],
         options=dict(start_packet_size=1372, end_packet_size=1472, sweep_interval=100, count=1),
         expect=dict(largest_size_without_loss=">= 1472"), severity="info",
         description="The WAN carries 1500-byte packets (1472 bytes of ICMP payload)"),
])


def task_vars(hosts=None, groups=None):
    hosts = HOSTS if hosts is None else hosts
    return dict(hostvars=hosts, groups=GROUPS if groups is None else groups, ansible_play_hosts_all=list(hosts))


@pytest.fixture
def run_compliance(run_action_plugin, simulator, tmp_path):
    def run(policy=None, check_mode=False, variables=None, **options):
        args = simulator.params(policy=POLICY if policy is None else policy, report_dir=str(tmp_path), poll_interval=0.1, **options)
        return run_action_plugin(fleet_compliance, "arubacentral.troubleshooting.fleet_compliance", args, check_mode,
                                 variables or task_vars())
    return run


def row(result, check, name, destination=None):
    rows = [item for item in result["violations"] if item["check"] == check and item["name"] == name
            and (destination is None or item["destination"] == destination)]
    return rows[0] if rows else None


def test_a_policy_runs_once_with_per_site_targets_overrides_and_wanted_found(run_compliance, simulator, tmp_path):
    before = simulator.stats().get("start", 0)
    result = run_compliance()
    assert result["rc"] == 0, result
    # gateway ping: 3 APs x their site's gateway; dns: hq-ap x 2 names; wan mtu: 1 gateway. One run, 6 tests
    # (Central refuses the offline AP's start).
    assert result["summary"]["total"] == 6 and simulator.stats()["start"] - before == 5
    devices = result["devices"]
    assert devices["hq-ap"]["checks"]["gateway ping"]["targets"] == {"10.1.0.1": dict(verdict="pass", failed=[],
                                                                                      reasons=[])}
    # The lossy AP passes only through its override (40% loss, <= 50 for this host), the other limits still hold.
    assert devices["branch-ap"]["checks"]["gateway ping"]["verdict"] == "pass"
    assert devices["dark-ap"]["verdict"] == "offline" and devices["dark-ap"]["severity"] == "critical"
    dns = row(result, "dns", "hq-ap", "gone.invalid")
    assert dns["verdict"] == "fail" and dns["severity"] == "warning"
    assert dns["failed"] == [dict(field="resolved", wanted="true", found=False),
                             dict(field="addresses", wanted="length >= 1", found=[])]
    mtu = row(result, "wan mtu", "wan-gw")
    # The simulated gateway's path carries 1400-byte packets: 1372 bytes of payload get through, 1472 do not.
    assert mtu["failed"] == [dict(field="largest_size_without_loss", wanted=">= 1472", found=1372)]
    assert result["severity_counts"] == dict(critical=1, warning=1, info=1)
    assert result["by_site"]["Branch 12"] == dict(devices=3, compliant=1)
    assert result["by_check"]["gateway ping"]["compliant"] == 2 and result["by_check"]["gateway ping"]["devices"] == 3
    assert "printer" not in devices
    report = json.loads((tmp_path / "compliance.json").read_text())
    assert report["schema"] == "arubacentral.troubleshooting/compliance-report/1"
    assert [check["name"] for check in report["policy"]["checks"]] == ["gateway ping", "dns", "wan mtu"]
    # The offline AP has Central's disconnect event: that device is the cause; the other two faults share nothing.
    assert [(cause["kind"], cause["subject"]) for cause in result["causes"]] == [("device", "dark-ap")]
    assert result["causes"][0]["evidence"].startswith("dark-ap is offline; Central logged: ")
    assert report["causes"] == result["causes"] and report["unexplained"] == 2
    assert [line for line in result["summary_lines"] if line.startswith("LIKELY CAUSE")] == [
        "LIKELY CAUSE (device): %s; 1 violation, 1 device, 1 site" % result["causes"][0]["evidence"]]
    assert report["policy"]["checks"][0]["expect"] == [dict(field="reachable", wanted="true"),
                                                       dict(field="packet_loss_percent", wanted="<= 10"),
                                                       dict(field="rtt_avg_ms", wanted="< 100")]
    suites = ElementTree.parse(str(tmp_path / "compliance.junit.xml")).getroot()
    assert [suite.get("name") for suite in suites] == ["gateway ping", "dns", "wan mtu", "likely causes"]
    dns_suite = suites[1]
    assert dns_suite.find("properties/property[@name='severity']").get("value") == "warning"
    failure = dns_suite.find("testcase[@name='nslookup gone.invalid']/failure")
    assert failure.get("type") == "warning" and "resolved: wanted true, found false" in failure.text
    page = (tmp_path / "compliance.html").read_text()
    # What to act on before the device grid: the overview, then every result with the violations first.
    assert page.index("By check") < page.index("By site") < page.index('id="v-results"') < page.index('id="d-results"')
    assert "<code>largest_size_without_loss</code> wanted <b>&gt;= 1472</b>, found <b>1372</b>" in page


def test_check_mode_prints_the_plan_and_sends_nothing(run_compliance, simulator):
    before = simulator.stats()
    result = run_compliance(check_mode=True)
    assert result["rc"] == 0, result
    assert simulator.stats().get("start", 0) == before.get("start", 0)
    plan = dict((entry["check"], entry) for entry in result["plan"])
    assert plan["gateway ping"]["tests"] == 3 and plan["gateway ping"]["hosts_matched"] == 3
    assert plan["dns"]["tests"] == 2 and plan["dns"]["hosts_matched"] == 1
    assert plan["wan mtu"]["skipped"] == []
    # Another policy on the same inventory keeps its overrides in a variable of its own.
    everything = run_compliance(policy=dict(checks=[dict(name="all", test="arp_table", hosts="all")],
                                            overrides_variable="arp_overrides"), check_mode=True)
    skipped = dict((entry["reason"], entry) for entry in everything["plan"][0]["skipped"])
    assert skipped["not a Central device (no central_serial_number or central_device_type)"]["hosts"] == ["printer"]
    assert everything["plan"][0]["tests"] == 4
    assert "check mode: 6 tests of 3 checks planned on 4 devices" in result["msg"]


@pytest.mark.parametrize("policy, message", [
    (dict(checks=[dict(name="x", test="pong", hosts="aps", targets=["a"])]),
     "check x: test must be one of ping, traceroute"),
    (dict(checks=[dict(name="x", test="ping", hosts="aps", targets=["a"], expect=dict(latency="< 5"))]),
     "check x: expect.latency is not a field of a ping result; fields: destination, packet_loss_percent"),
    (dict(checks=[dict(name="x", test="ping", hosts="aps", targets=["a"], expect=dict(rtt_avg_ms={"below": 5}))]),
     "check x: expect.rtt_avg_ms: unknown operator 'below'; operators: eq, ne, lt"),
    (dict(checks=[dict(name="x", test="ping", hosts="aps", targets=["a"], expect=dict(reachable="< 5"))]),
     "check x: expect.reachable: '< 5' compares numbers; reachable is true or false"),
    (dict(checks=[dict(name="x", test="ping", hosts="core_*", targets=["a"])]),
     "check x: hosts 'core_*' matches no host of the play"),
    (dict(checks=[dict(name="x", test="ping", hosts="all", targets_from="site_dns")]),
     "check x: targets_from site_dns is not set on 1 host(s): wan-gw"),
    (dict(checks=[dict(name="x", test="ping", hosts="aps")]), "check x: a ping test needs targets or targets_from"),
    (dict(checks=[dict(name="x", test="ping", hosts="aps", targets=["a"], severity="high")]),
     "check x: severity must be one of critical, warning, info (got 'high')"),
    (dict(checks=[dict(name="x", test="ping", hosts="aps", targets=["a"], options=dict(tll=3))]),
     "check x: options tll are not options of ping"),
    (dict(checks=[dict(name="x", test="ping", hosts="aps", targets=["a"], options=dict(ttl=3))]),
     "check x on host hq-ap: option ttl is not supported by ping on device_type ap"),
    (dict(checks=[dict(name="x", test="ping", hosts="aps", targets=["a"], wanted={})]),
     "check x: unknown key(s) wanted; a check takes name, test, hosts"),
    (dict(checks=[dict(test="ping", hosts="aps", targets=["a"], wanted={})]),
     "checks[0]: name must be 1-64 letters"),
    (dict(checks=[]), "the compliance policy's checks must list at least one check"),
    ("/nonexistent/policy.yml", "policy file /nonexistent/policy.yml does not exist"),
])
def test_a_bad_policy_is_refused_naming_what_and_nothing_is_sent(run_compliance, simulator, policy, message):
    before = simulator.stats()
    # The branch's override names "gateway ping", a check of POLICY: another policy keeps its overrides apart.
    result = run_compliance(policy=dict(policy, overrides_variable="other_overrides") if isinstance(policy, dict)
                            else policy)
    assert result["rc"] == 1 and message in result["msg"], result["msg"]
    assert simulator.stats().get("start", 0) == before.get("start", 0) and "devices" not in result


def test_a_bad_override_on_one_host_is_refused_naming_the_host(run_compliance):
    hosts = dict(HOSTS, **{"hq-ap": dict(HOSTS["hq-ap"], compliance_overrides={"gateway ping": {
        "expect": {"packet_loss": "<= 50"}}})})
    result = run_compliance(variables=task_vars(hosts))
    assert result["rc"] == 1 and "check gateway ping (the override of host hq-ap): expect.packet_loss is not " \
        "a field of a ping result" in result["msg"]


def test_every_problem_of_a_policy_is_said_at_once_each_with_its_check(run_compliance, simulator):
    before = simulator.stats()
    result = run_compliance(policy=dict(checks=[
        dict(name="gateway ping", test="ping", hosts="aps", targets=["a"], severity="high"),
        dict(name="dns", test="nslookup", hosts="aps", targets=["a"], expect=dict(resolvd=True)),
        dict(test="tcp", hosts="aps"),
    ]))
    assert result["rc"] == 1 and result["msg"].startswith("Invalid compliance policy: 4 problems: (1) check gateway ping: "
                                                          "severity must be one of"), result["msg"]
    assert "(2) check dns: expect.resolvd is not a field of a nslookup result" in result["msg"]
    assert "(3) checks[2]: name must be" in result["msg"] and "(4) checks[2]: a tcp test needs targets" in result["msg"]
    assert "Invalid request" not in result["msg"] and simulator.stats().get("start", 0) == before.get("start", 0)


def test_an_override_of_a_check_the_policy_does_not_have_is_refused(run_compliance, simulator):
    hosts = dict(HOSTS, **{"hq-ap": dict(HOSTS["hq-ap"], compliance_overrides={"gateway-ping": {
        "expect": {"packet_loss_percent": "<= 50"}}})})
    before = simulator.stats()
    result = run_compliance(variables=task_vars(hosts))
    assert result["rc"] == 1 and "compliance_overrides names 'gateway-ping' on 1 host(s) (hq-ap), which is no check of " \
        "the policy; its checks: gateway ping, dns, wan mtu" in result["msg"], result["msg"]
    assert simulator.stats().get("start", 0) == before.get("start", 0)


def test_a_field_a_device_type_never_fills_is_refused_before_anything_is_sent(run_compliance, simulator):
    before = simulator.stats()
    result = run_compliance(policy=dict(checks=[dict(name="portal", test="http", hosts="all",
                                                     targets=["http://portal.example.com/"],
                                                     expect=dict(success=True, latency_avg_ms="< 200"))]))
    assert result["rc"] == 1, result
    assert "check portal: expect field latency_avg_ms is never filled by a ap's http answer, so it would fail on 3 " \
        "host(s) (hq-ap, branch-ap, dark-ap); device types that fill it: cx, gateway" in result["msg"], result["msg"]
    assert "gateway's" not in result["msg"] and simulator.stats().get("start", 0) == before.get("start", 0)


def test_a_target_listed_and_in_targets_from_runs_and_reports_once(run_compliance):
    result = run_compliance(policy=dict(checks=[dict(name="gw", test="ping", hosts="hq-ap", targets=["10.1.0.1"],
                                                     targets_from="site_gateway")], overrides_variable="gw_overrides"))
    assert result["rc"] == 0, result
    assert result["summary"]["total"] == 1 and result["by_check"]["gw"]["pass"] == 1


def test_a_check_that_runs_nowhere_fails_the_run_and_says_why_everywhere(run_compliance, simulator, tmp_path):
    policy = dict(checks=[dict(name="gateway ping", test="ping", hosts="aps", targets=["10.1.0.1"]),
                          dict(name="gateway dns", test="nslookup", hosts="gateways", targets=["portal.example.com"])])
    planned = run_compliance(policy=policy, check_mode=True)
    assert planned["rc"] == 1 and planned["msg"] == (
        "check gateway dns ran nowhere: device type gateway has no nslookup test (1 host(s): wan-gw) (set may_run_nowhere: true "
        "on the check if that is expected)"), planned["msg"]
    assert "  RAN NOWHERE: device type gateway has no nslookup test (1 host(s): wan-gw)" in planned["summary_lines"]
    result = run_compliance(policy=policy)
    assert result["rc"] == 1 and result["msg"].startswith("check gateway dns ran nowhere"), result["msg"]
    assert result["by_check"]["gateway dns"]["ran_nowhere"] == "device type gateway has no nslookup test (1 host(s): wan-gw)"
    assert "1 check(s) ran nowhere: gateway dns (device type gateway has no nslookup test" in result["summary_line"]
    report = json.loads((tmp_path / "compliance.json").read_text())
    assert report["by_check"]["gateway dns"]["ran_nowhere"] and report["plan"][1]["ran_nowhere"]
    suite = ElementTree.parse(str(tmp_path / "compliance.junit.xml")).getroot()[1]
    assert suite.get("failures") == "1" and suite.find("testcase[@name='ran nowhere']/failure") is not None
    assert "0 tests: ran nowhere. device type gateway has no nslookup test" in (tmp_path / "compliance.html").read_text()
    # Allowed by the policy: said, but the run passes; the JUnit case is skipped, not failed.
    policy["checks"][1]["may_run_nowhere"] = True
    allowed = run_compliance(policy=policy)
    assert allowed["rc"] == 0 and "ran nowhere" in allowed["summary_line"], allowed
    suite = ElementTree.parse(str(tmp_path / "compliance.junit.xml")).getroot()[1]
    assert suite.get("skipped") == "1" and suite.get("failures") == "0"
    # A policy whose every check runs nowhere: nothing sent, still reported, and failed.
    before = simulator.stats()
    (tmp_path / "compliance.json").unlink()
    nowhere = run_compliance(policy=dict(checks=[dict(policy["checks"][1], may_run_nowhere=False)], name="only dns"),
                             hosts=["wan-gw"])
    assert nowhere["rc"] == 1 and nowhere["msg"].startswith("check gateway dns ran nowhere"), nowhere
    assert nowhere["summary"]["total"] == 0 and (tmp_path / "compliance.json").exists()
    assert simulator.stats().get("start", 0) == before.get("start", 0)


def test_offline_rows_that_are_not_violations_count_nowhere_as_one(run_compliance):
    result = run_compliance(policy=dict(checks=[dict(name="gw", test="ping", hosts="dark-ap", targets=["10.2.0.1"])],
                                        overrides_variable="gw_overrides"), offline_is_violation=False)
    assert result["rc"] == 0 and result["violations"] == [] and result["counts"]["offline"] == 1, result
    assert result["severity_counts"] == dict(critical=0, warning=0, info=0)
    assert result["devices"]["dark-ap"]["compliant"] is True and result["by_site"]["Branch 12"]["compliant"] == 1


def test_hostile_names_and_sites_reach_every_report_as_text(run_compliance, tmp_path):
    hostile = "<script>alert(1)</script>\x1b[31m"
    hosts = {hostile: dict(HOSTS["dark-ap"], central_site=hostile)}
    result = run_compliance(policy=dict(checks=[dict(name="ping", test="ping", hosts="all", targets=["10.1.1.1"])]),
                            variables=task_vars(hosts, {"all": list(hosts)}))
    assert result["rc"] == 0, result
    page = (tmp_path / "compliance.html").read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\x1b" not in page
    ElementTree.parse(str(tmp_path / "compliance.junit.xml"))
    assert "\x1b" not in (tmp_path / "compliance.json").read_text()


@pytest.mark.parametrize("text, message", [
    ("checks:\n  - name: a\n    test: ping\n    hosts: [aps\n", "policy.yml, line 5, column 1 is not valid YAML"),
    ("base: &base {test: ping, hosts: aps, targets: [a]}\nchecks:\n  - *base\n",
     "policy.yml, line 3, column 5: YAML aliases (*base) are not taken in a policy"),
])
def test_a_policy_file_s_yaml_errors_name_the_line_and_column(run_compliance, simulator, tmp_path, text, message):
    path = tmp_path / "policy.yml"
    path.write_text(text)
    before = simulator.stats()
    result = run_compliance(policy=str(path))
    assert result["rc"] == 1 and message in result["msg"], result["msg"]
    assert result["msg"].startswith("Invalid compliance policy: ") and "Invalid request" not in result["msg"]
    assert simulator.stats().get("start", 0) == before.get("start", 0)


def test_a_billion_laughs_policy_is_refused_at_once(run_compliance, tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += ["a%d: &a%d [%s]" % (level, level, ", ".join(["*a%d" % (level - 1)] * 9)) for level in range(1, 9)]
    path = tmp_path / "policy.yml"
    path.write_text("\n".join(lines + ["checks: [*a8]"]) + "\n")
    result = run_compliance(policy=str(path))
    assert result["rc"] == 1 and "line 2, column 10: YAML aliases (*a0) are not taken in a policy" in result["msg"]


# A preset check is a built-in policy on the same engine: what the reachability role hands fleet_compliance.
PRESET = dict(name="preset reachability", preset="reachability", overrides_variable="reachability_overrides",
              checks=[dict(name="reachability", test="ping", hosts="all", targets=["10.0.0.53"], options=dict(count="3"),
                           thresholds=dict(max_packet_loss_percent="10", max_rtt_avg_ms=""))])
DEVICES = [dict(name="lobby-ap", serial_number="TESTAP0001", device_type="ap", site="HQ"),
           dict(central_serial_number="TESTAP0003", central_device_type="ap"),
           dict(name="dark-ap", serial_number="TESTAP0002", device_type="ap")]


def test_a_preset_runs_on_the_engine_from_a_plain_list_of_devices(run_compliance, tmp_path):
    result = run_compliance(PRESET, devices=DEVICES, report_name="reachability", parameters=dict(count=3))
    assert result["rc"] == 0, result
    assert sorted(result["reports"]) == ["html", "json", "junit"]
    assert result["summary_line"].startswith("reachability: 3 tests on 3 devices: 1 pass, 1 fail, 0 error, 1 offline")
    devices = result["devices"]
    # The documented per-host fact of the preset roles: verdict, destinations (verdict, reasons, test), answered.
    assert devices["TESTAP0003"]["destinations"]["10.0.0.53"] == dict(
        verdict="fail", reasons=["packet loss 33% above 10%"], test="ping", check="reachability",
        failed=[dict(field="packet_loss_percent", wanted="<= 10", found=33.0)])
    assert [devices[name]["answered"] for name in ("lobby-ap", "TESTAP0003", "dark-ap")] == [True, True, False]
    assert devices["lobby-ap"]["site"] == "HQ"
    with open(result["reports"]["json"]) as handle:
        report = json.load(handle)
    assert report["check"] == "reachability" and report["title"] == "Reachability report"
    # The thresholds as judged, typed, the unset one left out; the policy as run.
    assert report["parameters"] == dict(count=3, thresholds=dict(max_packet_loss_percent=10.0))
    assert report["policy"]["checks"][0]["thresholds"] == dict(max_packet_loss_percent=10.0)


def test_a_preset_s_thresholds_are_overridden_per_host(run_compliance):
    hosts = dict((name, dict(HOSTS[name])) for name in ("hq-ap", "branch-ap"))
    hosts["branch-ap"]["reachability_overrides"] = {"reachability": {"thresholds": {"max_packet_loss_percent": 50}}}
    result = run_compliance(PRESET, variables=task_vars(hosts, {"all": list(hosts)}))
    assert result["rc"] == 0, result
    assert result["devices"]["branch-ap"]["verdict"] == "pass" and result["violations"] == []


@pytest.mark.parametrize("change, message", [
    (dict(preset="ping"), "preset must be one of reachability, path_check, mtu_check, service_check (got 'ping')"),
    (dict(preset="path_check"), "check reachability: a ping test is no part of the path_check preset, which runs "
                                "traceroute"),
    (dict(checks=[dict(PRESET["checks"][0], thresholds=dict(max_hops=3))]),
     "check reachability: thresholds.max_hops is not a threshold of a ping test; its thresholds: "
     "max_packet_loss_percent, max_rtt_avg_ms"),
    (dict(checks=[dict(PRESET["checks"][0], thresholds=dict(max_rtt_avg_ms="fast"))]),
     "check reachability: thresholds.max_rtt_avg_ms must be a number of 0 or more (got 'fast')"),
    (dict(checks=[dict(PRESET["checks"][0], expect=dict(reachable=True))]),
     "check reachability: expect and thresholds both say what passes; give one of them"),
])
def test_a_bad_preset_policy_is_refused_before_anything_is_sent(run_compliance, simulator, change, message):
    before = simulator.stats().get("start", 0)
    result = run_compliance(dict(PRESET, **change), devices=DEVICES)
    assert result["rc"] == 1 and message in result["msg"], result["msg"]
    assert simulator.stats().get("start", 0) == before


@pytest.mark.parametrize("devices, message", [
    ([dict(name="x", device_type="ap")], "devices[0] needs serial_number and device_type"),
    ([dict(serial_number="A", device_type="ap", colour="red")], "devices[0]: unknown key(s) colour; a device takes"),
    ([dict(serial_number="A", device_type="ap"), dict(name="A", serial_number="B", device_type="ap")],
     "devices[1]: the name A is given to two devices"),
    (["lobby-ap"], "devices[0] must be a mapping with serial_number and device_type (got str)"),
])
def test_a_bad_device_list_is_named(run_compliance, devices, message):
    result = run_compliance(PRESET, devices=devices)
    assert result["rc"] == 1 and message in result["msg"], result["msg"]


def test_hosts_and_devices_are_one_or_the_other(run_compliance):
    result = run_compliance(PRESET, devices=DEVICES, hosts=["hq-ap"])
    assert result["rc"] == 1 and "hosts and devices both say what the policy chooses from" in result["msg"]


@pytest.mark.parametrize("value", ["nan", "inf", float("inf"), -1, True])
def test_a_threshold_that_is_no_usable_number_is_refused(run_compliance, value):
    check = dict(PRESET["checks"][0], thresholds=dict(max_packet_loss_percent=value))
    result = run_compliance(dict(PRESET, checks=[check]), devices=DEVICES)
    assert result["rc"] == 1 and "thresholds.max_packet_loss_percent must be a number of 0 or more" in result["msg"]
