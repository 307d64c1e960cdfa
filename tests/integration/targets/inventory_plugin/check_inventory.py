"""Asserts on `ansible-inventory --list` of the simulator's workspace (read from stdin)."""

import json
import sys


def plain(value):
    """ansible-core 2.19+ marks values an inventory plugin set as {"__ansible_unsafe": value} in --list."""
    if isinstance(value, dict):
        return value["__ansible_unsafe"] if set(value) == {"__ansible_unsafe"} else {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


inventory = plain(json.load(sys.stdin))
hostvars = inventory["_meta"]["hostvars"]


def members(group):
    return set(inventory.get(group, {}).get("hosts", []))


generated = [name for name in hostvars if hostvars[name]["central_serial_number"].startswith("SIM")]
assert len(generated) == 40, len(generated)
healthy = hostvars["ap-healthy"]
assert healthy["central_serial_number"] == "TESTAP0001" and healthy["central_device_type"] == "ap", healthy
assert healthy["central_status"] == "online" and healthy["central_site"] == "HQ Campus", healthy
assert healthy["central_ipv4"].startswith("10.") and "ansible_host" not in healthy and healthy["central_mac"].count(":") == 5, healthy
assert hostvars["ap-offline"]["central_status"] == "offline"
assert hostvars["core-stack"]["central_serial_number"] == "07009020-c27d1b2"
assert hostvars["core-stack"]["central_stack_members"] == ["TESTCX0002", "TESTCX0003"]
assert "TESTAP0004" in hostvars and "central_ipv4" not in hostvars["TESTAP0004"]
assert {"TESTAP0005", "TESTAP0006"} <= set(hostvars) and "lobby-ap" not in hostvars
assert "cisco-3850" not in hostvars and "TESTTP0001" not in hostvars
assert {"cx-healthy", "core-stack"} <= members("central_cx") and "aos-s-healthy" in members("central_aos_s")
assert "gw-healthy" in members("central_gateway") and "ap-healthy" in members("central_site_hq_campus")
kinds = {"ap": "central_ap", "gateway": "central_gateway", "cx": "central_cx", "aos_s": "central_aos_s"}
for name, variables in hostvars.items():
    assert name in members(kinds[variables["central_device_type"]]), name
print("inventory: %d hosts, %d groups" % (len(hostvars), len(inventory) - 1))
