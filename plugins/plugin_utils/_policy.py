# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Compliance as code: a policy (checks of what tests run on which hosts, aimed where, expecting what) is
validated before anything is sent, planned into one list of fleet_diagnostics items for the whole fleet, and
its results judged by the verdict engine (verdicts.judge) into rows a report shows.

The cost is O(hosts): each host's variables are read once, patterns are resolved with sets, and the
expectations of a check are compiled once (once more for each distinct per-host override)."""

from __future__ import annotations

import fnmatch
import getpass
import hashlib
import json
import re
import socket
import uuid

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import (
    CATALOGUE,
    RESULT_FIELDS,
    SECRET_OPTIONS,
    TARGET_OPTIONS,
    device_types_for,
    fills,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._tasks import MASK, http_operation
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import PolicyError, ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._expectations import compile_expect
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._fleet import target_options
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._verdicts import (
    CHECK_TESTS,
    THRESHOLDS,
    check_thresholds,
    judge,
    preset_conditions,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import (
    DEFAULT_SEVERITY,
    SEVERITIES,
    VERDICT_RANK,
    VERDICTS,
    severity_rank,
    worst,
)

POLICY_KEYS = ("checks", "name", "description", "overrides_variable", "preset")
# Check key -> what it holds (the docs' policy reference is generated from these tables).
CHECK_KEYS = dict(
    name="A name of its own in the policy: letters, digits, space, '.', '_' or '-' (at most 64).",
    test="The diagnostic: %s." % ", ".join(RESULT_FIELDS),
    hosts="An inventory pattern: a group or host name, 'all', wildcards, '~regex', 'a:b' (either), 'a:&b' (both), "
          "'a:!b' (a but not b).",
    targets="What the test is aimed at (a destination, host, URL, 'host:port' for tcp, RADIUS server, iperf "
            "server, port or show command): one value or a list.",
    targets_from="The name of a host variable holding one target or a list (the site's own gateway, set in its "
                 "group_vars); every matched device that runs the test must have it. With targets, both are tested.",
    options="The test's options, as its module names them (count, packet_size, vrf_name, ...).",
    expect="Conditions on the test's typed result fields (see the fields of each test); none: the test must run.",
    thresholds="Instead of expect: the limits of a preset check, judged as its role judges them, with its reasons "
               "(%s).",
    severity="How bad a violation is: %s (default critical).",
    may_run_nowhere="true when the check may plan no test at all (none of its hosts has the test, say) without "
                    "failing the run; the reports still say it ran nowhere, and why (default false).",
    description="Free text for the report.",
)
CHECK_KEYS["severity"] = CHECK_KEYS["severity"] % ", ".join(SEVERITIES)
CHECK_KEYS["thresholds"] = CHECK_KEYS["thresholds"] % "; ".join(
    "%s: %s" % (test, ", ".join(names)) for test, names in THRESHOLDS.items() if test != "https")
# The host variable whose {check name: {expect: {...}, options: {...}}} loosens or changes one check for a host
# (set it in a group's group_vars to change it for a branch); a policy names another with overrides_variable, so
# that two policies run on one inventory keep their overrides apart (each refuses a key that is none of its checks).
OVERRIDES_VARIABLE = "compliance_overrides"
OVERRIDE_KEYS = ("expect", "options", "thresholds")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}")
NO_SITE = "(no site)"


class Check:
    """One check of a policy; ``problems`` lists what is wrong with it (every problem, not the first), each
    naming the check."""

    def __init__(self, index, spec):
        self.problems = []
        if not isinstance(spec, dict):
            self.name = self.where = "checks[%d]" % index
            self.problems.append("%s must be a mapping with name, test, hosts and expect (got %s)"
                                 % (self.where, type(spec).__name__))
            return
        name = spec.get("name")
        self.name = name if isinstance(name, str) else "checks[%d]" % index
        self.where = "check %s" % self.name if isinstance(name, str) else self.name
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            self._problem("name must be 1-64 letters, digits, spaces, '.', '_' or '-', starting with a letter or "
                          "digit (got %r)" % (name,))
        unknown = sorted(set(spec) - set(CHECK_KEYS))
        if unknown:
            self._problem("unknown key(s) %s; a check takes %s" % (", ".join(map(str, unknown)), ", ".join(CHECK_KEYS)))
        test = spec.get("test")
        self.test = test if test in RESULT_FIELDS else None
        if self.test is None:
            self._problem("test must be one of %s (got %r)" % (", ".join(RESULT_FIELDS), test))
        hosts = spec.get("hosts")
        self.hosts = hosts.strip() if isinstance(hosts, str) else ""
        if not self.hosts:
            self._problem("hosts must be an inventory pattern such as central_ap, 'central_site_*:&central_ap' or "
                          "all (got %r)" % (hosts,))
        self.targets = self._checked(lambda: _targets(spec.get("targets"), "%s: targets" % self.where), [])
        self.targets_from = spec.get("targets_from")
        named = isinstance(self.targets_from, str) and _VARIABLE.fullmatch(self.targets_from)
        if self.targets_from is not None and not named:
            self._problem("targets_from must name a host variable, such as site_gateway (got %r)"
                          % (self.targets_from,))
        self.may_run_nowhere = spec.get("may_run_nowhere", False)
        if not isinstance(self.may_run_nowhere, bool):
            self._problem("may_run_nowhere must be true or false (got %r)" % (self.may_run_nowhere,))
        self.severity = spec.get("severity", DEFAULT_SEVERITY)
        if self.severity not in SEVERITIES:
            self._problem("severity must be one of %s (got %r)" % (", ".join(SEVERITIES), self.severity))
        description = spec.get("description")
        self.description = None if description is None else clean_text(str(description), max_length=500)
        self.expect = spec.get("expect") or {}
        self.thresholds = spec.get("thresholds")
        self.options, self.conditions = {}, []
        self._overridden = {}
        if self.test is None:
            return
        if self.thresholds is not None and self.expect:
            self._problem("expect and thresholds both say what passes; give one of them")
        if TARGET_OPTIONS[test] and not self.targets and not self.targets_from:
            self._problem("a %s test needs targets or targets_from (its %s)" % (test, " and ".join(TARGET_OPTIONS[test])))
        if not TARGET_OPTIONS[test] and (self.targets or self.targets_from):
            self._problem("a %s test is aimed at nothing; remove targets and targets_from" % test)
        self.options = self._checked(lambda: _options(test, spec.get("options"), self.where), {})
        if self.thresholds is None:
            self.conditions = self._checked(lambda: compile_expect(test, self.expect, self.where), [])
        else:
            self.thresholds = self._checked(lambda: check_thresholds(test, self.thresholds, self.where), {})
            self.conditions = preset_conditions(test, self.thresholds)

    def _problem(self, text):
        self.problems.append("%s: %s" % (self.where, text))

    def _checked(self, build, fallback):
        try:
            return build()
        except ValidationError as error:
            self.problems.append(error.message)
            return fallback

    def fields_unfilled_by(self, device_type, override=None):
        """The expect fields (the check's, and an override's) that a ``device_type``'s answer to this test never
        fills: such a condition could only ever fail."""
        fields = set(self.expect) | set((override or {}).get("expect") or {})
        return sorted(field for field in fields if not fills(device_type, self.test, field))

    def conditions_for(self, override, host_name=None):
        """The conditions for a host with ``override`` (its compliance_overrides entry for this check): the
        check's own expect with the override's fields replacing its own, compiled once per distinct override
        (the first host that has it is named in an error)."""
        if not override or not (override.get("expect") or override.get("thresholds")):
            return self.conditions
        key = json.dumps([override.get("expect"), override.get("thresholds")], sort_keys=True, default=str)
        if key not in self._overridden:
            where = "%s (the override of host %s)" % (self.where, host_name)
            if self.thresholds is None:
                merged = dict(self.expect)
                merged.update(override.get("expect") or {})
                self._overridden[key] = compile_expect(self.test, merged, where)
            else:
                # A preset check's own limits, with the override's replacing them, and any expect of its own besides.
                limits = dict(self.thresholds)
                limits.update(check_thresholds(self.test, override.get("thresholds") or {}, where))
                self._overridden[key] = preset_conditions(self.test, limits) + compile_expect(
                    self.test, override.get("expect"), where)
        return self._overridden[key]

    def describe(self):
        return dict(name=self.name, test=self.test, hosts=self.hosts, targets=self.targets,
                    targets_from=self.targets_from, options=_masked_options(self.options), severity=self.severity,
                    description=self.description, may_run_nowhere=self.may_run_nowhere, thresholds=self.thresholds,
                    expect=[dict(field=condition.field, wanted=condition.wanted) for condition in self.conditions])


def _targets(value, where):
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, (dict, bool)) or item is None or (isinstance(item, list) and not item):
            raise ValidationError("%s: each target is a value such as 10.0.0.1 or https://portal/ (got %r)"
                                  % (where, item))
    return values


def _options(test, options, where):
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise ValidationError("%s: options must be a mapping of the test's options (got %s)"
                              % (where, type(options).__name__))
    known = set()
    for device_type in device_types_for(test):
        known.update(CATALOGUE[(device_type, test)])
    known -= set(TARGET_OPTIONS[test])
    unknown = sorted(set(options) - known)
    if unknown:
        raise ValidationError("%s: options %s are not options of %s; its options: %s"
                              % (where, ", ".join(map(str, unknown)), test, ", ".join(sorted(known)) or "none"))
    return dict(options)


def validate_policy(policy):
    """The Checks of a policy mapping; raise ValidationError naming the check and key at fault."""
    if not isinstance(policy, dict):
        raise PolicyError(["the compliance policy must be a mapping with a checks list (got %s)"
                           % type(policy).__name__])
    unknown = sorted(set(policy) - set(POLICY_KEYS))
    if unknown:
        raise PolicyError(["the compliance policy has unknown key(s) %s; it takes %s"
                           % (", ".join(map(str, unknown)), ", ".join(POLICY_KEYS))])
    checks = policy.get("checks")
    if not isinstance(checks, list) or not checks:
        raise PolicyError(["the compliance policy's checks must list at least one check"])
    validated = [Check(index, spec) for index, spec in enumerate(checks)]
    problems = [problem for check in validated for problem in check.problems]
    names = [check.name for check in validated]
    twice = sorted(set(name for name in names if names.count(name) > 1))
    if twice:
        problems.append("check names must be unique in a policy: %s appear(s) more than once" % ", ".join(twice))
    variable = overrides_variable(policy)
    if not isinstance(variable, str) or not _VARIABLE.fullmatch(variable):
        problems.append("overrides_variable must name a host variable, such as campus_overrides (got %r)" % (variable,))
    preset = policy.get("preset")
    if preset is not None:
        if preset not in CHECK_TESTS:
            problems.append("preset must be one of %s (got %r)" % (", ".join(CHECK_TESTS), preset))
        else:
            problems += ["%s: a %s test is no part of the %s preset, which runs %s"
                         % (check.where, check.test, preset, ", ".join(CHECK_TESTS[preset]))
                         for check in validated if check.test and check.test not in CHECK_TESTS[preset]]
    if problems:
        raise PolicyError(problems)
    return validated


def overrides_variable(policy):
    """The host variable holding the per-host overrides of a (validated) policy's checks."""
    return policy.get("overrides_variable", OVERRIDES_VARIABLE)


def masked_policy(policy):
    """The policy with the value of every secret option (catalogue.SECRET_OPTIONS: a RADIUS password) replaced, in
    its checks and nowhere else: what the history stores, a report shows and a digest is made of, so that no file
    holds a secret or anything to guess it from offline."""
    if not isinstance(policy, dict) or not isinstance(policy.get("checks"), list):
        return policy
    checks = []
    for check in policy["checks"]:
        if isinstance(check, dict) and isinstance(check.get("options"), dict):
            check = dict(check, options=_masked_options(check["options"]))
        checks.append(check)
    return dict(policy, checks=checks)


def _masked_options(options):
    return dict((name, MASK if name in SECRET_OPTIONS else value) for name, value in options.items())


def digest(policy):
    """A short digest of the policy as given (its secrets masked), to tell runs of different policies apart."""
    return hashlib.sha256(json.dumps(masked_policy(policy), sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


class Inventory:
    """Hosts (in the play's order) and groups, resolving Ansible's host patterns with sets."""

    def __init__(self, hosts, groups):
        self.hosts = list(hosts)
        self._host_set = set(self.hosts)
        self.groups = dict((name, [host for host in members if host in self._host_set])
                           for name, members in (groups or {}).items() if isinstance(members, list))

    def _term(self, term):
        if term in ("all", "*"):
            return set(self.hosts)
        if term in self.groups:
            return set(self.groups[term])
        if term in self._host_set:
            return {term}
        if term.startswith("~"):
            try:
                pattern = re.compile(term[1:])
            except re.error as error:
                raise ValidationError("%r is not a regular expression: %s" % (term, error))
            match = pattern.match
        elif any(char in term for char in "*?["):
            match = re.compile(fnmatch.translate(term)).match
        else:
            return set()
        found = set(host for host in self.hosts if match(host))
        for name, members in self.groups.items():
            if match(name):
                found.update(members)
        return found

    def match(self, pattern):
        """Host names of ``pattern`` in the play's order: the union of plain terms (all hosts when there is
        none), then each ``&term`` intersected, each ``!term`` removed."""
        terms = [term.strip() for term in re.split(r"[:,]", pattern) if term.strip()]
        union, both, never = None, [], set()
        for term in terms:
            if term.startswith("&"):
                both.append(self._term(term[1:]))
            elif term.startswith("!"):
                never |= self._term(term[1:])
            else:
                union = (union or set()) | self._term(term)
        chosen = set(self.hosts) if union is None else union
        for other in both:
            chosen &= other
        chosen -= never
        return [host for host in self.hosts if host in chosen]


class Host:
    """What the plan reads of one host's variables, once."""

    __slots__ = ("name", "serial_number", "device_type", "site_id", "site", "overrides", "overrides_from", "variables",
                 "uplink")

    def __init__(self, name, variables, wanted, overrides_from=OVERRIDES_VARIABLE):
        self.name = name
        self.serial_number = variables.get("central_serial_number")
        self.device_type = variables.get("central_device_type")
        site_id = variables.get("central_site_id")
        self.site_id = None if site_id in (None, "") else str(site_id)
        site = variables.get("central_site")
        self.site = clean_text(str(site), one_line=True, max_length=100) if site not in (None, "") \
            else (self.site_id or NO_SITE)
        overrides = variables.get(overrides_from)
        self.overrides = overrides if isinstance(overrides, dict) else {}
        self.overrides_from = overrides_from
        self.variables = dict((name, variables.get(name)) for name in wanted if name in variables)
        # The switch (and port) the device hangs off, as the inventory plugin or the user sets it: for likely causes.
        switch, port = (_name_or_none(variables.get(key)) for key in ("central_uplink_switch", "central_uplink_port"))
        self.uplink = None if switch is None else (switch, port)


def _name_or_none(value):
    """A name given in host variables (text or a number) as clean text; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or value == "":
        return None
    return clean_text(str(value), one_line=True, max_length=100)


DEVICE_KEYS = ("name", "serial_number", "device_type", "site_id", "site")


def devices_as_hosts(devices):
    """{name: host variables} of a plain list of devices (each serial_number, device_type and optionally name,
    site_id, site; the inventory plugin's central_* names are taken too): a fleet that is not in the inventory.
    Raise ValidationError naming the device at fault."""
    hosts = {}
    for index, device in enumerate(devices):
        where = "devices[%d]" % index
        if not isinstance(device, dict):
            raise ValidationError("%s must be a mapping with serial_number and device_type (got %s)"
                                  % (where, type(device).__name__))
        fields = dict((key[8:] if key.startswith("central_") else key, value) for key, value in device.items())
        unknown = sorted(set(fields) - set(DEVICE_KEYS))
        if unknown:
            raise ValidationError("%s: unknown key(s) %s; a device takes %s"
                                  % (where, ", ".join(unknown), ", ".join(DEVICE_KEYS)))
        if not fields.get("serial_number") or not fields.get("device_type"):
            raise ValidationError("%s needs serial_number and device_type (got %s)"
                                  % (where, clean_text(repr(device), one_line=True, max_length=200)))
        name = str(fields.get("name") or fields["serial_number"])
        if name in hosts:
            raise ValidationError("%s: the name %s is given to two devices" % (where, name))
        hosts[name] = dict(("central_%s" % key, value) for key, value in fields.items() if key != "name")
    return hosts


def read_hosts(names, host_variables, checks, overrides_from=OVERRIDES_VARIABLE):
    """Host objects of ``names``; ``host_variables(name)`` returns a host's variables (a mapping), read once."""
    wanted = set(check.targets_from for check in checks if check.targets_from)
    return dict((name, Host(name, host_variables(name), wanted, overrides_from)) for name in names)


def _override(host, check):
    override = host.overrides.get(check.name)
    if override is None:
        return None
    where = "host %s: %s.%s" % (host.name, host.overrides_from, check.name)
    if not isinstance(override, dict) or set(override) - set(OVERRIDE_KEYS):
        raise ValidationError("%s must be a mapping of %s" % (where, " and/or ".join(OVERRIDE_KEYS)))
    if override.get("options") is not None:
        _options(check.test, override["options"], where)
    if override.get("expect") is not None and not isinstance(override["expect"], dict):
        raise ValidationError("%s.expect must be a mapping of result fields to conditions" % where)
    if override.get("thresholds") is not None and check.thresholds is None:
        raise ValidationError("%s.thresholds: check %s says what passes with expect, not thresholds; override its "
                              "expect" % (where, check.name))
    return override


def _hosts_text(names, shown=10):
    return "%s%s" % (", ".join(names[:shown]), " ..." if len(names) > shown else "")


def plan_item(test, target, options, name, serial_number, device_type, site_id=None):
    """The fleet_diagnostics item of ``test`` with ``options`` on one device, aimed at ``target`` (None for a test
    aimed at nothing); an http or https test runs the one the device has for the URL. What a plan and the
    fleet_tests filter build, in one place."""
    item = dict(options or {})
    if target is not None:
        item.update(target_options(test, target))
    item.update(name=name, serial_number=serial_number, device_type=device_type,
                test=http_operation(device_type, item.get("url")) if test in ("http", "https") else test)
    if site_id:
        item["site_id"] = str(site_id)
    return item


class Plan:
    """The policy's tests for the whole fleet: ``items`` (fleet_diagnostics items, each test once), ``rows``
    (check, host, target, item index) and ``skipped`` hosts with the reason, per check. Every problem of the
    policy against this inventory is found in one pass and raised together (errors.PolicyError)."""

    def __init__(self, checks, inventory, hosts):
        self.checks = checks
        self.items, self.labels, self.rows, self.skipped, self.matched = [], [], [], {}, {}
        self._seen = {}
        self.uplinks = dict((name, host.uplink) for name, host in hosts.items() if host.uplink)
        problems = self._unknown_overrides(hosts)
        missing, unfilled = {}, {}
        for check in checks:
            try:
                matched = inventory.match(check.hosts)
            except ValidationError as error:
                problems.append("%s: hosts %r: %s" % (check.where, check.hosts, error.message))
                continue
            if not matched:
                problems.append("%s: hosts %r matches no host of the play; groups: %s"
                                % (check.where, check.hosts, ", ".join(sorted(inventory.groups)[:30]) or "none"))
                continue
            self.matched[check.name] = len(matched)
            skipped = self.skipped.setdefault(check.name, {})
            runs_test = device_types_for(check.test)
            for name in matched:
                host = hosts[name]
                if not host.serial_number or not host.device_type:
                    skipped.setdefault("not a Central device (no central_serial_number or central_device_type)",
                                       []).append(name)
                    continue
                if host.device_type not in runs_test:
                    skipped.setdefault("device type %s has no %s test" % (host.device_type, check.test), []).append(name)
                    continue
                targets = list(check.targets)
                if check.targets_from:
                    if host.variables.get(check.targets_from) in (None, "", []):
                        missing.setdefault(check.name, []).append(name)
                        continue
                    value = host.variables[check.targets_from]
                    try:
                        targets += _targets(value, "host %s: %s" % (name, check.targets_from))
                    except ValidationError as error:
                        problems.append("%s: %s" % (check.where, error.message))
                        continue
                try:
                    override = _override(host, check)
                    check.conditions_for(override, name)  # compiled now: a bad override fails before anything is sent
                except ValidationError as error:
                    problems.append(error.message)
                    continue
                for field in check.fields_unfilled_by(host.device_type, override):
                    unfilled.setdefault((check.name, field, host.device_type), []).append(name)
                try:
                    self._add(check, host, _distinct(targets), override)
                except ValidationError as error:
                    problems.append("%s on host %s: %s" % (check.where, name, error.message))
        problems += ["check %s: targets_from %s is not set on %d host(s): %s" % (
            name, next(check.targets_from for check in checks if check.name == name), len(hosts_missing),
            _hosts_text(hosts_missing)) for name, hosts_missing in missing.items()]
        for (name, field, device_type), names in unfilled.items():
            test = next(check.test for check in checks if check.name == name)
            filled_by = [other for other in device_types_for(test) if fills(other, test, field)]
            problems.append(
                "check %s: expect field %s is never filled by a %s's %s answer, so it would fail on %d host(s) (%s); "
                "device types that fill it: %s. Narrow hosts to those device types, or expect a field every matched "
                "type fills" % (name, field, device_type, test, len(names), _hosts_text(names),
                                ", ".join(filled_by) or "none"))
        if problems:
            raise PolicyError(problems)

    def _unknown_overrides(self, hosts):
        """A compliance_overrides entry that names no check of the policy (a typo) would be dropped without a word,
        and the host judged by the stricter limit: each is a problem naming the host and the checks there are."""
        names = set(check.name for check in self.checks)
        unknown = {}
        for host in hosts.values():
            for key in host.overrides:
                if key not in names:
                    unknown.setdefault((host.overrides_from, str(key)), []).append(host.name)
        return ["%s names %r on %d host(s) (%s), which is no check of the policy; its checks: %s (a variable shared "
                "by two policies: give one its own with overrides_variable)" % (
                    variable, key, len(names_of), _hosts_text(names_of), ", ".join(check.name for check in self.checks))
                for (variable, key), names_of in sorted(unknown.items())]

    def _add(self, check, host, targets, override):
        """One row a target (one row with no target for a test aimed at nothing), sharing the item of another
        check that asks the device for the same test."""
        options = dict(check.options)
        if override and override.get("options"):
            options.update(override["options"])
        for target in targets or [None]:
            item = plan_item(check.test, target, options, host.name, host.serial_number, host.device_type, host.site_id)
            key = json.dumps(item, sort_keys=True, default=str)
            if key not in self._seen:
                self._seen[key] = len(self.items)
                self.items.append(item)
                self.labels.append("%s on host %s" % (check.where, host.name))
            self.rows.append((check, host, None if target is None else _target_text(target), self._seen[key]))

    def restrict(self, keys):
        """Keep only the rows whose (check, serial, target) is in ``keys`` and the items they need (a recheck of
        what violated): rows and items renumbered, the rest dropped. Returns the keys kept."""
        kept, index_of, items, labels, rows = set(), {}, [], [], []
        for check, host, target, index in self.rows:
            key = (check.name, str(host.serial_number), str(None if target is None else clean_text(target)))
            if key not in keys:
                continue
            kept.add(key)
            if index not in index_of:
                index_of[index] = len(items)
                items.append(self.items[index])
                labels.append(self.labels[index])
            rows.append((check, host, target, index_of[index]))
        self.items, self.labels, self.rows = items, labels, rows
        return kept

    def ran_nowhere(self):
        """{check name: why} of each check that planned no test: its hosts have no such test, are no Central
        devices, or there are none."""
        tests = set(check.name for check, _host, _target, _index in self.rows)
        reasons = {}
        for check in self.checks:
            if check.name in tests:
                continue
            skipped = self.skipped.get(check.name) or {}
            reasons[check.name] = "; ".join("%s (%d host(s): %s)" % (reason, len(names), _hosts_text(names, 3))
                                            for reason, names in sorted(skipped.items())) or "no host matched"
        return reasons

    def summary(self, shown=10):
        """What check mode prints and returns: per check, the tests, the hosts matched, the hosts skipped and why,
        and, for a check that planned no test, ``ran_nowhere`` (why) and whether the policy allows it."""
        tests = {}
        for check, _host, _target, _index in self.rows:
            tests[check.name] = tests.get(check.name, 0) + 1
        nowhere = self.ran_nowhere()
        return [dict(check=check.name, test=check.test, severity=check.severity,
                     hosts_matched=self.matched.get(check.name, 0), tests=tests.get(check.name, 0),
                     ran_nowhere=nowhere.get(check.name), may_run_nowhere=check.may_run_nowhere,
                     skipped=[dict(reason=reason, count=len(names), hosts=names[:shown])
                              for reason, names in sorted(self.skipped.get(check.name, {}).items())])
                for check in self.checks]


def nowhere_problems(planned):
    """The checks of a plan summary that ran nowhere without the policy allowing it: one line each, with why."""
    return ["check %s ran nowhere: %s (set may_run_nowhere: true on the check if that is expected)"
            % (entry["check"], entry["ran_nowhere"]) for entry in planned
            if entry["ran_nowhere"] and not entry["may_run_nowhere"]]


def _distinct(targets):
    """Targets in order, each once: a target both listed and in the host's targets_from runs and reports once."""
    seen, distinct = set(), []
    for target in targets:
        text = _target_text(target)
        if text not in seen:
            seen.add(text)
            distinct.append(target)
    return distinct


def plan_lines(planned, items):
    """What check mode prints: the totals, then per check its tests, the hosts it matched and those it skipped."""
    lines = ["check mode: %d tests of %d checks planned on %d devices; none started, no report written"
             % (len(items), len(planned), len(set(item["serial_number"] for item in items)))]
    for entry in planned:
        lines.append("%s (%s, %s): %d tests on %d matched hosts" % (
            entry["check"], entry["test"], entry["severity"], entry["tests"], entry["hosts_matched"]))
        if entry["ran_nowhere"]:
            allowed = " (allowed by may_run_nowhere)" if entry["may_run_nowhere"] else ""
            lines.append("  RAN NOWHERE%s: %s" % (allowed, entry["ran_nowhere"]))
        lines += ["  skipped %d: %s (%s%s)" % (skip["count"], skip["reason"], ", ".join(skip["hosts"]),
                                               " ..." if skip["count"] > len(skip["hosts"]) else "")
                  for skip in entry["skipped"]]
    return lines


def _target_text(target):
    return ", ".join(map(str, target)) if isinstance(target, list) else str(target)


def preset_policy(preset, thresholds, results):
    """The policy a preset check's results (fleet_report's) were run for: one check a test of the preset that is in
    the results, aimed at the destinations they were, held to ``thresholds`` (each check to its test's). Raise
    ValueError naming a result of a test the preset does not read, and ValidationError naming a threshold that
    none of its tests has."""
    destinations = {}
    for index, entry in enumerate(results):
        test = entry.get("test")
        if not isinstance(test, str) or test not in CHECK_TESTS[preset]:
            raise ValueError("results[%d] is a %s result; %s reads %s results"
                             % (index, clean_text(str(test), one_line=True, max_length=40), preset,
                                " and ".join(CHECK_TESTS[preset])))
        test = "http" if test == "https" else test
        destinations.setdefault(test, []).append(entry.get("destination"))
    known = set(name for test in CHECK_TESTS[preset] for name in THRESHOLDS[test])
    # An unset threshold (fleet_report's argument spec gives every one, None when not set) is not checked.
    thresholds = dict((name, value) for name, value in thresholds.items() if value not in (None, ""))
    unknown = sorted(set(thresholds) - known)
    if unknown:
        raise ValidationError("thresholds %s are not thresholds of %s; its thresholds: %s"
                              % (", ".join(unknown), preset, ", ".join(sorted(known))))
    checks = [dict(name=preset if len(CHECK_TESTS[preset]) == 1 else "%s %s" % (preset, test), test=test, hosts="all",
                   targets=_distinct([str(target) for target in targets if target not in (None, "")]) or None,
                   thresholds=dict((name, value) for name, value in thresholds.items() if name in THRESHOLDS[test]))
              for test, targets in destinations.items()]
    return dict(name="preset %s" % preset, preset=preset, checks=checks)


def judge_results(checks, results, violating):
    """The rows of a report (worst first) and its violations, from fleet_diagnostics ``results`` each judged by the
    check of its test (preset_policy's checks): what fleet_report judges, as judge_plan does for a policy."""
    by_test = dict((check.test, check) for check in checks)
    rows = []
    for entry in results:
        check = by_test["http" if entry.get("test") == "https" else entry.get("test")]
        row = judge(entry, check.conditions)
        site = entry.get("site_id")
        row.update(check=check.name, severity=check.severity, site=clean_text(str(site)) if site else NO_SITE)
        rows.append(row)
    return _worst_first(rows, violating)


def judge_plan(plan, results, violating):
    """The rows of a compliance report (worst first), from the fleet results of ``plan.items``."""
    rows = []
    for check, host, target, index in plan.rows:
        row = judge(results[index], check.conditions_for(_override(host, check)))
        row.update(check=check.name, severity=check.severity, site=host.site, name=clean_text(host.name),
                   destination=clean_text(target) if target is not None else None)
        rows.append(row)
    return _worst_first(rows, violating)


def _worst_first(rows, violating):
    """The rows sorted worst verdict first, then worst severity, check, device and target; and the violations."""
    rows.sort(key=lambda row: (VERDICT_RANK.get(row["verdict"], len(VERDICTS)), severity_rank(row["severity"]),
                               row["check"], str(row["name"]), str(row["destination"])))
    return rows, [row for row in rows if row["verdict"] in violating]


def summarize(checks, rows, violating):
    """Counts by verdict, by severity (of violations), by check, by site, and a verdict per device with its
    worst severity: what the report's overview and the per-host fact show."""
    counts = dict((verdict, 0) for verdict in VERDICTS)
    severities = dict((severity, 0) for severity in SEVERITIES)
    by_check = dict((check.name, dict(test=check.test, severity=check.severity, devices=0, compliant=0,
                                      **dict((verdict, 0) for verdict in VERDICTS))) for check in checks)
    devices, pings = {}, {}
    for row in rows:
        counts[row["verdict"]] += 1
        violation = row["verdict"] in violating
        if violation:
            severities[row["severity"]] += 1
        by_check[row["check"]][row["verdict"]] += 1
        device = devices.setdefault(row["name"], dict(serial_number=row["serial_number"], device_type=row["device_type"],
                                                      site=row["site"], verdict="pass", severity=None, checks={},
                                                      destinations={}, answered=None))
        entry = device["checks"].setdefault(row["check"], dict(verdict="pass", severity=row["severity"], targets={}))
        judged = dict(verdict=row["verdict"], failed=row["failed"], reasons=row["reasons"])
        entry["targets"][str(row["destination"])] = judged
        # Every check's targets in one mapping, as the preset checks have always given them (central_verdicts).
        device["destinations"][str(row["destination"])] = dict(judged, test=row["test"], check=row["check"])
        if row["test"] == "ping":
            pings.setdefault(row["name"], []).append(_answered(row))
        entry["verdict"] = worst((entry["verdict"], row["verdict"]))
        device["verdict"] = worst((device["verdict"], row["verdict"]))
        if violation and (device["severity"] is None or severity_rank(row["severity"]) < severity_rank(device["severity"])):
            device["severity"] = row["severity"]
    # answered: True when one of a device's pings got a reply, False when none did, None when one could not run.
    for name, replies in pings.items():
        devices[name]["answered"] = True if True in replies else (None if None in replies else False)
    by_site = {}
    for device in devices.values():
        site = by_site.setdefault(device["site"], dict(devices=0, compliant=0))
        site["devices"] += 1
        compliant = not any(entry["verdict"] in violating for entry in device["checks"].values())
        site["compliant"] += compliant
        device["compliant"] = compliant
        for name, entry in device["checks"].items():
            by_check[name]["devices"] += 1
            by_check[name]["compliant"] += entry["verdict"] not in violating
    return dict(counts=counts, severity_counts=severities, by_check=by_check, by_site=by_site, devices=devices)


def _answered(row):
    """Whether a ping got any reply (False for an offline device or 100% loss; None when it could not run)."""
    if row["verdict"] == "offline":
        return False
    loss = row["metrics"].get("packet_loss_percent")
    return None if loss is None else loss < 100


def run_identity(params, task_vars, policy):
    """Who and what this run is: its ``run_id`` (the one set, else the AWX workflow's, so that the slices of a
    sliced job write into one run, else the AWX job's, else a new one), the history scope (the policy's name),
    who ran it, and ``slice`` (a name of its own for this slice's report files when the run is shared).

    A shared run is identified by its id and its scope together ("awx-workflow-12/campus"): the slices of one
    policy merge into one run, the runs of two policies in one workflow (or with one constant run_id) never do."""
    run_id = params.get("run_id")
    if run_id is not None and (not isinstance(run_id, str) or not _NAME.fullmatch(run_id)):
        raise ValidationError("run_id must be 1-64 letters, digits, spaces, '.', '_' or '-' (got %r)" % (run_id,))
    job = task_vars.get("awx_job_id") or task_vars.get("tower_job_id")
    workflow = task_vars.get("awx_workflow_job_id") or task_vars.get("tower_workflow_job_id")
    shared = bool(run_id or workflow)
    run_id = run_id or ("awx-workflow-%s" % workflow if workflow else "awx-job-%s" % job if job else uuid.uuid4().hex)
    scope = policy.get("name") or "policy %s" % digest(policy)
    if shared:
        run_id = "%s/%s" % (run_id, scope)
    run_by = ("AWX job %s (%s)" % (job, task_vars.get("awx_job_template_name") or "job template") if job
              else "%s@%s" % (getpass.getuser(), socket.gethostname()))
    return dict(run_id=str(run_id), scope=scope, started_at=None,
                ended_at=None, policy_digest=digest(policy), policy=masked_policy(policy),
                run_by=clean_text(run_by, one_line=True),
                slice=("job-%s" % job if job else uuid.uuid4().hex[:8]) if shared else None)


def run_summary(run):
    """What a report says of its run."""
    return dict((key, run.get(key)) for key in ("run_id", "scope", "started_at", "ended_at", "run_by", "slices"))


def stored_rows(history, stored, checks, violating):
    """The rows of a run in the history, as judge_plan gives them (worst first), and its violations."""
    severity = dict((check.name, check.severity) for check in checks)
    rows = []
    for row in history.results([stored["run_id"]])[stored["run_id"]].values():
        row.update(severity=row["severity"] or severity.get(row["check"]), metrics={}, events=[], task_id=None,
                   duration_seconds=None, destination=row["destination"] or None)
        rows.append(row)
    return _worst_first(rows, violating)
