# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Likely causes, rule by rule: what each finds, what it leaves, and what no rule explains."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import violating_verdicts
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _causes as causes
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import (
    Inventory,
    Plan,
    judge_plan,
    read_hosts,
    validate_policy,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._reports import RENDERERS, build_report, summary_lines

VIOLATING = violating_verdicts(True)


def row(name, site, check="gateway", verdict="pass", destination="10.0.0.1", test="ping", **extra):
    return dict(dict(name=name, site=site, check=check, verdict=verdict, destination=destination, test=test,
                     metrics={}, events=[]), **extra)


def fleet(sites=10, per_site=5, checks=("gateway", "dns")):
    """Every device of every site passing every check: the background a fault stands out from."""
    return [row("ap-%d-%d" % (site, device), "site-%d" % site, check=check,
                destination="10.%d.0.1" % site if check == "gateway" else "192.0.2.53")
            for site in range(sites) for device in range(per_site) for check in checks]


def failing(rows, predicate, verdict="fail", **extra):
    for entry in rows:
        if predicate(entry):
            entry.update(verdict=verdict, **extra)
    return rows


def found(rows, **options):
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING, **options)
    return [(cause["kind"], cause["subject"], len(cause["rows"])) for cause in found_causes], unexplained


def test_a_healthy_run_has_no_cause_and_nothing_unexplained():
    assert found(fleet()) == ([], [])


def test_one_target_failing_from_many_sites_is_the_target():
    rows = failing(fleet(), lambda entry: entry["check"] == "dns" and entry["site"] != "site-0")
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING)
    assert [(cause["kind"], cause["subject"], len(cause["rows"])) for cause in found_causes] == [
        ("target", "192.0.2.53", 45)]
    assert found_causes[0]["evidence"] == "192.0.2.53 fails dns from 9 of 10 sites"
    assert found_causes[0]["sites"] == 9 and found_causes[0]["devices"] == 45 and unexplained == []


def test_without_sites_a_target_failing_from_most_devices_is_the_target():
    rows = [row("ap-%d" % index, None, check="reach", destination="10.0.0.53",
                verdict="fail" if index % 4 else "pass") for index in range(20)]
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING)
    assert [(cause["kind"], cause["evidence"]) for cause in found_causes] == [
        ("target", "10.0.0.53 fails reach from 15 of 20 devices")] and unexplained == []
    rows = [dict(entry, verdict="fail" if index % 3 == 0 else "pass") for index, entry in enumerate(rows)]
    assert causes.likely_causes(rows, VIOLATING)[0] == []   # 7 of 20: not most


def test_a_target_failing_from_two_sites_is_not_a_target_cause():
    rows = failing(fleet(), lambda entry: entry["check"] == "dns" and entry["site"] in ("site-1", "site-2")
                   and entry["name"].endswith("-0"))
    assert found(rows) == ([], sorted(index for index, entry in enumerate(rows) if entry["verdict"] == "fail"))


def test_most_devices_of_one_site_failing_what_passes_elsewhere_is_the_site():
    rows = failing(fleet(), lambda entry: entry["site"] == "site-3" and not entry["name"].endswith("-4"))
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING)
    assert [(cause["kind"], cause["subject"], len(cause["rows"])) for cause in found_causes] == [("site", "site-3", 8)]
    assert found_causes[0]["evidence"] == "4 of 5 devices at site-3 fail checks that pass elsewhere (dns, gateway)"
    assert unexplained == []


def test_a_site_is_not_blamed_for_what_fails_everywhere():
    # dns fails at every site: the target explains it (site-3's dns included), and site-3's gateway is the site's.
    rows = failing(fleet(), lambda entry: entry["check"] == "dns")
    rows = failing(rows, lambda entry: entry["site"] == "site-3")
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING)
    assert [(cause["kind"], cause["subject"], len(cause["rows"])) for cause in found_causes] == [
        ("target", "192.0.2.53", 50), ("site", "site-3", 5)]
    assert found_causes[1]["evidence"] == "5 of 5 devices at site-3 fail checks that pass elsewhere (gateway)"
    assert unexplained == []


def test_devices_a_switch_explains_do_not_count_against_a_site_elsewhere():
    # Four sites; the switches of site-1 and site-2 are dark, so the checks pass at only 10 of 15 devices outside
    # site-3 (67 %, under the 80 % a site needs): without the switches' rows set aside, dead site-3 would be five
    # devices of their own.
    rows = failing(fleet(sites=4), lambda entry: entry["site"] in ("site-1", "site-2", "site-3"), verdict="offline")
    uplinks = dict(("ap-%d-%d" % (site, device), ("sw-%d" % site, None)) for site in (1, 2) for device in range(5))
    assert found(rows, uplinks=uplinks) == ([("switch", "sw-1", 10), ("switch", "sw-2", 10), ("site", "site-3", 10)],
                                            [])


def test_access_points_behind_one_switch_failing_together_are_the_switch():
    rows = failing(fleet(), lambda entry: entry["name"] in ("ap-5-0", "ap-5-1", "ap-5-2"), verdict="offline")
    uplinks = dict(("ap-5-%d" % device, ("sw-5", "1/1/%d" % device)) for device in range(3))
    uplinks["ap-5-3"] = ("sw-5b", "1/1/1")
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING, uplinks=uplinks)
    assert [(cause["kind"], cause["subject"], len(cause["rows"])) for cause in found_causes] == [("switch", "sw-5", 6)]
    assert found_causes[0]["evidence"] == "3 of 3 devices behind switch sw-5 fail every check they ran"
    assert unexplained == []


def test_one_port_names_the_port():
    rows = failing(fleet(), lambda entry: entry["name"] in ("ap-5-0", "ap-5-1"), verdict="offline")
    uplinks = {"ap-5-0": ("sw-5", "1/1/7"), "ap-5-1": ("sw-5", "1/1/7")}
    found_causes, _unexplained = causes.likely_causes(rows, VIOLATING, uplinks=uplinks)
    assert found_causes[0]["evidence"] == "2 of 2 devices behind port 1/1/7 of switch sw-5 fail every check they ran"


def trace(name, site, reached, last, path):
    return row(name, site, check="path", test="traceroute", destination="203.0.113.9",
               verdict="pass" if reached else "fail",
               metrics=dict(destination_reached=reached, last_responding_hop=last, path=path))


def test_failing_paths_from_several_sites_stopping_at_one_hop_are_that_hop():
    rows = fleet(sites=4, per_site=2, checks=("gateway",))
    rows += [trace("ap-%d-%d" % (site, device), "site-%d" % site, False, 2, [["10.%d.0.1" % site], ["198.51.100.1"], ["*"]])
             for site in range(3) for device in range(2)]
    rows += [trace("ap-3-%d" % device, "site-3", True, 3, [["10.3.0.1"], ["198.51.100.2"], ["203.0.113.9"]])
             for device in range(2)]
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING)
    assert [(cause["kind"], cause["subject"], len(cause["rows"])) for cause in found_causes] == [
        ("hop", "198.51.100.1", 6)]
    assert found_causes[0]["evidence"] == "6 failing paths from 3 sites stop at 198.51.100.1"
    assert unexplained == []


def test_one_device_failing_every_check_is_the_device():
    rows = failing(fleet(), lambda entry: entry["name"] == "ap-7-2")
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING)
    assert [(cause["kind"], cause["subject"], cause["evidence"]) for cause in found_causes] == [
        ("device", "ap-7-2", "ap-7-2 fails every check it ran (2)")]
    assert unexplained == []


def test_one_device_offline_for_every_check_is_the_device():
    rows = failing(fleet(), lambda entry: entry["name"] == "ap-7-2", verdict="offline")
    assert causes.likely_causes(rows, VIOLATING)[0][0]["evidence"] == "ap-7-2 is offline for every check it ran (2)"


def test_an_offline_device_with_a_disconnect_event_is_the_device_and_the_event_is_the_evidence():
    event = dict(timestamp="2026-12-07T08:00:00Z", name="Device disconnected", severity="Critical", category="System",
                 description="Device lost its connection to Central")
    rows = failing(fleet(checks=("gateway",)), lambda entry: entry["name"] == "ap-7-2", verdict="offline",
                   events=[event])
    found_causes, _unexplained = causes.likely_causes(rows, VIOLATING)
    assert found_causes[0]["evidence"] == ("ap-7-2 is offline; Central logged: 2026-12-07 08:00:00 Device "
                                           "disconnected (Critical): Device lost its connection to Central")


def test_what_no_rule_explains_stays_a_row_of_its_own():
    rows = failing(fleet(), lambda entry: entry["name"] == "ap-1-1" and entry["check"] == "dns")
    rows = failing(rows, lambda entry: entry["name"] == "ap-2-3" and entry["check"] == "gateway", verdict="error")
    assert found(rows) == ([], [index for index, entry in enumerate(rows) if entry["verdict"] != "pass"])


def test_a_cause_never_hides_a_row_and_no_row_is_under_two_causes():
    rows = failing(fleet(sites=20), lambda entry: entry["check"] == "dns" and entry["site"] != "site-0")
    rows = failing(rows, lambda entry: entry["site"] == "site-4")
    rows = failing(rows, lambda entry: entry["name"] == "ap-9-1")
    rows = failing(rows, lambda entry: entry["name"] == "ap-11-2" and entry["check"] == "gateway")
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING)
    listed = [index for cause in found_causes for index in cause["rows"]] + unexplained
    assert sorted(listed) == [index for index, entry in enumerate(rows) if entry["verdict"] != "pass"]
    assert len(listed) == len(set(listed))
    # ap-9-1 and ap-11-2 fail every check they ran (dns with everyone, gateway on their own): each is a device.
    assert [cause["kind"] for cause in found_causes] == ["target", "site", "device", "device"]


def test_largest_first_and_new_before_persisting_at_the_same_size():
    rows = failing(fleet(), lambda entry: entry["name"] in ("ap-1-1", "ap-2-2"))
    for entry in rows:
        if entry["name"] == "ap-2-2":
            entry["drift"] = dict(state="new")
    assert [cause["subject"] for cause in causes.likely_causes(rows, VIOLATING)[0]] == ["ap-2-2", "ap-1-1"]


def test_offline_rows_that_are_not_violations_are_no_cause():
    rows = failing(fleet(), lambda entry: entry["site"] == "site-3", verdict="offline")
    assert causes.likely_causes(rows, violating_verdicts(False)) == ([], [])


@pytest.mark.parametrize("thresholds, expected", [
    (dict(min_sites=0), "cause_thresholds.min_sites must be a whole number of 1 or more (got 0)"),
    (dict(site_share=1.5), "cause_thresholds.site_share must be a share above 0 and at most 1 (got 1.5)"),
    (dict(site_share=float("nan")), "cause_thresholds.site_share must be a share above 0 and at most 1"),
    (dict(min_sites=float("inf")), "cause_thresholds.min_sites must be a whole number of 1 or more (got inf)"),
    (dict(min_sites="3"), "cause_thresholds.min_sites must be a whole number of 1 or more (got '3')"),
    (dict(min_sites=True), "cause_thresholds.min_sites must be a whole number of 1 or more (got True)"),
    (dict(sites=3), "cause_thresholds.sites is not a threshold; thresholds: elsewhere_pass_share, min_hop_paths"),
])
def test_a_wrong_threshold_is_named_with_what_is_allowed(thresholds, expected):
    with pytest.raises(ValidationError) as refused:
        causes.check_thresholds(thresholds)
    assert expected in refused.value.message


def test_a_threshold_moves_the_line():
    rows = failing(fleet(), lambda entry: entry["check"] == "dns" and entry["site"] in ("site-1", "site-2")
                   and entry["name"].endswith(("-0", "-1")))
    assert found(rows)[0] == []
    assert found(rows, thresholds=dict(min_sites=2, target_share=0.2))[0] == [("target", "192.0.2.53", 4)]


def test_hostile_names_and_sites_are_data():
    rows = failing(fleet(), lambda entry: entry["site"] == "site-3")
    for entry in rows:
        if entry["site"] == "site-3":
            entry["site"] = "<script>alert(1)</script>"
    found_causes, _unexplained = causes.likely_causes(rows, VIOLATING)
    assert found_causes[0]["subject"] == "<script>alert(1)</script>"


def test_uplinks_come_from_the_hosts_variables_as_text():
    hosts = read_hosts(["ap-1", "ap-2", "ap-3"], {
        "ap-1": dict(central_uplink_switch="sw-1\x1b[31m", central_uplink_port="1/1/2"),
        "ap-2": dict(central_uplink_switch=["not", "text"]),
        "ap-3": {}}.get, [])
    assert hosts["ap-1"].uplink == ("sw-1", "1/1/2")
    assert hosts["ap-2"].uplink is None and hosts["ap-3"].uplink is None


def test_the_console_says_one_line_a_cause():
    rows = failing(fleet(), lambda entry: entry["check"] == "dns" and entry["site"] != "site-0")
    found_causes, _unexplained = causes.likely_causes(rows, VIOLATING)
    lines = summary_lines("compliance: ...", [], {}, found_causes)
    assert lines == ["compliance: ...", "LIKELY CAUSE (target): 192.0.2.53 fails dns from 9 of 10 sites; "
                                        "45 violations, 45 devices, 9 sites"]


def test_a_switch_is_not_blamed_for_a_target_that_fails_everywhere_nor_for_its_whole_site():
    rows = failing(fleet(), lambda entry: entry["check"] == "dns")
    rows = failing(rows, lambda entry: entry["site"] == "site-6")
    uplinks = dict(("ap-%d-%d" % (site, device), ("sw-%d" % site, None)) for site in range(10) for device in range(5))
    uplinks.update(("ap-6-%d" % device, ("sw-6b", None)) for device in range(3, 5))
    found_causes, unexplained = causes.likely_causes(rows, VIOLATING, uplinks=uplinks)
    assert [(cause["kind"], cause["subject"]) for cause in found_causes] == [
        ("target", "192.0.2.53"), ("site", "site-6")]
    assert unexplained == []


def test_a_hostile_site_in_a_cause_is_text_in_every_report():
    policy = validate_policy(dict(name="p", checks=[
        dict(name="gateway", test="ping", hosts="all", targets=["10.0.0.1"], expect=dict(reachable=True)),
        dict(name="dns", test="nslookup", hosts="all", targets=["example.com"], expect=dict(resolved=True))]))
    hostile = '<script>alert(1)</script> "HQ"'
    names = ["ap-%d" % index for index in range(20)]
    variables = dict((name, dict(central_serial_number="S%d" % index, central_device_type="ap",
                                 central_site=hostile if index < 5 else "site-%d" % (index % 3)))
                     for index, name in enumerate(names))
    plan = Plan(policy, Inventory(names, {}), read_hosts(names, variables.get, policy))
    results = [dict(item, outcome="succeeded", error=None, duration_seconds=1.0,
                    result=dict(reachable=item["name"] not in names[:5], resolved=item["name"] not in names[:5]))
               for item in plan.items]
    rows, violations = judge_plan(plan, results, VIOLATING)
    report = build_report(policy, plan.summary(), rows, violations, {}, VIOLATING, generated_at="2026-12-07T00:00:00Z")[0]
    assert [(cause["kind"], cause["subject"]) for cause in report["causes"]] == [("site", hostile)]
    html, junit = RENDERERS["html"][1](report), RENDERERS["junit"][1](report)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &#34;HQ&#34;" in html
    assert ElementTree.fromstring(junit).find("testsuite[@name='likely causes']/testcase").get("name") == hostile
