#!/usr/bin/env bash
# Create or reuse the project's virtualenv (.venv), installing the pinned stack from constraints.txt.
# The environment is cached outside the checkout, keyed by the hash of the files that decide what it holds, so a
# fresh clone with unchanged constraints reuses it; .venv is a link to it. The editable install of fasttsc is
# refreshed on every call so the link always serves this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
key=$(cat constraints.txt settings.ini setup.py | sha256sum | cut -c1-16)
env_dir="${FASTTSC_VENV_CACHE:-$HOME/.cache/fasttsc/venvs}/$key"
quiet() { "$@" 2>&1 | { grep -v '^WARNING: Location' || true; }; return "${PIPESTATUS[0]}"; }
if [ ! -f "$env_dir/.complete" ]; then
  echo "installing the pinned stack into $env_dir (first time for these constraints: a few minutes)"
  start=$(date +%s)
  rm -rf "$env_dir"; mkdir -p "$(dirname "$env_dir")"
  "$PYTHON" -m venv "$env_dir"
  quiet "$env_dir/bin/pip" install -q -c constraints.txt torch==2.13.0
  quiet "$env_dir/bin/pip" install -q -c constraints.txt -e ".[dev]"
  touch "$env_dir/.complete"
  echo "installed in $(( $(date +%s) - start ))s"
fi
if [ -e .venv ] && [ ! -L .venv ]; then rm -rf .venv; fi
ln -sfn "$env_dir" .venv
quiet .venv/bin/pip install -q --no-deps --no-build-isolation -c constraints.txt -e .
