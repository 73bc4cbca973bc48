#!/usr/bin/env bash
# The bi-encoder queue's teacher on SciFact (docs/RANKERS.md, issue 23): trains the learned false-negative
# adapter on the top-k pools of SciFact train (the mining of specs/scifact-queue.yaml, seed 1), then runs
# specs/scifact-queue-teacher.yaml, whose variants read the adapter from
# bench-results/scifact-queue-teacher-adapter. Run from the repository root after
#   bin/foil bench specs/scifact-queue.yaml --out bench-results/scifact-queue
# which supplies the mined set and the MiniLM store. About 25 minutes on 2 cores.
#   usage: scripts/bench-queue-teacher.sh [QUEUE_RESULTS] [OUT]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
F="${FOIL:-$ROOT/bin/foil}"
D="${SCIFACT:-$ROOT/../shared/data/scifact}"
Q=${1:-bench-results/scifact-queue} OUT=${2:-bench-results/scifact-queue-teacher}
ADAPTER=bench-results/scifact-queue-teacher-adapter
"$F" train fn-adapter --overwrite --train "$Q/steps/mine-top-k-seed-1/mined.jsonl" --data "$D" \
  --store "$Q/steps/encode/store" --out "$ADAPTER" --epochs 5 --batch-size 512 --lr 1e-3 --seed 1
"$F" bench specs/scifact-queue-teacher.yaml --out "$OUT"
