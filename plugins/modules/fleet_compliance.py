#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fleet_compliance
short_description: Check a whole fleet against a compliance policy in one run and write one report
version_added: 2.0.0
description:
  - Reads a compliance policy (checks of which diagnostic runs on which inventory hosts, aimed at what, expecting
    what of its typed result), validates all of it before anything is sent, runs every check's tests on every
    matched host in one fleet run (one token, one connection pool, one rate limiter, one progress display), judges
    each result, and writes one report in JSON, JUnit XML and HTML.
  - Each host's variables are read once (C(central_serial_number), C(central_device_type), C(central_site_id),
    C(central_site), the variables the policy's C(targets_from) name, and C(compliance_overrides)); host patterns
    are resolved against the inventory's groups. A device that two checks ask for the same test runs it once.
  - A verdict per device, check and target is V(pass), V(fail) (with each failed condition as C(field),
    C(wanted), C(found)), V(error) (the test could not run or its result cannot be judged) or V(offline). A test
    that errored or whose device is offline is never compliant.
  - The policy reference (check keys, result fields of each test, operators) is in the collection's guide
    "Compliance as code"; the ready playbook C(arubacentral.troubleshooting.fleet_compliance) runs this module
    and sets each host's C(central_verdicts).
  - Runs once for the whole play (C(run_once)); in check mode it prints the plan (tests per check, hosts matched,
    hosts skipped and why) and sends nothing.
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.fleet_run
  - arubacentral.troubleshooting.reporting
  - arubacentral.troubleshooting.attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  check_mode:
    support: full
    details: Validates the policy, prints the plan and starts nothing; no report is written.
  diff_mode:
    support: none
  action:
    support: full
    details: Runs in the controller process (needs C(requests) there), reading the inventory of the play.
  async:
    support: none
    details: The run prints its own progress lines; run it in the foreground.
  bypass_host_loop:
    support: none
options:
  policy:
    description:
      - The path of a YAML policy file (relative paths from the current directory), or the policy itself as a
        mapping. A file that does not exist is an error, never an empty policy.
      - A policy is a mapping with C(checks) (a list) and optionally C(name), C(description), C(overrides_variable)
        and C(preset). Each check has C(name), C(test), C(hosts) (an inventory pattern), C(targets) and/or
        C(targets_from), C(options), C(expect) or C(thresholds), C(severity) (V(critical), V(warning), V(info)),
        C(may_run_nowhere) and C(description).
      - The preset roles (C(reachability), C(path_check), C(mtu_check), C(service_check)) run their built-in policy
        here - C(preset) names the check, whose name the reports and C(check) carry, and each check's
        C(thresholds) are the role's limits, judged with the role's reasons.
      - Required, unless O(render_run) renders a stored run.
    type: raw
  recheck:
    description:
      - V(violations) runs again only what violated in the last run of this policy in O(history) (after a fix, say),
        and records the result as a run of its own in which a mended row is resolved and the rest still violate;
        the last run's other rows are recorded with it unchanged, so that the next full run compares with a whole
        run. A 5000-device run of 30,000 requests rechecks 40 violations in about 80.
      - Needs O(history). With nothing that violated, nothing is sent and the task says so.
    type: str
    choices: [violations]
    version_added: 2.0.0
  hosts:
    description: The hosts the policy's patterns choose from; the play's hosts (C(ansible_play_hosts_all)) when not set.
    type: list
    elements: str
  devices:
    description:
      - Instead of inventory hosts, a plain list of devices the policy chooses from (its patterns see one group,
        C(all)), each C(serial_number), C(device_type) and optionally C(name) (the serial number when not set),
        C(site_id) and C(site); the inventory plugin's C(central_) names are taken too.
      - Mutually exclusive with O(hosts).
    type: list
    elements: raw
    version_added: 2.0.0
  report_name:
    description:
      - Name of the report files without extension.
      - A plain file name (letters, digits, C(.), C(_), C(-)); a path is refused, so reports stay in O(report_dir).
    type: str
    default: compliance
  render_run:
    description:
      - Run no test - render the report of this run of O(history) (every slice of it merged) with its drift against
        the runs before it. O(policy) is not needed; the run's own is used.
    type: str
notes:
  - Per-host overrides come from the host variable C(compliance_overrides) (or the policy's C(overrides_variable)),
    a mapping of check name to C(expect), C(thresholds) and/or C(options); an override's C(expect) fields and
    C(thresholds) replace the check's own (set it in a branch group's group_vars to loosen one limit of one check
    there).
seealso:
  - module: arubacentral.troubleshooting.fleet_diagnostics
  - module: arubacentral.troubleshooting.fleet_report
"""

EXAMPLES = r"""
- name: Check the fleet against the policy
  arubacentral.troubleshooting.fleet_compliance:
    policy: policies/campus.yml
    report_dir: /srv/central-reports
  run_once: true
  register: compliance

- name: The same policy inline
  arubacentral.troubleshooting.fleet_compliance:
    policy:
      name: campus
      checks:
        - name: gateway reachable
          test: ping
          hosts: aps
          targets_from: site_gateway
          expect:
            reachable: true
            packet_loss_percent: "<= 5"
            rtt_avg_ms: "< 50"
        - name: portal
          test: http
          hosts: "aps:&hq"
          targets: [https://portal.example.com/]
          expect:
            status_codes:
              regex: "^2"
          severity: warning
    report_dir: /srv/central-reports
  run_once: true
"""

RETURN = r"""
incomplete:
  description:
    - Set (to the same text as C(msg)) when the task failed because the policy could not be checked in full
      (Central stopped answering, or a check ran nowhere) although the reports were written and RV(devices) and
      RV(violations) are returned. The compliance role sets every host's facts before it fails (with C(failed_when)).
  returned: when the policy could not be checked in full
  type: str
  version_added: 2.0.0
status_code:
  description: HTTP status of the answer that failed the task; null when nothing was sent or no answer came.
  returned: failure
  type: int
  sample: 409
error_code:
  description: Central's error code (C(HPE_GL_ERROR_*) or C(HPE_GRAVITY_*)), when it gave one.
  returned: failure
  type: str
  sample: HPE_GL_ERROR_DEVICE_OFFLINE
hint:
  description: What to do about the failure.
  returned: failure
  type: str
  sample: The device is not connected to Central; bring it online and run the test again.
plan:
  description: Per check, C(check), C(test), C(severity), C(hosts_matched), C(tests) and C(skipped) (each a C(reason),
    C(count) and up to ten C(hosts)).
  returned: always
  type: list
  elements: dict
policy_path:
  description: The policy file read; null for a policy given as a mapping.
  returned: always
  type: str
policy_digest:
  description: A digest of the policy as given (the report names it, to tell runs of different policies apart).
  returned: always
  type: str
summary_line:
  description: One line for people.
  returned: when the tests ran
  type: str
  sample: "compliance: 3 checks, 14950 tests on 5000 devices: 14800 pass, 120 fail, 0 error, 30 offline (140 critical, 10 warning)"
summary_lines:
  description:
    - The summary line, a line a likely cause, up to 20 violations and the report paths; in check mode, the plan.
  returned: always
  type: list
  elements: str
counts:
  description: Tests by verdict (C(pass), C(fail), C(error), C(offline)).
  returned: when the tests ran
  type: dict
severity_counts:
  description: Violations by severity (C(critical), C(warning), C(info)).
  returned: when the tests ran
  type: dict
by_check:
  description: Per check, C(test), C(severity), tests by verdict, C(devices) and C(compliant) devices.
  returned: when the tests ran
  type: dict
by_site:
  description: Per site (C(central_site), else C(central_site_id)), C(devices) and C(compliant) devices.
  returned: when the tests ran
  type: dict
devices:
  description:
    - Per host, C(serial_number), C(device_type), C(site), C(verdict) (the worst of its checks), C(severity) (the
      worst of its violations; null when none), C(compliant), C(checks) (per check, C(verdict), C(severity) and
      C(targets), per target C(verdict), C(failed) and C(reasons)), C(destinations) (every check's targets in one
      mapping, each with its C(test) and C(check) too) and C(answered) (true when one of its pings got a reply,
      false when none did, null when no ping ran or one could not run).
  returned: when the tests ran
  type: dict
violations:
  description:
    - The rows that are violations, worst first, each with C(check), C(severity), C(name), C(serial_number),
      C(device_type), C(site), C(test), C(destination), C(verdict), C(reasons), C(failed) (C(field), C(wanted),
      C(found)), C(metrics) and C(events).
  returned: when the tests ran
  type: list
  elements: dict
summary:
  description: The fleet run's totals, as M(arubacentral.troubleshooting.fleet_diagnostics) returns them.
  returned: when the tests ran
  type: dict
failing:
  description: The violations that fail the run under O(fail_on) (all of them with V(any)).
  returned: when the tests ran
  type: list
  elements: dict
drift_counts:
  description: With O(history), violations C(new) and C(persisting), rows C(flapping), and rows C(resolved); else null.
  returned: when the tests ran
  type: dict
resolved:
  description: With O(history), the rows that failed in the last run and pass now.
  returned: when the tests ran
  type: list
  elements: dict
recheck:
  description:
    - With O(recheck), what was rechecked - C(of) (the run), C(violations) (its violations), C(rechecked) (those the
      policy still plans on these hosts), C(not_planned), and once run C(resolved) and C(still_violating).
  returned: with O(recheck)
  type: dict
  version_added: 2.0.0
  sample: {"of": "nightly-2026-12-06", "violations": 40, "rechecked": 40, "not_planned": 0, "resolved": 35,
           "still_violating": 5}
budget:
  description:
    - In check mode, what the run would need against the budget Central states (O(budget)); a run returns its plan
      in RV(summary) (C(budget)), as M(arubacentral.troubleshooting.fleet_diagnostics) does.
  returned: in check mode, when tests are planned
  type: dict
  version_added: 2.0.0
  sample: {"needs": 11001, "tests": 5000, "remaining": 3000, "resets_at": "2026-12-07T14:00:00Z", "fits": false,
           "fitting": 1227, "budget": "partial", "seconds": 116.0, "reset_in_seconds": 3400.0,
           "message": "budget: 5000 tests need about 11,001 requests; ..."}
run_id:
  description: The run written (or rendered).
  returned: always
  type: str
reports:
  description: Path of each report written, by format; in check mode the paths that would be written.
  returned: when the tests ran
  type: dict
  sample: {"json": "/srv/central-reports/compliance.json", "html": "/srv/central-reports/compliance.html"}
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
