#!/usr/bin/env bash
# CI step for the container image on a machine without a Docker daemon or registry access:
# installs buildah/podman, creates the base images locally, builds the image with the pipeline's
# build step (buildspec/build-image.sh, with podman where the pipeline has docker: the image's
# identity, the OCI layout and its digest), then smoke-tests it with podman, /q/info reporting the
# tag and commit it was built with. The image is also tagged IMAGE (default
# localhost/clockmirror:ci), the name the image benchmark of .ci/run runs.
set -euo pipefail
cd "$(dirname "$0")/.."

source lib/common.sh
cm_apt_install --no-install-recommends buildah podman runc debootstrap haproxy curl jq ca-certificates

# podman here: runc as the OCI runtime, host networking, and no default ulimits (the machine
# does not allow raising them).
conf_dir="$(mktemp -d)"
trap 'rm -rf "$conf_dir"' EXIT
cm_podman_conf "$conf_dir"

docker/prepare-base-images.sh

# The image reports the commit it is built from: this checkout's HEAD (build-image.sh refuses
# uncommitted changes to what the image is built from).
commit="$(git rev-parse HEAD)" || cm_die "container-image: needs a git checkout (the image reports its commit)"

# With host networking the build's training run shares the host's ports: keep it off 8080.
# The Dockerfile pins the builder by digest, which only the real image has: name the stand-in.
build_options=(--isolation chroot --pull=never --layers
  --build-arg "TRAINING_PORT=${TRAINING_PORT:-18089}"
  --build-arg "BUILDER_IMAGE=$(docker/prepare-base-images.sh --builder-tag)")
# Certificates this machine adds to the public roots (its egress proxy intercepts TLS): handed
# to the build through the Dockerfile's extra_ca secret, as a user behind such a proxy would.
extra_ca="$(cm_extra_ca "$conf_dir")"
if [[ -n "$extra_ca" ]]; then
  build_options+=(--secret "id=extra_ca,src=$extra_ca")
fi

layout=target/container-image/image
rm -rf "$layout"
build_start=$SECONDS
IMAGE_NAME=localhost/clockmirror buildspec/build-image.sh --tool podman "$commit" "$layout" -- "${build_options[@]}"
echo "image build, archive and layout: $((SECONDS - build_start)) s"
# shellcheck source=/dev/null
source "$layout/image.env"
echo "built $IMAGE_NAME:$IMAGE_TAG (commit $commit), layout $layout, digest $IMAGE_DIGEST"
image="${IMAGE:-localhost/clockmirror:ci}"
podman tag "$IMAGE_NAME:$IMAGE_TAG" "$image"

CONTAINER_ENGINE=podman BUILD_TOOL=none \
  RUN_OPTS="--runtime runc --network host" \
  IMAGE="$image" EXPECTED_IMAGE_TAG="$IMAGE_TAG" EXPECTED_IMAGE_COMMIT="$commit" \
  docker/container-smoke.sh

echo "== compose's HAProxy configuration in front of three replicas"
CONTAINER_ENGINE=podman RUN_OPTS="--runtime runc --network host" \
  docker/proxy-check.sh "$image"
