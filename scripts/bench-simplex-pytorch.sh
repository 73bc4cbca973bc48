#!/usr/bin/env bash
# SimpleX epoch time, Foil against the PyTorch replica scripts/simplex-sweep.py on the same CPU (docs/BENCHMARKS.md):
# Gowalla, 1,000 shared uniform negatives, batch 512, dim 64, one epoch, alternating Foil / PyTorch REPEATS times.
# Foil's time is the sum of its steps' times (log.jsonl), PyTorch's the replica's epoch_seconds (its step loop);
# both exclude the evaluation. Foil's whole training loop (steps plus its checkpoints) is printed beside it.
# Needs Debian's python3-torch (apt-get install python3-torch). PyTorch runs with TORCH_THREADS intra-op threads
# (default: the cores), Foil with its defaults.
#   usage: scripts/bench-simplex-pytorch.sh [WORK_DIR]    (REPEATS=3; STEPS=0 for the whole epoch; FOIL=...)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
F="${FOIL:-$ROOT/bin/foil}"
DATA="${SHARED_DATA:-$ROOT/../shared/data}/gowalla"
W="${1:-foil-simplex-pytorch}"
REPEATS=${REPEATS:-3}
STEPS=${STEPS:-0}
TORCH_THREADS=${TORCH_THREADS:-$(nproc)}
mkdir -p "$W"
echo '[{"name": "simplex-1000", "n": 1000, "m": 0.9, "w": 250, "gamma": 0.8, "dropout": 0.1, "lr": 1e-3, "epochs": 1}]' \
  > "$W/config.json"
: > "$W/foil.tsv"
: > "$W/torch.tsv"
for ((r = 1; r <= REPEATS; r++)); do
  "$F" recsys train --overwrite --data "$DATA" --model simplex --negatives 1000 --negative-weight 250 --batch-size 512 \
    --dim 64 --epochs 1 --max-steps-per-epoch "$STEPS" --seed 42 --out "$W/foil" --quiet > "$W/foil.log" 2>&1
  python3 - "$W/foil/log.jsonl" "$W/foil/metrics.json" >> "$W/foil.tsv" <<'PY'
import json, sys
steps = [json.loads(l) for l in open(sys.argv[1]) if '"type":"step"' in l]
metrics = json.load(open(sys.argv[2]))
pairs = int(metrics["data"].split(" train")[0].split(", ")[-1].replace(",", ""))  # "…, 810,128 train and …"
sizes = [min(512, pairs - 512 * i) for i in range(len(steps))]  # the epoch's last step is shorter
step_seconds = sum(n / s["examples_per_s"] for n, s in zip(sizes, steps))
loop = metrics["seconds"] - metrics["metrics"]["eval_seconds"]
print(f"{step_seconds:.2f}\t{loop:.2f}")
PY
  rm -f "$W/torch.jsonl"
  OMP_NUM_THREADS=$TORCH_THREADS /usr/bin/python3 "$ROOT/scripts/simplex-sweep.py" --data "$DATA" --configs "$W/config.json" \
    --out "$W/torch.jsonl" --device cpu --max-steps "$STEPS" > "$W/torch.log" 2>&1
  python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["epoch_seconds"])' "$W/torch.jsonl" >> "$W/torch.tsv"
  echo "run $r: Foil $(tail -1 "$W/foil.tsv" | tr '\t' ' ') s, PyTorch $(tail -1 "$W/torch.tsv") s" >&2
done
python3 - "$W/foil.tsv" "$W/torch.tsv" "$TORCH_THREADS" <<'PY'
import statistics as st, sys
foil = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
torch = [float(l) for l in open(sys.argv[2])]
f, loop, t = st.median(x[0] for x in foil), st.median(x[1] for x in foil), st.median(torch)
print(f"| Foil steps | Foil loop (steps + checkpoints) | PyTorch ({sys.argv[3]} threads) | Foil / PyTorch |")
print("|---|---|---|---|")
print(f"| {f:.1f} s | {loop:.1f} s | {t:.1f} s | {f / t:.2f} (loop: {loop / t:.2f}) |")
PY
