#!/usr/bin/env bash
# Each DeployECR's supply-chain step, after buildspec/publish-image.sh pushed the image: pushes what
# the Build stage's buildspec/sign-image.sh made (the bill of materials as an artifact of the image
# and the cosign signature, tag sha256-<hex>.sig) beside the image, then asks the gate whether the
# repository now holds a valid signature of DIGEST by KEY_ID (docs/supply-chain.md). Exit 1
# refuses the deploy, whatever the environment's deployment strategy.
#
#   buildspec/publish-attachments.sh SUPPLY_CHAIN_DIR REPOSITORY_URI DIGEST KEY_ID AUTH
#   e.g. buildspec/publish-attachments.sh "$CODEBUILD_SRC_DIR_Image/supply-chain" \
#          222222222222.dkr.ecr.eu-west-1.amazonaws.com/prod-clockmirror sha256:<hex> \
#          "$SIGNING_KEY_ID" ecr
#
#   SUPPLY_CHAIN_DIR  sign-image.sh's OUT_DIR: deploy-hook.jar and attachments/ (an OCI layout)
#   KEY_ID            the KMS key whose public half must accept the signature (key or alias ARN)
#   AUTH              ecr: the registry's credentials from `aws ecr get-authorization-token`, asked
#                     in the repository's region; none: no credentials (a local registry)
#
# AWS is reached through the aws command on PATH; SupplyChainMain asks KMS in the region a key ARN
# names (the pipeline's, where the key is) and ECR in the repository's region. TLS is always
# verified; PUBLISH_TLS_VERIFY=false (plain HTTP) is accepted only for a registry on
# 127.0.0.1 or localhost, for the local check (buildspec/registry-check.sh). Needs java (25).
set -euo pipefail

usage() {
  echo "usage: $0 SUPPLY_CHAIN_DIR REPOSITORY_URI DIGEST KEY_ID AUTH (AUTH: ecr or none)" >&2
  exit 2
}
refuse() {
  echo "publish-attachments: $*" >&2
  exit 2
}

[[ $# -eq 5 ]] || usage
dir="$1" repository_uri="$2" digest="$3" key_id="$4" auth="$5"
[[ "$repository_uri" =~ ^[A-Za-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+$ ]] \
  || refuse "'$repository_uri' is not a repository URI (<registry host>[:port]/<repository>)"
registry="${repository_uri%%/*}"
repository="${repository_uri#*/}"
[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] \
  || refuse "'$digest' is not an image digest (sha256:<64 hex digits>)"
[[ -n "$key_id" ]] || refuse "KEY_ID is empty (the KMS key that signed the image)"
case "$auth" in
  ecr | none) ;;
  *) refuse "AUTH is ecr or none, not '$auth'" ;;
esac
case "${PUBLISH_TLS_VERIFY:-true}" in
  true) scheme=https ;;
  false)
    [[ "$registry" =~ ^(127\.0\.0\.1|localhost)(:[0-9]+)?$ ]] \
      || refuse "PUBLISH_TLS_VERIFY=false is only for a registry on this machine, not $registry"
    scheme=http
    ;;
  *) refuse "PUBLISH_TLS_VERIFY is true or false, not '$PUBLISH_TLS_VERIFY'" ;;
esac

die() {
  echo "publish-attachments: $*" >&2
  exit 1
}
[[ -f "$dir/deploy-hook.jar" ]] || die "$dir has no deploy-hook.jar (written by buildspec/sign-image.sh)"
[[ -f "$dir/attachments/index.json" ]] || die "$dir/attachments is not an OCI layout (no index.json)"
# The attachments must be this image's: the signature's tag is sha256-<hex of DIGEST>.sig.
signature_tag="sha256-${digest#sha256:}.sig"
tags="$(jq -r '.manifests[].annotations["org.opencontainers.image.ref.name"] // empty' \
  "$dir/attachments/index.json")" || die "cannot read $dir/attachments/index.json"
grep -qxF "$signature_tag" <<<"$tags" \
  || die "$dir/attachments holds no signature of $digest (tags: ${tags//$'\n'/ }): the Build stage signed another image"

supply_chain() {
  java -cp "$dir/deploy-hook.jar" io.clockmirror.deployhook.supplychain.SupplyChainMain "$@"
}
registry_url="$scheme://$registry"
supply_chain push --layout "$dir/attachments" --registry "$registry_url" \
  --repository "$repository" --auth "$auth" \
  || die "pushing the signature and the bill of materials to $repository_uri failed"
if ! supply_chain verify --registry "$registry_url" --repository "$repository" \
  --digest "$digest" --key-id "$key_id" --auth "$auth"; then
  die "$repository_uri@$digest has no valid signature by $key_id: refusing the deploy"
fi
echo "publish-attachments: $repository_uri@$digest is signed by $key_id"
