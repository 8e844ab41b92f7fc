#!/usr/bin/env bash
# The Build stage's supply-chain step (docs/supply-chain.md): the bill of materials of the one image
# buildspec/build-image.sh made, and the signature over its digest, made once here and pushed
# beside the image by every DeployECR (buildspec/publish-attachments.sh).
#
#   buildspec/sign-image.sh IMAGE_DIR OUT_DIR
#
#   IMAGE_DIR  what build-image.sh wrote: the OCI layout of one image, image.env (IMAGE_NAME,
#              IMAGE_VERSION, IMAGE_DIGEST) and sbom-facts/ (docker/sbom-facts.sh's facts and the
#              service's CycloneDX bom.json)
#   OUT_DIR    written, must be missing or empty:
#              deploy-hook.jar  the supply-chain command, so that the deploy actions run this one
#              sbom.cdx.json    the bill of materials (SupplyChainMain sbom)
#              attachments/     an OCI layout: the bill of materials as an artifact of the image and
#                               the cosign signature naming it (SupplyChainMain sign)
#
# SIGNING_KEY_ID names the KMS key (key or alias ARN), SIGNING_IDENTITY the repository the
# signature names (the first environment's repository URI). The signature is made by `aws kms
# sign` (the aws command on PATH, with its credentials) and checked against the key's public half
# before anything is written. Needs java (25) and deploy-hook/target/deploy-hook.jar
# (./mvnw -B -pl deploy-hook -am package -DskipTests) and jq.
set -euo pipefail

die() {
  echo "sign-image: $*" >&2
  exit 1
}

if [[ $# -ne 2 ]]; then
  echo "usage: $0 IMAGE_DIR OUT_DIR (with SIGNING_KEY_ID and SIGNING_IDENTITY set)" >&2
  exit 2
fi
image_dir="$1" out="$2"
if [[ -z "${SIGNING_KEY_ID:-}" ]]; then
  echo "sign-image: SIGNING_KEY_ID is not set (the KMS key that signs the image)" >&2
  exit 2
fi
if [[ -z "${SIGNING_IDENTITY:-}" ]]; then
  echo "sign-image: SIGNING_IDENTITY is not set (the repository the signature names)" >&2
  exit 2
fi
jar="$(cd "$(dirname "$0")/.." && pwd)/deploy-hook/target/deploy-hook.jar"

[[ -f "$image_dir/index.json" ]] || die "$image_dir is not an image layout (no index.json)"
[[ -f "$image_dir/image.env" ]] || die "$image_dir has no image.env (written by buildspec/build-image.sh)"
for file in jdk-release os-release files.tsv bom.json; do
  [[ -s "$image_dir/sbom-facts/$file" ]] \
    || die "$image_dir/sbom-facts has no $file (exported by buildspec/build-image.sh)"
done
[[ -f "$jar" ]] || die "no $jar: build it first (./mvnw -B -pl deploy-hook -am package -DskipTests)"
if [[ -e "$out" && -n "$(ls -A "$out")" ]]; then
  die "$out exists and is not empty"
fi

setting() {
  local value
  value="$(sed -n "s/^$1=//p" "$image_dir/image.env")"
  [[ -n "$value" ]] || die "$image_dir/image.env sets no $1"
  echo "$value"
}
name="$(setting IMAGE_NAME)"
version="$(setting IMAGE_VERSION)"
digest="$(setting IMAGE_DIGEST)"
# The bill of materials names IMAGE_DIGEST, the signature the layout's manifest: the same image.
indexed="$(jq -r '.manifests | if length == 1 then .[0].digest else "\(length) manifests" end' \
  "$image_dir/index.json")" || die "cannot read $image_dir/index.json"
[[ "$indexed" == "$digest" ]] \
  || die "$image_dir/index.json lists $indexed, image.env names $digest: not one image"

mkdir -p "$out"
cp "$jar" "$out/deploy-hook.jar"
supply_chain() {
  java -cp "$out/deploy-hook.jar" io.clockmirror.deployhook.supplychain.SupplyChainMain "$@"
}
supply_chain sbom --maven-bom "$image_dir/sbom-facts/bom.json" --facts "$image_dir/sbom-facts" \
  --image-name "$name" --image-version "$version" --image-digest "$digest" \
  --out "$out/sbom.cdx.json" || die "SupplyChainMain sbom failed"
supply_chain sign --image-layout "$image_dir" --key-id "$SIGNING_KEY_ID" \
  --identity "$SIGNING_IDENTITY" --sbom "$out/sbom.cdx.json" --out "$out/attachments" \
  || die "SupplyChainMain sign failed"
echo "sign-image: $name $version $digest signed with $SIGNING_KEY_ID as $SIGNING_IDENTITY: $out"
