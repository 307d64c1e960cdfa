# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks that remember, through fleet_compliance's entry point against the simulator with an SQLite history:
drift between runs (new, persisting, resolved, flapping), fail_on, trends, slices of one run, a report from the
history alone, retention, the schema version, two runs writing at once, and the metrics file. The same runs on a
real PostgreSQL are in tests/integration/targets/compliance_history."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.action import fleet_compliance
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _history as history_module
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _metrics as metrics
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError

DEVICES = (("TESTAP0001", "HQ"), ("TESTAP0003", "Branch"), ("TESTAP0005", "Branch"))
HOSTS = dict(("ap-%d" % index, dict(central_serial_number=serial, central_device_type="ap", central_site=site,
                                    central_site_id="100%d" % index)) for index, (serial, site) in enumerate(DEVICES))
POLICY = dict(name="remembered", checks=[dict(name="gateway", test="ping", hosts="all", targets=["10.0.0.1"],
                                              options=dict(count=5), expect=dict(packet_loss_percent="<= 10"))])
VARIABLES = dict(hostvars=HOSTS, groups=dict(all=list(HOSTS)), ansible_play_hosts_all=list(HOSTS))


@pytest.fixture
def run_checked(run_action_plugin, simulator, tmp_path):
    def run(loss=None, variables=None, **options):
        if loss:
            simulator.control("/sim/devices", dict((serial, dict(loss_percent=value)) for serial, value in loss.items()))
        args = simulator.params(policy=POLICY, report_dir=str(tmp_path / "reports"), poll_interval=0.1,
                                history=str(tmp_path / "history.sqlite"), events_since="off")
        args.update(options)
        return run_action_plugin(fleet_compliance, "arubacentral.troubleshooting.fleet_compliance", args, False,
                                 variables or VARIABLES)
    return run


def drift_of(result, name):
    rows = [row for row in result["violations"] + result["resolved"] if row["name"] == name]
    return rows[0]["drift"]["state"] if rows else None


def test_drift_between_runs_and_fail_on_new(run_checked, tmp_path):
    first = run_checked(loss={"TESTAP0001": 0, "TESTAP0003": 40, "TESTAP0005": 0})
    assert first["rc"] == 0, first
    assert drift_of(first, "ap-1") == "new" and first["drift_counts"] == dict(new=1, persisting=0, flapping=0,
                                                                              resolved=0)
    # Run 2: ap-1 still lossy, ap-0 newly broken, nothing fixed yet.
    second = run_checked(loss={"TESTAP0001": 40}, fail_on="new")
    assert drift_of(second, "ap-1") == "persisting" and drift_of(second, "ap-0") == "new"
    persisting = next(row for row in second["violations"] if row["name"] == "ap-1")["drift"]
    assert persisting["runs"] == 2 and persisting["since"].endswith("Z")
    assert [row["name"] for row in second["failing"]] == ["ap-0"]  # fail_on new: only the new violation
    # Run 3: ap-1 fixed (resolved), ap-0 still broken.
    third = run_checked(loss={"TESTAP0003": 0})
    assert [row["name"] for row in third["resolved"]] == ["ap-1"] and drift_of(third, "ap-1") == "resolved"
    assert third["drift_counts"]["resolved"] == 1 and drift_of(third, "ap-0") == "persisting"
    # Runs 4 and 5: ap-1 breaks again, then mends: 4 changes in the last runs is flapping.
    run_checked(loss={"TESTAP0003": 40})
    fifth = run_checked(loss={"TESTAP0003": 0})
    assert fifth["rc"] == 0, fifth
    report = json.loads((tmp_path / "reports" / "compliance.json").read_text())
    # fail, fail, pass, fail, pass: 3 changes in 5 runs, flapping (a passing row, so in the verdicts, not the violations).
    row = next(item for item in report["verdicts"] if item["name"] == "ap-1")
    assert row["verdict"] == "pass" and row["drift"]["state"] == "flapping" and row["drift"]["changes"] == 3
    trend = next(item for item in report["verdicts"] if item["name"] == "ap-0")["trend"]
    assert len(trend) == 5 and all(isinstance(value, float) for _when, value in trend)
    assert len(report["site_trends"]["Branch"]) == 5 and report["site_trends"]["HQ"][0][1] == 1.0
    assert report["runs_compared"] == 4 and report["previous_run"]["run_id"]
    page = (tmp_path / "reports" / "compliance.html").read_text()
    assert ">Since the last run<" in page and ">0 new<" in page and 'id="r-results"' in page and ">1 flapping<" in page
    devices = page[page.index('id="d-results"'):page.index('<script>')]
    assert devices.count('aria-label="key figure over the runs"') == 3  # a chart a device x check
    assert fifth["drift_counts"] == dict(new=0, persisting=1, flapping=1, resolved=1)


def test_slices_of_one_run_merge_and_the_report_comes_from_the_history(run_checked, tmp_path):
    slice_a = dict(VARIABLES, hostvars={"ap-0": HOSTS["ap-0"]}, groups=dict(all=["ap-0"]),
                   ansible_play_hosts_all=["ap-0"], awx_workflow_job_id=77, awx_job_id=78)
    slice_b = dict(VARIABLES, hostvars={"ap-1": HOSTS["ap-1"]}, groups=dict(all=["ap-1"]),
                   ansible_play_hosts_all=["ap-1"], awx_workflow_job_id=77, awx_job_id=79)
    first, second = run_checked(variables=slice_a), run_checked(variables=slice_b)
    # One run of the policy (its scope, "remembered", is part of the id), whatever the number of slices.
    assert first["run_id"] == second["run_id"] == "awx-workflow-77/remembered"
    assert first["reports"]["json"] != second["reports"]["json"]  # each slice its own report files
    assert os.path.basename(first["reports"]["json"]) == "compliance-job-78.json"
    merged = run_checked(render_run="awx-workflow-77", report_name="merged")
    assert merged["rc"] == 0, merged
    report = json.loads((tmp_path / "reports" / "merged.json").read_text())
    assert sorted(row["name"] for row in report["verdicts"]) == ["ap-0", "ap-1"]
    assert report["run"]["slices"] == 2 and report["run"]["run_id"] == "awx-workflow-77/remembered"
    missing = run_checked(render_run="no-such-run")
    assert missing["rc"] == 1 and "run 'no-such-run' is not in the history" in missing["msg"]


def test_two_policies_in_one_workflow_are_two_runs(run_checked, tmp_path):
    workflow = dict(VARIABLES, awx_workflow_job_id=90, awx_job_id=91)
    other = dict(POLICY, name="other policy")
    first = run_checked(variables=workflow)
    second = run_checked(policy=other, variables=dict(workflow, awx_job_id=92))
    assert (first["run_id"], second["run_id"]) == ("awx-workflow-90/remembered", "awx-workflow-90/other policy")
    assert first["rc"] == second["rc"] == 0
    ambiguous = run_checked(render_run="awx-workflow-90", report_name="merged")
    assert ambiguous["rc"] == 1 and "run 'awx-workflow-90' is in the history for 2 policies: give render_run one " \
        "of 'awx-workflow-90/other policy', 'awx-workflow-90/remembered'" in ambiguous["msg"], ambiguous["msg"]
    merged = run_checked(render_run="awx-workflow-90/other policy", report_name="merged")
    assert merged["rc"] == 0 and merged["run_id"] == "awx-workflow-90/other policy"
    report = json.loads((tmp_path / "reports" / "merged.json").read_text())
    assert report["run"]["slices"] == 1 and len(report["verdicts"]) == 3
    # A constant run_id is scoped the same way.
    assert run_checked(run_id="nightly")["run_id"] == "nightly/remembered"
    assert run_checked(policy=other, run_id="nightly")["run_id"] == "nightly/other policy"


@pytest.mark.parametrize("problem", ["symlink", "other user", "writable", "directory writable", "foreign", "version"])
def test_a_history_that_could_lie_is_refused_before_anything_is_sent(run_checked, simulator, tmp_path, problem):
    path = tmp_path / "history.sqlite"
    if problem == "symlink":
        target = tmp_path / "elsewhere.sqlite"
        history_module.open_history(str(target)).close()
        path.symlink_to(target)
    elif problem in ("other user", "writable"):
        history_module.open_history(str(path)).close()
        if problem == "writable":
            os.chmod(str(path), 0o666)
        else:
            os.chown(str(path), 4242, 4242)
    elif problem == "directory writable":
        os.chmod(str(tmp_path), 0o777)
    elif problem == "foreign":
        with sqlite3.connect(str(path)) as connection:
            connection.execute("CREATE TABLE songs (title TEXT)")
        os.chmod(str(path), 0o600)
    else:
        history_module.open_history(str(path)).close()
        with sqlite3.connect(str(path)) as connection:
            connection.execute("UPDATE meta SET value = 'one' WHERE key = 'schema_version'")
    before = simulator.stats().get("start", 0)
    refused = run_checked()
    expected = {"symlink": "is a symlink", "other user": "belongs to another user", "writable": "is writable by other "
                "users", "directory writable": "is writable by other users", "foreign": "holds tables of another "
                "application (songs)", "version": "schema version is 'one', not a number"}[problem]
    assert refused["rc"] == 1 and expected in refused["msg"], refused["msg"]
    assert simulator.stats().get("start", 0) == before
    if problem == "foreign":
        with sqlite3.connect(str(path)) as connection:
            assert [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == \
                ["songs"]
    os.chmod(str(tmp_path), 0o700)


def test_a_history_that_cannot_record_keeps_the_reports_and_says_why(run_checked, tmp_path, monkeypatch):
    def full_disk(self, run, rows, keep_runs=None, keep_days=None, now=None):
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(history_module.History, "record", full_disk)
    ran = run_checked(metrics_file=str(tmp_path / "metrics" / "compliance.prom"))
    assert ran["rc"] == 1 and ran["incomplete"] == ran["msg"], ran
    assert "Run history not written: run " in ran["msg"] and "OperationalError: database or disk is full" in ran["msg"]
    assert "cannot rollback" not in ran["msg"] and "in the history %s: " % (tmp_path / "history.sqlite") in ran["msg"]
    # Everything but the history is out: reports, metrics, verdicts.
    assert os.path.exists(ran["reports"]["json"]) and (tmp_path / "metrics" / "compliance.prom").exists()
    assert ran["devices"] and ran["summary"]["total"] == 3


def test_a_metrics_file_that_cannot_be_written_keeps_the_reports(run_checked, tmp_path):
    (tmp_path / "blocked").write_text("a file where a directory should be")
    ran = run_checked(metrics_file=str(tmp_path / "blocked" / "compliance.prom"))
    assert ran["rc"] == 1 and ran["msg"].startswith("the metrics were not published: metrics_file "), ran["msg"]
    assert os.path.exists(ran["reports"]["json"]) and ran["incomplete"] and ran["devices"]


def test_retention_keeps_the_last_runs(run_checked, tmp_path):
    for _run in range(3):
        assert run_checked(history_keep_runs=2)["rc"] == 0
    with sqlite3.connect(str(tmp_path / "history.sqlite")) as connection:
        assert connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2
        assert connection.execute("SELECT COUNT(DISTINCT run_id) FROM results").fetchone()[0] == 2


def test_a_history_of_a_newer_schema_is_refused_and_an_empty_one_is_created(tmp_path):
    path = str(tmp_path / "sub" / "history.sqlite")
    created = history_module.open_history(path)
    created.close()
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ValidationError, match="written by a newer collection .schema 99"):
        history_module.open_history(path)


def test_two_runs_writing_at_once_both_land(tmp_path):
    path = str(tmp_path / "history.sqlite")
    history_module.open_history(path).close()
    rows = [dict(check="c", serial_number="S%d" % index, destination="t", name="d%d" % index, site="s",
                 device_type="ap", test="ping", verdict="pass", severity="critical", failed=[], figure=1.0)
            for index in range(2000)]
    errors = []

    def write(run_id):
        try:
            store = history_module.open_history(path)
            store.record(dict(run_id=run_id, scope="p", started_at=1.0, ended_at=2.0), rows)
            store.close()
        except Exception as error:  # pylint: disable=broad-exception-caught
            errors.append(error)
    threads = [threading.Thread(target=write, args=("run-%d" % index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM results").fetchone()[0] == 8000


def test_the_metrics_file_escapes_hostile_labels_and_is_replaced_whole(run_checked, tmp_path):
    hostile = dict(HOSTS["ap-0"], central_site='HQ "east"\\\nfloor')
    variables = dict(hostvars={'ap "0"': hostile}, groups=dict(all=['ap "0"']), ansible_play_hosts_all=['ap "0"'])
    path = tmp_path / "textfile" / "compliance.prom"
    result = run_checked(variables=variables, metrics_file=str(path))
    assert result["rc"] == 0, result
    text = path.read_text()
    # Quotes and backslashes escaped; the line feed was already made a space with the rest of the inventory's text.
    assert 'device="ap \\"0\\""' in text and 'site="HQ \\"east\\"\\\\ floor"' in text
    assert "\n# TYPE arubacentral_compliance_passing gauge\n" in "\n" + text
    assert 'arubacentral_compliance_tests{policy="remembered",verdict="pass"} 1' in text
    assert not [name for name in os.listdir(str(path.parent)) if name.startswith(".metrics-")]
    assert metrics.escape_label('a"b\\c\nd') == 'a\\"b\\\\c\\nd'


def test_hostile_names_are_data_in_the_history(run_checked, tmp_path):
    name = "x'); DROP TABLE results; --"
    variables = dict(hostvars={name: HOSTS["ap-0"]}, groups=dict(all=[name]), ansible_play_hosts_all=[name])
    assert run_checked(variables=variables)["rc"] == 0
    with sqlite3.connect(str(tmp_path / "history.sqlite")) as connection:
        assert connection.execute("SELECT name FROM results").fetchall() == [(name,)]


@pytest.mark.parametrize("options, message", [
    (dict(fail_on="new", history=None), "fail_on new needs history"),
    (dict(history_keep_runs=0), "history_keep_runs must be more than 0"),
    (dict(pushgateway_url="http://127.0.0.1:9", pushgateway_username="u"), "must be set together"),
    (dict(history="postgresql://u:secret@127.0.0.1:9/db"), "a PostgreSQL history needs the psycopg driver"),
])
def test_bad_memory_options_are_refused_before_anything_is_sent(run_checked, simulator, monkeypatch, options, message):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # the optional driver absent, whatever this machine has
    before = simulator.stats().get("start", 0)
    result = run_checked(**options)
    assert result["rc"] == 1 and message in result["msg"] and "secret" not in json.dumps(result)
    assert simulator.stats().get("start", 0) == before


def test_a_postgresql_history_that_cannot_be_opened_never_shows_its_password():
    class Refusing:
        @staticmethod
        def connect(url, connect_timeout):
            raise RuntimeError("password authentication failed for %s" % url)
    with pytest.raises(ValidationError) as error:
        history_module.open_history("postgresql://u:secret@127.0.0.1:9/db", driver=Refusing)
    assert "cannot open the PostgreSQL history at postgresql://127.0.0.1:9/db: RuntimeError" in str(error.value)
    assert "secret" not in str(error.value)


def test_a_radius_password_reaches_no_file_and_no_result(run_checked, tmp_path):
    secret = "probe-s3cret-Zq7"
    policy = dict(name="radius", checks=[dict(name="radius", test="aaa", hosts="all", targets=["radius-1"],
                                              options=dict(username="probe", password=secret),
                                              expect=dict(authenticated=True))])
    metrics_file = tmp_path / "metrics" / "compliance.prom"
    ran = run_checked(policy=policy, run_id="radius-run", metrics_file=str(metrics_file))
    assert ran["rc"] == 0 and ran["summary"]["total"] == 3, ran
    rendered = run_checked(policy=None, render_run="radius-run", report_dir=str(tmp_path / "rendered"))
    assert rendered["rc"] == 0, rendered
    written = [os.path.join(root, name) for root, _dirs, names in os.walk(str(tmp_path)) for name in names]
    assert any(path.endswith(".json") for path in written) and any("history.sqlite" in path for path in written)
    for path in written:
        with open(path, "rb") as handle:
            assert secret.encode() not in handle.read(), path
    assert secret not in json.dumps(ran) and secret not in json.dumps(rendered)
    # Reports and the history are the user's alone; the metrics are for node_exporter's user too.
    for path in written:
        mode = os.stat(path).st_mode & 0o777
        assert mode == (0o644 if path == str(metrics_file) else 0o600), (path, oct(mode))
    stored = sqlite3.connect(str(tmp_path / "history.sqlite")).execute("SELECT policy FROM runs").fetchone()[0]
    assert json.loads(stored)["checks"][0]["options"] == dict(username="probe",
                                                              password="VALUE_SPECIFIED_IN_NO_LOG_PARAMETER")


def test_the_pushgateway_password_never_goes_in_clear_to_another_host(run_checked, simulator):
    before = simulator.stats().get("start", 0)
    refused = run_checked(pushgateway_url="http://push:url-secret@metrics.example.net:9091", pushgateway_username="push",
                          pushgateway_password="push-secret")
    assert refused["rc"] == 1 and "pushgateway_url http://metrics.example.net:9091 would send the Pushgateway " \
        "password unencrypted" in refused["msg"], refused
    assert simulator.stats().get("start", 0) == before
    assert "push-secret" not in json.dumps(refused) and "url-secret" not in json.dumps(refused)


def test_a_pushgateway_url_carrying_credentials_is_refused_unsent(run_checked, simulator):
    before = simulator.stats().get("start", 0)
    refused = run_checked(pushgateway_url="https://push:url-secret@metrics.example.net:9091")
    assert refused["rc"] == 1 and "pushgateway_url must not carry a user or password" in refused["msg"], refused
    assert simulator.stats().get("start", 0) == before and "url-secret" not in json.dumps(refused)


def test_a_recheck_runs_only_what_violated_and_the_history_keeps_a_whole_run(run_checked, simulator, tmp_path):
    first = run_checked(loss={"TESTAP0001": 40, "TESTAP0003": 40, "TESTAP0005": 0})
    assert [row["name"] for row in first["violations"]] == ["ap-0", "ap-1"]
    simulator.control("/sim/devices", dict(TESTAP0003=dict(loss_percent=0)))   # ap-1 is mended
    before = simulator.stats()["start"]
    recheck = run_checked(recheck="violations")
    assert recheck["rc"] == 0, recheck
    assert simulator.stats()["start"] - before == 2                                # ap-0 and ap-1, not ap-2
    assert recheck["recheck"] == {"of": first["run_id"], "violations": 2, "rechecked": 2, "not_planned": 0,
                                  "resolved": 1, "still_violating": 1}
    assert recheck["summary_lines"][1] == "recheck of run %s: 2 violation(s), 2 rechecked: 1 resolved, 1 still violate" \
        % first["run_id"]
    assert [row["name"] for row in recheck["resolved"]] == ["ap-1"] and drift_of(recheck, "ap-0") == "persisting"
    # The history holds the recheck as a whole run (ap-2 carried over), so the next full run compares with all of it.
    history = history_module.open_history(str(tmp_path / "history.sqlite"))
    try:
        stored = history.results([recheck["run_id"]])[recheck["run_id"]]
    finally:
        history.close()
    assert sorted((row["name"], row["verdict"]) for row in stored.values()) == [
        ("ap-0", "fail"), ("ap-1", "pass"), ("ap-2", "pass")]
    full = run_checked()
    assert full["drift_counts"] == dict(new=0, persisting=1, flapping=0, resolved=0)
    # Nothing left that violates but ap-0; once it is mended, a recheck of a clean run sends nothing.
    simulator.control("/sim/devices", dict(TESTAP0001=dict(loss_percent=0)))
    run_checked(recheck="violations")
    before = simulator.stats()["start"]
    clean = run_checked(recheck="violations")
    assert clean["rc"] == 0 and simulator.stats()["start"] == before
    assert clean["msg"].startswith("recheck of run %s: 0 violation(s), 0 rechecked" % clean["recheck"]["of"])


def test_a_recheck_in_check_mode_plans_only_the_violations_and_creates_nothing(run_action_plugin, run_checked,
                                                                               simulator, tmp_path):
    first = run_checked(loss={"TESTAP0001": 40})   # and ap-1, the simulator's lossy access point
    args = simulator.params(policy=POLICY, report_dir=str(tmp_path / "planned"), history=str(tmp_path / "history.sqlite"),
                            recheck="violations")
    before = simulator.stats()["start"]
    planned = run_action_plugin(fleet_compliance, "arubacentral.troubleshooting.fleet_compliance", args, True, VARIABLES)
    assert planned["rc"] == 0 and simulator.stats()["start"] == before, planned
    assert planned["recheck"]["of"] == first["run_id"] and planned["recheck"]["rechecked"] == 2
    assert [entry["tests"] for entry in planned["plan"]] == [2] and not (tmp_path / "planned").exists()
    missing = run_action_plugin(fleet_compliance, "arubacentral.troubleshooting.fleet_compliance",
                                dict(args, history=str(tmp_path / "none" / "history.sqlite")), True, VARIABLES)
    assert missing["rc"] == 1 and "does not exist, so it holds no run to read" in missing["msg"]
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize("options, message", [
    (dict(history=None), "recheck needs history (the violations of the last run are read from it)"),
    (dict(), "recheck: the history"),
])
def test_a_recheck_without_a_run_to_recheck_says_why_and_sends_nothing(run_checked, simulator, options, message):
    result = run_checked(recheck="violations", **options)
    assert result["rc"] == 1 and message in result["msg"], result
    assert simulator.stats().get("start", 0) == 0
