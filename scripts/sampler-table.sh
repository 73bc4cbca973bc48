#!/usr/bin/env bash
# False-negative rate and hardness of each sampler on the quickstart's synthetic collection, whose
# planted false negatives (relevant but unjudged documents) are known. Every sampler mines the train
# queries from the same pool (BM25 top-200 + MiniLM top-200), with BM25 scores as reference.
#   usage: scripts/sampler-table.sh [WORK_DIR]      (default: foil-quickstart, made by `bin/foil quickstart`)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
W="${1:-foil-quickstart}"
C="$W/collection"
[[ -f "$C/planted-false-negatives.tsv" ]] || "$ROOT/bin/foil" quickstart --out "$W" --quiet >/dev/null
[[ -f "$W/minilm/store.json" ]] || "$ROOT/bin/foil" encode --corpus "$C" --model minilm --max-length 128 --out "$W/minilm" --quiet
OUT="$W/mined"; mkdir -p "$OUT"
row() { # label, extra args...
  local label=$1; shift
  "$ROOT/bin/foil" mine --overwrite --queries "$C/queries.jsonl" --split train --index "$W/index" --dense "$W/minilm" \
    --sources bm25,dense --score-source bm25 --depth 200 --negatives 10 --seed 42 --format ids \
    --out "$OUT/$label.jsonl" --quiet "$@" >/dev/null 2>&1
  python3 - "$OUT/$label.jsonl.manifest.json" "$label" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); c = m["counts"]
n = c["negatives"]; b = c["rankBuckets"]
print(f"| {sys.argv[2]} | {m['false_negative_rate']:.3f} | {c['plantedMined']} / {n} | {c['gap']['mean']:.2f} | "
      f"{b[0] / n:.2f} | {c['topUps']} |")
PY
}
echo "| sampler | false-negative rate | planted mined / negatives | mean gap s⁺ − s (BM25) | share from BM25 top-10 | top-ups |"
echo "|---|---|---|---|---|---|"
row "random" --sampler random
row "top-k" --sampler top-k
row "window(10,100)" --sampler "window(10,100)"
row "relative-margin(0.05)" --sampler "relative-margin(0.05)"
row "absolute-margin(1)" --sampler "absolute-margin(1)"
row "simans(a=0.5,b=0)" --sampler "simans(a=0.5,b=0)"
row "simans-z(a=4,b=0) (default)" --sampler "simans-z(a=4,b=0)"
row "simans-laplace(tau=1)" --sampler "simans-laplace(tau=1)"
row "quota(bm25=5,dense=5)" --sampler "quota(bm25=5,dense=5)"
row "top-k + teacher filter" --sampler top-k --fn-adapter "fn-drop(0.5)" --fn-teacher dense --fn-temperature 0.02
row "simans + teacher filter" --sampler "simans(a=0.5,b=0)" --fn-adapter "fn-drop(0.5)" --fn-teacher dense --fn-temperature 0.02
