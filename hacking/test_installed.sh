#!/usr/bin/env bash
# Build the collection tarball, install it into an empty path, check that ansible-builder reads its
# execution-environment requirements, and run a module from the installed copy (configured through
# module_defaults and the action group) against the simulator: a file missing from the build fails here.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
simulator=""
trap '[ -z "$simulator" ] || kill "$simulator" 2>/dev/null; rm -rf "$work"' EXIT

# Only the installed copy may be found: not the working tree's copy under .build/.
export ANSIBLE_COLLECTIONS_PATH="$work/collections"
ansible-galaxy collection build --output-path "$work" . > /dev/null
tarball="$(ls "$work"/arubacentral-troubleshooting-*.tar.gz)"
ansible-galaxy collection install -p "$work/collections" "$tarball" > /dev/null
installed="$work/collections/ansible_collections/arubacentral/troubleshooting"
for path in plugins/modules/ping.py plugins/module_utils/_client.py plugins/plugin_utils/_fleet.py plugins/doc_fragments/connection.py \
            plugins/filter/fleet_tests.py roles/reachability/meta/argument_specs.yml playbooks/fleet_reachability.yml \
            meta/runtime.yml meta/execution-environment.yml requirements.txt bindep.txt docs/docsite/extra-docs.yml; do
    [ -f "$installed/$path" ] || { echo "the build lacks $path" >&2; exit 1; }
done
for path in Makefile .venv .build hacking; do
    [ ! -e "$installed/$path" ] || { echo "the build should not ship $path" >&2; exit 1; }
done

ansible-builder introspect --sanitize "$work/collections" > "$work/introspect.txt"
grep -q "requests.*# from collection arubacentral.troubleshooting" "$work/introspect.txt" \
    || { cat "$work/introspect.txt"; echo "ansible-builder did not read meta/execution-environment.yml" >&2; exit 1; }
ansible-builder create -f tests/ee/execution-environment.yml -c "$work/ee-context" --output-filename Containerfile > /dev/null
[ -s "$work/ee-context/Containerfile" ] || { echo "ansible-builder create wrote no Containerfile" >&2; exit 1; }

python3 tests/simulator/central_simulator.py --port 0 --port-file "$work/port" --test-duration 0.5 > /dev/null 2>&1 &
simulator=$!
for _attempt in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
cat > "$work/play.yml" <<PLAY
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/arubacentral.troubleshooting.central:
      base_url: http://127.0.0.1:$(cat "$work/port")
      token_url: http://127.0.0.1:$(cat "$work/port")/as/token.oauth2
      client_id: sim-client
      client_secret: sim-secret
      token_cache: false
  tasks:
    - name: Ping from the installed collection
      arubacentral.troubleshooting.ping:
        device_type: ap
        serial_number: TESTAP0001
        destination: 10.0.0.53
        poll_interval: 0.2
      register: installed_ping
    - name: It ran from the installed copy and came back typed
      ansible.builtin.assert:
        that:
          - installed_ping.result.packets_transmitted == 5
          - installed_ping.result.reachable
PLAY
ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false \
    ansible-playbook "$work/play.yml" > "$work/play.log" 2>&1 || { cat "$work/play.log"; exit 1; }
echo "installed collection: build, ansible-builder and a module run from $tarball passed"
