#!/usr/bin/env bash
# Set everything up, then run the test suite (and the linters).
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests need more than the demo: the eval extra (baselines), dev tools, Playwright.
bash scripts/setup.sh web,eval,dev,dask
# The browser tests drive Debian's Chromium (never a downloaded browser build).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing and cannot be installed here: browser tests will skip." >&2
  fi
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy
set +e
# Two worker processes (pytest-xdist), whole modules per worker so that module and
# session fixtures (a live server, a built store) are made once; NEWSWEAVE_TEST_WORKERS=0
# runs in one process. The slowest tests are listed at the end.
.venv/bin/python -m pytest -q -n "${NEWSWEAVE_TEST_WORKERS:-2}" --dist loadfile \
  --durations=15 "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests (exit 5): nothing to run." >&2
  exit 0
fi
exit "$status"
