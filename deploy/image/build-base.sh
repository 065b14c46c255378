#!/usr/bin/env bash
# The image's base, made offline from Debian packages (no registry is needed, and none is trusted): the packages in
# packages.lock, at those versions, unpacked into a root file system with a trust store, a passwd naming user 10001,
# a /data owned by it and a /tmp, then saved as a Docker-format tarball Jib takes as tar:// base.
#
#   deploy/image/build-base.sh [--update-lock] [out-dir]      (default out-dir: target/image-base)
#
# Writes <out>/base.tar and keeps <out>/rootfs, which image-cds.sh trains the class-data-sharing archive in (the same
# JVM, the same paths as the image). Nothing is redone when base.tar was made from the same packages.lock.
# Needs a Debian or Ubuntu host with apt (apt-get download), dpkg-deb, GNU tar and a JDK 17 (for the trust store).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
lock="$here/packages.lock"
update=false
if [[ "${1:-}" == "--update-lock" ]]; then update=true; shift; fi
out="${1:-$here/../../target/image-base}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if $update; then
  names=$(grep -v '^#' "$lock" | cut -d= -f1)
  { grep '^#' "$lock"
    for name in $names; do
      version=$(apt-cache policy "$name" | awk '/Candidate:/ {print $2}')
      [[ -n "$version" && "$version" != "(none)" ]] || { echo "packages.lock: apt knows no $name (run apt-get update)" >&2; exit 2; }
      echo "$name=$version"
    done; } > "$lock.new"
  mv "$lock.new" "$lock"
  echo "packages.lock updated"
fi

stamp="$(sha256sum "$lock" "$here/build-base.sh" "$here/CaCerts.java" | sha256sum | cut -c1-16)"
if [[ -f "$out/base.tar" && -d "$out/rootfs" && "$(cat "$out/stamp" 2>/dev/null)" == "$stamp" ]]; then
  echo "base image up to date: $out/base.tar"
  exit 0
fi
rm -rf "$out/debs" "$out/rootfs" "$out/layer" "$out/base.tar" "$out/stamp"
mkdir -p "$out/debs" "$out/rootfs" "$out/layer"

# The mirror's newest versions replace old ones (security updates): a version gone says to --update-lock.
packages=$(grep -v '^#' "$lock" | grep .)
(cd "$out/debs" && apt-get download -q -o APT::Sandbox::User=root $packages >/dev/null) || {
  echo "apt-get download failed for a version in packages.lock: run apt-get update, then $0 --update-lock" >&2; exit 1; }

rootfs="$out/rootfs"
for deb in "$out"/debs/*.deb; do
  dpkg-deb -x "$deb" "$rootfs"
done
# Bookworm is merged-/usr: /bin, /lib, /lib64, /sbin are links into /usr (the packages ship them under both).
for d in bin lib lib64 sbin; do
  if [[ -d "$rootfs/$d" && ! -L "$rootfs/$d" ]]; then
    mkdir -p "$rootfs/usr/$d"; cp -a "$rootfs/$d/." "$rootfs/usr/$d/"; rm -rf "${rootfs:?}/$d"
  fi
  ln -sfn "usr/$d" "$rootfs/$d"
done
# What a running service never reads; each package's copyright stays (the licences travel with the binaries).
find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
rm -rf "$rootfs/usr/share/man" "$rootfs/usr/share/lintian" "$rootfs/usr/share/locale" "$rootfs/usr/share/info"

jvm=/usr/lib/jvm/java-17-openjdk-amd64
mkdir -p "$rootfs/etc/ssl/certs/java" "$rootfs/usr/bin"
java "$here/CaCerts.java" "$rootfs/usr/share/ca-certificates" "$rootfs/etc/ssl/certs/java/cacerts"
ln -sfn "$jvm/bin/java" "$rootfs/usr/bin/java"

cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/usr/sbin/nologin
identity-sync:x:10001:10001:Identity Sync:/data:/usr/sbin/nologin
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
identity-sync:x:10001:
GROUP
echo "hosts: files dns" > "$rootfs/etc/nsswitch.conf"
mkdir -p "$rootfs/data" "$rootfs/tmp" "$rootfs/root" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/opt/identity-sync"
chmod 0700 "$rootfs/data" "$rootfs/root"
chmod 1777 "$rootfs/tmp"

# One layer, reproducible: sorted, no access or change times, dates no later than the lock's commit. Owners are set
# here, not on disk, so no step needs root: everything root's, /data user 10001's.
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct -- packages.lock 2>/dev/null || true)}"
epoch="${epoch:-0}"
layer_tar=(tar --sort=name --numeric-owner --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime
  --mtime="@$epoch" --clamp-mtime -C "$rootfs")
"${layer_tar[@]}" --owner=0 --group=0 --exclude=./data -cf "$out/layer/layer.tar" .
"${layer_tar[@]}" --owner=10001 --group=10001 -rf "$out/layer/layer.tar" ./data
diff_id="sha256:$(sha256sum "$out/layer/layer.tar" | cut -d' ' -f1)"
created="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
cat > "$out/layer/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$jvm"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"$created","created_by":"deploy/image/build-base.sh ($(echo $packages | tr '\n' ' '))"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["identity-sync-base:local"],"Layers":["layer.tar"]}]' > "$out/layer/manifest.json"
tar --sort=name --numeric-owner --mtime="@$epoch" -C "$out/layer" -cf "$out/base.tar" manifest.json config.json layer.tar
rm -rf "$out/layer" "$out/debs"
echo "$stamp" > "$out/stamp"
echo "base image: $out/base.tar ($(du -h "$out/base.tar" | cut -f1)), $diff_id"
