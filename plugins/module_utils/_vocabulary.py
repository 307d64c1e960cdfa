# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The words every judge, report and history
shares (verdicts, severities, their order, what violates) and the one way times are read and written.
Modules and the controller both read it, so it lives with module_utils and imports nothing."""

from __future__ import annotations

import re
from datetime import datetime, timezone

# Worst first: the order reports sort by and a device's verdict is the worst of its tests'.
VERDICTS = ("fail", "error", "offline", "pass")
VERDICT_RANK = dict((verdict, rank) for rank, verdict in enumerate(VERDICTS))
SEVERITIES = ("critical", "warning", "info")  # worst first
SEVERITY_RANK = dict((severity, rank) for rank, severity in enumerate(SEVERITIES))
DEFAULT_SEVERITY = "critical"


def violating_verdicts(offline_is_violation):
    """The verdicts that are violations: fail and error always, offline when the run says an offline device is one.
    Every caller says which: there is no default."""
    return ("fail", "error", "offline") if offline_is_violation else ("fail", "error")


def worst(verdicts):
    """The worst of ``verdicts`` (``pass`` for none)."""
    return min(verdicts, key=VERDICT_RANK.__getitem__, default="pass")


def severity_rank(severity):
    """A severity's rank, worst first; anything unknown ranks after ``info``."""
    return SEVERITY_RANK.get(severity, len(SEVERITIES))


UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_text(epoch, fraction=False):
    """An epoch time as RFC 3339 UTC text (``...T12:00:00Z``; with microseconds when ``fraction``)."""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ" if fraction else UTC_FORMAT)


def utc_now_text():
    return datetime.now(timezone.utc).strftime(UTC_FORMAT)


_RFC3339 = re.compile(r"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?")


def parse_rfc3339(value):
    """Seconds since the epoch for an RFC 3339 time (nanoseconds allowed), or None."""
    if not value or not isinstance(value, str):
        return None
    match = _RFC3339.fullmatch(value.strip())
    if not match:
        return None
    try:
        stamp = datetime.strptime(match.group(1).replace(" ", "T"), "%Y-%m-%dT%H:%M:%S")
    except ValueError:  # month 13, February 30th...
        return None
    zone = match.group(3) or "Z"
    offset = 0
    if zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    fraction = float("0." + match.group(2)) if match.group(2) else 0.0
    return stamp.replace(tzinfo=timezone.utc).timestamp() - offset + fraction
