# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures: the seed bodies and a Central simulator on loopback."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
import urllib.request

import pytest

SIMULATOR_DIR = os.path.join(os.path.dirname(__file__), "..", "simulator")
sys.path.insert(0, SIMULATOR_DIR)

import central_simulator  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _clock  # noqa: E402


class SimulatedTime:
    """Time for tests against the simulator: real time plus every sleep, and a sleep returns at once. A sleeper
    always finds its time passed; threads sleeping together make time pass faster (as on a busy machine), never
    slower. The simulator and the collection share it, so a test's 0.3 s or a Retry-After of 30 s costs nothing."""

    def __init__(self):
        self._lock = threading.Lock()
        self.skipped = 0.0

    def monotonic(self):
        return time.monotonic() + self.skipped

    def wall(self):
        return time.time() + self.skipped

    def sleep(self, seconds):
        if seconds > 0:
            with self._lock:
                self.skipped += seconds
        time.sleep(0)  # let the other threads run, as a real sleep would


class FakeTime:
    """A clock that only the sleeps it is given move forward."""

    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def seed():
    """Load a vendor example body: seed("ap_ping")."""
    def load(name):
        with open(os.path.join(SIMULATOR_DIR, "seeds", "seed_%s.json" % name)) as handle:
            return json.load(handle)
    return load


class RunningSimulator:
    def __init__(self, server):
        self.server = server
        self.url = "http://127.0.0.1:%d" % server.server_address[1]
        self.sim = server.RequestHandlerClass.sim

    def control(self, path, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.url + path, data=data, method="POST" if data is not None else "GET")
        with urllib.request.urlopen(request) as answer:
            return json.loads(answer.read())

    def stats(self):
        return self.control("/sim/stats")["stats"]

    def params(self, **extra):
        """Connection options for a module run against this simulator (client credentials)."""
        params = dict(base_url=self.url, client_id="sim-client", client_secret="sim-secret",
                      token_url=self.url + "/as/token.oauth2", token_cache=False, requests_per_second=200.0)
        params.update(extra)
        return params


@pytest.fixture
def simulated_time():
    """SimulatedTime, made the collection's clock for the test."""
    clock = SimulatedTime()
    previous = _clock.use(clock)
    yield clock
    _clock.use(previous)


@pytest.fixture
def simulator(simulated_time):
    server = central_simulator.make_server(test_duration=0.3, clock=simulated_time)
    # shutdown() waits for the loop to look: at most poll_interval, paid by every test
    thread = threading.Thread(target=server.serve_forever, kwargs=dict(poll_interval=0.005), daemon=True)
    thread.start()
    yield RunningSimulator(server)
    server.shutdown()
    server.server_close()


@pytest.fixture
def run_module(capsys):
    """Run a module's main() with ``args``; return its JSON result with ``rc`` added."""
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core before 2.19
        patch_module_args = _patch_module_args_before_2_19

    def run(module, args):
        with patch_module_args(args):
            with pytest.raises(SystemExit) as leaving:
                module.main()
        result = json.loads(capsys.readouterr().out)
        result["rc"] = leaving.value.code
        return result
    return run


@contextlib.contextmanager
def _patch_module_args_before_2_19(args):
    """What patch_module_args (ansible-core 2.19+) does, for older ansible-core: AnsibleModule reads
    its arguments from basic._ANSIBLE_ARGS."""
    from ansible.module_utils import basic

    saved = basic._ANSIBLE_ARGS
    basic._ANSIBLE_ARGS = json.dumps(dict(ANSIBLE_MODULE_ARGS=args)).encode()
    try:
        yield
    finally:
        basic._ANSIBLE_ARGS = saved


@pytest.fixture
def run_action_plugin():
    """Run an action plugin's run() as the task executor calls it: run(plugin, action, args, check_mode=False,
    task_vars=None)."""
    from ansible.parsing.dataloader import DataLoader
    from ansible.playbook.play_context import PlayContext
    from ansible.playbook.task import Task
    from ansible.plugins.loader import connection_loader

    def run(plugin, action, args, check_mode=False, task_vars=None):
        task = Task()
        task.action = action
        task.args = args
        play_context = PlayContext()
        play_context.check_mode = check_mode
        connection = connection_loader.get("local", play_context, None)
        instance = plugin.ActionModule(task, connection=connection, play_context=play_context, loader=DataLoader(),
                                       templar=None, shared_loader_obj=None)
        result = instance.run(task_vars=task_vars or {})
        result["rc"] = 1 if result.get("failed") else 0
        return result
    return run
