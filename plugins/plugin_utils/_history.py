# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The run history of fleet checks: each run and each device x check x target row of it, in one SQLite file
(the standard library's sqlite3, WAL, safe when two runs write at once) or in PostgreSQL (a postgresql:// URL;
the optional driver psycopg). What a report needs back: the previous runs' verdicts of each row (drift), its
key figure over the last runs and each site's share of compliant devices (trends).

The schema is versioned (table ``meta``) and migrated forward when a newer collection opens an older history;
a history written by a newer collection is refused rather than guessed at."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError

SCHEMA_VERSION = 1
# Our mark in the meta table: a database whose tables lack it belongs to someone else and is never written to.
APPLICATION = "arubacentral.troubleshooting"
# version -> the statements that bring a history from the version before to it.
MIGRATIONS = {
    1: [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, scope TEXT NOT NULL, started_at DOUBLE PRECISION"
        " NOT NULL, ended_at DOUBLE PRECISION NOT NULL, policy_digest TEXT, policy TEXT, run_by TEXT,"
        " slices INTEGER NOT NULL, counts TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS runs_by_scope ON runs (scope, started_at)",
        "CREATE TABLE IF NOT EXISTS results (run_id TEXT NOT NULL, check_name TEXT NOT NULL, serial TEXT NOT NULL,"
        " target TEXT NOT NULL, name TEXT, site TEXT, device_type TEXT, test TEXT, verdict TEXT NOT NULL,"
        " severity TEXT, reasons TEXT, failed TEXT, figure DOUBLE PRECISION,"
        " PRIMARY KEY (run_id, check_name, serial, target))SQLITE_CLUSTERED",
    ],
}
# SQLite keeps the results in their primary key's order instead of beside a second copy of it (half the size).
SQLITE_ONLY = {"SQLITE_CLUSTERED": " WITHOUT ROWID"}


def history_name(target):
    """How a history is named in a message: a postgresql:// URL without its user and password, else the path."""
    if isinstance(target, str) and target.startswith(("postgresql://", "postgres://")):
        scheme, _sep, rest = target.partition("://")
        return "%s://%s" % (scheme, rest.rsplit("@", 1)[-1])
    return target


def open_history(target, driver=None, create=True):
    """A History on ``target``: a postgresql:// (or postgres://) URL, else the path of an SQLite file (created
    with its directory, readable by the user only; with ``create`` false, a missing one is an error: check mode
    creates nothing). Raise ValidationError naming what is wrong."""
    if not isinstance(target, str) or not target.strip():
        raise ValidationError("history must be the path of an SQLite file or a postgresql:// URL")
    if target.startswith(("postgresql://", "postgres://")):
        if driver is None:
            try:
                import psycopg as driver  # pylint: disable=import-outside-toplevel
            except ImportError:
                raise ValidationError("a PostgreSQL history needs the psycopg driver on the controller "
                                      "(pip install 'psycopg[binary]'), or give the path of an SQLite file")
        try:
            connection = driver.connect(target, connect_timeout=10)
        except Exception as error:  # pylint: disable=broad-exception-caught
            # The driver's message may hold the URL's password: name the host part only.
            raise ValidationError("cannot open the PostgreSQL history at %s: %s"
                                  % (history_name(target), type(error).__name__))
        return History(connection, "%s", name=history_name(target))
    path = os.path.abspath(os.path.expanduser(target))
    if not create and not os.path.exists(path):
        raise ValidationError("history %s does not exist, so it holds no run to read" % path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    refused = _refused(os.path.dirname(path), directory=True) or _refused(path)
    if refused:
        # Another user's (or anyone's) file could hold forged runs that turn today's violations into "persisting",
        # and would read the stored policies: refused as the token cache refuses such a file.
        raise ValidationError("history %s %s: refused; give the path of a file of your own in a directory only you "
                              "can write" % (path, refused))
    new = not os.path.exists(path)
    try:
        # Two runs writing at once wait for each other (WAL lets readers go on) instead of failing.
        connection = sqlite3.connect(path, timeout=120, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as error:
        raise ValidationError("cannot open the SQLite history %s: %s" % (path, error))
    if new:
        os.chmod(path, 0o600)
    return History(connection, "?", sqlite=True, name=path)


def _refused(path, directory=False):
    """Why ``path`` (the history file, or its directory) must not be used, or None (also None when it does not exist
    yet): a symlink, another user's, or writable by others."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    what = "its directory %s" % path if directory else "it"
    if stat.S_ISLNK(info.st_mode):
        return "(%s) is a symlink" % what if directory else "is a symlink"
    if directory and not stat.S_ISDIR(info.st_mode) or not directory and not stat.S_ISREG(info.st_mode):
        return "is not a %s" % ("directory" if directory else "regular file")
    if info.st_uid not in ((os.getuid(), 0) if directory else (os.getuid(),)):
        return "(%s) belongs to another user" % what if directory else "belongs to another user"
    if info.st_mode & 0o022:
        return "(%s) is writable by other users" % what if directory else "is writable by other users"
    return None


class History:
    def __init__(self, connection, placeholder, sqlite=False, name=None):
        self.connection, self.placeholder, self.sqlite = connection, placeholder, sqlite
        # How messages name it: the path, or the URL without its user and password.
        self.name = name
        self._migrate()

    def _sql(self, statement):
        for marker, sqlite_text in SQLITE_ONLY.items():
            statement = statement.replace(marker, sqlite_text if self.sqlite else "")
        return statement.replace("?", self.placeholder)

    def _execute(self, cursor, statement, values=()):
        cursor.execute(self._sql(statement), values)
        return cursor

    def _begin(self):
        cursor = self.connection.cursor()
        if self.sqlite:
            cursor.execute("BEGIN IMMEDIATE")  # one writer at a time, taken before reading what to write
        return cursor

    def _commit(self, cursor):
        if self.sqlite:
            cursor.execute("COMMIT")
        else:
            self.connection.commit()

    def _tables(self, cursor):
        if self.sqlite:
            statement = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            statement = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        return set(row[0] for row in self._execute(cursor, statement).fetchall())

    def _migrate(self):
        cursor = self._begin()
        try:
            tables = self._tables(cursor)
            ours = "meta" in tables and self._execute(
                cursor, "SELECT value FROM meta WHERE key = 'schema_version'").fetchone() is not None
            # An SQLite file with any table of its own, or a database with a table of our names, that is not ours.
            if not ours and (tables if self.sqlite else tables & {"meta", "runs", "results"}):
                raise ValidationError("the history %s holds tables of another application (%s) and no history of "
                                      "this collection: refused, nothing was sent; give it a file or database of its "
                                      "own" % ("file" if self.sqlite else "database",
                                               ", ".join(sorted(tables)[:5])))
            self._execute(cursor, MIGRATIONS[1][0])
            row = self._execute(cursor, "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            try:
                version = int(row[0]) if row else 0
            except ValueError:
                raise ValidationError("the history's schema version is %r, not a number: it is not a history this "
                                      "collection wrote" % (row[0],))
            if version > SCHEMA_VERSION:
                raise ValidationError("the history was written by a newer collection (schema %d; this one knows %d):"
                                      " upgrade arubacentral.troubleshooting" % (version, SCHEMA_VERSION))
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    self._execute(cursor, statement)
            if version != SCHEMA_VERSION:
                self._execute(cursor, "DELETE FROM meta WHERE key = 'schema_version'")
                self._execute(cursor, "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            if self._execute(cursor, "SELECT value FROM meta WHERE key = 'application'").fetchone() is None:
                self._execute(cursor, "INSERT INTO meta (key, value) VALUES ('application', ?)", (APPLICATION,))
            self._commit(cursor)
        except Exception:
            self._rollback(cursor)
            raise

    def _rollback(self, cursor):
        # Said by the caller: the error that ended the transaction. SQLite may have ended it itself (a full disk),
        # and "cannot rollback - no transaction is active" must not hide that.
        try:
            if self.sqlite:
                cursor.execute("ROLLBACK")
            else:
                self.connection.rollback()
        except Exception:  # pylint: disable=broad-exception-caught
            pass

    def close(self):
        self.connection.close()

    def record(self, run, rows, keep_runs=None, keep_days=None, now=None):
        """Write ``run`` (run_id, scope, started_at, ended_at, policy_digest, run_by) and its ``rows`` (check,
        serial_number, destination, name, site, device_type, test, verdict, severity, failed, figure) in one
        transaction. A run_id already there (another slice of the same job) is merged: its rows are added, its
        times widened, its counts recounted. Then the scope's runs beyond ``keep_runs`` or older than
        ``keep_days`` are pruned. Returns the run's counts."""
        cursor = self._begin()
        try:
            self._execute(cursor, "INSERT INTO runs (run_id, scope, started_at, ended_at, policy_digest, policy, run_by,"
                                  " slices, counts) VALUES (?, ?, ?, ?, ?, ?, ?, 1, '{}') ON CONFLICT (run_id) DO UPDATE SET"
                                  " started_at = LEAST_START, ended_at = GREATEST_END, slices = runs.slices + 1"
                          .replace("LEAST_START", "CASE WHEN excluded.started_at < runs.started_at THEN"
                                   " excluded.started_at ELSE runs.started_at END")
                          .replace("GREATEST_END", "CASE WHEN excluded.ended_at > runs.ended_at THEN"
                                   " excluded.ended_at ELSE runs.ended_at END"),
                          (run["run_id"], run["scope"], run["started_at"], run["ended_at"], run.get("policy_digest"),
                           json.dumps(run.get("policy"), default=str), run.get("run_by")))
            statement = self._sql("INSERT INTO results (run_id, check_name, serial, target, name, site, device_type,"
                                  " test, verdict, severity, reasons, failed, figure)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                  " ON CONFLICT (run_id, check_name, serial, target) DO UPDATE SET"
                                  " verdict = excluded.verdict, severity = excluded.severity, reasons = excluded.reasons,"
                                  " failed = excluded.failed, figure = excluded.figure")
            cursor.executemany(statement, [
                (run["run_id"], row["check"], str(row["serial_number"]), str(row["destination"]), row["name"],
                 row.get("site"), row["device_type"], row["test"], row["verdict"], row.get("severity"),
                 json.dumps(row["reasons"]) if row.get("reasons") else None,
                 json.dumps(row["failed"], default=str) if row.get("failed") else None, row.get("figure"))
                for row in rows])
            counts = dict((verdict, number) for verdict, number in self._execute(
                cursor, "SELECT verdict, COUNT(*) FROM results WHERE run_id = ? GROUP BY verdict",
                (run["run_id"],)).fetchall())
            self._execute(cursor, "UPDATE runs SET counts = ? WHERE run_id = ?", (json.dumps(counts), run["run_id"]))
            self._prune(cursor, run["scope"], keep_runs, keep_days, now or _clock.wall())
            self._commit(cursor)
        except Exception:
            self._rollback(cursor)
            raise
        return counts

    def _prune(self, cursor, scope, keep_runs, keep_days, now):
        doomed = []
        if keep_runs:
            doomed += [row[0] for row in self._execute(
                cursor, "SELECT run_id FROM runs WHERE scope = ? ORDER BY started_at DESC", (scope,)).fetchall()[keep_runs:]]
        if keep_days:
            doomed += [row[0] for row in self._execute(
                cursor, "SELECT run_id FROM runs WHERE scope = ? AND started_at < ?",
                (scope, now - keep_days * 86400.0)).fetchall()]
        for run_id in set(doomed):
            self._execute(cursor, "DELETE FROM results WHERE run_id = ?", (run_id,))
            self._execute(cursor, "DELETE FROM runs WHERE run_id = ?", (run_id,))

    def runs(self, scope, before=None, limit=30):
        """The scope's runs (run_id, started_at, ended_at, counts, slices), newest first, started before ``before``."""
        cursor = self.connection.cursor()
        rows = self._execute(cursor, "SELECT run_id, started_at, ended_at, counts, slices, policy_digest, run_by FROM runs"
                                     " WHERE scope = ? AND started_at < ? ORDER BY started_at DESC LIMIT ?",
                             (scope, float("inf") if before is None else before, limit)).fetchall()
        return [dict(run_id=row[0], started_at=row[1], ended_at=row[2], counts=json.loads(row[3]), slices=row[4],
                     policy_digest=row[5], run_by=row[6]) for row in rows]

    def run_ids_of(self, run_id):
        """The runs of ``run_id`` in every scope (a run shared by slices is stored as "run_id/scope"): what a report
        from the history can be asked for when the scope is not given."""
        cursor = self.connection.cursor()
        prefix = run_id + "/"
        return [row[0] for row in self._execute(cursor, "SELECT run_id FROM runs WHERE substr(run_id, 1, ?) = ?"
                                                        " ORDER BY run_id", (len(prefix), prefix)).fetchall()]

    def run(self, run_id):
        cursor = self.connection.cursor()
        row = self._execute(cursor, "SELECT scope, started_at, ended_at, counts, slices, policy_digest, run_by, policy"
                                    " FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        if row is None:
            return None
        return dict(run_id=run_id, scope=row[0], started_at=row[1], ended_at=row[2], counts=json.loads(row[3]),
                    slices=row[4], policy_digest=row[5], run_by=row[6], policy=json.loads(row[7] or "null"))

    def outcomes(self, run_ids):
        """run_id -> {(check, serial, target): row with verdict, severity, site and figure} of those runs: what drift
        and trends read of the runs before, without the rest (at 30 runs of 15000 rows, a third of the time)."""
        found = dict((run_id, {}) for run_id in run_ids)
        if not run_ids:
            return found
        cursor = self.connection.cursor()
        marks = ", ".join("?" for _run in run_ids)
        for row in self._execute(cursor, "SELECT run_id, check_name, serial, target, verdict, severity, site, figure"
                                         " FROM results WHERE run_id IN (%s)" % marks, tuple(run_ids)).fetchall():
            found[row[0]][(row[1], row[2], row[3])] = dict(serial_number=row[2], verdict=row[4], severity=row[5],
                                                           site=row[6], figure=row[7])
        return found

    def results(self, run_ids):
        """run_id -> {(check, serial, target): row} of those runs, every column."""
        found = dict((run_id, {}) for run_id in run_ids)
        if not run_ids:
            return found
        cursor = self.connection.cursor()
        marks = ", ".join("?" for _run in run_ids)
        for row in self._execute(cursor, "SELECT run_id, check_name, serial, target, name, site, device_type, test,"
                                         " verdict, severity, reasons, failed, figure FROM results WHERE run_id IN (%s)"
                                         % marks, tuple(run_ids)).fetchall():
            found[row[0]][(row[1], row[2], row[3])] = dict(
                check=row[1], serial_number=row[2], destination=row[3], name=row[4], site=row[5], device_type=row[6],
                test=row[7], verdict=row[8], severity=row[9], reasons=json.loads(row[10] or "[]"),
                failed=json.loads(row[11] or "[]"), figure=row[12])
        return found
