#!/usr/bin/env bash
# Many tenants on one node: start-up time, heap after GC, threads, routes and store connections of the service with
# N idle connectors (default 500), on SQLite and on PostgreSQL (a real server from Maven), with and without the CDS
# archive, each first start TENANTS_REPEAT times (3), and a restart on PostgreSQL. Usage: bench/tenants.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/identity-sync.jar ] && [ -d target/test-classes/io/identitysync/bench ] || mvn -B -ntp -q package -DskipTests
[ -f target/test.classpath ] || mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
java -Dtenants.repeat="${TENANTS_REPEAT:-3}" -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.identitysync.bench.TenantsBench "${1:-500}"
