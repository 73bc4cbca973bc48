#!/usr/bin/env bash
# NBPO vs BPR vs BPO table of docs/RECSYS.md: matrix factorisation (dim 64, L2 1e-4) trained with each
# objective and its sampler on MovieLens-100K (ratings >= 4, a fixed 80/20 random split) and Gowalla
# (LightGCN split).
#   1. tuning, without the test set: each objective's learning rate and negatives per positive are
#      chosen on a validation split (10 % of each user's training interactions, seed 7), seed 1, by
#      NDCG@20; the rate grids reach past each objective's best on both sides, the counts (1, 4, 16) do not:
#      16 won everywhere (docs/RECSYS.md);
#   2. the chosen setting of each objective trained on the whole training set with seeds 1–3 and
#      evaluated on the test set: full-ranking Recall@20 and NDCG@20, mean ± sd;
#   3. for sensitivity only (nothing is chosen from it), each objective's runner-up validation setting
#      the same way, to show how much the comparison depends on which of two close settings won.
#   usage: scripts/recsys-objectives.sh [OUT_DIR]     (FOIL=... to use a frozen build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
OUT=${1:-foil-recsys-objectives}
ML_LRS=${ML_LRS:-"0.001 0.002 0.005 0.01"} GW_LRS=${GW_LRS:-"0.002 0.005 0.01 0.02"} NEGS=${NEGS:-"1 4 16"}
mkdir -p "$OUT"

. "$ROOT/scripts/recsys-datasets.sh"   # args DATASET: its path and fixed options
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

# rank-th best validation NDCG@20 of an objective → "lr negatives"
setting() {
  awk -F'\t' -v d=$1 -v m=$2 'NR>1 && $1==d && $2==m {print $7"\t"$4" "$5}' "$OUT/tuning.tsv" \
    | sort -t$'\t' -k1,1gr | sed -n "$3p" | cut -f2
}
for phase in results:1 runner-up:2; do
  file="$OUT/${phase%%:*}.tsv"
  echo -e "$header" > "$file"
  for d in ml-100k gowalla; do
    for model in mf-bpr bpo nbpo; do
      read -r lr n < <(setting $d $model ${phase##*:})
      for seed in 1 2 3; do
        run="$OUT/$d-$model-lr$lr-n$n-$seed"
        [ -f "$run/metrics.json" ] || "$F" recsys train $(args $d) --model "$model" --lr "$lr" --negatives "$n" \
          --seed $seed --eval-every 0 --out "$run" --quiet > "$run.log"
        row $d $model $seed $lr $n "$run" >> "$file"
      done
    done
  done
done

python3 - "$OUT/tuning.tsv" "$OUT/results.tsv" "$OUT/runner-up.tsv" <<'PY'
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
sd = lambda v: st.stdev(v) if len(v) > 1 else 0.0
for title, res in (("the chosen setting", res), ("the runner-up setting (sensitivity; nothing chosen from it)", rows(sys.argv[3]))):
    print(f"\nTest, {title}, seeds 1–3 (mean ± sd):\n")
    print("| dataset | objective | lr | negatives | Recall@20 | NDCG@20 | s/epoch |\n|---|---|---|---|---|---|---|")
    for d in ("ml-100k", "gowalla"):
        for m in ("mf-bpr", "bpo", "nbpo"):
            g = [r for r in res if r[0] == d and r[1] == m]
            if not g:
                continue
            r = [float(x[5]) for x in g]; n = [float(x[6]) for x in g]; s = [float(x[7]) for x in g]
            print(f"| {d} | {m} | {g[0][3]} | {g[0][4]} | {st.mean(r):.4f} ± {sd(r):.4f} | {st.mean(n):.4f} ± {sd(n):.4f} | {st.median(s):.1f} |")
PY
