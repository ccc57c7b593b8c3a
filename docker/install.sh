#!/bin/sh
# The image's install step, also run by e2e/test_image_recipe.py in a fresh virtualenv (no container engine here):
# install olapctl's runtime dependencies from the wheel built in the first stage, nothing for tests or lint.
# usage: install.sh PYTHON WHEEL_DIR
set -eu
python="$1"
wheels="$2"
"$python" -m pip install --no-cache-dir --disable-pip-version-check "$wheels"/olapctl-*.whl
"$python" -c "import olapctl.cli, olapctl.k8s.runner"
