# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""What the collection's action plugins (fleet_diagnostics, fleet_remediation) share: they run in the
controller process, take the connection options and fail with the mapped error, never a traceback."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.parameters import remove_values
from ansible.plugins.action import ActionBase

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import CONNECTION_ARGUMENT_SPEC
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._transport import REQUESTS_IMPORT_ERROR


class CentralActionBase(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def validated_params(self, argument_spec):
        """The task's arguments checked against the connection options plus ``argument_spec``."""
        params = self.validate_argument_spec(argument_spec=dict(CONNECTION_ARGUMENT_SPEC, **argument_spec))[1]
        if REQUESTS_IMPORT_ERROR:
            raise AnsibleActionFail(missing_required_lib("requests") + " (on the controller: this runs there)")
        return params

    def run_masking_secrets(self, tmp, task_vars, run):
        """``run(result, task_vars, secrets)`` with the base result; whatever ``secrets`` (a set) holds when it
        returns (a RADIUS password of a test) is masked in the result as the aaa_test module's no_log masks it."""
        result = super().run(tmp, task_vars)
        secrets = set()
        try:
            return run(result, task_vars or {}, secrets)
        finally:
            if secrets:
                result.update(remove_values(result, secrets))

    @staticmethod
    def warn_from(client, result):
        """The client's warnings (a token cache that was not used) into the task's result."""
        if client.warnings:
            result.setdefault("warnings", []).extend(client.warnings)

    @staticmethod
    def failed(result, error):
        """Fail the task with a CentralError's message and fields."""
        fields = error.to_dict()
        fields.pop("message")
        result.update(fields, failed=True, msg=str(error))
        return result
