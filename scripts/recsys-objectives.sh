#!/usr/bin/env bash
# NBPO vs BPR vs BPO table of docs/RECSYS.md: matrix factorisation (dim 64) trained with each objective
# and its sampler, 3 seeds, on MovieLens-100K (ratings >= 4, a fixed 80/20 random split) and Gowalla
# (LightGCN split); full-ranking Recall@20 and NDCG@20, mean ± sd.
#   usage: scripts/recsys-objectives.sh [OUT_DIR]     (FOIL=... to use a frozen build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
OUT=${1:-foil-recsys-objectives}
ML_EPOCHS=${ML_EPOCHS:-30} GW_EPOCHS=${GW_EPOCHS:-10}
mkdir -p "$OUT"
echo -e "dataset\tmodel\tseed\trecall@20\tndcg@20\tseconds_per_epoch" > "$OUT/results.tsv"
for seed in 1 2 3; do
  for model in mf-bpr bpo nbpo; do
    run="$OUT/ml100k-$model-$seed"
    "$F" recsys train --data "$DATA/ml-100k" --split random:0.2:42 --model "$model" --epochs "$ML_EPOCHS" \
      --batch-size 512 --lr 0.01 --seed $seed --eval-every 0 --out "$run" --quiet > "$run.log"
    jq -r --arg m "$model" --arg s $seed '["ml-100k",$m,$s,.metrics["recall@20"],.metrics["ndcg@20"],.seconds_per_epoch]|@tsv' \
      "$run/metrics.json" >> "$OUT/results.tsv"
    run="$OUT/gowalla-$model-$seed"
    "$F" recsys train --data "$DATA/gowalla" --model "$model" --epochs "$GW_EPOCHS" --batch-size 2048 --lr 0.005 \
      --seed $seed --eval-every 0 --out "$run" --quiet > "$run.log"
    jq -r --arg m "$model" --arg s $seed '["gowalla",$m,$s,.metrics["recall@20"],.metrics["ndcg@20"],.seconds_per_epoch]|@tsv' \
      "$run/metrics.json" >> "$OUT/results.tsv"
  done
done
python3 - "$OUT/results.tsv" <<'PY'
import sys, statistics as st
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
print("| dataset | objective | Recall@20 | NDCG@20 | s/epoch |\n|---|---|---|---|---|")
for d in ("ml-100k", "gowalla"):
    for m in ("mf-bpr", "bpo", "nbpo"):
        g = [r for r in rows if r[0] == d and r[1] == m]
        if not g:
            continue
        r = [float(x[3]) for x in g]; n = [float(x[4]) for x in g]; s = [float(x[5]) for x in g]
        sd = lambda v: st.stdev(v) if len(v) > 1 else 0.0
        print(f"| {d} | {m} | {st.mean(r):.4f} ± {sd(r):.4f} | {st.mean(n):.4f} ± {sd(n):.4f} | {st.median(s):.1f} |")
PY
