#!/usr/bin/env bash
# SciFact reranker of docs/RANKERS.md: a MiniLM cross-encoder trained listwise on SciFact train (negatives
# mined by SimANS from BM25 + MiniLM pools; 2 epochs), then the BM25 top-100 of the test queries reranked
# by the cross-encoder alone and by ½ z(cross-encoder) + ½ z(BM25). About 40 minutes on 2 cores.
#   usage: scripts/train-reranker-scifact.sh BM25_INDEX MINILM_STORE [OUT_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
D="${SCIFACT:-$ROOT/../shared/data/scifact}"
INDEX=$1 STORE=$2 OUT=${3:-foil-reranker}
mkdir -p "$OUT"
"$F" mine --overwrite --queries "$D/queries.jsonl" --split train --index "$INDEX" --dense "$STORE" --sampler 'simans(a=1,b=0)' \
  --negatives 15 --seed 1 --format ids --out "$OUT/train-simans.ids.jsonl" --quiet
"$F" train reranker --overwrite --train "$OUT/train-simans.ids.jsonl" --data "$D" --out "$OUT/model" \
  --max-length ${LEN:-256} --negatives ${NEG:-3} --groups-per-step 4 --epochs ${EPOCHS:-2} --lr ${LR:-4e-5} --seed 1 --quiet
"$F" search --overwrite --index "$INDEX" --queries "$D/queries.jsonl" --split test --k 100 --out "$OUT/bm25-test-100.trec" --quiet
"$F" rerank --overwrite --run "$OUT/bm25-test-100.trec" --model "$OUT/model" --data "$D" --k 100 --out "$OUT/rerank-test.trec" --quiet
"$F" rerank --overwrite --run "$OUT/bm25-test-100.trec" --model "$OUT/model" --data "$D" --k 100 --interpolate 0.5 \
  --out "$OUT/rerank-interp-test.trec" --quiet
for run in bm25-test-100 rerank-test rerank-interp-test; do
  echo "$run"; "$F" evaluate --qrels "$D/qrels/test.tsv" --run "$OUT/$run.trec" --metrics ndcg@10,recall@100 | tail -2
done
