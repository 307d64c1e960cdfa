#!/usr/bin/env bash
set -euo pipefail
source ../setup_simulator/simulator.sh

# A generated fleet, rate limited like Central, and the client kept just under it.
start_simulator --devices 60 --offline 3 --lossy 4 --path-problems 1 --rate-limit 40 --test-duration 1
export CENTRAL_REQUESTS_PER_SECOND=40
ansible-playbook -i "$INVENTORY_PATH" -e "fleet_inventory=$SIMULATOR_INVENTORY" main.yml "$@"
kill "$SIMULATOR_PID"; wait "$SIMULATOR_PID" 2>/dev/null || true

# Faults: 20% of reads answered 500, slow answers, a rate limit below the client's pace
# (429 bursts), tokens that expire every 3 seconds and tokens revoked every 4 seconds, mid-run.
start_simulator --devices 60 --offline 3 --rate-limit 20 --test-duration 1 --error-rate 0.2 \
    --slow-rate 0.1 --slow-seconds 0.3 --token-ttl 3 --revoke-tokens-every 4
export CENTRAL_REQUESTS_PER_SECOND=40
output="$(ansible-playbook -i "$INVENTORY_PATH" -e "fleet_inventory=$SIMULATOR_INVENTORY" faults.yml -vvv 2>&1)" \
    || { echo "$output" | tail -80; exit 1; }
echo "$output" | grep -E -A3 "^TASK \[Show" || true
if echo "$output" | grep -E -q "sim-secret|access_token\": \"[0-9a-f]{32}|Bearer [0-9a-f]{32}"; then
    echo "a secret or token leaked into the -vvv output" >&2
    exit 1
fi

# Central goes away mid-run (the simulator is killed once 60 tests have started): the run gives up
# within one retry window (max_retries 3: 1 + 2 + 4 = 7 s), started tests keep their task_id and location.
kill "$SIMULATOR_PID"; wait "$SIMULATOR_PID" 2>/dev/null || true
start_simulator --devices 300 --rate-limit 50 --test-duration 2
export CENTRAL_REQUESTS_PER_SECOND=50
result="$SIMULATOR_WORKDIR/gone.json"
ansible-playbook -i "$INVENTORY_PATH" -e "fleet_inventory=$SIMULATOR_INVENTORY" -e "result_path=$result" gone.yml \
    > "$SIMULATOR_WORKDIR/gone.log" 2>&1 &
playbook=$!
for _attempt in $(seq 1 300); do
    started="$(python -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1] + "/sim/stats"))["stats"].get("start", 0))' "$CENTRAL_BASE_URL" 2>/dev/null || echo 0)"
    [ "$started" -ge 60 ] && break
    sleep 0.1
done
kill -9 "$SIMULATOR_PID"
wait "$playbook" || { cat "$SIMULATOR_WORKDIR/gone.log"; exit 1; }
python - "$result" <<'PY'
import json, sys
ran = json.load(open(sys.argv[1]))
summary = ran["summary"]
print("gave up: %s" % json.dumps({key: summary[key] for key in ("total", "started", "not_started", "wall_seconds",
      "retry_window_seconds", "gave_up_after_seconds", "requests", "retries")}))
assert ran["failed"] and ran["msg"].startswith("Central unreachable since "), ran["msg"]
assert summary["central_unreachable_since"] and summary["retry_window_seconds"] == 7.0, summary
assert summary["total"] == 300 and summary["started"] >= 60 and summary["not_started"] > 0, summary
assert summary["started"] + summary["not_started"] == 300, summary
# Given up one retry window after Central went away (backoffs are cut short at its end).
assert summary["gave_up_after_seconds"] <= summary["retry_window_seconds"] + 2.0, summary
started = [item for item in ran["results"] if item["task_id"]]
assert len(started) == summary["started"] and all(item["location"] for item in started)
assert all(item["error"] and "task_id" in item for item in ran["results"] if item["outcome"] == "error")
PY
