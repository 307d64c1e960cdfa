# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_remediation runs in the controller process, like fleet_diagnostics: one client for
every device. Options and return values are documented in plugins/modules/fleet_remediation.py;
the work is plugin_utils/_fleet_actions.py."""

from __future__ import annotations


from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import build_client
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._fleet_actions import (
    REMEDIATION_ARGUMENT_SPEC,
    check_remediation_options,
    planned_actions,
    prepare_actions,
    run_actions,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._journal import Journal
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._central_action import CentralActionBase


class ActionModule(CentralActionBase):
    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        result["changed"] = False
        params = self.validated_params(REMEDIATION_ARGUMENT_SPEC)
        try:
            check_remediation_options(params)
            client = build_client(params, pool_size=params["max_concurrency"])
            prepared = prepare_actions(params["actions"], client.api_version)
        except CentralError as error:
            return self.failed(result, error)

        planned = planned_actions(prepared)
        if self._play_context.check_mode:
            result.update(changed=bool(planned), results=planned, summary=dict(total=len(planned), requests=0),
                          msg="check mode: %d actions validated, none sent" % len(planned))
            return result
        if not params["allow_changes"]:
            result.update(failed=True, results=planned, summary=dict(total=len(planned), requests=0),
                          msg="fleet_remediation would act on %d device(s) and changes them: set allow_changes: true "
                              "to carry it out (run with --check to see the plan); nothing was sent" % len(planned))
            return result
        try:
            journal = Journal(params["journal"]) if params["journal"] else None
        except CentralError as error:
            return self.failed(result, error)
        try:
            results, summary = run_actions(client, prepared, max_failures=params["max_failures"],
                                           max_concurrency=params["max_concurrency"],
                                           fail_on_partial=params["fail_on_partial"],
                                           wait_timeout=params["wait_timeout"], poll_interval=params["poll_interval"],
                                           journal=journal)
        finally:
            if journal is not None:
                journal.close()
        result.update(changed=summary["changed"] > 0, results=results, summary=summary)
        self.warn_from(client, result)
        failing_outcomes = ("error", "failed", "skipped") + (("partial",) if params["fail_on_partial"] else ())
        failing = [fields for fields in results if fields["outcome"] in failing_outcomes]
        if failing:
            reasons = ["actions[%d] %s on %s: %s" % (
                fields["index"], fields["action"], fields["serial_number"],
                (fields["error"] or {}).get("message") or fields["outcome"]) for fields in failing[:10]]
            result.update(failed=True, msg="%d of %d actions not carried out in full: %s"
                          % (len(failing), len(results), "; ".join(reasons)))
        return result
