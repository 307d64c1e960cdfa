# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Tokens. A ready token, or OAuth2 client credentials with a per-user cache file shared by every process of one
controller."""

from __future__ import annotations

import collections
import contextlib
import hashlib
import json
import math
import os
import stat
import threading

try:
    import fcntl
except ImportError:  # not POSIX: processes may each fetch a token, nothing worse
    fcntl = None

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    AuthenticationError,
    RateLimitError,
    ValidationError,
    error_from_response,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._pacing import retry_after_seconds
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._vocabulary import utc_text
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._files import write_atomically
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import refuse_clear_credentials, validate_base_url


def default_token_cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "arubacentral.troubleshooting")


class TokenCache:
    """Tokens kept between module runs: one 0600 file a (token URL, client id), in a 0700
    directory of the user's; it never holds the client secret.

    A cache someone else could have planted or could read is not used: a directory or file that is a
    symlink, not the user's, or writable (a file: readable) by others. ``warning`` then says why, and a
    new token is fetched instead.
    """

    def __init__(self, directory=None, clock=_clock.wall):
        self.directory = directory or default_token_cache_dir()
        self._clock = clock
        self.warning = None

    def path(self, token_url, client_id):
        digest = hashlib.sha256(("%s\n%s" % (token_url, client_id)).encode("utf-8")).hexdigest()[:32]
        return os.path.join(self.directory, "token-%s.json" % digest)

    def _directory_refused(self):
        """Why the cache directory must not be used, or None (also None when it does not exist yet)."""
        try:
            info = os.lstat(self.directory)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            return "is a symlink"
        if not stat.S_ISDIR(info.st_mode):
            return "is not a directory"
        if info.st_uid != os.getuid():
            return "belongs to another user"
        if info.st_mode & 0o022:
            return "is writable by other users"
        return None

    def _refuse(self, reason):
        self.warning = ("token cache %s %s: not used (a new token is fetched instead); make it a directory of "
                        "yours that only you can write, or set token_cache: false" % (self.directory, reason))

    def _read(self, token_url, client_id):
        """The cache file's data, or None when absent, unreadable or not private."""
        refused = self._directory_refused()
        if refused:
            self._refuse(refused)
            return None
        path = self.path(token_url, client_id)
        try:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            if os.path.islink(path):
                self._refuse("holds a symlink at %s" % os.path.basename(path))
            return None
        try:
            with os.fdopen(descriptor) as handle:
                info = os.fstat(handle.fileno())
                if info.st_uid != os.getuid() or info.st_mode & 0o077 or not stat.S_ISREG(info.st_mode):
                    return None
                data = json.load(handle)
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def load(self, token_url, client_id):
        """The cached (token, expires_at), or None when absent, expired, unreadable or not private."""
        data = self._read(token_url, client_id)
        try:
            token, expires_at = data["access_token"], float(data["expires_at"])
        except (KeyError, TypeError, ValueError):
            return None
        if not isinstance(token, str) or not token:
            return None
        return (token, expires_at) if expires_at > self._clock() else None

    def refused_until(self, token_url, client_id):
        """Until when (seconds since the epoch) the token endpoint said it gives this client no new token, or None."""
        try:
            until = float((self._read(token_url, client_id) or {}).get("refused_until"))
        except (TypeError, ValueError):
            return None
        return until if math.isfinite(until) and until > self._clock() else None

    def store_refusal(self, token_url, client_id, until):
        """Remember a 429 of the token endpoint, so that the other processes wait it out instead of asking again."""
        self._write(token_url, client_id, dict(refused_until=until, token_url=token_url, client_id=client_id,
                                               auth_method=self.auth_method(token_url, client_id)))

    @contextlib.contextmanager
    def exclusive(self, token_url, client_id):
        """Hold the cache of (token URL, client id) for one process at a time: the forks and job slices of one
        controller that all find no token ask for one once, the others read it. A lock that cannot be taken (no
        fcntl, a cache that is not private) lets each process go on alone."""
        handle = None
        if fcntl is not None and not self._directory_refused():
            try:
                os.makedirs(self.directory, mode=0o700, exist_ok=True)
                descriptor = os.open(self.path(token_url, client_id) + ".lock",
                                     os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
                handle = os.fdopen(descriptor, "r+")
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            except OSError:
                if handle is not None:
                    handle.close()
                handle = None
        try:
            yield
        finally:
            if handle is not None:
                handle.close()

    def auth_method(self, token_url, client_id):
        """How the token endpoint took the credentials last time (``basic`` or ``post``), or None."""
        method = (self._read(token_url, client_id) or {}).get("auth_method")
        return method if method in TOKEN_AUTH_METHODS else None

    def store(self, token_url, client_id, token, expires_at, auth_method=None):
        self._write(token_url, client_id, dict(access_token=token, expires_at=expires_at, token_url=token_url,
                                               client_id=client_id, auth_method=auth_method))

    def _write(self, token_url, client_id, data):
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            refused = self._directory_refused()
            if refused:
                self._refuse(refused)
                return
            write_atomically(self.path(token_url, client_id), json.dumps(data))
        except OSError:
            pass  # a cache that cannot be written only costs a token request next time

    def delete(self, token_url, client_id):
        try:
            os.remove(self.path(token_url, client_id))
        except OSError:
            pass


class StaticTokenProvider:
    """A ready access token (``access_token``); it cannot be renewed."""

    can_refresh = False

    def __init__(self, token):
        self._token = token

    def get(self):
        return self._token

    def invalidate(self, token):
        pass


# How the client credentials reach the token endpoint (RFC 6749 2.3.1): HTTP Basic (client_secret_basic, what
# the vendor's SDK does) or in the form body (client_secret_post, GreenLake's documented example).
TOKEN_AUTH_METHODS = ("post", "basic")


class ClientCredentialsProvider:
    """OAuth2 client-credentials grant against GreenLake (or any ``token_url``).

    ``auth_method`` ``auto`` sends the credentials in the form body first (or as the token cache remembers
    worked), and on an ``invalid_client`` answer tries HTTP Basic once (or the other way round)."""

    can_refresh = True

    def __init__(self, transport, token_url, client_id, client_secret, cache=None, clock=_clock.wall, auth_method="auto"):
        self.transport = transport
        self.token_url = validate_base_url(token_url, option="token_url")
        refuse_clear_credentials(self.token_url, "token_url", "the client secret")
        if auth_method not in ("auto",) + TOKEN_AUTH_METHODS:
            raise ValidationError("token_auth_method must be one of auto, basic, post (got %r)" % (auth_method,))
        self.client_id = client_id
        self._client_secret = client_secret
        self.cache = cache
        self.auth_method = auth_method
        self._worked = None
        self._clock = clock
        self._token = None
        # The last tokens Central took (a few: the renewals of one revocation).
        self._accepted = collections.deque(maxlen=8)
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self.fetched = 0

    def get(self):
        with self._lock:
            if self._token and self._expires_at > self._clock():
                return self._token
            if not self.cache:
                self._fetch()
                return self._token
            # One process of the controller asks; the others wait on the lock and then find its token.
            with self.cache.exclusive(self.token_url, self.client_id):
                cached = self.cache.load(self.token_url, self.client_id)
                if cached is not None:
                    self._token, self._expires_at = cached[0], cached[1]
                    return self._token
                until = self.cache.refused_until(self.token_url, self.client_id)
                if until is not None:
                    raise self._refused(until, "said so to another run of this controller; not asked again")
                self._fetch()
            return self._token

    def _refused(self, until, how):
        return RateLimitError(
            "token endpoint %s gives client %s no new token until %s (429, %s)" % (
                self.token_url, self.client_id, utc_text(until), how), status_code=429,
            hint="Central gives a client a new token only so often (Classic Central: one every 30 minutes). Run "
                 "again after that time; keep token_cache on, so that runs share the token they have.")

    def accept(self, token):
        """Central took ``token`` (an answer other than 401)."""
        with self._lock:
            if token not in self._accepted:
                self._accepted.append(token)

    def accepted(self, token):
        """Whether Central took ``token`` before: a 401 for it is a revocation, not a refusal."""
        with self._lock:
            return token in self._accepted

    def invalidate(self, token):
        """Forget ``token`` (it got a 401); a concurrent thread may have renewed it already."""
        with self._lock:
            if self._token == token:
                self._token = None
                if self.cache:
                    self.cache.delete(self.token_url, self.client_id)

    def _methods(self):
        """The ways to try, in order: the one asked for, or (auto) the remembered one first, then the other."""
        if self.auth_method != "auto":
            return [self.auth_method]
        first = self._worked or (self.cache.auth_method(self.token_url, self.client_id) if self.cache else None)
        first = first or TOKEN_AUTH_METHODS[0]
        return [first] + [method for method in TOKEN_AUTH_METHODS if method != first]

    def _request(self, method):
        if method == "basic":
            return self.transport.send(
                "POST", self.token_url, idempotent=True, paced=False, data=dict(grant_type="client_credentials"),
                auth=(self.client_id, self._client_secret), headers={"Accept": "application/json"})
        return self.transport.send(
            "POST", self.token_url, idempotent=True, paced=False,
            data=dict(grant_type="client_credentials", client_id=self.client_id, client_secret=self._client_secret),
            headers={"Accept": "application/json"})

    def _fetch(self):
        methods = self._methods()
        for attempt, method in enumerate(methods):
            response = self._request(method)
            if response.status_code < 400:
                break
            error = error_from_response(response.status_code, response.content)
            if attempt + 1 < len(methods) and _invalid_client(response):
                continue
            if response.status_code == 429:
                # The transport waited what it could; a longer refusal is remembered for the other processes.
                wait = retry_after_seconds(response.headers)
                until = self._clock() + (wait if wait is not None else 60.0)
                if self.cache:
                    self.cache.store_refusal(self.token_url, self.client_id, until)
                raise self._refused(until, "Retry-After %s" % (
                    "%d s" % wait if wait is not None else "not given: 60 s assumed"))
            if response.status_code in (400, 401, 403):
                raise AuthenticationError("token request to %s refused (credentials sent %s): %s" % (
                    self.token_url, "with HTTP Basic" if method == "basic" else "in the form body", error.message),
                    status_code=response.status_code, error_code=error.error_code)
            raise error
        try:
            data = response.json()
            token = data["access_token"]
        except (ValueError, KeyError, TypeError, RecursionError):
            raise AuthenticationError("token endpoint %s did not return an access_token" % self.token_url,
                                      status_code=response.status_code)
        try:
            lifetime = float(data.get("expires_in", 3600))
        except (TypeError, ValueError):
            lifetime = 3600.0
        # Renew a little early so a token does not expire between check and use.
        self._token = token
        self._expires_at = self._clock() + lifetime - min(120.0, lifetime * 0.1)
        self.fetched += 1
        self._worked = method
        if self.cache:
            self.cache.store(self.token_url, self.client_id, token, self._expires_at, auth_method=method)


def _invalid_client(response):
    """Whether a token endpoint's refusal is OAuth2's ``invalid_client`` (the credentials' way, or themselves)."""
    if response.status_code not in (400, 401):
        return False
    try:
        return response.json().get("error") == "invalid_client"
    except (ValueError, AttributeError, RecursionError):
        return False
