# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one clock: what waits by it, and simulated time through the real entry points."""

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.modules import ping


class StoppedClock:
    def __init__(self):
        self.slept = []

    def monotonic(self):
        return 100.0

    def wall(self):
        return 1.8e9

    def sleep(self, seconds):
        self.slept.append(seconds)


def test_use_puts_a_clock_in_and_gives_back_the_one_it_replaced():
    stopped = StoppedClock()
    previous = _clock.use(stopped)
    try:
        assert (_clock.monotonic(), _clock.wall()) == (100.0, 1.8e9)
        _clock.sleep(2.5)
        assert stopped.slept == [2.5]
    finally:
        assert _clock.use(previous) is stopped
    assert isinstance(_clock.use(previous), _clock.SystemClock)


def test_a_minute_long_test_is_waited_for_in_simulated_time(run_module, simulator, simulated_time):
    simulator.control("/sim/config", dict(test_duration=60.0))
    result = run_module(ping, simulator.params(device_type="ap", serial_number="TESTAP0001", destination="10.1.1.1",
                                               poll_interval=2.0))
    assert result["rc"] == 0 and result["outcome"] == "succeeded"
    # The module and the simulator agree that a minute went by, and it was read no more often than needed.
    assert simulated_time.skipped >= 60.0
    assert simulator.stats()["poll"] <= 12
