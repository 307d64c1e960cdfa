# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The connection options, documented once for the modules and the inventory plugin (module_defaults
    # is in the attributes fragment: it applies to modules only).
    DOCUMENTATION = r"""
options:
  base_url:
    description:
      - Base URL of the Central API gateway of your cluster, for example V(https://de1.api.central.arubanetworks.com).
      - If not set, the value of the E(CENTRAL_BASE_URL) environment variable is used.
      - One of O(base_url) or O(cluster) is required; O(base_url) wins when both are set.
    type: str
  cluster:
    description:
      - Name of the Central cluster, mapped to its base URL (V(us5) is V(https://us5.api.central.arubanetworks.com),
        V(cn1) is the China cluster).
      - If not set, the value of the E(CENTRAL_CLUSTER) environment variable is used.
    type: str
    choices: [ae1, au1, ca1, cn1, de1, de2, de3, gb1, in1, jp1, us1, us2, us4, us5, us6]
  api_version:
    description:
      - Version of the troubleshooting API. V(v1alpha1) is for tenants that still need the older API.
      - If not set, the value of the E(CENTRAL_API_VERSION) environment variable is used.
    type: str
    choices: [v1, v1alpha1]
    default: v1
  access_token:
    description:
      - A ready bearer token. It cannot be renewed, so a run fails when it expires.
      - If not set, the value of the E(CENTRAL_ACCESS_TOKEN) environment variable is used.
      - When set, it is used instead of O(client_id) and O(client_secret).
    type: str
  client_id:
    description:
      - Client ID of a GreenLake API client, for the OAuth2 client-credentials grant.
      - If not set, the value of the E(CENTRAL_CLIENT_ID) environment variable is used.
    type: str
  client_secret:
    description:
      - Client secret of the GreenLake API client. Never logged nor returned.
      - If not set, the value of the E(CENTRAL_CLIENT_SECRET) environment variable is used.
    type: str
  token_url:
    description:
      - OAuth2 token endpoint for the client-credentials grant (GreenLake's by default; a workspace-scoped one works too).
      - It must be an C(https://) URL, since the client secret is sent to it; C(http://) is refused unless the host
        is a loopback address (a local test server).
      - If not set, the value of the E(CENTRAL_TOKEN_URL) environment variable is used.
    type: str
    default: https://sso.common.cloud.hpe.com/as/token.oauth2
  token_auth_method:
    description:
      - How the client ID and secret reach the token endpoint (OAuth2, RFC 6749 section 2.3.1).
      - V(post) puts them in the form body (C(client_secret_post), GreenLake's documented example); V(basic) sends
        them as HTTP Basic authentication (C(client_secret_basic), what the vendor's SDK pycentral does).
      - V(auto) tries V(post) first, or the one the token cache remembers worked, and on an C(invalid_client)
        answer tries the other once; what worked is remembered in the token cache (without the secret).
      - If not set, the value of the E(CENTRAL_TOKEN_AUTH_METHOD) environment variable is used.
    type: str
    choices: [auto, basic, post]
    default: auto
    version_added: 2.0.0
  token_cache:
    description:
      - Keep the token obtained with client credentials until it expires, so later tasks and runs reuse it.
      - The cache is one file a token URL and client ID, readable by the user only, under
        C($XDG_CACHE_HOME/arubacentral.troubleshooting/) (C(~/.cache/arubacentral.troubleshooting/) by default).
        It never holds the client secret.
      - A cache directory or file that is a symlink, belongs to another user or that others can write is not used
        (a warning says so and a new token is fetched).
      - If not set, the value of the E(CENTRAL_TOKEN_CACHE) environment variable is used.
    type: bool
    default: true
  validate_certs:
    description:
      - Verify the TLS certificate of Central and of the token endpoint. Turn off only for a lab; behind a
        TLS-intercepting proxy give its CA in O(ca_path) instead.
      - If not set, the value of the E(CENTRAL_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle (a PEM file, or a directory of them) to verify Central and the token endpoint with, instead
        of the system's trust store; for a TLS-intercepting proxy. E(REQUESTS_CA_BUNDLE) works too when it is not set.
      - Used only with O(validate_certs=true).
      - If not set, the value of the E(CENTRAL_CA_PATH) environment variable is used.
    type: str
    version_added: 1.0.0
  connect_timeout:
    description: Seconds to wait for a connection to Central.
    type: float
    default: 10.0
  read_timeout:
    description: Seconds to wait for an answer from Central.
    type: float
    default: 30.0
  max_retries:
    description:
      - How many times one request is retried after a 429, a connection that could not be made, or (reads only)
        a 5xx answer or a timeout. Waits honour C(Retry-After) and C(X-RateLimit-Reset), else back off exponentially.
      - A request that starts a test is never retried when Central may have received it.
      - If not set, the value of the E(CENTRAL_MAX_RETRIES) environment variable is used.
    type: int
    default: 5
  requests_per_second:
    description:
      - Client-side limit of requests sent to Central by one task, shared by all its requests.
      - The client also slows down when C(X-RateLimit-Remaining) runs low and pauses after a 429.
      - If not set, the value of the E(CENTRAL_REQUESTS_PER_SECOND) environment variable is used.
    type: float
    default: 5.0
notes:
  - Proxies are taken from the E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) environment variables.
requirements:
  - requests
"""
