#!/bin/sh
# The image's install step, also run by e2e/test_image_recipe.py in a fresh virtualenv (no container engine here):
# olapctl's runtime dependencies exactly as requirements.lock pins them (versions and file hashes, wheels only: no
# build step, so two builds a month apart hold the same files), then the wheel built in the first stage without
# resolving anything; nothing for tests or lint, and not the embedded engine (chdb, the `embedded` extra).
# usage: install.sh PYTHON WHEEL_DIR LOCK_FILE
set -eu
python="$1"
wheels="$2"
lock="$3"
pip() { "$python" -m pip --no-cache-dir --disable-pip-version-check "$@"; }
pip install --require-hashes --no-deps --only-binary=:all: -r "$lock"
pip install --no-deps "$wheels"/olapctl-*.whl
pip check  # the lock holds every dependency olapctl's metadata asks for, at versions it accepts
"$python" -c "import olapctl.cli, olapctl.k8s.runner"
