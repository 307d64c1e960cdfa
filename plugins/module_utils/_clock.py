# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The one clock everything waits and stamps by. Code takes ``monotonic``, ``wall`` and ``sleep`` from here, looked up
at each call, so a test can put a simulated clock in with ``use()`` and nothing waits for real."""

from __future__ import annotations

import time


class SystemClock:
    """Real time."""

    monotonic = staticmethod(time.monotonic)
    wall = staticmethod(time.time)
    sleep = staticmethod(time.sleep)

    @staticmethod
    def wait(condition, seconds):
        condition.wait(seconds)


_current = SystemClock()


def monotonic():
    """Seconds on a clock that never goes back: deadlines, paces and waits."""
    return _current.monotonic()


def wall():
    """Seconds since the epoch: what is stamped and what Central's times are read against."""
    return _current.wall()


def sleep(seconds):
    _current.sleep(seconds)


def wait(condition, seconds):
    """Wait on ``condition`` (a threading.Condition the caller holds) until it is notified or ``seconds`` have passed
    on this clock. A test's clock without wait() sleeps with the condition released: a notification meanwhile is
    missed, and the waiter looks again when it wakes."""
    waiter = getattr(_current, "wait", None)
    if waiter is not None:
        waiter(condition, seconds)
        return
    condition.release()
    try:
        _current.sleep(seconds)
    finally:
        condition.acquire()


def use(clock):
    """Make ``clock`` (an object with monotonic(), wall() and sleep()) the clock; returns the one it replaces."""
    global _current  # pylint: disable=global-statement
    previous, _current = _current, clock
    return previous
