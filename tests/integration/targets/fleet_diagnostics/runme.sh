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
