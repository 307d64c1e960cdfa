# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's import graph, held to its layers (make test runs it).

module_utils is what modules carry to a managed node: it may import only module_utils, never plugin_utils nor any
controller plugin, and no ``ansible`` package outside ansible.module_utils. Modules import module_utils only.
Nothing imports a plugin folder other than module_utils and plugin_utils. No cycle anywhere.
--print draws the graph by layer, one line a file.
"""

from __future__ import annotations

import argparse
import ast
import pathlib
import sys

PREFIX = "ansible_collections.arubacentral.troubleshooting.plugins."
LIBRARIES = ("module_utils", "plugin_utils")
LAYERS = ("module_utils", "modules", "plugin_utils", "action", "filter", "inventory")


def imports_of(path):
    """The collection files ``path`` imports, as 'folder/name', and the ansible packages it imports."""
    ours, ansible = set(), set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + ["%s.%s" % (node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            if name.startswith(PREFIX):
                parts = name[len(PREFIX):].split(".")
                if len(parts) >= 2:
                    ours.add("%s/%s" % (parts[0], parts[1]))
            elif (name == "ansible" or name.startswith("ansible.")) and not (
                    isinstance(node, ast.ImportFrom) and name != node.module):
                ansible.add(name)
    return ours, ansible


def graph(root):
    files = {}
    for layer in LAYERS:
        for path in sorted((root / "plugins" / layer).glob("*.py")):
            if path.name != "__init__.py":
                files["%s/%s" % (layer, path.stem)] = path
    return dict((name, imports_of(path)) for name, path in files.items()), files


def problems(edges, files):
    found = []
    for name, (ours, ansible) in sorted(edges.items()):
        layer = name.split("/")[0]
        ours = set(target for target in ours if target in files or target.split("/")[0] in LIBRARIES)
        for target in sorted(ours):
            folder = target.split("/")[0]
            if target not in files:
                found.append("%s imports %s, which does not exist" % (name, target))
            elif layer in ("module_utils", "modules") and folder != "module_utils":
                found.append("%s imports %s: what modules run may import module_utils only" % (name, target))
            elif folder not in LIBRARIES:
                found.append("%s imports the plugin %s: share code through module_utils or plugin_utils" % (name, target))
        if layer in ("module_utils", "modules"):
            for package in sorted(ansible):
                if not package.startswith("ansible.module_utils"):
                    found.append("%s imports %s: a managed node has only ansible.module_utils" % (name, package))
    # Cycles: a depth-first walk over the collection's own edges.
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges[node][0]):
            if target not in edges:
                continue
            if state.get(target) == "open":
                found.append("import cycle: %s" % " -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def self_test():
    """The check finds what it is for, on a made-up tree: a module_utils file importing controller code, a module
    importing ansible.plugins, a plugin importing another plugin, a cycle."""
    import tempfile
    with tempfile.TemporaryDirectory() as root:
        tree = {"module_utils/_a.py": "from %splugin_utils._b import x\n" % PREFIX,
                "plugin_utils/_b.py": "from %splugin_utils._c import y\n" % PREFIX,
                "plugin_utils/_c.py": "from %splugin_utils._b import x\n" % PREFIX,
                "modules/m.py": "from ansible.plugins.action import ActionBase\n",
                "action/a.py": "from %sfilter.f import g\n" % PREFIX,
                "filter/f.py": "import json\n"}
        for name, text in tree.items():
            path = pathlib.Path(root, "plugins", name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        found = problems(*graph(pathlib.Path(root)))
    wanted = ("module_utils/_a imports plugin_utils/_b", "modules/m imports ansible.plugins",
              "action/a imports the plugin filter/f", "import cycle: plugin_utils/_b -> plugin_utils/_c -> plugin_utils/_b")
    missed = [text for text in wanted if not any(problem.startswith(text) for problem in found)]
    if missed or len(found) != len(wanted):
        print("import graph self-test: missed %s; found %s" % (missed, found), file=sys.stderr)
        return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--root", default=".", help="the collection's root (default: the current folder)")
    parser.add_argument("--print", action="store_true", help="draw the graph by layer")
    args = parser.parse_args()
    if not self_test():
        return 2
    edges, files = graph(pathlib.Path(args.root))
    if not files:
        print("import graph: no plugins/ under %s" % args.root, file=sys.stderr)
        return 2
    if args.print:
        for layer in LAYERS:
            print("%s/" % layer)
            for name in sorted(edges):
                if name.startswith(layer + "/"):
                    targets = sorted(target for target in edges[name][0] if target in files)
                    print("  %-28s -> %s" % (name.split("/")[1], ", ".join(targets) or "-"))
    found = problems(edges, files)
    for problem in found:
        print("import graph: %s" % problem, file=sys.stderr)
    if not found:
        print("import graph: %d files, layers kept, no cycle" % len(files))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
