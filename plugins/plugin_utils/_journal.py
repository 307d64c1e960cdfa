# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The journal of a fleet run: each test Central accepted, written the moment it is accepted.

A run that is interrupted (Ctrl-C, a cancelled AWX job, a controller restart) loses nothing:
run again with the same journal and the tests it lists are read at their location instead of
being started again. One JSON object a line, appended and flushed to disk line by line; a
last line cut short by the interruption is ignored.
"""

from __future__ import annotations

import fcntl
import json
import os
import stat
import threading
from collections import Counter

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._tasks import check_location, secret_fields
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError, ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import utc_now_text


def assign_journal_keys(items):
    """Give each item its ``journal_key``: what makes two fleet items the same test (device, test and body,
    raw output aside) and, for items alike in all that, which one of them it is, in list order.

    A secret (a RADIUS password) is left out of the key: the journal is a file, and holds neither the
    secret nor anything to guess it from offline. Items that differ only in a secret still get keys of
    their own through their position, so none of them is taken for another and none starts twice.
    """
    seen = Counter()
    for item in items:
        secrets = secret_fields(item["device_type"], item["test"])
        body = dict((name, "<secret>" if name in secrets else value) for name, value in item["body"].items()
                    if name != "includeRawOutput")
        base = json.dumps([item["device_type"], item["serial_number"], item["test"], body], sort_keys=True)
        item["journal_key"] = json.dumps([base, seen[base]])
        seen[base] += 1
    return items


class Journal:
    """One run's journal, held with an exclusive lock from open to close: a second run (or the worker
    of a killed run that is still alive) with the same journal fails at once instead of starting tests
    twice. The file is the user's alone (0600), and a symlink in its place is refused."""

    def __init__(self, path):
        self.path = path
        self._lock = threading.Lock()
        self._entries = {}
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError as error:
            if os.path.islink(path):
                raise ValidationError("journal %s is a symlink: refused (give the path of a file of your own)" % path)
            raise ValidationError("journal %s cannot be used: %s" % (path, error.strerror or error))
        self._handle = None
        try:
            self._take(descriptor)
            self._handle = os.fdopen(descriptor, "a+", encoding="utf-8")
            self._handle.seek(0)
            cut_short = False
            for number, line in enumerate(self._handle, 1):
                self._read_line(line, number)
                cut_short = not line.endswith("\n")
        except (OSError, UnicodeDecodeError, CentralError) as error:
            # Once fdopen has it, the descriptor is the handle's to close: closing both would close the number
            # twice, and the second close could hit a file another thread has just been given.
            if self._handle is None:
                os.close(descriptor)
            else:
                self._handle.close()
            if isinstance(error, CentralError):
                raise
            raise ValidationError("journal %s cannot be used: %s" % (path, getattr(error, "strerror", None) or error))
        if cut_short:
            # End the cut-short line, so that the next entry starts a line of its own.
            self._handle.write("\n")

    def _take(self, descriptor):
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            raise ValidationError("journal %s must be a regular file of yours" % self.path)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ValidationError("journal %s is in use by another run (it holds the lock): wait for that run to "
                                  "end, or give another journal; nothing was started" % self.path,
                                  hint="Two runs with one journal would start the same tests twice.")
        # 0600 even when the file existed with other modes: it names devices and tasks of the workspace.
        os.fchmod(descriptor, 0o600)

    def _read_line(self, line, number):
        try:
            entry = json.loads(line)
            key, location = entry["key"], entry["location"]
            task_id, serial_number = entry["task_id"], entry["serial_number"]
        except (ValueError, KeyError, TypeError):
            # A line cut short when the run was interrupted, or one that is not ours: nothing to read there.
            return
        if not isinstance(key, str) or not isinstance(serial_number, str):
            return
        # The location is read again as a URL path: it must be the one of a task of that device.
        if location is not None:
            location = check_location(location, serial_number,
                                      "location on line %d of journal %s" % (number, self.path), error=ValidationError)
        self._entries[key] = dict(location=location, task_id=task_id, status=entry.get("status"),
                                  start_time=entry.get("start_time"), serial_number=serial_number,
                                  line=number)

    def __len__(self):
        return len(self._entries)

    def started(self, item, operation):
        """The start Central accepted for this test in an earlier run, or None. The entry must stand for this
        very item: its device, and a location of this device type, serial number and ``operation``."""
        with self._lock:
            entry = self._entries.get(item["journal_key"])
        if not entry:
            return None
        where = "the entry on line %s of journal %s" % (entry["line"] or "(this run)", self.path)
        if entry["serial_number"] != item["serial_number"]:
            raise ValidationError("%s: the entry is for %s, not %s" % (where, entry["serial_number"],
                                                                       item["serial_number"]))
        if entry["location"] is not None:
            check_location(entry["location"], item["serial_number"], where, device_type=item["device_type"],
                           operation=operation, error=ValidationError)
        return dict((key, entry[key]) for key in ("location", "task_id", "status", "start_time"))

    def record(self, item, started):
        """Write down an accepted start before anything else happens to it."""
        key = item["journal_key"]
        line = json.dumps(dict(key=key, device_type=item["device_type"], serial_number=item["serial_number"],
                               test=item["test"], location=started["location"], task_id=started["task_id"],
                               status=started.get("status"), start_time=started.get("start_time"),
                               recorded_at=utc_now_text()))
        with self._lock:
            self._entries[key] = dict(started, serial_number=item["serial_number"], line=None)
            self._handle.write(line + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def close(self):
        # Closing the file releases the lock.
        self._handle.close()
