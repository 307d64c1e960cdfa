# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Install an offline stand-in for the get-pip script that ansible-test downloads.

ansible-test bootstraps pip in each sanity virtualenv with get-pip.py fetched from a
host this network cannot reach. It first looks in ~/.ansible/test/cache/get_pip_<ver>.py;
this script writes a stand-in there: pip from the interpreter's own ensurepip, then
upgraded to the requested version from the package index.
"""

import os
import re
import sys

STAND_IN = '''"""Stand-in for get-pip.py written by hacking/get_pip_offline.py."""
import subprocess
import sys

GET_PIP_ONLY_FLAGS = {"--no-setuptools", "--no-wheel"}
subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
requested = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_FLAGS]
subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "--upgrade"] + requested)
'''


def main():
    import ansible_test

    source = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    with open(source) as handle:
        version = re.search(r"pip='([0-9.]+)'", handle.read()).group(1)
    target = os.path.expanduser("~/.ansible/test/cache/get_pip_%s.py" % version.replace(".", "_"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w") as handle:
        handle.write(STAND_IN)
    print("pip %s bootstrap stand-in: %s" % (version, target))


if __name__ == "__main__":
    sys.exit(main())
