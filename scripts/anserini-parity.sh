#!/usr/bin/env bash
# Runs Anserini 0.39.0 itself (its fat jar from Maven Central, 200 MB, fetched once into ~/.m2) on a
# BEIR dataset's test split with its BEIR "flat" regression settings, runs Foil on the same data, and
# compares the two runs ranked list by ranked list. Foil never depends on Anserini; this is a check.
#   usage: scripts/anserini-parity.sh [DATASET_DIR]      (default: ../shared/data/scifact)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$(cd "${1:-$ROOT/../shared/data/scifact}" && pwd)"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$HOME/.m2/repository/io/anserini/anserini/0.39.0/anserini-0.39.0-fatjar.jar"
[[ -f "$JAR" ]] || mvn -B -q dependency:get -Dartifact=io.anserini:anserini:0.39.0:jar:fatjar >&2

mkdir -p "$WORK/corpus" && ln -s "$DATA/corpus.jsonl" "$WORK/corpus/corpus.jsonl"
# Anserini's TsvString topics: the test queries as id<TAB>text.
tail -n +2 "$DATA/qrels/test.tsv" | cut -f1 | sort -u > "$WORK/test.ids"
"$JAVA" -cp "$JAR" io.anserini.index.IndexCollection -collection BeirFlatCollection -input "$WORK/corpus" \
  -index "$WORK/anserini-index" -generator DefaultLuceneDocumentGenerator -threads 1 \
  -storePositions -storeDocvectors -storeRaw > "$WORK/anserini-index.log" 2>&1
python3 - "$DATA/queries.jsonl" "$WORK/test.ids" > "$WORK/topics.tsv" <<'PY'
import json, sys
ids = set(open(sys.argv[2]).read().split())
for line in open(sys.argv[1], encoding="utf-8"):
    q = json.loads(line)
    if q["_id"] in ids:
        print(q["_id"] + "\t" + " ".join(q["text"].split()))
PY
"$JAVA" -cp "$JAR" io.anserini.search.SearchCollection -index "$WORK/anserini-index" -topics "$WORK/topics.tsv" \
  -topicReader TsvString -output "$WORK/anserini.trec" -bm25 -removeQuery -hits 1000 > "$WORK/anserini-search.log" 2>&1

"$ROOT/bin/foil" index --corpus "$DATA" --index "$WORK/foil-index" --quiet
"$ROOT/bin/foil" search --overwrite --index "$WORK/foil-index" --queries "$DATA/queries.jsonl" --split test --k 1000 \
  --exclude-self --out "$WORK/foil.trec" --quiet

python3 - "$WORK/anserini.trec" "$WORK/foil.trec" <<'PY'
import sys
def load(p):
    r = {}
    for line in open(p):
        q, _, d, _, s, _ = line.split()
        r.setdefault(q, []).append((d, float(s)))
    return r
a, f = load(sys.argv[1]), load(sys.argv[2])
same = sum(1 for q in a if [d for d, _ in a[q]] == [d for d, _ in f.get(q, [])])
diff = max((abs(dict(f[q]).get(d, s) - s) for q in a for d, s in a[q]), default=0)
print(f"queries: anserini {len(a)}, foil {len(f)}; identical ranked lists: {same}; "
      f"max |score difference| {diff:.1e} (Anserini prints scores with 4 decimals)")
sys.exit(0 if same == len(a) == len(f) else 1)
PY
