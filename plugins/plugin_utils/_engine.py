# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""What every fleet check does once its rows are judged, in one place: the drift against the history, the one
report model, its reports, the metrics, the verdicts a task returns, and the run written to the history last.
fleet_compliance (a policy, a preset check's built-in policy included) and fleet_report (a preset check's results)
both end here, so that nothing is reported or remembered in two ways."""

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError, HistoryError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._drift import compare, failing, record
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._fleet import unreachable_message
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._metrics import publish
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import run_summary
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import violating_verdicts
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._reports import (
    build_report,
    summary_lines,
    write_reports,
)


def conclude(result, params, run, history, judged, report_of, paths, summary, nowhere=(), return_verdicts=False,
             carried=()):
    """Finish a run whose tests are judged (``judged``: rows worst first, violations): compare it with the history
    (an open one, or None), build its report with ``report_of(memory)``, then write the reports and metrics and
    fill ``result``; the run goes to the history last, so that the reports and verdicts are out whatever happens
    to it, with the ``carried`` rows of a recheck (the last run's, not tested again). A history that cannot be read
    or written fails the task with the reports kept."""
    rows, _violations = judged
    memory, history_problem = None, None
    if history is not None:
        try:
            memory = compare(history, run, rows, violating_verdicts(params["offline_is_violation"]))
        except HistoryError as error:
            # The tests ran: their reports come out without drift, and the run fails below saying why.
            history_problem = str(error)
    report, summary_line = report_of(memory)
    finish(result, params, report, summary_line, paths, summary, nowhere, return_verdicts)
    if history is not None and "reports" in result:
        try:
            if history_problem is None:
                record(history, run, list(rows) + list(carried), keep_runs=params["history_keep_runs"],
                       keep_days=params["history_keep_days"])
        except HistoryError as error:
            history_problem = str(error)
        if history_problem:
            fail_keeping_reports(result, history_problem)
    return result


def report_of_run(checks, planned, judged, summary, params, run, policy, preset=None, uplinks=None):
    """The report_of for conclude: the one report model for this run's policy (a preset's built-in one too);
    ``uplinks`` (device name -> (switch, port)) let the likely causes name a switch."""
    rows, violations = judged

    def report_of(memory):
        return build_report(checks, planned, rows, violations, summary,
                            violating_verdicts(params["offline_is_violation"]), title=params["title"],
                            policy_name=policy.get("name"), policy_digest=run["policy_digest"], preset=preset,
                            parameters=params["parameters"], run=run_summary(run), memory=memory,
                            uplinks=uplinks, cause_thresholds=params["cause_thresholds"])
    return report_of


def finish(result, params, report, summary_line, paths, summary, nowhere=(), return_verdicts=False):
    """Write the reports and metrics, and say which violations fail the run (fail_on); a run Central went away
    from, or with a check that ran nowhere unallowed, fails whatever the verdicts say. Every row goes back in
    ``verdicts`` only when asked (fleet_report's documented return): a fleet's rows are in the JSON report."""
    try:
        write_reports(report, paths)
    except OSError as error:
        result.update(failed=True, msg="cannot write the reports to report_dir %s: %s" % (params["report_dir"], error))
        return result
    result.update(summary=summary, summary_line=summary_line, counts=report["counts"],
                  severity_counts=report["severity_counts"], by_check=report["by_check"], by_site=report["by_site"],
                  devices=report["devices"], violations=report["violations"],
                  failing=failing(report["violations"], params["fail_on"]), drift_counts=report["drift_counts"],
                  resolved=report["resolved"], summary_lines=summary_lines(summary_line, report["violations"], paths, report["causes"]),
                  causes=report["causes"], reports=paths)
    if return_verdicts:
        result["verdicts"] = report["verdicts"]
    if summary.get("central_unreachable_since"):
        # The check could not be made: whatever the verdicts say, the task fails.
        fail_keeping_reports(result, unreachable_message(summary))
    elif nowhere:
        fail_keeping_reports(result, "; ".join(nowhere))
    if (summary.get("budget") or {}).get("not_checked"):
        # Rows the budget left out are errors in the reports, never passes; the run is not whole, and says why.
        fail_keeping_reports(result, "%d of %d tests not checked: Central's budget (%s requests left until %s) did "
                                     "not hold the run (budget: partial)" % (
                                         summary["budget"]["not_checked"], summary["budget"]["tests"],
                                         "{:,}".format(summary["budget"]["remaining"]), summary["budget"]["resets_at"]))
    try:
        publish(params, report)
    except (OSError, CentralError) as error:
        fail_keeping_reports(result, "the metrics were not published: %s" % (
            "metrics_file %s: %s" % (params["metrics_file"], error.strerror or error)
            if isinstance(error, OSError) else error))
    return result


def fail_keeping_reports(result, message):
    """Fail a task whose reports are written and verdicts returned, with ``message`` (after any message already
    said); ``incomplete`` tells the roles to set every host's facts before they fail."""
    message = "%s; %s" % (result["msg"], message) if result.get("failed") else message
    result.update(failed=True, msg=message, incomplete=message)
