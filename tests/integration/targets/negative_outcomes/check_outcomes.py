"""One cell of the negative-outcome matrix: what ansible-playbook made of a ready playbook (or the fleet tasks) run
into answers that are negative. Asserts the exit code, that no host was UNREACHABLE, that the reports were written
with the right verdict on each row, and, where the play went on, every host's central_verdicts; prints a table row.

    check_outcomes.py TABLE NAME OUTCOME RC EXPECTED_RC LOG REPORT_DIR [FACTS_JSON]
"""

import glob
import json
import re
import sys

# How each device's tests end, whatever it is aimed at (inventory.yml; runme.sh tells the simulator).
DEVICES = {"ap-offline": "offline", "ap-unknown": "error", "ap-failed": "error", "ap-empty": "error",
           "ap-stuck": "error", "gw-failed": "error"}
GOOD = ("ap-good", "gw-good", "cx-good")
# What each check is aimed at that never answers as it should, and the words its reason says it with.
DEAD = {
    "reachability": {"192.0.2.7": "100% loss"},
    "path_check": {"192.0.2.7": "destination not reached"},
    "mtu_check": {"192.0.2.7": "no packet size got through"},
    "service_check": {"gone.invalid": "did not resolve", "app.example.com:9": "no TCP connection",
                      "http://app.example.com/status/503": "status 503"},
    "compliance": {"192.0.2.7": "reachable is false", "gone.invalid": "resolved is false",
                   "app.example.com:9": "connected is false", "http://app.example.com/status/503": "success is false",
                   "10.1.1.10": "authenticated is false"},
}
# The check a ready playbook's report and per-host fact are named after, where it is not the playbook's own name.
CHECK_OF = {"poe_recover": "reachability", "compliance_report": "compliance"}
# Only the gateway's HTTP test reads the status line: an access point and a CX switch report a download.
ANSWERS_ANYWAY = {("ap-good", "http://app.example.com/status/503"), ("cx-good", "http://app.example.com/status/503")}


def expected_verdict(check, outcome, name, destination):
    if outcome == "Central gone":
        return "error"
    if name in DEVICES:
        return DEVICES[name]
    if destination in DEAD[check] and (name, destination) not in ANSWERS_ANYWAY:
        return "fail"
    return "pass"


def main():
    table, name, outcome, rc, expected_rc, log, report_dir = sys.argv[1:8]
    facts = sys.argv[8] if len(sys.argv) > 8 else None
    output = open(log).read()
    problems = []
    if int(rc) != int(expected_rc):
        problems.append("exit code %s, documented %s" % (rc, expected_rc))
    recap = re.findall(r"^(\S+)\s+: ok=\d+\s+changed=\d+\s+unreachable=(\d+)", output, re.M)
    if not recap or any(count != "0" for _host, count in recap) or "UNREACHABLE!" in output:
        problems.append("a host was UNREACHABLE (or no recap): %s" % recap)
    check = CHECK_OF.get(name, name)
    reports = sorted(glob.glob("%s/*.json" % report_dir))
    verdicts = {}
    if name in ("tasks",):
        verdicts = tasks_cell(json.load(open(facts)), problems)
    elif len(reports) != 1 or not glob.glob("%s/*.html" % report_dir) or not glob.glob("%s/*.junit.xml" % report_dir):
        problems.append("reports not written in %s: %s" % (report_dir, reports))
    else:
        report = json.load(open(reports[0]))
        for row in report["verdicts"]:
            wanted = expected_verdict(check, outcome, row["name"], row["destination"])
            verdicts[row["verdict"]] = verdicts.get(row["verdict"], 0) + 1
            # Through an outage: the verdict of the answer where the retries rode it out, else an error that says
            # Central failed; never missing, never a pass that was not checked.
            allowed = (wanted, "error") if outcome == "Central 500 for a while" else (wanted,)
            where = "%s %s" % (row["name"], row["destination"])
            if row["verdict"] not in allowed:
                problems.append("%s: %s, wanted %s (%s)" % (where, row["verdict"], wanted, row["reasons"]))
            elif row["verdict"] == "fail" and not any(DEAD[check][row["destination"]] in text for text in row["reasons"]):
                problems.append("%s: reasons %s do not say %r" % (where, row["reasons"], DEAD[check][row["destination"]]))
            elif row["verdict"] == "error" and not row["reasons"]:
                problems.append("%s %s: an error with no reason" % (row["name"], row["destination"]))
        names = set(row["name"] for row in report["verdicts"])
        if not names >= set(DEVICES) & names or not names & set(GOOD):
            problems.append("rows missing: %s" % sorted(names))
        if facts:
            per_host = json.load(open(facts))
            for host in names:
                fact = (per_host.get(host) or {}).get(check)
                if not fact or fact.get("verdict") not in ("pass", "fail", "error", "offline"):
                    problems.append("host %s has no central_verdicts.%s: %s" % (host, check, per_host.get(host)))
    written = "tasks result" if name == "tasks" else ("written" if reports else "NOT WRITTEN")
    row = "| %-26s | %-28s | %-12s | %-40s | %2s |" % (name, outcome, written, ", ".join(
        "%d %s" % (count, verdict) for verdict, count in sorted(verdicts.items())), rc)
    with open(table, "a") as handle:
        handle.write(row + "\n")
    print(row)
    if problems:
        print(output[-4000:])
        sys.exit("%s / %s:\n  %s" % (name, outcome, "\n  ".join(problems)))


def tasks_cell(results, problems):
    """The fleet tasks of tasks.yml: their results as registered, and that the next task ran to write them."""
    diagnostics, remediation = results["diagnostics"], results["remediation"]
    if diagnostics.get("failed") or diagnostics.get("unreachable"):
        problems.append("fleet_diagnostics with fail_on never failed: %s" % diagnostics.get("msg"))
    rows = diagnostics["results"]
    if any(key in row for row in rows for key in ("unreachable", "failed", "skipped", "failed_when_result")) \
            or any(key.startswith("_ansible") for row in rows for key in row):
        problems.append("a result row carries a key Ansible reads as a loop result")
    negative = [row["test"] for row in rows if row["negative_answer"]]
    if negative != ["ping", "traceroute", "nslookup", "tcp", "http", "aaa"]:
        problems.append("negative answers: %s" % negative)
    outcomes = [row["outcome"] for row in rows[7:]]
    if outcomes != ["error", "error", "failed", "succeeded", "running"]:
        problems.append("offline, unknown, FAILED, no output, outlived wait_timeout: %s" % outcomes)
    if not (remediation.get("failed") and "NOSUCHAS001: Device not found" in remediation["msg"]
            and [row["outcome"] for row in remediation["results"]] == ["succeeded", "error"]):
        problems.append("fleet_remediation: %s" % remediation.get("msg"))
    counts = {}
    for row in rows:
        key = "negative" if row["negative_answer"] else row["outcome"]
        counts[key] = counts.get(key, 0) + 1
    return counts


if __name__ == "__main__":
    main()
