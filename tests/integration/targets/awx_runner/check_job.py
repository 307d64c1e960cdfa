"""Asserts on what ansible-runner left of the job: status, stdout events, reports under artifacts."""

import glob
import json
import os
import sys

private, ident, exit_status = sys.argv[1], sys.argv[2], int(sys.argv[3])
artifacts = os.path.join(private, "artifacts", ident)
with open(os.path.join(artifacts, "status")) as handle:
    status = handle.read().strip()
with open(os.path.join(artifacts, "rc")) as handle:
    rc = int(handle.read().strip())
assert (status, rc, exit_status) == ("successful", 0, 0), (status, rc, exit_status)

events = []
for path in glob.glob(os.path.join(artifacts, "job_events", "*.json")):
    with open(path) as handle:
        events.append(json.load(handle))
events.sort(key=lambda event: event["counter"])
kinds = [event["event"] for event in events]
# By kind, not by position: anything printed before the play (a library's deprecation warning on stderr, say)
# comes as "verbose" events ahead of playbook_on_start, and is not what this checks.
assert kinds.count("playbook_on_start") == 1 and kinds.count("playbook_on_stats") == 1, kinds
assert kinds.index("playbook_on_start") < kinds.index("playbook_on_stats"), kinds
assert all(kind in ("verbose", "playbook_on_start") for kind in kinds[:kinds.index("playbook_on_start") + 1]), kinds
stats = [event for event in events if event["event"] == "playbook_on_stats"][0]["event_data"]
assert not stats.get("failures") and not stats.get("dark"), stats
stdout = "\n".join(event.get("stdout", "") for event in events)
# The fleet run's progress lines reach the job's output while it runs, as their own events.
progress = [event for event in events if "tests done" in event.get("stdout", "")]
assert progress and all("fleet_diagnostics: " in event["stdout"] for event in progress), stdout[-3000:]
fleet_task = [event for event in events if event["event"] == "runner_on_ok"
              and event["event_data"].get("task", "").endswith("Run every check of the policy in one fleet run and write the reports")]
assert fleet_task and progress[0]["counter"] < fleet_task[0]["counter"], "progress came after the task's result"
summary = [event for event in events if event["event"] == "runner_on_ok"
           and event["event_data"].get("task", "").endswith("Print the plan (check mode) or the summary")]
assert summary, kinds
assert "sim-secret" not in stdout and "sim-secret" not in open(os.path.join(artifacts, "stdout")).read()

reports = os.path.join(private, "artifacts", "central-reports")
assert sorted(os.listdir(reports)) == ["reachability.html", "reachability.json", "reachability.junit.xml"]
with open(os.path.join(reports, "reachability.json")) as handle:
    report = json.load(handle)
hosts = {verdict["name"] for verdict in report["verdicts"]}
assert hosts and all(name.startswith("ap-0") for name in hosts), hosts
assert report["counts"]["pass"] == len(report["verdicts"]) == report["summary"]["total"], report["counts"]
assert report["parameters"]["destinations"] == ["10.0.0.53", "www.example.com"]
assert report["parameters"]["thresholds"]["max_packet_loss_percent"] == 5.0
print("job %s: %s, %d events, %d progress lines, %d tests passed, reports in %s"
      % (ident, status, len(events), len(progress), report["counts"]["pass"], reports))
