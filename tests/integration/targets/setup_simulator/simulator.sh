# shellcheck shell=bash
# Sourced by runme.sh of integration targets: start_simulator [simulator options...]
# starts the Central simulator on a free loopback port, stops it on exit, and exports
# the connection settings the modules read from the environment.
# ansible-test copies only tests/integration/ to a temporary tree: find the simulator in the collection.
export SIMULATOR_DIR="${ANSIBLE_COLLECTIONS_PATH%%:*}/ansible_collections/arubacentral/troubleshooting/tests/simulator"
SIMULATOR_SCRIPT="$SIMULATOR_DIR/central_simulator.py"

start_simulator() {
    SIMULATOR_WORKDIR="$(mktemp -d)"
    export SIMULATOR_INVENTORY="$SIMULATOR_WORKDIR/inventory.json"
    python "$SIMULATOR_SCRIPT" --port 0 --port-file "$SIMULATOR_WORKDIR/port" --inventory "$SIMULATOR_INVENTORY" "$@" \
        > "$SIMULATOR_WORKDIR/simulator.log" 2>&1 &
    SIMULATOR_PID=$!
    trap 'kill "$SIMULATOR_PID" 2>/dev/null || true; rm -rf "$SIMULATOR_WORKDIR"' EXIT
    for _attempt in $(seq 1 100); do
        [ -s "$SIMULATOR_WORKDIR/port" ] && break
        sleep 0.1
    done
    [ -s "$SIMULATOR_WORKDIR/port" ] || { cat "$SIMULATOR_WORKDIR/simulator.log"; echo "simulator did not start" >&2; exit 1; }
    CENTRAL_BASE_URL="http://127.0.0.1:$(cat "$SIMULATOR_WORKDIR/port")"
    export CENTRAL_BASE_URL
    export CENTRAL_TOKEN_URL="$CENTRAL_BASE_URL/as/token.oauth2"
    export CENTRAL_CLIENT_ID=sim-client
    export CENTRAL_CLIENT_SECRET=sim-secret
    export CENTRAL_REQUESTS_PER_SECOND=100
    export XDG_CACHE_HOME="$SIMULATOR_WORKDIR/cache"
}

# simulator_call PATH [JSON]: GET a control endpoint of the simulator (or POST the JSON body); print its answer.
simulator_call() {
    python -c 'import json, sys, urllib.request
data = sys.argv[3].encode() if len(sys.argv) > 3 else None
request = urllib.request.Request(sys.argv[1] + sys.argv[2], data=data, method="POST" if data else "GET")
print(json.dumps(json.load(urllib.request.urlopen(request))))' "$CENTRAL_BASE_URL" "$@"
}
