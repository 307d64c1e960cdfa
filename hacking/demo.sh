#!/usr/bin/env bash
# make demo: install the collection from the working tree, start the Central simulator on
# 127.0.0.1 with a generated fleet, run the fleet reachability playbook against it, and
# print the summary and where the reports are. Needs the virtualenv make venv builds.
set -euo pipefail
cd "$(dirname "$0")/.."
top="$PWD"
demo="$top/.build/demo"
reports="$top/reports/demo"
rm -rf "$demo" && mkdir -p "$demo" "$reports"

echo "== Installing arubacentral.troubleshooting from the working tree"
ansible-galaxy collection build --force --output-path "$demo" . > /dev/null
ansible-galaxy collection install --force -p "$demo/collections" "$demo"/arubacentral-troubleshooting-*.tar.gz > /dev/null
export ANSIBLE_COLLECTIONS_PATH="$demo/collections"

echo "== Starting the Central simulator (its test devices, and 50 more: 3 offline, 3 lossy, 1 with a path problem)"
python3 tests/simulator/central_simulator.py --port 0 --port-file "$demo/port" \
    --devices 50 --offline 3 --lossy 3 --path-problems 1 --seed 42 --rate-limit 20 --test-duration 2 \
    > "$demo/simulator.log" 2>&1 &
simulator=$!
trap 'kill $simulator 2>/dev/null || true' EXIT
for _attempt in $(seq 1 100); do [ -s "$demo/port" ] && break; sleep 0.1; done
base_url="http://127.0.0.1:$(cat "$demo/port")"
echo "   listening on $base_url"

export CENTRAL_BASE_URL="$base_url" CENTRAL_TOKEN_URL="$base_url/as/token.oauth2"
export CENTRAL_CLIENT_ID=sim-client CENTRAL_CLIENT_SECRET=sim-secret CENTRAL_REQUESTS_PER_SECOND=20
export XDG_CACHE_HOME="$demo/cache" ANSIBLE_STDOUT_CALLBACK=default

# The inventory comes from Central itself: the central inventory plugin lists the simulator's
# workspace (the connection comes from the CENTRAL_* variables above).
echo "plugin: arubacentral.troubleshooting.central" > "$demo/demo.central.yml"
echo "== ansible-inventory -i demo.central.yml --list (the central inventory plugin)"
ansible-inventory -i "$demo/demo.central.yml" --list -v --output "$demo/inventory.json" | grep '^Central inventory' \
    | sed 's/^/   /'
python3 -c 'import json, sys
groups = json.load(open(sys.argv[1]))
print("   " + ", ".join("%s: %d hosts" % (name, len(groups[name]["hosts"])) for name in sorted(groups)
                      if name.startswith("central_") and "hosts" in groups[name]))' "$demo/inventory.json"

echo "== ansible-playbook -i demo.central.yml arubacentral.troubleshooting.fleet_reachability"
ansible-playbook -i "$demo/demo.central.yml" arubacentral.troubleshooting.fleet_reachability \
    -e '{"reachability_destinations": ["10.0.0.53", "www.example.com"], "reachability_fail_on_violation": false}' \
    -e "reachability_report_dir=$reports" | tee "$demo/playbook.log" \
    | grep -v -E '^(ok|skipping): \[|^[A-Za-z0-9_.-]+ +: ok=|^included: |^$' || true

[ "${PIPESTATUS[0]}" = 0 ] || { echo "the playbook failed: see $demo/playbook.log" >&2; exit 1; }
echo
echo "== Reports"
find "$reports" -maxdepth 1 -name 'reachability.*' | sort | sed 's/^/   /'
echo "   open $reports/reachability.html in a browser"
