# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""Text from Central (device names, messages, raw output) made fit for a console and every report format.

Anyone with access to a device or to Central can put escape sequences, NULs or lone surrogates in a name
or a message: a terminal obeys the first, XML 1.0 cannot hold the others, and UTF-8 cannot encode the last.
"""

from __future__ import annotations

import re

# ANSI/VT escape sequences (CSI, OSC, and two-character escapes): removed whole, so nothing of them is shown.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
# What neither XML 1.0 nor a terminal takes as text: C0 controls but tab and line ends, DEL, C1 controls,
# lone surrogates, U+FFFE and U+FFFF.
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def clean_text(value, one_line=False, max_length=None):
    """``value`` as text without escape sequences, with each unfit character replaced by U+FFFD.

    ``one_line`` also turns line ends and tabs into spaces (console lines, attributes); ``max_length``
    cuts what is longer and says so. None stays None.
    """
    if value is None:
        return None
    text = _UNFIT.sub(REPLACEMENT, _ESCAPES.sub("", value if isinstance(value, str) else str(value)))
    if one_line:
        text = " ".join(text.split())
    if max_length is not None and len(text) > max_length:
        text = text[:max_length] + "..."
    return text


def clean_data(value):
    """Every string in a JSON-like structure (keys too) cleaned with clean_text; other values as they are."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return dict((clean_text(key) if isinstance(key, str) else key, clean_data(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [clean_data(item) for item in value]
    return value
