#!/usr/bin/env bash
# Prints the cdk deploy arguments that tell an environment's app stack where its listener rules
# forward today, read from the live rules, so that the template states the live weights and an
# update of a rule moves no traffic (docs/deployment-strategies.md, "After the first deployment"):
#   --parameters
#   <env>-clockmirror-app:ProductionRuleTarget=<primary|alternate>
#   --parameters
#   <env>-clockmirror-app:TestRuleTarget=<primary|alternate>
# one argument a line (read them with mapfile). ECS moves the weights of both rules on every
# canary, linear or blue/green deployment and leaves all traffic on the new revision's group;
# CloudFormation would otherwise write back the weights of the template (aws/aws-cdk#36649).
#
# Prints nothing when there is nothing to read: the stack does not exist yet, or has no rules
# (a rolling environment, or one whose first traffic-shifting deploy this is); the parameters'
# default (primary) is then right. Fails when a rule splits traffic between the two groups: a
# deployment is shifting traffic right now, and the next one must wait for it.
#
#   buildspec/live-target-groups.sh ENV        e.g. buildspec/live-target-groups.sh prod
#   CDK_JSON=path                              another cdk.json (tests)
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 ENV" >&2
  exit 2
fi
env_name="$1"
cdk_json="${CDK_JSON:-$(dirname "$0")/../infra/cdk.json}"
region="$(jq -r --arg env "$env_name" '.context["clockmirror:environments"][$env].region // empty' "$cdk_json")"
if [[ -z "$region" ]]; then
  echo "live-target-groups: environment '$env_name' is not in $cdk_json" >&2
  exit 2
fi
stack="$env_name-clockmirror-app"

# aws cloudformation describe-stacks: Stacks[0].Outputs[] of {OutputKey, OutputValue}.
if ! outputs="$(aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
  --query 'Stacks[0].Outputs' --output json 2>&1)"; then
  if grep -q "does not exist" <<<"$outputs"; then
    exit 0
  fi
  echo "live-target-groups: cannot read the outputs of $stack: $outputs" >&2
  exit 1
fi
output() {
  jq -r --arg key "$1" '(. // [])[] | select(.OutputKey == $key) | .OutputValue' <<<"$outputs"
}
primary="$(output PrimaryTargetGroupArn)"
alternate="$(output AlternateTargetGroupArn)"

# Where one rule forwards: primary or alternate, from its forward action's weights
# (aws elbv2 describe-rules: Rules[0].Actions[] with ForwardConfig.TargetGroups[] of
# {TargetGroupArn, Weight}, or a plain TargetGroupArn for a single group).
forwards_to() {
  local rule_arn="$1" rule_name="$2" rules weights primary_weight alternate_weight
  if ! rules="$(aws elbv2 describe-rules --region "$region" --rule-arns "$rule_arn" --output json 2>&1)"; then
    echo "live-target-groups: cannot read the $rule_name rule of $stack: $rules" >&2
    return 1
  fi
  weights="$(jq -c '[.Rules[0].Actions[] | select(.Type == "forward")
      | (.ForwardConfig.TargetGroups // [{TargetGroupArn: .TargetGroupArn, Weight: 1}])[]]' <<<"$rules")"
  primary_weight="$(jq --arg arn "$primary" '[.[] | select(.TargetGroupArn == $arn) | .Weight // 1] | add // 0' <<<"$weights")"
  alternate_weight="$(jq --arg arn "$alternate" '[.[] | select(.TargetGroupArn == $arn) | .Weight // 1] | add // 0' <<<"$weights")"
  if ((primary_weight > 0 && alternate_weight == 0)); then
    echo primary
  elif ((alternate_weight > 0 && primary_weight == 0)); then
    echo alternate
  else
    cat >&2 <<MSG
live-target-groups: the $rule_name rule of $stack forwards to the primary group at weight
  $primary_weight and to the alternate at weight $alternate_weight: a deployment is shifting traffic.
  Wait until it has finished (aws ecs describe-services ... --query 'services[0].deployments'), then deploy.
MSG
    return 1
  fi
}

arguments=()
for rule in Production Test; do
  rule_arn="$(output "${rule}RuleArn")"
  if [[ -z "$rule_arn" ]]; then
    exit 0
  fi
  target="$(forwards_to "$rule_arn" "$(tr '[:upper:]' '[:lower:]' <<<"$rule")")"
  arguments+=(--parameters "$stack:${rule}RuleTarget=$target")
done
printf '%s\n' "${arguments[@]}"
