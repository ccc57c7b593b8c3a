#!/bin/sh
# Regenerates requirements.lock, the operator image's runtime dependencies (pyproject.toml's `dependencies`, no
# extras: no chdb, nothing for tests) at exact versions with the hashes of their files, resolved for the image's
# platform (Linux x86_64, glibc 2.36 as in python:3.11-slim-bookworm, Python 3.11). docker/install.sh installs
# exactly these with --require-hashes, so two builds a month apart hold the same dependencies.
# usage (from anywhere): sh docker/lock.sh           uv comes from PyPI into a throwaway virtualenv when not on PATH
set -eu
cd "$(dirname "$0")/.."
uv="$(command -v uv || true)"
if [ -z "$uv" ]; then
  tools=$(mktemp -d "${TMPDIR:-/tmp}/olapctl-lock.XXXXXX")
  trap 'rm -rf "$tools"' EXIT
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check uv
  uv="$tools/bin/uv"
fi
"$uv" pip compile pyproject.toml --quiet --no-header --generate-hashes --python-version 3.11 \
  --python-platform x86_64-manylinux_2_36 -o requirements.lock.new
{
  echo "# The operator image's runtime dependencies, pinned with hashes (docker/install.sh: pip install"
  echo "# --require-hashes --no-deps -r requirements.lock). Regenerate after changing pyproject.toml's dependencies:"
  echo "#    sh docker/lock.sh"
  echo "# which runs: uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \\"
  echo "#    --python-platform x86_64-manylinux_2_36   (Linux x86_64 as in python:3.11-slim-bookworm; no extras)"
  cat requirements.lock.new
} > requirements.lock
rm requirements.lock.new
