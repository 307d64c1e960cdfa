# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""events_info through its entry point against the simulator's event log (GET .../v1/events)."""

from __future__ import annotations

import json

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.modules import events_info


def site_of(simulator, serial):
    return next(row["siteId"] for row in simulator.sim.list_rows("v1") if row["serialNumber"] == serial)


def test_a_device_s_recent_events_newest_first_and_typed(run_module, simulator):
    site = site_of(simulator, "TESTAP0003")
    result = run_module(events_info, simulator.params(device_type="ap", serial_number="TESTAP0003", site_id=site,
                                                      since="1h"))
    assert result["rc"] == 0 and result["changed"] is False, result
    assert [event["name"] for event in result["events"]] == ["Uplink flap", "Device rebooted"]
    assert result["count"] == result["total"] == 2 and result["truncated"] is False
    first, second = result["events"]
    assert first["timestamp_epoch"] > second["timestamp_epoch"] and first["severity"] == "Major"
    assert first["serial_number"] == "TESTAP0003" and first["source_type"] == "ACCESS_POINT"
    # The 2 hours old event is outside a 1 hour window, inside a 3 hour one (the default).
    wider = run_module(events_info, simulator.params(device_type="ap", serial_number="TESTAP0003", site_id=site))
    assert wider["count"] == 3 and wider["events"][-1]["name"] == "Configuration applied"


def test_pages_are_followed_up_to_max_events(run_module, simulator):
    site = site_of(simulator, "TESTAP0003")
    args = dict(device_type="ap", serial_number="TESTAP0003", site_id=site, since="3h", limit=1)
    every = run_module(events_info, simulator.params(**args))
    assert every["count"] == 3 and simulator.stats()["events"] == 3
    capped = run_module(events_info, simulator.params(max_events=2, **args))
    assert capped["count"] == 2 and capped["truncated"] is True and capped["total"] == 3


def test_a_site_s_events_and_filters_in_check_mode(run_module, simulator):
    site = site_of(simulator, "TESTAP0003")
    result = run_module(events_info, simulator.params(site_id=site, since="3h", include_filters=True,
                                                      _ansible_check_mode=True))
    assert result["rc"] == 0 and result["count"] >= 3
    assert {event["serial_number"] for event in result["events"]} >= {"TESTAP0003"}
    system = sum(1 for event in result["events"] if event["category"] == "System")
    assert {"name": "System", "count": system} in result["filters"]["categorys"]


def test_hostile_events_are_text_with_unknown_fields_kept_apart(run_module, simulator):
    site = site_of(simulator, "TESTAP0001")
    simulator.control("/sim/events", {"TESTAP0001": [
        dict(eventName="\x1b[31mred\x1b[0m {{ lookup('pipe', 'id') }}", timestamp="yesterday", severity=["a"],
             description="line one\nline two", vendorField={"x": 1}),
        dict(eventName="plain", timestamp="2026-13-45T00:00:00Z"),
    ]})
    result = run_module(events_info, simulator.params(device_type="ap", serial_number="TESTAP0001", site_id=site))
    assert result["rc"] == 0, result
    hostile = next(event for event in result["events"] if event["name"].startswith("red"))
    assert "\x1b" not in json.dumps(result) and hostile["timestamp_epoch"] is None and hostile["severity"] is None
    assert "\n" not in hostile["description"] and hostile["extra"] == {"vendorField": {"x": 1}}
    assert next(event for event in result["events"] if event["name"] == "plain")["timestamp_epoch"] is None


@pytest.mark.parametrize("args, message", [
    (dict(since="forever"), "since must be a duration such as 30m, 3h or 2d (got 'forever')"),
    (dict(since="31d"), "at most 30 days"),
    (dict(start_at="2026-01-01T00:00:00Z", end_at="2026-03-01T00:00:00Z"), "more than 30 days"),
    (dict(start_at="yesterday"), "start_at must be an RFC 3339 time"),
    (dict(since="1h", start_at="2026-01-01T00:00:00Z"), "mutually exclusive: since|start_at"),
    (dict(limit=0), "limit must be between 1 and 1000 (got 0)"),
    (dict(serial_number="x" * 129), "context_id must be text of at most 128 characters"),
    (dict(context_type="DEVICE"), "value of context_type must be one of: SITE, ACCESS_POINT"),
    (dict(device_type=None), "context_type (one of SITE, ACCESS_POINT"),
])
def test_bad_options_are_refused_before_anything_is_sent(run_module, simulator, args, message):
    params = dict(device_type="ap", serial_number="TESTAP0003", site_id="1001")
    params.update(args)
    params = dict((key, value) for key, value in params.items() if value is not None)
    result = run_module(events_info, simulator.params(**params))
    assert result["rc"] == 1 and message in result["msg"], result["msg"]
    assert simulator.stats().get("events", 0) == 0 and simulator.stats().get("api", 0) == 0


def test_each_event_s_extra_attributes_one_request_each_and_none_without_an_id(run_module, simulator):
    site = site_of(simulator, "TESTAP0001")
    simulator.control("/sim/events", {"TESTAP0001": [dict(eventName="no id", timestamp="2026-12-02T08:00:00Z")]})
    result = run_module(events_info, simulator.params(device_type="ap", serial_number="TESTAP0001", site_id=site,
                                                      since="30d", include_extra_attributes=True))
    assert result["rc"] == 0, result
    with_id = [event for event in result["events"] if event["event_id"]]
    assert with_id and all(event["extra_attributes"]["eventIdentifier"] == event["event_id"] for event in with_id)
    assert next(event for event in result["events"] if event["name"] == "no id")["extra_attributes"] is None
    assert simulator.stats()["event_extra_attributes"] == len(with_id)
