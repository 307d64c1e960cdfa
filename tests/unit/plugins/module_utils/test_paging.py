# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one way Central's ``next`` cursor is followed (device lists and events): where it stops, and what it
refuses, as a table."""

from __future__ import annotations

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import UnexpectedAnswerError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paging import follow_next


def walk(pages, first=None, max_pages=None):
    """The cursors asked for and the `more` of each page, over ``pages`` keyed by cursor."""
    asked = []

    def fetch(cursor):
        asked.append(cursor)
        return pages[cursor]
    mores = [more for _answer, more in follow_next(fetch, "device-inventory", first=first, max_pages=max_pages)]
    return asked, mores


@pytest.mark.parametrize("pages, first, asked, mores", [
    ({None: dict(next="2"), "2": dict(next="3"), "3": dict(next=None)}, None, [None, "2", "3"], [True, True, False]),
    ({1: dict(next=2), 2: dict(next="")}, 1, [1, 2], [True, False]),
    ({1: dict(next=2), 2: dict(next=0)}, 1, [1, 2], [True, False]),
    ({1: dict(next=2), 2: dict(next="0")}, 1, [1, 2], [True, False]),
    ({1: dict()}, 1, [1], [False]),
    # A cursor already read (as text or as a number) would loop for ever: it ends there.
    ({1: dict(next=2), 2: dict(next="1")}, 1, [1, 2], [True, False]),
    ({None: dict(next="a"), "a": dict(next="a")}, None, [None, "a"], [True, False]),
])
def test_where_the_cursor_ends(pages, first, asked, mores):
    assert walk(pages, first) == (asked, mores)


@pytest.mark.parametrize("page, message", [
    (["not", "an", "object"], "device-inventory: Central's answer is not an object (a list)"),
    (dict(next=True), "next cursor is neither text nor a number (a bool)"),
    (dict(next={"page": 2}), "next cursor is neither text nor a number (a dict)"),
    (dict(next=[2]), "next cursor is neither text nor a number (a list)"),
])
def test_what_is_no_page_or_no_cursor_is_refused(page, message):
    with pytest.raises(UnexpectedAnswerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        walk({None: page})


def test_a_cursor_that_runs_away_is_cut_off():
    endless = dict((number, dict(next=number + 1)) for number in range(1, 10))
    with pytest.raises(UnexpectedAnswerError, match="device-inventory still had more pages after 3 pages: stopped"):
        walk(endless, first=1, max_pages=3)
