# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Central's lists page with a ``next`` cursor (device lists, events): one way to follow it, safe with a cursor
that loops, runs away or is not what a cursor is."""

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import UnexpectedAnswerError

# What a next cursor says when there is no next page.
_LAST = (None, "", 0, "0")


def follow_next(fetch, what, first=None, max_pages=None):
    """Each page of a list as (answer, more): ``fetch(cursor)`` asks for one page (``first``, then each ``next``
    Central gives), ``more`` says whether another page follows. It ends after a page whose ``next`` says none, or
    names a page already read (a loop). Raise UnexpectedAnswerError naming ``what`` for a page that is not an
    object, a cursor that is neither text nor a number, or more than ``max_pages`` pages."""
    cursor, seen, pages = first, set(), 0
    while True:
        if max_pages is not None and pages >= max_pages:
            raise UnexpectedAnswerError("%s still had more pages after %d pages: stopped" % (what, max_pages))
        answer = fetch(cursor)
        pages += 1
        if not isinstance(answer, dict):
            raise UnexpectedAnswerError("%s: Central's answer is not an object (a %s)" % (what, type(answer).__name__))
        following = answer.get("next")
        if isinstance(following, bool) or not isinstance(following, (str, int, type(None))):
            raise UnexpectedAnswerError("%s: Central's next cursor is neither text nor a number (a %s)"
                                        % (what, type(following).__name__))
        seen.add(str(cursor))
        more = following not in _LAST and str(following) not in seen
        yield answer, more
        if not more:
            return
        cursor = following
