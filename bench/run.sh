#!/usr/bin/env bash
# Sync benchmark against the loopback simulators: fetch floor vs the real jar (--once, -Xmx256m), then Teamtailor
# with its rate limit on. Prints one table. Not part of `mvn test`.
#
#   bench/run.sh                       # 10,000 and 100,000 users, 20 ms per request, 1,500 Teamtailor users
#   bench/run.sh --sizes=200 --teamtailor-users=100     # the smoke run CI does
#   options: --sizes=N[,N…] --latency-ms=20 --teamtailor-users=1500 --xmx=256m
set -euo pipefail
cd "$(dirname "$0")/.."
# The harness lives with the tests (target/test-classes), not in the product jar it measures.
[ -f target/identity-sync.jar ] && [ -d target/test-classes/io/identitysync/bench ] || mvn -B -ntp -q package -DskipTests
exec java -cp target/test-classes:target/identity-sync.jar io.identitysync.bench.SyncBench "$@"
