#!/usr/bin/env bash
# The image's class-data-sharing archive, made by the image's own JVM at the image's own paths: a dynamic archive only
# maps when the JVM build, the jar's path, its size and its modification time are those it was made with. So the
# packaged jar is put where the image has it (/opt/identity-sync), dated as Jib dates every file (1 s after the epoch),
# and a training start runs in the base's root file system (chroot, in a user namespace when not root): start-up,
# routes, the first request, a failure, as the jar's own archive is trained (pom.xml, class-data-sharing-archive).
#
#   deploy/image/image-cds.sh <base-dir> <jar> <out-dir>
#
# Leaves <out-dir>/opt/identity-sync/identity-sync.{jar,jsa}, the files Jib adds to the base.
set -euo pipefail

base="$(cd "$1" && pwd)"; jar="$2"; out="$3"
rootfs="$base/rootfs"
app=/opt/identity-sync
jvm=/usr/lib/jvm/java-17-openjdk-amd64
# The entrypoint's JVM options (pom.xml, profile image): the archive is trained with them.
flags=(-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp)

rm -rf "$out"; mkdir -p "$out$app"
cp "$jar" "$out$app/identity-sync.jar"
touch -d @1 "$out$app/identity-sync.jar"
rm -rf "${rootfs:?}$app" "$rootfs/tmp/cds-training"; mkdir -p "$rootfs$app" "$rootfs/tmp/cds-training"
cp -p "$out$app/identity-sync.jar" "$rootfs$app/identity-sync.jar"

# The loader finds the JVM's libraries through /proc/self/exe: a /proc of its own, in namespaces of its own.
run=(unshare --mount --pid --fork "--mount-proc=$rootfs/proc" chroot "$rootfs")
if [[ "$(id -u)" != 0 ]]; then run=(unshare --user --map-root-user --mount --pid --fork "--mount-proc=$rootfs/proc" chroot "$rootfs"); fi
# A run against a closed port (exit 1 is the failure we train): no network, no credential, nothing kept.
set +e
(cd / && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "${run[@]}" "$jvm/bin/java" "${flags[@]}" \
  "-XX:ArchiveClassesAtExit=$app/identity-sync.jsa" -jar "$app/identity-sync.jar" --once \
  --factorial.api-token=class-data-sharing-training --factorial.base-url=http://127.0.0.1:9/api \
  --factorial.retry.max-attempts=1 --teamtailor.enabled=false \
  --store.url=jdbc:sqlite:/tmp/cds-training/identity.db --files.dir=/tmp/cds-training/exports --routes.dir=) \
  > "$out/cds-training.log" 2>&1
status=$?
set -e
if [[ $status -gt 1 || ! -s "$rootfs$app/identity-sync.jsa" ]]; then
  echo "image-cds.sh: the training start failed (exit $status), see $out/cds-training.log" >&2; exit 1
fi
mv "$rootfs$app/identity-sync.jsa" "$out$app/identity-sync.jsa"
touch -d @1 "$out$app/identity-sync.jsa"
rm -rf "${rootfs:?}$app" "$rootfs/tmp/cds-training"
echo "class-data-sharing archive: $out$app/identity-sync.jsa ($(du -h "$out$app/identity-sync.jsa" | cut -f1))"
