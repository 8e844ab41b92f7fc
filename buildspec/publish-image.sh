#!/usr/bin/env bash
# Pushes the image the Build stage made once (an OCI image layout, buildspec/oci_layout.py) to one
# environment's repository under one tag, and proves the registry holds exactly that image: the
# digest must equal DIGEST before the push (the layout's own manifest), after it (what the
# registry serves for the tag) and for a tag that is already there. Any difference fails.
#   - the tag is free                       -> push the layout's bytes unchanged
#                                              (skopeo copy --preserve-digests)
#   - the tag is there with DIGEST          -> push nothing: a retried run of the same commit
#   - the tag is there with another digest  -> fail: the repository holds another image under it
# Tags are those buildspec/image-tag.sh makes for the current version: <version>-<short sha> (the
# pipeline) or <version>-<short sha>-manual.<time> (the first deploy by hand, docs/deploy.md).
#
#   buildspec/publish-image.sh LAYOUT_DIR REPOSITORY_URI TAG DIGEST
#   e.g. buildspec/publish-image.sh "$CODEBUILD_SRC_DIR_Image/image" \
#          222222222222.dkr.ecr.eu-west-1.amazonaws.com/prod-clockmirror 1.2.0-1a2b3c4 sha256:<hex>
#
# Every read goes through the registry API, the one ECS pulls through, never through the ECR API:
# the registry host in REPOSITORY_URI names the account, so an environment in another account than
# the pipeline is read where it is pushed, and the same script runs against any registry
# (buildspec/registry-check.sh runs it against a local one). Reads take the raw manifest
# (`skopeo inspect --raw`, ecr:BatchGetImage only) and hash its bytes: that hash is the digest.
#
# Needs `skopeo`, `jq` and `sha256sum` on PATH and a `skopeo login` to the registry. TLS is always
# verified; PUBLISH_TLS_VERIFY=false (plain HTTP) is accepted only for a registry on 127.0.0.1 or
# localhost, for the local check.
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 LAYOUT_DIR REPOSITORY_URI TAG DIGEST" >&2
  exit 2
fi
layout="$1" repository_uri="$2" tag="$3" digest="$4"
registry="${repository_uri%%/*}"
repository="${repository_uri#*/}"
if [[ ! "$repository_uri" =~ ^[A-Za-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+$ ]]; then
  echo "publish-image: '$repository_uri' is not a repository URI (<registry host>[:port]/<repository>)" >&2
  exit 2
fi
# skopeo reads oci:<path>[:<reference>]: a colon in the path would be taken for a reference.
if [[ "$layout" == *:* ]]; then
  echo "publish-image: the layout path '$layout' must not contain ':'" >&2
  exit 2
fi
tls_verify="${PUBLISH_TLS_VERIFY:-true}"
case "$tls_verify" in
  true) ;;
  false)
    if [[ ! "$registry" =~ ^(127\.0\.0\.1|localhost)(:[0-9]+)?$ ]]; then
      echo "publish-image: PUBLISH_TLS_VERIFY=false is only for a registry on this machine, not $registry" >&2
      exit 2
    fi
    ;;
  *)
    echo "publish-image: PUBLISH_TLS_VERIFY is true or false, not '$tls_verify'" >&2
    exit 2
    ;;
esac
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

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# skopeo reports an error as one log line (time=... level=fatal msg="..."): its message alone.
skopeo_error() {
  tail -n 1 "$1" | sed -E 's/^time="[^"]*" level=[a-z]+ msg="(.*)"$/\1/; s/\\"/"/g'
}

# The digest the registry serves for a tag, or nothing when the repository has no such tag.
digest_of() {
  if skopeo inspect --raw --tls-verify="$tls_verify" "docker://$repository_uri:$1" \
    >"$scratch/manifest" 2>"$scratch/error"; then
    echo "sha256:$(sha256sum "$scratch/manifest" | cut -d' ' -f1)"
    return 0
  fi
  local error
  error="$(skopeo_error "$scratch/error")"
  case "$error" in
    *"manifest unknown"*) echo "" ;;
    *"name unknown"*)
      echo "publish-image: the registry $registry has no repository $repository (deploy its stack first; the URI must name the environment's account and region): $error" >&2
      return 1
      ;;
    *unauthorized* | *denied* | *"authentication required"*)
      echo "publish-image: $registry refuses to show $repository: log in first (aws ecr get-login-password --region <region> | skopeo login --username AWS --password-stdin $registry): $error" >&2
      return 1
      ;;
    *"pinging container registry"* | *"dial tcp"* | *"no such host"*)
      echo "publish-image: cannot reach the registry $registry: $error" >&2
      return 1
      ;;
    *)
      echo "publish-image: cannot read $tag from $repository_uri: $error" >&2
      return 1
      ;;
  esac
}

existing="$(digest_of "$tag")"
if [[ -n "$existing" ]]; then
  if [[ "$existing" != "$digest" ]]; then
    echo "publish-image: $repository already holds $tag as $existing, not $digest: refusing" >&2
    exit 1
  fi
  echo "publish-image: $tag is already in $repository as $digest: not pushed again"
else
  # --preserve-digests: skopeo fails rather than write the manifest in another form; it also
  # checks every blob it uploads against the digest the manifest names.
  if ! skopeo copy --preserve-digests --dest-tls-verify="$tls_verify" \
    "oci:$layout" "docker://$repository_uri:$tag" 2>"$scratch/error"; then
    echo "publish-image: pushing $tag to $repository_uri failed: $(skopeo_error "$scratch/error")" >&2
    exit 1
  fi
  pushed="$(digest_of "$tag")"
  if [[ "$pushed" != "$digest" ]]; then
    echo "publish-image: the registry serves $tag as '$pushed' after the push, not $digest" >&2
    exit 1
  fi
fi
echo "publish-image: $repository_uri:$tag@$digest"
