# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""fleet_compliance runs in the controller process: it reads the inventory's groups and each host's variables
once, runs every check of a policy in one fleet run, and writes one report. Options and return values are
documented in plugins/modules/fleet_compliance.py; the work is plugin_utils/_policy.py, _fleet.py and _reports.py."""

from __future__ import annotations

import os

import yaml

from ansible.errors import AnsibleError
from ansible.utils.display import Display

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import build_client
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._drift import compare, last_run_to_recheck
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._engine import conclude, finish, report_of_run
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    CentralError,
    PolicyError,
    ValidationError,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._fleet import (
    budget_plan,
    check_fleet_options,
    prepare_items,
    request_workers,
    run_with_options,
    secrets_of,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._history import history_name, open_history
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._policy import (
    Inventory,
    Plan,
    devices_as_hosts,
    digest,
    judge_plan,
    nowhere_problems,
    overrides_variable,
    plan_lines,
    read_hosts,
    run_identity,
    run_summary,
    stored_rows,
    validate_policy,
)
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._reports import (
    COMPLIANCE_ARGUMENT_SPEC,
    build_report,
    check_memory_options,
    report_name,
    report_paths,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import violating_verdicts
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._central_action import CentralActionBase

display = Display()
# A policy is a page of checks; a file far larger is a mistake (or an attack), refused before it is parsed.
MAX_POLICY_BYTES = 4 * 1048576


def restrict_to_last_violations(plan, history, run, params):
    """A recheck: narrow ``plan`` to what violated in the last run of this policy (its scope) in the history.
    Returns what the result says of it and ``carried``: the last run's other rows, recorded again with the
    rechecked ones so that the history keeps a whole run (the next full run's drift compares with all of it)."""
    if history is None:
        raise ValidationError("recheck needs history: the violations of the last run are read from it")
    last, rows = last_run_to_recheck(history, run["scope"])
    violating = violating_verdicts(params["offline_is_violation"])
    wanted = set(key for key, row in rows.items() if row["verdict"] in violating)
    kept = plan.restrict(wanted)
    return dict(of=last["run_id"], violations=len(wanted), rechecked=len(kept), not_planned=len(wanted - kept),
                carried=[row for key, row in rows.items() if key not in kept])


def recheck_line(recheck):
    """What the console says of a recheck: "recheck of run R: 40 violation(s), 40 rechecked: 35 resolved, 5 still
    violate"."""
    line = "recheck of run %s: %d violation(s), %d rechecked" % (
        recheck["of"], recheck["violations"], recheck["rechecked"])
    if "resolved" in recheck:
        line += ": %d resolved, %d still violate" % (recheck["resolved"], recheck["still_violating"])
    if recheck["not_planned"]:
        line += "; %d no longer planned by the policy on these hosts" % recheck["not_planned"]
    return line


def check_policy_text(path):
    """Refuse a policy file whose YAML is broken, naming the line and column, or that uses aliases: a few hundred
    bytes of nested aliases expand to gigabytes, and a policy has no need of them. A vault-encrypted file is
    checked by Ansible's loader once decrypted."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_POLICY_BYTES + 1)
    except OSError as error:
        raise PolicyError(["policy file %s cannot be read: %s" % (path, error.strerror or error)])
    if len(text) > MAX_POLICY_BYTES:
        raise PolicyError(["policy file %s is larger than %d MiB" % (path, MAX_POLICY_BYTES // 1048576)])
    if text.startswith(b"$ANSIBLE_VAULT"):
        return
    try:
        for event in yaml.parse(text.decode("utf-8", "replace"), Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise PolicyError(["policy file %s, line %d, column %d: YAML aliases (*%s) are not taken in a policy; "
                                   "write the value out" % (path, event.start_mark.line + 1,
                                                            event.start_mark.column + 1, event.anchor)])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = ", line %d, column %d" % (mark.line + 1, mark.column + 1) if mark is not None else ""
        raise PolicyError(["policy file %s%s is not valid YAML: %s" % (
            path, where, getattr(error, "problem", None) or error)])


class ActionModule(CentralActionBase):
    def run(self, tmp=None, task_vars=None):
        # A RADIUS password in a check's options is no_log like the aaa_test module's.
        return self.run_masking_secrets(tmp, task_vars, self._run)

    def _load_policy(self, policy):
        """The policy mapping: given as one, or read from a YAML file (relative to the current directory)."""
        if isinstance(policy, dict):
            return policy, None
        if not isinstance(policy, str) or not policy.strip():
            raise PolicyError(["policy must be the path of a YAML policy file or the policy itself (a mapping)"])
        path = os.path.abspath(os.path.expanduser(policy))
        if not os.path.isfile(path):
            # A policy that cannot be read is an error, never an empty (and so compliant) policy.
            raise PolicyError(["policy file %s does not exist (or is not a file)" % path])
        check_policy_text(path)
        try:
            # Ansible's loader: a policy encrypted with ansible-vault (whole, or a !vault value) is read with the
            # play's vault secrets.
            data = self._loader.load_from_file(path)
        except AnsibleError as error:
            raise PolicyError(["policy file %s is not valid YAML: %s" % (path, error.message)])
        return data, path

    def _run(self, result, task_vars, secrets):
        result["changed"] = False
        params = self.validated_params(COMPLIANCE_ARGUMENT_SPEC)
        check_mode = self._play_context.check_mode
        history = None
        try:
            check_fleet_options(params)
            check_memory_options(params)
            if params["render_run"]:
                return self._render_from_history(result, params, check_mode)
            policy, path = self._load_policy(params["policy"])
            checks = validate_policy(policy)
            if params["devices"] is not None:
                # A fleet given as a list: an inventory of its own, whose one group is all.
                hostvars = devices_as_hosts(params["devices"])
                inventory = Inventory(list(hostvars), {})
            else:
                names = params["hosts"] if params["hosts"] is not None else task_vars.get("ansible_play_hosts_all", [])
                inventory = Inventory(names, task_vars.get("groups"))
                hostvars = task_vars.get("hostvars", {})
            hosts = read_hosts(inventory.hosts, lambda name: hostvars[name] if name in hostvars else {}, checks,
                               overrides_variable(policy))
            plan = Plan(checks, inventory, hosts)
            client = build_client(params, pool_size=request_workers(params))
            run = run_identity(params, task_vars, policy)
            paths = report_paths(params["report_dir"], report_name(params, run), params["formats"])
            # Opened before any test: a history that cannot be written fails the run before it costs anything. A
            # recheck reads it in check mode too, to plan.
            history = open_history(params["history"], create=not check_mode) if params["history"] and (
                not check_mode or params["recheck"]) else None
            recheck = restrict_to_last_violations(plan, history, run, params) if params["recheck"] else None
            # A policy whose every check ran nowhere plans no test: it is still reported, and fails (nowhere_problems).
            items = prepare_items(plan.items, params["include_raw_output"], client.api_version, plan.labels) \
                if plan.items else []
            secrets.update(secrets_of(items))
        except CentralError as error:
            if history is not None:
                history.close()
            return self.failed(result, error)
        planned = plan.summary()
        # A recheck plans only what violated: a check with nothing to recheck did not run nowhere.
        nowhere = nowhere_problems(planned) if recheck is None else []
        result.update(plan=planned, policy_path=path, policy_digest=digest(policy), run_id=run["run_id"])
        if recheck is not None:
            result["recheck"] = dict((key, value) for key, value in recheck.items() if key != "carried")
        if check_mode or (recheck is not None and not items):
            if history is not None:
                history.close()
            lines = plan_lines(planned, items)
            if items:
                # What the run would need, against the budget Central states (one cheap read; nothing started).
                result["budget"] = budget_plan(client, items, params)
                lines.insert(1, result["budget"]["message"])
            if recheck is not None:
                lines.insert(0, recheck_line(recheck))
            result.update(msg=lines[0], summary_lines=lines)
            if nowhere:
                result.update(failed=True, msg="; ".join(nowhere), incomplete="; ".join(nowhere))
            return result

        try:
            run["started_at"] = _clock.wall()
            results, summary = run_with_options(client, items, params, emit_progress=display.display) if items \
                else ([], dict(total=0, requests=0, central_unreachable_since=None))
            self.warn_from(client, result)
            run["ended_at"] = _clock.wall()
            violating = violating_verdicts(params["offline_is_violation"])
            judged = judge_plan(plan, results, violating)
            conclude(result, params, run, history, judged, report_of_run(
                checks, planned, judged, summary, params, run, policy, preset=policy.get("preset"), uplinks=plan.uplinks),
                paths, summary, nowhere, carried=recheck["carried"] if recheck else ())
            if summary.get("budget"):
                result.setdefault("summary_lines", []).insert(1, summary["budget"]["message"])
            if recheck is not None:
                recheck.update(still_violating=len(judged[1]), resolved=len(judged[0]) - len(judged[1]))
                result["recheck"] = dict((key, value) for key, value in recheck.items() if key != "carried")
                result.setdefault("summary_lines", []).insert(1, recheck_line(recheck))
            return result
        except CentralError as error:
            return self.failed(result, error)
        finally:
            if history is not None:
                history.close()

    def _render_from_history(self, result, params, check_mode):
        """The merged report (and drift) of a stored run, from the history alone: no test is run."""
        if not params["history"]:
            raise ValidationError("render_run needs history (the SQLite file or postgresql:// URL the run wrote to)")
        history = open_history(params["history"])
        try:
            stored = history.run(params["render_run"])
            scoped = history.run_ids_of(params["render_run"]) if stored is None else []
            if len(scoped) == 1:
                stored = history.run(scoped[0])
            elif scoped:
                raise ValidationError("run %r is in the history for %d policies: give render_run one of %s"
                                      % (params["render_run"], len(scoped), ", ".join(repr(run_id) for run_id in scoped)))
            if stored is None:
                raise ValidationError("run %r is not in the history %s" % (params["render_run"],
                                                                           history_name(params["history"])))
            checks = validate_policy(stored["policy"])
            violating = violating_verdicts(params["offline_is_violation"])
            rows, violations = stored_rows(history, stored, checks, violating)
            memory = compare(history, stored, rows, violating)
        finally:
            history.close()
        paths = report_paths(params["report_dir"], params["report_name"], params["formats"])
        report, summary_line = build_report(
            checks, [], rows, violations, dict(slices=stored["slices"]), violating, title=params["title"],
            policy_name=stored["policy"].get("name"), policy_digest=stored["policy_digest"],
            preset=stored["policy"].get("preset"), parameters=params["parameters"], run=run_summary(stored),
            memory=memory)
        result.update(run_id=stored["run_id"], policy_digest=stored["policy_digest"], plan=[])
        if check_mode:
            result.update(msg="check mode: the report of run %s would be written" % stored["run_id"],
                          summary_lines=[summary_line])
            return result
        return finish(result, params, report, summary_line, paths, {})
