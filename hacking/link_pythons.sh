#!/usr/bin/env bash
# Link the real interpreters of Python 3.9 to 3.14 found (pyenv's or on the PATH) as pythonX.Y into one directory
# and print it: ansible-test sanity runs compile and import on each module Python it finds on the PATH, and
# pyenv's shims of inactive versions do not run.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 1
PYENV_ROOT="${PYENV_ROOT:-$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")}"
pythons="$PWD/.build/pythons"
mkdir -p "$pythons"
for minor in 3.9 3.10 3.11 3.12 3.13 3.14; do
    found="$(find "$PYENV_ROOT/versions" -maxdepth 3 -path "*/versions/$minor*/bin/python$minor" 2>/dev/null | sort | tail -1)"
    found="${found:-$(command -v "python$minor" || true)}"
    [ -n "$found" ] && ln -sf "$found" "$pythons/python$minor"
done
echo "$pythons"
