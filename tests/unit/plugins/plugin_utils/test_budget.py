# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a fleet run fits Central's budget: the plan, the window every header family states, and what a run does
that does not fit (partial, wait, refuse) through the simulator."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _pacing as pacing
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import build_client
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import RateLimitError
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _budget as budget
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _fleet as fleet

NOW = 1.8e9   # 2027-01-15T08:00:00Z


@pytest.mark.parametrize("headers, expected", [
    # GreenLake's public guide: seconds until the reset; the IAM service's X- family alike.
    ({"ratelimit-limit": "3000", "ratelimit-remaining": "1200", "ratelimit-reset": "60"},
     dict(remaining=1200.0, reset=NOW + 60, limit=3000.0)),
    ({"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "42", "X-RateLimit-Reset": "2027-01-15T09:00:00Z"},
     dict(remaining=42.0, reset=NOW + 3600, limit=5000.0)),
    ({"X-RateLimit-Remaining": "42", "X-RateLimit-Reset": str(int(NOW) + 600)}, dict(remaining=42.0, reset=NOW + 600, limit=None)),
    ({"X-RateLimit-Remaining": "42", "X-RateLimit-Reset": "Fri, 15 Jan 2027 08:10:00 GMT"},
     dict(remaining=42.0, reset=NOW + 600, limit=None)),
    # The IETF draft's combined fields, the policy giving the window's size.
    ({"RateLimit": "limit=100, remaining=7, reset=30", "RateLimit-Policy": "100;w=60"},
     dict(remaining=7.0, reset=NOW + 30, limit=100.0)),
    ({"RateLimit": '"default";r=7;t=30', "RateLimit-Policy": '"default";q=100;w=60'},
     dict(remaining=7.0, reset=NOW + 30, limit=None)),
    # Classic Central: the day's budget is the window; the second's is the pace, not a window.
    ({"X-RateLimit-Limit-day": "5000", "X-RateLimit-Remaining-day": "4000", "X-RateLimit-Limit-second": "7",
      "X-RateLimit-Remaining-second": "0"}, dict(remaining=4000.0, reset=NOW + 16 * 3600, limit=5000.0)),
    ({"X-RateLimit-Remaining-second": "3"}, None),
    # Hostile values state nothing: negative, NaN, huge, garbage, a reset in the past.
    ({"X-RateLimit-Remaining": "-5", "X-RateLimit-Reset": "60"}, None),
    ({"X-RateLimit-Remaining": "NaN", "X-RateLimit-Reset": "60"}, None),
    ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "1e400"}, None),
    ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "soon"}, None),
    ({"RateLimit": "limit=" + "9" * 5000 + ", remaining=x, reset=y"}, None),
    ({}, None),
])
def test_the_window_every_header_family_states(headers, expected):
    assert pacing.window_budget(headers, NOW) == expected


def test_a_run_that_fits_says_so_with_its_time():
    plan = budget.plan_budget(1000, dict(remaining=5000.0, reset=NOW + 600, limit=5000.0), 7.0, NOW, 300.0,
                              tail_seconds=10.0)
    assert plan["fits"] and plan["needs"] == 2201 and plan["fitting"] == 1000 and plan["seconds"] == 324.4
    assert plan["message"] == ("budget: 1000 tests need about 2,201 requests; Central reports 5,000 left in this "
                               "window (resets 2027-01-15T08:10:00Z): it fits; at 7 requests/s about 5 min")


def test_a_window_that_resets_soon_spreads_the_run():
    # 3,000 now, 3,000 after each of two resets, the last 2,001 at 100/s after the third, then the last tests end.
    plan = budget.plan_budget(5000, dict(remaining=3000.0, reset=NOW + 60, limit=3000.0), 100.0, NOW, 300.0,
                              tail_seconds=60.0)
    assert plan["fits"] and plan["seconds"] == 260.0
    assert plan["message"].endswith("it fits across 3 more window(s), about 4 min")


def test_the_events_of_failing_devices_are_counted_apart():
    plan = budget.plan_budget(10, None, 5.0, NOW, 300.0, events=4)
    assert plan["events"] == 4 and plan["message"].startswith(
        "budget: 10 tests need about 23 requests (and up to 4 for failing devices' events); ")


@pytest.mark.parametrize("choice, then", [
    ("partial", "the first 1226 run and the other 3774 are marked 'not checked: budget'"),
    ("wait", "the run waits for the reset, in 16 h 00 min"),
    ("refuse", "nothing is started (budget: refuse)"),
])
def test_a_run_that_does_not_fit_says_how_much_does_and_what_is_done(choice, then):
    plan = budget.plan_budget(5000, dict(remaining=3000.0, reset=NOW + 16 * 3600, limit=5000.0), 7.0, NOW, 300.0,
                              choice)
    assert not plan["fits"] and plan["fitting"] == 1226 and plan["remaining"] == 3000
    assert plan["message"] == ("budget: 5000 tests need about 11,001 requests; Central reports 3,000 left in this "
                               "window (resets 2027-01-16T00:00:00Z): about 24% of the tests (1226 of 5000) fit now; "
                               + then)


@pytest.mark.parametrize("reset", [NOW + 2 * 86400, 1e11])   # two days away, or a header saying the year 5138
def test_wait_never_waits_past_a_day_and_starts_nothing_instead(reset):
    plan = budget.plan_budget(100, dict(remaining=10.0, reset=reset, limit=None), 7.0, NOW, 300.0, "wait")
    assert not plan["fits"] and plan["budget"] == "refuse"
    assert "more than a run waits (24 h): nothing is started" in plan["message"]


def test_without_a_budget_the_run_goes_by_its_rate():
    plan = budget.plan_budget(10, None, 5.0, NOW, 300.0)
    assert plan["fits"] and plan["message"] == ("budget: 10 tests need about 23 requests; Central states no budget; "
                                                "at 5 requests/s about 5 s")


def _items(count):
    return fleet.prepare_items([dict(device_type="ap", serial_number="TESTAP0001", test="ping",
                                     destination="10.0.%d.1" % index) for index in range(count)],
                               include_raw_output=False, api_version="v1")


def _options(**extra):
    options = dict((name, spec.get("default")) for name, spec in fleet.FLEET_ARGUMENT_SPEC.items())
    # Simulated time runs faster with every thread asleep: a deadline no sleep reaches.
    options.update(events_since="off", progress_interval=0, wait_timeout=1e6, **extra)
    return options


def test_partial_runs_what_fits_and_marks_the_rest_never_a_pass(simulator, simulated_time):
    # 30 requests an hour, 40 tests: the read took one, the run fits 11 tests in 90 % of the 29 left.
    simulator.control("/sim/config", dict(window_budget=30, window_seconds=3600, test_duration=0.3))
    client = build_client(simulator.params(), pool_size=10)
    lines = []
    results, summary = fleet.run_with_options(client, _items(40), _options(), emit_progress=lines.append)
    assert lines[0].startswith("budget: 40 tests need about 89 requests; Central reports 29 left in this window")
    assert [fields["outcome"] for fields in results] == ["succeeded"] * 11 + ["error"] * 29
    assert all(fields["error"]["error_code"] == "BUDGET" and fields["error"]["message"].startswith(
        "not checked: budget (Central reported 29 requests left until ") and fields["task_id"] is None
        for fields in results[11:])
    assert summary["budget"]["not_checked"] == 29 and simulator.stats().get("rate_limited", 0) == 0
    assert simulator.stats()["start"] == 11


def test_refuse_starts_nothing_and_names_the_budget(simulator):
    simulator.control("/sim/config", dict(window_budget=30, window_seconds=3600))
    client = build_client(simulator.params(), pool_size=10)
    with pytest.raises(RateLimitError, match=r"Central reports 29 left in this window .*nothing is started"):
        fleet.run_with_options(client, _items(40), _options(budget="refuse"))
    assert simulator.stats().get("start", 0) == 0


def test_wait_runs_what_fits_then_the_rest_after_the_reset(simulator, simulated_time):
    # (Simulated time passes faster with every thread asleep: the first tests' last reads may fall in the next
    # window, which holds them too.)
    simulator.control("/sim/config", dict(window_budget=40, window_seconds=900, test_duration=0.3))
    client = build_client(simulator.params(), pool_size=10)
    before = simulated_time.skipped
    results, summary = fleet.run_with_options(client, _items(20), _options(budget="wait"))
    assert [fields["outcome"] for fields in results] == ["succeeded"] * 20, [f["error"] for f in results if f["error"]][:1]
    assert summary["budget"]["fitting"] == 15 and simulated_time.skipped - before >= 899


def test_the_budget_headers_of_every_family_reach_the_plan(simulator):
    for family, form in (("x-ratelimit", "rfc3339"), ("x-ratelimit", "seconds"), ("ratelimit", "epoch"),
                         ("ratelimit", "http_date"), ("ietf", "seconds"), ("classic", "rfc3339")):
        simulator.control("/sim/reset", {})
        simulator.control("/sim/config", dict(window_budget=500, rate_headers=family, reset_form=form))
        client = build_client(simulator.params(), pool_size=2)
        plan = fleet.budget_plan(client, _items(5), _options())
        assert plan["remaining"] in (499, 498), (family, form, plan)
