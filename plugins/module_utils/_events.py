# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Central's event log (``GET /network-troubleshooting/v1/events``, ``event-filters`` and
``event-extra-attributes``), as the vendor's v1 SDK (pycentral 2.0a25) queries it: a context (a site, a
device by serial, a client by MAC) in one site, a window of at most 30 days, paged with ``next``.

Every event is read defensively (any field may be missing or of the wrong type) and typed: the timestamp
as an RFC 3339 text and as seconds since the epoch."""

from __future__ import annotations

import re

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import parse_rfc3339, utc_text
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paging import follow_next
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    UnexpectedAnswerError,
    ValidationError,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text

# The event log is a v1 API (the vendor's SDK has it there only), whatever api_version the tests use.
EVENTS_PATH = "/network-troubleshooting/v1/"
CONTEXT_TYPES = ("SITE", "ACCESS_POINT", "SWITCH", "GATEWAY", "WIRELESS_CLIENT", "WIRED_CLIENT", "BRIDGE")
# The context a device's own events are listed under.
DEVICE_CONTEXTS = dict(ap="ACCESS_POINT", gateway="GATEWAY", cx="SWITCH", aos_s="SWITCH")
SORTS = ("timestamp desc", "timestamp asc")
MAX_WINDOW_SECONDS = 30 * 86400
MAX_PAGE = 1000
# The SDK's limits on what it sends.
MAX_IDENTIFIER = 128
MAX_SEARCH = 256
MAX_FILTER = 512

_SINCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.I)
_UNITS = dict(s=1, m=60, h=3600, d=86400, w=7 * 86400)
# The event fields Central documents, and the names the collection gives them.
EVENT_FIELDS = (("eventId", "event_id"), ("uuid", "uuid"), ("serialNumber", "serial_number"),
                ("timestamp", "timestamp"), ("eventName", "name"), ("category", "category"),
                ("sourceType", "source_type"), ("sourceName", "source_name"), ("description", "description"),
                ("severity", "severity"))


def parse_since(value, option="since"):
    """Seconds in ``3h``, ``90m``, ``2d``, ``1w`` or a plain number of seconds; at most 30 days."""
    match = _SINCE.match(str(value)) if value is not None and not isinstance(value, bool) else None
    if not match:
        raise ValidationError("%s must be a duration such as 30m, 3h or 2d (got %r)" % (option, value))
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if not 0 < seconds <= MAX_WINDOW_SECONDS:
        raise ValidationError("%s must be more than 0 and at most 30 days (Central's longest window; got %r)"
                              % (option, value))
    return seconds


def _identifier(value, option, required=True):
    if value is None or value == "":
        if required:
            raise ValidationError("%s is required" % option)
        return None
    if not isinstance(value, str) or len(value) > MAX_IDENTIFIER or any(ord(char) < 32 for char in value):
        raise ValidationError("%s must be text of at most %d characters on one line (got %r)"
                              % (option, MAX_IDENTIFIER, value))
    return value


def window(since=None, start_at=None, end_at=None, clock=_clock.wall):
    """(start, end) in RFC 3339 from ``since`` (a duration back from now) or explicit times; at most 30 days."""
    if since is not None and start_at is not None:
        raise ValidationError("since and start_at are mutually exclusive: give a duration back from now, or a start")
    end = clock() if end_at is None else parse_rfc3339(end_at)
    if end is None:
        raise ValidationError("end_at must be an RFC 3339 time, for example 2026-12-01T10:00:00Z (got %r)" % (end_at,))
    if start_at is not None:
        start = parse_rfc3339(start_at)
        if start is None:
            raise ValidationError("start_at must be an RFC 3339 time, for example 2026-12-01T09:00:00Z (got %r)"
                                  % (start_at,))
    else:
        start = end - parse_since("3h" if since is None else since)
    if start >= end:
        raise ValidationError("start_at must be before end_at")
    if end - start > MAX_WINDOW_SECONDS:
        raise ValidationError("the window from start_at to end_at is more than 30 days (Central's longest)")
    return utc_text(start, fraction=True), utc_text(end, fraction=True)


def events_query(context_type, context_id, site_id, start, end, search=None, event_filter=None, sort=None):
    """The query parameters of an events request, checked as the vendor's SDK checks them."""
    if context_type not in CONTEXT_TYPES:
        raise ValidationError("context_type must be one of %s (got %r)" % (", ".join(CONTEXT_TYPES), context_type))
    params = {"context-type": context_type, "context-identifier": _identifier(context_id, "context_id"),
              "site-id": _identifier(site_id, "site_id"), "start-at": start, "end-at": end}
    for option, key, value, longest in (("search", "search", search, MAX_SEARCH),
                                        ("filter", "filter", event_filter, MAX_FILTER)):
        if value is not None:
            if not isinstance(value, str) or len(value) > longest:
                raise ValidationError("%s must be text of at most %d characters" % (option, longest))
            params[key] = value
    if sort is not None:
        if sort not in SORTS:
            raise ValidationError("sort must be one of %s (got %r)" % (", ".join(SORTS), sort))
        params["sort"] = sort
    return params


def _text(value, longest=1000):
    if value is None or isinstance(value, (dict, list)):
        return None
    return clean_text(str(value), one_line=True, max_length=longest)


def read_event(raw):
    """One event, typed; None for an entry that is not an object. Unknown fields are kept under ``extra``."""
    if not isinstance(raw, dict):
        return None
    event = dict((name, _text(raw.get(key))) for key, name in EVENT_FIELDS)
    event["timestamp_epoch"] = parse_rfc3339(event["timestamp"]) if event["timestamp"] else None
    known = set(key for key, _name in EVENT_FIELDS)
    event["extra"] = dict((key, value) for key, value in raw.items() if key not in known)
    return event


def list_events(client, params, page_size=100, max_events=1000, deadline=None):
    """Every event of the query, paging with ``next`` until Central has no more or ``max_events`` are read, each
    request ended by ``deadline`` (of the client's transport clock) if one is given. Returns (events newest first as
    Central sorts them, total Central counts, whether more were left)."""
    if not 1 <= page_size <= MAX_PAGE:
        raise ValidationError("limit must be between 1 and %d (got %r)" % (MAX_PAGE, page_size))
    if max_events < 1:
        raise ValidationError("max_events must be at least 1 (got %r)" % max_events)
    events, total = [], None

    def fetch(cursor):
        return client.request("GET", EVENTS_PATH + "events", deadline=deadline,
                              params=dict(params, next=cursor, limit=min(page_size, max_events - len(events))))
    for answer, more in follow_next(fetch, "events", first=1):
        if not isinstance(answer.get("events", []), list):
            raise UnexpectedAnswerError("events: Central's answer is not an object with a list of events")
        events.extend(event for event in (read_event(raw) for raw in answer.get("events") or []) if event)
        if isinstance(answer.get("total"), int) and not isinstance(answer.get("total"), bool):
            total = answer["total"]
        if not more or not answer.get("events"):
            break
        if len(events) >= max_events:
            return events[:max_events], total, True
    return events, total, False


def list_event_filters(client, params):
    """The categories, source types and event names of the window, with their counts (``event-filters``)."""
    keys = ("context-type", "context-identifier", "site-id", "start-at", "end-at")
    answer = client.request("GET", EVENTS_PATH + "event-filters",
                            params=dict((key, params[key]) for key in keys))
    if not isinstance(answer, dict):
        raise UnexpectedAnswerError("event-filters: Central's answer is not an object")
    return answer


def event_extra_attributes(client, event, site_id):
    """The extra attributes of one event read by read_event (``event-extra-attributes``), or None for an event
    without an ID or a time that can be read (what Central gave is untrusted: it goes out as a query value only)."""
    identifier = event.get("event_id") or event.get("uuid")
    if not identifier or event.get("timestamp_epoch") is None or len(identifier) > MAX_IDENTIFIER:
        return None
    answer = client.request("GET", EVENTS_PATH + "event-extra-attributes",
                            params={"event-identifier": identifier, "site-id": _identifier(site_id, "site_id"),
                                    "time-at": utc_text(event["timestamp_epoch"], fraction=True)})
    if not isinstance(answer, dict):
        raise UnexpectedAnswerError("event-extra-attributes: Central's answer is not an object")
    return answer


def _did_not_pass(entry):
    return entry.get("outcome") != "succeeded" or bool(entry.get("negative_answer"))


def failing_devices(results):
    """serial -> (device type, site id) of the results that did not pass (an error, a failed test, a negative
    answer) and name a site: the devices whose recent events a report shows."""
    devices = {}
    for entry in results:
        if _did_not_pass(entry) and entry.get("site_id") and entry.get("device_type") in DEVICE_CONTEXTS:
            devices.setdefault(entry["serial_number"], (entry["device_type"], entry["site_id"]))
    return devices


def attach_recent_events(client, results, since_seconds, started_at, per_device=10, budget=60.0, clock=_clock.wall):
    """Add to each failing result that names a site its device's events from ``since_seconds`` before the run
    started until now (``events``, newest first), one request a failing device, never one for a passing
    device; a request that fails costs only that device's events (``events_error``). The whole phase takes at most
    ``budget`` seconds: a slow event log never holds a run that is over; the devices not reached by then say so.
    Returns requests made."""
    devices = failing_devices(results)
    found = {}
    start, end = utc_text(started_at - since_seconds, fraction=True), utc_text(clock(), fraction=True)
    deadline = client.transport.clock() + budget
    for serial, (device_type, site_id) in devices.items():
        if client.transport.clock() >= deadline:
            found[serial] = ([], "not read: the events budget (events_timeout, %g s) was spent" % budget)
            continue
        try:
            params = events_query(DEVICE_CONTEXTS[device_type], serial, site_id, start, end, sort="timestamp desc")
            found[serial] = (list_events(client, params, page_size=per_device, max_events=per_device,
                                         deadline=deadline)[0], None)
        except Exception as error:  # pylint: disable=broad-exception-caught
            # Events only explain a failure: one that cannot be read never costs the run.
            found[serial] = ([], clean_text(str(error), one_line=True, max_length=300))
    for entry in results:
        if entry.get("serial_number") in found and _did_not_pass(entry):
            entry["events"], problem = found[entry["serial_number"]]
            if problem:
                entry["events_error"] = problem
    return len(devices)
