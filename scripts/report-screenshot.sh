#!/usr/bin/env bash
# Loads a report.html in headless Chromium and saves a full-page screenshot, to check that the page
# renders with every chart (the report is self-contained: no network, no other files).
#   usage: scripts/report-screenshot.sh RESULTS_DIR [OUT.png]     (needs Debian's chromium package)
set -euo pipefail
DIR=$(cd "$1" && pwd)
OUT=${2:-$DIR/report-screenshot.png}
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
# Tall enough for the whole page: about 520 px per chart plus the tables.
CHARTS=$(grep -o 'data:image/png;base64' "$DIR/report.html" | wc -l)
HEIGHT=$(( 1200 + 520 * CHARTS ))
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$PROFILE" --hide-scrollbars \
  --window-size=1100,$HEIGHT --screenshot="$OUT" "file://$DIR/report.html" 2>/dev/null
echo "$CHARTS charts embedded; screenshot $OUT (1100 x $HEIGHT)"
