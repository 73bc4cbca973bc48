#!/usr/bin/env bash
# Runs the JMH benchmarks in samplers/src/test/java/dev/foil/samplers/bench (JMH arguments pass through).
#   usage: scripts/jmh.sh [JMH ARGS]      e.g. scripts/jmh.sh SamplingBenchmark.simansStage
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B -q -Dstyle.color=never -pl samplers -am install -DskipTests >&2
CPFILE="$(mktemp)"; trap 'rm -f "$CPFILE"' EXIT
mvn -B -q -Dstyle.color=never -pl samplers dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CPFILE" >&2
CP="$(cat "$CPFILE")"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "samplers/target/test-classes:samplers/target/classes:$CP" \
  org.openjdk.jmh.Main "$@"
