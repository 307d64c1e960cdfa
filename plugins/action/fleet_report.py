# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_report runs in the controller process, not as a module: the reports belong on the controller
whatever host the task is delegated to (an inventory host named localhost included), and a fleet's
results are not sent through a module's round trip. Options and return values are documented in
plugins/modules/fleet_report.py; the work is plugin_utils/_reports.py and plugin_utils/_verdicts.py."""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._reports import (
    REPORT_ARGUMENT_SPEC,
    build_report,
    check_history_options,
    compare_preset,
    record_preset,
    report_paths,
    summary_lines,
    write_reports,
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        params = self.validate_argument_spec(argument_spec=REPORT_ARGUMENT_SPEC)[1]
        check_mode = self._play_context.check_mode
        try:
            paths = report_paths(params["report_dir"], params["report_name"] or params["check"], params["formats"])
            report, summary_line = build_report(params)
            check_history_options(params)
        except (CentralError, ValueError) as error:
            return dict(result, failed=True, msg=str(error))
        failing, run, history_problem = [], None, None
        if not check_mode:  # in check mode nothing ran: nothing to compare or remember
            try:
                failing, run = compare_preset(report, params, task_vars or {})
            except CentralError as error:
                # The tests have run: their reports come out without drift, and the task fails below saying why.
                failing, history_problem = report["violations"], str(error)
        if not check_mode:
            try:
                write_reports(report, paths)
            except OSError as error:
                return dict(result, failed=True, msg="cannot write the reports to report_dir %s: %s"
                            % (params["report_dir"], error))
        result.update(changed=not check_mode, verdicts=report["verdicts"], counts=report["counts"],
                      violations=report["violations"], devices=report["devices"], summary_line=summary_line,
                      failing=failing, drift_counts=report.get("drift_counts"), resolved=report.get("resolved", []),
                      summary_lines=summary_lines(summary_line, report["violations"], paths), reports=paths)
        if run is not None:
            # Last: the reports and verdicts are out whatever happens to the history now.
            try:
                record_preset(report, params, run)
            except CentralError as error:
                history_problem = str(error)
        if history_problem:
            result.update(failed=True, msg=history_problem, incomplete=history_problem)
        return result
