"""Write the compliance guide's example as a user copies it: policy.yml and each group_vars file from the guide's
two YAML blocks (each file starts at its "# NAME.yml" comment), beside an inventory source of the collection's
plugin, in DIRECTORY.

    guide_example.py GUIDE DIRECTORY
"""

import os
import re
import sys

guide, directory = sys.argv[1], sys.argv[2]
text = open(guide).read()
section = text[text.index("The example policy\n"):text.index("The policy is data")]
blocks = re.findall(r"\.\. code:: yaml\n\n((?:   .*\n|\n)+)", section)
assert len(blocks) == 2, "the guide's example is two YAML blocks, found %d" % len(blocks)
files = {}
current = None
for block in blocks:
    for line in block.splitlines():
        line = line[3:]
        marker = re.match(r"# ((?:group_vars/)?[\w.-]+\.yml)\b", line)
        if marker:
            current = marker.group(1)
            files[current] = []
        elif current is not None:
            files[current].append(line)
assert "policy.yml" in files and any(name.startswith("group_vars/") for name in files), sorted(files)
os.makedirs(os.path.join(directory, "group_vars"), exist_ok=True)
for name, lines in files.items():
    with open(os.path.join(directory, name), "w") as handle:
        handle.write("\n".join(lines).strip() + "\n")
with open(os.path.join(directory, "central.yml"), "w") as handle:
    handle.write("plugin: arubacentral.troubleshooting.central\n")
print("the guide's example: %s" % ", ".join(sorted(files)))
