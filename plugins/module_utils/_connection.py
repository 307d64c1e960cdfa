# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The connection options every module, action and the inventory plugin take, and the one client built from them.
It knows nothing of AnsibleModule."""

from __future__ import annotations

import os

from ansible.module_utils.common.parameters import AnsibleFallbackNotFound

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._auth import ClientCredentialsProvider, StaticTokenProvider, TokenCache
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._client import CentralClient
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._pacing import RateLimiter
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._paths import API_VERSIONS, CLUSTERS, GREENLAKE_TOKEN_URL, resolve_base_url
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._transport import Transport


def env_fallback(*names):
    """The first of these environment variables that is set and not empty. AWX injects every
    variable of a credential type, an empty string for an optional field left blank: that is unset."""
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


# Keep in step with plugins/doc_fragments/connection.py (validate-modules compares them).
CONNECTION_ARGUMENT_SPEC = dict(
    base_url=dict(type="str", fallback=(env_fallback, ["CENTRAL_BASE_URL"])),
    cluster=dict(type="str", choices=sorted(CLUSTERS), fallback=(env_fallback, ["CENTRAL_CLUSTER"])),
    api_version=dict(type="str", choices=list(API_VERSIONS), default="v1",
                     fallback=(env_fallback, ["CENTRAL_API_VERSION"])),
    access_token=dict(type="str", no_log=True, fallback=(env_fallback, ["CENTRAL_ACCESS_TOKEN"])),
    client_id=dict(type="str", fallback=(env_fallback, ["CENTRAL_CLIENT_ID"])),
    client_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["CENTRAL_CLIENT_SECRET"])),
    token_url=dict(type="str", no_log=False, default=GREENLAKE_TOKEN_URL, fallback=(env_fallback, ["CENTRAL_TOKEN_URL"])),
    token_cache=dict(type="bool", default=True, fallback=(env_fallback, ["CENTRAL_TOKEN_CACHE"])),
    token_auth_method=dict(type="str", choices=["auto", "basic", "post"], default="auto",
                           fallback=(env_fallback, ["CENTRAL_TOKEN_AUTH_METHOD"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["CENTRAL_VALIDATE_CERTS"])),
    # str, not path: the inventory plugin reads these options too, and its loader cannot take a path option unset.
    ca_path=dict(type="str", fallback=(env_fallback, ["CENTRAL_CA_PATH"])),
    connect_timeout=dict(type="float", default=10.0),
    read_timeout=dict(type="float", default=30.0),
    max_retries=dict(type="int", default=5, fallback=(env_fallback, ["CENTRAL_MAX_RETRIES"])),
    requests_per_second=dict(type="float", default=5.0, fallback=(env_fallback, ["CENTRAL_REQUESTS_PER_SECOND"])),
)

_POSITIVE = ("connect_timeout", "read_timeout", "requests_per_second")


def build_client(params, pool_size=10):
    """A CentralClient from the connection options (a plain dict, so tests and the fleet
    runner use it too). Raises ValidationError naming the option at fault."""
    for option in _POSITIVE:
        if params.get(option) is not None and params[option] <= 0:
            raise ValidationError("%s must be greater than 0 (got %s)" % (option, params[option]))
    if params.get("max_retries") is not None and params["max_retries"] < 0:
        raise ValidationError("max_retries must be 0 or more (got %s)" % params["max_retries"])
    # base_url wins over cluster, access_token over client credentials: either may come from the environment.
    base_url = resolve_base_url(params.get("base_url"), None if params.get("base_url") else params.get("cluster"))
    ca_path = os.path.expanduser(params["ca_path"]) if params.get("ca_path") else None
    if ca_path and not os.path.exists(ca_path):
        raise ValidationError("ca_path %s does not exist: give a CA bundle file (PEM) or a directory of them" % ca_path)
    transport = Transport(
        validate_certs=params.get("validate_certs", True),
        ca_path=ca_path,
        connect_timeout=params.get("connect_timeout", 10.0),
        read_timeout=params.get("read_timeout", 30.0),
        max_retries=params.get("max_retries", 5),
        rate_limiter=RateLimiter(params.get("requests_per_second")),
        pool_size=pool_size,
    )
    if params.get("access_token"):
        tokens = StaticTokenProvider(params["access_token"])
    elif params.get("client_id") and params.get("client_secret"):
        tokens = ClientCredentialsProvider(
            transport, params.get("token_url") or GREENLAKE_TOKEN_URL, params["client_id"], params["client_secret"],
            cache=TokenCache() if params.get("token_cache", True) else None,
            auth_method=params.get("token_auth_method") or "auto")
    elif params.get("client_id") or params.get("client_secret"):
        raise ValidationError("client_id and client_secret must be set together (or set access_token instead)")
    else:
        raise ValidationError("set access_token, or client_id and client_secret (or the CENTRAL_ACCESS_TOKEN, "
                              "CENTRAL_CLIENT_ID and CENTRAL_CLIENT_SECRET environment variables)")
    return CentralClient(base_url, tokens, transport, api_version=params.get("api_version") or "v1")
