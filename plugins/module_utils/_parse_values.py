# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Central's values as typed data: numbers sent as text ("33.799 ms", "20", "*", "null"), rates and sizes with
their units, MAC addresses in every spelling. Pure functions; every other parser builds on them."""

from __future__ import annotations

import math
import re


_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:ms|%|bytes)?\s*$")
_NO_VALUE = ("", "*", "null", "none", "n/a")


def to_float(value):
    """Return a float for "0.890 ms", "20", 20 or 20.0; None for "*", "null", "" or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        # JSON as Python reads it can hold NaN and Infinity: no measure of a test.
        return number if math.isfinite(number) else None
    text = str(value).strip()
    if text.lower() in _NO_VALUE:
        return None
    match = _NUMBER.match(text)
    return float(match.group(1)) if match else None


def to_int(value):
    """Return an int for "5", "5.0" or 5; None where there is no value."""
    number = to_float(value)
    return int(number) if number is not None else None


def to_text(value):
    """Return the string, or None for the API's "null"/"*"/empty placeholders."""
    if value is None:
        return None
    text = str(value).strip()
    return None if text.lower() in _NO_VALUE else text


def records(value):
    """The objects of a list answer: an item that is not an object, or a list that is not a list, is skipped
    (a value that cannot be read is left out, never a traceback)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def first_of(mapping, *keys):
    """The first key of ``keys`` that ``mapping`` holds with a real value."""
    for key in keys:
        value = mapping.get(key)
        if to_text(value) is not None:
            return value
    return None


_MAC_DIGITS = re.compile(r"^[0-9a-f]{12}$")
_QUANTITY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z/]*)\s*$")
# Bit rates count in thousands (iperf's "Mbits/sec"); byte sizes in 1024s (iperf's "MBytes", the gateway's "KB").
_BITS_PER_SECOND = {"bits/sec": 1.0, "kbits/sec": 1e3, "mbits/sec": 1e6, "gbits/sec": 1e9, "bps": 1.0,
                    "kbps": 1e3, "mbps": 1e6, "gbps": 1e9}
_BYTES = {"": 1, "b": 1, "bytes": 1, "byte": 1, "kb": 1024, "kbytes": 1024, "mb": 1024 ** 2, "mbytes": 1024 ** 2,
          "gb": 1024 ** 3, "gbytes": 1024 ** 3}
_BYTES_PER_SECOND = {"b/sec": 1, "bytes/sec": 1, "kb/sec": 1024, "kbytes/sec": 1024, "mb/sec": 1024 ** 2,
                     "mbytes/sec": 1024 ** 2}


def _quantity(value):
    """(number, lower-case unit) of "9.58 Mbits/sec", "57.52KB/sec" or 20; None when there is no number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
        # JSON as Python reads it can hold NaN and Infinity: no measure of a test.
        return number if math.isfinite(number) else None, ""
    match = _QUANTITY.match(str(value))
    return (float(match.group(1)), match.group(2).lower()) if match else None


def to_mbps(value):
    """Megabits per second from "9.58 Mbits/sec", "0.00 bits/sec", "53.9 Mbits/sec" or a bare number (Mbps)."""
    quantity = _quantity(value)
    if quantity is None:
        return None
    number, unit = quantity
    if not unit:
        return number
    if unit in _BITS_PER_SECOND:
        return round(number * _BITS_PER_SECOND[unit] / 1e6, 6)
    if unit in _BYTES_PER_SECOND:
        return round(number * _BYTES_PER_SECOND[unit] * 8 / 1e6, 6)
    return None


def to_kbps(value):
    """Kilobits per second from "57.52KB/sec" (kilobytes: x 8 x 1024 / 1000), "125" (kbps) or any to_mbps text."""
    quantity = _quantity(value)
    if quantity is None:
        return None
    if not quantity[1]:
        return quantity[0]
    mbps = to_mbps(value)
    return None if mbps is None else round(mbps * 1000, 3)


def to_bytes(value):
    """Bytes from "9.14 MBytes", "0.00 Bytes", "19556" or 19556 (sizes in 1024s)."""
    quantity = _quantity(value)
    if quantity is None or quantity[1] not in _BYTES:
        return None
    return int(round(quantity[0] * _BYTES[quantity[1]]))


def to_mac(value):
    """aa:bb:cc:dd:ee:ff from any usual spelling (ec6794-7e1fc0, a483.e718.ec9f, A4-83-E7-18-EC-9F);
    None when ``value`` is no MAC address."""
    if value is None:
        return None
    digits = re.sub(r"[:.\-\s]", "", str(value).strip().lower())
    if not _MAC_DIGITS.match(digits):
        return None
    return ":".join(digits[index:index + 2] for index in range(0, 12, 2))


def as_list(value):
    """A list from a list, or from one comma- or space-separated string; [] for nothing."""
    if isinstance(value, list):
        return [item for item in value if to_text(item) is not None]
    text = to_text(value)
    return [part for part in re.split(r"[,\s]+", text) if part] if text else []
