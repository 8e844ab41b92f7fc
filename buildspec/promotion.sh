#!/usr/bin/env bash
# The record that an image passed an environment's smoke test, and the check the next
# environment's push makes against it before anything is pushed.
#
#   buildspec/promotion.sh record FILE
#       after SmokeTest passed: writes ENVIRONMENT, IMAGE_DIGEST, IMAGE_TAG, IMAGE_VERSION
#       (from ENV_NAME and the IMAGE_* variables) to FILE, the smoke test's output artifact
#   buildspec/promotion.sh check
#       in DeployECR: with PROMOTED_FROM unset (the first environment) prints that the image
#       comes from the build; otherwise requires the artifact Passed_<PROMOTED_FROM>
#       ($CODEBUILD_SRC_DIR_Passed_<env>/promotion.env) to name that environment and exactly
#       the IMAGE_DIGEST and IMAGE_TAG about to be pushed
set -euo pipefail

usage() {
  echo "usage: $0 record FILE | check" >&2
  exit 2
}

require_image_variables() {
  : "${IMAGE_DIGEST:?IMAGE_DIGEST is not set}" "${IMAGE_TAG:?IMAGE_TAG is not set}"
  if [[ ! "$IMAGE_DIGEST" =~ ^sha256:[0-9a-f]{64}$ ]]; then
    echo "promotion: '$IMAGE_DIGEST' is not an image digest" >&2
    exit 2
  fi
}

# The value of KEY in a record file, or nothing.
field() {
  sed -n "s/^$1=//p" "$2" | head -n 1
}

case "${1:-}" in
  record)
    [[ $# -eq 2 ]] || usage
    require_image_variables
    : "${ENV_NAME:?ENV_NAME is not set}" "${IMAGE_VERSION:?IMAGE_VERSION is not set}"
    mkdir -p "$(dirname "$2")"
    printf 'ENVIRONMENT=%s\nIMAGE_DIGEST=%s\nIMAGE_TAG=%s\nIMAGE_VERSION=%s\n' \
      "$ENV_NAME" "$IMAGE_DIGEST" "$IMAGE_TAG" "$IMAGE_VERSION" >"$2"
    echo "promotion: $IMAGE_TAG ($IMAGE_DIGEST) passed $ENV_NAME"
    ;;
  check)
    [[ $# -eq 1 ]] || usage
    require_image_variables
    if [[ -z "${PROMOTED_FROM:-}" ]]; then
      echo "promotion: first environment: $IMAGE_TAG ($IMAGE_DIGEST) comes from the build"
      exit 0
    fi
    directory_variable="CODEBUILD_SRC_DIR_Passed_$PROMOTED_FROM"
    record="${!directory_variable:-}/promotion.env"
    if [[ -z "${!directory_variable:-}" || ! -f "$record" ]]; then
      echo "promotion: no record that the image passed $PROMOTED_FROM (artifact Passed_$PROMOTED_FROM): refusing to push" >&2
      exit 1
    fi
    passed_env="$(field ENVIRONMENT "$record")"
    passed_digest="$(field IMAGE_DIGEST "$record")"
    passed_tag="$(field IMAGE_TAG "$record")"
    if [[ "$passed_env" != "$PROMOTED_FROM" || "$passed_digest" != "$IMAGE_DIGEST" || "$passed_tag" != "$IMAGE_TAG" ]]; then
      cat >&2 <<MSG
promotion: the image to push is $IMAGE_TAG ($IMAGE_DIGEST), but what passed $PROMOTED_FROM
  was $passed_tag ($passed_digest) in '$passed_env': refusing to push
MSG
      exit 1
    fi
    echo "promotion: $IMAGE_TAG ($IMAGE_DIGEST) passed $PROMOTED_FROM"
    ;;
  *) usage ;;
esac
