# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The journal of a fleet run: each test Central accepted, written the moment it is accepted.

A run that is interrupted (Ctrl-C, a cancelled AWX job, a controller restart) loses nothing:
run again with the same journal and the tests it lists are read at their location instead of
being started again. One JSON object a line, appended and flushed to disk line by line; a
last line cut short by the interruption is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import datetime, timezone

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.diagnostics import check_location, secret_fields
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils.errors import ValidationError


def journal_key(item):
    """What makes two fleet items the same test: device, test and body (raw output aside). A secret (a RADIUS
    password) counts by its SHA-256 digest: the journal is a file, and never holds it."""
    secrets = secret_fields(item["device_type"], item["test"])
    body = {}
    for name, value in item["body"].items():
        if name in secrets:
            value = "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()
        if name != "includeRawOutput":
            body[name] = value
    return json.dumps([item["device_type"], item["serial_number"], item["test"], body], sort_keys=True)


class Journal:
    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()
        self._entries = {}
        cut_short = False
        try:
            if os.path.exists(path):
                with open(path, encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        self._read_line(line, number)
                        cut_short = not line.endswith("\n")
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError("journal %s cannot be used: %s" % (path, getattr(error, "strerror", None) or error))
        self._handle = os.fdopen(descriptor, "a", encoding="utf-8")
        if cut_short:
            # End the cut-short line, so that the next entry starts a line of its own.
            self._handle.write("\n")

    def _read_line(self, line, number):
        try:
            entry = json.loads(line)
            key, location = entry["key"], entry["location"]
            task_id, serial_number = entry["task_id"], entry["serial_number"]
        except (ValueError, KeyError, TypeError):
            # A line cut short when the run was interrupted, or one that is not ours: nothing to read there.
            return
        if not isinstance(key, str):
            return
        # The location is read again as a URL path: it must be the one of a task of that device.
        if location is not None:
            check_location(location, serial_number, "location on line %d of journal %s" % (number, self.path))
        self._entries[key] = dict(location=location, task_id=task_id, status=entry.get("status"),
                                  start_time=entry.get("start_time"))

    def __len__(self):
        return len(self._entries)

    def started(self, item):
        """The start Central accepted for this test in an earlier run, or None."""
        with self._lock:
            entry = self._entries.get(journal_key(item))
        return dict(entry) if entry else None

    def record(self, item, started):
        """Write down an accepted start before anything else happens to it."""
        key = journal_key(item)
        line = json.dumps(dict(key=key, device_type=item["device_type"], serial_number=item["serial_number"],
                               test=item["test"], location=started["location"], task_id=started["task_id"],
                               status=started.get("status"), start_time=started.get("start_time"),
                               recorded_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
        with self._lock:
            self._entries[key] = dict(started)
            self._handle.write(line + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def close(self):
        self._handle.close()
