#!/usr/bin/env bash
# The central inventory plugin against the simulator: ansible-inventory --list, then the ready
# reachability playbook on that inventory.
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 1 --devices 40 --offline 2
report_dir="$SIMULATOR_WORKDIR/reports"

output="$(ansible-inventory -i workspace.central.yml --list -v --output "$SIMULATOR_WORKDIR/inventory.json")"
python check_inventory.py < "$SIMULATOR_WORKDIR/inventory.json"
# Two lists of one page each, one token; the third-party switch is counted as left out.
echo "$output" | grep -q "Central inventory: 52 devices from 2 pages (3 requests with the token and retries); 1 left out" \
    || { echo "$output"; exit 1; }

# Two sources, the static one parsed after: a device named like a static host never gives it connection variables.
printf 'all:\n  hosts:\n    ap-healthy:\n      ansible_host: 192.0.2.10\n    bastion:\n      ansible_host: 192.0.2.1\n' \
    > "$SIMULATOR_WORKDIR/static.yml"
ansible-inventory -i workspace.central.yml -i "$SIMULATOR_WORKDIR/static.yml" --list \
    --output "$SIMULATOR_WORKDIR/two-sources.json"
python - "$SIMULATOR_WORKDIR/two-sources.json" <<'PY'
import json, sys
hostvars = json.load(open(sys.argv[1]))["_meta"]["hostvars"]
assert hostvars["ap-healthy"]["ansible_host"] == "192.0.2.10", hostvars["ap-healthy"]
assert hostvars["bastion"] == {"ansible_host": "192.0.2.1"}, hostvars["bastion"]
print("a static host parsed after the Central source keeps its own ansible_host")
PY

# A bad option is one clear error naming it, not a traceback.
printf 'plugin: arubacentral.troubleshooting.central\nstatus: [online]\n' > "$SIMULATOR_WORKDIR/bad.central.yml"
if output="$(ANSIBLE_INVENTORY_UNPARSED_FAILED=true ansible-inventory -i "$SIMULATOR_WORKDIR/bad.central.yml" --list 2>&1)"; then
    echo "$output"; echo "a bad option should fail" >&2; exit 1
fi
echo "$output" | grep -q "unknown option(s) status; allowed:" || { echo "$output"; exit 1; }
echo "$output" | grep -q "Traceback" && { echo "$output"; exit 1; }

# The ready playbook works unchanged on the plugin's inventory (the online APs of the workspace).
ansible-playbook -i workspace.central.yml arubacentral.troubleshooting.fleet_reachability \
    -e central_hosts=central_ap -e '{"reachability_destinations": ["10.0.0.53"], "reachability_fail_on_violation": false}' \
    -e reachability_report_dir="$report_dir" "$@"
python - "$report_dir/reachability.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
names = {verdict["name"]: verdict["verdict"] for verdict in report["verdicts"]}
assert names["ap-healthy"] == "pass" and names["ap-offline"] == "offline" and names["ap-lossy"] == "fail", names
assert names["TESTAP0004"] == "pass" and "ap-forbidden" in names, names
assert all(name.startswith(("ap", "TESTAP")) for name in names), names
print("reachability on the plugin's inventory:", report["counts"])
PY

# Devices whose name, model and site are Jinja that runs a command, and one named localhost: on every
# ansible-core the command never runs, in --graph (keyed_groups, compose) nor in a play, and the text arrives.
marker="$SIMULATOR_WORKDIR/pwned"
command="$(python hostile_rows.py "$CENTRAL_BASE_URL" "$marker")"
graph="$(ansible-inventory -i hostile.central.yml --graph)"
[ ! -e "$marker" ] || { echo "ansible-inventory --graph ran a command from a device name" >&2; exit 1; }
echo "$graph" | grep -q -- "--HOSTILEAP01" || { echo "$graph"; exit 1; }
echo "$graph" | grep -q -- "--HOSTILEAP02" || { echo "$graph"; exit 1; }
echo "$graph" | grep -q -- "--localhost" && { echo "$graph"; echo "a device took the name localhost" >&2; exit 1; }
echo "$graph" | grep -q "[{}]" && { echo "$graph"; echo "a group name holds a template marker" >&2; exit 1; }
# Devices named after groups (central_ap, all, ungrouped, ...) or numeric forms of the controller name no host:
# their serial numbers do, the inventory keeps every group's members, and the run says which.
ansible-inventory -i hostile.central.yml --list --output "$SIMULATOR_WORKDIR/hostile.json" \
    2> "$SIMULATOR_WORKDIR/warnings.txt"
python - "$SIMULATOR_WORKDIR/hostile.json" "$SIMULATOR_WORKDIR/warnings.txt" <<'PY'
import json, sys
inventory = json.load(open(sys.argv[1]))
hosts = set(inventory["_meta"]["hostvars"])
for number in range(1, 11):
    assert "HOSTILENM%02d" % number in hosts, sorted(hosts)
for name in ("central_ap", "central_site_hq_campus", "all", "ungrouped", "Central_AP", "127.1", "2130706433", "0x7f.1",
             "127.000.000.001", "0"):
    assert name not in hosts, name
assert "ap-healthy" in inventory["central_ap"]["hosts"] and len(inventory["central_ap"]["hosts"]) > 10, inventory["central_ap"]
assert "HOSTILENM01" in inventory["central_site_hq_campus"]["hosts"]
# Branch 12, branch-12 and BRANCH_12! would share central_site_branch_12: each has its own group instead.
assert "central_site_branch_12" not in inventory, sorted(inventory)
assert inventory["central_site_branch_12_2001"]["hosts"] == ["site-twin-1"], inventory.get("central_site_branch_12_2001")
assert inventory["central_site_branch_12_2002"]["hosts"] == ["site-twin-2"]
assert "ap-offline" in inventory["central_site_branch_12_1002"]["hosts"], sorted(inventory)
warnings = " ".join(open(sys.argv[2]).read().split())
assert "device HOSTILENM01 is named 'central_ap', a group's name: its host is HOSTILENM01" in warnings, warnings
assert "would all make the group central_site_branch_12" in warnings, warnings
print("names of groups and of the controller name no host; colliding sites have groups of their own")
PY
ansible-playbook -i hostile.central.yml hostile.yml -e read_file="$SIMULATOR_WORKDIR/read.json" "$@"
[ ! -e "$marker" ] || { echo "a play ran a command from a device name" >&2; exit 1; }
python - "$SIMULATOR_WORKDIR/read.json" "$command" <<'PY'
import json, sys
read, command = json.load(open(sys.argv[1])), sys.argv[2]
assert read["name"] == command and read["model"] == command, read
assert read["label"] == "%s at %s site" % (command, command), read
assert "central_ap" in read["groups"] and all("{" not in group for group in read["groups"]), read
print("hostile names arrive as text:", read["groups"])
PY
