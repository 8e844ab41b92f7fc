#!/usr/bin/env bash
# Pushes a locally loaded image to ECR under two tags: the release version (root pom) and
# <version>-<short sha>. The repository's tags are immutable, so a version is published once:
#   - the version tag is free                     -> push both tags
#   - it already names this commit's image        -> nothing to do (a retried pipeline run)
#   - it names an image from another commit       -> fail: bump the version in the root pom.xml
#
#   ci/publish-image.sh LOCAL_IMAGE REPOSITORY_URI VERSION TAG
#   e.g. ci/publish-image.sh clockmirror:1.2.0-1a2b3c4 \
#          123456789012.dkr.ecr.eu-west-1.amazonaws.com/dev-clockmirror 1.2.0 1.2.0-1a2b3c4
#
# Needs `aws` and `docker` on PATH and a `docker login` to the registry.
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 LOCAL_IMAGE REPOSITORY_URI VERSION TAG" >&2
  exit 2
fi
local_image="$1" repository_uri="$2" version="$3" tag="$4"
registry="${repository_uri%%/*}"
repository="${repository_uri#*/}"
# <account>.dkr.ecr.<region>.amazonaws.com
region="$(cut -d. -f4 <<<"$registry")"
[[ "$tag" == "$version"-* ]] || { echo "publish-image: tag '$tag' does not start with version '$version'" >&2; exit 2; }

# The digest a tag points to in the repository, or nothing when the tag does not exist.
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

version_digest="$(digest_of "$version")"
tag_digest="$(digest_of "$tag")"

if [[ -n "$version_digest" && "$version_digest" != "$tag_digest" ]]; then
  cat >&2 <<MSG
publish-image: version $version is already published in $repository
  ($version -> $version_digest) from another commit, and tags there are immutable.
  Cut a new release: raise the version in pom.xml and in each module's <parent> (README,
  "Cutting a release"), commit, push.
MSG
  exit 1
fi

if [[ -z "$tag_digest" ]]; then
  docker tag "$local_image" "$repository_uri:$tag"
  docker push "$repository_uri:$tag"
else
  echo "publish-image: $tag is already in $repository ($tag_digest): not pushed again"
fi
if [[ -z "$version_digest" ]]; then
  docker tag "$local_image" "$repository_uri:$version"
  docker push "$repository_uri:$version"
else
  echo "publish-image: $version already names this commit's image: not pushed again"
fi
echo "publish-image: $repository_uri:$version and :$tag"
