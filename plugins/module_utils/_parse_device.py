# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""What a device holds: its ARP table, its cables' diagnostics, a show command's text and the commands it allows."""

from __future__ import annotations

import re

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_values import (
    first_of,
    records,
    to_float,
    to_mac,
    to_text,
)


_IPV4_TOKEN = re.compile(r"\(?((?:\d{1,3}\.){3}\d{1,3})\)?")
_MAC_TOKEN = re.compile(r"[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{6}-[0-9A-Fa-f]{6}|"
                        r"[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}")


def _arp_line(line):
    """(address, MAC, words after the MAC) of one ARP line in any device's format ("? (10.1.1.1) at aa:bb:.. [ether]
    on br0", "10.1.1.1  0011.2233.4455  vlan1"), or None: a look at each word once, whatever the line holds."""
    words = line.split()
    for index, word in enumerate(words):
        address = _IPV4_TOKEN.fullmatch(word)
        if address:
            for later, other in enumerate(words[index + 1:], start=index + 1):
                if _MAC_TOKEN.fullmatch(other):
                    return address.group(1), other, words[later + 1:]
            return None
    return None


def normalize_arp_table(output, raw_output=None):
    """ARP entries of an AP (Linux ``arp``), a gateway or an AOS-S switch, each with ``ip_address``,
    ``mac_address`` (always aa:bb:cc:dd:ee:ff), ``interface`` and ``type`` where the device gives one;
    ``complete`` is false for an unresolved entry (all-zero MAC). Lines of ``raw_output`` stand in
    when the answer has no parsed entries."""
    output = output or {}
    entries = []
    for entry in records(output.get("entries")):
        if not isinstance(entry, dict):
            continue
        mac = to_mac(entry.get("macAddress"))
        entries.append(dict(ip_address=to_text(first_of(entry, "ipAddress", "address")),
                            mac_address=mac,
                            interface=to_text(first_of(entry, "device", "interfaceAndPort", "port", "interface")),
                            type=to_text(first_of(entry, "entryType", "type")),
                            complete=mac is not None and mac != "00:00:00:00:00:00"))
    if not entries and raw_output:
        for line in raw_output.splitlines():
            found = _arp_line(line)
            if found:
                address, mac, rest = found[0], to_mac(found[1]), found[2]
                entries.append(dict(ip_address=address, mac_address=mac, interface=rest[-1] if rest else None,
                                    type=None, complete=mac != "00:00:00:00:00:00"))
    return dict(entries=entries, entry_count=len(entries),
                ip_addresses=[entry["ip_address"] for entry in entries if entry["ip_address"]],
                mac_addresses=[entry["mac_address"] for entry in entries if entry["mac_address"] and entry["complete"]])


def normalize_cable_test(output, raw_output=None):
    """Cable diagnostics of switch ports: each port's pairs with ``status`` in lower case and
    ``length_m``; ``all_good`` when every pair of every port says good."""
    output = output or {}
    ports = []
    for port in records(output.get("results")):
        if not isinstance(port, dict):
            continue
        pairs = [dict(pair=to_text(pair.get("pairName")), status=(to_text(pair.get("status")) or "unknown").lower(),
                      length_m=to_float(pair.get("length")), accuracy_m=to_float(pair.get("accuracy")))
                 for pair in records(port.get("cablePairDiagnostics"))]
        ports.append(dict(port=to_text(first_of(port, "interfaceName", "port")), state=to_text(port.get("state")),
                          pairs=pairs, all_good=bool(pairs) and all(pair["status"] == "good" for pair in pairs)))
    return dict(ports=ports, all_good=bool(ports) and all(port["all_good"] for port in ports))


# The keys a show command's entry is known or likely to use (the multi-command answer of v1 is not published).
_COMMAND_KEYS = ("command", "cmd", "name")
_RESPONSE_KEYS = ("response", "output", "result", "text")
_ENTRY_LISTS = ("results", "commands", "responses", "outputs")


def _command_entry(entry):
    """One command's text from an answer entry: ``{command, response|output}``; its other fields kept as they are."""
    command = next((entry[key] for key in _COMMAND_KEYS if isinstance(entry.get(key), str)), None)
    text = next((entry[key] for key in _RESPONSE_KEYS if isinstance(entry.get(key), str)), None)
    other = dict((key, value) for key, value in entry.items()
                 if key not in _COMMAND_KEYS + _RESPONSE_KEYS or not isinstance(value, str))
    return dict(command=to_text(command), output=text, line_count=len(text.splitlines()) if text else 0, other=other)


def normalize_show_command(output, raw_output=None):
    """The text of each show command run; the multi-command answer of v1 is read in every plausible shape:
    a list of ``{command, response|output}``, such a list under ``results`` (or ``commands``, ``responses``,
    ``outputs``), or one ``{command, response}``. With no text in the answer, the raw output is the text.

    ``command``, ``output`` and ``line_count`` say it for the whole task (several commands: one block each,
    headed by its command line); ``commands`` lists them one by one."""
    if isinstance(output, list):
        entries = records(output)
    else:
        output = output or {}
        listed = next((output[key] for key in _ENTRY_LISTS if records(output.get(key))), None)
        entries = records(listed) if listed is not None else [output]
    commands = [_command_entry(entry) for entry in entries]
    if len(commands) == 1 and commands[0]["output"] is None and isinstance(raw_output, str):
        commands[0].update(output=raw_output, line_count=len(raw_output.splitlines()))
    if len(commands) == 1:
        text = commands[0]["output"]
    else:
        text = "\n".join("%s\n%s" % (entry["command"] or "", entry["output"] or "") for entry in commands) or None
    return dict(command="; ".join(entry["command"] for entry in commands if entry["command"]) or None,
                output=text, line_count=len(text.splitlines()) if isinstance(text, str) else 0, commands=commands)


def allowed_commands(listing):
    """The commands of a show-commands listing (a list of categories, each with ``commands``), whatever the
    spelling of each entry: a string, ``{"command": "show ..."}`` or ``{"command": {"value": "show ..."}}``."""
    if isinstance(listing, dict):
        listing = listing.get("categories") or listing.get("items") or [listing]
    commands = []
    for category in listing if isinstance(listing, list) else []:
        entries = category.get("commands") if isinstance(category, dict) else [category]
        for entry in entries or []:
            if isinstance(entry, dict):
                entry = entry.get("command")
            if isinstance(entry, dict):
                entry = entry.get("value")
            text = " ".join(str(entry).split()) if isinstance(entry, str) else ""
            if text.lower().startswith("show ") and text not in commands:
                commands.append(text)
    return commands
