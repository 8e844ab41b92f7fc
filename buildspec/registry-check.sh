#!/usr/bin/env bash
# The pipeline's push step, run for real against a registry on this machine. The publish command
# is read from buildspec/deploy-ecr.yml and run as DeployECR runs it: buildspec/publish-image.sh
# pushes an OCI layout that the Build stage's converter (buildspec/oci_layout.py) made from a
# `docker save` archive, with Debian's skopeo, to Debian's docker-registry (the distribution
# registry) on 127.0.0.1:REGISTRY_CHECK_PORT (default 18580), plain HTTP. Each case is asserted by
# exit code and message:
#   1. the first push passes, and the registry serves the layout's digest for the tag;
#   2. a second run pushes nothing;
#   3. a tag the registry holds for another digest is refused;
#   4. a layout whose manifest bytes are not the expected digest is refused before any push;
#   5. a layout with a layer whose bytes differ from the digest its manifest names is refused
#      while pushing, and the tag stays absent;
#   6. an unreachable registry (REGISTRY_CHECK_PORT+1, nothing listening) fails with a clear message.
# The image is a small one made here. When podman holds REGISTRY_CHECK_IMAGE (default
# localhost/clockmirror:ci, the image docker/container-image.sh builds), `podman save` hands it to
# the converter and cases 1 and 2 run with it too.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh

cm_require_commands skopeo docker-registry jq curl python3
port="${REGISTRY_CHECK_PORT:-18580}"
unreachable_port=$((port + 1))
cm_require_free_ports "$port" "$unreachable_port"
registry="127.0.0.1:$port"
echo "== $(skopeo --version), $(docker-registry --version 2>&1 | head -n 1)"
# DeployECR refuses a skopeo older than SKOPEO_MIN_VERSION: that floor must be a version run here.
floor="$(sed -n 's/^ *SKOPEO_MIN_VERSION: *//p' buildspec/deploy-ecr.yml)"
[[ -n "$floor" ]] || cm_die "buildspec/deploy-ecr.yml sets no SKOPEO_MIN_VERSION"
printf '%s\n' "$floor" "$(skopeo --version | cut -d' ' -f3)" | sort --version-sort --check=quiet \
  || cm_die "DeployECR's skopeo floor $floor is newer than the skopeo checked here"

logs=target/registry-check
mkdir -p "$logs"
work="$(mktemp -d)"
registry_pid=""
cleanup() {
  if [[ -n "$registry_pid" ]]; then cm_stop "$registry_pid" 10; fi
  rm -rf "$work"
}
trap cleanup EXIT

cm_registry_start "$registry" "$work" "$logs/registry.log"
registry_pid=$CM_REGISTRY_PID
echo "== registry on $registry (log: $logs/registry.log)"

# DeployECR's publish command, as the buildspec writes it.
publish_command="$(sed -n 's/^ *- \(buildspec\/publish-image\.sh .*\)$/\1/p' buildspec/deploy-ecr.yml)"
[[ "$(wc -l <<<"$publish_command")" -eq 1 && -n "$publish_command" ]] \
  || cm_die "buildspec/deploy-ecr.yml has no single publish-image.sh command"

# publish IMAGE_DIR REPOSITORY_URI TAG DIGEST: the publish command with DeployECR's variables set;
# IMAGE_DIR stands for the Image artifact (it holds the layout as image/).
publish() {
  CODEBUILD_SRC_DIR_Image="$1" REPOSITORY_URI="$2" IMAGE_TAG="$3" IMAGE_DIGEST="$4" \
    PUBLISH_TLS_VERIFY=false bash -c "$publish_command"
}

# expect NAME EXIT_CODE PATTERN COMMAND...: COMMAND ends with EXIT_CODE and prints a line
# matching PATTERN (extended regular expression).
expect() {
  local name="$1" want="$2" pattern="$3" code=0
  shift 3
  "$@" >"$work/output" 2>&1 || code=$?
  if [[ "$code" != "$want" ]] || ! grep -qE -- "$pattern" "$work/output"; then
    echo "FAIL $name: exit $code (expected $want), output (expected a line matching '$pattern'):" >&2
    cat "$work/output" >&2
    exit 1
  fi
  echo "ok   $name: $(grep -E -- "$pattern" "$work/output" | head -n 1)"
}

# The digest the registry itself reports for REPOSITORY:TAG (its Docker-Content-Digest header),
# asked with curl rather than with the tool that pushed; nothing when there is no such tag.
served_digest() {
  local headers
  headers="$(curl -s --max-time 5 -o /dev/null -D - \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://$registry/v2/$1/manifests/$2")" || cm_die "no answer from the registry for $1:$2"
  if grep -q '^HTTP/[0-9.]* 200' <<<"$headers"; then
    tr -d '\r' <<<"$headers" | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'
  fi
}

# Requests that write to REPOSITORY (blob uploads and manifests), from the registry's access log.
writes() {
  sleep 0.5 # the access log line of a request is written once its answer is sent
  grep -cE "\"(POST|PUT|PATCH) /v2/$1/(blobs/uploads|manifests)/" "$logs/registry.log" || true
}

# docker_archive NAME TEXT: a `docker save` archive of a one-layer image holding TEXT, as
# $work/NAME.tar (the layout converter reads the manifest.json, config and layer tars).
docker_archive() {
  local dir="$work/$1.archive"
  mkdir -p "$dir/rootfs/app" "$dir/out/layer"
  printf '%s\n' "$2" >"$dir/rootfs/app/content.txt"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir/rootfs" -cf "$dir/out/layer/layer.tar" app
  local diff_id config
  diff_id="sha256:$(sha256sum "$dir/out/layer/layer.tar" | cut -d' ' -f1)"
  jq -cn --arg diff_id "$diff_id" \
    '{architecture: "amd64", os: "linux", config: {}, rootfs: {type: "layers", diff_ids: [$diff_id]}}' \
    >"$dir/config.json"
  config="$(sha256sum "$dir/config.json" | cut -d' ' -f1).json"
  mv "$dir/config.json" "$dir/out/$config"
  jq -cn --arg config "$config" --arg name "$1" \
    '[{Config: $config, RepoTags: ["clockmirror-check:\($name)"], Layers: ["layer/layer.tar"]}]' \
    >"$dir/out/manifest.json"
  tar -C "$dir/out" -cf "$work/$1.tar" manifest.json "$config" layer
}

# layout NAME ARCHIVE: the Image artifact the Build stage would hand on, $work/NAME/image;
# prints its digest.
layout() {
  mkdir -p "$work/$1"
  python3 buildspec/oci_layout.py "$2" "$work/$1/image"
}

commit() { printf '%s%033d' "$1" 0; }
repository="$registry/dev-clockmirror"
tag="$(buildspec/image-tag.sh "$(commit 1a2b3c4)")"

docker_archive small "clockmirror registry check $(date -u +%s%N)"
digest="$(layout small "$work/small.tar")"
echo "== small image, layout digest $digest"

before="$(served_digest dev-clockmirror "$tag")"
[[ -z "$before" ]] || cm_die "the fresh registry already serves $tag as $before"
expect "first push" 0 "^publish-image: $repository:$tag@$digest\$" publish "$work/small" "$repository" "$tag" "$digest"
after="$(served_digest dev-clockmirror "$tag")"
[[ "$after" == "$digest" ]] || cm_die "after the push the registry serves $tag as '$after', not the layout's $digest"
echo "ok   the registry serves $tag as $after (before the push: nothing)"

writes_before="$(writes dev-clockmirror)"
expect "second run" 0 "already in dev-clockmirror as $digest: not pushed again" \
  publish "$work/small" "$repository" "$tag" "$digest"
[[ "$(writes dev-clockmirror)" == "$writes_before" ]] || cm_die "the second run wrote to the registry"
echo "ok   the second run sent no upload and no manifest"

docker_archive other "another image $(date -u +%s%N)"
other_digest="$(layout other "$work/other.tar")"
taken="$(buildspec/image-tag.sh "$(commit 5e6f7a8)")"
skopeo copy --quiet --preserve-digests --dest-tls-verify=false "oci:$work/other/image" "docker://$repository:$taken"
[[ "$(served_digest dev-clockmirror "$taken")" == "$other_digest" ]] || cm_die "could not prepare $taken"
writes_before="$(writes dev-clockmirror)"
expect "tag held by another digest" 1 "already holds $taken as $other_digest, not $digest: refusing" \
  publish "$work/small" "$repository" "$taken" "$digest"
[[ "$(writes dev-clockmirror)" == "$writes_before" ]] || cm_die "the refused run wrote to the registry"
[[ "$(served_digest dev-clockmirror "$taken")" == "$other_digest" ]] || cm_die "$taken changed"

fresh="$(buildspec/image-tag.sh "$(commit 9b0c1d2)")"
cp -r "$work/small" "$work/edited-manifest"
manifest="$work/edited-manifest/image/blobs/sha256/${digest#sha256:}"
jq -c '.annotations = {"edited": "after the build"}' "$manifest" >"$work/manifest" && mv "$work/manifest" "$manifest"
expect "manifest bytes that are not the digest" 1 "the layout holds $digest \\(manifest bytes sha256:[0-9a-f]{64}\\), not the image $digest" \
  publish "$work/edited-manifest" "$repository" "$fresh" "$digest"

docker_archive layer "a layer this registry has never seen $(date -u +%s%N)"
layer_digest="$(layout layer "$work/layer.tar")"
blob="$(jq -r '.layers[0].digest' "$work/layer/image/blobs/sha256/${layer_digest#sha256:}")"
printf 'X' | dd of="$work/layer/image/blobs/sha256/${blob#sha256:}" bs=1 seek=30 conv=notrunc status=none
expect "layer bytes that are not their digest" 1 "pushing $fresh to $repository failed: .*[Dd]igest did not match, expected $blob" \
  publish "$work/layer" "$repository" "$fresh" "$layer_digest"
[[ -z "$(served_digest dev-clockmirror "$fresh")" ]] || cm_die "$fresh exists after a failed push"
echo "ok   $fresh is absent after the failed push"

expect "unreachable registry" 1 "^publish-image: cannot reach the registry 127\\.0\\.0\\.1:$unreachable_port: .*connection refused" \
  publish "$work/small" "127.0.0.1:$unreachable_port/dev-clockmirror" "$tag" "$digest"

service_image="${REGISTRY_CHECK_IMAGE:-localhost/clockmirror:ci}"
if command -v podman >/dev/null && podman image exists "$service_image" 2>/dev/null; then
  echo "== the service image $service_image, from podman"
  podman save --quiet --format docker-archive --output "$work/service.tar" "$service_image"
  service_digest="$(layout service "$work/service.tar")"
  rm "$work/service.tar"
  service_tag="$(buildspec/image-tag.sh "$(commit 3c4d5e6)")"
  expect "first push of the service image" 0 "^publish-image: $repository:$service_tag@$service_digest\$" \
    publish "$work/service" "$repository" "$service_tag" "$service_digest"
  [[ "$(served_digest dev-clockmirror "$service_tag")" == "$service_digest" ]] \
    || cm_die "the registry does not serve $service_tag as $service_digest"
  echo "ok   the registry serves $service_tag as $service_digest"
  writes_before="$(writes dev-clockmirror)"
  expect "second run with the service image" 0 "not pushed again" \
    publish "$work/service" "$repository" "$service_tag" "$service_digest"
  [[ "$(writes dev-clockmirror)" == "$writes_before" ]] || cm_die "the second run wrote to the registry"
else
  echo "== no $service_image in podman's storage: the service image is not pushed"
fi
echo "registry check passed"
