# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Likely causes: the violations of one run grouped by what they most likely share, each group with its evidence.

Pure: judged rows in (plugin_utils/_policy.py), causes out; the same for a preset check and a policy. Rules, most
specific first, each taking the violations the ones before it left:

- switch: access points behind one switch (or one of its ports) failing every check together, while the site's
  other devices mostly do not (needs each device's uplink);
- hop: failing paths from several sites that stop at the same last responding hop;
- site: most devices of one site failing checks that pass elsewhere;
- device: one device failing every check it ran, or offline with a recent "disconnected" event (before the target:
  an offline device fails whatever it is asked);
- target: one target failing from many sites (or, with too few sites to tell, from most devices that tested it).

What none of them explains stays a row of its own. A cause never hides a row: each lists the rows it explains.
Every rule is linear in the rows."""

from __future__ import annotations

import math
from collections import defaultdict

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._verdicts import event_line

# Defaults a network engineer would accept; each is an option (cause_thresholds).
THRESHOLDS = dict(
    min_sites=3,               # target: failing from at least this many sites
    target_share=0.5,          # target: and from at least this share of the sites that tested it
    min_site_devices=3,        # site: at least this many devices failing
    site_share=0.6,            # site: at least this share of the site's devices failing
    elsewhere_pass_share=0.8,  # site: the same checks pass at least this often at the other sites
    min_switch_devices=2,      # switch: at least this many devices behind it failing
    switch_share=0.75,         # switch: at least this share of the devices behind it failing
    min_hop_paths=3,           # hop: at least this many failing paths stopping there
    min_hop_sites=2,           # hop: from at least this many sites (one site's paths are the site's)
)
KINDS = ("switch", "hop", "site", "device", "target")


def check_thresholds(thresholds):
    """THRESHOLDS with ``thresholds`` (a dict, or None) over them; ValidationError naming a wrong one."""
    merged = dict(THRESHOLDS)
    for key, value in (thresholds or {}).items():
        if key not in THRESHOLDS:
            raise ValidationError("cause_thresholds.%s is not a threshold; thresholds: %s"
                                  % (key, ", ".join(sorted(THRESHOLDS))))
        share = key.endswith("_share")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or (share and not 0 < value <= 1) or (not share and (value < 1 or int(value) != value)):
            raise ValidationError("cause_thresholds.%s must be %s (got %r)"
                                  % (key, "a share above 0 and at most 1" if share else "a whole number of 1 or more",
                                     value))
        merged[key] = value
    return merged


def likely_causes(rows, violating, uplinks=None, thresholds=None):
    """(causes, unexplained) of judged ``rows``: each cause a dict with ``kind`` (KINDS), ``subject`` (what it
    names), ``evidence`` (one sentence), ``rows`` (indices into ``rows``), ``devices``, ``sites``, ``new`` (rows
    new since the last run, when the rows carry drift); largest first, new before persisting. ``unexplained``:
    indices of the violations no cause explains. ``uplinks``: device name -> (switch, port or None)."""
    limits = check_thresholds(thresholds)
    uplinks = uplinks or {}
    left = set(index for index, row in enumerate(rows) if row.get("verdict") in violating)
    causes, claimed = [], set()
    for rule in (_switches, _hops, _sites, _devices, _targets):
        for cause in rule(rows, left, claimed, limits, uplinks):
            left.difference_update(cause["rows"])
            claimed.update(cause["rows"])
            causes.append(cause)
    for cause in causes:
        cause["rows"] = sorted(cause["rows"])
        cause["devices"] = len(set(rows[index].get("name") for index in cause["rows"]))
        cause["sites"] = len(set(rows[index].get("site") for index in cause["rows"]))
        cause["new"] = sum(1 for index in cause["rows"] if (rows[index].get("drift") or {}).get("state") == "new")
    causes.sort(key=lambda cause: (-len(cause["rows"]), -cause["new"], KINDS.index(cause["kind"]), str(cause["subject"])))
    return causes, sorted(left)


def _cause(kind, subject, evidence, indices):
    return dict(kind=kind, subject=subject, evidence=evidence, rows=set(indices))


def _switches(rows, left, _claimed, limits, uplinks):
    # A switch (or its PoE) that fails takes its devices down whole: they fail every check they ran, while the
    # devices of the same site behind other switches mostly do not (else it is the site's).
    ran, failing, site_devices = defaultdict(set), defaultdict(set), defaultdict(set)
    for index, row in enumerate(rows):
        ran[row.get("name")].add(index)
        site_devices[row.get("site")].add(row.get("name"))
        if index in left:
            failing[row.get("name")].add(index)
    down = set(name for name, indices in failing.items() if indices == ran[name])
    behind, sites = defaultdict(set), defaultdict(set)
    for name in ran:
        uplink = uplinks.get(name)
        if uplink and uplink[0]:
            behind[uplink[0]].add(name)
            sites[uplink[0]].update(rows[index].get("site") for index in ran[name])
    for switch, names in sorted(behind.items()):
        dark = names & down
        if len(dark) < limits["min_switch_devices"] or len(dark) < limits["switch_share"] * len(names):
            continue
        others = set().union(*(site_devices[site] for site in sites[switch])) - names
        if others and len(others & down) >= limits["site_share"] * len(others):
            continue
        ports = set(uplinks[name][1] for name in dark)
        where = "port %s of " % ports.pop() if len(ports) == 1 and None not in ports else ""
        yield _cause("switch", switch, "%d of %d devices behind %sswitch %s fail every check they ran"
                     % (len(dark), len(names), where, switch), set().union(*(failing[name] for name in dark)))


def _last_hop(row):
    metrics = row.get("metrics") or {}
    last, path = metrics.get("last_responding_hop"), metrics.get("path") or []
    if row.get("test") != "traceroute" or metrics.get("destination_reached") is not False:
        return None
    if isinstance(last, (int, float)) and 1 <= last <= len(path) and path[int(last) - 1] != ["*"]:
        return ", ".join(path[int(last) - 1])
    return None


def _hops(rows, left, _claimed, limits, _uplinks):
    stopped = defaultdict(set)
    for index in left:
        hop = _last_hop(rows[index])
        if hop:
            stopped[hop].add(index)
    for hop, indices in sorted(stopped.items()):
        sites = set(rows[index].get("site") for index in indices)
        if len(indices) >= limits["min_hop_paths"] and len(sites) >= limits["min_hop_sites"]:
            yield _cause("hop", hop, "%d failing paths from %d sites stop at %s" % (len(indices), len(sites), hop),
                         indices)


def _sites(rows, left, claimed, limits, _uplinks):
    devices = defaultdict(set)
    ran, passed = defaultdict(int), defaultdict(int)   # (check, site) -> rows, passing rows
    checks_ran, checks_passed = defaultdict(int), defaultdict(int)
    failing = defaultdict(lambda: defaultdict(set))   # site -> check -> violating rows
    for index, row in enumerate(rows):
        site, check, passing = row.get("site"), row.get("check"), row.get("verdict") == "pass"
        devices[site].add(row.get("name"))
        if index in claimed:
            # Explained already (a dark switch elsewhere): it says nothing of whether the check passes elsewhere.
            continue
        ran[(check, site)] += 1
        passed[(check, site)] += passing
        checks_ran[check] += 1
        checks_passed[check] += passing
        if index in left:
            failing[site][check].add(index)
    for site, by_check in sorted(failing.items(), key=lambda item: str(item[0])):
        # Only checks that pass elsewhere speak of the site: what fails everywhere is the target's.
        local = {}
        for check, indices in by_check.items():
            elsewhere = checks_ran[check] - ran[(check, site)]
            if elsewhere and checks_passed[check] - passed[(check, site)] >= limits["elsewhere_pass_share"] * elsewhere:
                local[check] = indices
        indices = set().union(*local.values()) if local else set()
        names = set(rows[index].get("name") for index in indices)
        if len(names) < limits["min_site_devices"] or len(names) < limits["site_share"] * len(devices[site]):
            continue
        # An offline device at a dead site is the site's whatever it was asked, even what fails elsewhere too (a
        # gateway whose one path check fails at other sites for a reason of theirs).
        indices |= set(index for indices_of_check in by_check.values() for index in indices_of_check
                       if rows[index].get("verdict") == "offline")
        yield _cause("site", site, "%d of %d devices at %s fail checks that pass elsewhere (%s)"
                     % (len(names), len(devices[site]), site, ", ".join(sorted(str(check) for check in local))),
                     indices)


def _targets(rows, left, _claimed, limits, _uplinks):
    tested, tested_devices, failing_sites, failing = defaultdict(set), defaultdict(set), defaultdict(set), defaultdict(set)
    for index, row in enumerate(rows):
        if not row.get("destination"):
            continue
        key = (row.get("destination"), row.get("check"))
        tested[key].add(row.get("site"))
        tested_devices[key].add(row.get("name"))
        # A target that does not answer fails its tests; an offline device or Central's error is not the target's.
        if index in left and row.get("verdict") == "fail":
            failing_sites[key].add(row.get("site"))
            failing[key].add(index)
    for key, indices in sorted(failing.items()):
        sites = failing_sites[key]
        if len(tested[key]) >= limits["min_sites"]:
            if len(sites) >= limits["min_sites"] and len(sites) >= limits["target_share"] * len(tested[key]):
                yield _cause("target", key[0], "%s fails %s from %d of %d sites"
                             % (key[0], key[1], len(sites), len(tested[key])), indices)
            continue
        # Too few sites to tell a target from a site (a fleet without sites is one): the share of devices says it.
        names = set(rows[index].get("name") for index in indices)
        if len(names) >= limits["min_site_devices"] and len(names) >= limits["target_share"] * len(tested_devices[key]):
            yield _cause("target", key[0], "%s fails %s from %d of %d devices"
                         % (key[0], key[1], len(names), len(tested_devices[key])), indices)


def _devices(rows, left, _claimed, _limits, _uplinks):
    ran, failing = defaultdict(set), defaultdict(set)
    for index, row in enumerate(rows):
        ran[row.get("name")].add(index)
        if index in left:
            failing[row.get("name")].add(index)
    for name, indices in sorted(failing.items(), key=lambda item: str(item[0])):
        if indices != ran[name]:
            continue
        offline = all(rows[index].get("verdict") == "offline" for index in indices)
        disconnected = [event_line(event) for index in indices for event in rows[index].get("events") or []
                        if "disconnect" in ("%s %s" % (event.get("name"), event.get("description"))).lower()]
        if offline and disconnected:
            yield _cause("device", name, "%s is offline; Central logged: %s" % (name, disconnected[0]), indices)
        elif len(indices) >= 2:
            yield _cause("device", name, "%s %s every check it ran (%d)"
                         % (name, "is offline for" if offline else "fails", len(indices)), indices)
