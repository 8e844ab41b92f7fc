#!/usr/bin/env bash
# Synthesizes the whole app with the pinned CDK CLI, offline (no AWS account, no credentials):
# without -c env every environment's stacks and the one pipeline, then with -c env=<name> that
# environment's two stacks alone, as a deploy action selects them; the two must write that
# environment's templates byte for byte the same. Lints every template with cfn-lint. Fails when a
# template is missing or extra or differs between the syntheses, cdk-nag reports an error, or
# cfn-lint reports anything (error or warning).
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

cm_require_commands jq
npm ci --no-audit --no-fund --loglevel=error
environments=()
mapfile -t environments < <(jq -r '.context["clockmirror:environments"] | keys_unsorted[]' cdk.json)

# What a synthesis must write: exactly these templates.
expect_templates() {
  local out="$1"
  shift
  local expected actual
  expected="$(printf '%s.template.json\n' "$@" | sort)"
  actual="$(cd "$out" && ls -1 -- *.template.json | sort)"
  if [[ "$expected" != "$actual" ]]; then
    cm_die "$out holds $(tr '\n' ' ' <<<"$actual")instead of $(tr '\n' ' ' <<<"$expected")"
  fi
}

out=cdk.out/all
rm -rf "$out"
start=$(date +%s)
npx --no-install cdk synth --output "$out" --quiet --no-notices
stacks=(clockmirror-pipeline)
for env in "${environments[@]}"; do
  stacks+=("$env-clockmirror-ecr" "$env-clockmirror-app")
done
expect_templates "$out" "${stacks[@]}"
echo "cdk synth: ${#stacks[@]} templates (${stacks[*]}) in $(($(date +%s) - start)) s"

env="${environments[-1]}"
selected="cdk.out/$env"
rm -rf "$selected"
start=$(date +%s)
npx --no-install cdk synth -c "env=$env" --output "$selected" --quiet --no-notices
expect_templates "$selected" "$env-clockmirror-ecr" "$env-clockmirror-app"
echo "cdk synth -c env=$env: its two stacks alone in $(($(date +%s) - start)) s"

# Each synthesis is a JVM of its own, so anything written in hash order (Map.of, Set.of) comes out
# in another order: the same stack must come out byte for byte the same.
for stack in "$env-clockmirror-ecr" "$env-clockmirror-app"; do
  cmp -s "$out/$stack.template.json" "$selected/$stack.template.json" ||
    cm_die "$stack.template.json differs between two syntheses ($(cmp "$out/$stack.template.json" "$selected/$stack.template.json" | head -1 || true)): something is written in hash order (Map.of, Set.of)"
done
echo "the same template from both syntheses, byte for byte"

command -v cfn-lint >/dev/null || cm_die "cfn-lint is needed (the machine's Python has it: pip install cfn-lint==1.51.0)"
echo "== $(cfn-lint --version) on every template"
cfn-lint "$out"/*.template.json
echo "cfn-lint: no errors, no warnings"
