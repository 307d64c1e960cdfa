# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # What the reports of a run are, what it remembers and where its metrics go: fleet_compliance and fleet_report
    # take these (plugin_utils/_reports.py's REPORTING_ARGUMENT_SPEC).
    DOCUMENTATION = r"""
options:
  report_dir:
    description: Directory of the reports (created when missing), on the controller.
    type: path
    required: true
  report_name:
    description:
      - Name of the report files without extension.
      - A plain file name (letters, digits, C(.), C(_), C(-)); a path is refused, so reports stay in O(report_dir).
    type: str
  formats:
    description: Reports to write.
    type: list
    elements: str
    choices: [json, junit, html]
    default: [json, junit, html]
  title:
    description: Title of the HTML report; the check's (C(Reachability report)) or C(Compliance report) when not set.
    type: str
  parameters:
    description: The run's parameters (destinations, thresholds, ...), recorded as they are in the reports.
    type: dict
    default: {}
  offline_is_violation:
    description: Whether an offline device is a violation (it is never compliant; with V(false) it is not counted).
    type: bool
    default: true
  cause_thresholds:
    description:
      - When violations make a likely cause (the reports lead with causes; see the compliance guide). Keys, all
        optional, with their defaults - C(min_sites) (3) and C(target_share) (0.5), a target failing from at least
        that many sites and that share of the sites that tested it; C(min_site_devices) (3), C(site_share) (0.6)
        and C(elsewhere_pass_share) (0.8), a site's failing devices and how often the same checks pass elsewhere;
        C(min_switch_devices) (2) and C(switch_share) (0.75), devices failing behind one switch; C(min_hop_paths)
        (3) and C(min_hop_sites) (2), failing paths stopping at one hop.
      - Counts are whole numbers of 1 or more, shares above 0 and at most 1; any other key is refused.
    type: dict
    default: {}
    version_added: 2.0.0
  history:
    description:
      - Remember the run - the path of an SQLite file (created, readable by the user only; WAL, so two runs may write
        at once) or a C(postgresql://) URL (the C(psycopg) driver is needed on the controller, an optional
        dependency). The run (id, times, policy digest, who ran it, counts) and every device x check x target row
        (verdict, severity, failed conditions, key figure) are written. Not in check mode.
      - With a history each row has a C(drift) (V(new), V(persisting) since when and for how many runs, V(resolved),
        V(flapping)) and a C(trend) (its key figure over the last 30 runs), the report lists the resolved rows and
        each site's share of compliant devices over time. Runs are compared with the runs of the same policy (a
        preset check's is C(preset <check>)).
    type: str
  history_keep_runs:
    description: After writing, keep only the last N runs of the policy (all when not set).
    type: int
  history_keep_days:
    description: After writing, keep only the runs of the last D days (all when not set).
    type: float
  run_id:
    description:
      - The run to write into. Not set, it is the AWX workflow's (C(awx-workflow-ID), so that the slices of a sliced
        job are one run), else the AWX job's, else a new one. When the run is shared (set, or a workflow's), each
        slice's report files get a name of their own (C(REPORT_NAME-job-ID)).
    type: str
  fail_on:
    description:
      - Which violations RV(failing) lists (the roles fail the play on them) - V(any), V(new) (first failing in
        this run, or flapping), V(new_or_worse) (new, or of a higher severity than in the last run). Other than
        V(any) needs O(history).
    type: str
    choices: [any, new, new_or_worse]
    default: any
  metrics_file:
    description:
      - Write the run's metrics in Prometheus' text format here, atomically (node_exporter's textfile collector).
      - Per device x check x target C(arubacentral_compliance_passing) (labels policy, check, site, device_type,
        serial, device, target, verdict, severity) and C(arubacentral_compliance_figure) (the key figure; label
        figure); per run C(_tests), C(_violations), C(_devices), C(_run_duration_seconds), C(_run_timestamp_seconds).
    type: path
  pushgateway_url:
    description:
      - Push the same metrics to this Prometheus Pushgateway, under job C(arubacentral_compliance) and the grouping
        label C(policy) (each push replaces the policy's previous one), with C(validate_certs) and C(ca_path) where
        the module has them.
    type: str
  pushgateway_username:
    description: User of the Pushgateway's basic authentication (with O(pushgateway_password)).
    type: str
  pushgateway_password:
    description: Password of the Pushgateway's basic authentication.
    type: str
"""
