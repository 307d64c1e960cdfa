# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Time to give up when Central goes away mid-run: prints figures, asserts nothing.

For each fleet size N it starts the simulator (R requests/s), runs one fleet_diagnostics
task with one ping a device and the default retries, kills the simulator some seconds into
the run, and prints how long the task went on after the kill, next to the retry window
and the run's own summary (tests started and not started, requests, retries).

    python tests/performance/central_gone.py --sizes 300 3000 --rate 50 --kill-after 4
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from benchmark import start_simulator  # noqa: E402  pylint: disable=wrong-import-position

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - arubacentral.troubleshooting.fleet_diagnostics:
        tests: "{{ devices | map('combine', {'test': 'ping', 'destination': '10.20.30.40'}) | list }}"
        max_concurrency: %(concurrency)d
        include_raw_output: false
        fail_on: never
      register: fleet
      ignore_errors: true
    - ansible.builtin.copy:
        content: "{{ fleet | to_json }}"
        dest: "{{ result_path }}"
        mode: "0600"
"""


def measure(size, rate, kill_after, concurrency):
    with tempfile.TemporaryDirectory() as workdir:
        simulator, base_url, devices = start_simulator(workdir, size, rate, 2.0)
        play, result_path = os.path.join(workdir, "play.yml"), os.path.join(workdir, "result.json")
        with open(play, "w") as handle:
            handle.write(PLAY % dict(concurrency=concurrency))
        with open(os.path.join(workdir, "vars.json"), "w") as handle:
            json.dump(dict(devices=devices, result_path=result_path), handle)
        env = dict(os.environ, CENTRAL_BASE_URL=base_url, CENTRAL_TOKEN_URL=base_url + "/as/token.oauth2",
                   CENTRAL_CLIENT_ID="sim-client", CENTRAL_CLIENT_SECRET="sim-secret",
                   CENTRAL_REQUESTS_PER_SECOND=str(rate), XDG_CACHE_HOME=os.path.join(workdir, "cache"),
                   ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
        with open(os.path.join(workdir, "playbook.log"), "w") as log:
            playbook = subprocess.Popen(["ansible-playbook", play, "-e", "@" + os.path.join(workdir, "vars.json")],
                                        env=env, stdout=log, stderr=subprocess.STDOUT)
            # Counted from the playbook's start: it includes ansible-playbook's own start (a few seconds).
            time.sleep(kill_after)
            simulator.kill()
            killed = time.monotonic()
            playbook.wait()
        after_kill = time.monotonic() - killed
        simulator.wait()
        with open(result_path) as handle:
            summary = json.load(handle)["summary"]
    return dict(size=size, after_kill=after_kill, **summary)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--kill-after", type=float, default=8.0, help="seconds after the playbook starts")
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    print("R = %g requests/s, max_concurrency = %d, default retries; simulator killed %g s after the playbook "
          "started" % (args.rate, args.concurrency, args.kill_after))
    header = "%6s %14s %10s %14s %8s %12s %9s %8s" % (
        "N", "after kill s", "window s", "gave up s *", "started", "not started", "requests", "retries")
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        row = measure(size, args.rate, args.kill_after, args.concurrency)
        print("%6d %14.1f %10s %14s %8d %12d %9d %8d" % (
            row["size"], row["after_kill"], row.get("retry_window_seconds", "-"), row.get("gave_up_after_seconds", "-"),
            row["started"], row["not_started"], row["requests"], row["retries"]), flush=True)
    print("* from the run's summary: seconds from the first request that found Central gone to the end of the run")


if __name__ == "__main__":
    main()
