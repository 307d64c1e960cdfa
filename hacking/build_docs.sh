#!/usr/bin/env bash
# make docs: the collection's HTML docsite (modules, roles, filter, and the guides in docs/docsite/rst/),
# built with antsibull-docs and Sphinx into .build/docsite/build/html/.
# Offline, Sphinx cannot fetch docs.ansible.com's inventory, so links into the Ansible docs stay
# unresolved (labels, and ansible-core's ANSIBLE_* variables that the inventory cache options name);
# any other warning (a broken link of our own, bad RST) fails the build.
set -euo pipefail
site="$1"
rm -rf "$site" && mkdir -p "$(dirname "$site")" && mkdir -m 700 "$site"   # antsibull-docs refuses a directory others can write
antsibull-docs sphinx-init --use-current --dest-dir "$site" arubacentral.troubleshooting > /dev/null
cd "$site"
chmod 700 rst
antsibull-docs --config-file antsibull-docs.cfg collection --cleanup everything --fail-on-error --use-current \
    --dest-dir rst arubacentral.troubleshooting > /dev/null
sphinx-build -M html rst build -c . -q 2> warnings.log || { cat warnings.log; exit 1; }
if grep "WARNING" warnings.log \
        | grep -v -P "failed to reach any of the inventories|undefined label: '(?!ansible_collections\.arubacentral)" \
        | grep -v -P "'envvar' reference target not found: ANSIBLE_"; then
    echo "the docsite has warnings of its own (above)" >&2
    exit 1
fi
ls build/html/collections/arubacentral/troubleshooting/docsite/guide_*.html > /dev/null
echo "docsite: $site/build/html/index.html"
