#!/usr/bin/env bash
# Stand-in for buildspec/build-image.sh in the command line's tests, used only while a checkout has
# none: the DockerBuild action's commands (buildspec/docker-build.yml) with the tag of an image
# published by hand.
#   build-image.sh --manual COMMIT OUT_DIR   writes the OCI layout and OUT_DIR/image.env
set -euo pipefail
[[ $# -eq 3 && $1 == --manual ]] || { echo "usage: $0 --manual COMMIT OUT_DIR" >&2; exit 2; }
commit="$2" out="$3"
root="$(cd "$(dirname "$0")/.." && pwd)"
IMAGE_NAME=clockmirror
IMAGE_VERSION="$("$root/buildspec/project-version.sh")"
IMAGE_TAG="$("$root/buildspec/image-tag.sh" --manual "$commit")"
docker build --tag "$IMAGE_NAME:$IMAGE_TAG" --label "org.opencontainers.image.version=$IMAGE_VERSION" \
  --label "org.opencontainers.image.revision=$commit" "$root"
docker save --output "$out.docker.tar" "$IMAGE_NAME:$IMAGE_TAG"
rm -rf "$out"
IMAGE_DIGEST="$(python3 "$root/buildspec/oci_layout.py" "$out.docker.tar" "$out")"
rm "$out.docker.tar"
printf 'IMAGE_NAME=%s\nIMAGE_VERSION=%s\nIMAGE_TAG=%s\nIMAGE_DIGEST=%s\n' \
  "$IMAGE_NAME" "$IMAGE_VERSION" "$IMAGE_TAG" "$IMAGE_DIGEST" >"$out/image.env"
