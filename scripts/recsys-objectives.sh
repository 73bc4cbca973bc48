#!/usr/bin/env bash
# NBPO vs BPR vs BPO table of docs/RECSYS.md: matrix factorisation (dim 64, L2 1e-4) trained with each
# objective and its sampler on MovieLens-100K (ratings >= 4, a fixed 80/20 random split) and Gowalla
# (LightGCN split).
#   1. tuning, without the test set: each objective's learning rate and negatives per positive are
#      chosen on a validation split (10 % of each user's training interactions, seed 7), seed 1, by
#      NDCG@20; the rate grids reach past each objective's best on both sides;
#   2. the chosen setting of each objective trained on the whole training set with seeds 1–3 and
#      evaluated on the test set: full-ranking Recall@20 and NDCG@20, mean ± sd.
#   usage: scripts/recsys-objectives.sh [OUT_DIR]     (FOIL=... to use a frozen build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
OUT=${1:-foil-recsys-objectives}
ML_LRS=${ML_LRS:-"0.001 0.002 0.005 0.01"} GW_LRS=${GW_LRS:-"0.002 0.005 0.01 0.02"} NEGS=${NEGS:-"1 4"}
mkdir -p "$OUT"

# dataset name → data path and fixed options
args() {
  case $1 in
    ml-100k) echo "--data $DATA/ml-100k --split random:0.2:42 --epochs 30 --batch-size 512" ;;
    gowalla) echo "--data $DATA/gowalla --epochs 10 --batch-size 2048" ;;
  esac
}
row() { # dataset model seed lr negatives run-dir → one TSV line
  jq -r --arg d "$1" --arg m "$2" --arg s "$3" --arg l "$4" --arg n "$5" \
    '[$d,$m,$s,$l,$n,.metrics["recall@20"],.metrics["ndcg@20"],.seconds_per_epoch]|@tsv' "$6/metrics.json"
}
header="dataset\tmodel\tseed\tlr\tnegatives\trecall@20\tndcg@20\tseconds_per_epoch"

echo -e "$header" > "$OUT/tuning.tsv"
for d in ml-100k gowalla; do
  for model in mf-bpr bpo nbpo; do
    lrs=$ML_LRS; [ $d = gowalla ] && lrs=$GW_LRS
    for lr in $lrs; do
      for n in $NEGS; do
        run="$OUT/tune-$d-$model-lr$lr-n$n"
        [ -f "$run/metrics.json" ] || "$F" recsys train $(args $d) --validation random:0.1:7 --model "$model" \
          --lr "$lr" --negatives "$n" --seed 1 --eval-every 0 --out "$run" --quiet > "$run.log"
        row $d $model 1 $lr $n "$run" >> "$OUT/tuning.tsv"
      done
    done
  done
done

echo -e "$header" > "$OUT/results.tsv"
for d in ml-100k gowalla; do
  for model in mf-bpr bpo nbpo; do
    # the setting with the best validation NDCG@20
    read -r lr n < <(awk -F'\t' -v d=$d -v m=$model 'NR>1 && $1==d && $2==m && $7>best {best=$7; s=$4" "$5} END {print s}' "$OUT/tuning.tsv")
    for seed in 1 2 3; do
      run="$OUT/$d-$model-lr$lr-n$n-$seed"
      [ -f "$run/metrics.json" ] || "$F" recsys train $(args $d) --model "$model" --lr "$lr" --negatives "$n" \
        --seed $seed --eval-every 0 --out "$run" --quiet > "$run.log"
      row $d $model $seed $lr $n "$run" >> "$OUT/results.tsv"
    done
  done
done

python3 - "$OUT/tuning.tsv" "$OUT/results.tsv" <<'PY'
import sys, statistics as st
def rows(f): return [l.rstrip('\n').split('\t') for l in open(f)][1:]
tune, res = rows(sys.argv[1]), rows(sys.argv[2])
print("Validation NDCG@20 (seed 1) by learning rate × negatives per positive:")
for d in ("ml-100k", "gowalla"):
    settings = sorted({(r[3], r[4]) for r in tune if r[0] == d}, key=lambda s: (float(s[0]), int(s[1])))
    print(f"\n| {d} | " + " | ".join(f"lr {l}, {n} neg" for l, n in settings) + " |")
    print("|---|" + "---|" * len(settings))
    for m in ("mf-bpr", "bpo", "nbpo"):
        v = {(r[3], r[4]): float(r[6]) for r in tune if r[0] == d and r[1] == m}
        if v:
            best = max(v.values())
            print(f"| {m} | " + " | ".join(("**%.4f**" if v.get(s) == best else "%.4f") % v.get(s, float('nan')) for s in settings) + " |")
print("\nTest, the chosen setting, seeds 1–3 (mean ± sd):\n")
print("| dataset | objective | lr | negatives | Recall@20 | NDCG@20 | s/epoch |\n|---|---|---|---|---|---|---|")
for d in ("ml-100k", "gowalla"):
    for m in ("mf-bpr", "bpo", "nbpo"):
        g = [r for r in res if r[0] == d and r[1] == m]
        if not g:
            continue
        r = [float(x[5]) for x in g]; n = [float(x[6]) for x in g]; s = [float(x[7]) for x in g]
        sd = lambda v: st.stdev(v) if len(v) > 1 else 0.0
        print(f"| {d} | {m} | {g[0][3]} | {g[0][4]} | {st.mean(r):.4f} ± {sd(r):.4f} | {st.mean(n):.4f} ± {sd(n):.4f} | {st.median(s):.1f} |")
PY
