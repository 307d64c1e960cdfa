# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_diagnostics runs in the controller process, not as a module: a module cannot
print while it runs, and a fleet run takes minutes. Its options and return values are
documented in plugins/modules/fleet_diagnostics.py; the work is plugin_utils/_fleet.py."""

from __future__ import annotations

from ansible.utils.display import Display

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import build_client
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._fleet import (
    FLEET_ARGUMENT_SPEC,
    budget_plan,
    check_fleet_options,
    failure_message,
    fleet_failures,
    planned_starts,
    prepare_items,
    request_workers,
    run_with_options,
    secrets_of,
    unreachable_message,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._central_action import CentralActionBase

display = Display()


class ActionModule(CentralActionBase):
    def run(self, tmp=None, task_vars=None):
        # A RADIUS password in an item is no_log like the aaa_test module's: never in what is shown or registered.
        return self.run_masking_secrets(tmp, task_vars, self._run)

    def _run(self, result, _task_vars, secrets):
        result["changed"] = False
        params = self.validated_params(FLEET_ARGUMENT_SPEC)
        try:
            check_fleet_options(params)
            client = build_client(params, pool_size=request_workers(params))
            items = prepare_items(params["tests"], params["include_raw_output"], client.api_version)
            secrets.update(secrets_of(items))
        except CentralError as error:
            return self.failed(result, error)

        if self._play_context.check_mode:
            planned = planned_starts(client, items)
            # What the run would need, against the budget Central states: one cheap read, nothing started.
            plan = budget_plan(client, items, params)
            result.update(results=planned, summary=dict(total=len(planned), requests=client.stats.requests, budget=plan),
                          msg="check mode: %d tests validated, none started; %s" % (len(planned), plan["message"]))
            return result

        try:
            results, summary = run_with_options(client, items, params, emit_progress=display.display)
        except CentralError as error:
            return self.failed(result, error)
        result.update(results=results, summary=summary)
        self.warn_from(client, result)
        failing = fleet_failures(results, params["fail_on"])
        if summary["central_unreachable_since"]:
            # Whatever fail_on says: the check could not be made. ``incomplete`` tells a role that its results are
            # still there to judge and report before it fails.
            result.update(failed=True, msg=unreachable_message(summary), incomplete=unreachable_message(summary))
        elif failing:
            result.update(failed=True, msg=failure_message(failing, len(results), params["fail_on"]))
        return result
