#!/usr/bin/env bash
# The whole test suite: package in sync with the notebooks, clean notebooks, README in sync, nbdev_test, pytest.
# `tools/test.sh slow` runs every notebook cell including the slow ones (real data, long training) and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${FASTTSC_DATA:-}" ] && [ -d ../shared/data ]; then export FASTTSC_DATA="$(cd ../shared/data && pwd)"; fi
export MPLBACKEND=Agg
# two notebooks run at once on two cores: one thread each avoids OpenMP oversubscription (10x slowdowns seen)
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
B=.venv/bin
snapshot() { find "$@" -type f \( -name '*.py' -o -name '*.ipynb' \) -print0 | sort -z | xargs -0 sha256sum; }
n_nbs=$(find nbs -name '*.ipynb' -not -path '*/.*' -not -name '_*' | wc -l)

if [ "${1:-}" = slow ]; then
  echo "== nbdev_test, slow cells (two notebooks at once, one thread each)"
  $B/nbdev_test --flags slow --do_print --n_workers 2 2>&1 | tee /tmp/fasttsc-nbdev-slow.log
  echo "== pytest, every test including the slow ones (two workers of one thread each)"
  $B/pytest tests/ -q --runslow -n 2 -p no:cacheprovider --durations=10
  exit 0
fi

echo "== nbdev_export leaves fasttsc/ as committed"
before=$(snapshot fasttsc); $B/nbdev_export; after=$(snapshot fasttsc)
if [ "$before" != "$after" ]; then echo "FAIL: nbdev_export changed fasttsc/: export the notebooks and commit both"; exit 1; fi
echo "== notebooks are clean"
before=$(snapshot nbs); $B/nbdev_clean; after=$(snapshot nbs)
if [ "$before" != "$after" ]; then echo "FAIL: nbdev_clean changed nbs/: run nbdev_clean and commit"; exit 1; fi
echo "== README.md is generated from nbs/index.ipynb"
$B/python tools/make_readme.py --check
echo "== nbdev_test ($n_nbs notebooks)"
log=$(mktemp)
$B/nbdev_test --do_print --n_workers 2 2>&1 | tee "$log"
done_nbs=$(grep -o 'Completed [^ ]*\.ipynb' "$log" | sort -u | wc -l)   # two workers may print on one line
if [ "$done_nbs" -lt "$n_nbs" ] || [ "$n_nbs" -eq 0 ]; then echo "FAIL: nbdev_test completed $done_nbs of $n_nbs notebooks"; exit 1; fi
echo "nbdev_test: $done_nbs notebooks passed"
echo "== pytest"
$B/pytest tests/ -q
