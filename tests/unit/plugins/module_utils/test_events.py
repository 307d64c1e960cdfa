# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The events phase of a fleet run, on a clock of its own: one request a failing device, none for a passing one, and
never past its budget."""

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _events as events


class SlowEventLog:
    """A client whose every events request takes 10 s of its transport's clock."""

    def __init__(self):
        self.transport = self
        self.now = 0.0
        self.asked = []

    def clock(self):
        return self.now

    def request(self, method, path, params=None, deadline=None):
        self.asked.append((params["context-identifier"], deadline))
        self.now += 10.0
        return {"events": [], "total": 0}


def failing(serial, outcome="error"):
    return dict(serial_number=serial, device_type="ap", site_id="1001", outcome=outcome, negative_answer=False)


def test_the_events_phase_stops_when_its_budget_is_spent():
    log = SlowEventLog()
    results = [failing("AP1"), failing("AP2"), dict(failing("AP9"), outcome="succeeded"), failing("AP3")]
    asked = events.attach_recent_events(log, results, 1800, 1.8e9, per_device=5, budget=15.0, clock=lambda: 1.8e9)
    # AP1 at 0 s, AP2 at 10 s; AP3 at 20 s is past the 15 s budget; the passing AP9 is never asked about.
    assert [serial for serial, _deadline in log.asked] == ["AP1", "AP2"] and asked == 3
    assert all(deadline == 15.0 for _serial, deadline in log.asked)
    assert results[0]["events"] == [] and "events_error" not in results[0]
    assert results[3]["events_error"] == "not read: the events budget (events_timeout, 15 s) was spent"
    assert "events" not in results[2]
