#!/usr/bin/env bash
# wagate on this machine, with only a JDK 17+ installed: builds the project (the Maven wrapper
# fetches Maven and the dependencies) and runs the local stack with its scripted demo. Options are
# passed on, e.g. ./run-local.sh --no-demo; ./run-local.sh --help lists them. Ctrl-C stops it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

./mvnw -B -q package -DskipTests
exec java -jar local/target/wagate-local.jar "$@"
