#!/usr/bin/env bash
# The vendor's own v1 client (pycentral 2.0a25, requirements-dev.txt) against the simulator: every operation x
# device type the SDK offers, through the SDK's own functions, with only its base URL and token endpoint
# pointed at the simulator. It shows the simulator speaks v1 as the vendor's client expects.
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 0.1
python drive_sdk.py "$CENTRAL_BASE_URL"
