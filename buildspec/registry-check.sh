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
#
# Then the supply chain, with the small image and the commands the buildspecs write: the Build
# stage's buildspec/sign-image.sh (bill of materials from the deploy-hook module's test facts, the
# signature made through deploy-hook/src/test/fake-aws/aws, a stand-in for the AWS CLI that signs
# with a local P-256 key with openssl), then DeployECR's buildspec/publish-attachments.sh with
# AUTH none against the same registry:
#   7. the signature and the bill of materials are pushed and the verify passes; a second run
#      pushes nothing new and passes;
#   8. an unsigned digest (the image of case 3) is refused by the verify;
#   9. attachments made for another image are refused before any push;
#  10. an image signed with another key is refused after its push.
# When docker/container-image.sh left the service image's layout with the facts its build exported
# (target/container-image/image, the image of REGISTRY_CHECK_IMAGE), the service image is signed,
# its attachments pushed and verified, and fetch-sbom reads its bill of materials back.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh
cm_use_jdk25

cm_require_commands skopeo docker-registry jq curl python3 openssl
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
  service_digest=""
  echo "== no $service_image in podman's storage: the service image is not pushed"
fi

echo "== supply chain: buildspec/sign-image.sh and buildspec/publish-attachments.sh"
jar=deploy-hook/target/deploy-hook.jar
if [[ ! -f "$jar" ]]; then
  echo "== building $jar"
  ./mvnw -B -q --no-transfer-progress -pl deploy-hook -am package -DskipTests
fi
# The Build stage's and DeployECR's commands, as the buildspecs write them.
sign_command="$(sed -n 's/^ *- \(buildspec\/sign-image\.sh .*\)$/\1/p' buildspec/docker-build.yml)"
[[ "$sign_command" == "buildspec/sign-image.sh image supply-chain" ]] \
  || cm_die "buildspec/docker-build.yml does not run 'buildspec/sign-image.sh image supply-chain' (it runs '$sign_command')"
attach_command="$(sed -n 's/^ *- \(buildspec\/publish-attachments\.sh .*\)$/\1/p' buildspec/deploy-ecr.yml)"
[[ "$(wc -l <<<"$attach_command")" -eq 1 && "$attach_command" == *' "$SIGNING_KEY_ID" ecr' ]] \
  || cm_die "buildspec/deploy-ecr.yml has no single publish-attachments.sh command ending in ecr"
# Here the registry takes no credentials: AUTH none, the rest as written.
attach_command="${attach_command% ecr} none"
key_id="arn:aws:kms:eu-west-1:111122223333:alias/clockmirror-image-signing"
fake_aws="$PWD/deploy-hook/src/test/fake-aws"
[[ -x "$fake_aws/aws" ]] || cm_die "no stand-in aws command at $fake_aws/aws"
export FAKE_AWS_LOG="$work/aws-calls.log"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/signing-key.pem" 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/other-key.pem" 2>/dev/null

# with_key KEY COMMAND...: COMMAND with the stand-in aws signing with KEY (a PEM file).
with_key() {
  local key="$1"
  shift
  PATH="$fake_aws:$PATH" FAKE_KMS_PRIVATE_KEY="$key" "$@"
}

# artifact NAME DIGEST: completes $work/NAME into the Image artifact the Build stage hands on:
# image/ with build-image.sh's image.env and sbom-facts/ (the deploy-hook module's test facts and
# Maven bill of materials stand for the exported ones).
artifact() {
  local image="$work/$1/image"
  printf 'IMAGE_NAME=clockmirror\nIMAGE_VERSION=%s\nIMAGE_TAG=%s\nIMAGE_DIGEST=%s\n' \
    "$(buildspec/project-version.sh)" "$tag" "$2" >"$image/image.env"
  mkdir -p "$image/sbom-facts"
  cp deploy-hook/src/test/resources/supplychain/facts/* "$image/sbom-facts/"
  cp deploy-hook/src/test/resources/supplychain/maven-bom.json "$image/sbom-facts/bom.json"
}

# sign DIR KEY: the Build stage's sign command in DIR (which holds image/), signing with KEY.
sign() {
  (cd "$1" && with_key "$2" env SIGNING_KEY_ID="$key_id" SIGNING_IDENTITY="$repository" \
    bash -c "$OLDPWD/$sign_command")
}

# attach DIR DIGEST KEY: DeployECR's command with its variables set; DIR stands for the Image
# artifact, KEY is the key the stand-in's get-public-key answers with.
attach() {
  with_key "$3" env CODEBUILD_SRC_DIR_Image="$1" REPOSITORY_URI="$repository" IMAGE_DIGEST="$2" \
    SIGNING_KEY_ID="$key_id" PUBLISH_TLS_VERIFY=false bash -c "$attach_command"
}

artifact small "$digest"
expect "sign the small image" 0 "^sign-image: clockmirror .* $digest signed with $key_id as $repository" \
  sign "$work/small" "$work/signing-key.pem"
for file in deploy-hook.jar sbom.cdx.json attachments/index.json; do
  [[ -s "$work/small/supply-chain/$file" ]] || cm_die "sign-image.sh wrote no supply-chain/$file"
done
grep -q "^kms sign --key-id $key_id " "$FAKE_AWS_LOG" || cm_die "sign-image.sh did not sign through aws kms sign"
echo "ok   supply-chain/: $(find "$work/small/supply-chain" -type f | wc -l) files, $(jq '.components | length' "$work/small/supply-chain/sbom.cdx.json") top-level components in the bill of materials"

signature_tag="sha256-${digest#sha256:}.sig"
[[ -z "$(served_digest dev-clockmirror "$signature_tag")" ]] || cm_die "$signature_tag exists before the push"
expect "push and verify the signed image" 0 "^publish-attachments: $repository@$digest is signed by $key_id\$" \
  attach "$work/small" "$digest" "$work/signing-key.pem"
grep -q "^SIGNED: " "$work/output" || cm_die "the verify did not print SIGNED"
# KMS is asked in the region the key's ARN names.
grep -q "^kms get-public-key --key-id $key_id .*--region eu-west-1" "$FAKE_AWS_LOG" \
  || cm_die "the verify did not ask KMS in the key's region: $(tail -n 2 "$FAKE_AWS_LOG")"
[[ -n "$(served_digest dev-clockmirror "$signature_tag")" ]] || cm_die "the registry does not serve $signature_tag"
echo "ok   the registry serves $signature_tag"
# The bill of materials' manifest is put again by its digest (the same bytes, no tag moves).
tag_or_blob_writes() {
  sleep 0.5
  grep -E "\"(POST|PUT|PATCH) /v2/$1/(blobs/uploads|manifests)/" "$logs/registry.log" \
    | grep -cvE "\"PUT /v2/$1/manifests/sha256:" || true
}
writes_before="$(tag_or_blob_writes dev-clockmirror)"
expect "second run of publish-attachments" 0 "already there: dev-clockmirror:$signature_tag" \
  attach "$work/small" "$digest" "$work/signing-key.pem"
[[ "$(tag_or_blob_writes dev-clockmirror)" == "$writes_before" ]] \
  || cm_die "the second run uploaded a blob or wrote a tag"
echo "ok   the second run uploaded no blob and wrote no tag"

expect "unsigned digest refused by the verify" 1 "^NOT SIGNED: .*$other_digest has no signature" \
  with_key "$work/signing-key.pem" java -cp "$jar" io.clockmirror.deployhook.supplychain.SupplyChainMain \
  verify --registry "http://$registry" --repository dev-clockmirror --digest "$other_digest" \
  --key-id "$key_id" --auth none

writes_before="$(writes dev-clockmirror)"
expect "attachments of another image" 1 "supply-chain/attachments holds no signature of $other_digest" \
  attach "$work/small" "$other_digest" "$work/signing-key.pem"
[[ "$(writes dev-clockmirror)" == "$writes_before" ]] || cm_die "the refused run wrote to the registry"

artifact other "$other_digest"
expect "sign the other image with another key" 0 "signed with $key_id" sign "$work/other" "$work/other-key.pem"
expect "image signed with another key" 1 "^publish-attachments: $repository@$other_digest has no valid signature by $key_id: refusing the deploy\$" \
  attach "$work/other" "$other_digest" "$work/signing-key.pem"
grep -q "^NOT SIGNED: .*not a signature by the signing key" "$work/output" \
  || cm_die "the verify refused the image signed with another key for another reason: $(cat "$work/output")"

built=target/container-image/image
if [[ -n "$service_digest" && -f "$built/image.env" ]] \
  && grep -qx "IMAGE_DIGEST=$service_digest" "$built/image.env" && [[ -d "$built/sbom-facts" ]]; then
  echo "== the service image: the facts its build exported ($built/sbom-facts)"
  rm -rf "$work/service/image"
  cp -r "$built" "$work/service/image"
  expect "sign the service image" 0 "$service_digest signed with $key_id" sign "$work/service" "$work/signing-key.pem"
  expect "push and verify the service image's signature" 0 "^publish-attachments: $repository@$service_digest is signed by $key_id\$" \
    attach "$work/service" "$service_digest" "$work/signing-key.pem"
  expect "its bill of materials read back" 0 "signed with the image" \
    with_key "$work/signing-key.pem" java -cp "$jar" io.clockmirror.deployhook.supplychain.SupplyChainMain \
    fetch-sbom --registry "http://$registry" --repository dev-clockmirror --digest "$service_digest" \
    --key-id "$key_id" --auth none --out "$work/service-sbom.json"
  cmp -s "$work/service-sbom.json" "$work/service/supply-chain/sbom.cdx.json" \
    || cm_die "the bill of materials read back is not the one the Build stage wrote"
  echo "ok   service bill of materials: $(jq '[.. | objects | select(has("bom-ref"))] | length' "$work/service-sbom.json") components (nested included), $(wc -l <"$built/sbom-facts/files.tsv") image files in files.tsv"
else
  echo "== no layout of $service_image with its sbom-facts in $built: the service image is not signed"
fi
echo "registry check passed"
