# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Whether a fleet run fits Central's budget, said before it starts: the requests it needs against what Central's
headers say is left in the window, and what to do when it does not fit (``budget``)."""

from __future__ import annotations

import math

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError, RateLimitError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import utc_text

# What a run does when its tests do not fit what is left: run the tests that fit and mark the others not checked
# (the default: a scheduled job gets what it can and says what it could not), wait for the reset, or start nothing.
BUDGET_CHOICES = ("partial", "wait", "refuse")
# Requests a test costs: its start, its reads (one, and sometimes a second when a test outlasts most of its kind).
REQUESTS_PER_TEST = 2.2
# Of what is left, what a partial run plans to spend: reads vary, and other clients share the budget.
SPEND_SHARE = 0.9
NOT_CHECKED = "not checked: budget"
# The longest ``wait`` waits for a reset; a reset further away (a day's budget just spent, or a header saying years)
# starts nothing, as ``refuse`` does.
MAX_WAIT_SECONDS = 86400.0


def read_window(client):
    """The window budget Central states, read from the answer to one cheap request (the first device of the
    device list), or None when it states none or the request fails (the run then goes by the configured rate)."""
    try:
        client.request("GET", "/network-monitoring/%s/device-inventory" % client.api_version, params=dict(limit=1))
    except CentralError:
        pass
    return client.transport.limiter.window


def _duration(seconds):
    seconds = int(round(seconds))
    if seconds < 90:
        return "%d s" % seconds
    if seconds < 5400:
        return "%d min" % round(seconds / 60.0)
    return "%d h %02d min" % (seconds // 3600, seconds % 3600 // 60)


def plan_budget(tests, window, rate, now, max_wait, budget="partial", tail_seconds=0.0, events=0):
    """What a run of ``tests`` tests needs and whether it fits ``window`` (read_window's, or None), as a dict:
    ``needs`` (requests), ``remaining``, ``resets_at`` (UTC text), ``fits``, ``fitting`` (tests that fit now),
    ``seconds`` (the wall time it should take: its requests at ``rate``, then ``tail_seconds`` for the last tests
    started to end), ``events`` (at most this many more, one a failing device, for their events), ``budget`` (what
    is done), ``message`` (one line for the console)."""
    needs = int(math.ceil(tests * REQUESTS_PER_TEST)) + 1
    pace_seconds = needs / float(rate) if rate else 0.0
    plan = dict(needs=needs, tests=tests, events=events, remaining=None, resets_at=None, reset_in_seconds=None,
                fits=True, fitting=tests, budget=budget, seconds=round(pace_seconds + tail_seconds, 1))
    line = "budget: %d tests need about %s requests%s" % (
        tests, "{:,}".format(needs), " (and up to %s for failing devices' events)" % "{:,}".format(events)
        if events else "")
    pace = "at %g requests/s about %s" % (rate, _duration(plan["seconds"])) if rate else "unpaced"
    if window is None:
        plan["message"] = "%s; Central states no budget; %s" % (line, pace)
        return plan
    remaining, reset, limit = window["remaining"], window["reset"], window["limit"]
    wait = max(0.0, reset - now)
    plan.update(remaining=int(remaining), resets_at=utc_text(reset), reset_in_seconds=round(wait, 1))
    left = "Central reports %s left in this window (resets %s)" % ("{:,}".format(int(remaining)), utc_text(reset))
    if needs <= remaining:
        plan["message"] = "%s; %s: it fits; %s" % (line, left, pace)
        return plan
    if wait <= max_wait and limit:
        # The window resets within what a run waits for: the pace spreads the run over the windows it needs. The
        # headers do not say how long a window is: the time to the first reset is the guess.
        resets = int(math.ceil((needs - remaining) / float(limit)))
        last_window = needs - remaining - (resets - 1) * limit
        plan["seconds"] = round(max(plan["seconds"], wait * resets + (last_window / float(rate) if rate else 0.0)
                                    + tail_seconds), 1)
        plan["message"] = "%s; %s: it fits across %d more window(s), about %s" % (
            line, left, resets, _duration(plan["seconds"]))
        return plan
    fitting = min(tests, int(max(0.0, remaining * SPEND_SHARE - 1) // REQUESTS_PER_TEST))
    too_far = budget == "wait" and wait > MAX_WAIT_SECONDS
    if too_far:
        budget = "refuse"
    plan.update(fits=False, fitting=fitting, budget=budget)
    share = "about %d%% of the tests (%d of %d) fit now" % (100 * fitting // max(1, tests), fitting, tests)
    then = dict(partial="the first %d run and the other %d are marked '%s'" % (fitting, tests - fitting, NOT_CHECKED),
                wait="the run waits for the reset, in %s" % _duration(wait),
                refuse="the reset is in %s, more than a run waits (24 h): nothing is started" % _duration(wait)
                if too_far else "nothing is started (budget: refuse)")[budget]
    plan["message"] = "%s; %s: %s; %s" % (line, left, share, then)
    if budget == "wait":
        plan["seconds"] = round(wait + pace_seconds + tail_seconds, 1)
    return plan


def refusal(plan):
    """The error of a run that does not fit under ``budget: refuse``."""
    return RateLimitError(plan["message"], status_code=None,
                          hint="Run again after the reset, narrow the run (fewer hosts or checks), or set budget to "
                               "partial (run what fits) or wait (wait for the reset).")


def not_checked(plan):
    """The error a test the budget left out carries: never a pass, and the reports say why."""
    return dict(status_code=None, error_code="BUDGET", hint=None,
                message="%s (Central reported %s requests left until %s; the run needed about %s)" % (
                    NOT_CHECKED, "{:,}".format(plan["remaining"]), plan["resets_at"], "{:,}".format(plan["needs"])))
