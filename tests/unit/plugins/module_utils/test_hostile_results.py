# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every vendor example body, broken in thousands of ways (values of the wrong type, lists of strings, nulls,
lone surrogates, impossible dates): reading it is a result, a clear error or a note, never a traceback."""

from __future__ import annotations

import glob
import json
import os
import random

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import VERDICTS
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _tasks as diagnostics

from ansible_collections.arubacentral.troubleshooting.plugins.plugin_utils import _verdicts as verdicts
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import UnexpectedAnswerError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parsers import NORMALIZERS

SEEDS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "simulator", "seeds")
HOSTILE = [None, 0, 1.5, -1, True, "", "*", "x", "\ud800", "\x1b[2J", [], [1], ["a"], [None], {}, {"a": 1}, "13",
           10 ** 30, "2025-13-45T99:99:99Z", "NaN", "-0"]
DEVICE_TYPES = ("aos_s", "ap", "gateway", "cx")
JUDGED = set(test for tests in verdicts.CHECK_TESTS.values() for test in tests)


def seed_tests():
    found = []
    for path in sorted(glob.glob(os.path.join(SEEDS, "seed_*.json"))):
        stem = os.path.basename(path)[len("seed_"):-len(".json")]
        for device_type in DEVICE_TYPES:
            test = stem[len(device_type) + 1:]
            if stem.startswith(device_type + "_") and test in NORMALIZERS:
                found.append((device_type, test, path))
    return found


def mutate(value, rng):
    """``value`` with about one value in five replaced by something hostile, at every depth."""
    if rng.random() < 0.2:
        return rng.choice(HOSTILE)
    if isinstance(value, dict):
        return dict((key, mutate(item, rng)) for key, item in value.items())
    if isinstance(value, list):
        return [mutate(item, rng) for item in value]
    return value


@pytest.mark.parametrize("device_type, test, path", seed_tests())
def test_broken_answers_are_read_or_refused_never_raised(device_type, test, path):
    with open(path) as handle:
        body = json.load(handle)
    rng = random.Random(path)
    refused = read = 0
    for _round in range(400):
        broken = mutate(body, rng)
        try:
            task = diagnostics.read_task(broken, "%s on SN1" % test)
        except UnexpectedAnswerError as error:
            assert "%s on SN1" % test in error.message
            refused += 1
            continue
        fields = diagnostics.task_result(task, test, "T1", "/x", device_type, {})
        assert fields["result"] is None or isinstance(fields["result"], dict)
        assert fields["outcome"] in ("succeeded", "failed", "running")
        if fields["outcome"] == "succeeded" and fields["result"] is None:
            assert fields["notes"], broken
        if test in JUDGED:
            # What fleet_report makes of it is a verdict too, never a traceback.
            entry = dict(fields, name="n", serial_number="SN1", device_type=device_type, test=test, destination="d")
            assert verdicts.judge(entry, verdicts.preset_conditions(test, {}))["verdict"] in VERDICTS
        read += 1
    # Both paths were taken: the mutations reach what is read, not only what is refused.
    assert refused and read
