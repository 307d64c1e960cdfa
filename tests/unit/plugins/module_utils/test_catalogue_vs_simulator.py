# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's catalogue against the simulator's own table (tests/simulator/api_table.py, written from
the vendor's sources): every operation of every device type in both API versions, its body fields, which
are required, their types, ranges and choices. Every difference is printed; the intended ones are listed
below with the reason, and an unintended one (or an intended one that is gone) fails."""

from __future__ import annotations

import api_table  # tests/simulator, put on sys.path by tests/unit/conftest.py

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _actions as actions

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _catalogue as catalogue

SIMULATOR_KINDS = dict(int="int", bool="bool", ports="list", str="str", ip="str", destination="str", url="str",
                       secret="str", command="str")
DEVICE_TYPES = dict(ap="aps", gateway="gateways", cx="cx", aos_s="aos-s")

# Difference -> why it is meant. Keys are the lines differences() prints.
INTENDED = {
    # 802.1Q reserves VLAN 4095; the v1 SDK takes 1-4094 and so does the collection on both versions.
    "v1alpha1 aps/ping vlan: catalogue int 1..4094, simulator int 1..4095":
        "802.1Q reserves 4095 (the v1 SDK says 1-4094)",
    "v1alpha1 gateways/ping vlan: catalogue int 1..4094, simulator int 1..4095":
        "802.1Q reserves 4095 (the v1 SDK says 1-4094)",
    "v1 aos-s/ping vlan: catalogue int 1..4094, simulator int":
        "a VLAN id is 1-4094 on every device; the sources give no range for the AOS-S switch",
    "v1alpha1 aos-s/ping vlan: catalogue int 1..4094, simulator int":
        "a VLAN id is 1-4094 on every device; the sources give no range for the AOS-S switch",
    "v1 aos-s/traceroute vlan: catalogue int 1..4094, simulator int":
        "a VLAN id is 1-4094 on every device; the sources give no range for the AOS-S switch",
    "v1alpha1 aos-s/traceroute vlan: catalogue int 1..4094, simulator int":
        "a VLAN id is 1-4094 on every device; the sources give no range for the AOS-S switch",
    # The request collection gives the ping limits for access points and gateways only.
    "v1alpha1 cx/ping count: catalogue int 1..100, simulator int":
        "the ping count limit of the other device types (the v1 SDK applies it to switches too)",
    "v1alpha1 aos-s/ping count: catalogue int 1..100, simulator int":
        "the ping count limit of the other device types (the v1 SDK applies it to switches too)",
    "v1 cx/ping packetSize: catalogue int 10..2000, simulator int":
        "the packet size limit of the other device types; neither source bounds it on switches",
    "v1alpha1 cx/ping packetSize: catalogue int 10..2000, simulator int":
        "the packet size limit of the other device types; neither source bounds it on switches",
    "v1 aos-s/ping packetSize: catalogue int 10..2000, simulator int":
        "the packet size limit of the other device types; neither source bounds it on switches",
    "v1alpha1 aos-s/ping packetSize: catalogue int 10..2000, simulator int":
        "the packet size limit of the other device types; neither source bounds it on switches",
    "v1 aos-s/ping loopbackPort: catalogue int 1.., simulator int":
        "a port number is at least 1",
    "v1alpha1 aos-s/ping loopbackPort: catalogue int 1.., simulator int":
        "a port number is at least 1",
    "v1 aos-s/traceroute loopbackPort: catalogue int 1.., simulator int":
        "a port number is at least 1",
    "v1alpha1 aos-s/traceroute loopbackPort: catalogue int 1.., simulator int":
        "a port number is at least 1",
    # The v1 SDK checks only that it is text; the v1alpha1 collection lists the three interfaces.
    "v1 gateways/ping sourceInterface: catalogue str one of loopback|mgmt-interface|vlan-interface, simulator str":
        "the choices the v1alpha1 request collection documents; an unknown interface fails before sending",
    # The v1 SDK requires it; the collection asks for it on both versions rather than let Central guess.
    "v1alpha1 cx/aaa authMethodType: catalogue str required one of chap|pap, simulator str one of chap|pap":
        "required by the v1 SDK; a RADIUS test needs its method on either version",
}


def _catalogue_spec(field, name):
    """A catalogue Field as the simulator's table would say it."""
    if field is None:  # derived: the CX switch's protocol on v1
        return dict(kind="str", required=True, choices=("HTTP", "HTTPS"))
    if field.kind == "commands":
        kind = "list" if name == "commands" else "str"
    else:
        kind = SIMULATOR_KINDS[field.kind]
    spec = dict(kind=kind, required=field.required)
    if kind == "int":
        spec.update(low=field.minimum, high=field.maximum)
    if field.choices:
        spec["choices"] = tuple(field.choices)
    if field.kind == "commands":
        spec["each_prefix"] = "show "
        if kind == "list":
            spec["most"] = catalogue.MAX_SHOW_COMMANDS
    return spec


def _simulator_spec(spec):
    described = dict(kind=spec.kind, required=spec.required)
    if spec.kind == "int":
        described.update(low=spec.low, high=spec.high)
    if spec.choices:
        described["choices"] = tuple(spec.choices)
    for key in ("each_prefix", "most"):
        if getattr(spec, key) is not None:
            described[key] = getattr(spec, key)
    return described


def catalogue_operations(version):
    """device path -> operation -> {field: spec} (None: no body) as the collection sends them."""
    table = {}
    for (device_type, test) in catalogue.CATALOGUE:
        fields = catalogue.body_fields(device_type, test, version)
        table.setdefault(DEVICE_TYPES[device_type], {})[catalogue.operation_path(device_type, test, version)] = (
            dict((name, _catalogue_spec(field, name)) for name, field in fields.items()) or None)
    for action, facts in actions.ACTIONS.items():
        for device_type in facts["device_types"]:
            operations = table.setdefault(DEVICE_TYPES[device_type], {})
            if facts["path"] is None:  # the disconnects: one operation each for all, one MAC, one SSID (APs)
                for how in (dict(), dict(mac_address="aa:bb:cc:dd:ee:ff"), dict(ssid="guest")):
                    if how.get("ssid") and device_type != "ap":
                        continue
                    operation, body = actions.disconnect_operation(device_type, **how)
                    operations[operation] = dict((name, dict(kind="str", required=True)) for name in body) or None
            elif facts["polled"]:
                operations[facts["path"]] = dict(ports=dict(kind="list", required=True))
            else:
                operations[facts["path"]] = None
    return table


def _say(spec):
    if spec is None:
        return "no body"
    words = [spec["kind"]]
    if spec.get("low") is not None or spec.get("high") is not None:
        words[0] += " %s..%s" % ("" if spec.get("low") is None else spec["low"],
                                 "" if spec.get("high") is None else spec["high"])
    if spec.get("required"):
        words.append("required")
    if spec.get("choices"):
        words.append("one of %s" % "|".join(spec["choices"]))
    if spec.get("most"):
        words.append("at most %d" % spec["most"])
    return " ".join(words)


def differences():
    found = []
    for version in ("v1", "v1alpha1"):
        ours, theirs = catalogue_operations(version), api_table.OPERATIONS[version]
        for device_path in api_table.DEVICE_PATHS:
            mine, sims = ours.get(device_path, {}), theirs[device_path]
            for operation in sorted(set(mine) | set(sims)):
                where = "%s %s/%s" % (version, device_path, operation)
                if operation not in sims:
                    found.append("%s: in the catalogue only" % where)
                    continue
                if operation not in mine:
                    found.append("%s: in the simulator only" % where)
                    continue
                our_fields = mine[operation]
                their_fields = None if sims[operation] is None else dict(
                    (name, _simulator_spec(spec)) for name, spec in sims[operation].items())
                if our_fields is None or their_fields is None:
                    if our_fields != their_fields:
                        found.append("%s: catalogue %s, simulator %s" % (
                            where, "no body" if our_fields is None else "a body",
                            "no body" if their_fields is None else "a body"))
                    continue
                for name in sorted(set(our_fields) | set(their_fields)):
                    mine_spec, sim_spec = our_fields.get(name), their_fields.get(name)
                    if mine_spec != sim_spec:
                        found.append("%s %s: catalogue %s, simulator %s" % (
                            where, name, _say(mine_spec) if mine_spec else "absent",
                            _say(sim_spec) if sim_spec else "absent"))
    return found


def test_the_catalogue_and_the_simulator_table_differ_only_where_intended():
    found = differences()
    print("\n".join(["catalogue vs simulator: %d differences" % len(found)] + found))
    unintended = [line for line in found if line not in INTENDED]
    gone = [line for line in INTENDED if line not in found]
    assert not unintended, "unintended differences:\n" + "\n".join(unintended)
    assert not gone, "listed as intended but no longer differing (remove them):\n" + "\n".join(gone)


def test_the_comparison_sees_a_catalogue_mistake(monkeypatch):
    """The guard bites: a field renamed in the catalogue is a difference on both versions."""
    fields = dict(catalogue.CATALOGUE[("ap", "tcp")])
    fields["port"] = catalogue.Field("portNumber", "int", 1, 65535, required=True)
    monkeypatch.setitem(catalogue.CATALOGUE, ("ap", "tcp"), fields)
    found = differences()
    assert "v1 aps/tcp port: catalogue absent, simulator int 1..65535 required" in found
    assert "v1alpha1 aps/tcp portNumber: catalogue int 1..65535 required, simulator absent" in found
