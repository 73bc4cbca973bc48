#!/usr/bin/env bash
# Training beside another job (docs/BENCHMARKS.md, "Beside a second job"): each training kind runs alone, then
# as two copies at once, REPEATS times each, with Foil's defaults (no --threads, no OMP_*/OPENBLAS_* variables).
# Prints, per kind, the median wall seconds of a run alone and of a run beside its copy, and their ratio; on a
# machine where one run alone keeps every core busy, 2.0 is the fair share. The text models train on a synthetic
# collection made here (MiniLM from the langchain4j jar, no download), the recommenders on Gowalla.
#   usage: scripts/bench-contention.sh [WORK_DIR]
#   FOIL=... another build; REPEATS=3; KINDS="bi-encoder reranker mf-bpr simplex" (also: encode, ONNX Runtime
#   encoding the synthetic corpus into a new store); SHARED_DATA=../shared/data
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
DATA="${SHARED_DATA:-$ROOT/../shared/data}"
W="${1:-foil-contention}"
REPEATS=${REPEATS:-3}
KINDS=${KINDS:-"bi-encoder reranker mf-bpr simplex"}
unset OMP_WAIT_POLICY OMP_NUM_THREADS GOMP_SPINCOUNT OPENBLAS_NUM_THREADS MKL_NUM_THREADS
mkdir -p "$W"

if [[ ! -f "$W/train.ids.jsonl" ]]; then
  "$F" generate --overwrite --out "$W/data" --quiet
  "$F" index --overwrite --corpus "$W/data/corpus.jsonl" --index "$W/bm25" --quiet
  "$F" encode --corpus "$W/data/corpus.jsonl" --max-length 128 --out "$W/store" --quiet
  "$F" mine --overwrite --queries "$W/data/queries.jsonl" --split train --index "$W/bm25" --dense "$W/store" \
    --sampler top-k --negatives 7 --seed 1 --format ids --out "$W/all.ids.jsonl" --quiet
  head -n 96 "$W/all.ids.jsonl" > "$W/train.ids.jsonl"
fi

job() { # KIND OUT: one training run of KIND writing OUT
  case $1 in
    bi-encoder) "$F" train bi-encoder --overwrite --train "$W/train.ids.jsonl" --data "$W/data" --store "$W/store" \
                  --epochs 2 --batch-size 16 --seed 1 --out "$2" --quiet ;;
    reranker)   "$F" train reranker --overwrite --train "$W/train.ids.jsonl" --data "$W/data" --max-length 128 \
                  --negatives 3 --groups-per-step 4 --epochs 1 --seed 1 --out "$2" --quiet ;;
    mf-bpr)     "$F" recsys train --overwrite --data "$DATA/gowalla" --model mf-bpr --negatives 16 --epochs 1 \
                  --max-steps-per-epoch 300 --seed 1 --out "$2" --quiet ;;
    encode)     rm -rf "$2"; "$F" encode --corpus "$W/data/corpus.jsonl" --max-length 128 --out "$2" --quiet ;;
    simplex)    "$F" recsys train --overwrite --data "$DATA/gowalla" --model simplex --negatives 1000 --batch-size 512 \
                  --dim 64 --epochs 1 --max-steps-per-epoch 100 --seed 1 --out "$2" --quiet ;;
  esac
}

timed() { # KIND OUT FILE: appends the run's wall seconds to FILE
  local t0 t1
  t0=$(date +%s.%N)
  job "$1" "$2" > "$2.log" 2>&1 || { echo "failed: $1, see $2.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc >> "$3"
}

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| training | alone, s | beside a copy, s | ratio |"
echo "|---|---|---|---|"
for kind in $KINDS; do
  rm -f "$W/$kind.alone" "$W/$kind.pair"
  for ((r = 1; r <= REPEATS; r++)); do
    timed "$kind" "$W/$kind-a" "$W/$kind.alone"
    timed "$kind" "$W/$kind-b" "$W/$kind.pair" & b=$!
    timed "$kind" "$W/$kind-c" "$W/$kind.pair" & c=$!
    wait $b && wait $c
  done
  a=$(median "$W/$kind.alone") p=$(median "$W/$kind.pair")
  printf "| %s | %.1f | %.1f | %.2f× |\n" "$kind" "$a" "$p" "$(echo "$p / $a" | bc -l)"
done
