#!/usr/bin/env bash
# Compares `foil evaluate --per-query` with the real trec_eval 9.0.4 on the same run and qrels, for
# every query and every metric Foil shares with trec_eval. trec_eval's binary is taken from Anserini's
# fat jar on Maven Central (io.anserini:anserini:0.39.0:fatjar, 200 MB, downloaded once into ~/.m2).
#   usage: scripts/trec-eval-parity.sh QRELS RUN
set -euo pipefail
QRELS=$1 RUN=$2
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
JAR="$HOME/.m2/repository/io/anserini/anserini/0.39.0/anserini-0.39.0-fatjar.jar"
[[ -f "$JAR" ]] || mvn -B -q dependency:get -Dartifact=io.anserini:anserini:0.39.0:jar:fatjar >&2
(cd "$WORK" && unzip -q -o "$JAR" trec_eval/trec_eval-linux-amd64 && chmod +x trec_eval/trec_eval-linux-amd64)
TE="$WORK/trec_eval/trec_eval-linux-amd64"

# trec_eval wants TREC-format qrels; BEIR's have a header and three columns.
if [[ "$(head -1 "$QRELS" | cut -f3)" =~ ^-?[0-9]+$ ]] && [[ "$(head -1 "$QRELS" | awk '{print NF}')" == 4 ]]; then
  cp "$QRELS" "$WORK/qrels"
else
  tail -n +2 "$QRELS" | awk -F'\t' '{print $1" 0 "$2" "$3}' > "$WORK/qrels"
fi

"$TE" -c -q -m ndcg_cut.10,100 -m recall.10,100,1000 -m map -m map_cut.10 -m P.10 -m recip_rank -m ndcg \
    "$WORK/qrels" "$RUN" | awk '$1 != "runid" && $1 !~ /^num_/ {print $1"\t"$2"\t"$3}' | sort > "$WORK/trec_eval.txt"
"$ROOT/bin/foil" evaluate --qrels "$QRELS" --run "$RUN" --per-query \
    --metrics ndcg@10,ndcg@100,recall@10,recall@100,recall@1000,map,map@10,p@10,rr,ndcg 2>/dev/null \
  | awk -F'\t' '$1 !~ /^queries/ {m=$1; gsub(/ /,"",m); sub(/ndcg@/,"ndcg_cut_",m); sub(/recall@/,"recall_",m);
      sub(/map@/,"map_cut_",m); sub(/p@/,"P_",m); if (m=="rr") m="recip_rank"; print m"\t"$2"\t"$3}' \
  | sort > "$WORK/foil.txt"

n=$(wc -l < "$WORK/trec_eval.txt")
if diff "$WORK/trec_eval.txt" "$WORK/foil.txt" > "$WORK/diff"; then
  echo "identical: $n values (10 metrics x queries + means) agree with trec_eval to all 4 printed decimals"
  grep -P '\tall\t' "$WORK/foil.txt"
else
  echo "DIFFERENT: $(grep -c '^<' "$WORK/diff") of $n values differ:"; head -20 "$WORK/diff"; exit 1
fi
