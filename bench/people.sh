#!/usr/bin/env bash
# What the per-person decision record costs: a first sync of N seeded people (default 10,000) into SQLite, then the
# rows and bytes of person_decisions, the worst case (a decision for everyone) and people show / list times.
#   bench/people.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/identity-sync.jar ] && [ -d target/test-classes/io/identitysync/bench ] || mvn -B -ntp -q package -DskipTests
[ -f target/test.classpath ] || mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/test-classes:target/identity-sync.jar:$(cat target/test.classpath)" io.identitysync.bench.PeopleBench "$@"
