#!/usr/bin/env bash
# CI step for the container image on a machine without a Docker daemon or registry access:
# installs buildah/podman, creates the base images locally, then builds the image from the
# Dockerfile and smoke-tests it with podman.
set -euo pipefail
cd "$(dirname "$0")/.."

source lib/common.sh
cm_apt_install --no-install-recommends buildah podman runc debootstrap haproxy curl ca-certificates

# podman here: runc as the OCI runtime, host networking, and no default ulimits (the machine
# does not allow raising them).
conf_dir="$(mktemp -d)"
trap 'rm -rf "$conf_dir"' EXIT
cm_podman_conf "$conf_dir"

docker/prepare-base-images.sh

# Certificates this machine adds to the public roots (its egress proxy intercepts TLS): handed
# to the build through the Dockerfile's extra_ca secret, as a user behind such a proxy would.
extra_ca="$(cm_extra_ca "$conf_dir")"

# With host networking the build's training run shares the host's ports: keep it off 8080.
# The Dockerfile pins the builder by digest, which only the real image has: name the stand-in.
image="${IMAGE:-localhost/clockmirror:ci}"
CONTAINER_ENGINE=podman \
  BUILD_OPTS="--isolation chroot --pull=never --layers --build-arg TRAINING_PORT=${TRAINING_PORT:-18089} --build-arg BUILDER_IMAGE=$(docker/prepare-base-images.sh --builder-tag)" \
  RUN_OPTS="--runtime runc --network host" \
  EXTRA_CA_FILE="$extra_ca" \
  IMAGE="$image" \
  docker/container-smoke.sh

echo "== compose's HAProxy configuration in front of three replicas"
CONTAINER_ENGINE=podman RUN_OPTS="--runtime runc --network host" \
  docker/proxy-check.sh "$image"
