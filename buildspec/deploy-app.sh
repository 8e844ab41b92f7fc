#!/usr/bin/env bash
# Deploys an environment's app stack with the image its push published: what the pipeline's
# DeployApp action runs (buildspec/deploy-app.yml), and what a deploy by hand runs.
#
#   IMAGE_TAG=1.2.0-1a2b3c4 IMAGE_VERSION=1.2.0 buildspec/deploy-app.sh ENV OUTPUTS_FILE
#
# The stack's status and the live rules are read in the environment's own account, through the
# role `cdk bootstrap` made there for reading (cdk-hnb659fds-lookup-role-<account>-<region>, AWS's
# ReadOnlyAccess; the pipeline's deploy builds may assume it, and an account bootstrapped with
# --trust lets the pipeline's account do so), so a deploy into another account reads that account.
#
# 0. An environment that takes signed images only (signedImagesOnly in cdk.json, default true)
#    deploys IMAGE_TAG only when the image that tag names in its repository carries a valid
#    signature by the pipeline's signing key (SupplyChainMain verify --tag; the repositories' tags
#    are immutable, so it is the image ECS will pull; docs/supply-chain.md). Without a signature
#    nothing else is read or changed.
# 1. Waits while the stack is busy (an update or a rollback still running, say after a build that
#    timed out) and stops, with the fix, when CloudFormation can no longer update it.
# 2. Reads the settings the environment overrides from Parameter Store (buildspec/ssm-parameters.sh)
#    and where its listener rules forward today (buildspec/live-target-groups.sh): both become
#    stack parameters, so the template states the live traffic and a rule update moves none.
# 3. Outside the environment's office hours (cost.officeHours in cdk.json) its service has no task:
#    the deploy then keeps it up for AWAKE_MINUTES (default 30), through the stack parameter
#    AwakeUntil, so that the new revision has a task to answer the smoke test; it sleeps again at
#    the next scheduled stop.
# 4. `cdk deploy` of the app stack with the tag given explicitly (the CLI otherwise keeps a
#    parameter's previous value) and every other parameter as the code and the two scripts give it
#    (--no-previous-parameters); the stack's outputs go to OUTPUTS_FILE.
#
# Environment: IMAGE_TAG, IMAGE_VERSION (required); AWAKE_MINUTES (default 30); DEPLOY_NOW, the time
# to take as now (tests; default the clock); STACK_WAIT_MINUTES (default 120) and
# STACK_POLL_SECONDS (default 30) bound step 1; CDK, the CDK CLI command (default: the version
# infra/package.json pins, through npx); CDK_JSON, another cdk.json (tests); SIGNING_KEY_ID, the
# signing key (default: its alias in the pipeline's account and region, the first environment's);
# SUPPLY_CHAIN, the supply-chain command (default: java with deploy-hook/target/deploy-hook.jar,
# built when missing or stale, deploy-hook/jar.sh).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: IMAGE_TAG=... IMAGE_VERSION=... $0 ENV OUTPUTS_FILE" >&2
  exit 2
fi
env_name="$1"
outputs_file="$(realpath -m "$2")"
: "${IMAGE_TAG:?IMAGE_TAG names the image to run}" "${IMAGE_VERSION:?IMAGE_VERSION is its build version}"
here="$(cd "$(dirname "$0")" && pwd)"
cdk_json="${CDK_JSON:-$here/../infra/cdk.json}"
region="$(jq -r --arg env "$env_name" '.context["clockmirror:environments"][$env].region // empty' "$cdk_json")"
if [[ -z "$region" ]]; then
  echo "deploy-app: environment '$env_name' is not in $cdk_json" >&2
  exit 2
fi
stack="$env_name-clockmirror-app"

account="$(jq -r --arg env "$env_name" '.context["clockmirror:pipeline"].accounts[$env] // empty' "$cdk_json")"
if [[ -z "$account" ]]; then
  account="$(aws sts get-caller-identity --query Account --output text)"
fi
partition=aws
if [[ "$region" == cn-* ]]; then
  partition=aws-cn
fi

signed_only="$(jq -r --arg env "$env_name" '.context["clockmirror:environments"][$env].signedImagesOnly | if . == null then true else . end' "$cdk_json")"
if [[ "$signed_only" == true ]]; then
  first_env="$(jq -r '.context["clockmirror:pipeline"].environments[0] // empty' "$cdk_json")"
  key_region="$(jq -r --arg env "$first_env" '.context["clockmirror:environments"][$env].region // empty' "$cdk_json")"
  key_account="$(jq -r --arg env "$first_env" '.context["clockmirror:pipeline"].accounts[$env] // empty' "$cdk_json")"
  if [[ -z "$key_account" ]]; then
    key_account="$account"
  fi
  key_id="${SIGNING_KEY_ID:-arn:$partition:kms:${key_region:-$region}:$key_account:alias/clockmirror-image-signing}"
  suffix=amazonaws.com
  if [[ "$partition" == aws-cn ]]; then
    suffix=amazonaws.com.cn
  fi
  if [[ -n "${SUPPLY_CHAIN:-}" ]]; then
    read -r -a supply_chain <<<"$SUPPLY_CHAIN"
  else
    jar="$("$here/../deploy-hook/jar.sh")"
    java=java
    if [[ -n "${JAVA_HOME:-}" ]]; then
      java="$JAVA_HOME/bin/java"
    fi
    supply_chain=("$java" -cp "$jar" io.clockmirror.deployhook.supplychain.SupplyChainMain)
  fi
  # The caller's own credentials: the pipeline's deploy role may read the repository and the key.
  if ! verdict="$("${supply_chain[@]}" verify --registry "https://$account.dkr.ecr.$region.$suffix" \
    --repository "$env_name-clockmirror" --tag "$IMAGE_TAG" --key-id "$key_id" --auth ecr 2>&1)"; then
    echo "deploy-app: $env_name takes only images the pipeline signed (signedImagesOnly in infra/cdk.json): $verdict" >&2
    exit 1
  fi
  echo "deploy-app: $verdict"
fi

lookup_role="arn:$partition:iam::$account:role/cdk-hnb659fds-lookup-role-$account-$region"
# aws sts assume-role: Credentials {AccessKeyId, SecretAccessKey, SessionToken, Expiration}.
if ! credentials="$(aws sts assume-role --role-arn "$lookup_role" --role-session-name "clockmirror-deploy-$env_name" \
  --query Credentials --output json 2>&1)"; then
  cat >&2 <<MSG
deploy-app: cannot assume $lookup_role to read $stack: $credentials
  Bootstrap the account (npx cdk bootstrap aws://$account/$region, with --trust <pipeline account>
  when the pipeline lives in another one).
MSG
  exit 1
fi
# Runs a command with the lookup role's credentials.
as_lookup_role() {
  env -u AWS_PROFILE \
    AWS_ACCESS_KEY_ID="$(jq -r .AccessKeyId <<<"$credentials")" \
    AWS_SECRET_ACCESS_KEY="$(jq -r .SecretAccessKey <<<"$credentials")" \
    AWS_SESSION_TOKEN="$(jq -r .SessionToken <<<"$credentials")" \
    "$@"
}

# The stack's status, or nothing when it does not exist
# (aws cloudformation describe-stacks: Stacks[0].StackStatus).
stack_status() {
  local out
  if out="$(as_lookup_role aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
    --query 'Stacks[0].StackStatus' --output text 2>&1)"; then
    echo "$out"
  elif grep -q "does not exist" <<<"$out"; then
    echo ""
  else
    echo "deploy-app: cannot read the status of $stack: $out" >&2
    return 1
  fi
}

deadline=$((SECONDS + 60 * ${STACK_WAIT_MINUTES:-120}))
while true; do
  status="$(stack_status)"
  case "$status" in
    *_IN_PROGRESS)
      if ((SECONDS >= deadline)); then
        echo "deploy-app: $stack is still $status after ${STACK_WAIT_MINUTES:-120} minutes: not deploying over it" >&2
        exit 1
      fi
      echo "deploy-app: $stack is $status; waiting for it to settle"
      sleep "${STACK_POLL_SECONDS:-30}"
      ;;
    UPDATE_ROLLBACK_FAILED)
      cat >&2 <<MSG
deploy-app: $stack is UPDATE_ROLLBACK_FAILED: CloudFormation cannot update it until the rollback
  is finished. Fix what the stack's events name, then:
  aws cloudformation continue-update-rollback --region $region --stack-name $stack
MSG
      exit 1
      ;;
    ROLLBACK_COMPLETE | ROLLBACK_FAILED | CREATE_FAILED | DELETE_FAILED)
      cat >&2 <<MSG
deploy-app: $stack is $status: its creation failed, and such a stack can only be deleted.
  Read its events, then: aws cloudformation delete-stack --region $region --stack-name $stack
MSG
      exit 1
      ;;
    *) break ;;
  esac
done

# Read into files first: a failed read stops the deploy here, before anything changes.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
CDK_JSON="$cdk_json" "$here/ssm-parameters.sh" "$env_name" >"$work/ssm"
as_lookup_role env CDK_JSON="$cdk_json" "$here/live-target-groups.sh" "$env_name" >"$work/live"
mapfile -t ssm_parameters <"$work/ssm"
mapfile -t live_parameters <"$work/live"

# Whether DAY (MON..SUN) is in a cron day-of-week list such as MON-FRI or MON,WED,FRI.
day_in() {
  local day="$1" part from to i
  local -a week=(MON TUE WED THU FRI SAT SUN)
  local -A index=([MON]=0 [TUE]=1 [WED]=2 [THU]=3 [FRI]=4 [SAT]=5 [SUN]=6)
  IFS=, read -r -a parts <<<"$2"
  for part in "${parts[@]}"; do
    from="${part%-*}" to="${part#*-}"
    for ((i = index[$from]; i <= index[$to]; i++)); do
      [[ "${week[i]}" == "$day" ]] && return 0
    done
  done
  return 1
}

wake_parameters=()
hours="$(jq -c --arg env "$env_name" '.context["clockmirror:environments"][$env].cost.officeHours // empty' "$cdk_json")"
if [[ -n "$hours" ]]; then
  now="${DEPLOY_NOW:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}"
  zone="$(jq -r .timeZone <<<"$hours")"
  day="$(TZ="$zone" LC_ALL=C date -d "$now" +%a | tr '[:lower:]' '[:upper:]')"
  hour="$(TZ="$zone" date -d "$now" +%-H)"
  if ! day_in "$day" "$(jq -r .days <<<"$hours")" \
    || ((hour < $(jq -r .startHour <<<"$hours") || hour >= $(jq -r .stopHour <<<"$hours"))); then
    until="$(date -u -d "$now + ${AWAKE_MINUTES:-30} minutes" +%Y-%m-%dT%H:%M:%SZ)"
    # A deploy minutes ago that keeps it up long enough still: the same time, so that running the
    # deploy again changes nothing (aws cloudformation describe-stacks: Stacks[0].Parameters).
    if [[ -n "$status" ]]; then
      awake="$(as_lookup_role aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
        --query 'Stacks[0].Parameters' --output json |
        jq -r '(. // [])[] | select(.ParameterKey == "AwakeUntil") | .ParameterValue')"
      if [[ "$awake" > "$(date -u -d "$now + 10 minutes" +%Y-%m-%dT%H:%M:%SZ)" ]]; then
        until="$awake"
      fi
    fi
    echo "deploy-app: $env_name is outside its office hours ($day $hour:00 in $zone): keeping it up until $until for this deploy"
    wake_parameters=(--parameters "$stack:AwakeUntil=$until")
  fi
fi

if [[ -n "${CDK:-}" ]]; then
  read -r -a cdk <<<"$CDK"
else
  cdk=(npx --no-install cdk)
fi
cd "$here/../infra"
"${cdk[@]}" deploy "$stack" -c env="$env_name" -c imageTag="$IMAGE_TAG" \
  --parameters "$stack:ImageTag=$IMAGE_TAG" --parameters "$stack:ImageVersion=$IMAGE_VERSION" \
  "${ssm_parameters[@]}" "${live_parameters[@]}" "${wake_parameters[@]}" \
  --exclusively --no-previous-parameters --require-approval never --no-notices \
  --outputs-file "$outputs_file"
