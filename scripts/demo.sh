#!/usr/bin/env bash
# Set everything up, then weave the bundled demo corpus into a report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
set +e
.venv/bin/newsweave analyze demo/corpus --db out/demo.db \
  --json out/demo-report.json --html out/demo-report.html --md out/demo-report.md "$@"
status=$?
set -e
# Exit 3 means "done, but some inputs were rejected": the demo corpus has a few
# deliberately bad files (demo/corpus/zz_bad) to show how they are reported.
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  exit "$status"
fi
echo
echo "Report written to:"
echo "  $(pwd)/out/demo-report.html   (open in a browser)"
echo "  $(pwd)/out/demo-report.json   (machine-readable: docs/report.md)"
echo "  $(pwd)/out/demo-report.md"
echo "Store: $(pwd)/out/demo.db  (try: .venv/bin/newsweave search strike --db out/demo.db)"
