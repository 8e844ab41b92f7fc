#!/usr/bin/env bash
# Checks a cosign "simple signing" signature of an image with nothing but curl, jq and openssl: a
# verifier independent of the project's Java code, following cosign's signature specification.
#
#   deploy-hook/cosign-verify.sh REGISTRY_URL REPOSITORY sha256:DIGEST PUBLIC_KEY_PEM
#
# REGISTRY_URL is http(s)://host[:port]; REGISTRY_AUTHORIZATION, when set, is sent as the
# Authorization header (ECR: "Basic $(aws ecr get-authorization-token --query
# 'authorizationData[0].authorizationToken' --output text)"). Exit 0 when one layer of the manifest
# tagged sha256-<hex>.sig is a simple-signing payload whose ECDSA signature (the layer annotation
# dev.cosignproject.cosign/signature) verifies under the key and which names exactly this digest;
# exit 1 with the reason otherwise, 2 on a usage error.
set -euo pipefail

(($# == 4)) || {
  echo "usage: $0 REGISTRY_URL REPOSITORY sha256:DIGEST PUBLIC_KEY_PEM" >&2
  exit 2
}
registry="${1%/}" repository="$2" digest="$3" key="$4"
[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || {
  echo "not a sha256 digest: $digest" >&2
  exit 2
}
for command in curl jq openssl sha256sum base64; do
  command -v "$command" >/dev/null || {
    echo "cosign-verify: needs $command" >&2
    exit 2
  }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
auth=()
[[ -z "${REGISTRY_AUTHORIZATION:-}" ]] || auth=(-H "Authorization: $REGISTRY_AUTHORIZATION")

refuse() {
  echo "cosign-verify: $*" >&2
  exit 1
}

tag="sha256-${digest#sha256:}.sig"
status="$(curl -sS -L "${auth[@]}" -o "$work/manifest" -w '%{http_code}' \
  -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "$registry/v2/$repository/manifests/$tag")" || refuse "registry $registry unreachable"
[[ "$status" != 404 ]] || refuse "unsigned: no $repository:$tag"
[[ "$status" == 200 ]] || refuse "GET manifest $tag: HTTP $status"

count="$(jq '.layers | length' "$work/manifest")" || refuse "signature manifest is not JSON"
for ((i = 0; i < count; i++)); do
  layer="$(jq -c ".layers[$i]" "$work/manifest")"
  [[ "$(jq -r '.mediaType' <<<"$layer")" == application/vnd.dev.cosign.simplesigning.v1+json ]] || continue
  blob="$(jq -r '.digest' <<<"$layer")"
  jq -r '.annotations["dev.cosignproject.cosign/signature"] // empty' <<<"$layer" >"$work/signature.b64"
  base64 -d "$work/signature.b64" >"$work/signature.der" 2>/dev/null || continue
  curl -sSf -L "${auth[@]}" -o "$work/payload" "$registry/v2/$repository/blobs/$blob" || continue
  [[ "sha256:$(sha256sum "$work/payload" | cut -d' ' -f1)" == "$blob" ]] || continue
  openssl dgst -sha256 -verify "$key" -signature "$work/signature.der" "$work/payload" >/dev/null 2>&1 || continue
  if jq -e --arg digest "$digest" \
    '.critical.type == "cosign container image signature"
       and .critical.image["docker-manifest-digest"] == $digest' "$work/payload" >/dev/null 2>&1; then
    echo "verified: $repository@$digest is signed by $key (layer $((i + 1)) of $count)"
    exit 0
  fi
done
refuse "no layer of $repository:$tag is a valid signature of $digest by $key"
