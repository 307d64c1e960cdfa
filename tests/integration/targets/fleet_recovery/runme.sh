#!/usr/bin/env bash
# The ready recovery playbook on the simulator: --check shows the port it would bounce and sends nothing;
# the real run bounces PoE on the offline AP's switch port once, and the recheck finds the AP answering again.
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 1
reports="$SIMULATOR_WORKDIR/reports"
simulator_call /sim/uplinks '{"TESTCX0001/1/1/7": "TESTAP0002"}' > /dev/null
args=(-i inventory.yml arubacentral.troubleshooting.fleet_poe_recover -e recover_wait_seconds=1
      -e '{"reachability_destinations": ["10.0.0.53"]}')

output="$(ansible-playbook "${args[@]}" -e "recover_report_dir=$reports/check" --check --diff 2>&1)" \
    || { echo "$output"; exit 1; }
echo "$output" | grep -q "1 access point(s) got no reply: ap-offline" || { echo "$output"; exit 1; }
echo "$output" | grep -q "PoE bounces: ap-offline on TESTCX0001 on 1/1/7" || { echo "$output"; exit 1; }
[ "$(simulator_call /sim/stats | python -c 'import json, sys; print(json.load(sys.stdin)["actions"])')" = "{}" ] \
    || { echo "check mode sent an action" >&2; exit 1; }
[ ! -e "$reports/check/after" ] || { echo "check mode checked again" >&2; exit 1; }

# The after check is a recheck of the before run's violations (from the history): the bounced access point is
# resolved, the lossy one (nothing to bounce for it) still violates.
output="$(ansible-playbook "${args[@]}" -e "recover_report_dir=$reports/real" "$@" 2>&1)" || { echo "$output"; exit 1; }
echo "$output" | grep -qE "recheck of run [0-9a-f]+: 2 violation\(s\), 2 rechecked: 1 resolved, 1 still violate" \
    || { echo "$output"; echo "the after check is no recheck of the before run" >&2; exit 1; }
python - "$reports/real" "$(simulator_call /sim/stats)" <<'PY'
import json, sys
before = json.load(open(sys.argv[1] + "/before/reachability.json"))
after = json.load(open(sys.argv[1] + "/after/reachability.json"))
actions = json.loads(sys.argv[2])["actions"]
assert before["devices"]["ap-offline"]["verdict"] == "offline" and before["devices"]["ap-lossy"]["answered"] is True
assert sorted(after["devices"]) == ["ap-lossy", "ap-offline"], after["devices"]
assert after["devices"]["ap-offline"]["verdict"] == "pass" and after["devices"]["ap-lossy"]["verdict"] == "fail"
assert after["drift_counts"]["resolved"] == 1 and after["summary"]["total"] == 2, after["drift_counts"]
assert actions == {"TESTCX0001/poeBounce": 1}, actions
print("before: %s; bounced: %s; after: %s" % (before["counts"], actions, after["counts"]))
PY

# The modules one by one: check mode, changed, a partial bounce, a start answered 500 sent once.
simulator_call /sim/reset '{}' > /dev/null
ansible-playbook -i inventory.yml modules.yml "$@"
