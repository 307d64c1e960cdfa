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
    assert healthy["central_status"] == "online" and healthy["ansible_host"].startswith("10.")
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
