# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The one client of Central's API. URLs below the base URL, the auth header, one token renewal on 401 and the error
mapping, over the one transport."""

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    RateLimitError,
    ServerError,
    UnexpectedAnswerError,
    ValidationError,
    error_from_response,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._pacing import retry_after_seconds
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import (
    API_VERSIONS,
    refuse_clear_credentials,
    safe_path,
    validate_base_url,
)

TOKEN_RENEWALS_PER_REQUEST = 2
# Renewals of tokens Central had accepted before (revoked, not refused) a request may make besides, at most.
REVOKED_RENEWALS_PER_REQUEST = 8


class CentralClient:
    """Requests to the Central API under ``base_url``, with the bearer token and error mapping.

    Every URL is the base URL joined with a checked path (safe_path): nothing a caller or an answer gives can
    point a request, and the token with it, at another host, port or scheme.
    """

    def __init__(self, base_url, token_provider, transport, api_version="v1"):
        if api_version not in API_VERSIONS:
            raise ValidationError("api_version must be one of %s (got %r)" % (", ".join(API_VERSIONS), api_version))
        self.base_url = validate_base_url(base_url)
        refuse_clear_credentials(self.base_url, "base_url", "the access token")
        self.api_version = api_version
        self.tokens = token_provider
        self.transport = transport

    @property
    def stats(self):
        return self.transport.stats

    @property
    def warnings(self):
        """What the task should warn about (a token cache that was not used)."""
        cache = getattr(self.tokens, "cache", None)
        return [cache.warning] if cache is not None and cache.warning else []

    def request(self, method, path, body=None, on_poll=False, params=None, deadline=None):
        """``method`` ``path`` (below base_url; the query in ``params``) and return the decoded JSON answer,
        or raise CentralError. A ``body`` of None sends none."""
        url = self.base_url + safe_path(path)
        idempotent = method == "GET"
        renewals = revoked = 0
        sent_with = []

        def authorization():
            sent_with[:] = [self.tokens.get()]
            return {"Authorization": "Bearer %s" % sent_with[0]}

        while True:
            response = self.transport.send(method, url, idempotent=idempotent, json=body, params=params,
                                           auth_headers=authorization, headers={"Accept": "application/json"},
                                           deadline=deadline)
            # A token can expire or be revoked while a request waits in the rate limiter or on a slow
            # answer, and the renewed one can meet the same fate: renew twice before calling it a refusal. A token
            # Central had accepted before was revoked, not refused: its renewal is not counted (up to a bound).
            if response.status_code == 401 and self.tokens.can_refresh:
                was_accepted = getattr(self.tokens, "accepted", lambda token: False)(sent_with[0])
                if was_accepted and revoked < REVOKED_RENEWALS_PER_REQUEST:
                    revoked += 1
                elif renewals < TOKEN_RENEWALS_PER_REQUEST:
                    renewals += 1
                else:
                    break
                self.tokens.invalidate(sent_with[0])
                continue
            if sent_with and response.status_code < 400:
                getattr(self.tokens, "accept", lambda token: None)(sent_with[0])
            break
        if response.status_code >= 400:
            error = error_from_response(response.status_code, response.content, on_poll=on_poll,
                                        retry_after=retry_after_seconds(response.headers))
            if isinstance(error, RateLimitError) and error.retry_after:
                error.hint = "%s Central asked to wait %d s." % (error.hint, error.retry_after)
            raise error
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise ServerError("%s %s answered %s with a body that is not JSON" % (method, path, response.status_code),
                              status_code=response.status_code)
        except RecursionError:
            # A few kilobytes of [[[[... reach Python's recursion limit: an answer no test gives, read as none.
            raise UnexpectedAnswerError("%s %s answered %s with JSON nested too deeply to read"
                                        % (method, path, response.status_code), status_code=response.status_code)
