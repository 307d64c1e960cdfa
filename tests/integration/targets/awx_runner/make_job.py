"""Lay out an ansible-runner private data directory as AWX does for a job of the AWX guide.

Reads the credential type (input and injector configuration), the inventory source, the project
playbook and the extra variables from docs/docsite/rst/guide_awx.rst as written there, renders the
injector with the credential's values as AWX does (Jinja), runs the inventory update
(ansible-inventory on the inventory source) and writes its result as AWX hands inventories to jobs:
an executable script. /runner, where AWX mounts the private data directory, becomes its path.

    python make_job.py GUIDE PRIVATE_DATA_DIR BASE_URL
"""

import json
import os
import stat
import subprocess
import sys

import jinja2
import yaml

guide_path, private, base_url = sys.argv[1:4]
with open(guide_path) as handle:
    guide = handle.read()


def block_after(marker):
    """The first ``.. code:: yaml`` block after ``marker`` in the guide, parsed: the lines indented
    deeper than the directive, up to the first one that is not."""
    lines = guide[guide.index(marker):].split("\n")
    start = next(number for number, line in enumerate(lines) if line.strip() == ".. code:: yaml")
    directive_indent = len(lines[start]) - len(lines[start].lstrip())
    block = []
    for line in lines[start + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= directive_indent:
            break
        block.append(line)
    indent = min(len(line) - len(line.lstrip()) for line in block if line.strip())
    return yaml.safe_load("\n".join(line[indent:] for line in block))


credential_type = block_after("Input configuration:")
injector = block_after("Injector configuration:")
inventory_source = block_after("- Inventory: the devices Central manages")
project_playbook = block_after("- Project: a repository with a playbook")
extra_vars = block_after("- Extra variables:")

# The credential: the simulator's API client and token URL; the cluster left blank.
values = dict(cluster="", base_url=base_url, client_id="sim-client", client_secret="sim-secret",
              token_url=base_url + "/as/token.oauth2")
fields = {field["id"] for field in credential_type["fields"]}
assert set(credential_type["required"]) <= fields and set(values) == fields, (credential_type, values)
environment = {name: jinja2.Template(template).render(**values) for name, template in injector["env"].items()}
assert environment["CENTRAL_BASE_URL"] == base_url and environment["CENTRAL_CLUSTER"] == ""
# AWX sets what the injector renders, then its own settings (here: where the collection and the cache are).
environment.update(ANSIBLE_COLLECTIONS_PATH=os.environ["ANSIBLE_COLLECTIONS_PATH"],
                   XDG_CACHE_HOME=os.path.join(private, "cache"))

for directory in ("project/inventories", "inventory", "env"):
    os.makedirs(os.path.join(private, directory), exist_ok=True)
inventory_source["cache_connection"] = os.path.join(private, "cache", "central-inventory")
with open(os.path.join(private, "project", "inventories", "central.yml"), "w") as handle:
    yaml.safe_dump(inventory_source, handle)
with open(os.path.join(private, "project", "site.yml"), "w") as handle:
    yaml.safe_dump(project_playbook, handle)

# The inventory update: the source run with the credential's environment, kept as a script for the job.
listed = subprocess.run(["ansible-inventory", "-i", os.path.join(private, "project", "inventories", "central.yml"),
                         "--list", "--export"], env=dict(os.environ, **environment), capture_output=True, text=True,
                        check=True).stdout
script = os.path.join(private, "inventory", "hosts")
with open(script, "w") as handle:
    handle.write("#!%s\nimport sys\nsys.stdout.write(%r)\n" % (sys.executable, listed))
os.chmod(script, stat.S_IRWXU)

extra_vars = {name: value.replace("/runner/", private.rstrip("/") + "/") if isinstance(value, str) else value
              for name, value in extra_vars.items()}
with open(os.path.join(private, "env", "extravars"), "w") as handle:
    yaml.safe_dump(extra_vars, handle)
with open(os.path.join(private, "env", "envvars"), "w") as handle:
    yaml.safe_dump(environment, handle)
print(json.dumps(dict(extra_vars=extra_vars, hosts=len(json.loads(listed)["_meta"]["hostvars"]))))
