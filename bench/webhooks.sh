#!/usr/bin/env bash
# Webhook delivery throughput: N events (default 10000) from the outbox to E loopback receivers (default 1), in order each.
# Usage: bench/webhooks.sh [N] [E]     (builds the jar when it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
# The harness lives with the tests (target/test-classes), not in the product jar it measures.
[ -f target/identity-sync.jar ] && [ -d target/test-classes/io/identitysync/bench ] || mvn -B -ntp -q package -DskipTests
java -cp target/test-classes:target/identity-sync.jar io.identitysync.bench.WebhookBench "${1:-10000}" "${2:-1}"
