# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_report runs in the controller process, not as a module: the reports belong on the controller
whatever host the task is delegated to (an inventory host named localhost included), and a fleet's
results are not sent through a module's round trip. Options and return values are documented in
plugins/modules/fleet_report.py. It is the compliance engine's: the check's thresholds make the preset's
built-in policy (plugin_utils/_policy.py preset_policy), whose checks judge the results, and the run ends as every
run does (plugin_utils/_engine.py)."""

from __future__ import annotations


from ansible.plugins.action import ActionBase

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import violating_verdicts
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._engine import (
    conclude,
    fail_keeping_reports,
    report_of_run,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._history import open_history
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import (
    judge_results,
    preset_policy,
    run_identity,
    validate_policy,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._reports import (
    REPORT_ARGUMENT_SPEC,
    check_memory_options,
    report_paths,
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=REPORT_ARGUMENT_SPEC)[1]
        check_mode = self._play_context.check_mode
        history = None
        try:
            check_memory_options(params)
            paths = report_paths(params["report_dir"], params["report_name"] or params["check"], params["formats"])
            if not params["results"]:
                return dict(result, failed=True, msg="results is empty: %s has nothing to judge, and nothing passes "
                                                     "unchecked" % params["check"])
            policy = preset_policy(params["check"], params["thresholds"], params["results"])
            checks = validate_policy(policy)
            judged = judge_results(checks, params["results"], violating_verdicts(params["offline_is_violation"]))
            run = run_identity(params, task_vars or {}, policy)
            wall = params["summary"].get("wall_seconds")
            run["ended_at"] = _clock.wall()
            run["started_at"] = run["ended_at"] - (wall if isinstance(wall, (int, float)) else 0)
            planned = [dict(check=check.name, test=check.test, severity=check.severity, ran_nowhere=None,
                            may_run_nowhere=False, skipped=[], hosts_matched=None,
                            tests=sum(1 for row in judged[0] if row["check"] == check.name)) for check in checks]
            report_of = report_of_run(checks, planned, judged, params["summary"], params, run, policy,
                                      preset=params["check"])
            if check_mode:
                # Nothing ran: nothing to compare, remember or write; the verdicts are returned all the same.
                report, summary_line = report_of(None)
                result.update(changed=False, verdicts=report["verdicts"], counts=report["counts"],
                              severity_counts=report["severity_counts"], by_check=report["by_check"],
                              violations=report["violations"], devices=report["devices"], failing=[],
                              summary_line=summary_line, drift_counts=None, resolved=[], reports=paths,
                              summary_lines=[summary_line])
                return result
            result["changed"] = True
            try:
                history = open_history(params["history"]) if params["history"] else None
            except CentralError as error:
                # The tests ran before fleet_report: their reports come out (without drift), and the task fails.
                conclude(result, params, run, None, judged, report_of, paths, params["summary"], return_verdicts=True)
                fail_keeping_reports(result, str(error))
                return result
            return conclude(result, params, run, history, judged, report_of, paths, params["summary"],
                            return_verdicts=True)
        except (CentralError, ValueError) as error:
            return dict(result, failed=True, msg=str(error))
        finally:
            if history is not None:
                history.close()
