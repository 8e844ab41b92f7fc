#!/usr/bin/env bash
# Creates, on a machine without registry access, local stand-ins for the base images the
# Dockerfile names, tagged with those names (without the digest) so that `--pull=never` builds
# use them.
#
#   docker/prepare-base-images.sh                  create the stand-ins when absent
#   docker/prepare-base-images.sh --builder-tag    print the name the builder stand-in carries
#
# The builder stand-in mirrors the official eclipse-temurin JDK image: a Debian minbase root
# file system with the packages that image installs (ca-certificates, p11-kit, binutils for
# `jlink --strip-debug`, tzdata), this machine's Temurin JDK at /opt/java/openjdk, and a JDK
# trust store holding only the distribution's public roots. The JDK version must equal the one
# in the image tag, otherwise the stand-in would lie about what it is.
#
# The debootstrap root file system is cached outside the repository (CLOCKMIRROR_CACHE) because
# building it takes about a minute; it is rebuilt when absent.
set -euo pipefail

cd "$(dirname "$0")/.."
CACHE_DIR="${CLOCKMIRROR_CACHE:-/var/cache/clockmirror}"
source lib/common.sh
if [[ -z "${HOST_JDK:-}" ]]; then
  cm_use_jdk25
  HOST_JDK="$JAVA_HOME"
fi
SUITE=bookworm
ROOTFS_TAR="$CACHE_DIR/$SUITE-minbase-temurin-deps.tar"

dockerfile_default() {
  sed -n "s/^ARG $1=//p" Dockerfile | head -n 1
}
BUILDER_DEFAULT="$(dockerfile_default BUILDER_IMAGE)"
[ -n "$BUILDER_DEFAULT" ] || { echo "Dockerfile has no ARG BUILDER_IMAGE default" >&2; exit 1; }
# The default names the real image by tag and digest. A local image can carry the tag but never
# the digest of a published one, so the stand-in takes the tag alone and builds pass it with
# --build-arg BUILDER_IMAGE=<tag> (docker/container-image.sh does).
BUILDER_IMAGE="${BUILDER_DEFAULT%@sha256:*}"
if [ "${1:-}" = --builder-tag ]; then
  echo "$BUILDER_IMAGE"
  exit 0
fi

# eclipse-temurin tags spell the JDK version as 25.0.3_9; the JDK release file as 25.0.3+9.
tag_version="$(sed -n 's/.*:\([0-9][0-9.]*_[0-9]*\)-jdk.*/\1/p' <<<"$BUILDER_IMAGE")"
host_version="$(sed -n 's/^SEMANTIC_VERSION="\(.*\)"$/\1/p' "$HOST_JDK/release" | tr + _)"
if [ "$tag_version" != "$host_version" ]; then
  echo "builder tag wants JDK $tag_version but $HOST_JDK is $host_version" >&2
  exit 1
fi

if buildah inspect --type image "$BUILDER_IMAGE" >/dev/null 2>&1; then
  echo "base image present: $BUILDER_IMAGE"
  exit 0
fi

mkdir -p "$CACHE_DIR"
if [ ! -s "$ROOTFS_TAR" ]; then
  echo "== debootstrap $SUITE minbase into $CACHE_DIR (cached for later runs)"
  work="$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")"
  debootstrap --variant=minbase --include=ca-certificates,p11-kit,binutils,tzdata \
    "$SUITE" "$work/root" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$work/root"/var/cache/apt/archives/*.deb "$work/root"/var/lib/apt/lists/*
  tar -C "$work/root" --numeric-owner -cf "$work/rootfs.tar" .
  mv "$work/rootfs.tar" "$ROOTFS_TAR"
  rm -rf "$work"
fi

echo "== builder stand-in: $BUILDER_IMAGE"
ctr="$(buildah from scratch)"
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
mnt="$(buildah mount "$ctr")"
tar -C "$mnt" --numeric-owner -xf "$ROOTFS_TAR"
mkdir -p "$mnt/opt/java"
cp -a "$HOST_JDK" "$mnt/opt/java/openjdk"
# The host JDK's trust store is a link into the host's /etc; the official image ships a file
# with public roots only, so build one from the root file system's CA list.
rm -f "$mnt/opt/java/openjdk/lib/security/cacerts"
chroot "$mnt" trust extract --format=java-cacerts --filter=ca-anchors --purpose=server-auth \
  /opt/java/openjdk/lib/security/cacerts
chmod 644 "$mnt/opt/java/openjdk/lib/security/cacerts"
buildah umount "$ctr" >/dev/null
buildah config \
  --env JAVA_HOME=/opt/java/openjdk \
  --env PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env LANG=C.UTF-8 \
  --label io.clockmirror.stand-in="debootstrap $SUITE minbase + $HOST_JDK" \
  --label io.clockmirror.stands-in-for="$BUILDER_DEFAULT" \
  --cmd jshell "$ctr"
buildah commit --quiet "$ctr" "$BUILDER_IMAGE" >/dev/null
echo "created $BUILDER_IMAGE"
