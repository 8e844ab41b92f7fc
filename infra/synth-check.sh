#!/usr/bin/env bash
# Synthesizes every stack of every environment with the pinned CDK CLI, offline: no AWS
# account, no credentials, then lints the templates with cfn-lint. Fails when a template is
# missing, cdk-nag reports an error, or cfn-lint reports anything (error or warning).
set -euo pipefail
cd "$(dirname "$0")"
source ../lib/common.sh
# The CDK app command (cdk.json, cdk-app.sh) runs the compiled Java app, building it when sources changed: JDK 25.
cm_use_jdk25

export AWS_EC2_METADATA_DISABLED=true
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
export CDK_DISABLE_VERSION_CHECK=1
export CDK_DISABLE_CLI_TELEMETRY=true
unset CDK_DEFAULT_ACCOUNT AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN

npm ci --no-audit --no-fund --loglevel=error
for env in dev prod; do
  out="cdk.out/$env"
  rm -rf "$out"
  start=$(date +%s)
  npx --no-install cdk synth -c "env=$env" --output "$out" --quiet --no-notices
  for stack in ecr app pipeline; do
    test -s "$out/$env-clockmirror-$stack.template.json"
  done
  templates=("$out"/*.template.json)
  echo "cdk synth -c env=$env: ${templates[*]##*/} in $(($(date +%s) - start)) s"
done

command -v cfn-lint >/dev/null || cm_die "cfn-lint is needed (the machine's Python has it: pip install cfn-lint)"
echo "== $(cfn-lint --version) on every template"
cfn-lint cdk.out/dev/*.template.json cdk.out/prod/*.template.json
echo "cfn-lint: no errors, no warnings"
