#!/usr/bin/env bash
# Learned false-negative adapter of docs/RANKERS.md on a synthetic collection with planted false
# negatives: the AUC of P(false negative) against the teacher-margin baseline, and the share of planted
# false negatives among top-k negatives filtered by no estimator, the baseline, or the adapter.
#   usage: scripts/train-fn-adapter-synthetic.sh [WORK_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
W=${1:-foil-synthetic-large}
C=$W/collection
[[ -f $C/planted-false-negatives.tsv ]] || "$F" quickstart --out "$W" --topics 60 --queries-per-topic 20 --quiet > /dev/null
[[ -f $W/minilm/store.json ]] || "$F" encode --corpus "$C" --model minilm --max-length 128 --out "$W/minilm" --quiet
mine() { # out, extra args
  local out=$1; shift
  "$F" mine --overwrite --queries "$C/queries.jsonl" --split train --index "$W/index" --dense "$W/minilm" --sources bm25,dense \
    --score-source dense --depth 200 --negatives 10 --seed 42 --format ids --out "$out" --quiet "$@" | head -1
}
mine "$W/train-topk.ids.jsonl" --sampler top-k
"$F" train fn-adapter --overwrite --train "$W/train-topk.ids.jsonl" --data "$C" --store "$W/minilm" --out "$W/fn-adapter" \
  --epochs 5 --batch-size 512 --lr 1e-3 --seed 1 --eval-split test --quiet
mine "$W/train-teacher.ids.jsonl" --sampler top-k --fn-adapter "fn-drop(0.5)" --fn-teacher dense --fn-temperature 0.02
mine "$W/train-learned.ids.jsonl" --sampler top-k --fn-adapter "fn-drop(0.5)" --fn-teacher "$W/fn-adapter"
for f in topk teacher learned; do
  python3 -c "import json; m=json.load(open('$W/train-$f.ids.jsonl.manifest.json')); print('$f false-negative rate', m.get('false_negative_rate'))"
done
