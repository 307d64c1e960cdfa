#!/usr/bin/env bash
# Likely causes through ansible-playbook: a workspace of branch sites with known faults (tests/simulator/
# fault_scenario.py: a dead site, the access points behind two switches without power, the gateways of two sites
# whose paths stop at one router, five access points down on their own, a service nothing answers), the inventory
# plugin reading the switches' interfaces for the uplinks, and the causes named in the task's result, the console
# and the reports, each fault with at least 90 % of its violations under it and no cause invented.
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 0.2 --devices 180 --sites 6
export REPORT_DIR="$SIMULATOR_WORKDIR/reports"
export FAULTS_FILE="$SIMULATOR_WORKDIR/faults.json"
export POLICY_FILE="$SIMULATOR_WORKDIR/policy.yml"
python "$SIMULATOR_DIR/fault_scenario.py" inject "$CENTRAL_BASE_URL" > "$FAULTS_FILE"
python "$SIMULATOR_DIR/fault_scenario.py" policy > "$POLICY_FILE"

output="$(ansible-playbook -i workspace.central.yml site.yml "$@" 2>&1)" || { echo "$output"; exit 1; }
if echo "$output" | grep -q "WARNING"; then echo "$output"; echo "a warning (every switch's interfaces must be read)" >&2; exit 1; fi
python "$SIMULATOR_DIR/fault_scenario.py" score "$FAULTS_FILE" "$REPORT_DIR/compliance.json"
echo "$output" | grep -qE "ok=3 +changed=0 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=0" \
    || { echo "$output"; echo "the recap is not what the play did" >&2; exit 1; }

# The ready playbook, as an AWX job runs it: it fails on the violations after the reports, and its output says one
# line a cause.
if output="$(ansible-playbook -i workspace.central.yml arubacentral.troubleshooting.fleet_compliance \
        -e compliance_policy="$POLICY_FILE" -e compliance_report_dir="$REPORT_DIR/ready" 2>&1)"; then
    echo "$output"; echo "the run with violations should have failed" >&2; exit 1
fi
for line in "LIKELY CAUSE (target): 192.0.2.7:443 fails service from " "LIKELY CAUSE (site): " \
            "LIKELY CAUSE (switch): " "LIKELY CAUSE (hop): 3 failing paths from 3 sites stop at 198.51.100.77" "LIKELY CAUSE (device): " "failed=1"; do
    echo "$output" | grep -qF "$line" || { echo "$output"; echo "missing: $line" >&2; exit 1; }
done
[ -s "$REPORT_DIR/ready/compliance.html" ] || { echo "no report before the failure" >&2; exit 1; }
