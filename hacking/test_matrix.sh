#!/usr/bin/env bash
# make test-matrix: unit tests and one integration target (inventory_plugin: the plugin, then the ready
# reachability playbook with its roles, action plugin and filters) on every ansible-core the collection
# claims (meta/runtime.yml: >=2.16), each in its own virtualenv on a Python its controller supports.
# Arguments: ansible-core versions to run (default: all of MATRIX). Prints a table; fails if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
top="$PWD"
PYENV_ROOT="${PYENV_ROOT:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")}"

# ansible-core version, then the controller Python used for it.
MATRIX=(
    "2.16.19 3.12"
    "2.17.14 3.12"
    "2.18.19 3.13"
    "2.19.14 3.13"
    "2.20.10 3.13"
    "2.21.5 3.13"
)
# The test tools pinned for make test, minus those that need the newest ansible-core.
tools="$(grep -E '^(requests|pytest|pytest-mock|pytest-xdist|mock|responses)==' requirements-dev.txt)"

python_for() {
    local found
    found="$(ls -d "$PYENV_ROOT"/versions/"$1"*/bin/python"$1" 2>/dev/null | tail -1)"
    echo "${found:-$(command -v "python$1")}"
}

wanted=("$@")
rows=()
failed=0
for entry in "${MATRIX[@]}"; do
    read -r version python <<< "$entry"
    if [ "${#wanted[@]}" -gt 0 ] && [[ ! " ${wanted[*]} " =~ " $version " ]]; then
        continue
    fi
    interpreter="$(python_for "$python")"
    [ -n "$interpreter" ] || { rows+=("$version $python no-python - -"); failed=1; continue; }
    venv="$top/.venv-matrix/$version"
    log="$top/.build/matrix/$version.log"
    mkdir -p "$top/.build/matrix" && : > "$log"
    if [ ! -e "$venv/.installed" ]; then
        rm -rf "$venv"
        { "$interpreter" -m venv "$venv" \
            && "$venv/bin/python" -m pip install -q --disable-pip-version-check "ansible-core==$version" $tools \
            && "$venv/bin/python" hacking/get_pip_offline.py; } >> "$log" 2>&1 \
            && touch "$venv/.installed" \
            || { rows+=("$version $python install-failed - -"); failed=1; continue; }
    fi
    root="$top/.build/matrix/$version"
    collection="$root/ansible_collections/arubacentral/troubleshooting"
    rm -rf "$root" && mkdir -p "$collection"
    git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$collection"
    (cd "$collection" && git init -q && git add -A)
    results=()
    for suite in "units" "integration inventory_plugin"; do
        started=$SECONDS
        if (cd "$collection" && PATH="$venv/bin:$PATH" ANSIBLE_COLLECTIONS_PATH="$root" \
                ansible-test $suite --python "$python" --color no) >> "$log" 2>&1; then
            results+=("pass($((SECONDS - started))s)")
        else
            results+=("FAIL($((SECONDS - started))s)")
            failed=1
        fi
    done
    rows+=("$version $python ok ${results[*]}")
done

printf '\n%-14s %-8s %-8s %-12s %-24s\n' "ansible-core" "python" "venv" "units" "integration inventory_plugin"
for row in "${rows[@]}"; do
    read -r version python venv units integration <<< "$row"
    printf '%-14s %-8s %-8s %-12s %-24s\n' "$version" "$python" "$venv" "$units" "$integration"
done
echo "logs: .build/matrix/<version>.log"
exit "$failed"
