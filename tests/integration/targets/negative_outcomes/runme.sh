#!/usr/bin/env bash
# The negative-outcome matrix: every ready playbook and the fleet tasks through ansible-playbook against the
# simulator, into the answers a check exists to find (a destination that never answers, a name that does not
# resolve, TCP refused, HTTP 5xx, a RADIUS reject), devices offline (409) or unknown (404), tasks that end FAILED,
# COMPLETED without output or outlive wait_timeout, then Central answering 500 for a while and Central gone.
# check_outcomes.py asserts each cell (exit code, no UNREACHABLE host, reports and their verdicts, per-host facts)
# and the table of them is printed at the end.
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 0.3 --devices 10
export CENTRAL_MAX_RETRIES=2
work="$SIMULATOR_WORKDIR"
table="$work/table.md"
printf '| %-26s | %-28s | %-12s | %-40s | rc |\n' "playbook or task" "outcome" "report" "verdicts" > "$table"

sim() {  # POST a JSON body to a control endpoint of the simulator
    python - "$CENTRAL_BASE_URL/sim/$1" "$2" <<'PY'
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], sys.argv[2].encode(), method="POST")).read()
PY
}
sim devices '{"SIMAP00001": {"task_outcome": "failed"}, "SIMGW00003": {"task_outcome": "failed"},
              "SIMAP00002": {"task_outcome": "no_output"}, "SIMAP00006": {"task_outcome": "never_ends"}}'

# Each ready playbook with what it is aimed at: one target that answers and one that does not.
declare -A ARGS=(
    [reachability]='{"reachability_destinations": ["10.0.0.53", "192.0.2.7"], "reachability_count": 2}'
    [path_check]='{"path_check_destinations": ["10.20.30.40", "192.0.2.7"]}'
    [mtu_check]='{"mtu_check_destinations": ["10.20.30.40", "192.0.2.7"]}'
    [service_check]='{"service_check_names": ["portal.example.com", "gone.invalid"],
                      "service_check_tcp_targets": ["app.example.com:443", "app.example.com:9"],
                      "service_check_urls": ["http://app.example.com/", "http://app.example.com/status/503"]}'
    [compliance]='{"compliance_policy": "policy.yml"}'
)

cell() {  # NAME OUTCOME EXPECTED_RC REPORT_DIR FACTS|- ansible-playbook arguments...
    local name="$1" outcome="$2" expected="$3" reports="$4" facts="$5" rc=0
    shift 5
    [ "$facts" = - ] || rm -f "$facts"
    ansible-playbook -i inventory.yml "$@" > "$work/cell.log" 2>&1 || rc=$?
    if [ "$facts" = - ]; then
        python check_outcomes.py "$table" "$name" "$outcome" "$rc" "$expected" "$work/cell.log" "$reports"
    else
        python check_outcomes.py "$table" "$name" "$outcome" "$rc" "$expected" "$work/cell.log" "$reports" "$facts"
    fi
}

preset() {  # PLAYBOOK OUTCOME EXPECTED_RC FAIL_ON_VIOLATION: the ready playbook, then after.yml in the same run
    local playbook="$1" outcome="$2" expected="$3" strict="$4" facts="$work/facts.json"
    local dir="$work/reports/$playbook/${outcome// /_}-$strict"
    # A play that fails ends the run before after.yml: the role's own task that sets the facts must have run.
    [ "$expected" = 0 ] || facts=-
    cell "$playbook" "$outcome" "$expected" "$dir" "$facts" \
        "arubacentral.troubleshooting.fleet_$playbook" after.yml -e "${ARGS[$playbook]}" \
        -e "{\"${playbook}_fail_on_violation\": $strict, \"${playbook}_wait_timeout\": 5}" \
        -e "${playbook}_report_dir=$dir" -e "compliance_history=$work/history.sqlite" -e compliance_run_id=matrix \
        -e facts_path="$work/facts.json"
}

negative="negative answers, device faults"
for playbook in reachability path_check mtu_check service_check compliance; do
    preset "$playbook" "$negative" 0 false
    # Told to fail on violations: the play fails (2), after the reports.
    dir="$work/reports/$playbook/strict"
    cell "$playbook" "$negative (fail on violation)" 2 "$dir" - "arubacentral.troubleshooting.fleet_$playbook" \
        -e "${ARGS[$playbook]}" -e "{\"${playbook}_wait_timeout\": 5}" -e "${playbook}_report_dir=$dir"
done

# The compliance run above, rendered again from the history alone.
cell compliance_report "$negative, from the history" 0 "$work/reports/compliance_report" - \
    arubacentral.troubleshooting.fleet_compliance_report -e compliance_history="$work/history.sqlite" \
    -e compliance_run_id=matrix -e compliance_report_dir="$work/reports/compliance_report" \
    -e compliance_fail_on_violation=false

# PoE recovery in check mode, when access points stop answering: the case it exists for.
cell poe_recover "$negative (check mode)" 0 "$work/reports/poe/before" "$work/facts.json" \
    arubacentral.troubleshooting.fleet_poe_recover after.yml --check -e "${ARGS[reachability]}" \
    -e reachability_wait_timeout=5 -e recover_report_dir="$work/reports/poe" -e facts_path="$work/facts.json"
grep -q "PoE bounces: ap-offline on TESTCX0001 on 1/1/5" "$work/cell.log" || { cat "$work/cell.log"; exit 1; }

# The fleet tasks in a user's playbook: the next task runs and keeps what they returned.
cell tasks "$negative" 0 - "$work/tasks.json" tasks.yml -e result_path="$work/tasks.json"

# Central answering 500 for a while: every row is judged or says it could not be (never missing, never a pass
# that was not checked); the play goes on.
for playbook in reachability path_check mtu_check service_check compliance; do
    sim config '{"outage_seconds": 2}'
    preset "$playbook" "Central 500 for a while" 0 false
done

# Central gone: nothing answers. The reports say error on every row, every host gets its facts, and the play
# fails (2) whatever fail_on_violation says: the check could not be made.
kill "$SIMULATOR_PID"
wait "$SIMULATOR_PID" 2> /dev/null || true
for playbook in reachability path_check mtu_check service_check compliance; do
    preset "$playbook" "Central gone" 2 false
    grep -q "Central unreachable since" "$work/cell.log" || { cat "$work/cell.log"; exit 1; }
    grep -A1 "Give every host its central_verdicts" "$work/cell.log" | grep -q "^ok: " || { cat "$work/cell.log"; exit 1; }
done

cat "$table"
