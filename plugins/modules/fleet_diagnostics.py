#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: fleet_diagnostics
short_description: Run many HPE Aruba Networking Central diagnostics in one task
version_added: 0.1.0
description:
  - Starts and follows a diagnostic test on each listed device, many at a time, in one module process on the
    controller, with one token, one connection pool and one client-side rate limiter for the whole fleet.
  - Every item is validated before anything starts; one bad item fails the task naming its index and option.
  - A device that is offline, unknown or failing gets an error on its own result; the other tests go on.
  - Each test is first polled when tests of its kind are expected to be done (learned from the tests that already
    finished), then as its progress suggests, so polling costs few requests.
  - Results come back in input order, with the same fields as M(arubacentral.troubleshooting.ping),
    M(arubacentral.troubleshooting.traceroute) and M(arubacentral.troubleshooting.ping_sweep).
  - A diagnostic changes no configuration, so the module never reports C(changed).
  - "The work runs in the controller process (an action plugin), so a long run prints progress lines to the play
    output while it goes, in a terminal and in an AWX job alike, at most one every O(progress_interval) seconds,
    for example C(fleet_diagnostics: 1250/5000 tests done, 3 errors, 0 rate-limited, 41 s elapsed, about 120 s left).
    A run shorter than O(progress_interval) prints none."
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.fleet_run
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.diagnostic_module
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
    details: The tests run from the controller's Python, which needs C(requests); connection options read from
      the environment read the controller's environment.
  async:
    support: none
    details: The run prints its own progress lines; run it in the foreground.
  bypass_host_loop:
    support: none
options:
  tests:
    description:
      - The tests to run. Each item has C(device_type) (V(ap), V(gateway), V(cx), V(aos_s)), C(serial_number),
        C(test) (V(ping), V(traceroute), V(ping_sweep), V(nslookup), V(http), V(https), V(tcp), V(aaa),
        V(arp_table), V(speedtest), V(cable_test) or V(show_command)) and that test's options as the per-device
        modules name them (C(destination), C(count), C(packet_size), C(vrf_name), C(dns_server), C(protocol), ...).
      - Options the vendor's v1 client sends (for example C(dns_server), C(timeout), C(server_port), C(duration))
        are taken on API version V(v1) only, and only what an item sets is sent.
      - A V(show_command) item's C(command) may list up to 20 commands, run as one task on V(v1); on V(v1alpha1)
        give one item a command.
      - An optional C(name) (free text, for example the inventory host name) is passed through to the item's result.
    type: list
    elements: dict
    required: true
  fail_on:
    description:
      - V(never) returns every result and never fails for a test's sake.
      - V(error) fails the task (after every test has ended) when any test could not start, failed or timed out.
      - V(unreachable) also fails it when a completed test's destination did not answer.
    type: str
    choices: [never, error, unreachable]
    default: error
notes:
  - O(requests_per_second) defaults to 5. No per-second limit is published for New Central; Classic Central
    allowed 7 per second per account, shared by every API client of the account, so 5 leaves room for the others.
    Raise it if your account's limit is known to be higher; the client still slows down as
    C(X-RateLimit-Remaining) runs low and pauses all tests after a 429.
  - A start request is never sent twice for one item, even when Central answers it with a 5xx, since the test
    may have started anyway; such an item reports the error.
seealso:
  - module: arubacentral.troubleshooting.ping
  - module: arubacentral.troubleshooting.traceroute
  - module: arubacentral.troubleshooting.ping_sweep
"""

EXAMPLES = r"""
- name: Build one ping a host of the aps group (hosts carry central_serial_number)
  ansible.builtin.set_fact:
    ping_tests: "{{ ping_tests | default([]) + [{'name': item, 'device_type': 'ap', 'test': 'ping',
                    'serial_number': hostvars[item].central_serial_number, 'destination': '10.0.0.53'}] }}"
  loop: "{{ groups['aps'] }}"
  run_once: true
  delegate_to: localhost

- name: Ping the DNS server from every access point in one task
  arubacentral.troubleshooting.fleet_diagnostics:
    cluster: de1
    client_id: "{{ central_client_id }}"
    client_secret: "{{ central_client_secret }}"
    max_concurrency: 50
    fail_on: never
    tests: "{{ ping_tests }}"
  register: fleet
  run_once: true
  delegate_to: localhost

- name: A mixed list of tests
  arubacentral.troubleshooting.fleet_diagnostics:
    tests:
      - {name: branch-gw, device_type: gateway, serial_number: CNYYYYYYYY, test: ping_sweep,
         destination: 10.10.0.1, start_packet_size: 1360, end_packet_size: 1480, sweep_interval: 20, count: 2}
      - {name: core-cx, device_type: cx, serial_number: SGZZZZZZZZ, test: traceroute, destination: 10.10.0.1}
      - {name: lobby-ap, device_type: ap, serial_number: CNXXXXXXXX, test: ping, destination: 10.0.0.53, count: 10}
    fail_on: unreachable

- name: List the devices that lost packets
  ansible.builtin.debug:
    msg: "{{ fleet.results | selectattr('outcome', 'eq', 'succeeded')
             | selectattr('result.packet_loss_percent', 'gt', 0) | map(attribute='serial_number') | list }}"
"""

RETURN = r"""
incomplete:
  description:
    - Set (to the same text as C(msg)) when the task failed because the run could not be made in full (Central
      stopped answering) although RV(results) holds every test, judged or not. A role or play can judge and
      report those results before failing (the fleet check roles do, with C(failed_when)).
  returned: when Central stopped answering
  type: str
  version_added: 2.0.0
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
results:
  description:
    - One entry a test, in the order of O(tests), each with C(index), C(name), C(device_type), C(serial_number),
      C(test), C(destination), the fields the per-device modules return (C(task_id), C(location), C(status),
      C(outcome), C(progress_percent), C(start_time), C(end_time), C(duration_seconds), C(fail_reason),
      C(raw_output), C(output), C(result), C(notes)), C(negative_answer) (bool), C(from_journal) (bool, read at the
      location O(journal) recorded instead of started) and C(error).
    - C(negative_answer) is V(true) for a test that completed with a negative answer (a destination that did not
      answer, a name that did not resolve, a refused connection, an HTTP error, a RADIUS reject). Before 2.0.0 it
      was named C(unreachable), a key Ansible reads on a loop result, so one such test made the whole task
      UNREACHABLE.
    - A failing item with a C(site_id) also has C(events), its device's recent events from Central's event log
      (each as M(arubacentral.troubleshooting.events_info) returns them), or C(events_error) when they could not
      be read (see O(events_since)).
    - An answer of Central that cannot be read costs only its own test, which gets an C(error) saying what was
      refused (a location of another host, device or test; a body of the wrong shape); every other result is kept.
    - C(outcome) is V(succeeded), V(failed) (the test ran and failed), V(running) (still running at O(wait_timeout))
      or V(error) (it could not be started or followed).
    - C(error) is null, or C(status_code), C(error_code), C(message) and C(hint).
    - In check mode each entry has C(would_start) (C(method), C(path), C(body)) instead.
  returned: always
  type: list
  elements: dict
summary:
  description: Totals of the run.
  returned: always
  type: dict
  contains:
    total:
      description: Number of tests.
      type: int
    succeeded:
      description: Tests that completed.
      type: int
    failed:
      description: Tests that ran and failed.
      type: int
    running:
      description: Tests still running at O(wait_timeout).
      type: int
    error:
      description: Tests that could not be started or followed.
      type: int
    unreachable:
      description: Completed tests whose destination did not answer.
      type: int
    started:
      description: Tests Central accepted (they have a C(task_id) and a C(location) in RV(results)).
      type: int
      version_added: 1.0.0
    not_started:
      description: Tests never started (refused, invalid, or not sent because Central was unreachable).
      type: int
      version_added: 1.0.0
    from_journal:
      description: Tests read at the location O(journal) recorded instead of being started.
      type: int
      version_added: 1.0.0
    central_unreachable_since:
      description:
        - When Central stopped answering (UTC, ISO 8601), if the run gave up because of it; else null.
        - The run gives up once nothing has answered for one retry window (the waits of O(max_retries) retries,
          31 s with the defaults), whatever the number of tests, and the task fails saying so.
      type: str
      version_added: 1.0.0
    retry_window_seconds:
      description: The retry window the run waited before giving up (only when it gave up).
      type: float
      version_added: 1.0.0
    gave_up_after_seconds:
      description: Seconds from the moment Central stopped answering to the end of the run (only when it gave up).
      type: float
      version_added: 1.0.0
    wall_seconds:
      description: Seconds the whole run took.
      type: float
    max_concurrency:
      description:
        - Tests kept in flight at the end of the run - O(max_concurrency), or (unset) what the rate and the
          durations of the tests that finished called for.
      type: int
      version_added: 2.0.0
    budget:
      description:
        - "The run's budget plan, made before any test (O(budget)) - C(needs) (requests), C(tests), C(remaining) and
          C(resets_at) (what Central stated, null when it stated nothing), C(reset_in_seconds), C(fits), C(fitting)
          (tests that fit now), C(budget), C(seconds) (the wall time it should take), C(message) (the line the run
          printed) and, after the run, C(not_checked) (tests marked C(not checked: budget))."
      type: dict
      version_added: 2.0.0
    requests:
      description: HTTP requests sent to Central, retries included.
      type: int
    rate_limited:
      description: 429 answers received.
      type: int
    retries:
      description: Requests sent again after a 429, a 5xx or a connection failure.
      type: int
    token_requests:
      description: Tokens requested (0 when a cached or ready token was used).
      type: int
    events_requests:
      description: Failing devices whose events were read (one request each); absent when none were asked for.
      type: int
      version_added: 2.0.0
"""
