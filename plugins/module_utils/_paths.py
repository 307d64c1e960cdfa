# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Where requests go. Central's clusters, the base URL a run is held to, and the path segments (serial numbers, task
ids) that may not step out of their place in a URL."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import (
    ValidationError,
)

CLUSTER_NAMES = ("ae1", "au1", "ca1", "de1", "de2", "de3", "gb1", "in1", "jp1", "us1", "us2", "us4", "us5", "us6")
CLUSTERS = dict((name, "https://%s.api.central.arubanetworks.com" % name) for name in CLUSTER_NAMES)
CLUSTERS["cn1"] = "https://cn1.api.central.arubanetworks.com.cn"
GREENLAKE_TOKEN_URL = "https://sso.common.cloud.hpe.com/as/token.oauth2"
API_VERSIONS = ("v1", "v1alpha1")
# Serial numbers, stack ids and task ids are letters, digits, '-' and '_': anything
# else could step out of its own URL path segment.
_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
# A request path below base_url: segments of URL-safe characters, none of them '.' or '..'.
_SAFE_PATH = re.compile(r"(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+")


def safe_segment(value, option):
    """Return ``value`` if it is one harmless URL path segment, else raise naming ``option``."""
    text = "" if value is None else str(value)
    if not _SAFE_SEGMENT.fullmatch(text):
        raise ValidationError(
            "%s must be 1-128 letters, digits, '-' or '_' (got %r)" % (option, text), hint="Fix %s." % option)
    return text


def safe_path(path):
    """Return ``path`` if it is a plain path below the base URL (no '..', query, fragment, '@' or '//'), else raise."""
    if not isinstance(path, str) or not _SAFE_PATH.fullmatch(path):
        raise ValidationError("refused to request %r: not a plain path below base_url" % (path,),
                              hint="Nothing was sent. Report this: a path built from an answer of Central was refused.")
    return path


def validate_base_url(url, option="base_url"):
    """Return ``url`` without a trailing slash if it is an http(s) URL with a host, else raise."""
    match = re.fullmatch(r"(https?)://([^/?#@\s]+)(/[^?#\s]*)?", url or "", re.I)
    if not match:
        raise ValidationError("%s must be an http:// or https:// URL with a host and no query (got %r)" % (option, url),
                              hint="Fix %s, or use cluster instead." % option)
    return url.rstrip("/")


def refuse_clear_credentials(url, option, what):
    """Raise ValidationError when ``url`` (the value of ``option``) would carry ``what`` (a secret) in clear: http://
    to anything but a loopback address (a local simulator or tunnel)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "https" and not is_loopback(parts.hostname):
        # Named without any user:password@ it may hold (a Pushgateway URL can).
        shown = "%s://%s%s" % (parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path)
        raise ValidationError("%s %s would send %s unencrypted: use https:// (http:// is taken only for a loopback "
                              "address, such as a local simulator)" % (option, shown, what), hint="Fix %s." % option)


def is_loopback(host):
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def resolve_base_url(base_url=None, cluster=None):
    """The base URL from ``base_url`` or from a ``cluster`` name (exactly one is required)."""
    if base_url and cluster:
        raise ValidationError("base_url and cluster are mutually exclusive", hint="Set only one of them.")
    if cluster:
        if cluster not in CLUSTERS:
            raise ValidationError("cluster must be one of %s (got %r)" % (", ".join(sorted(CLUSTERS)), cluster),
                                  hint="Fix cluster.")
        return CLUSTERS[cluster]
    if not base_url:
        raise ValidationError("one of base_url or cluster is required",
                              hint="Set base_url, cluster, or the CENTRAL_BASE_URL or CENTRAL_CLUSTER variable.")
    return validate_base_url(base_url)


def without_query(url):
    """A URL as errors and logs show it: its query string (which may carry names or filters) left out."""
    return re.sub(r"\?.*$", "", url)
