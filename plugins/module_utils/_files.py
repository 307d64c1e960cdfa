# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The one way a file is written (a report, a metrics file, a cached token): whole or not at all."""

from __future__ import annotations

import os
import tempfile


def write_atomically(path, content, mode=0o600):
    """Write ``content`` at ``path``: a temporary file in the same directory (created with it), given ``mode``, then
    renamed over ``path``, so that no reader sees half a file and a symlink at ``path`` is replaced, never followed.
    Files are the user's alone by default (0600): reports name devices, sites and what a policy checks, a
    cached token is a credential."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    handle, temp_path = tempfile.mkstemp(dir=directory, prefix=".%s-" % os.path.basename(path))
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
        os.chmod(temp_path, mode)
        os.replace(temp_path, path)
    except BaseException:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
        raise
