# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""What changed since the last runs, from the run history (plugin_utils/_history.py): each row's drift
(``new``, ``persisting`` since when and for how many runs, ``resolved``, ``flapping``), which violations
fail a scheduled run (``fail_on``: any, new, new_or_worse), and the trends a report draws (each row's key
figure over the last runs, each site's share of compliant devices)."""

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import HistoryError, ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import severity_rank, utc_text

FAIL_ON = ("any", "new", "new_or_worse")
# A row is flapping when its verdict changed (violating <-> not) at least FLAP_CHANGES times in the last
# FLAP_RUNS runs, this one included.
FLAP_CHANGES = 3
FLAP_RUNS = 10
TREND_RUNS = 30


def key_of(row):
    return (row["check"], str(row["serial_number"]), str(row["destination"]))


def annotate(rows, past_runs, past_results, violating, flap_changes=FLAP_CHANGES,
             flap_runs=FLAP_RUNS, run_started=None):
    """Give each current row its ``drift`` and ``trend``; return the rows that are resolved (violating in the last
    run, passing now). ``past_runs`` are the scope's earlier runs newest first, ``past_results`` run_id ->
    {key: row} (history.History.results)."""
    order = [run["run_id"] for run in past_runs]
    started = dict((run["run_id"], run["started_at"]) for run in past_runs)
    last = past_results.get(order[0], {}) if order else {}
    resolved = []
    for row in rows:
        key = key_of(row)
        history = [past_results[run_id].get(key) for run_id in order]
        bad_now = row["verdict"] in violating
        states = [bad_now] + [None if old is None else old["verdict"] in violating for old in history]
        known = [state for state in states[:flap_runs] if state is not None]
        changes = sum(1 for earlier, later in zip(known[1:], known) if earlier != later)
        before = history[0] if history else None
        drift = dict(state=None, since=None, runs=None, changes=changes, previous=before["verdict"] if before else None)
        if changes >= flap_changes:
            drift["state"] = "flapping"
        elif bad_now:
            streak = 1
            for run_id, old in zip(order, history):
                if old is None or old["verdict"] not in violating:
                    break
                streak += 1
                drift["since"] = utc_text(started[run_id])
            if streak == 1:
                drift.update(state="new", since=utc_text(run_started) if run_started else None, runs=1)
            else:
                drift.update(state="persisting", runs=streak)
            drift["worse"] = bool(before and before["verdict"] in violating and severity_rank(
                row.get("severity")) < severity_rank(before.get("severity")))
        elif key in last and last[key]["verdict"] in violating:
            drift["state"] = "resolved"
        # Resolved: violating in the last run, passing now (a flapping one too: it is listed, its state says more).
        if not bad_now and key in last and last[key]["verdict"] in violating:
            resolved.append(row)
        row["drift"] = drift
        row["trend"] = [[utc_text(started[run_id]), old["figure"]] for run_id, old in reversed(list(zip(order, history)))
                        if old is not None and old["figure"] is not None]
        if row.get("figure") is not None:
            row["trend"].append([utc_text(run_started) if run_started else None, row["figure"]])
    return resolved


def failing(violations, fail_on):
    """The violations that fail the run: all of them (any), the new ones (new; a flapping one counts as new
    when it is violating now), or the new and those whose severity got worse (new_or_worse)."""
    if fail_on not in FAIL_ON:
        raise ValidationError("fail_on must be one of %s (got %r)" % (", ".join(FAIL_ON), fail_on))
    if fail_on == "any":
        return list(violations)
    chosen = []
    for row in violations:
        drift = row.get("drift") or {}
        if drift.get("state") in ("new", "flapping", None) or (fail_on == "new_or_worse" and drift.get("worse")):
            chosen.append(row)
    return chosen


def site_series(past_runs, past_results, current_rows, run_started, violating):
    """Site -> [[time, share of compliant devices]] over the past runs and this one, oldest first."""
    series = {}
    runs = [(run["started_at"], list(past_results[run["run_id"]].values())) for run in reversed(past_runs)]
    runs.append((run_started, current_rows))
    for started, rows in runs:
        devices = {}
        for row in rows:
            device = devices.setdefault((row.get("site"), str(row["serial_number"])), True)
            devices[(row.get("site"), str(row["serial_number"]))] = device and row["verdict"] not in violating
        shares = {}
        for (site, _serial), compliant in devices.items():
            total, good = shares.get(site, (0, 0))
            shares[site] = (total + 1, good + compliant)
        for site, (total, good) in shares.items():
            series.setdefault(site or "(no site)", []).append([utc_text(started) if started else None,
                                                               round(float(good) / total, 4)])
    return series


def last_run_to_recheck(history, scope):
    """(the scope's last run, its rows by key) to recheck what violated there; HistoryError when the history cannot
    be read or holds no run of this scope."""
    try:
        runs = history.runs(scope, limit=1)
        rows = history.results([runs[0]["run_id"]])[runs[0]["run_id"]] if runs else None
    except Exception as error:  # pylint: disable=broad-exception-caught
        raise HistoryError("the last run could not be read from the history %s: %s" % (history.name, _cause(error)))
    if not runs:
        raise HistoryError("recheck: the history %s holds no run of this policy (%s) to recheck" % (history.name, scope))
    return runs[0], rows


def record(history, run, rows, keep_runs=None, keep_days=None):
    """Write a judged run's ``rows`` to ``history`` (plugin_utils/_history.py), after its reports: a history that
    cannot be written (a database gone, a full disk) then costs the history, never the run. Raise HistoryError
    naming the cause."""
    try:
        history.record(run, rows, keep_runs=keep_runs, keep_days=keep_days)
    except Exception as error:  # pylint: disable=broad-exception-caught
        raise HistoryError("run %s could not be recorded in the history %s: %s"
                           % (run["run_id"], history.name, _cause(error)))


def _cause(error):
    return "%s: %s" % (type(error).__name__, clean_text(str(getattr(error, "message", error)), one_line=True,
                                                        max_length=300))


def compare(history, run, rows, violating, trend_runs=TREND_RUNS):
    """Drift and trends of ``rows`` against the scope's runs before this one (read only: ``run`` is recorded after
    its reports are written). Returns what a report shows of the comparison: the resolved rows, each site's share
    of compliant devices over time, the previous run, how many runs were compared."""
    try:
        past_runs = [past for past in history.runs(run["scope"], before=run["started_at"], limit=trend_runs + 1)
                     if past["run_id"] != run["run_id"]][:trend_runs]
        past_results = history.outcomes([past["run_id"] for past in past_runs])
    except Exception as error:  # pylint: disable=broad-exception-caught
        raise HistoryError("the earlier runs could not be read from the history %s: %s" % (history.name, _cause(error)))
    resolved = annotate(rows, past_runs, past_results, violating, run_started=run["started_at"])
    return dict(resolved=resolved, site_trends=site_series(past_runs, past_results, rows, run["started_at"], violating),
                previous_run=dict((key, past_runs[0][key]) for key in ("run_id", "started_at", "counts"))
                if past_runs else None, runs_compared=len(past_runs))
