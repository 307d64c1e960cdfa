#!/usr/bin/env bash
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 3

ansible-playbook -i "$INVENTORY_PATH" main.yml "$@"

# At -vvv, neither the client secret nor a token may appear anywhere in the output.
output="$(ansible-playbook -i "$INVENTORY_PATH" secrets.yml -vvv 2>&1)"
echo "$output" | grep -q "ok: \[testhost\]" || { echo "$output"; exit 1; }
if echo "$output" | grep -E -q "sim-secret|sim-static-token|access_token\": \"[0-9a-f]{32}"; then
    echo "a secret or token leaked into the output" >&2
    exit 1
fi
