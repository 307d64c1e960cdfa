# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import fleet


def test_duration_model_learns_from_finished_tests():
    model = fleet.DurationModel(default=2.0)
    kind = ("ap", "ping")
    assert model.expected(kind) == 2.0
    model.observe(kind, 10.0)
    assert model.expected(kind) == 10.0
    model.observe(kind, 20.0)
    assert model.expected(kind) == 13.0
    model.observe(kind, None)
    assert model.expected(("gateway", "ping")) == 2.0


def test_fleet_failures_by_policy():
    results = [dict(index=0, outcome="succeeded", unreachable=False), dict(index=1, outcome="error", unreachable=False),
               dict(index=2, outcome="succeeded", unreachable=True), dict(index=3, outcome="running", unreachable=False)]
    assert fleet.fleet_failures(results, "never") == []
    assert [r["index"] for r in fleet.fleet_failures(results, "error")] == [1, 3]
    assert [r["index"] for r in fleet.fleet_failures(results, "unreachable")] == [1, 2, 3]


def test_prepare_items_applies_include_raw_output_unless_the_item_sets_it():
    items = fleet.prepare_items([dict(device_type="ap", serial_number="S1", test="ping", destination="h.example"),
                                 dict(device_type="ap", serial_number="S2", test="ping", destination="h.example",
                                      include_raw_output=False, name="lobby")], include_raw_output=True)
    assert items[0]["body"]["includeRawOutput"] is True
    assert items[1]["body"]["includeRawOutput"] is False and items[1]["name"] == "lobby"
