#!/usr/bin/env bash
# SciFact bi-encoder table of docs/RANKERS.md by separate commands (`foil bench specs/scifact-samplers.yaml`
# runs the whole comparison, settings chosen on validation): samplers × seeds, query-side fine-tuning of MiniLM on
# SciFact train with negatives mined from BM25 + MiniLM pools, evaluated on SciFact test.
#   usage: scripts/train-biencoder-grid.sh BM25_INDEX MINILM_STORE [OUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
D="${SCIFACT:-$ROOT/../shared/data/scifact}"
INDEX=$1 STORE=$2 OUT=${3:-foil-biencoder-grid}
mkdir -p "$OUT"
echo -e "sampler\tseed\tndcg@10_zero_shot\tndcg@10\trecall@100\tseconds" > "$OUT/results.tsv"
for seed in 1 2 3; do
  for s in "random" "top-k" "simans-z(a=4,b=0)"; do
    name=${s%%(*}
    "$F" mine --overwrite --queries "$D/queries.jsonl" --split train --index "$INDEX" --dense "$STORE" \
      --sampler "$s" --negatives 15 --seed $seed --format ids --out "$OUT/train-$name-$seed.ids.jsonl" --quiet > "$OUT/mine-$name-$seed.log"
    "$F" train bi-encoder --overwrite --train "$OUT/train-$name-$seed.ids.jsonl" --data "$D" --store "$STORE" \
      --eval-split test --epochs 2 --seed $seed --out "$OUT/model-$name-$seed" --quiet > "$OUT/train-$name-$seed.log"
    log="$OUT/model-$name-$seed/log.jsonl"
    zero=$(grep '"step":0,' "$log" | sed 's/.*"ndcg_cut.10":\([0-9.]*\).*/\1/')
    last=$(grep '"type":"eval"' "$log" | tail -1)
    ndcg=$(echo "$last" | sed 's/.*"ndcg_cut.10":\([0-9.]*\).*/\1/')
    recall=$(echo "$last" | sed 's/.*"recall.100":\([0-9.]*\).*/\1/')
    secs=$(grep -o 'in [0-9.]* s' "$OUT/train-$name-$seed.log" | head -1 | tr -dc '0-9.')
    echo -e "$name\t$seed\t$zero\t$ndcg\t$recall\t$secs" >> "$OUT/results.tsv"
  done
done
python3 - "$OUT/results.tsv" <<'PY'
import sys, statistics as st
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
print("zero-shot nDCG@10", rows[0][2])
for name in dict.fromkeys(r[0] for r in rows):
    n = [float(r[3]) for r in rows if r[0] == name]; rc = [float(r[4]) for r in rows if r[0] == name]
    print(f"| {name} | {st.mean(n):.4f} ± {st.stdev(n):.4f} | {st.mean(rc):.4f} ± {st.stdev(rc):.4f} |")
PY
