# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Known faults in a simulated workspace, and how well a compliance report's likely causes name them.

    python3 fault_scenario.py inject BASE_URL > faults.json      # break the workspace; print what was broken
    python3 fault_scenario.py score faults.json compliance.json  # a table; exit 1 if a fault is missed or invented

The faults, on a fleet built with --sites (branches of a gateway, switches and access points): one site dead
(every device offline), the access points behind two switches of other sites without power, the paths of the
gateways of several sites stopping at one router (HOP), a handful of access points offline on their own, and a
service nothing answers (TARGET, TEST-NET-1 in POLICY). The injector reads the workspace as any client would (the
device list, the switches' interfaces); only the breaking goes through /sim/. The score reads only the JSON report:
each violation is put down to the fault that broke it (a device that is down fails whatever it runs, so its rows are
its outage's), and each fault must have at least MIN_SHARE of its violations under a cause of its kind and subject.
A cause that names no injected fault, and no device the simulator breaks on its own, is invented."""

import argparse
import json
import random
import sys
import urllib.error
import urllib.request

HEADERS = {"Authorization": "Bearer sim-static-token"}
TARGET = "192.0.2.7:443"
HOP = "198.51.100.77"
MIN_SHARE = 0.9
# The policy the scenario is judged by: two checks from every access point, one path from every gateway.
POLICY = dict(name="branch health", checks=[
    dict(name="gateway", test="ping", hosts="central_ap", targets=["10.0.0.1"], expect=dict(reachable=True)),
    dict(name="service", test="tcp", hosts="central_ap", targets=[TARGET], severity="warning",
         expect=dict(connected=True)),
    dict(name="internet", test="traceroute", hosts="central_gateway", targets=["203.0.113.9"],
         expect=dict(destination_reached=True)),
])


def _get(base, path):
    request = urllib.request.Request(base + path, headers=HEADERS)
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def _post(base, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def _device_rows(base):
    rows, page = [], "1"
    while page:
        answer = _get(base, "/network-monitoring/v1/device-inventory?limit=1000&next=%s" % page)
        rows.extend(answer["items"])
        page = answer.get("next")
    return rows


def inject(base, seed=1, lone_devices=5, hop_share=0.16):
    """Break the workspace at ``base``; return what was broken (JSON-ready)."""
    rng = random.Random(seed)
    # What the simulator breaks on its own (its well-known offline, lossy, forbidden devices): not invented causes.
    own = sorted(device["name"] for device in _get(base, "/sim/fleet")
                 if not device["online"] or device["loss_percent"] or device["forbidden"] or device["path_problem"])
    rows = _device_rows(base)
    by_site = {}
    for row in rows:
        if row.get("siteName") and not row.get("stackId"):
            by_site.setdefault(row["siteName"], []).append(row)
    # The branches of --sites when there are some; the well-known devices' sites are the simulator's own.
    sites = sorted(site for site in by_site if site.startswith("Site ")) or sorted(by_site)
    dead_site = sites[min(6, len(sites) - 1)]
    others = [site for site in sites if site != dead_site]
    switches = []
    for site in others:
        for row in by_site[site]:
            if row["deviceType"] != "SWITCH" or len(switches) == 2 or any(s["site"] == site for s in switches):
                continue
            try:
                ports = _get(base, "/network-monitoring/v1/switches/%s/interfaces?limit=100" % row["serialNumber"])
            except urllib.error.HTTPError:
                continue
            behind = [port["neighbourSerial"] for port in ports["items"] if port.get("neighbourSerial")]
            if len(behind) >= 3:
                switches.append(dict(name=row["deviceName"], site=site, behind=behind))
    name_of = dict((row["serialNumber"], row["deviceName"]) for row in rows)
    dark = set(serial for switch in switches for serial in switch["behind"])
    hop_sites = [site for site in others if site not in set(s["site"] for s in switches)]
    # At least three paths from as many sites: fewer are no hop's (THRESHOLDS of plugin_utils/_causes.py).
    hop_sites = hop_sites[-max(3, int(round(hop_share * len(sites)))):]
    hop_gateways = [row for site in hop_sites for row in by_site[site] if row["deviceType"] == "GATEWAY"]
    healthy_aps = [row["serialNumber"] for site in others for row in by_site[site]
                   if row["deviceType"] == "ACCESS_POINT" and row["serialNumber"] not in dark
                   and row["deviceName"] not in own]
    lone = rng.sample(healthy_aps, min(lone_devices, len(healthy_aps)))
    changes = dict((row["serialNumber"], dict(online=False)) for row in by_site[dead_site])
    changes.update((serial, dict(online=False)) for serial in sorted(dark) + lone)
    changes.update((row["serialNumber"], dict(dead_hop=HOP)) for row in hop_gateways)
    _post(base, "/sim/devices", changes)
    for switch in switches:
        switch["behind"] = sorted(name_of[serial] for serial in switch["behind"])
    return dict(target=TARGET, site=dead_site, site_devices=sorted(row["deviceName"] for row in by_site[dead_site]),
                switches=switches, hop=dict(address=HOP, sites=hop_sites,
                                            devices=sorted(row["deviceName"] for row in hop_gateways)),
                devices=sorted(name_of[serial] for serial in lone), own=own)


def _fault_of(violation, faults, dark_switch_of):
    """(kind, subject) of the injected fault that broke this violation, or None."""
    name = violation["name"]
    if name in faults["own"]:
        return None
    if name in dark_switch_of:
        return ("switch", dark_switch_of[name])
    if name in faults["site_devices"]:
        return ("site", faults["site"])
    if name in faults["devices"]:
        return ("device", name)
    if name in faults["hop"]["devices"] and violation["check"] == "internet":
        return ("hop", faults["hop"]["address"])
    if violation["destination"] == faults["target"]:
        return ("target", faults["target"])
    return None


def _names(cause, kind, subject):
    return cause["kind"] == kind and (subject in cause["subject"] if kind == "hop" else cause["subject"] == subject)


def score(faults, report, min_share=MIN_SHARE):
    """(table lines, problems): each injected fault, its violations, the cause that names it and the share of them
    under it; then the causes that name no injected fault."""
    dark_switch_of = dict((name, switch["name"]) for switch in faults["switches"] for name in switch["behind"])
    by_fault, stray = {}, []

    def key(row):
        return (row["check"], row["name"], row["destination"])

    for violation in report["violations"]:
        fault = _fault_of(violation, faults, dark_switch_of)
        if fault:
            by_fault.setdefault(fault, set()).add(key(violation))
        elif violation["name"] not in faults["own"]:
            stray.append(key(violation))
    expected = [("target", faults["target"]), ("site", faults["site"])]
    expected += [("switch", switch["name"]) for switch in faults["switches"]]
    expected += [("hop", faults["hop"]["address"])] + [("device", name) for name in faults["devices"]]
    lines = ["%-7s %-22s %7s   %-32s %6s" % ("fault", "subject", "rows", "named by", "share")]
    problems, named = [], []
    for kind, subject in expected:
        rows = by_fault.get((kind, subject), set())
        cause = next((cause for cause in report["causes"] if _names(cause, kind, subject)), None)
        under = rows & set(key(row) for row in cause["rows"]) if cause else set()
        share = len(under) / float(len(rows)) if rows else 0.0
        if cause:
            named.append(cause)
        naming = "%s %s" % (cause["kind"], cause["subject"]) if cause else "nothing"
        lines.append("%-7s %-22s %7d   %-32s %5.0f%%" % (kind, subject[:22], len(rows), naming, 100 * share))
        if share < min_share:
            problems.append("%s %s: %.0f%% of its %d violations under a cause that names it (at least %.0f%% wanted)"
                            % (kind, subject, 100 * share, len(rows), 100 * min_share))
    invented = [cause for cause in report["causes"] if not any(cause is other for other in named)
                and not (cause["kind"] == "device" and cause["subject"] in faults["own"])]
    lines.append("causes naming no injected fault: %s; violations no fault explains: %d"
                 % (", ".join("%s %s (%d rows)" % (c["kind"], c["subject"], len(c["rows"])) for c in invented) or "none",
                    len(stray)))
    problems += ["invented: %s %s" % (cause["kind"], cause["subject"]) for cause in invented]
    return lines, problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    inject_command = commands.add_parser("inject")
    inject_command.add_argument("base")
    inject_command.add_argument("--seed", type=int, default=1)
    inject_command.add_argument("--lone-devices", type=int, default=5)
    commands.add_parser("policy")
    score_command = commands.add_parser("score")
    score_command.add_argument("faults")
    score_command.add_argument("report")
    args = parser.parse_args(argv)
    if args.command == "inject":
        print(json.dumps(inject(args.base, args.seed, args.lone_devices)))
        return 0
    if args.command == "policy":
        print(json.dumps(POLICY, indent=2))
        return 0
    with open(args.faults) as handle:
        faults = json.load(handle)
    with open(args.report) as handle:
        report = json.load(handle)
    lines, problems = score(faults, report)
    print("\n".join(lines))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
