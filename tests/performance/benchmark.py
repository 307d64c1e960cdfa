# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet benchmark against the simulator: prints figures, asserts nothing.

For each fleet size N it starts the simulator with a rate limit of R requests/s and
tests that take D seconds, runs one ping a device by one of these approaches, and
prints wall time, requests sent, 429s received, the lower bound max(D, (2N + 1) / R)
(one start and one read a test, plus one token) and the peak RSS of the largest
controller process (ansible-playbook or one of its workers):

- fleet:  one arubacentral.troubleshooting.fleet_diagnostics task on localhost;
- role:   the ready playbook arubacentral.troubleshooting.fleet_reachability on an
          inventory of N hosts (the role's built-in policy on the compliance engine, its reports and the
          per-host facts);
- path, mtu: the ready playbooks fleet_path_check (a traceroute a device) and fleet_mtu_check (a ping
          sweep a gateway) on the same inventory: T tests;
- service: the ready playbook arubacentral.troubleshooting.fleet_service_check on an inventory
          of N hosts, one name, one host:port and one URL: T tests (three an access point, one a
          gateway or CX switch); the preset rows' bound is max(1.5 D, (2T + 1) / R), an HTTP test taking 1.5 D;
- compliance: the ready playbook arubacentral.troubleshooting.fleet_compliance on an inventory of N hosts
          in 50 site groups with a 3-check policy: a ping to each site's gateway (targets_from, every device),
          TCP to a service (access points) and HTTP to a URL (access points, gateways, CX switches): T tests;
          its bound is max(1.5 D, (2T + 1) / R). The row also says the overhead beyond the fleet run per host;
- compliance+h: the same with the run history (SQLite) and the metrics file (--compliance-history);
- recheck: after a compliance+h run with 40 access points offline (its row printed first), 35 of them back and the
          same playbook with compliance_recheck: only the last run's violations are sent (--recheck-sizes);
- faults: the fault scenario of tests/simulator/fault_scenario.py on a simulator of N devices in 50 branch sites
          (--fault-sizes): the ready compliance playbook over the inventory plugin (with the switches' uplinks),
          then a table of each injected fault, the likely cause that names it and the share of its violations
          under that cause, and the causes that name no fault;
- rate:   fleet_diagnostics with its default settings (max_concurrency from the rate) on N tests of four kinds in
          turn (a 5-count ping, a traceroute, TCP, HTTP) against a simulator whose tests take as long as devices take
          them (--durations realistic, or bimodal: 90 % 3 s, 10 % 45 s), for each R of --rate-runs: requests a test,
          429s, and the wall against an ideal poller computed from the simulator's own durations (one start and one
          read a test, each read exactly at the test's end, R requests a second; --rate-sizes);
- loop:   a ``loop:`` over arubacentral.troubleshooting.ping;
- uri:    what a user writes without the collection, ansible.builtin.uri with ``until:``;
- inventory: ``ansible-inventory --list`` on the central inventory plugin for a workspace of
          N devices, without the inventory cache, then twice with it (the first run fills it).

    python tests/performance/benchmark.py --sizes 500 1000 5000 --role-sizes 500 1000 5000 \
        --path-sizes 1000 5000 --mtu-sizes 1000 5000 --service-sizes 1000 5000 --compliance-sizes 1000 5000 \
        --fault-sizes 5000 --loop-sizes --inventory-sizes 20000 \
        --rate 100 --duration 2
(run by ``make benchmark``, with the collection installed under .build/).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SIMULATOR = os.path.join(HERE, "..", "simulator", "central_simulator.py")
sys.path.insert(0, os.path.dirname(SIMULATOR))
import fault_scenario  # noqa: E402  (the simulator's folder is no package)

FLEET_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - arubacentral.troubleshooting.fleet_diagnostics:
        tests: "{{ devices | map('combine', {'test': 'ping', 'destination': '10.20.30.40'}) | list }}"
        max_concurrency: %(concurrency)d
        requests_per_second: %(rate)s
        include_raw_output: false
        fail_on: never
      register: fleet
    - ansible.builtin.copy:
        content: "{{ fleet.summary | to_json }}"
        dest: "{{ summary_path }}"
"""

RATE_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - arubacentral.troubleshooting.fleet_diagnostics:
        tests: "{{ tests }}"
        requests_per_second: %(rate)s
        include_raw_output: false
        events_since: "off"
        fail_on: never
      register: fleet
    - ansible.builtin.copy:
        content: "{{ fleet.summary | to_json }}"
        dest: "{{ summary_path }}"
"""
# The kinds of test of the rate runs, in turn.
RATE_KINDS = (dict(test="ping", destination="10.20.30.40", count=5), dict(test="traceroute", destination="10.20.30.40"),
              dict(test="tcp", host="10.20.30.40", port=443), dict(test="http", url="http://10.20.30.40/"))


def ideal_poller(durations, rate):
    """(wall seconds, requests) of a poller that knows each test's duration: a token, then one start and one read a
    test at ``rate`` requests/s, in the order of ``durations`` (the simulator's, as the tests were started); a slot
    goes to a test that has ended (oldest end first) before a new start."""
    import heapq
    slot, pending, ended, started, reads = 1.0 / rate, [], 0, 0, 0
    now = slot   # the token
    while reads < len(durations):
        if pending and pending[0] <= now:
            heapq.heappop(pending)
            reads += 1
            ended = now
        elif started < len(durations):
            heapq.heappush(pending, now + durations[started])
            started += 1
        else:
            now = max(now, pending[0])
            continue
        now += slot
    return ended, 2 * len(durations) + 1


def measure_rate(size, rate, durations_mode, window=None):
    """fleet_diagnostics with its defaults on ``size`` tests (RATE_KINDS in turn) against a simulator of realistic
    or bimodal durations at ``rate``; the row with the ideal poller's wall for the same durations. ``window``:
    (requests, seconds) of a window budget besides the rate."""
    with tempfile.TemporaryDirectory() as workdir:
        # TCP and HTTP tests run on access points: a fleet with ``size`` of them (two types in five are).
        extra = ["--durations", durations_mode]
        if window:
            extra += ["--window-budget", str(window[0]), "--window-seconds", str(window[1])]
        process, base_url, devices = start_simulator(workdir, size * 5 // 2 + 5, rate, 1.0, extra)
        try:
            aps = [device for device in devices if device["device_type"] == "ap"][:size]
            tests = [dict(RATE_KINDS[index % len(RATE_KINDS)], device_type="ap", serial_number=device["serial_number"])
                     for index, device in enumerate(aps)]
            path = os.path.join(workdir, "play.yml")
            with open(path, "w") as handle:
                handle.write(RATE_PLAY % dict(rate=rate))
            with open(os.path.join(workdir, "tests.json"), "w") as handle:
                json.dump(dict(tests=tests, summary_path=os.path.join(workdir, "summary.json")), handle)
            wall, peak_rss = run_command(workdir, ["ansible-playbook", path, "-e", "@" + os.path.join(workdir, "tests.json")],
                                         base_url, rate)
            stats = control(base_url, "/sim/stats")["stats"]
            durations = control(base_url, "/sim/durations")["durations"]
            with open(os.path.join(workdir, "summary.json")) as handle:
                summary = json.load(handle)
        finally:
            process.terminate()
            process.wait()
    ideal, _ideal_requests = ideal_poller(durations, rate)
    requests = stats.get("api", 0) + stats.get("token", 0)
    return dict(rate=rate, durations=durations_mode, tests=len(tests), wall=wall, fleet=summary["wall_seconds"], ideal=ideal,
                requests=requests, rate_limited=stats.get("rate_limited", 0), in_flight=summary["max_concurrency"],
                mean=sum(durations) / max(1, len(durations)), peak_rss=peak_rss, budget=summary.get("budget"))


def print_rate_row(row):
    print("%5g %-10s %6d %7.1f %9.1f %9.1f %8.2f %9.2f %6d %9d %7.1f %9.0f" % (
        row["rate"], row["durations"], row["tests"], row["mean"], row["fleet"], row["ideal"], row["fleet"] / row["ideal"],
        row["requests"] / float(row["tests"]), row["rate_limited"], row["in_flight"], row["wall"], row["peak_rss"]),
        flush=True)


LOOP_PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - arubacentral.troubleshooting.ping:
        device_type: "{{ item.device_type }}"
        serial_number: "{{ item.serial_number }}"
        destination: 10.20.30.40
        include_raw_output: false
        requests_per_second: %(rate)s
      loop: "{{ devices }}"
"""

URI_PLAY = """
- hosts: localhost
  gather_facts: false
  vars:
    paths: {ap: aps, gateway: gateways, cx: cx, aos_s: aos-s}
  tasks:
    - ansible.builtin.uri:
        url: "{{ base_url }}/as/token.oauth2"
        method: POST
        body_format: form-urlencoded
        body: {grant_type: client_credentials, client_id: sim-client, client_secret: sim-secret}
      register: token
    - ansible.builtin.uri:
        url: "{{ base_url }}/network-troubleshooting/v1/{{ paths[item.device_type] }}/{{ item.serial_number }}/ping"
        method: POST
        headers: {Authorization: "Bearer {{ token.json.access_token }}"}
        body_format: json
        body: {destination: 10.20.30.40}
        status_code: 202
      loop: "{{ devices }}"
      register: started
    - ansible.builtin.uri:
        url: "{{ base_url }}{{ item.json.location }}"
        headers: {Authorization: "Bearer {{ token.json.access_token }}"}
      loop: "{{ started.results }}"
      register: polled
      until: polled.json.status in ['COMPLETED', 'FAILED']
      retries: 60
      delay: 1
"""


SITES = 50
COMPLIANCE_POLICY = dict(name="benchmark", checks=[
    dict(name="site gateway", test="ping", hosts="all", targets_from="site_gateway", options=dict(count=3),
         expect=dict(reachable=True, packet_loss_percent="<= 10", rtt_avg_ms="< 100")),
    dict(name="service", test="tcp", hosts="all", targets=["app.example.com:443"],
         expect=dict(connected=True, connect_time_ms="< 200"), severity="warning"),
    dict(name="portal", test="http", hosts="all", targets=["http://portal.example.com/"], expect=dict(success=True),
         severity="info"),
])


def site_inventory(workdir, devices):
    """The devices as an inventory of SITES site groups, each with its own gateway (site_gateway) and site name."""
    groups = {}
    for index, device in enumerate(devices):
        site = index % SITES
        group = groups.setdefault("site_%02d" % site, dict(hosts={}, vars=dict(
            site_gateway="10.%d.0.1" % site, central_site="Site %02d" % site, central_site_id=str(1000 + site))))
        group["hosts"]["dev-%05d" % index] = dict(central_serial_number=device["serial_number"],
                                                  central_device_type=device["device_type"])
    path = os.path.join(workdir, "sites.json")
    with open(path, "w") as handle:
        json.dump({"all": {"children": groups}}, handle)
    return path


def control(base_url, path, payload=None):
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(base_url + path, data=data, method="POST" if data is not None else "GET")
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())


def start_simulator(workdir, size, rate, duration, extra=()):
    port_file = os.path.join(workdir, "port")
    inventory = os.path.join(workdir, "inventory.json")
    process = subprocess.Popen([sys.executable, SIMULATOR, "--port", "0", "--port-file", port_file,
                                "--inventory", inventory, "--devices", str(size), "--rate-limit", str(rate),
                                "--test-duration", str(duration)] + list(extra),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _attempt in range(100):
        if os.path.exists(port_file):
            break
        time.sleep(0.1)
    with open(port_file) as handle:
        base_url = "http://127.0.0.1:%s" % handle.read().strip()
    with open(inventory) as handle:
        groups = json.load(handle)["all"]["children"].values()
    devices = [dict(device_type=host["central_device_type"], serial_number=host["central_serial_number"])
               for group in groups for host in group["hosts"].values()]
    return process, base_url, devices


def run_playbook(workdir, command, base_url, devices, rate):
    """Run ``command`` (ansible-playbook ...) against the simulator; return (wall seconds, peak RSS in MiB)."""
    with open(os.path.join(workdir, "vars.json"), "w") as handle:
        json.dump(dict(devices=devices, base_url=base_url, summary_path=os.path.join(workdir, "summary.json")), handle)
    return run_command(workdir, command + ["-e", "@" + os.path.join(workdir, "vars.json")], base_url, rate)


def run_command(workdir, command, base_url, rate):
    """Run an ansible command against the simulator; return (wall seconds, peak RSS in MiB)."""
    env = dict(os.environ, CENTRAL_BASE_URL=base_url, CENTRAL_TOKEN_URL=base_url + "/as/token.oauth2",
               CENTRAL_CLIENT_ID="sim-client", CENTRAL_CLIENT_SECRET="sim-secret",
               CENTRAL_REQUESTS_PER_SECOND=str(rate), XDG_CACHE_HOME=os.path.join(workdir, "cache"),
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    started = time.monotonic()
    with open(os.path.join(workdir, "playbook.log"), "w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        # wait4's usage covers the playbook and every worker it forked and reaped: ru_maxrss is the largest (KiB).
        _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        with open(log.name) as failed:
            raise SystemExit("%s failed; the end of its output:\n%s" % (" ".join(command), failed.read()[-3000:]))
    return wall, usage.ru_maxrss / 1024.0


def measure_inventory(size, rate):
    """ansible-inventory on the central plugin for a workspace of ``size`` devices: without the
    inventory cache, then a first and a second run with it. One row each."""
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        process, base_url, _devices = start_simulator(workdir, size, rate, 1.0)
        try:
            for how, cached in (("inventory", False), ("inv+cache", True), ("inv+cache", True)):
                source = os.path.join(workdir, "bench.central.yml")
                with open(source, "w") as handle:
                    handle.write("plugin: arubacentral.troubleshooting.central\nrequests_per_second: %s\n" % rate)
                    if cached:
                        handle.write("cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s\n"
                                     % os.path.join(workdir, "inventory-cache"))
                before = control(base_url, "/sim/stats")["stats"]
                wall, peak_rss = run_command(workdir, ["ansible-inventory", "-i", source, "--list", "--output",
                                                       os.path.join(workdir, "inventory.out.json")], base_url, rate)
                after = control(base_url, "/sim/stats")["stats"]
                with open(os.path.join(workdir, "inventory.out.json")) as handle:
                    hosts = len(json.load(handle)["_meta"]["hostvars"])
                requests = sum(after.get(key, 0) - before.get(key, 0) for key in ("list", "token"))
                rows.append(dict(approach=how, devices=hosts, wall=wall, module_wall=None, requests=requests,
                                 rate_limited=after.get("rate_limited", 0) - before.get("rate_limited", 0),
                                 bound=None, peak_rss=peak_rss))
        finally:
            process.terminate()
            process.wait()
    return rows


def measure_recheck(size, rate, duration, concurrency):
    """The compliance playbook with the run history at ``size`` hosts, 40 access points offline; then 35 of them
    back and the same playbook with compliance_recheck: the recheck sends only the last run's violations. Returns
    the two rows (compliance+h, recheck)."""
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        process, base_url, devices = start_simulator(workdir, size, rate, duration)
        try:
            policy = os.path.join(workdir, "policy.json")
            with open(policy, "w") as handle:
                json.dump(COMPLIANCE_POLICY, handle)
            inventory = site_inventory(workdir, devices)
            broken = [device["serial_number"] for device in devices if device["device_type"] == "ap"][:40]
            control(base_url, "/sim/devices", dict((serial, dict(online=False)) for serial in broken))
            for approach in ("compliance+h", "recheck"):
                if approach == "recheck":
                    control(base_url, "/sim/devices", dict((serial, dict(online=True)) for serial in broken[:35]))
                options = dict(compliance_policy=policy, compliance_max_concurrency=concurrency,
                               compliance_fail_on_violation=False, compliance_report_dir=os.path.join(workdir, approach),
                               compliance_history=os.path.join(workdir, "history.sqlite"))
                if approach == "recheck":
                    options["compliance_recheck"] = "violations"
                before = control(base_url, "/sim/stats")["stats"]
                wall, peak_rss = run_playbook(workdir, ["ansible-playbook", "-i", inventory,
                                                        "arubacentral.troubleshooting.fleet_compliance",
                                                        "-e", json.dumps(options)], base_url, devices, rate)
                after = control(base_url, "/sim/stats")["stats"]
                with open(os.path.join(workdir, approach, "compliance.json")) as handle:
                    summary = json.load(handle)["summary"]
                rows.append(dict(approach=approach, devices=size, wall=wall, module_wall=summary["wall_seconds"],
                                 requests=sum(after.get(key, 0) - before.get(key, 0) for key in ("api", "token")),
                                 rate_limited=after.get("rate_limited", 0) - before.get("rate_limited", 0),
                                 bound=max(1.5 * duration, (2 * summary["total"] + 1) / float(rate)), peak_rss=peak_rss))
        finally:
            process.terminate()
            process.wait()
    return rows


def measure_faults(size, sites, rate, duration, concurrency):
    """The fault scenario at ``size`` devices in ``sites`` sites through the ready compliance playbook and the
    inventory plugin (uplinks on); prints the score table and returns the run's row."""
    with tempfile.TemporaryDirectory() as workdir:
        process, base_url, _devices = start_simulator(workdir, size, rate, duration, ["--sites", str(sites)])
        try:
            faults = fault_scenario.inject(base_url)
            policy, source = os.path.join(workdir, "policy.json"), os.path.join(workdir, "bench.central.yml")
            with open(policy, "w") as handle:
                json.dump(fault_scenario.POLICY, handle)
            with open(source, "w") as handle:
                handle.write("plugin: arubacentral.troubleshooting.central\nuplinks: true\nrequests_per_second: %s\n"
                             % rate)
            options = dict(compliance_policy=policy, compliance_max_concurrency=concurrency,
                           compliance_fail_on_violation=False, compliance_report_dir=os.path.join(workdir, "reports"))
            before = control(base_url, "/sim/stats")["stats"]
            wall, peak_rss = run_command(workdir, ["ansible-playbook", "-i", source,
                                                   "arubacentral.troubleshooting.fleet_compliance",
                                                   "-e", json.dumps(options)], base_url, rate)
            after = control(base_url, "/sim/stats")["stats"]
            with open(os.path.join(workdir, "reports", "compliance.json")) as handle:
                report = json.load(handle)
        finally:
            process.terminate()
            process.wait()
    lines, problems = fault_scenario.score(faults, report)
    print("\nlikely causes of the injected faults: %d devices in %d sites, %d tests, %d violations, %d causes"
          % (size, sites, report["summary"]["total"], len(report["violations"]), len(report["causes"])))
    print("\n".join(lines + problems) + "\n")
    return dict(approach="faults", devices=size, wall=wall, module_wall=report["summary"]["wall_seconds"],
                requests=sum(after.get(key, 0) - before.get(key, 0) for key in ("api", "token")),
                rate_limited=after.get("rate_limited", 0) - before.get("rate_limited", 0),
                bound=max(1.5 * duration, (2 * report["summary"]["total"] + 1) / float(rate)), peak_rss=peak_rss)


# The preset checks' ready playbooks: approach -> (the check, what it is aimed at).
PRESETS = dict(
    role=("reachability", dict(reachability_destinations=["10.20.30.40"])),
    path=("path_check", dict(path_check_destinations=["10.20.30.40"])),
    mtu=("mtu_check", dict(mtu_check_destinations=["10.20.30.40"])),
    service=("service_check", dict(service_check_names=["app.example.com"],
                                   service_check_tcp_targets=["app.example.com:443"],
                                   service_check_urls=["https://app.example.com/health"])),
)


def measure(approach, size, rate, duration, concurrency):
    with tempfile.TemporaryDirectory() as workdir:
        process, base_url, devices = start_simulator(workdir, size, rate, duration)
        try:
            if approach in PRESETS:
                check, aimed = PRESETS[approach]
                options = dict(aimed, **{"%s_max_concurrency" % check: concurrency,
                                         "%s_fail_on_violation" % check: False,
                                         "%s_report_dir" % check: os.path.join(workdir, "reports")})
                command = ["ansible-playbook", "-i", os.path.join(workdir, "inventory.json"),
                           "arubacentral.troubleshooting.fleet_%s" % check, "-e", json.dumps(options)]
            elif approach in ("compliance", "compliance+h"):
                policy = os.path.join(workdir, "policy.json")
                with open(policy, "w") as handle:
                    json.dump(COMPLIANCE_POLICY, handle)
                options = dict(compliance_policy=policy, compliance_max_concurrency=concurrency,
                               compliance_fail_on_violation=False, compliance_report_dir=os.path.join(workdir, "reports"))
                if approach == "compliance+h":
                    # The run history on (an SQLite file) and the metrics file written.
                    options.update(compliance_history=os.path.join(workdir, "history.sqlite"),
                                   compliance_metrics_file=os.path.join(workdir, "compliance.prom"))
                command = ["ansible-playbook", "-i", site_inventory(workdir, devices),
                           "arubacentral.troubleshooting.fleet_compliance", "-e", json.dumps(options)]
            else:
                path = os.path.join(workdir, "play.yml")
                with open(path, "w") as handle:
                    handle.write(dict(fleet=FLEET_PLAY, loop=LOOP_PLAY, uri=URI_PLAY)[approach]
                                 % dict(rate=rate, concurrency=concurrency))
                command = ["ansible-playbook", path]
            wall, peak_rss = run_playbook(workdir, command, base_url, devices, rate)
            stats = control(base_url, "/sim/stats")["stats"]
            module_wall, tests = None, size
            if approach == "fleet":
                with open(os.path.join(workdir, "summary.json")) as handle:
                    module_wall = json.load(handle)["wall_seconds"]
            else:
                name = PRESETS[approach][0] if approach in PRESETS else "compliance"
                with open(os.path.join(workdir, "reports", name + ".json")) as handle:
                    summary = json.load(handle)["summary"]
                module_wall, tests = summary["wall_seconds"], summary["total"]
        finally:
            process.terminate()
            process.wait()
    requests = stats.get("api", 0) + stats.get("token", 0)
    if approach in ("service", "path", "mtu", "compliance", "compliance+h"):
        bound = max(1.5 * duration, (2 * tests + 1) / float(rate))
    else:
        bound = max(duration, (2 * size + 1) / float(rate))
    return dict(approach=approach, devices=size, wall=wall, module_wall=module_wall, requests=requests,
                rate_limited=stats.get("rate_limited", 0), bound=bound, peak_rss=peak_rss)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 1000, 5000], help="sizes for the module runs")
    parser.add_argument("--role-sizes", type=int, nargs="*", default=[500, 1000, 5000],
                        help="sizes for the ready playbook (role) runs")
    parser.add_argument("--path-sizes", type=int, nargs="*", default=[1000, 5000],
                        help="sizes for the path check playbook runs")
    parser.add_argument("--mtu-sizes", type=int, nargs="*", default=[1000, 5000],
                        help="sizes for the MTU check playbook runs")
    parser.add_argument("--service-sizes", type=int, nargs="*", default=[1000, 5000],
                        help="sizes for the service check playbook runs")
    parser.add_argument("--compliance-sizes", type=int, nargs="*", default=[1000, 5000],
                        help="sizes for the compliance playbook runs")
    parser.add_argument("--compliance-history", action="store_true",
                        help="run each compliance size again with the run history and the metrics file")
    parser.add_argument("--recheck-sizes", type=int, nargs="*", default=[5000],
                        help="sizes for a compliance run with the history, then a recheck of its violations")
    parser.add_argument("--rate-sizes", type=int, nargs="*", default=[1000, 5000],
                        help="tests of the rate runs (realistic and bimodal durations, default settings)")
    parser.add_argument("--rate-runs", type=float, nargs="*", default=[100.0, 7.0],
                        help="the rates R of the rate runs (client and simulator alike)")
    parser.add_argument("--budget-scenario", type=int, nargs=3, metavar=("TESTS", "REQUESTS", "SECONDS"),
                        default=[5000, 3000, 60], help="a rate run into a window budget: the plan against what happened (0 0 0: none)")
    parser.add_argument("--fault-sizes", type=int, nargs="*", default=[5000],
                        help="sizes for the fault scenario (in --fault-sites sites) and its likely causes")
    parser.add_argument("--fault-sites", type=int, default=50)
    parser.add_argument("--loop-sizes", type=int, nargs="*", default=[], help="sizes for the loop and uri runs")
    parser.add_argument("--inventory-sizes", type=int, nargs="*", default=[20000],
                        help="workspace sizes for the central inventory plugin runs")
    parser.add_argument("--rate", type=float, default=100.0, help="R: requests/s, simulator limit and client pace")
    parser.add_argument("--duration", type=float, default=2.0, help="D: seconds a test runs")
    parser.add_argument("--concurrency", type=int, default=200)
    args = parser.parse_args()
    print("R = %g requests/s, D = %g s, max_concurrency = %d" % (args.rate, args.duration, args.concurrency))
    print("x bound: the whole playbook's wall time / bound; goal for the preset (role, path, mtu, service) and")
    print("compliance rows: 1.1 x bound + 10 s; ms/host: (wall - fleet) / N, the cost beyond the fleet run")
    header = "%-12s %6s %10s %10s %9s %6s %9s %9s %10s %9s %8s" % (
        "how", "N", "wall s", "fleet s", "requests", "429s", "bound s", "x bound", "goal s", "peak MiB", "ms/host")
    print(header)
    print("-" * len(header))
    runs = [("fleet", size) for size in args.sizes] + [("role", size) for size in args.role_sizes]
    runs += [("path", size) for size in args.path_sizes] + [("mtu", size) for size in args.mtu_sizes]
    runs += [("service", size) for size in args.service_sizes]
    runs += [(approach, size) for size in args.compliance_sizes
             for approach in ("compliance",) + (("compliance+h",) if args.compliance_history else ())]
    runs += [(approach, size) for size in args.loop_sizes for approach in ("loop", "uri")]
    for approach, size in runs:
        print_row(measure(approach, size, args.rate, args.duration, args.concurrency))
    for size in args.recheck_sizes:
        for row in measure_recheck(size, args.rate, args.duration, args.concurrency):
            print_row(row)
    if args.rate_sizes and args.rate_runs:
        print("\nrate runs: fleet_diagnostics, default settings; x ideal: the fleet run's wall / the ideal poller's; "
              "goals: <= 2.2 requests a test, <= 1.15 x ideal, no 429")
        print("%5s %-10s %6s %7s %9s %9s %8s %9s %6s %9s %7s %9s" % (
            "R", "durations", "tests", "mean s", "fleet s", "ideal s", "x ideal", "req/test", "429s", "in flight",
            "wall s", "peak MiB"))
        for rate in args.rate_runs:
            for size in args.rate_sizes:
                for mode in ("realistic", "bimodal"):
                    print_rate_row(measure_rate(size, rate, mode))
    if args.budget_scenario[0]:
        size, requests, seconds = args.budget_scenario
        row = measure_rate(size, args.rate, "realistic", window=(requests, seconds))
        print("\nbudget scenario: %d tests at R = %g into %d requests a %d s window" % (size, args.rate, requests, seconds))
        print("plan: %s" % row["budget"]["message"])
        print("happened: fleet run %.1f s (the plan said about %.0f s), %d requests (%.2f a test), %d 429s, %d not "
              "checked" % (row["fleet"], row["budget"]["seconds"], row["requests"], row["requests"] / float(row["tests"]),
                           row["rate_limited"], row["budget"].get("not_checked", 0)))
    for size in args.fault_sizes:
        print_row(measure_faults(size, args.fault_sites, args.rate, args.duration, args.concurrency))
    for size in args.inventory_sizes:
        for row in measure_inventory(size, args.rate):
            print_row(row)


GOALS = dict((approach, (1.1, 10)) for approach in ("role", "path", "mtu", "service", "compliance", "compliance+h"))


def print_row(row):
    bound, module_wall = row["bound"], row["module_wall"]
    goal = GOALS.get(row["approach"])
    print("%-12s %6d %10.1f %10s %9d %6d %9s %9s %10s %9.0f %8s" % (
        row["approach"], row["devices"], row["wall"], "%.1f" % module_wall if module_wall is not None else "-",
        row["requests"], row["rate_limited"], "%.1f" % bound if bound else "-",
        "%.2f" % (row["wall"] / bound) if bound else "-", "%.1f" % (goal[0] * bound + goal[1]) if goal else "-",
        row["peak_rss"], "%.1f" % (1000.0 * (row["wall"] - module_wall) / row["devices"])
        if module_wall is not None else "-"), flush=True)


if __name__ == "__main__":
    main()
