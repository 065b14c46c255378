#!/usr/bin/env bash
# Sync benchmark against the loopback simulators: fetch floor vs the real jar (--once, -Xmx256m), then Teamtailor
# with its rate limit on; the first, no-change and 1% cases again on PostgreSQL. Prints one table. Not part of `mvn test`.
#
#   bench/run.sh                       # 10,000 and 100,000 users, 20 ms per request, 1,500 Teamtailor users
#   bench/run.sh --sizes=200 --teamtailor-users=100     # the smoke run CI does
#   options: --sizes=N[,N…] --latency-ms=20 --teamtailor-users=1500 --xmx=256m --postgresql=false --every-resource=false
set -euo pipefail
cd "$(dirname "$0")/.."
# The harness lives with the tests (target/test-classes), not in the product jar it measures.
[ -f target/identity-sync.jar ] && [ -d target/test-classes/io/identitysync/bench ] || mvn -B -ntp -q package -DskipTests
# The PostgreSQL cases start a real server from its Maven artifact: the test classpath has it.
[ -f target/test.classpath ] || mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/test-classes:target/identity-sync.jar:$(cat target/test.classpath)" io.identitysync.bench.SyncBench "$@"
