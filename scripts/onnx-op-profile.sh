#!/usr/bin/env bash
# Where MiniLM's time goes in ONNX Runtime, by operator type, on one thread (docs/BENCHMARKS.md, encoding).
#   usage: scripts/onnx-op-profile.sh [BATCH] [TOKENS] [RUNS]      (defaults: 4 256 30)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
"$ROOT/bin/foil" --version >/dev/null 2>&1   # builds the command line and its lib/ when needed
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$ROOT/cli/target/foil-cli.jar:$ROOT/cli/target/lib/*" \
  "$ROOT/scripts/OnnxOpProfile.java" "${1:-4}" "${2:-256}" "${3:-30}" "$WORK/ort" 2>/dev/null | head -1
python3 - "$WORK"/ort*.json <<'PY'
import collections, json, sys
time = collections.Counter()
for event in json.load(open(sys.argv[1])):
    if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
        time[event["args"]["op_name"]] += event["dur"]
total = sum(time.values())
for op, t in time.most_common():
    if t / total >= 0.001:
        print(f"{op:24s} {100 * t / total:5.1f} %")
PY
