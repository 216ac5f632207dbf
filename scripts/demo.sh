#!/usr/bin/env bash
# Set everything up, then weave the bundled demo corpus into a report.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only what the demo needs (newsweave and its web UI); scripts/test.sh adds the rest.
bash scripts/setup.sh web
mkdir -p out
# A fresh store per run: a second run (after an upload in the web UI, say) reports the
# demo corpus, not the corpus plus whatever was added since.
rm -f out/demo.db out/demo.db-wal out/demo.db-shm
set +e
.venv/bin/newsweave analyze demo/corpus --db out/demo.db \
  --json out/demo-report.json --html out/demo-report.html --md out/demo-report.md \
  --html-dir out/demo-report "$@"
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
echo "  $(pwd)/out/demo-report/index.html   (one page per story)"
echo "Store: $(pwd)/out/demo.db (recreated by every run)"
echo "Browse it: .venv/bin/newsweave serve --db out/demo.db   (then open http://127.0.0.1:8000/)"
