#!/usr/bin/env bash
set -euo pipefail
source ../setup_simulator/simulator.sh
# Besides its well-known TEST devices, the simulator serves a generated fleet for generated.yml.
start_simulator --test-duration 1 --devices 300 --offline 6 --lossy 9
export REPORT_DIR="$SIMULATOR_WORKDIR/reports"

ansible-playbook -i inventory.yml roles.yml "$@"

# A host named localhost that is a remote device: the check runs and reports on the controller all the same.
ansible-playbook -i inventory.yml -i rogue_localhost.yml arubacentral.troubleshooting.fleet_reachability \
    -e '{"reachability_destinations": ["10.0.0.53"], "reachability_fail_on_violation": false}' \
    -e reachability_report_dir="$REPORT_DIR/rogue" "$@"
python - "$REPORT_DIR/rogue/reachability.json" <<'PY'
import json, sys
names = {verdict["name"] for verdict in json.load(open(sys.argv[1]))["verdicts"]}
assert {"localhost", "ap-healthy", "gw-healthy"} <= names, names
print("reports written on the controller with a rogue localhost host:", sorted(names))
PY

# fail_on_violation (the default) fails the play after writing the reports, naming the violators.
if output="$(ansible-playbook -i inventory.yml strict.yml 2>&1)"; then
    echo "$output"; echo "the strict run should have failed" >&2; exit 1
fi
echo "$output" | grep -q "reachability: 3 violation(s) on 3 device(s): ap-lossy, gw-path-problem, ap-offline." \
    || { echo "$output"; exit 1; }
[ -s "$REPORT_DIR/strict/reachability.json" ] || { echo "no report before the failure" >&2; exit 1; }

starts() {
    python -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1] + "/sim/stats"))["stats"].get("start", 0))' "$CENTRAL_BASE_URL"
}

# Check mode starts nothing and writes no report.
starts_before="$(starts)"
output="$(ansible-playbook -i inventory.yml strict.yml --check -e report_subdir=checked 2>&1)" || { echo "$output"; exit 1; }
echo "$output" | grep -q "check mode: 7 tests of 1 checks planned on 7 devices; none started, no report written" \
    || { echo "$output"; exit 1; }
starts_after="$(starts)"
[ "$starts_before" = "$starts_after" ] || { echo "check mode started tests" >&2; exit 1; }
[ ! -e "$REPORT_DIR/checked" ] || { echo "check mode wrote reports" >&2; exit 1; }

# The ready playbook on 300 generated inventory hosts: every host gets its fact, the counts add up.
ansible-playbook -i "$SIMULATOR_INVENTORY" generated.yml -e '{"reachability_destinations": ["10.20.30.40"],
    "reachability_fail_on_violation": false, "reachability_max_concurrency": 100}' \
    -e reachability_report_dir="$REPORT_DIR/generated" "$@"

# The service check: DNS, TCP and HTTP(S) tests in one fleet run, each device type with its own tests.
ansible-playbook -i inventory.yml service.yml "$@"
starts_before="$(starts)"
output="$(ansible-playbook -i inventory.yml service.yml --check -e report_subdir=service-checked 2>&1)" \
    || { echo "$output"; exit 1; }
echo "$output" | grep -q "check mode: 21 tests of 3 checks planned on 6 devices; none started, no report written" \
    || { echo "$output"; exit 1; }
[ "$starts_before" = "$(starts)" ] || { echo "check mode started tests" >&2; exit 1; }
