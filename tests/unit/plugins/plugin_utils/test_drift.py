# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift state machine, row by row: new, persisting (since when, how many runs), resolved, flapping, worse; and
which violations fail a scheduled run."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import violating_verdicts
from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils._drift import annotate, failing

VIOLATING = violating_verdicts(False)
KEY = ("reachability", "SN1", "10.0.0.1")
NOW = 1_800_000_000.0


def row(verdict, severity="critical", figure=None):
    return dict(check=KEY[0], serial_number=KEY[1], destination=KEY[2], verdict=verdict, severity=severity,
                figure=figure)


def drift_of(now, past):
    """The drift of one row whose verdict is ``now`` after ``past`` runs (newest first; None: not in that run)."""
    runs = [dict(run_id="r%d" % index, started_at=NOW - 3600 * (index + 1)) for index in range(len(past))]
    results = dict((run["run_id"], {KEY: row(*verdict) if isinstance(verdict, tuple) else row(verdict)}
                    if verdict else {}) for run, verdict in zip(runs, past))
    current = row(*now) if isinstance(now, tuple) else row(now)
    resolved = annotate([current], runs, results, VIOLATING, run_started=NOW)
    return current["drift"], resolved


@pytest.mark.parametrize("now, past, state, runs", [
    ("fail", [], "new", 1),
    ("fail", ["pass"], "new", 1),
    ("fail", [None, "fail"], "new", 1),  # a gap (the row was not checked) breaks the streak
    ("fail", ["fail"], "persisting", 2),
    ("error", ["fail", "error", "pass"], "persisting", 3),
    ("pass", ["fail"], "resolved", None),
    ("pass", ["pass", "fail"], None, None),  # resolved once; not again
    ("pass", [], None, None),
    ("offline", ["fail"], "resolved", None),  # offline does not violate here (offline_is_violation false)
    ("fail", ["pass", "fail", "pass"], "flapping", None),
    ("pass", ["fail", "pass", "fail"], "flapping", None),
])
def test_the_state_of_a_row(now, past, state, runs):
    drift, resolved = drift_of(now, past)
    assert (drift["state"], drift["runs"]) == (state, runs)
    assert bool(resolved) == (now not in VIOLATING and bool(past) and past[0] in VIOLATING)


def test_persisting_says_since_when():
    drift, _resolved = drift_of("fail", ["fail", "fail", "pass"])
    assert drift["since"] == "2027-01-15T06:00:00Z"  # the oldest violating run of the streak: two hours before NOW


def test_worse_is_a_violation_whose_severity_rose():
    assert drift_of(("fail", "critical"), [("fail", "warning")])[0]["worse"] is True
    assert drift_of(("fail", "warning"), [("fail", "critical")])[0]["worse"] is False
    assert drift_of(("fail", "critical"), [("pass", "info")])[0]["worse"] is False  # new, not worse


def test_the_trend_is_the_key_figure_over_the_runs_oldest_first():
    current = row("pass", figure=3.0)
    runs = [dict(run_id="r0", started_at=NOW - 60), dict(run_id="r1", started_at=NOW - 120)]
    results = dict(r0={KEY: row("pass", figure=2.0)}, r1={KEY: row("pass", figure=None)})
    annotate([current], runs, results, VIOLATING, run_started=NOW)
    assert [figure for _when, figure in current["trend"]] == [2.0, 3.0]


@pytest.mark.parametrize("fail_on, wanted", [
    ("any", ["new", "persisting", "flapping", "worse", "unremembered"]),
    ("new", ["new", "flapping", "unremembered"]),
    ("new_or_worse", ["new", "flapping", "worse", "unremembered"]),
])
def test_which_violations_fail_the_run(fail_on, wanted):
    violations = [dict(name="new", drift=dict(state="new")), dict(name="persisting", drift=dict(state="persisting")),
                  dict(name="flapping", drift=dict(state="flapping")),
                  dict(name="worse", drift=dict(state="persisting", worse=True)), dict(name="unremembered")]
    assert [item["name"] for item in failing(violations, fail_on)] == wanted


def test_an_unknown_fail_on_names_the_choices():
    with pytest.raises(ValidationError, match="fail_on must be one of any, new, new_or_worse"):
        failing([], "sometimes")
