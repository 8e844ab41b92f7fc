#!/usr/bin/env bash
# Pushes a locally loaded image to ECR under one tag, a tag buildspec/image-tag.sh makes for the current
# version: <version>-<short sha> (the pipeline's DeployECR) or <version>-<short sha>-manual.<time>
# (the first deploy by hand, docs/deploy.md). The repository's tags are immutable and each of
# these names one commit, so two publications never want the same tag:
#   - the tag is free            -> push it
#   - the tag is already there   -> push nothing: a retried run of the same commit
# Any other tag is refused, so that nothing can take a tag another commit will need.
#
#   buildspec/publish-image.sh LOCAL_IMAGE REPOSITORY_URI TAG
#   e.g. buildspec/publish-image.sh clockmirror:1.2.0-1a2b3c4 \
#          123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev-clockmirror 1.2.0-1a2b3c4
#
# Needs `aws` and `docker` on PATH and a `docker login` to the registry.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 LOCAL_IMAGE REPOSITORY_URI TAG" >&2
  exit 2
fi
local_image="$1" repository_uri="$2" tag="$3"
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
  echo "publish-image: $tag is already in $repository ($existing): not pushed again"
else
  docker tag "$local_image" "$repository_uri:$tag"
  docker push "$repository_uri:$tag"
fi
echo "publish-image: $repository_uri:$tag"
