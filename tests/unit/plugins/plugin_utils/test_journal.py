# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The journal of a fleet run: a re-run reads the tests an interrupted run started, never starts them twice."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _fleet as fleet
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import build_client
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._journal import Journal, assign_journal_keys

DEVICES = [("ap", "TESTAP0001"), ("gateway", "TESTGW0001"), ("cx", "TESTCX0001"), ("aos_s", "TESTAS0001")]


def items(destinations=("10.0.0.1", "10.0.0.2")):
    return fleet.prepare_items([dict(device_type=device_type, serial_number=serial, test="ping", destination=destination)
                                for device_type, serial in DEVICES for destination in destinations],
                               include_raw_output=False, api_version="v1")


def run(simulator, fleet_items, path):
    journal = Journal(path)
    try:
        return fleet.run_fleet(build_client(simulator.params()), fleet_items, poll_interval=0.1, journal=journal)
    finally:
        journal.close()


def test_a_rerun_reads_instead_of_starting_again(simulator, tmp_path):
    path = str(tmp_path / "run.journal")
    first, summary = run(simulator, items(), path)
    assert summary["from_journal"] == 0 and simulator.stats()["start"] == 8
    with open(path) as handle:
        lines = [json.loads(line) for line in handle]
    assert sorted(line["task_id"] for line in lines) == sorted(fields["task_id"] for fields in first)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again, summary = run(simulator, items(), path)
    assert simulator.stats()["start"] == 8 and summary["from_journal"] == 8
    assert [fields["task_id"] for fields in again] == [fields["task_id"] for fields in first]
    assert all(fields["outcome"] == "succeeded" and fields["from_journal"] for fields in again)


def test_an_interrupted_run_starts_only_what_it_had_not(simulator, tmp_path):
    path = str(tmp_path / "run.journal")
    run(simulator, items(destinations=("10.0.0.1",)), path)
    # The interruption cut the last line short.
    with open(path, "a") as handle:
        handle.write('{"key": "[\\"ap\\", \\"TESTAP0001\\"')
    results, summary = run(simulator, items(), path)
    assert simulator.stats()["start"] == 8 and summary["from_journal"] == 4 and summary["succeeded"] == 8
    assert [fields["from_journal"] for fields in results] == [True, False] * 4
    assert len(Journal(path)) == 8


def test_another_test_on_the_same_device_is_started(simulator, tmp_path):
    path = str(tmp_path / "run.journal")
    run(simulator, items(destinations=("10.0.0.1",)), path)
    _results, summary = run(simulator, items(destinations=("10.0.0.9",)), path)
    assert summary["from_journal"] == 0 and simulator.stats()["start"] == 8


def test_a_journal_that_cannot_be_written_is_named(tmp_path):
    with pytest.raises(ValidationError) as raised:
        Journal(str(tmp_path / "missing-directory" / "run.journal"))
    assert "journal" in raised.value.message and "missing-directory" in raised.value.message


@pytest.mark.parametrize("location", [
    "/network-troubleshooting/v1/aps/TESTAP0001/../../../../platform/admin/async-operations/x",
    "/network-troubleshooting/v1/aps/OTHERAP001/ping/async-operations/T1",
    "/monitoring/v2/aps/TESTAP0001/ping/async-operations/T1",
])
def test_a_location_that_steps_out_of_its_task_is_refused(tmp_path, location):
    path = tmp_path / "run.journal"
    path.write_text(json.dumps(dict(key="k", device_type="ap", serial_number="TESTAP0001", test="ping",
                                    location=location, task_id="T1")) + "\n")
    with pytest.raises(ValidationError) as raised:
        Journal(str(path))
    assert "location on line 1 of journal" in raised.value.message


def test_a_radius_password_is_never_written_to_the_journal(tmp_path):
    item = dict(device_type="cx", serial_number="SN1", test="aaa",
                body={"radiusServerIp": "10.1.1.10", "username": "u", "password": "journal-secret"})
    other = dict(item, body=dict(item["body"], password="another-secret"))
    assign_journal_keys([item, other])
    path = tmp_path / "journal.jsonl"
    journal = Journal(str(path))
    journal.record(item, dict(location="/network-troubleshooting/v1/cx/SN1/aaa/async-operations/T1", task_id="T1",
                              status="INITIATED"))
    journal.close()
    text = path.read_text()
    # Neither the password nor a digest to guess it from offline is written.
    assert "journal-secret" not in text and hashlib.sha256(b"journal-secret").hexdigest() not in text
    reopened = Journal(str(path))
    assert reopened.started(item, "aaa")["task_id"] == "T1"
    # The item that differs only in its password is another test: it is not taken for the first one.
    assert reopened.started(other, "aaa") is None
    reopened.close()
