#!/usr/bin/env bash
# What each environment costs a month, computed from its synthesized templates at the dated list
# prices of src/main/resources/prices/<region>.json (docs/cost.md). No AWS account is needed.
#
#   infra/cost.sh [--json] [--templates DIR] [ENV...]
#       Markdown tables of cdk.json's environments (or those named), or with --json one JSON object
#       per environment. Without --templates the app is synthesized first into a temporary
#       directory; with it, the templates a synthesis wrote there are read (cdk.out/all).
#   infra/cost.sh --update-docs [--templates DIR]
#       rewrites the generated tables of docs/cost.md (CostDocsTest fails while they are stale).
set -euo pipefail
caller="$PWD"
cd "$(dirname "$0")"
source ../lib/common.sh
cm_use_jdk25
export AWS_EC2_METADATA_DISABLED=true JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1

args=()
templates=""
while (($# > 0)); do
  case "$1" in
    --templates)
      (($# >= 2)) || cm_die "--templates needs a directory"
      templates="$(cd "$caller" && cd "$2" && pwd)" || cm_die "no directory $2"
      shift 2
      ;;
    --update-docs)
      args+=(--update-docs "$(cd .. && pwd)/docs/cost.md")
      shift
      ;;
    -h | --help)
      sed -n '2,12p' "$0"
      exit 0
      ;;
    *)
      args+=("$1")
      shift
      ;;
  esac
done

if [[ -z "$templates" ]]; then
  templates="$(mktemp -d)"
  trap 'rm -rf "$templates"' EXIT
  # The app writes its templates where CDK_OUTDIR says, as it does under the CDK CLI; what it
  # prints (cdk-nag's report) goes to stderr so that stdout is the estimate alone.
  CDK_OUTDIR="$templates" bash cdk-app.sh >&2
fi
CM_INFRA_MAIN=io.clockmirror.infra.cost.CostCli bash cdk-app.sh --templates "$templates" "${args[@]}"
