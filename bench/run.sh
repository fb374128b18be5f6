#!/usr/bin/env bash
# Builds wagate and runs every benchmark; prints the table and writes BENCHMARKS.md and
# docs/benchmarks.svg in the repository root. Pass --quick for a few minutes' run.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
exec java -jar "$PWD/benchmarks/target/wagate-benchmarks.jar" "$@"
