#!/usr/bin/env bash
# NBPO against BPR under noisy implicit feedback (docs/RECSYS.md, "Robustness to false positives"): matrix
# factorisation (dim 64, L2 1e-4, 16 negatives per positive) on MovieLens-100K (ratings >= 4, a fixed
# 80/20 random split, batch 512, 30 epochs) and Gowalla (LightGCN split, batch 2048, 10 epochs), with
# x = 0, 10, 20, 40 % of each user's training interactions replaced by random items the user has neither
# in training nor in test (`foil recsys train --noise x:11`: the same noisy log for every run; the test
# stays clean).
#   1. for each dataset, noise level and objective, the learning rate is chosen on a validation split
#      (10 % of each user's noisy training interactions, seed 7; the test is not read), seed 1, by NDCG@20;
#   2. the chosen rate is trained on the whole noisy training set with seeds 1-3 and evaluated on the test.
#   usage: scripts/recsys-noise.sh [OUT_DIR]   (DATASETS="ml-100k gowalla" NOISE="0 0.1 0.2 0.4"; FOIL=... to
#          use a frozen build). About 8 minutes for ml-100k and 85 minutes for gowalla on 2 cores
#          (42 min for NOISE="0 0.4").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
OUT=${1:-foil-recsys-noise}
DATASETS=${DATASETS:-"ml-100k gowalla"} NOISE=${NOISE:-"0 0.1 0.2 0.4"} SEEDS=${SEEDS:-"1 2 3"}
mkdir -p "$OUT"
. "$ROOT/scripts/recsys-datasets.sh"   # args DATASET: its path and fixed options
lrs() { case $1 in ml-100k) echo "0.001 0.002 0.005" ;; gowalla) echo "0.005 0.01 0.02" ;; esac; }
row() { # dataset noise model seed lr run-dir → one TSV line
  jq -r --arg d "$1" --arg x "$2" --arg m "$3" --arg s "$4" --arg l "$5" \
    '[$d,$x,$m,$s,$l,.metrics["recall@20"],.metrics["ndcg@20"],.seconds_per_epoch]|@tsv' "$6/metrics.json"
}
header="dataset\tnoise\tmodel\tseed\tlr\trecall@20\tndcg@20\tseconds_per_epoch"
[ -f "$OUT/tuning.tsv" ] || echo -e "$header" > "$OUT/tuning.tsv"
[ -f "$OUT/results.tsv" ] || echo -e "$header" > "$OUT/results.tsv"

for d in $DATASETS; do
  for x in $NOISE; do
    for model in mf-bpr nbpo; do
      for lr in $(lrs $d); do
        run="$OUT/tune-$d-x$x-$model-lr$lr"
        if [ ! -f "$run/metrics.json" ]; then
          "$F" recsys train --overwrite $(args $d) --noise "$x:11" --validation random:0.1:7 --model "$model" --lr "$lr" \
            --negatives 16 --seed 1 --eval-every 0 --out "$run" --quiet > "$run.log"
          row $d $x $model 1 $lr "$run" >> "$OUT/tuning.tsv"
        fi
      done
      lr=$(awk -F'\t' -v d=$d -v x=$x -v m=$model 'NR>1 && $1==d && $2==x && $3==m {print $7"\t"$5}' \
        "$OUT/tuning.tsv" | sort -t$'\t' -k1,1gr | head -1 | cut -f2)
      for seed in $SEEDS; do
        run="$OUT/$d-x$x-$model-lr$lr-$seed"
        if [ ! -f "$run/metrics.json" ]; then
          "$F" recsys train --overwrite $(args $d) --noise "$x:11" --model "$model" --lr "$lr" --negatives 16 --seed $seed \
            --eval-every 0 --out "$run" --quiet > "$run.log"
          row $d $x $model $seed $lr "$run" >> "$OUT/results.tsv"
        fi
      done
    done
  done
done

python3 - "$OUT/tuning.tsv" "$OUT/results.tsv" <<'PY'
import sys, statistics as st
def rows(f): return [l.rstrip('\n').split('\t') for l in open(f)][1:]
tune, res = rows(sys.argv[1]), rows(sys.argv[2])
sd = lambda v: st.stdev(v) if len(v) > 1 else 0.0
print("Test (clean), each objective at its validation-chosen learning rate, seeds 1-3, mean ± sd:\n")
print("| dataset | noise | BPR lr | BPR NDCG@20 | NBPO lr | NBPO NDCG@20 | NBPO − BPR | BPR Recall@20 | NBPO Recall@20 |")
print("|---|---|---|---|---|---|---|---|---|")
for d in ("ml-100k", "gowalla"):
    for x in sorted({r[1] for r in res if r[0] == d}, key=float):
        cell = {}
        for m in ("mf-bpr", "nbpo"):
            g = [r for r in res if r[0] == d and r[1] == x and r[2] == m]
            if g:
                cell[m] = (g[0][4], [float(r[6]) for r in g], [float(r[5]) for r in g])
        if len(cell) < 2:
            continue
        (lb, nb, rb), (ln, nn, rn) = cell["mf-bpr"], cell["nbpo"]
        print(f"| {d} | {float(x):.0%} | {lb} | {st.mean(nb):.4f} ± {sd(nb):.4f} | {ln} | {st.mean(nn):.4f} ± {sd(nn):.4f}"
              f" | {st.mean(nn) - st.mean(nb):+.4f} | {st.mean(rb):.4f} ± {sd(rb):.4f} | {st.mean(rn):.4f} ± {sd(rn):.4f} |")
print("\nValidation NDCG@20 (seed 1; noisy validation items) by learning rate:\n")
print("| dataset | noise | objective | " + " | ".join(f"lr {i + 1}" for i in range(3)) + " |\n|---|---|---|---|---|---|")
for r in sorted({(r[0], r[1], r[2]) for r in tune}, key=lambda k: (k[0], float(k[1]), k[2])):
    v = [(x[4], float(x[6])) for x in tune if (x[0], x[1], x[2]) == r]
    best = max(n for _, n in v)
    print(f"| {r[0]} | {float(r[1]):.0%} | {r[2]} | " + " | ".join(("**%s: %.4f**" if n == best else "%s: %.4f") % (l, n) for l, n in v) + " |")
PY
