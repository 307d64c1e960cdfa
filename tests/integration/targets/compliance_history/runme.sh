#!/usr/bin/env bash
# A policy run twice against the simulator, remembered in a real PostgreSQL server (started here on 127.0.0.1 with
# its own data directory, stopped after) and in SQLite: the second run's drift, fail_on new, the report rendered
# from the history alone; the metrics file checked by promtool and pushed to a real Pushgateway that serves them
# back. The Makefile installs PostgreSQL, promtool and the Pushgateway (Debian's packages) when they are missing.
set -euo pipefail
source ../setup_simulator/simulator.sh
start_simulator --test-duration 0.2
export REPORT_DIR="$SIMULATOR_WORKDIR/reports"
INVENTORY=../compliance/inventory.yml
PG_BIN=""
for dir in /usr/lib/postgresql/*/bin; do PG_BIN="$dir"; done  # the newest installed (one on Debian 12)
for tool in promtool prometheus-pushgateway "$PG_BIN/initdb"; do
    command -v "$tool" > /dev/null || { echo "$tool is missing: make test installs it (make test-services)" >&2; exit 1; }
done
free_port() { python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# PostgreSQL on 127.0.0.1 (a server refuses to run as root: as the postgres user, in a directory of its own).
PG_DIR="$(mktemp -d)"; chmod 755 "$PG_DIR"; install -d -o postgres "$PG_DIR/data" "$PG_DIR/socket" "$PG_DIR/log"
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
PG_PORT="$(free_port)"
PUSH_PORT="$(free_port)"
cleanup() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop > /dev/null 2>&1 || true
    [ -n "${PUSH_PID:-}" ] && kill "$PUSH_PID" 2>/dev/null || true
    kill "$SIMULATOR_PID" 2>/dev/null || true
    rm -rf "$PG_DIR" "$SIMULATOR_WORKDIR"
}
trap cleanup EXIT
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U central > /dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/log/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR/socket" start > /dev/null \
    || { cat "$PG_DIR/log/server.log"; exit 1; }
as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U central history

# A Pushgateway on 127.0.0.1.
prometheus-pushgateway --web.listen-address="127.0.0.1:$PUSH_PORT" > "$PG_DIR/pushgateway.log" 2>&1 &
PUSH_PID=$!
export PUSHGATEWAY_URL="http://127.0.0.1:$PUSH_PORT"
for _attempt in $(seq 1 50); do
    curl -fs "$PUSHGATEWAY_URL/-/ready" > /dev/null 2>&1 && break
    sleep 0.2
done

devices() {
    python -c 'import json, sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/sim/devices", data=sys.argv[2].encode(), method="POST"))' \
        "$CENTRAL_BASE_URL" "$1"
}

for HISTORY in "postgresql://central@127.0.0.1:$PG_PORT/history" "$SIMULATOR_WORKDIR/history.sqlite"; do
    export HISTORY
    devices '{"TESTAP0001": {"loss_percent": 0}, "TESTAP0003": {"loss_percent": 40}}'
    ansible-playbook -i "$INVENTORY" run.yml -e run_name=first -e compliance_fail_on_violation=false "$@"
    devices '{"TESTAP0001": {"loss_percent": 40}, "TESTAP0003": {"loss_percent": 0}}'
    # fail_on new fails the play for the newly broken AP, and says so.
    if output="$(ansible-playbook -i "$INVENTORY" run.yml -e run_name=second -e compliance_fail_on=new 2>&1)"; then
        echo "$output"; echo "fail_on new should have failed on the new violation" >&2; exit 1
    fi
    echo "$output" | grep -q "2 violation(s) (new) on 1 device(s)" || { echo "$output"; exit 1; }
    python drift.py "$REPORT_DIR/second/compliance.json"

    # The report of run 2 from the history alone.
    run_id="$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["run"]["run_id"])' \
        "$REPORT_DIR/second/compliance.json")"
    ansible-playbook arubacentral.troubleshooting.fleet_compliance_report -e compliance_history="$HISTORY" \
        -e compliance_run_id="$run_id" -e compliance_report_dir="$REPORT_DIR/rendered" \
        -e compliance_fail_on_violation=false "$@"
    python drift.py "$REPORT_DIR/rendered/compliance.json"

    # The metrics: promtool's linter, and the Pushgateway serves the pushed series back.
    promtool check metrics < "$REPORT_DIR/second/compliance.prom"
    served="$(curl -fs "$PUSHGATEWAY_URL/metrics")"
    echo "$served" | grep -q \
        'arubacentral_compliance_passing{.*device="ap-healthy".*job="arubacentral_compliance".*policy="remembered"' \
        || { echo "$served" | grep arubacentral | head; echo "pushed series not served" >&2; exit 1; }
    rm -rf "$REPORT_DIR"
    echo "history $HISTORY: drift, fail_on new, report from history, promtool and Pushgateway as expected"
done

# PostgreSQL stopped in the middle of a run: the reports, metrics and per-host facts are out, the play fails (2)
# naming the cause, and the history's URL is never printed with a password.
export HISTORY="postgresql://central:pg-s3cret@127.0.0.1:$PG_PORT/history"
python -c 'import json, sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/sim/config", data=b"{\"test_duration\": 4}", method="POST"))' \
    "$CENTRAL_BASE_URL"
starts() {
    python -c 'import json, sys, urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1] + "/sim/stats"))["stats"].get("start", 0))' "$CENTRAL_BASE_URL"
}
before="$(starts)"
ansible-playbook -i "$INVENTORY" run.yml -e run_name=stopped -e compliance_fail_on_violation=false \
    > "$SIMULATOR_WORKDIR/stopped.log" 2>&1 &
run_pid=$!
# Stopped once the run's tests have started (its history is open by then), while they run.
for _attempt in $(seq 1 300); do
    [ "$(starts)" -gt "$before" ] && break
    sleep 0.1
done
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop > /dev/null
rc=0; wait "$run_pid" || rc=$?
output="$(cat "$SIMULATOR_WORKDIR/stopped.log")"
[ "$rc" = 2 ] || { echo "$output"; echo "the run should fail (2) when the history cannot record it, not $rc" >&2; exit 1; }
echo "$output" | grep -q "Run history not written: " || { echo "$output"; exit 1; }
echo "$output" | grep -q "the history postgresql://127.0.0.1:$PG_PORT/history: " || { echo "$output"; exit 1; }
echo "$output" | grep -q "pg-s3cret" && { echo "$output"; echo "the history's password was printed" >&2; exit 1; }
echo "$output" | grep -q "Give every host its central_verdicts" || { echo "$output"; exit 1; }
[ -s "$REPORT_DIR/stopped/compliance.json" ] && [ -s "$REPORT_DIR/stopped/compliance.prom" ] \
    || { echo "$output"; echo "the reports or metrics were lost with the history" >&2; exit 1; }
echo "history stopped mid-run: reports, metrics and facts kept, the cause named"
