#!/usr/bin/env bash
# The Galaxy / Automation Hub import pipeline on the built tarball: galaxy-importer (pinned in
# requirements-dev.txt) with ansible-doc, ansible-lint, flake8, the changelog and required-tag checks and the
# certification rule "version 1.0.0 or greater" on. Any error or warning it prints fails. Its --docker
# ansible-test step cannot run here: make test's sanity runs (newest and oldest ansible-core) stand in for it.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/src"
ansible-galaxy collection build --output-path "$work" "$work/src" > /dev/null
tarball="$(find "$work" -maxdepth 1 -name 'arubacentral-troubleshooting-*.tar.gz')"

export GALAXY_IMPORTER_RUN_ANSIBLE_DOC=true GALAXY_IMPORTER_RUN_ANSIBLE_LINT=true GALAXY_IMPORTER_RUN_FLAKE8=true
export GALAXY_IMPORTER_CHECK_CHANGELOG=true GALAXY_IMPORTER_CHECK_REQUIRED_TAGS=true
export GALAXY_IMPORTER_REQUIRE_V1_OR_GREATER=true GALAXY_IMPORTER_RUN_ANSIBLE_TEST=false
export GALAXY_IMPORTER_TMP_ROOT_DIR="$work" GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP="$work/ansible-tmp"
log="$work/importer.log"
# Run where it may leave its importer_result.json: the temporary folder, not the checkout.
if ! (cd "$work" && python -m galaxy_importer.main "$tarball") > "$log" 2>&1; then
    cat "$log"; echo "galaxy-importer failed on $(basename "$tarball")" >&2; exit 1
fi
# The importer reports linter and documentation findings as WARNING/ERROR lines but still exits 0.
if grep -E "^(WARNING|ERROR)|: (WARNING|ERROR):" "$log"; then
    echo "galaxy-importer printed the findings above on $(basename "$tarball")" >&2; exit 1
fi
tail -n 5 "$log"
echo "galaxy-importer: $(basename "$tarball") imports with no error or warning"
