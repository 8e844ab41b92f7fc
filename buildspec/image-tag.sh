#!/usr/bin/env bash
# Prints the image tag for a commit. Every image this project publishes is tagged by this script,
# so a tag names one commit (and, for an image pushed by hand, one moment):
#
#   buildspec/image-tag.sh COMMIT             <version>-<first 7 of COMMIT>                 the pipeline's
#   buildspec/image-tag.sh --manual COMMIT    <version>-<first 7>-manual.<UTC yyyymmddHHMMSS>  by hand
#
# <version> is the root pom's (buildspec/project-version.sh). ECR tags are immutable: a hand-published
# image never takes the tag the pipeline will want for the same commit, and a fix commit of the
# same version gets a tag of its own.
set -euo pipefail

usage() {
  echo "usage: $0 [--manual] COMMIT" >&2
  exit 2
}

manual=false
if [[ "${1:-}" == --manual ]]; then
  manual=true
  shift
fi
[[ $# -eq 1 ]] || usage
commit="$1"
if [[ ! "$commit" =~ ^[0-9a-f]{7,40}$ ]]; then
  echo "image-tag: '$commit' is not a commit id (7 to 40 lower-case hex digits)" >&2
  exit 2
fi
version="$("$(dirname "$0")/project-version.sh")"
tag="$version-${commit:0:7}"
if $manual; then
  tag="$tag-manual.$(date -u +%Y%m%d%H%M%S)"
fi
echo "$tag"
