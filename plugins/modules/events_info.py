#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: events_info
short_description: Read the event log of a site, device or client from HPE Aruba Networking Central
version_added: 2.0.0
description:
  - Lists the events Central recorded for a site, an access point, a switch, a gateway or a client in one site
    (C(GET /network-troubleshooting/v1/events)), newest first by default, paging through Central's C(next) cursor
    until there are no more or O(max_events) are read.
  - A window is O(since) back from now (V(3h) by default) or O(start_at) to O(end_at); Central takes at most 30 days.
  - Each event comes back typed (RV(events[].timestamp_epoch)) with Central's fields under the names below; fields
    Central adds that the module does not know are kept in RV(events[].extra).
  - The event log is a v1 API, read there whatever O(api_version) says.
  - Read-only, it runs in check mode too and never reports C(changed).
author:
  - arubacentral.troubleshooting contributors (@arubacentral)
extends_documentation_fragment:
  - arubacentral.troubleshooting.connection
  - arubacentral.troubleshooting.attributes
  - arubacentral.troubleshooting.attributes.info_module
options:
  context_type:
    description:
      - What the events are of. Without it, V(SITE) when O(context_id) is the O(site_id), else the device type's
        context from O(device_type).
    type: str
    choices: [SITE, ACCESS_POINT, SWITCH, GATEWAY, WIRELESS_CLIENT, WIRED_CLIENT, BRIDGE]
  device_type:
    description: The device's type, to pick O(context_type) (V(ap) is ACCESS_POINT, V(cx) and V(aos_s) SWITCH).
    type: str
    choices: [ap, aos_s, cx, gateway]
  context_id:
    description:
      - The site ID, the device's serial number, or the client's MAC address. Without it, the O(site_id) (the site's
        own events).
    type: str
    aliases: [serial_number]
  site_id:
    description: The site the events are in (the inventory plugin gives it as C(central_site_id)).
    type: str
    required: true
  since:
    description: How far back from now, for example V(30m), V(3h), V(2d), V(1w) or seconds. Not with O(start_at).
    type: str
  start_at:
    description: Start of the window, an RFC 3339 time such as V(2026-12-01T09:00:00Z).
    type: str
  end_at:
    description: End of the window (RFC 3339); now when not set.
    type: str
  search:
    description: Text the events must contain (at most 256 characters).
    type: str
  filter:
    description:
      - Central's filter, an OData subset on C(eventId), C(category) and C(sourceType) with C(eq) and C(in), joined
        by C(and) only, for example V(category eq 'System'). At most 512 characters.
    type: str
  sort:
    description: Order of the events.
    type: str
    choices: [timestamp desc, timestamp asc]
    default: timestamp desc
  limit:
    description: Events a request asks for (a page), 1 to 1000.
    type: int
    default: 100
  max_events:
    description: Stop after this many events (Central says how many there were in RV(total)).
    type: int
    default: 1000
  include_filters:
    description: Also read the window's categories, source types and event names with their counts (RV(filters)).
    type: bool
    default: false
  include_extra_attributes:
    description:
      - Also read each event's extra attributes (C(event-extra-attributes)) into RV(events[].extra_attributes), one
        more request an event, so keep O(max_events) small.
    type: bool
    default: false
    version_added: 2.0.0
seealso:
  - module: arubacentral.troubleshooting.fleet_diagnostics
  - plugin: arubacentral.troubleshooting.central
    plugin_type: inventory
"""

EXAMPLES = r"""
- name: What happened on an access point in the last three hours
  arubacentral.troubleshooting.events_info:
    device_type: ap
    serial_number: "{{ central_serial_number }}"
    site_id: "{{ central_site_id }}"
    since: 3h
  register: recent

- name: Show them
  ansible.builtin.debug:
    msg: "{{ recent.events | map(attribute='name') | list }}"

- name: A site's system events of one day
  arubacentral.troubleshooting.events_info:
    site_id: "1001"
    start_at: "2026-12-01T00:00:00Z"
    end_at: "2026-12-02T00:00:00Z"
    filter: "category eq 'System'"
    include_filters: true
"""

RETURN = r"""
events:
  description: The events, in the order of O(sort).
  returned: success
  type: list
  elements: dict
  contains:
    event_id:
      description: Central's event ID.
      type: str
    uuid:
      description: The event's UUID.
      type: str
    serial_number:
      description: The device the event is of.
      type: str
    timestamp:
      description: When it happened, as Central wrote it (RFC 3339).
      type: str
      sample: "2026-12-02T08:35:47.871918Z"
    timestamp_epoch:
      description: The same time in seconds since the epoch; null when Central's time cannot be read.
      type: float
    name:
      description: The event's name.
      type: str
      sample: Device rebooted
    category:
      description: Its category.
      type: str
    source_type:
      description: What kind of thing raised it.
      type: str
    source_name:
      description: The name of what raised it.
      type: str
    description:
      description: Central's text about it.
      type: str
    severity:
      description: Its severity as Central says it.
      type: str
      sample: Major
    extra:
      description: The fields of Central's event the module does not know, as they came.
      type: dict
    extra_attributes:
      description:
        - With O(include_extra_attributes), Central's answer of C(event-extra-attributes) for the event, as it came;
          null for an event without an ID or a time that can be read.
      type: dict
      returned: when O(include_extra_attributes=true)
count:
  description: Number of events returned.
  returned: success
  type: int
total:
  description: How many events Central counts in the window; null when it does not say.
  returned: success
  type: int
truncated:
  description: Whether O(max_events) stopped the reading before Central had no more.
  returned: success
  type: bool
window:
  description: The window read (C(start_at), C(end_at), RFC 3339).
  returned: success
  type: dict
filters:
  description: With O(include_filters), Central's answer of C(event-filters) for the window, as it came.
  returned: when O(include_filters=true)
  type: dict
"""

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._module import CentralModule
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import CentralError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._events import (
    CONTEXT_TYPES,
    DEVICE_CONTEXTS,
    SORTS,
    event_extra_attributes,
    events_query,
    list_event_filters,
    list_events,
    window,
)


def main():
    module = CentralModule(
        argument_spec=dict(
            context_type=dict(type="str", choices=list(CONTEXT_TYPES)),
            device_type=dict(type="str", choices=sorted(DEVICE_CONTEXTS)),
            context_id=dict(type="str", aliases=["serial_number"]),
            site_id=dict(type="str", required=True),
            since=dict(type="str"),
            start_at=dict(type="str"),
            end_at=dict(type="str"),
            search=dict(type="str"),
            filter=dict(type="str"),
            sort=dict(type="str", choices=list(SORTS), default=SORTS[0]),
            limit=dict(type="int", default=100),
            max_events=dict(type="int", default=1000),
            include_filters=dict(type="bool", default=False),
            include_extra_attributes=dict(type="bool", default=False),
        ),
        mutually_exclusive=[("since", "start_at")],
        supports_check_mode=True,
    )
    params = module.params
    context_id = params["context_id"] or params["site_id"]
    context_type = params["context_type"] or (
        DEVICE_CONTEXTS[params["device_type"]] if params["device_type"] else "SITE" if context_id == params["site_id"]
        else None)
    if context_type is None:
        module.fail_json(msg="context_type (one of %s) or device_type is needed to read the events of %s"
                         % (", ".join(CONTEXT_TYPES), context_id))
    try:
        start, end = window(params["since"], params["start_at"], params["end_at"])
        query = events_query(context_type, context_id, params["site_id"], start, end, params["search"],
                             params["filter"], params["sort"])
        client = module.central_client()
        events, total, truncated = list_events(client, query, params["limit"], params["max_events"])
        extra = dict(filters=list_event_filters(client, query)) if params["include_filters"] else {}
        if params["include_extra_attributes"]:
            for event in events:
                event["extra_attributes"] = event_extra_attributes(client, event, params["site_id"])
    except CentralError as error:
        module.fail_on_error(error)
    module.exit_json(changed=False, events=events, count=len(events), total=total, truncated=truncated,
                     window=dict(start_at=start, end_at=end), **extra)


if __name__ == "__main__":
    main()
