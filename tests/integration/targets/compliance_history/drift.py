"""Assert the drift of the second run's report: python drift.py REPORT.json"""

import json
import sys

report = json.load(open(sys.argv[1]))
state = dict(((row["name"], row["destination"]), row["drift"]["state"]) for row in report["verdicts"])
# Run 1: the lossy AP failed (both targets), the healthy one passed. Run 2: the lossy one mended, the healthy one
# made lossy.
assert state[("ap-lossy", "10.2.0.1")] == "resolved", state
assert state[("ap-healthy", "10.1.0.1")] == "new", state
assert report["drift_counts"] == dict(new=2, persisting=2, flapping=0, resolved=2), report["drift_counts"]
assert sorted(row["name"] for row in report["resolved"]) == ["ap-lossy", "ap-lossy"]
trend = next(row for row in report["verdicts"] if row["name"] == "ap-healthy")["trend"]
assert len(trend) == 2 and all(value is not None for _when, value in trend), trend
assert report["runs_compared"] == 1 and len(report["site_trends"]["HQ Campus"]) == 2
print("drift of run 2 as expected:", report["summary_line"])
