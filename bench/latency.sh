#!/usr/bin/env bash
# Change → outgoing webhook latency with Factorial's webhooks in: p50 and p99 over C changes (default 100) against a
# company of N people (default 100,000), then a change whose webhook is lost. Usage: bench/latency.sh [N] [C]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/identity-sync.jar ] && [ -d target/test-classes/io/identitysync/bench ] || mvn -B -ntp -q package -DskipTests
java -cp target/test-classes:target/identity-sync.jar io.identitysync.bench.LatencyBench "${1:-100000}" "${2:-100}"
