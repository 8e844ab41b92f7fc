#!/usr/bin/env bash
# Prints the release version: the <version> of the root pom.xml, the single source of every image
# tag. Read with sed rather than Maven so that build images without a JDK can use it; the infra
# tests check that it agrees with the version Maven sees.
set -euo pipefail

pom="${1:-$(dirname "$0")/../pom.xml}"
# The project's own <version> is the first one indented as a direct child of <project> (the root
# pom has no <parent>; dependency and plugin versions are nested deeper).
version="$(sed -n 's|^  <version>\([^<]*\)</version>.*$|\1|p' "$pom" | head -n 1)"

# Semantic version: MAJOR.MINOR.PATCH with an optional pre-release such as -rc.1.
if [[ ! "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "project-version: '$version' in $pom is not a semantic version (MAJOR.MINOR.PATCH)" >&2
  exit 1
fi
echo "$version"
