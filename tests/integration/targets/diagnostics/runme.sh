#!/usr/bin/env bash
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 1
ansible-playbook -i "$INVENTORY_PATH" main.yml "$@"
