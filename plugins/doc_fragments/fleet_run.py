# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # How one fleet run goes: fleet_diagnostics and fleet_compliance take these (plugin_utils/_fleet.py's
    # FLEET_ARGUMENT_SPEC).
    DOCUMENTATION = r"""
options:
  max_concurrency:
    description:
      - Most tests in flight at once.
      - Unset (the default), as many as keep O(requests_per_second) busy (Little's law) - the rate / 2.2 requests a
        test x the time a test is in flight x 2 - sized first from each test's typical duration, then from the
        tests that finished, at most 2000 and never more than the tests. At 7 requests/s and tests of 20 s that is
        128; a fixed 20 would leave the rate idle and take about twice as long.
      - A number caps it there (lower it when Central limits the tests a device runs at once).
    type: int
  include_raw_output:
    description: Ask each device for its own text output too, unless a test sets C(include_raw_output) itself.
    type: bool
    default: true
  wait_timeout:
    description: Seconds each test may run before it is reported V(running) with an error.
    type: float
    default: 300
  poll_interval:
    description: Least number of seconds between two reads of one test.
    type: float
    default: 2
  progress_interval:
    description:
      - Seconds between two progress lines (tests done out of the total, errors, 429s, time elapsed and left).
      - V(0) prints none.
    type: float
    default: 10
    version_added: 1.0.0
  journal:
    description:
      - A file (created if missing, readable by the user only) where each test Central accepts is written, with its
        C(task_id) and C(location), the moment it is accepted (one JSON line a test, flushed to disk).
      - Run again with the same journal after an interruption (Ctrl-C, a cancelled AWX job, a controller restart);
        the tests it lists are read at their location instead of being started again, so no test is ever started
        twice by a re-run. A test is the same when device, test and options are (O(include_raw_output) aside).
      - Use it for long runs, and always for actions that change state. Start a new journal (or delete it) for a
        run that should test again. Check mode neither reads nor writes it.
      - A run holds the journal locked from start to end; a second run with the same journal (or a re-run while
        the worker of a killed run still lives) fails at once, naming the path, and starts nothing. The file is
        made 0600 even when it existed with other modes, and a symlink in its place is refused. Each entry read
        back must stand for its item (the same device, device type and test), or that item fails.
      - A RADIUS password is not part of what makes a test the same, so the journal holds neither the password nor
        a digest of it; items that differ only in their password are told apart by their place in the run.
    type: path
    version_added: 1.0.0
  events_since:
    description:
      - How far before the run each failing device's events are read from Central's event log, for example V(30m),
        V(3h) or V(2d) (at most 30 days); V(off) reads none.
      - One request a failing device (an item with a C(site_id), as the inventory plugin's C(central_site_id) and
        the roles give it), none for a passing one, through the run's rate limiter. Its events go into the item's
        result as C(events), and a request that fails costs only that device's events (C(events_error)).
    type: str
    default: 30m
    version_added: 2.0.0
  events_per_device:
    description: Most events read for one failing device, newest first (1 to 1000).
    type: int
    default: 10
    version_added: 2.0.0
  events_timeout:
    description:
      - Seconds the whole events phase (after the tests) may take. A slow event log never holds a run whose tests
        are over; the failing devices not reached by then get C(events_error) saying so.
    type: float
    default: 60
    version_added: 2.0.0
  budget:
    description:
      - "What a run does when it does not fit the budget Central states. Before the first test (and in check mode),
        one cheap read (the first device of the device list) gets Central's rate-limit headers; the run needs about
        2.2 requests a test, and its plan is said on the first progress line (and in the summary's C(budget)), for
        example C(budget: 5000 tests need about 11,001 requests; Central reports 3,000 left in this window (resets
        2026-12-08T00:00:00Z): about 24% of the tests (1226 of 5000) fit now; ...)."
      - A window that resets within 5 minutes (the longest a request waits for a reset) is no obstacle - the pace
        spreads the run over the windows it needs. For a longer one (a day's budget) -
      - "V(partial) runs the tests that fit (90% of what is left) and marks the others C(not checked: budget), an
        error in every report, never a pass; the task then fails as incomplete, after its reports. A scheduled job
        gets what it can and says what it could not."
      - V(wait) runs what fits, then waits for the reset and runs the rest; a reset more than 24 h away (or a header
        that says so) starts nothing, as V(refuse).
      - V(refuse) starts nothing and fails, naming the budget and the reset.
      - Central's headers are read in every form it sends them (see the performance guide); a run without them goes
        by O(requests_per_second).
    type: str
    choices: [partial, wait, refuse]
    default: partial
    version_added: 2.0.0
"""
