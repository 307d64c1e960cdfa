#!/usr/bin/env bash
# A fleet run into a small window budget through ansible-playbook: the plan said before anything starts (and in
# check mode), the tests that fit run and the others are labelled "not checked: budget" in the reports (never a
# pass), the play fails as incomplete after its reports, no 429 is provoked; a window that resets soon spreads the
# run instead, every test checked; budget=refuse starts nothing.
set -euo pipefail
source ../setup_simulator/simulator.sh
# 40 generated devices (16 access points) and the well-known ones: 23 access points, 46 tests, 60 requests an hour.
start_simulator --test-duration 0.2 --devices 40 --window-budget 60 --window-seconds 3600 --rate-headers ratelimit \
    --reset-form seconds
reports="$SIMULATOR_WORKDIR/reports"
stat() { simulator_call /sim/stats | python -c 'import json, sys; print(json.load(sys.stdin)["stats"].get(sys.argv[1], 0))' "$1"; }
play=(ansible-playbook -i workspace.central.yml arubacentral.troubleshooting.fleet_compliance
      -e compliance_policy="$PWD/policy.yml")

# Check mode: the plan, and nothing started.
output="$("${play[@]}" -e compliance_report_dir="$reports/check" --check 2>&1)" || { echo "$output"; exit 1; }
echo "$output" | grep -qE "budget: 46 tests need about 103 requests \(and up to [0-9]+ for failing devices' events\); Central reports [0-9]+ left in this window \(resets [0-9T:-]+Z\): about [0-9]+% of the tests \([0-9]+ of 46\) fit now; the first [0-9]+ run and the other [0-9]+ are marked 'not checked: budget'" \
    || { echo "$output"; echo "check mode does not say the plan" >&2; exit 1; }
[ "$(stat start)" = 0 ] || { echo "check mode started a test" >&2; exit 1; }

# The run: what fits runs, the rest is labelled; the play fails after its reports, as incomplete.
if output="$("${play[@]}" -e compliance_report_dir="$reports/partial" 2>&1)"; then
    echo "$output"; echo "a run that could not check every test passed" >&2; exit 1
fi
echo "$output" | grep -qE "tests not checked: Central's budget \([0-9]+ requests left until [0-9T:-]+Z\) did not hold the run" \
    || { echo "$output"; echo "the failure does not say the budget" >&2; exit 1; }
echo "$output" | grep -qE "failed=1 " || { echo "$output"; exit 1; }
python - "$reports/partial/compliance.json" "$(stat start)" "$(stat rate_limited)" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
rows, started, limited = report["verdicts"], int(sys.argv[2]), int(sys.argv[3])
labelled = [row for row in rows if any(reason.startswith("not checked: budget") for reason in row["reasons"])]
budget = report["summary"]["budget"]
assert len(rows) == 46 and len(labelled) == budget["not_checked"] == 46 - budget["fitting"] > 0, budget
assert all(row["verdict"] == "error" for row in labelled), "an unchecked row must never pass"
# Only the tests that fit were sent (an offline or forbidden device's start is refused, not counted), no 429.
assert started <= budget["fitting"] == len(rows) - len(labelled) and limited == 0, (started, limited, budget)
print("partial: %d checked, %d not checked: budget, %d starts, %d 429s" % (budget["fitting"], len(labelled), started, limited))
PY

# refuse (in a new window: the partial run spent this one): nothing started, the plan is the error.
simulator_call /sim/reset '{}' > /dev/null
before="$(stat start)"
if output="$("${play[@]}" -e compliance_report_dir="$reports/refuse" -e compliance_budget=refuse 2>&1)"; then
    echo "$output"; exit 1
fi
echo "$output" | grep -q "nothing is started (budget: refuse)" || { echo "$output"; exit 1; }
[ "$(stat start)" = "$before" ] || { echo "budget=refuse started a test" >&2; exit 1; }

# A window that resets soon: the pace spreads the run over the windows it needs, every test checked, no 429 storm.
simulator_call /sim/reset '{}' > /dev/null
simulator_call /sim/config '{"window_budget": 40, "window_seconds": 8}' > /dev/null
# (The play fails on the simulator's own offline and forbidden access points, after its reports.)
output="$("${play[@]}" -e compliance_report_dir="$reports/windows" 2>&1)" || true
echo "$output" | grep -qE "budget: 46 tests need about 103 requests \(and up to [0-9]+ for failing devices' events\); Central reports [0-9]+ left in this window \(resets [0-9T:-]+Z\): it fits across [0-9]+ more window\(s\)" \
    || { echo "$output"; echo "the plan does not spread the run" >&2; exit 1; }
python - "$reports/windows/compliance.json" "$(stat rate_limited)" <<'PY'
import json, sys
report, limited = json.load(open(sys.argv[1])), int(sys.argv[2])
assert report["counts"]["pass"] == 42 and report["counts"]["offline"] == 2 and report["counts"]["error"] == 2, report["counts"]
assert not report["summary"]["budget"]["not_checked"] and limited <= 3, (report["summary"]["budget"], limited)
print("windows: %s, %d 429s, %.1f s" % (report["counts"], limited, report["summary"]["wall_seconds"]))
PY
