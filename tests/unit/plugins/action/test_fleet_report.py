# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.action import fleet_report

from ansible_collections.arubacentral.troubleshooting.tests.unit.plugins.plugin_utils.test_verdicts_and_reports import (
    RESULTS,
)


@pytest.fixture
def run_module(run_action_plugin):
    """fleet_report through its real entry point, the action plugin (check mode as the executor gives it)."""
    def run(plugin, args):
        check_mode = args.pop("_ansible_check_mode", False)
        return run_action_plugin(plugin, "arubacentral.troubleshooting.fleet_report", args, check_mode)
    return run


def test_writes_every_report_and_returns_verdicts(run_module, tmp_path):
    result = run_module(fleet_report, dict(check="reachability", results=RESULTS, report_dir=str(tmp_path / "out"),
                                           thresholds=dict(max_packet_loss_percent=10), summary=dict(wall_seconds=1.0)))
    assert result["rc"] == 0 and result["changed"] is True, result.get("msg")
    assert sorted(os.listdir(str(tmp_path / "out"))) == ["reachability.html", "reachability.json",
                                                         "reachability.junit.xml"]
    assert result["counts"] == {"pass": 2, "fail": 2, "error": 1, "offline": 1}
    assert result["summary_line"] == "reachability: 6 tests on 6 devices: 2 pass, 2 fail, 1 error, 1 offline (4 critical)"
    assert result["summary_lines"][1] == "FAIL: dead ping 10.0.0.1 (no reply from the destination (100% loss))"
    assert result["summary_lines"][-1].startswith("junit report: ")
    with open(result["reports"]["json"]) as handle:
        data = json.load(handle)
    assert data["parameters"]["thresholds"] == {"max_packet_loss_percent": 10.0}


def test_check_mode_writes_nothing(run_module, tmp_path):
    result = run_module(fleet_report, dict(check="reachability", results=RESULTS, report_dir=str(tmp_path / "out"),
                                           formats=["json"], _ansible_check_mode=True))
    assert result["rc"] == 0 and result["changed"] is False
    assert not (tmp_path / "out").exists()
    assert result["reports"] == {"json": str(tmp_path / "out" / "reachability.json")}
    # The verdicts are judged all the same, as a run's are.
    assert result["by_check"]["reachability"]["offline"] == 1 and result["severity_counts"]["critical"] == 3


def test_unwritable_report_dir_fails_clearly(run_module, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_module(fleet_report, dict(check="reachability", results=RESULTS, report_dir=str(blocker / "sub")))
    assert result["rc"] == 1 and result["msg"].startswith("cannot write the reports to report_dir")


def test_results_that_judge_nothing_fail_and_pass_nothing(run_module, tmp_path):
    result = run_module(fleet_report, dict(check="mtu_check", results=[], report_dir=str(tmp_path / "out")))
    assert result["rc"] == 1 and result["msg"] == ("results is empty: mtu_check has nothing to judge, and nothing "
                                                   "passes unchecked")
    assert not (tmp_path / "out").exists()


def test_a_threshold_of_another_check_is_named(run_module, tmp_path):
    result = run_module(fleet_report, dict(check="reachability", results=RESULTS, report_dir=str(tmp_path),
                                           thresholds=dict(max_hops=3)))
    assert result["rc"] == 1 and "thresholds max_hops are not thresholds of reachability" in result["msg"]


def test_results_of_another_test_fail_clearly(run_module, tmp_path):
    result = run_module(fleet_report, dict(check="path_check", results=RESULTS, report_dir=str(tmp_path)))
    assert result["rc"] == 1 and result["msg"] == "results[0] is a ping result; path_check reads traceroute results"


def test_a_preset_check_remembers_its_runs_and_fails_only_on_new_violations(run_module, tmp_path):
    args = dict(check="reachability", report_dir=str(tmp_path / "out"), thresholds=dict(max_packet_loss_percent=10),
                history=str(tmp_path / "history.sqlite"), fail_on="new")
    first = run_module(fleet_report, dict(args, results=RESULTS))
    assert first["rc"] == 0 and first["drift_counts"]["new"] == len(first["violations"]) == len(first["failing"])
    # Run 2: the first violating device passes now; every other violation persists.
    fixed_name = first["violations"][0]["name"]
    mended = [dict(entry, outcome="succeeded", error=None, result=dict(RESULTS[0]["result"]))
              if entry["name"] == fixed_name else entry for entry in RESULTS]
    second = run_module(fleet_report, dict(args, results=mended))
    assert [row["name"] for row in second["resolved"]] == [fixed_name] and second["failing"] == []
    assert second["drift_counts"]["persisting"] == len(second["violations"]) == len(first["violations"]) - 1
    with open(second["reports"]["html"]) as handle:
        page = handle.read()
    assert "<th>Drift</th>" in page and "persisting since " in page and "1 resolved" in page


def test_a_preset_history_that_cannot_record_keeps_the_reports(run_module, tmp_path, monkeypatch):
    from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _history as history_module

    def stopped(self, run, rows, keep_runs=None, keep_days=None, now=None):
        raise RuntimeError("server closed the connection unexpectedly")
    monkeypatch.setattr(history_module.History, "record", stopped)
    result = run_module(fleet_report, dict(check="reachability", results=RESULTS, report_dir=str(tmp_path / "out"),
                                           thresholds=dict(max_packet_loss_percent=10),
                                           history=str(tmp_path / "history.sqlite")))
    assert result["rc"] == 1 and result["incomplete"] == result["msg"], result
    assert "Run history not written" in result["msg"] and "server closed the connection" in result["msg"]
    assert os.path.exists(result["reports"]["json"]) and result["devices"] and result["verdicts"]


def test_a_preset_history_of_another_application_is_refused_and_the_reports_kept(run_module, tmp_path):
    import sqlite3
    path = tmp_path / "history.sqlite"
    with sqlite3.connect(str(path)) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    os.chmod(str(path), 0o600)
    result = run_module(fleet_report, dict(check="reachability", results=RESULTS, report_dir=str(tmp_path / "out"),
                                           history=str(path)))
    assert result["rc"] == 1 and "holds tables of another application (songs)" in result["msg"], result
    # The tests ran before fleet_report: their reports come out (without drift), and the history is never touched.
    assert os.path.exists(result["reports"]["json"]) and result["incomplete"] == result["msg"]
    with sqlite3.connect(str(path)) as connection:
        assert [row[0] for row in connection.execute("SELECT name FROM sqlite_master")] == ["songs"]
