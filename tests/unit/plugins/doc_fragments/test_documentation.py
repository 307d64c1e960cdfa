# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module's documentation held to its code: the documented options (fragments merged) equal the argument
spec the module or its action plugin validates with, type, default, choices, required, elements and aliases
included; a diagnostic module's device types and option ranges are the catalogue's; its documented result fields
are the catalogue's RESULT_FIELDS. validate-modules does part of this for ordinary modules only (it skips the
docs-only files of action-backed modules); this covers all of them the same way."""

from __future__ import annotations

import importlib
import os
import re

import pytest

from ansible.plugins.action import ActionBase
from ansible.plugins.loader import fragment_loader
from ansible.utils.plugin_docs import get_docstring

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _catalogue as catalogue

PLUGINS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "plugins")
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(PLUGINS, "modules")) if name.endswith(".py"))
ACTION_BACKED = sorted(name[:-3] for name in os.listdir(os.path.join(PLUGINS, "action")) if name.endswith(".py"))
PREFIX = "ansible_collections.arubacentral.troubleshooting.plugins."


class Captured(Exception):
    def __init__(self, spec):
        super().__init__("argument spec captured")
        self.spec = spec


def documentation(name):
    doc = get_docstring(os.path.join(PLUGINS, "modules", name + ".py"), fragment_loader,
                        collection_name="arubacentral.troubleshooting", is_module=True)
    return doc[0], doc[2]


def _choices(value):
    if value is None:
        return None
    return sorted(str(choice) for choice in (value.keys() if isinstance(value, dict) else value))


def shape(options, documented):
    """What the docs and the spec must agree on, option by option (suboptions too)."""
    shaped = {}
    for name, option in (options or {}).items():
        kind = option.get("type", "str")
        shaped[name] = dict(
            type=kind if isinstance(kind, str) else getattr(kind, "__name__", kind),
            required=bool(option.get("required", False)),
            default=option.get("default"),
            choices=_choices(option.get("choices")),
            elements=option.get("elements"),
            aliases=sorted(option.get("aliases") or []),
            suboptions=shape(option.get("suboptions" if documented else "options"), documented) or None)
    return shaped


def module_spec(name, monkeypatch):
    """The argument spec a module's main() hands to AnsibleModule."""
    from ansible.module_utils import basic

    def capture(self, argument_spec, **kwargs):
        raise Captured(argument_spec)

    monkeypatch.setattr(basic.AnsibleModule, "__init__", capture)
    module = importlib.import_module(PREFIX + "modules." + name)
    with pytest.raises(Captured) as captured:
        module.main()
    return captured.value.spec


def action_spec(name, monkeypatch, run_action_plugin):
    """The argument spec an action plugin validates its task's arguments with."""
    def capture(self, argument_spec=None, **kwargs):
        raise Captured(argument_spec)

    monkeypatch.setattr(ActionBase, "validate_argument_spec", capture)
    plugin = importlib.import_module(PREFIX + "action." + name)
    with pytest.raises(Captured) as captured:
        run_action_plugin(plugin, "arubacentral.troubleshooting." + name, {})
    return captured.value.spec


@pytest.mark.parametrize("name", MODULES)
def test_documented_options_are_the_argument_spec(name, monkeypatch, run_action_plugin):
    doc, _returns = documentation(name)
    spec = action_spec(name, monkeypatch, run_action_plugin) if name in ACTION_BACKED else module_spec(name, monkeypatch)
    documented, coded = shape(doc.get("options"), True), shape(spec, False)
    assert sorted(documented) == sorted(coded), "%s: documented %s, coded %s" % (
        name, sorted(set(documented) - set(coded)), sorted(set(coded) - set(documented)))
    for option in coded:
        assert documented[option] == coded[option], "%s: option %s" % (name, option)


# The modules that run one catalogue test, by test.
TEST_MODULES = dict(ping="ping", traceroute="traceroute", ping_sweep="ping_sweep", nslookup="nslookup", tcp="tcp_test",
                    aaa="aaa_test", arp_table="arp_table_info", speedtest="speedtest", cable_test="cable_test",
                    show_command="show_command")
_RANGE = re.compile(r"\b(-?\d+)\s*(?:to|-)\s*(-?\d+)\b")


@pytest.mark.parametrize("test", sorted(TEST_MODULES))
def test_device_types_and_ranges_are_the_catalogues(test):
    doc, _returns = documentation(TEST_MODULES[test])
    assert _choices(doc["options"]["device_type"]["choices"]) == sorted(catalogue.device_types_for(test))
    for option, (low, high) in sorted(_ranges(test).items()):
        description = " ".join(_text(doc["options"][option]["description"]))
        documented = set((int(a), int(b)) for a, b in _RANGE.findall(description))
        assert (low, high) in documented, "%s: %s is %s-%s in the catalogue; its description says %s" % (
            test, option, low, high, description)


def _text(value):
    return value if isinstance(value, list) else [value]


def _ranges(test):
    """Options with the same lower and upper bound on every device type of the test (a documented range)."""
    ranges = {}
    for device_type in catalogue.device_types_for(test):
        for option, field in catalogue.CATALOGUE[(device_type, test)].items():
            if field.minimum is not None and field.maximum is not None:
                ranges.setdefault(option, set()).add((field.minimum, field.maximum))
    return dict((option, bounds.pop()) for option, bounds in ranges.items() if len(bounds) == 1)


@pytest.mark.parametrize("test", sorted(TEST_MODULES))
def test_documented_result_fields_are_the_catalogues(test):
    _doc, returns = documentation(TEST_MODULES[test])
    documented = set((returns["result"].get("contains") or {}).keys())
    assert documented == set(catalogue.RESULT_FIELDS[test]), "%s: only documented %s, only in the catalogue %s" % (
        test, sorted(documented - set(catalogue.RESULT_FIELDS[test])),
        sorted(set(catalogue.RESULT_FIELDS[test]) - documented))


def test_the_check_catches_a_difference():
    """The comparison is not blind: a type, a default or a missing option each differ."""
    coded = shape(dict(count=dict(type="int", default=5)), False)
    assert shape(dict(count=dict(type="int", default=5, description="x")), True) == coded
    assert shape(dict(count=dict(type="str", default=5, description="x")), True) != coded
    assert shape(dict(count=dict(type="int", default=4, description="x")), True) != coded
    assert shape(dict(count=dict(type="int", description="x")), True) != coded
    assert _ranges("ping")["count"] == (1, 100) and ("1", "100") in _RANGE.findall("from 1 to 100 echo requests")
