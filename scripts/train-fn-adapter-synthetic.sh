#!/usr/bin/env bash
# Learned false-negative adapter of docs/RANKERS.md on a synthetic collection with planted false
# negatives: the AUC of P(false negative) against the teacher-margin baseline, then query-side
# bi-encoders trained on top-k negatives filtered by no estimator, the baseline, or the adapter.
#   usage: scripts/train-fn-adapter-synthetic.sh [WORK_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
W=${1:-foil-synthetic-large}
C=$W/collection
[[ -f $C/planted-false-negatives.tsv ]] || "$F" quickstart --work "$W" --topics 60 --queries-per-topic 20 --quiet > /dev/null
[[ -f $W/minilm/store.json ]] || "$F" encode --corpus "$C" --model minilm --max-length 128 --out "$W/minilm" --quiet
mine() { # out, extra args
  local out=$1; shift
  "$F" mine --queries "$C/queries.jsonl" --split train --index "$W/index" --dense "$W/minilm" --sources bm25,dense \
    --score-source dense --depth 200 --n 10 --seed 42 --format ids --out "$out" --quiet "$@" | head -1
}
mine "$W/train-topk.ids.jsonl" --sampler top-k
"$F" train fn-adapter --train "$W/train-topk.ids.jsonl" --data "$C" --store "$W/minilm" --out "$W/fn-adapter" \
  --epochs 5 --batch-size 512 --lr 1e-3 --seed 1 --eval-split test --quiet
mine "$W/train-teacher.ids.jsonl" --sampler top-k --fn-adapter "fn-drop(0.5)" --fn-teacher dense --fn-temperature 0.02
mine "$W/train-learned.ids.jsonl" --sampler top-k --fn-adapter "fn-drop(0.5)" --fn-teacher "$W/fn-adapter"
for f in topk teacher learned; do
  python3 -c "import json; m=json.load(open('$W/train-$f.ids.jsonl.manifest.json')); print('$f false-negative rate', m.get('false_negative_rate'))"
done
echo -e "negatives\tseed\tndcg@10(complete qrels)\tndcg@10(judged qrels)" > "$W/results.tsv"
for seed in 1 2 3; do
  for f in topk teacher learned; do
    "$F" train bi-encoder --train "$W/train-$f.ids.jsonl" --data "$C" --store "$W/minilm" --epochs 2 --seed $seed \
      --query-max-length 32 --out "$W/be-$f-$seed" --quiet > /dev/null
    "$F" search --dense "$W/minilm" --query-model "$W/be-$f-$seed" --backend exact --queries "$C/queries.jsonl" \
      --split test --k 100 --out "$W/be-$f-$seed/test.trec" --quiet > /dev/null
    a=$("$F" evaluate --qrels "$C/complete-qrels/test.tsv" --run "$W/be-$f-$seed/test.trec" --metrics ndcg@10 | tail -1 | awk '{print $3}')
    b=$("$F" evaluate --qrels "$C/qrels/test.tsv" --run "$W/be-$f-$seed/test.trec" --metrics ndcg@10 | tail -1 | awk '{print $3}')
    echo -e "$f\t$seed\t$a\t$b" >> "$W/results.tsv"
  done
done
cat "$W/results.tsv"
