# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""One normalizer a test (Central's string-typed ``output`` and raw text to the documented ``result``), by family:
_parse_paths (ping, traceroute, ping sweep), _parse_services (nslookup, HTTP(S), TCP, RADIUS, speed test),
_parse_device (ARP table, cable test, show commands), all over _parse_values."""

from __future__ import annotations

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_device import (
    normalize_arp_table,
    normalize_cable_test,
    normalize_show_command,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_paths import (
    normalize_ping,
    normalize_ping_sweep,
    normalize_traceroute,
)
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_services import (
    normalize_aaa,
    normalize_http,
    normalize_nslookup,
    normalize_speedtest,
    normalize_tcp,
)


NORMALIZERS = dict(ping=normalize_ping, traceroute=normalize_traceroute, ping_sweep=normalize_ping_sweep,
                   nslookup=normalize_nslookup, http=normalize_http, https=normalize_http, tcp=normalize_tcp,
                   aaa=normalize_aaa, arp_table=normalize_arp_table, speedtest=normalize_speedtest,
                   cable_test=normalize_cable_test, show_command=normalize_show_command)
