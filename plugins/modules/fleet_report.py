#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fleet_report
short_description: Judge fleet diagnostic results against thresholds and write JSON, JUnit and HTML reports
version_added: 0.1.0
description:
  - Gives each result of M(arubacentral.troubleshooting.fleet_diagnostics) a verdict, V(pass), V(fail), V(error)
    or V(offline), with the reasons, and writes reports to O(report_dir) on the controller.
  - It is the compliance engine's - the check and its O(thresholds) make the preset's built-in policy (one check a
    test, named after the check, or C(service_check nslookup), C(service_check tcp), C(service_check http)), its
    checks judge the results, and the reports, history and metrics are those of
    M(arubacentral.troubleshooting.fleet_compliance) (the C(reachability), C(path_check), C(mtu_check) and
    C(service_check) roles run that module with the same policy).
  - The JSON report holds every normalized result, its verdict, the run's parameters and timing; the JUnit XML
    report has one test suite a check and one test case a device and destination, so AWX and CI systems show
    failures natively; the HTML page is self-contained (no external assets).
  - An empty O(results) fails the task - nothing was checked, and nothing passes unchecked.
  - Talks to no API, so it is not in the C(central) action group.
  - Runs in the controller process (an action plugin), wherever the task is delegated. No inventory host, not
    even one named C(localhost), can make it run elsewhere or receive the reports.
  - Every text from Central (device names, messages, raw output) is written fit for its format. Escape sequences
    and what XML 1.0 cannot hold are removed or replaced, and HTML is escaped.
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.reporting
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
    support: full
    details: In check mode no report is written and the history is not read; the verdicts are still returned.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
    support: none
options:
  check:
    description:
      - What the results are judged for. V(reachability) reads ping results, V(path_check) traceroute results,
        V(mtu_check) ping sweep results and V(service_check) nslookup, tcp, http and https results.
    type: str
    required: true
    choices: [reachability, path_check, mtu_check, service_check]
  results:
    description: The RV(arubacentral.troubleshooting.fleet_diagnostics#module:results) of a fleet run.
    type: list
    elements: dict
    required: true
  summary:
    description: The RV(arubacentral.troubleshooting.fleet_diagnostics#module:summary) of the run, for the reports.
    type: dict
    default: {}
  thresholds:
    description: Limits a completed test must keep to pass. Unset limits are not checked.
    type: dict
    default: {}
    suboptions:
      max_packet_loss_percent:
        description: V(reachability), the most packet loss in percent that passes.
        type: float
      max_rtt_avg_ms:
        description: V(reachability), the highest average round trip in milliseconds that passes.
        type: float
      max_hops:
        description: V(path_check), the most hops in which the destination must be reached.
        type: int
      expected_hop:
        description: V(path_check), an address that must answer on the path.
        type: str
      min_path_mtu_bytes:
        description:
          - V(mtu_check), the smallest "largest size without loss" that passes, in the packet size the gateway's
            ping sweep uses.
        type: int
      require_resolution:
        description: V(service_check), whether a name that does not resolve fails. Unset, it does.
        type: bool
        version_added: 1.0.0
      max_connect_time_ms:
        description: V(service_check), the longest TCP connect time in milliseconds that passes.
        type: float
        version_added: 1.0.0
      http_status_classes:
        description:
          - V(service_check), the status classes an HTTP(S) answer must be in, for example V([2xx, 3xx]), where the
            device reports status codes (gateways).
        type: list
        elements: str
        version_added: 1.0.0
      min_download_kbps:
        description: V(service_check), the lowest HTTP(S) download rate in kilobits per second that passes.
        type: float
        version_added: 1.0.0
  report_name:
    description:
      - File name of the reports without extension; O(check) when not set.
      - A plain file name (letters, digits, C(.), C(_), C(-)); a path is refused, so reports stay in O(report_dir).
    type: str
seealso:
  - module: arubacentral.troubleshooting.fleet_diagnostics
  - module: arubacentral.troubleshooting.fleet_compliance
"""

EXAMPLES = r"""
- name: Ping from the fleet
  arubacentral.troubleshooting.fleet_diagnostics:
    tests: "{{ my_tests }}"
    fail_on: never
  register: fleet

- name: Judge and report
  arubacentral.troubleshooting.fleet_report:
    check: reachability
    results: "{{ fleet.results }}"
    summary: "{{ fleet.summary }}"
    thresholds:
      max_packet_loss_percent: 5
      max_rtt_avg_ms: 50
    report_dir: "{{ playbook_dir }}/reports"
  register: report

- name: Show where the reports are
  ansible.builtin.debug:
    msg: "{{ report.summary_line }} -> {{ report.reports.html }}"
"""

RETURN = r"""
incomplete:
  description:
    - Set (to the same text as C(msg)) when the task failed because the O(history) could not be read or written
      although the reports are written and the verdicts returned. The fleet check roles set every host's facts before
      they fail (with C(failed_when)).
  returned: when the history could not be read or written
  type: str
  version_added: 2.0.0
verdicts:
  description:
    - One entry a result, worst first, each with C(name), C(serial_number), C(device_type), C(test),
      C(destination), C(verdict), C(reasons) (list of str), C(task_id), C(duration_seconds) and C(metrics), and, as
      every report row of the compliance engine, C(check), C(severity), C(site), C(failed) (C(field), C(wanted),
      C(found)) and C(events).
  returned: always
  type: list
  elements: dict
counts:
  description: Number of results per verdict (C(pass), C(fail), C(error), C(offline)).
  returned: always
  type: dict
  sample: {"pass": 47, "fail": 3, "error": 0, "offline": 2}
violations:
  description: The entries of RV(verdicts) that violate (V(fail), V(error), and V(offline) with O(offline_is_violation)).
  returned: always
  type: list
  elements: dict
devices:
  description:
    - Per device name, its worst C(verdict), C(serial_number), C(destinations) (verdict, reasons and test each), and
      C(answered) (reachability; true when a ping got a reply, false when none did because the device is offline or
      lost every packet, null when a test could not run), and, as in
      M(arubacentral.troubleshooting.fleet_compliance), C(device_type), C(site), C(severity), C(compliant) and
      C(checks).
  returned: always
  type: dict
severity_counts:
  description: Violations by severity (C(critical), C(warning), C(info)); a preset check's are C(critical).
  returned: always
  type: dict
  version_added: 2.0.0
by_check:
  description:
    - Per check of the preset's built-in policy (the check's name, or C(service_check nslookup), C(service_check tcp),
      C(service_check http)), C(test), C(severity), tests by verdict, C(devices) and C(compliant) devices.
  returned: always
  type: dict
  version_added: 2.0.0
by_site:
  description: Per site (a result's C(site_id), else C((no site))), C(devices) and C(compliant) devices.
  returned: when not in check mode
  type: dict
  version_added: 2.0.0
summary:
  description: The O(summary) given, as the reports hold it.
  returned: when not in check mode
  type: dict
  version_added: 2.0.0
summary_lines:
  description:
    - The summary line, a line a likely cause, up to 20 violations (device, destination, verdict, reasons) and
      the report paths.
  returned: always
  type: list
  elements: str
summary_line:
  description: One line for people.
  returned: always
  type: str
  sample: "reachability: 52 tests on 50 devices: 47 pass, 3 fail, 0 error, 2 offline"
failing:
  description: The violations that fail the run under O(fail_on) (all of them with V(any)); none in check mode.
  returned: always
  type: list
  elements: dict
  version_added: 2.0.0
drift_counts:
  description: With O(history), violations C(new) and C(persisting), rows C(flapping) and C(resolved); else null.
  returned: always
  type: dict
  version_added: 2.0.0
resolved:
  description: With O(history), the verdicts that failed in the last run and pass now.
  returned: always
  type: list
  elements: dict
  version_added: 2.0.0
reports:
  description: Path of each report written, by format; in check mode the paths that would be written.
  returned: always
  type: dict
  sample: {"json": "/srv/reports/reachability.json", "junit": "/srv/reports/reachability.junit.xml"}
causes:
  description:
    - Likely causes of the violations, largest first (new before persisting at the same size), each with the
      violations it explains; a violation is under one cause at most, and the reports list every one of them.
    - C(kind) is V(switch) (devices behind one switch or port), V(hop) (failing paths from several sites stopping
      at one hop), V(site) (most devices of one site failing checks that pass elsewhere), V(target) (one target
      failing from many sites) or V(device) (one device failing every check it ran).
  returned: when the tests ran
  type: list
  elements: dict
  version_added: 2.0.0
  contains:
    kind:
      description: What the cause is about.
      type: str
      sample: target
    subject:
      description: The switch, hop address, site, target or device it names.
      type: str
      sample: 192.0.2.7
    evidence:
      description: Why, in one sentence.
      type: str
      sample: 192.0.2.7 fails site gateway from 12 of 14 sites
    devices:
      description: Devices among its violations.
      type: int
    sites:
      description: Sites among its violations.
      type: int
    new:
      description: Its violations that are new since the last run (0 without a history).
      type: int
    rows:
      description: Its violations (C(check), C(name), C(site), C(destination), C(verdict)).
      type: list
      elements: dict
"""
