#!/usr/bin/env bash
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 1
ansible-playbook -i "$INVENTORY_PATH" main.yml "$@"

# The other diagnostics, at -vvv: the RADIUS password must not appear in anything Ansible prints.
export RADIUS_PASSWORD="radius-pw-$RANDOM-never-shown"
output="$(ansible-playbook -i "$INVENTORY_PATH" other.yml -vvv "$@" 2>&1)" || { echo "$output"; exit 1; }
if echo "$output" | grep -q -- "$RADIUS_PASSWORD"; then
    echo "$output" | grep -- "$RADIUS_PASSWORD" >&2; echo "the RADIUS password was printed" >&2; exit 1
fi
echo "$output" | tail -n 3
