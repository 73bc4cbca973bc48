#!/usr/bin/env bash
# BM25 cost against corpus size (docs/SCALE.md): for each size, a synthetic collection of 100 topics with
# 20 queries each (2,000 queries, about 1,000 of them train) and SIZE documents, then `foil index` (wall time,
# peak RSS), `foil mine` of the train queries (BM25, depth 200, SimANS, 15 negatives; wall, peak RSS,
# queries/s), and the same mining as the Spark job in local[2] against single-process (foil-spark bench).
# Usage: scripts/scale-bm25.sh WORK SIZE...   e.g. scripts/scale-bm25.sh /tmp/scale 10000 100000 300000 1000000
# Prints one tab-separated row per size and step.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$1"; shift
mkdir -p "$WORK"
export FOIL_JAVA_OPTS="${FOIL_JAVA_OPTS:--Xmx12g}"
timed() { # label, command...: prints label, wall seconds, peak RSS MB
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$WORK/.time" "$@" > "$WORK/.out" 2>&1 || { cat "$WORK/.out" >&2; exit 1; }
  read -r wall rss < "$WORK/.time"
  printf "%s\t%s s\t%d MB\n" "$label" "$wall" "$((rss / 1024))"
}
for size in "$@"; do
  dpt=$(( (size * 100 / 105 + 99) / 100 ))   # documents per topic before 5 % near-duplicates
  c="$WORK/c$size"
  timed "$size generate" "$ROOT/bin/foil" generate --topics 100 --queries-per-topic 20 --docs-per-topic "$dpt" \
      --seed 1 --out "$c" --overwrite
  docs=$(wc -l < "$c/corpus.jsonl")
  timed "$size index ($docs docs)" "$ROOT/bin/foil" index --corpus "$c" --index "$c.bm25" --overwrite --quiet
  timed "$size mine" "$ROOT/bin/foil" mine --overwrite --queries "$c/queries.jsonl" --split train --index "$c.bm25" \
      --out "$c.mined.jsonl" --quiet
  grep -m1 "^mined" "$WORK/.out" | sed "s/^/$size\t/"
  "$ROOT/bin/foil-spark" bench --master 'local[2]' --queries "$c/queries.jsonl" --split train --index "$c.bm25" \
      --out "$c.sparkbench" --repeats 3 2>/dev/null | grep "^median" | sed "s/^/$size spark\t/"
done
