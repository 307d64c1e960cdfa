# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many tests in one process: one client (one token, one connection pool, one rate
limiter), at most ``max_concurrency`` tests in flight, each polled when its kind of
test is expected to be done rather than on a fixed fast loop."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.diagnostics import (
    build_body,
    destination_unreachable,
    fetch_result,
    start_path,
    start_test,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.errors import CentralError, ValidationError

ITEM_KEYS = ("device_type", "serial_number", "test")
FAIL_ON = ("never", "error", "unreachable")


def prepare_items(items, include_raw_output=True, api_version="v1"):
    """Validate every item up front; raise ValidationError naming ``tests[index]`` and the option.

    An item is ``device_type``, ``serial_number``, ``test``, the test's options and an
    optional free-text ``name`` passed through to its result.
    """
    prepared = []
    for index, item in enumerate(items or []):
        where = "tests[%d]: " % index
        if not isinstance(item, dict):
            raise ValidationError("%seach item must be a dictionary (got %r)" % (where, item))
        missing = [key for key in ITEM_KEYS if not item.get(key)]
        if missing:
            raise ValidationError("%s%s is required" % (where, " and ".join(missing)))
        options = dict((key, value) for key, value in item.items() if key not in ITEM_KEYS and key != "name")
        options.setdefault("include_raw_output", include_raw_output)
        body = build_body(item["device_type"], item["test"], options, where=where)
        start_path(api_version, item["device_type"], item["serial_number"], item["test"])  # checks the serial
        prepared.append(dict(index=index, name=item.get("name"), device_type=item["device_type"],
                             serial_number=str(item["serial_number"]), test=item["test"], body=body))
    if not prepared:
        raise ValidationError("tests must list at least one test")
    return prepared


class DurationModel:
    """How long each (device type, test) takes, learned from the tests that finished;
    a test's first poll waits that long instead of hammering Central while it runs."""

    def __init__(self, default):
        self.default = default
        self._seen = {}
        self._lock = threading.Lock()

    def expected(self, kind):
        with self._lock:
            return self._seen.get(kind, self.default)

    def observe(self, kind, seconds):
        if seconds is None or seconds <= 0:
            return
        with self._lock:
            previous = self._seen.get(kind)
            self._seen[kind] = seconds if previous is None else 0.7 * previous + 0.3 * seconds


def _item_fields(item):
    fields = dict(index=item["index"], name=item["name"], device_type=item["device_type"],
                  serial_number=item["serial_number"], test=item["test"],
                  destination=item["body"].get("destination"))
    fields.update(task_id=None, location=None, status=None, outcome="error", progress_percent=None, start_time=None,
                  end_time=None, duration_seconds=None, fail_reason=None, raw_output=None, output=None, result=None,
                  unreachable=False, error=None)
    return fields


def run_fleet(client, items, max_concurrency=20, wait_timeout=300.0, poll_interval=2.0, clock=time.monotonic):
    """Run prepared ``items`` and return (results in input order, summary).

    An error on one item (offline, unknown device, a failure beyond the retries) is
    recorded on that item alone; the others go on.
    """
    durations = DurationModel(poll_interval)
    started_at = clock()

    def run_one(item):
        fields = _item_fields(item)
        kind = (item["device_type"], item["test"])
        try:
            started = start_test(client, item["device_type"], item["serial_number"], item["test"], item["body"])
            fields.update(task_id=started["task_id"], location=started["location"], status=started["status"])
            task = dict(started, device_type=item["device_type"], serial_number=item["serial_number"], test=item["test"])
            fields.update(fetch_result(client, task, wait=True, wait_timeout=wait_timeout, poll_interval=poll_interval,
                                       first_delay=durations.expected(kind)))
        except CentralError as error:
            fields.update(getattr(error, "partial_result", {}))
            fields["error"] = dict(error.to_dict(), message=str(error))
            if fields["outcome"] != "running":
                fields["outcome"] = "error"
            return fields
        durations.observe(kind, fields["duration_seconds"])
        fields["unreachable"] = fields["outcome"] == "succeeded" and destination_unreachable(item["test"], fields["result"])
        return fields

    with ThreadPoolExecutor(max_workers=max(1, min(max_concurrency, len(items)))) as pool:
        results = list(pool.map(run_one, items))

    summary = dict(total=len(results), succeeded=0, failed=0, running=0, error=0)
    for fields in results:
        summary[fields["outcome"]] += 1
    summary["unreachable"] = sum(1 for fields in results if fields["unreachable"])
    summary["wall_seconds"] = round(clock() - started_at, 3)
    summary.update(client.stats.as_dict())
    summary["token_requests"] = getattr(client.tokens, "fetched", 0)
    return results, summary


def fleet_failures(results, fail_on):
    """The results that fail the task under ``fail_on`` (never / error / unreachable)."""
    if fail_on == "never":
        return []
    failing = [fields for fields in results if fields["outcome"] != "succeeded"]
    if fail_on == "unreachable":
        failing += [fields for fields in results if fields["unreachable"]]
    return sorted(failing, key=lambda fields: fields["index"])
