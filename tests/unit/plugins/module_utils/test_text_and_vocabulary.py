# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Text from Central made fit for consoles and reports; the shared words (verdicts, severities, time formats)."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_data, clean_text
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _vocabulary as vocabulary


@pytest.mark.parametrize("value, options, wanted", [
    (None, {}, None),
    ("plain", {}, "plain"),
    (42, {}, "42"),
    ("red \x1b[31mtext\x1b[0m", {}, "red text"),
    ("title \x1b]0;owned\x07here", {}, "title here"),
    ("bell\x07 nul\x00 del\x7f c1\x85", {}, "bell\ufffd nul\ufffd del\ufffd c1\ufffd"),
    ("lone \ud800 surrogate", {}, "lone \ufffd surrogate"),
    ("two\nlines\tand tab", {}, "two\nlines\tand tab"),
    ("two\nlines\tand  tab", dict(one_line=True), "two lines and tab"),
    ("abcdef", dict(max_length=3), "abc..."),
    ("abc", dict(max_length=3), "abc"),
])
def test_clean_text(value, options, wanted):
    assert clean_text(value, **options) == wanted


def test_clean_data_cleans_keys_and_values_at_any_depth_and_keeps_the_rest():
    data = {"na\x1b[2Jme": ["a\x00", {"k": "\x1b[1mbold"}], "n": 1, "b": True, "none": None}
    assert clean_data(data) == {"name": ["a\ufffd", {"k": "bold"}], "n": 1, "b": True, "none": None}


@pytest.mark.parametrize("offline_is_violation, wanted", [(True, ("fail", "error", "offline")), (False, ("fail", "error"))])
def test_what_violates(offline_is_violation, wanted):
    assert vocabulary.violating_verdicts(offline_is_violation) == wanted


@pytest.mark.parametrize("verdicts, wanted", [([], "pass"), (["pass", "offline"], "offline"),
                                              (["offline", "error", "pass"], "error"), (["pass", "fail", "error"], "fail")])
def test_worst(verdicts, wanted):
    assert vocabulary.worst(verdicts) == wanted


def test_severity_rank_puts_the_unknown_last():
    assert [vocabulary.severity_rank(name) for name in ("critical", "warning", "info", "bogus", None)] == [0, 1, 2, 3, 3]


@pytest.mark.parametrize("text, wanted", [
    ("2025-04-09T10:00:00Z", 1744192800.0),
    ("2025-04-09T10:00:00.5Z", 1744192800.5),
    ("2025-04-09T12:00:00+02:00", 1744192800.0),
    ("2025-04-09T05:30:00-0430", 1744192800.0),
    ("2025-04-09 10:00:00", 1744192800.0),
    ("2025-04-09T10:00:00.123456789Z", 1744192800.123456789),
    ("2025-13-09T10:00:00Z", None),
    ("2025-02-30T10:00:00Z", None),
    ("yesterday", None),
    ("", None),
    (None, None),
    (1744192800, None),
])
def test_parse_rfc3339(text, wanted):
    parsed = vocabulary.parse_rfc3339(text)
    if wanted is None:
        assert parsed is None
    else:
        assert parsed == pytest.approx(wanted)


def test_utc_text_round_trips():
    assert vocabulary.utc_text(1744192800.25) == "2025-04-09T10:00:00Z"
    assert vocabulary.utc_text(1744192800.25, fraction=True) == "2025-04-09T10:00:00.250000Z"
    assert vocabulary.parse_rfc3339(vocabulary.utc_text(1744192800)) == 1744192800.0
