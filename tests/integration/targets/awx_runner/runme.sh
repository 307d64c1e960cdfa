#!/usr/bin/env bash
# The AWX guide, for real: a job laid out as AWX lays it out (credential type and injector, inventory
# source, project playbook and extra variables read from docs/docsite/rst/guide_awx.rst) and run by
# ansible-runner, AWX's job runner, against the simulator.
set -euo pipefail
source ../setup_simulator/simulator.sh
# Tests that run 11 s, so that the fleet run prints a progress line (every 10 s).
start_simulator --test-duration 11 --devices 20
guide="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/arubacentral/troubleshooting/docs/docsite/rst/guide_awx.rst"
private="$SIMULATOR_WORKDIR/job"
base_url="$CENTRAL_BASE_URL"
# Only the credential's injector may tell the job where Central is and who it is.
unset CENTRAL_BASE_URL CENTRAL_TOKEN_URL CENTRAL_CLIENT_ID CENTRAL_CLIENT_SECRET CENTRAL_REQUESTS_PER_SECOND
python make_job.py "$guide" "$private" "$base_url"

# The job template's Limit: the generated access points (the simulator's fixed ones include an offline one).
status=0
ansible-runner run "$private" -p site.yml --ident job1 --limit '~^ap-0' > "$SIMULATOR_WORKDIR/runner.log" 2>&1 \
    || status=$?
python check_job.py "$private" job1 "$status" || { tail -60 "$SIMULATOR_WORKDIR/runner.log"; exit 1; }
