#!/usr/bin/env bash
# Times `foil index` and `foil search --k 1000` on a BEIR dataset, N runs each, and prints the median
# of the times the commands report themselves (in-process, JVM start-up excluded).
#   usage: scripts/bench-bm25.sh [DATASET_DIR] [RUNS]      (defaults: ../shared/data/scifact, 5)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${1:-$ROOT/../shared/data/scifact}"
RUNS="${2:-5}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
"$ROOT/bin/foil" --version >/dev/null 2>&1   # build once, outside the timings

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for i in $(seq "$RUNS"); do
  "$ROOT/bin/foil" index --corpus "$DATA" --index "$WORK/index" --overwrite --quiet \
    | sed -n 's/.* in \([0-9.]*\) s$/\1/p' >> "$WORK/index.times"
  "$ROOT/bin/foil" search --overwrite --index "$WORK/index" --queries "$DATA/queries.jsonl" --split test --k 1000 \
      --out "$WORK/run.trec" --quiet \
    | sed -n 's/.* in \([0-9.]*\) s (.*/\1/p' >> "$WORK/search.times"
done
echo "dataset: $DATA  runs: $RUNS  cores: $(nproc)  cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "index  (s): median $(median < "$WORK/index.times")  all: $(paste -sd' ' "$WORK/index.times")"
echo "search (s): median $(median < "$WORK/search.times")  all: $(paste -sd' ' "$WORK/search.times")  ($(sort -u "$WORK/run.trec" | cut -d' ' -f1 | sort -u | wc -l) queries, k=1000)"
