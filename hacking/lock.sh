#!/usr/bin/env bash
# make lock: regenerate the lock files under constraints/ with pip-compile (pip-tools), every dependency,
# transitive ones included, at one exact version, so that a fresh machine next month installs what passed today.
#   constraints/dev.txt                 requirements-dev.txt on the Python of .venv (make demo, make test)
#   constraints/ansible-core-X.txt      each claimed ansible-core with the unit and sanity tools (hacking/test_matrix.sh)
# Run it on purpose (a dependency to move), then make test, and commit the lock files with what they made pass.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
PIP_TOOLS="pip-tools==7.7.0"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

compile() {  # interpreter, output, input file
    local venv
    venv="$work/venv-$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    [ -x "$venv/bin/pip-compile" ] || { "$1" -m venv "$venv" && "$venv/bin/pip" install -q "$PIP_TOOLS"; }
    # Run where the input is, so that the header names requirements-dev.txt and not a temporary path.
    (cd "$(dirname "$3")" && "$venv/bin/pip-compile" --quiet --strip-extras --allow-unsafe --no-emit-index-url \
        --no-emit-find-links --no-emit-trusted-host --no-header --output-file "$2" "$(basename "$3")")
    echo "locked $(grep -c '==' "$2") packages in $2"
}

python_for() {
    bash hacking/link_pythons.sh > /dev/null
    echo "$PWD/.build/pythons/python$1"
}

compile "$(make -s print-python)" "$PWD/constraints/dev.txt" "$PWD/requirements-dev.txt"
# shellcheck source=hacking/matrix.sh
source hacking/matrix.sh
for entry in "${MATRIX[@]}"; do
    read -r version python <<< "$entry"
    { echo "ansible-core==$version"; matrix_tools; } > "$work/ansible-core-$version.in"
    compile "$(python_for "$python")" "$PWD/constraints/ansible-core-$version.txt" "$work/ansible-core-$version.in"
done
