# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RETURN keys many modules share (a task's error, a test task's state and result, a bounce's ports), written once
here and generated into each module's RETURN: ansible-core has no doc fragments for RETURN. A key whose text here
ends with ``@SAMPLE@`` keeps the module's own sample (a path or a body of its operation). ``--write`` writes them;
without it (make docs) the check fails when a module's copy differs from the one here or lacks a key of its family."""

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
duration_seconds:
  description: Seconds from start to end.
  returned: when waited
  type: float
  sample: 2.5
notes:
  description:
    - What of Central's answer could not be read and was left out (a field of the wrong type, a time that is not
      RFC 3339, a test that completed with no output). Empty when everything was read.
  returned: when waited
  type: list
  elements: str
  version_added: 1.0.0
location:
  description: Path of the task, for M(arubacentral.troubleshooting.test_result_info); null in check mode.
  returned: always
  type: str
  sample: @SAMPLE@
"""

# What a test's start would send, in check mode.
TEST_START = """\
would_start:
  description: In check mode, the request that would start the test (C(method), C(path), C(body)).
  returned: check mode
  type: dict
  sample: @SAMPLE@
"""

TEST_RESULT = """\
outcome:
  description: V(succeeded) or V(failed); with O(wait=false), not returned.
  returned: when waited
  type: str
  sample: succeeded
raw_output:
  description: The device's own text output, when Central gives one.
  returned: when waited
  type: str
output:
  description: The output exactly as Central returned it (values are often strings).
  returned: when waited
  type: dict
"""

# ping, traceroute and ping sweep: the raw output only when asked, every value of the output a string.
PATH_RESULT = """\
outcome:
  description: V(succeeded) or V(failed) (see notes); with O(wait=false), not returned.
  returned: when waited
  type: str
  sample: succeeded
raw_output:
  description: The device's own text output (with O(include_raw_output)).
  returned: when waited
  type: str
output:
  description: The output exactly as Central returned it (every value a string).
  returned: when waited
  type: dict
"""

BOUNCE = """\
location:
  description: Where Central reports the bounce's result (followed by the module).
  returned: success
  type: str
  sample: @SAMPLE@
task_id:
  description: The bounce's task id (the last segment of RV(location)).
  returned: success
  type: str
  sample: 5e219671-05bf-4ca1-8e05-d9c3b83b934d
outcome:
  description: V(succeeded) when Central finished the bounce (whatever each port did), V(failed) when it failed.
  returned: success
  type: str
  sample: succeeded
ports:
  description: One entry an asked port, in the order asked.
  returned: success
  type: list
  elements: dict
  contains:
    port:
      description: The port as asked (Central may spell it differently, for example C(0/0/0) for C(GE 0/0/0)).
      type: str
      sample: 1/1/1
    status:
      description: Central's status for the port, as given.
      type: str
      sample: Bounced
    bounced:
      description: Whether the port was bounced.
      type: bool
      sample: true
    reason:
      description: Why the port was not bounced (null when it was).
      type: str
      sample: Invalid port.
output:
  description: Central's own answer (C(ports) and C(results)).
  returned: success
  type: dict
fail_reason:
  description: Central's reason when the bounce failed as a whole.
  returned: success
  type: str
"""

# What a run's violations most likely share (plugin_utils/_causes.py), for every run on the engine.
CAUSES = """\
causes:
  description:
    - Likely causes of the violations, largest first (new before persisting at the same size), each with the
      violations it explains; a violation is under one cause at most, and the reports list every one of them.
    - C(kind) is V(switch) (devices behind one switch or port), V(hop) (failing paths from several sites stopping
      at one hop), V(site) (most devices of one site failing checks that pass elsewhere), V(target) (one target
      failing from many sites) or V(device) (one device failing every check it ran).
  returned: when the tests ran
  type: list
  elements: dict
  version_added: 2.0.0
  contains:
    kind:
      description: What the cause is about.
      type: str
      sample: target
    subject:
      description: The switch, hop address, site, target or device it names.
      type: str
      sample: 192.0.2.7
    evidence:
      description: Why, in one sentence.
      type: str
      sample: 192.0.2.7 fails site gateway from 12 of 14 sites
    devices:
      description: Devices among its violations.
      type: int
    sites:
      description: Sites among its violations.
      type: int
    new:
      description: Its violations that are new since the last run (0 without a history).
      type: int
    rows:
      description: Its violations (C(check), C(name), C(site), C(destination), C(verdict)).
      type: list
      elements: dict
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
would_start:
  description: In check mode, the request the module would send (C(method), C(path), C(body)); nothing is sent.
  returned: check mode
  type: dict
  sample: @SAMPLE@
"""

DIAGNOSTICS = ("aaa_test", "arp_table_info", "cable_test", "http_test", "nslookup", "ping", "ping_sweep", "show_command",
               "speedtest", "tcp_test", "traceroute")
ACTIONS = ("disconnect_clients", "locate", "poe_bounce", "port_bounce", "reboot")
PATH_TESTS = ("ping", "ping_sweep", "traceroute")
# aaa_test and show_command say more of their would_start (a masked password, one request a command).
OWN_START = ("aaa_test", "show_command")
FAMILIES = dict((name, (ERRORS, TEST_TASK, PATH_RESULT if name in PATH_TESTS else TEST_RESULT)
                 + (() if name in OWN_START else (TEST_START,))) for name in DIAGNOSTICS)
FAMILIES.update((name, (ACTION_ERRORS, ACTION_TASK) + ((BOUNCE,) if name.endswith("_bounce") else ()))
                for name in ACTIONS)
FAMILIES.update((name, (ERRORS,)) for name in ("fleet_diagnostics", "test_result_info"))
FAMILIES.update(fleet_compliance=(ERRORS, CAUSES), fleet_report=(CAUSES,))

_RETURN = re.compile(r'^RETURN = r"""\n(.*?)^"""', re.M | re.S)
_KEY = re.compile(r"(?m)^(?=[A-Za-z_][A-Za-z0-9_]*:)")
_SAMPLE = re.compile(r"(?ms)^  sample: (.*)\Z")


def chunks(text):
    """A RETURN block's top-level keys, in order, each with its text."""
    return [(part.split(":", 1)[0], part) for part in _KEY.split(text) if part.strip()]


def generated(module_text, blocks):
    """The module's text with each shared key's entry replaced by the one here (missing ones added at the end)."""
    match = _RETURN.search(module_text)
    shared = dict(chunk for block in blocks for chunk in chunks(block))
    parts = chunks(match.group(1))
    present = set(key for key, _text in parts)

    def entry(key, text):
        if key not in shared:
            return text
        if not shared[key].endswith("@SAMPLE@\n"):
            return shared[key]
        own = _SAMPLE.search(text)
        if own is None:
            raise SystemExit("%s: the module's RETURN gives no sample to keep" % key)
        return shared[key].replace("@SAMPLE@\n", own.group(1))

    body = "".join(entry(key, text) for key, text in parts)
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
