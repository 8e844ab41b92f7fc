#!/usr/bin/env bash
# ./clockmirror deploy, status and destroy with the real local parts, for .ci/run: only AWS's
# answers are faked (cli/src/test/fakes/fake.py as aws and cdk). Real here:
#   - the image: built from the Dockerfile by buildspec/build-image.sh with podman, as
#     docker/container-image.sh builds it (base image stand-ins, layers cached from that build);
#   - the push: buildspec/publish-image.sh with Debian's skopeo into Debian's docker-registry on
#     127.0.0.1:DEPLOY_CHECK_PORT (default 25210), standing in for the ECR repository;
#   - the service: the fake `cdk deploy` of the app stack pulls the pushed image from that registry
#     and runs it with podman on DEPLOY_CHECK_PORT+1, as ECS would; the smoke test checks it.
# Then a second deploy must change nothing, status must show the image, and destroy --delete-data
# must leave nothing billable in the fake account. Transcripts in target/deploy-check/.
set -euo pipefail
cd "$(dirname "$0")/.."
source lib/common.sh
cm_use_jdk25
cm_apt_install --no-install-recommends buildah podman runc debootstrap skopeo docker-registry jq curl ca-certificates

port="${DEPLOY_CHECK_PORT:-25210}"
service_port=$((port + 1))
cm_require_free_ports "$port" "$service_port"
logs=target/deploy-check
rm -rf "$logs"
mkdir -p "$logs/account" "$logs/bin"
work="$(mktemp -d)"
registry_pid=""
cleanup() {
  podman rm -f clockmirror-deploy-check >/dev/null 2>&1 || true
  if [[ -n "$registry_pid" ]]; then cm_stop "$registry_pid" 10; fi
  rm -rf "$work"
}
trap cleanup EXIT
cm_podman_conf "$work"

cm_registry_start "127.0.0.1:$port" "$work/registry" "$logs/registry.log"
registry_pid=$CM_REGISTRY_PID

docker/prepare-base-images.sh
for tool in aws cdk; do
  ln -s "$PWD/cli/src/test/fakes/fake.py" "$logs/bin/$tool"
done
build_options="--isolation chroot --pull=never --layers --build-arg TRAINING_PORT=${TRAINING_PORT:-18089}"
build_options+=" --build-arg BUILDER_IMAGE=$(docker/prepare-base-images.sh --builder-tag)"
extra_ca="$(cm_extra_ca "$work")"
if [[ -n "$extra_ca" ]]; then
  build_options+=" --secret id=extra_ca,src=$extra_ca"
fi
export PATH="$PWD/$logs/bin:$PATH" FAKE_ACCOUNT="$PWD/$logs/account" \
  FAKE_REGISTRY="127.0.0.1:$port" FAKE_RUN_IMAGE_PORT="$service_port" \
  CLOCKMIRROR_IMAGE_TOOL=podman CLOCKMIRROR_BUILD_OPTIONS="$build_options" \
  CLOCKMIRROR_POLL_SECONDS=1 SMOKE_ATTEMPTS=60 SMOKE_INTERVAL=1 AWS_EC2_METADATA_DISABLED=true

echo "== ./clockmirror deploy dev: from an empty (fake) account"
./clockmirror deploy dev | tee "$logs/deploy-1.txt"
echo "== ./clockmirror deploy dev again: nothing may change"
./clockmirror deploy dev | tee "$logs/deploy-2.txt"
grep -q '^nothing changed: dev already runs ' "$logs/deploy-2.txt" || cm_die "the second deploy changed something"
echo "== ./clockmirror status dev"
./clockmirror status dev | tee "$logs/status.txt"
tag="$(sed -n 's/^\[5\/7\] image .* published \([^ ]*\) .*/\1/p' "$logs/deploy-1.txt")"
grep -q "^  image       $tag: " "$logs/status.txt" || cm_die "status does not show the image $tag"
skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$port/dev-clockmirror:$tag" >/dev/null \
  || cm_die "the registry holds no $tag"
echo "== ./clockmirror destroy dev --delete-data --yes"
./clockmirror destroy dev --delete-data --yes | tee "$logs/destroy.txt"
left="$(jq -r '.resources[] | select(.stack != "CDKToolkit" and .billing != "free") | "\(.type) \(.id)"' "$logs/account/account.json")"
[[ -z "$left" ]] || cm_die "destroy left billable resources: $left"
echo "deploy check passed: deploy, a second deploy without changes, status, destroy leaving nothing billable"
