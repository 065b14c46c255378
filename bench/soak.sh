#!/usr/bin/env bash
# A year of runs every 30 minutes through the real store layer with the default retention: the store file, its rows
# and the export folder, month by month, and whether they stayed bounded. Usage: bench/soak.sh [days] [people]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/identity-sync.jar ] && [ -d target/test-classes/io/identitysync/bench ] || mvn -B -ntp -q package -DskipTests
[ -f target/test.classpath ] || mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.identitysync.bench.SoakBench "${1:-365}" "${2:-200}"
