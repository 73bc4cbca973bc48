#!/usr/bin/env bash
# SciFact training with the false-negative-aware variants of top-k against plain top-k (docs/RANKERS.md):
# the learned adapter is trained on top-k negatives' pools and CET's selection model on the train pools;
# then top-k negatives are mined plainly, with fn-reweight (weight × (1 − P(false negative))) under the
# teacher-margin estimate and under the learned adapter, and with CET weights, and the query-side
# bi-encoder is trained on each set, seeds 1–3. About 15 minutes on 2 cores.
#   usage: scripts/train-fn-adapter-scifact.sh BM25_INDEX MINILM_STORE [OUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
D="${SCIFACT:-$ROOT/../shared/data/scifact}"
INDEX=$1 STORE=$2 OUT=${3:-foil-fn-adapter-scifact}
mkdir -p "$OUT"
mine() { # out, extra args
  local out=$1; shift
  "$F" mine --overwrite --queries "$D/queries.jsonl" --split train --index "$INDEX" --dense "$STORE" --sources bm25,dense \
    --depth 200 --sampler top-k --negatives 15 --format ids --pool-cache "$OUT/pools" --out "$out" --quiet "$@" > /dev/null
}
mine "$OUT/topk-1.jsonl" --seed 1
"$F" train fn-adapter --overwrite --train "$OUT/topk-1.jsonl" --data "$D" --store "$STORE" --out "$OUT/adapter" \
  --epochs 5 --batch-size 512 --lr 1e-3 --seed 1 --quiet
[ -d "$OUT/cet" ] || "$F" train cet --queries "$D/queries.jsonl" --split train --index "$INDEX" --dense "$STORE" \
  --depth 100 --out "$OUT/cet" --quiet > /dev/null
echo -e "estimate\tseed\tndcg@10\trecall@100"
for seed in 1 2 3; do
  for est in none teacher learned cet; do
    case $est in
      none) T=() ;;
      teacher) T=(--fn-adapter fn-reweight --fn-teacher dense --fn-temperature 0.05) ;;
      learned) T=(--fn-adapter fn-reweight --fn-teacher "$OUT/adapter") ;;
      cet) T=(--cet "$OUT/cet") ;;
    esac
    mine "$OUT/$est-$seed.jsonl" --seed $seed "${T[@]}"
    "$F" train bi-encoder --overwrite --train "$OUT/$est-$seed.jsonl" --data "$D" --store "$STORE" --seed $seed --epochs 2 \
      --eval-split test --out "$OUT/model-$est-$seed" --quiet > /dev/null
    last=$(grep '"type":"eval"' "$OUT/model-$est-$seed/log.jsonl" | tail -1)
    echo -e "$est\t$seed\t$(echo "$last" | sed 's/.*"ndcg_cut.10":\([0-9.]*\).*/\1/')\t$(echo "$last" | sed 's/.*"recall.100":\([0-9.]*\).*/\1/')"
  done
done
