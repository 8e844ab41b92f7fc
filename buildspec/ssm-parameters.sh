#!/usr/bin/env bash
# Prints the cdk deploy arguments that hand an environment's SSM overrides to its app stack:
# for each setting listed in the environment's "ssmOverrides" (infra/cdk.json) the value of
# /clockmirror/<env>/<setting> from Parameter Store, as
#   --parameters
#   <env>-clockmirror-app:<Setting>=<value>
# one argument a line (read them with mapfile). An environment without overrides prints nothing
# and calls no AWS API.
#
# Why not let CloudFormation read Parameter Store (a parameter of type
# AWS::SSM::Parameter::Value<String>): cdk deploy works through the CDK bootstrap deploy role,
# which may read only the bootstrap version parameter, so change-set creation would fail with
# AccessDenied. The caller's own credentials read the values here instead (the DeployApp build
# role may read /clockmirror/<env>/*).
#
#   buildspec/ssm-parameters.sh ENV        e.g. buildspec/ssm-parameters.sh prod
#   CDK_JSON=path                   another cdk.json (tests)
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 ENV" >&2
  exit 2
fi
env_name="$1"
cdk_json="${CDK_JSON:-$(dirname "$0")/../infra/cdk.json}"

environments='.context["clockmirror:environments"]'
if ! jq -e --arg env "$env_name" "$environments | has(\$env)" "$cdk_json" >/dev/null; then
  echo "ssm-parameters: environment '$env_name' is not in $cdk_json" >&2
  exit 2
fi
overrides="$(jq -r --arg env "$env_name" "${environments}[\$env].ssmOverrides // [] | .[]" "$cdk_json")"

# Printed only once every value has been read: a failed read leaves nothing half-passed.
arguments=()
for setting in $overrides; do
  name="/clockmirror/$env_name/$setting"
  if ! value="$(aws ssm get-parameter --name "$name" --query Parameter.Value --output text 2>&1)"; then
    cat >&2 <<MSG
ssm-parameters: cannot read $name, which ssmOverrides of $env_name lists: $value
  Create it first, e.g. aws ssm put-parameter --name $name --type String --value <number>
MSG
    exit 1
  fi
  if [[ ! "$value" =~ ^[0-9]+$ ]]; then
    echo "ssm-parameters: $name holds '$value', not a whole number" >&2
    exit 1
  fi
  arguments+=(--parameters "$env_name-clockmirror-app:${setting^}=$value")
done
if ((${#arguments[@]})); then
  printf '%s\n' "${arguments[@]}"
fi
