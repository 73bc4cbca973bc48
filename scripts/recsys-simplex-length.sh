#!/usr/bin/env bash
# SimpleX on Gowalla: the schedule length (epochs of linear lr decay) chosen on a validation split of the
# training set (10 % of each user's training items, `random:0.1:7`; the test is not read), otherwise the
# settings of scripts/recsys-simplex-gowalla.sh. The length with the higher validation NDCG@20 is the one
# that script runs on the test. Each length is its own run (the decay depends on it); ~45 + 58 min on 2 cores.
#   usage: scripts/recsys-simplex-length.sh [OUT_DIR] [EPOCHS...]   (default 77 99; FOIL=... to use a frozen build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
OUT=${1:-foil-simplex-length}
shift || true
if [ $# -gt 0 ]; then LENGTHS=("$@"); else LENGTHS=(77 99); fi
mkdir -p "$OUT"
printf '| epochs | Recall@20 | NDCG@20 | s/epoch |\n|---|---|---|---|\n'
for E in "${LENGTHS[@]}"; do
  RUN="$OUT/e$E"
  [ -f "$RUN/metrics.json" ] || "$F" recsys train --data "$DATA/gowalla" --validation random:0.1:7 --model simplex \
    --sampler 'large-ratio(shared=true)' --negatives 2000 --margin 0.9 --negative-weight 400 --gamma 0.8 --dim 64 \
    --batch-size 512 --lr 1e-3 --epochs "$E" --eval-every 11 --seed 42 --out "$RUN" --quiet > "$RUN.log" 2>&1
  jq -r --arg e "$E" '"| \($e) | \(.metrics["recall@20"]*10000|round/10000) | \(.metrics["ndcg@20"]*10000|round/10000) | \(.seconds_per_epoch*10|round/10) |"' "$RUN/metrics.json"
done
