#!/usr/bin/env bash
# make test-matrix: on every ansible-core the collection claims (meta/runtime.yml: >=2.16), each in its own
# virtualenv on a Python its controller supports, and on the content of the built tarball: ansible-test sanity
# (every test it has, shellcheck included, compile and import on each module Python found: tests/config.yml),
# the unit tests, and one integration target (inventory_plugin: the plugin with hostile device names, then the
# ready reachability playbook with its roles, action plugins and filters).
# Arguments: ansible-core versions to run (default: all of MATRIX). Prints a table; fails if any failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
top="$PWD"
PYENV_ROOT="${PYENV_ROOT:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")}"

# shellcheck source=hacking/matrix.sh
source hacking/matrix.sh
mapfile -t tools < <(matrix_tools)

python_for() {
    local found
    found="$(find "$PYENV_ROOT/versions" -maxdepth 3 -path "*/versions/$1*/bin/python$1" 2>/dev/null | sort | tail -1)"
    echo "${found:-$(command -v "python$1")}"
}

pythons="$(bash hacking/link_pythons.sh)"

# One tarball for every version: what Galaxy users install is what is tested.
mkdir -p "$top/.build/matrix"
tarball_dir="$(mktemp -d)"
trap 'rm -rf "$tarball_dir"' EXIT
# Built from the files git knows (tracked, or untracked and not ignored), as make collection copies them.
mkdir -p "$tarball_dir/src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$tarball_dir/src"
"$top/.venv/bin/ansible-galaxy" collection build --output-path "$tarball_dir" "$tarball_dir/src" \
    > "$top/.build/matrix/build.log" 2>&1 || { cat "$top/.build/matrix/build.log"; exit 1; }
tarball="$(find "$tarball_dir" -name 'arubacentral-troubleshooting-*.tar.gz' | head -1)"

wanted=("$@")
rows=()
failed=0
for entry in "${MATRIX[@]}"; do
    read -r version python <<< "$entry"
    if [ "${#wanted[@]}" -gt 0 ] && [[ ! " ${wanted[*]} " == *" $version "* ]]; then
        continue
    fi
    interpreter="$(python_for "$python")"
    [ -n "$interpreter" ] || { rows+=("$version $python no-python - - -"); failed=1; continue; }
    venv="$top/.venv-matrix/$version"
    log="$top/.build/matrix/$version.log"
    : > "$log"
    if [ ! "$venv/.installed" -nt "constraints/ansible-core-$version.txt" ]; then
        rm -rf "$venv"
        if { "$interpreter" -m venv "$venv" \
                && "$venv/bin/python" -m pip install -q --disable-pip-version-check \
                    -c "constraints/ansible-core-$version.txt" "ansible-core==$version" "${tools[@]}" \
                && "$venv/bin/python" hacking/get_pip_offline.py; } >> "$log" 2>&1; then
            touch "$venv/.installed"
        else
            rows+=("$version $python install-failed - - -"); failed=1; continue
        fi
    fi
    root="$top/.build/matrix/$version"
    collection="$root/ansible_collections/arubacentral/troubleshooting"
    rm -rf "$root" && mkdir -p "$collection"
    tar -xzf "$tarball" -C "$collection"
    # ansible-test lists the files through git.
    (cd "$collection" && git init -q && git add -A)
    results=()
    for suite in "sanity" "units --python $python" "integration inventory_plugin --python $python"; do
        started=$SECONDS
        # shellcheck disable=SC2086  # the suite is words on purpose
        if (cd "$collection" && PATH="$venv/bin:$pythons:$PATH" ANSIBLE_COLLECTIONS_PATH="$root" \
                ansible-test $suite --color no) >> "$log" 2>&1; then
            results+=("pass($((SECONDS - started))s)")
        else
            results+=("FAIL($((SECONDS - started))s)")
            failed=1
        fi
    done
    rows+=("$version $python ok ${results[*]}")
done

printf '\n%-14s %-8s %-8s %-12s %-12s %-24s\n' "ansible-core" "python" "venv" "sanity" "units" \
    "integration inventory_plugin"
for row in "${rows[@]}"; do
    read -r version python venv sanity units integration <<< "$row"
    printf '%-14s %-8s %-8s %-12s %-12s %-24s\n' "$version" "$python" "$venv" "$sanity" "$units" "$integration"
done
echo "logs: .build/matrix/<version>.log"
exit "$failed"
