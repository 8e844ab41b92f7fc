#!/usr/bin/env bash
# The image build step: the pipeline's DockerBuild action (buildspec/docker-build.yml) runs it, and
# so does anything else that builds an image to deploy, so every deployable image is made the same
# way:
#
#   buildspec/build-image.sh [--tool docker|podman|buildah] [--manual] COMMIT OUT_DIR [-- BUILD_OPTION...]
#
#   1. the tag: buildspec/image-tag.sh [--manual] COMMIT, i.e. <version>-<first 7 of COMMIT>;
#   2. builds IMAGE_NAME:<tag> (IMAGE_NAME defaults to clockmirror) from the repository's
#      Dockerfile with its identity, the build arguments CLOCKMIRROR_IMAGE_TAG=<tag> and
#      CLOCKMIRROR_IMAGE_COMMIT=COMMIT, which /q/info reports and the deployment hook checks
#      (docs/container.md), and the OCI labels version and revision;
#   3. saves it as a docker archive and writes OUT_DIR as an OCI image layout with a fixed
#      manifest digest (buildspec/oci_layout.py); OUT_DIR must be missing or empty;
#   4. builds the Dockerfile's target sbom-facts with the same options (its stages come from the
#      cache) and exports its files to OUT_DIR/sbom-facts: docker/sbom-facts.sh's facts about
#      the image's files (jdk-release, os-release, files.tsv) and the service's CycloneDX
#      bom.json, the inputs of the bill of materials (buildspec/sign-image.sh);
#   5. writes OUT_DIR/image.env: IMAGE_NAME, IMAGE_VERSION, IMAGE_TAG, IMAGE_DIGEST;
#   6. prints the digest, sha256:<hex>, as its only line on stdout (the tool's output goes to stderr).
#
# COMMIT is the full commit id the source is (40 or 64 hex digits). In a git checkout it must be
# HEAD and the files the image is built from must be committed: the image reports COMMIT, so it
# must be what was built. (CodeBuild's source is a zip without .git; the pipeline names its commit.)
# --tool picks the builder (default docker); podman and buildah build the same image without a
# daemon (docker/container-image.sh). BUILD_OPTIONs after -- go to the build command as they are,
# e.g. --pull, or --isolation chroot --pull=never --build-arg BUILDER_IMAGE=...
set -euo pipefail
source "$(dirname "$0")/../lib/common.sh"

usage() {
  echo "usage: $0 [--tool docker|podman|buildah] [--manual] COMMIT OUT_DIR [-- BUILD_OPTION...]" >&2
  exit 2
}

tool=docker
tag_options=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tool)
      [[ $# -ge 2 ]] || usage
      tool="$2"
      shift 2
      ;;
    --manual)
      tag_options+=(--manual)
      shift
      ;;
    -*) usage ;;
    *) break ;;
  esac
done
[[ $# -ge 2 ]] || usage
commit="$1"
out="$(realpath -m -- "$2")"
shift 2
build_options=()
if [[ $# -gt 0 ]]; then
  [[ "$1" == -- ]] || usage
  shift
  build_options=("$@")
fi

case "$tool" in
  docker | podman | buildah) ;;
  *) cm_die "build-image: --tool must be docker, podman or buildah, not '$tool'" ;;
esac
[[ "$commit" =~ ^[0-9a-f]{40}([0-9a-f]{24})?$ ]] \
  || cm_die "build-image: '$commit' is not a full commit id (40 or 64 lower-case hex digits)"
for option in "${build_options[@]}"; do
  [[ "$option" != *CLOCKMIRROR_IMAGE_* ]] \
    || cm_die "build-image: the image's identity comes from COMMIT, not from a build option ($option)"
done
if [[ -e "$out" && -n "$(ls -A "$out")" ]]; then
  cm_die "build-image: $out exists and is not empty"
fi

cd "$CM_ROOT"
# What the image is built from: the Dockerfile and what its build context lets in (.dockerignore
# is an allowlist of !path lines).
mapfile -t context < <(sed -n 's/^!//p' .dockerignore)
context+=(Dockerfile .dockerignore)
if head="$(git rev-parse HEAD 2>/dev/null)"; then
  [[ "$head" == "$commit" ]] \
    || cm_die "build-image: the checkout is at $head, not at $commit: the image would report a commit it was not built from"
  changed="$(git status --porcelain -- "${context[@]}")"
  [[ -z "$changed" ]] \
    || cm_die "build-image: files the image is built from are not committed, so it would not be $commit:
$changed"
fi

mkdir -p "$out"
name="${IMAGE_NAME:-clockmirror}"
version="$(buildspec/project-version.sh)"
tag="$(buildspec/image-tag.sh "${tag_options[@]}" "$commit")"
image="$name:$tag"
archive="$out.docker.tar"
identity_dir=""
trap 'rm -f "$archive"; [[ -z "$identity_dir" ]] || rm -rf "$identity_dir"' EXIT

# The identity comes last, so that no build option can replace it.
build_arguments=(
  "${build_options[@]}"
  --tag "$image"
  --label "org.opencontainers.image.version=$version"
  --label "org.opencontainers.image.revision=$commit"
  --build-arg "CLOCKMIRROR_IMAGE_TAG=$tag"
  --build-arg "CLOCKMIRROR_IMAGE_COMMIT=$commit"
)
# buildah (podman's builder) keys its layer cache on an instruction's text, not on the build
# arguments it expands: with layers cached from another build, the Dockerfile's ENV of the
# identity comes back with that build's values, and so does anything --env adds to a cached
# image. So for them the identity is set once more by value, in an ENV whose text holds it, on top
# of the built image: no layer, and a cache hit only for this very identity. Docker's cache takes
# the argument values into account.
set_identity() {
  identity_dir="$(mktemp -d)"
  printf 'FROM %s\nENV CLOCKMIRROR_IMAGE_TAG=%s CLOCKMIRROR_IMAGE_COMMIT=%s\n' \
    "$image" "$tag" "$commit" >"$identity_dir/Dockerfile"
  "$@" --format docker --pull=never --tag "$image" "$identity_dir" >&2
}
echo "build-image: building $image (release $version, commit $commit) with $tool" >&2
# The archive is docker's format, which buildspec/oci_layout.py reads; podman and buildah write
# their images in docker's format too (their default, OCI, has no place for some of its fields).
case "$tool" in
  docker)
    docker build "${build_arguments[@]}" . >&2
    docker save --output "$archive" "$image" >&2
    ;;
  podman)
    podman build --format docker "${build_arguments[@]}" . >&2
    set_identity podman build
    podman save --format docker-archive --output "$archive" "$image" >&2
    ;;
  buildah)
    buildah bud --format docker "${build_arguments[@]}" . >&2
    set_identity buildah bud
    buildah push "$image" "docker-archive:$archive:$image" >&2
    ;;
esac

# Whatever the builder cached, the image must report this build: checked in its config.
python3 - "$archive" "$tag" "$commit" <<'PY'
import json, sys, tarfile
archive, tag, commit = sys.argv[1:]
with tarfile.open(archive) as tar:
    manifest = json.load(tar.extractfile("manifest.json"))
    config = json.load(tar.extractfile(manifest[0]["Config"]))
env = dict(item.split("=", 1) for item in config.get("config", {}).get("Env") or [])
for name, want in (("CLOCKMIRROR_IMAGE_TAG", tag), ("CLOCKMIRROR_IMAGE_COMMIT", commit)):
    if env.get(name) != want:
        sys.exit(f"build-image: the image reports {name}={env.get(name)}, not {want}: the builder"
                 " reused a layer made for another build; build again without its cache")
PY
digest="$(python3 buildspec/oci_layout.py "$archive" "$out")"

# The bill of materials' inputs, from the stage that ran docker/sbom-facts.sh on what the image's
# layers hold. Nothing of it is in the image; a local export needs docker's BuildKit (which the
# Dockerfile's RUN --mount needs anyway), podman or buildah.
# The stages must come from the image build's cache, or the facts would describe another build of
# the same files (the AOT cache differs from one training run to the next): the same options,
# and for podman and buildah the same --format, which their layer cache is keyed on too.
facts="$out/sbom-facts"
facts_arguments=(--target sbom-facts --output "type=local,dest=$facts" "${build_options[@]}")
echo "build-image: exporting the target sbom-facts to $facts" >&2
case "$tool" in
  docker) docker build "${facts_arguments[@]}" . >&2 ;;
  podman) podman build --format docker "${facts_arguments[@]}" . >&2 ;;
  buildah) buildah bud --format docker "${facts_arguments[@]}" . >&2 ;;
esac
for file in jdk-release os-release files.tsv bom.json; do
  [[ -s "$facts/$file" ]] || cm_die "build-image: the target sbom-facts exported no $file to $facts"
done
printf 'IMAGE_NAME=%s\nIMAGE_VERSION=%s\nIMAGE_TAG=%s\nIMAGE_DIGEST=%s\n' \
  "$name" "$version" "$tag" "$digest" >"$out/image.env"
echo "build-image: built $image as $digest, layout in $out" >&2
echo "$digest"
