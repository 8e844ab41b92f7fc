#!/usr/bin/env bash
# The processor architecture of the one image in an OCI image layout (buildspec/oci_layout.py), as
# its config records it (amd64, arm64); with --expect, fails unless it is that one. DeployECR runs
# it before every push with the architecture the environment's tasks run on, so an image built for
# the other processor family never reaches an environment (Fargate would fail to start it with
# "exec format error" only at deploy time).
#
#   buildspec/image-architecture.sh LAYOUT_DIR                 prints e.g. amd64
#   buildspec/image-architecture.sh --expect arm64 LAYOUT_DIR  fails unless the image is arm64
set -euo pipefail

usage() {
  echo "usage: $0 [--expect amd64|arm64] LAYOUT_DIR" >&2
  exit 2
}

expected=""
if [[ "${1:-}" == --expect ]]; then
  [[ $# -ge 2 ]] || usage
  expected="$2"
  shift 2
  [[ "$expected" =~ ^(amd64|arm64)$ ]] || usage
fi
[[ $# -eq 1 ]] || usage
layout="$1"

blob() {
  local digest="$1"
  local file="$layout/blobs/sha256/${digest#sha256:}"
  [[ -f "$file" ]] || {
    echo "image-architecture: $layout has no blob $digest" >&2
    exit 1
  }
  cat "$file"
}

manifest="$(jq -er '.manifests | if length == 1 then .[0].digest else error("not one image") end' "$layout/index.json")"
config="$(blob "$manifest" | jq -er '.config.digest')"
architecture="$(blob "$config" | jq -er '.architecture')"
if [[ -n "$expected" && "$architecture" != "$expected" ]]; then
  echo "image-architecture: the image is built for $architecture, but this environment's tasks run on $expected: build it on $expected (cpuArchitecture in infra/cdk.json)" >&2
  exit 1
fi
echo "$architecture"
