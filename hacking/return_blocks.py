# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RETURN keys many modules share (a task's error, a test task's state), written once here and generated into
each module's RETURN: ansible-core has no doc fragments for RETURN. ``--write`` writes them; without it (make docs)
the check fails when a module's copy differs from the one here or lacks a key of its family."""

from __future__ import annotations

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ERRORS = """\
status_code:
  description: HTTP status of the answer that failed the task; null when nothing was sent or no answer came.
  returned: failure
  type: int
  sample: 409
error_code:
  description: Central's error code (C(HPE_GL_ERROR_*) or C(HPE_GRAVITY_*)), when it gave one.
  returned: failure
  type: str
  sample: HPE_GL_ERROR_DEVICE_OFFLINE
hint:
  description: What to do about the failure.
  returned: failure
  type: str
  sample: The device is not connected to Central; bring it online and run the test again.
"""

ACTION_ERRORS = """\
status_code:
  description: HTTP status of Central's answer, when the task failed on one.
  returned: failure
  type: int
  sample: 409
error_code:
  description: Central's error code, when it gave one (C(HPE_GL_ERROR_DEVICE_NOT_READY) is a busy device).
  returned: failure
  type: str
  sample: HPE_GRAVITY_DEVICE_NOT_READY
hint:
  description: What to do about the failure.
  returned: failure
  type: str
  sample: The device is online but busy with another operation (rebooting, locating); run again once it is done.
"""

TEST_TASK = """\
task_id:
  description: ID of the test task; null in check mode.
  returned: always
  type: str
  sample: 3f2a6c9e-8a7b-4c1d-9e0f-1a2b3c4d5e6f
status:
  description: Status as Central reports it (C(INITIATED), C(RUNNING), C(COMPLETED), C(FAILED)); null in check mode.
  returned: always
  type: str
  sample: COMPLETED
start_time:
  description: When the test started (RFC 3339).
  returned: success and not check mode
  type: str
progress_percent:
  description: Progress reported by Central, 0 to 100.
  returned: when waited
  type: int
end_time:
  description: When the test ended (RFC 3339).
  returned: when waited
  type: str
fail_reason:
  description: Why the test failed, as Central says.
  returned: when waited
  type: str
"""

ACTION_TASK = """\
status:
  description: Central's status of the action when it was accepted (then, for a bounce, when it ended).
  returned: success
  type: str
  sample: INITIATED
start_time:
  description: When Central started the action.
  returned: success
  type: str
  sample: "2026-11-27T05:40:00.000000000Z"
"""

DIAGNOSTICS = ("aaa_test", "arp_table_info", "cable_test", "http_test", "nslookup", "ping", "ping_sweep", "show_command",
               "speedtest", "tcp_test", "traceroute")
ACTIONS = ("disconnect_clients", "locate", "poe_bounce", "port_bounce", "reboot")
FAMILIES = dict((name, (ERRORS, TEST_TASK)) for name in DIAGNOSTICS)
FAMILIES.update((name, (ACTION_ERRORS, ACTION_TASK)) for name in ACTIONS)
FAMILIES.update((name, (ERRORS,)) for name in ("fleet_diagnostics", "fleet_compliance", "test_result_info"))

_RETURN = re.compile(r'^RETURN = r"""\n(.*?)^"""', re.M | re.S)
_KEY = re.compile(r"(?m)^(?=[A-Za-z_][A-Za-z0-9_]*:)")


def chunks(text):
    """A RETURN block's top-level keys, in order, each with its text."""
    return [(part.split(":", 1)[0], part) for part in _KEY.split(text) if part.strip()]


def generated(module_text, blocks):
    """The module's text with each shared key's entry replaced by the one here (missing ones added at the end)."""
    match = _RETURN.search(module_text)
    shared = dict(chunk for block in blocks for chunk in chunks(block))
    parts = chunks(match.group(1))
    present = set(key for key, _text in parts)
    body = "".join(shared.get(key, text) for key, text in parts)
    body += "".join(shared[key] for key in shared if key not in present)
    return module_text[:match.start(1)] + body + module_text[match.end(1):]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--write", action="store_true", help="write the shared keys into every module")
    args = parser.parse_args()
    stale = []
    for name, blocks in sorted(FAMILIES.items()):
        path = os.path.join(ROOT, "plugins", "modules", name + ".py")
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        wanted = generated(text, blocks)
        if wanted != text:
            stale.append(name)
            if args.write:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(wanted)
    if stale and not args.write:
        print("shared RETURN keys differ from hacking/return_blocks.py in: %s (run python hacking/return_blocks.py "
              "--write)" % ", ".join(stale), file=sys.stderr)
        return 1
    print("shared RETURN keys: %d modules %s" % (len(FAMILIES), "written" if args.write else "up to date"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
