# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parser benchmark: prints figures, asserts nothing.

Each raw-output parser on hostile text that made an earlier pattern quadratic (a long run of digits, a line of
addresses and no MAC, replies cut short), at 1, 2, 4 and 8 MiB: linear time shows as seconds that double with the
size. The parsers are called directly, past the 1 MiB that diagnostics.task_result gives them, so that their own
cost shows; the last line is one task result with 8 MiB of rawOutput, as a module reads it.

    python tests/performance/parser_benchmark.py      (run by ``make benchmark``, from .build/)
"""

from __future__ import annotations

import time

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _tasks as diagnostics

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_device as parse_device
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_paths as parse_paths
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _parse_services as parse_services

MIB = 1024 * 1024


def hostile(kind, size):
    unit = {"digits": "1", "replies": "64 bytes from ", "totals": "9 packets transmitted, ",
            "addresses": "10.0.0.1 ", "rtt": "min/avg/max = 1.", "status": "Reply: [200"}[kind]
    return (unit * (size // len(unit) + 1))[:size]


CASES = [
    ("busybox ping", parse_paths.parse_busybox_ping, ("digits", "replies", "totals")),
    ("gateway ping", parse_paths.parse_gateway_ping, ("digits", "rtt")),
    ("traceroute", parse_paths.parse_traceroute, ("digits", "addresses")),
    ("arp table (raw)", lambda text: parse_device.normalize_arp_table({}, text), ("digits", "addresses")),
    ("http (raw)", lambda text: parse_services.normalize_http({}, text), ("digits", "status")),
    ("nslookup (raw)", lambda text: parse_services.normalize_nslookup({}, text), ("digits",)),
]


def main():
    sizes = (1, 2, 4, 8)
    print("%-18s %-10s %s" % ("parser", "input", "  ".join("%6d MiB" % size for size in sizes)))
    for name, parse, kinds in CASES:
        for kind in kinds:
            figures = []
            for size in sizes:
                text = hostile(kind, size * MIB)
                started = time.perf_counter()
                parse(text)
                figures.append(time.perf_counter() - started)
            print("%-18s %-10s %s" % (name, kind, "  ".join("%8.3f s" % figure for figure in figures)))
    task = dict(status="COMPLETED", progressPercent=100, output={}, rawOutput=hostile("digits", 8 * MIB))
    started = time.perf_counter()
    diagnostics.task_result(task, "ping")
    print("task_result, ping with 8 MiB of rawOutput (1 MiB parsed): %.3f s" % (time.perf_counter() - started))


if __name__ == "__main__":
    main()
