# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The central inventory plugin through its parse() entry point, against the simulator."""

from __future__ import annotations

import pytest
import yaml
from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader


class Inventory:
    """What a parse left: hosts, their variables, groups."""

    def __init__(self, data):
        self.data = data
        self.hosts = set(data.hosts)

    def host_vars(self, name):
        return self.data.get_host(name).get_vars()

    def groups(self):
        return {name: [host.name for host in group.get_hosts()] for name, group in self.data.groups.items()}


def load(tmp_path, monkeypatch, config, name="workspace.central.yml"):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / name
    source.write_text(yaml.safe_dump(dict(plugin="arubacentral.troubleshooting.central", **config)))
    plugin = inventory_loader.get("arubacentral.troubleshooting.central")
    assert plugin.verify_file(str(source))
    data = InventoryData()
    plugin.parse(data, DataLoader(), str(source))
    # What ansible's inventory manager does after a parse: write the inventory cache, when there is one.
    if config.get("cache"):
        plugin.update_cache_if_changed()
    return Inventory(data)


def connection(simulator, **extra):
    return dict(base_url=simulator.url, token_url=simulator.url + "/as/token.oauth2", client_id="sim-client",
                client_secret="sim-secret", token_cache=False, **extra)


def test_hosts_variables_and_groups(simulator, tmp_path, monkeypatch):
    manager = load(tmp_path, monkeypatch, connection(simulator))
    healthy = manager.host_vars("ap-healthy")
    assert healthy["central_serial_number"] == "TESTAP0001" and healthy["central_device_type"] == "ap"
    assert healthy["central_status"] == "online" and healthy["central_ipv4"].startswith("10.") and "ansible_host" not in healthy
    assert healthy["central_site"] == "HQ Campus" and healthy["central_site_id"] == "1001"
    stack = manager.host_vars("core-stack")
    assert stack["central_serial_number"] == "07009020-c27d1b2"
    assert stack["central_stack_members"] == ["TESTCX0002", "TESTCX0003"]
    # No name, or a name two devices share: the serial names the host. A third-party switch is left out.
    assert {"TESTAP0004", "TESTAP0005", "TESTAP0006"} <= set(manager.hosts)
    assert "lobby-ap" not in manager.hosts and "cisco-3850" not in manager.hosts
    assert manager.host_vars("TESTAP0004")["central_status"] == "unknown"
    groups = manager.groups()
    assert "cx-healthy" in groups["central_cx"] and "aos-s-healthy" in groups["central_aos_s"]
    assert "gw-healthy" in groups["central_gateway"] and "ap-healthy" in groups["central_site_hq_campus"]


def test_filters_compose_and_keyed_groups(simulator, tmp_path, monkeypatch):
    manager = load(tmp_path, monkeypatch, connection(
        simulator, device_types=["ap"], statuses=["online"], sites=["HQ Campus", "1002"], hostname="serial_number",
        compose=dict(central_label="central_name ~ '@' ~ central_site"),
        keyed_groups=[dict(key="central_model", prefix="model")]))
    hosts = manager.hosts
    assert hosts and all(host.startswith("TESTAP") or host.startswith("SIMAP") for host in hosts)
    assert "TESTAP0002" not in hosts  # offline
    assert manager.host_vars("TESTAP0001")["central_label"] == "ap-healthy@HQ Campus"
    assert set(manager.groups()["model_AP_635"]) == set(hosts)


def test_the_cache_spares_the_second_listing(simulator, tmp_path, monkeypatch):
    config = connection(simulator, cache=True, cache_plugin="ansible.builtin.jsonfile",
                        cache_connection=str(tmp_path / "inventory-cache"))
    first = load(tmp_path, monkeypatch, config)
    lists = simulator.stats()["list"]
    second = load(tmp_path, monkeypatch, config)
    assert simulator.stats()["list"] == lists == 2
    assert set(second.hosts) == set(first.hosts)


@pytest.mark.parametrize("config, message", [
    (dict(device_type=["ap"]), "unknown option(s) device_type; allowed: "),
    (dict(cluster="mars1"), "cluster"),
    (dict(client_id=None, client_secret=None), "set access_token, or client_id and client_secret"),
    (dict(statuses=["up"]), "statuses"),
])
def test_bad_configuration_is_one_clear_error(simulator, tmp_path, monkeypatch, config, message):
    for name in ("CENTRAL_CLIENT_ID", "CENTRAL_CLIENT_SECRET", "CENTRAL_ACCESS_TOKEN", "CENTRAL_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = connection(simulator)
    settings.update(config)
    settings = {key: value for key, value in settings.items() if value is not None}
    with pytest.raises(AnsibleError) as raised:
        load(tmp_path, monkeypatch, settings)
    assert message in str(raised.value)


def test_an_api_error_names_the_status_and_code(simulator, tmp_path, monkeypatch):
    with pytest.raises(AnsibleError) as raised:
        load(tmp_path, monkeypatch, dict(base_url=simulator.url, access_token="not-a-token"))
    assert "HTTP 401" in str(raised.value) and "HPE_GL_ERROR_UNAUTHORIZED" in str(raised.value)


HOSTILE_ROWS = [
    dict(serialNumber="HOSTILE001", deviceName="{{ 7 * 6 }}", model="{{ 6 * 7 }}", deviceType="ACCESS_POINT",
         siteName="{% if true %}x{% endif %} site", siteId="1001", status="ONLINE", ipv4="10.9.9.1"),
    dict(serialNumber="HOSTILE002", deviceName="localhost", deviceType="ACCESS_POINT", status="ONLINE", ipv4="10.9.9.2"),
    dict(serialNumber="HOSTILE003", deviceName="127.0.0.1", deviceType="ACCESS_POINT", status="ONLINE"),
    dict(serialNumber="HOSTILE004", deviceName="::1", deviceType="ACCESS_POINT", status="ONLINE"),
    dict(serialNumber="HOSTILE005", deviceName="TESTAP0002", deviceType="ACCESS_POINT", status="ONLINE"),
    dict(serialNumber="HOSTILE006", deviceName=["a", "list"], deviceType="ACCESS_POINT", status="ONLINE",
         ipv4="localhost"),
    dict(serialNumber="../../platform", deviceName="escapee", deviceType="ACCESS_POINT", status="ONLINE"),
    dict(serialNumber={"nested": 1}, deviceName="shapeless", deviceType="ACCESS_POINT", status="ONLINE"),
]


def render(template, variables):
    """``template`` rendered as a playbook would (a trusted template on 2.19+), with ``variables``."""
    from ansible.template import Templar
    try:
        from ansible._internal._datatag._tags import TrustedAsTemplate
        template = TrustedAsTemplate().tag(template)
    except ImportError:  # before 2.19 every template is trusted
        pass
    return Templar(loader=DataLoader(), variables=variables).template(template)


def test_names_and_values_from_central_are_never_templates_nor_the_controller(simulator, tmp_path, monkeypatch):
    simulator.control("/sim/extra-rows", HOSTILE_ROWS)
    manager = load(tmp_path, monkeypatch, connection(simulator, keyed_groups=[dict(key="central_model", prefix="model"),
                                                                              dict(key="central_site", prefix="site")],
                                                     compose=dict(label="central_name ~ '!'")))
    hosts = manager.hosts
    assert {"HOSTILE001", "HOSTILE002", "HOSTILE003", "HOSTILE004", "HOSTILE005", "HOSTILE006"} <= hosts
    assert not {"localhost", "127.0.0.1", "::1", "{{ 7 * 6 }}", "escapee", "shapeless"} & hosts
    # A device named after another's serial number does not merge into that device's host.
    assert manager.host_vars("ap-offline")["central_serial_number"] == "TESTAP0002"
    assert manager.host_vars("HOSTILE005")["central_name"] == "TESTAP0002"
    variables = manager.host_vars("HOSTILE001")
    # The literal text arrives, in the variable, through compose, and when a playbook reads it.
    assert variables["central_name"] == "{{ 7 * 6 }}" and variables["label"] == "{{ 7 * 6 }}!"
    assert render("{{ central_name }}|{{ central_model }}|{{ label }}", variables) == "{{ 7 * 6 }}|{{ 6 * 7 }}|{{ 7 * 6 }}!"
    groups = manager.groups()
    made = [name for name in groups if name.startswith(("model_", "site_"))]
    assert made and not any(mark in name for name in made for mark in "{}% '")
    assert "HOSTILE001" in groups["model____6___7___"]
    assert "central_ipv4" not in manager.host_vars("HOSTILE006")
    assert manager.host_vars("HOSTILE002")["central_ipv4"] == "10.9.9.2"


def test_uplinks_from_the_switches_interfaces_one_request_a_switch(simulator, tmp_path, monkeypatch):
    config = connection(simulator, uplinks=True, cache=True, cache_plugin="ansible.builtin.jsonfile",
                        cache_connection=str(tmp_path / "inventory-cache"))
    manager = load(tmp_path, monkeypatch, config)
    switches = [name for name in manager.hosts if manager.host_vars(name)["central_device_type"] in ("cx", "aos_s")]
    assert simulator.stats()["interfaces"] == len(switches)
    # The simulator hangs each access point of a site off the site's switches in turn, a port each.
    ports = simulator.sim.switch_ports()
    behind = dict((port["neighbourSerial"], (switch, port["portNumber"], port["poeStatus"]))
                  for switch, interfaces in ports.items() for port in interfaces if "neighbourSerial" in port)
    aps = [name for name in manager.hosts if manager.host_vars(name)["central_device_type"] == "ap"]
    assert len(behind) >= 4
    for name in aps:
        variables = manager.host_vars(name)
        link = behind.get(variables["central_serial_number"])
        if link is None:
            assert "central_uplink_switch" not in variables
            continue
        assert variables["central_uplink_switch_serial"] == link[0] and variables["central_uplink_port"] == link[1]
        assert variables["central_uplink_poe"] == link[2]
        # The switch by its host here: what the PoE recovery's uplink_bounces filter looks up.
        assert manager.host_vars(variables["central_uplink_switch"])["central_serial_number"] == link[0]
    # Cached with the device list: the second run reads no interface again.
    load(tmp_path, monkeypatch, config)
    assert simulator.stats()["interfaces"] == len(switches)


def test_without_the_option_no_interface_is_read(simulator, tmp_path, monkeypatch):
    manager = load(tmp_path, monkeypatch, connection(simulator))
    assert simulator.stats().get("interfaces", 0) == 0
    assert not any("central_uplink_switch" in manager.host_vars(name) for name in manager.hosts)


def test_a_hostile_port_from_central_is_clean_text_and_never_a_template(simulator, tmp_path, monkeypatch):
    # What Central says a port is called reaches the access point's variables as text: no escape sequence, never
    # rendered, through compose and when a playbook reads it.
    simulator.control("/sim/uplinks", {"TESTCX0001/{{ 6 * 7 }}\x1b[2J\nport": "TESTAP0001"})
    manager = load(tmp_path, monkeypatch, connection(simulator, uplinks=True, compose=dict(where="central_uplink_port")))
    variables = manager.host_vars("ap-healthy")
    assert variables["central_uplink_port"] == "{{ 6 * 7 }} port" and variables["where"] == "{{ 6 * 7 }} port"
    assert render("{{ central_uplink_port }}", variables) == "{{ 6 * 7 }} port"
    assert variables["central_uplink_switch"] == "cx-healthy"
