#!/usr/bin/env bash
# The compliance playbook against the simulator: the example policy with per-site targets (targets_from in
# group_vars) and a branch override; the check-mode plan; failing on violations; bad policies refused unsent.
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 0.3
export REPORT_DIR="$SIMULATOR_WORKDIR/reports"

starts() {
    python -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1] + "/sim/stats"))["stats"].get("start", 0))' "$CENTRAL_BASE_URL"
}

# Check mode: the plan (tests per check, hosts matched, skipped and why), nothing sent, no report.
before="$(starts)"
output="$(ansible-playbook -i inventory.yml arubacentral.troubleshooting.fleet_compliance --check \
    -e compliance_policy=policy.yml -e compliance_report_dir="$REPORT_DIR/checked" 2>&1)" || { echo "$output"; exit 1; }
for line in "check mode: 14 tests of 5 checks planned on 5 devices; none started, no report written" \
            "site services (ping, critical): 6 tests on 3 matched hosts" \
            "portal (http, warning): 1 tests on 1 matched hosts"; do
    echo "$output" | grep -qF "$line" || { echo "$output"; echo "missing: $line" >&2; exit 1; }
done
[ "$before" = "$(starts)" ] || { echo "check mode started tests" >&2; exit 1; }
[ ! -e "$REPORT_DIR/checked" ] || { echo "check mode wrote reports" >&2; exit 1; }

# The run: verdicts, facts and reports (site.yml asserts them).
ansible-playbook -i inventory.yml site.yml "$@"

# The ready playbook fails on violations (the default), after writing the reports, naming counts by severity.
if output="$(ansible-playbook -i inventory.yml arubacentral.troubleshooting.fleet_compliance \
        -e compliance_policy=policy.yml -e compliance_report_dir="$REPORT_DIR/strict" 2>&1)"; then
    echo "$output"; echo "the run with violations should have failed" >&2; exit 1
fi
echo "$output" | grep -q "compliance: 4 violation(s) on 2 device(s): gw-path-problem, ap-offline. compliance: 5 checks, 14 tests on 5 devices: 10 pass, 1 fail, 0 error, 3 offline (3 critical, 1 warning)" \
    || { echo "$output"; exit 1; }
[ -s "$REPORT_DIR/strict/compliance.html" ] || { echo "no report before the failure" >&2; exit 1; }

# Bad policies fail with a clear message and send nothing.
before="$(starts)"
for case in "policy=missing.yml|policy file $PWD/missing.yml does not exist" \
            "policy=bad_policy.yml|check data centre path: expect.firewall_hop is not a field of a traceroute result"; do
    policy="${case%%|*}"; message="${case#*|}"
    if output="$(ansible-playbook -i inventory.yml arubacentral.troubleshooting.fleet_compliance \
            -e "compliance_${policy}" -e compliance_report_dir="$REPORT_DIR/bad" 2>&1)"; then
        echo "$output"; echo "$policy should have failed" >&2; exit 1
    fi
    echo "$output" | grep -qF "$message" || { echo "$output"; echo "missing: $message" >&2; exit 1; }
done
[ "$before" = "$(starts)" ] || { echo "a bad policy started tests" >&2; exit 1; }
# The guide's example as written, on the groups the inventory plugin makes from the simulator's fleet: every check
# plans tests (none runs nowhere), the run writes its report, and the play goes on to its end.
example="$SIMULATOR_WORKDIR/guide"
python guide_example.py "$SIMULATOR_DIR/../../docs/docsite/rst/guide_compliance.rst" "$example"
output="$(cd "$example" && ansible-playbook -i central.yml arubacentral.troubleshooting.fleet_compliance --check \
    -e compliance_policy=policy.yml 2>&1)" || { echo "$output"; echo "the guide's example does not plan" >&2; exit 1; }
if echo "$output" | grep -q "RAN NOWHERE"; then echo "$output"; echo "a check of the guide ran nowhere" >&2; exit 1; fi
for check in "site services (ping" "radius (aaa" "portal (http" "data centre path (traceroute" "wan mtu (ping_sweep"; do
    echo "$output" | grep -F "$check, " | grep -qE "\): [1-9][0-9]* tests" \
        || { echo "$output"; echo "the guide's check $check plans no test" >&2; exit 1; }
done
(cd "$example" && ansible-playbook -i central.yml arubacentral.troubleshooting.fleet_compliance \
    -e compliance_policy=policy.yml -e compliance_fail_on_violation=false -e compliance_report_dir=reports "$@")
[ -s "$example/reports/compliance.json" ] || { echo "the guide's example wrote no report" >&2; exit 1; }

# Recheck only what failed: a run into a history, the offline access point mended, then the ready playbook rechecks
# the last run's violations only; it still fails on the one left, says what was resolved, and sends nothing else.
history="$SIMULATOR_WORKDIR/history.sqlite"
ansible-playbook -i inventory.yml arubacentral.troubleshooting.fleet_compliance -e compliance_policy=policy.yml \
    -e compliance_history="$history" -e compliance_fail_on_violation=false -e compliance_report_dir="$REPORT_DIR/full" \
    > /dev/null
python -c 'import json, sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/sim/devices", data=json.dumps(
    {"TESTAP0002": {"online": True}}).encode(), method="POST"))' "$CENTRAL_BASE_URL"
before="$(starts)"
if output="$(ansible-playbook -i inventory.yml arubacentral.troubleshooting.fleet_compliance -e compliance_policy=policy.yml \
        -e compliance_history="$history" -e compliance_recheck=violations -e compliance_report_dir="$REPORT_DIR/recheck" 2>&1)"; then
    echo "$output"; echo "the recheck with a violation left should have failed" >&2; exit 1
fi
echo "$output" | grep -qE "recheck of run [^:]+: 4 violation\(s\), 4 rechecked: 3 resolved, 1 still violate" \
    || { echo "$output"; echo "the recheck did not say what it rechecked" >&2; exit 1; }
[ "$(( $(starts) - before ))" = 4 ] || { echo "the recheck sent $(( $(starts) - before )) tests, not 4" >&2; exit 1; }
[ -s "$REPORT_DIR/recheck/compliance.json" ] || { echo "the recheck wrote no report" >&2; exit 1; }

echo "compliance: check mode, run, failure on violations, bad policies, the guide's example and a recheck as expected"
