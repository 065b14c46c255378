#!/usr/bin/env bash
# A fleet: N tenants (default 500) of P people (200) on three node processes sharing one real PostgreSQL (a server
# from Maven), for several schedule periods (3) of FLEET_PERIOD seconds (60; divides 60, or whole minutes dividing an
# hour) after FLEET_WARMUP periods (1) for the tenants' first syncs, one node killed (SIGKILL) mid-period:
# fire→start p50/p95/max, each node's share of the runs, heap/threads/connections, failover, runs late or doubled,
# whether every tenant ran in every period, and each node's start time with N connectors.
# Usage: bench/fleet.sh [tenants] [people] [periods] [--key=value ...]   (the keys go to every node)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/identity-sync.jar ] && [ -f target/test-classes/io/identitysync/bench/FleetBench.class ] && [ -z "$(find src pom.xml -newer target/identity-sync.jar -print -quit)" ] || mvn -B -ntp -q package -DskipTests
[ -f target/test.classpath ] || mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
java -Dfleet.period="${FLEET_PERIOD:-60}" -Dfleet.warmup="${FLEET_WARMUP:-1}" -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
  io.identitysync.bench.FleetBench "${1:-500}" "${2:-200}" "${3:-3}" "${@:4}"
