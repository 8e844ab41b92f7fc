#!/usr/bin/env bash
# Pushes the image the Build stage made once (an OCI image layout, buildspec/oci_layout.py) to one
# environment's ECR repository under one tag, and proves the registry holds exactly that image:
# the digest must equal DIGEST before the push (the layout's own manifest), after it (what the
# registry reports for the tag) and for a tag that is already there. Any difference fails.
#   - the tag is free                       -> push the layout's bytes unchanged (crane push)
#   - the tag is there with DIGEST          -> push nothing: a retried run of the same commit
#   - the tag is there with another digest  -> fail: the repository holds another image under it
# Tags are those buildspec/image-tag.sh makes for the current version: <version>-<short sha> (the
# pipeline) or <version>-<short sha>-manual.<time> (the first deploy by hand, docs/deploy.md).
#
#   buildspec/publish-image.sh LAYOUT_DIR REPOSITORY_URI TAG DIGEST
#   e.g. buildspec/publish-image.sh "$CODEBUILD_SRC_DIR_Image/image" \
#          123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev-clockmirror 1.2.0-1a2b3c4 sha256:<hex>
#
# Needs `aws`, `crane` and `jq` on PATH and a `crane auth login` to the registry.
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 LAYOUT_DIR REPOSITORY_URI TAG DIGEST" >&2
  exit 2
fi
layout="$1" repository_uri="$2" tag="$3" digest="$4"
registry="${repository_uri%%/*}"
repository="${repository_uri#*/}"
# <account>.dkr.ecr.<region>.amazonaws.com
region="$(cut -d. -f4 <<<"$registry")"
version="$("$(dirname "$0")/project-version.sh")"
if [[ ! "$tag" =~ ^"$version"-[0-9a-f]{7}(-manual\.[0-9]{14})?$ ]]; then
  cat >&2 <<MSG
publish-image: '$tag' is not a tag of version $version made by buildspec/image-tag.sh
  (<version>-<short sha>, or <version>-<short sha>-manual.<time> for an image published by hand)
MSG
  exit 2
fi
if [[ ! "$digest" =~ ^sha256:[0-9a-f]{64}$ ]]; then
  echo "publish-image: '$digest' is not an image digest (sha256:<64 hex digits>)" >&2
  exit 2
fi

# The layout must be the image the digest names: one manifest, whose bytes hash to DIGEST.
if ! indexed="$(jq -er '.manifests | if length == 1 then .[0].digest else error("not one image") end' "$layout/index.json" 2>&1)"; then
  echo "publish-image: $layout is not an image layout of one image: $indexed" >&2
  exit 1
fi
manifest="$layout/blobs/sha256/${indexed#sha256:}"
actual="sha256:$(sha256sum "$manifest" | cut -d' ' -f1)"
if [[ "$indexed" != "$digest" || "$actual" != "$digest" ]]; then
  echo "publish-image: the layout holds $indexed (manifest bytes $actual), not the image $digest" >&2
  exit 1
fi

# The digest the tag points to in the repository, or nothing when the tag does not exist.
digest_of() {
  local out
  if out="$(aws ecr describe-images --region "$region" --repository-name "$repository" \
    --image-ids "imageTag=$1" --query 'imageDetails[0].imageDigest' --output text 2>&1)"; then
    echo "$out"
  elif grep -q ImageNotFoundException <<<"$out"; then
    echo ""
  else
    echo "publish-image: cannot look up tag $1 in $repository: $out" >&2
    return 1
  fi
}

existing="$(digest_of "$tag")"
if [[ -n "$existing" ]]; then
  if [[ "$existing" != "$digest" ]]; then
    echo "publish-image: $repository already holds $tag as $existing, not $digest: refusing" >&2
    exit 1
  fi
  echo "publish-image: $tag is already in $repository as $digest: not pushed again"
else
  crane push "$layout" "$repository_uri:$tag"
  pushed="$(digest_of "$tag")"
  if [[ "$pushed" != "$digest" ]]; then
    echo "publish-image: the registry reports $tag as '$pushed' after the push, not $digest" >&2
    exit 1
  fi
fi
echo "publish-image: $repository_uri:$tag@$digest"
