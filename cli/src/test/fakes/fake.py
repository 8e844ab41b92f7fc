#!/usr/bin/env python3
"""Stand-ins for AWS and the tools that talk to it, for the tests of ./clockmirror.

One program, run under the name of the tool it replaces (a symlink named aws, cdk, docker,
podman, buildah or skopeo). The account is a directory, FAKE_ACCOUNT: account.json holds
the stacks, roles, repositories and every resource the stacks made, so a second run sees what
the first made. Every call is appended to FAKE_ACCOUNT/calls.log (tool and arguments, one JSON
list a line).

Answers have the shapes of the AWS CLI v2 reference; each handler names its page. Errors are
printed as the CLI prints them ("An error occurred (Code) when calling the Op operation: ...",
exit 254; missing credentials exit 253).

Knobs (environment): FAKE_CREDENTIALS=missing|expired, FAKE_CDK_FAIL=<stack> (the deploy fails and
rolls back), FAKE_CDK_HANG=<stack> (the deploy starts, then waits to be killed; CloudFormation
settles FAKE_SETTLE_SECONDS later), FAKE_SERVICE_URL (the app stack's ServiceUrl),
FAKE_REGISTRY (the repository stack's registry host, e.g. 127.0.0.1:25210 for a real local one).
"""
import hashlib
import json
import os
import sys
import tarfile
import io
import time

ACCOUNT_DIR = os.environ["FAKE_ACCOUNT"]
STATE = os.path.join(ACCOUNT_DIR, "account.json")
TOOL = os.path.basename(sys.argv[0])
ARGS = sys.argv[1:]


def load():
    if not os.path.exists(STATE):
        return {"account": "123456789012", "stacks": {}, "roles": {}, "repositories": {},
                "resources": {}, "connections": [], "ecs": {}, "alarms": {}, "weights": {}}
    with open(STATE) as f:
        return json.load(f)


def save(state):
    tmp = STATE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(state, f, indent=1, sort_keys=True)
    os.replace(tmp, STATE)


def record():
    with open(os.path.join(ACCOUNT_DIR, "calls.log"), "a") as f:
        f.write(json.dumps([TOOL] + ARGS) + "\n")


def query(value, expression):
    """The JMESPath subset the repository's scripts use: keys and [n] indexes, dotted."""
    import re
    for part in expression.split("."):
        match = re.fullmatch(r"([A-Za-z]*)((?:\[\d+\])*)", part)
        key, indexes = match.group(1), match.group(2)
        if key:
            value = value.get(key) if isinstance(value, dict) else None
        for index in re.findall(r"\[(\d+)\]", indexes):
            value = value[int(index)] if isinstance(value, list) and len(value) > int(index) else None
    return value


def out(value):
    if opt("--query"):
        value = query(value, opt("--query"))
    if opt("--output") == "text":
        print("None" if value is None else value if not isinstance(value, (dict, list)) else json.dumps(value))
    else:
        print(json.dumps(value, indent=4))
    sys.exit(0)


def fail(code, operation, message):
    print(f"\nAn error occurred ({code}) when calling the {operation} operation: {message}", file=sys.stderr)
    sys.exit(254)


def opt(name, default=None):
    if name in ARGS:
        return ARGS[ARGS.index(name) + 1]
    return default


def opt_list(name):
    if name not in ARGS:
        return []
    values = []
    for word in ARGS[ARGS.index(name) + 1:]:
        if word.startswith("--"):
            break
        values.append(word)
    return values


def now():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


# --- CloudFormation bookkeeping shared by aws and cdk ----------------------------------------

def stack_by(state, name_or_id):
    """The live stack of that name, or any stack (deleted too) of that ID."""
    for stack in state["stacks"].values():
        if stack["StackId"] == name_or_id:
            return stack
    for stack in state["stacks"].values():
        if stack["StackName"] == name_or_id and stack["StackStatus"] != "DELETE_COMPLETE":
            return stack
    return None


def settle(state):
    """CloudFormation goes on after a client is killed: an in-progress stack settles later."""
    changed = False
    for stack in state["stacks"].values():
        pending = stack.get("settles")
        if pending and "at" in pending and time.time() >= pending["at"]:
            stack["StackStatus"] = pending["status"]
            del stack["settles"]
            changed = True
    if changed:
        save(state)


def add_resource(state, stack, logical, rtype, physical, billing, retain=False):
    stack["Resources"].append({"LogicalResourceId": logical, "PhysicalResourceId": physical,
                               "ResourceType": rtype, "DeletionPolicy": "Retain" if retain else "Delete"})
    state["resources"][rtype + "|" + physical] = {"type": rtype, "id": physical, "billing": billing,
                                                  "stack": stack["StackName"]}


def delete_stack(state, stack):
    for resource in stack["Resources"]:
        key = resource["ResourceType"] + "|" + resource["PhysicalResourceId"]
        if resource["DeletionPolicy"] == "Delete":
            state["resources"].pop(key, None)
            if resource["ResourceType"] == "AWS::ECS::Service":
                state["ecs"].pop(resource["PhysicalResourceId"], None)
                if os.environ.get("FAKE_RUN_IMAGE_PORT"):
                    import subprocess
                    subprocess.run(["podman", "rm", "-f", "clockmirror-deploy-check"], capture_output=True)
    stack["StackStatus"] = "DELETE_COMPLETE"
    stack["DeletionTime"] = now()


# --- aws ---------------------------------------------------------------------------------------

def aws():
    credentials = os.environ.get("FAKE_CREDENTIALS", "ok")
    if credentials == "missing":
        # What the CLI prints when no provider in the chain has credentials.
        print('\nUnable to locate credentials. You can configure credentials by running "aws configure".',
              file=sys.stderr)
        sys.exit(253)
    if credentials == "expired":
        fail("ExpiredToken", "GetCallerIdentity", "The security token included in the request is expired")
    state = load()
    settle(state)
    service, command = ARGS[0], ARGS[1]
    handler = HANDLERS.get((service, command))
    if handler is None:
        print(f"fake aws: no answer for {service} {command}", file=sys.stderr)
        sys.exit(255)
    handler(state)


def sts_get_caller_identity(state):
    # https://docs.aws.amazon.com/cli/latest/reference/sts/get-caller-identity.html
    out({"UserId": "AIDASAMPLEUSERID", "Account": state["account"],
         "Arn": f"arn:aws:iam::{state['account']}:user/alice"})


def sts_assume_role(state):
    # https://docs.aws.amazon.com/cli/latest/reference/sts/assume-role.html
    out({"Credentials": {"AccessKeyId": "ASIASAMPLE", "SecretAccessKey": "fake", "SessionToken": "fake",
                         "Expiration": "2026-12-06T12:00:00+00:00"},
         "AssumedRoleUser": {"AssumedRoleId": "AROASAMPLE:clockmirror", "Arn": opt("--role-arn")}})


def iam_get_role(state):
    # https://docs.aws.amazon.com/cli/latest/reference/iam/get-role.html
    name = opt("--role-name")
    if name not in state["roles"]:
        fail("NoSuchEntity", "GetRole", f"The role with name {name} cannot be found.")
    out({"Role": state["roles"][name]})


SERVICE_ROLES = {"ecs.amazonaws.com": "AWSServiceRoleForECS",
                 "ecs.application-autoscaling.amazonaws.com": "AWSServiceRoleForApplicationAutoScaling_ECSService"}


def iam_create_service_linked_role(state):
    # https://docs.aws.amazon.com/cli/latest/reference/iam/create-service-linked-role.html
    service = opt("--aws-service-name")
    name = SERVICE_ROLES[service]
    if name in state["roles"]:
        fail("InvalidInput", "CreateServiceLinkedRole",
             f"Service role name {name} has been taken in this account, please try a different suffix.")
    role = {"Path": f"/aws-service-role/{service}/", "RoleName": name, "RoleId": "AROASAMPLE",
            "Arn": f"arn:aws:iam::{state['account']}:role/aws-service-role/{service}/{name}",
            "CreateDate": now()}
    state["roles"][name] = role
    save(state)
    out({"Role": role})


def cfn_describe_stacks(state):
    # https://docs.aws.amazon.com/cli/latest/reference/cloudformation/describe-stacks.html
    name = opt("--stack-name")
    stack = stack_by(state, name)
    if stack is None:
        fail("ValidationError", "DescribeStacks", f"Stack with id {name} does not exist")
    shown = {k: v for k, v in stack.items() if k not in ("Resources", "fingerprint", "settles", "Template")}
    # A stack that settles after being read so many times, however slow the machine.
    pending = stack.get("settles")
    if pending and "reads" in pending:
        pending["reads"] -= 1
        if pending["reads"] <= 0:
            stack["StackStatus"] = pending["status"]
            del stack["settles"]
        save(state)
    out({"Stacks": [shown]})


def cfn_describe_stack_resources(state):
    # https://docs.aws.amazon.com/cli/latest/reference/cloudformation/describe-stack-resources.html
    stack = stack_by(state, opt("--stack-name"))
    if stack is None:
        fail("ValidationError", "DescribeStackResources", f"Stack with id {opt('--stack-name')} does not exist")
    out({"StackResources": [{"StackName": stack["StackName"], "StackId": stack["StackId"],
                             "LogicalResourceId": r["LogicalResourceId"],
                             "PhysicalResourceId": r["PhysicalResourceId"], "ResourceType": r["ResourceType"],
                             "ResourceStatus": "CREATE_COMPLETE"} for r in stack["Resources"]]})


def cfn_list_stack_resources(state):
    # https://docs.aws.amazon.com/cli/latest/reference/cloudformation/list-stack-resources.html
    stack = stack_by(state, opt("--stack-name"))
    if stack is None:
        fail("ValidationError", "ListStackResources", f"Stack with id {opt('--stack-name')} does not exist")
    deleted = stack["StackStatus"] == "DELETE_COMPLETE"
    out({"StackResourceSummaries": [
        {"LogicalResourceId": r["LogicalResourceId"], "PhysicalResourceId": r["PhysicalResourceId"],
         "ResourceType": r["ResourceType"],
         "ResourceStatus": ("DELETE_SKIPPED" if r["DeletionPolicy"] == "Retain" else "DELETE_COMPLETE")
         if deleted else "CREATE_COMPLETE"} for r in stack["Resources"]]})


def cfn_get_template(state):
    # https://docs.aws.amazon.com/cli/latest/reference/cloudformation/get-template.html
    # (a JSON template body is printed as an object; deleted stacks by ID for 90 days)
    stack = stack_by(state, opt("--stack-name"))
    if stack is None:
        fail("ValidationError", "GetTemplate", f"Stack with id {opt('--stack-name')} does not exist")
    resources = {r["LogicalResourceId"]: {"Type": r["ResourceType"], "DeletionPolicy": r["DeletionPolicy"]}
                 for r in stack["Resources"]}
    out({"TemplateBody": {"Resources": resources}, "StagesAvailable": ["Original", "Processed"]})


def cfn_list_stacks(state):
    # https://docs.aws.amazon.com/cli/latest/reference/cloudformation/list-stacks.html
    wanted = opt_list("--stack-status-filter")
    out({"StackSummaries": [
        {"StackId": s["StackId"], "StackName": s["StackName"], "StackStatus": s["StackStatus"],
         "CreationTime": s["CreationTime"], **({"DeletionTime": s["DeletionTime"]} if "DeletionTime" in s else {})}
        for s in state["stacks"].values() if not wanted or s["StackStatus"] in wanted]})


def cfn_delete_stack(state):
    # https://docs.aws.amazon.com/cli/latest/reference/cloudformation/delete-stack.html (no output)
    stack = stack_by(state, opt("--stack-name"))
    if stack is not None:
        delete_stack(state, stack)
        save(state)
    sys.exit(0)


def images(state, name):
    """The repository's images. With FAKE_REGISTRY a real registry stands for ECR's: its tags and
    the digests it serves (Docker-Content-Digest), as DescribeImages reports what was pushed."""
    registry = os.environ.get("FAKE_REGISTRY")
    if not registry:
        return state["repositories"].get(name, [])
    import urllib.request
    import urllib.error
    try:
        with urllib.request.urlopen(f"http://{registry}/v2/{name}/tags/list", timeout=10) as answer:
            tags = json.load(answer).get("tags") or []
    except urllib.error.HTTPError:
        return []
    found = []
    for tag in tags:
        request = urllib.request.Request(f"http://{registry}/v2/{name}/manifests/{tag}", method="HEAD", headers={
            "Accept": "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            found.append({"imageDigest": answer.headers["Docker-Content-Digest"], "imageTags": [tag],
                          "pushedAt": now()})
    return found


def ecr_describe_images(state):
    # https://docs.aws.amazon.com/cli/latest/reference/ecr/describe-images.html
    name = opt("--repository-name")
    if name not in state["repositories"]:
        fail("RepositoryNotFoundException", "DescribeImages",
             f"The repository with name '{name}' does not exist in the registry with id '{state['account']}'")
    found = images(state, name)
    wanted = opt("--image-ids")
    if wanted:
        tag = wanted.split("=", 1)[1]
        found = [i for i in found if tag in i["imageTags"]]
        if not found:
            fail("ImageNotFoundException", "DescribeImages",
                 f"The image with imageId {{imageDigest:'null', imageTag:'{tag}'}} does not exist within the repository with name '{name}'")
    details = [{"registryId": state["account"], "repositoryName": name, "imageDigest": i["imageDigest"],
                "imageTags": i["imageTags"], "imageSizeInBytes": 52000000, "imagePushedAt": i["pushedAt"]}
               for i in found]
    out({"imageDetails": details})


def ecr_describe_repositories(state):
    # https://docs.aws.amazon.com/cli/latest/reference/ecr/describe-repositories.html
    names = opt_list("--repository-names")
    missing = [n for n in names if n not in state["repositories"]]
    if missing:
        fail("RepositoryNotFoundException", "DescribeRepositories",
             f"The repository with name '{missing[0]}' does not exist in the registry with id '{state['account']}'")
    out({"repositories": [{"repositoryName": n} for n in names]})


def ecr_delete_repository(state):
    # https://docs.aws.amazon.com/cli/latest/reference/ecr/delete-repository.html
    name = opt("--repository-name")
    state["repositories"].pop(name, None)
    state["resources"].pop("AWS::ECR::Repository|" + name, None)
    save(state)
    out({"repository": {"repositoryName": name}})


def ecr_get_login_password(state):
    # https://docs.aws.amazon.com/cli/latest/reference/ecr/get-login-password.html (plain text)
    print("fake-ecr-token")
    sys.exit(0)


def ecs_describe_services(state):
    # https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-services.html
    name = opt_list("--services")[0]
    service = state["ecs"].get(name)
    if service is None:
        out({"services": [], "failures": [{"arn": name, "reason": "MISSING"}]})
    out({"services": [{"serviceName": name, "status": "ACTIVE", "runningCount": service["running"],
                       "desiredCount": service["desired"], "pendingCount": service.get("pending", 0),
                       "taskDefinition": service["taskDefinition"]}], "failures": []})


def ecs_describe_task_definition(state):
    # https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-task-definition.html
    arn = opt("--task-definition")
    for service in state["ecs"].values():
        if service["taskDefinition"] == arn:
            out({"taskDefinition": {"taskDefinitionArn": arn, "containerDefinitions": [
                {"name": "clockmirror", "image": service["image"]}]}})
    fail("ClientException", "DescribeTaskDefinition", "Unable to describe task definition.")


def ecs_list_service_deployments(state):
    # https://docs.aws.amazon.com/cli/latest/reference/ecs/list-service-deployments.html
    service = state["ecs"].get(opt("--service"), {})
    wanted = opt_list("--status")
    out({"serviceDeployments": [
        {"serviceDeploymentArn": d["serviceDeploymentArn"], "status": d["status"], "startedAt": d["startedAt"]}
        for d in service.get("deployments", []) if not wanted or d["status"] in wanted]})


def ecs_describe_service_deployments(state):
    # https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-service-deployments.html
    arns = opt_list("--service-deployment-arns")
    found = [d for s in state["ecs"].values() for d in s.get("deployments", []) if d["serviceDeploymentArn"] in arns]
    out({"serviceDeployments": found, "failures": []})


def elbv2_describe_rules(state):
    # https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-rules.html
    wanted = opt_list("--rule-arns")
    for stack in state["stacks"].values():
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        for rule in ("ProductionRuleArn", "TestRuleArn"):
            if outputs.get(rule) in wanted:
                weights = state["weights"].get(stack["StackName"], [100, 0])
                groups = [outputs["PrimaryTargetGroupArn"], outputs["AlternateTargetGroupArn"]]
                condition = ({"Field": "path-pattern", "Values": ["/*"]} if rule == "ProductionRuleArn" else
                             {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Clockmirror-Test-Traffic", "Values": ["secret"]}})
                out({"Rules": [{"RuleArn": outputs[rule], "Priority": "10" if rule == "ProductionRuleArn" else "1",
                                "Conditions": [condition], "IsDefault": False,
                                "Actions": [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                                    {"TargetGroupArn": arn, "Weight": w} for arn, w in zip(groups, weights)]}}]}]})
    fail("RuleNotFound", "DescribeRules", "One or more rules not found")


def cloudwatch_describe_alarms(state):
    # https://docs.aws.amazon.com/cli/latest/reference/cloudwatch/describe-alarms.html
    prefix = opt("--alarm-name-prefix", "")
    out({"MetricAlarms": [{"AlarmName": name, "StateValue": value, "StateReason": "fake"}
                          for name, value in sorted(state["alarms"].items()) if name.startswith(prefix)],
         "CompositeAlarms": []})


def autoscaling_describe_scalable_targets(state):
    # https://docs.aws.amazon.com/cli/latest/reference/application-autoscaling/describe-scalable-targets.html
    resource = opt_list("--resource-ids")[0]
    name = resource.split("/")[-1]
    service = state["ecs"].get(name)
    targets = [] if service is None else [{"ServiceNamespace": "ecs", "ResourceId": resource,
                                            "ScalableDimension": "ecs:service:DesiredCount",
                                            "MinCapacity": service["min"], "MaxCapacity": service["max"]}]
    out({"ScalableTargets": targets})


def logs_tail(state):
    # https://docs.aws.amazon.com/cli/latest/reference/logs/tail.html (--format detailed:
    # "<timestamp> <log stream> <message>")
    group = ARGS[2]
    if "AWS::Logs::LogGroup|" + group not in state["resources"]:
        fail("ResourceNotFoundException", "FilterLogEvents", "The specified log group does not exist.")
    with open(os.path.join(ACCOUNT_DIR, "log-events.txt")) as f:
        sys.stdout.write(f.read())
    sys.exit(0)


def logs_describe_log_groups(state):
    # https://docs.aws.amazon.com/cli/latest/reference/logs/describe-log-groups.html
    prefix = opt("--log-group-name-prefix", "")
    out({"logGroups": [{"logGroupName": r["id"], "storedBytes": 1024}
                       for r in state["resources"].values()
                       if r["type"] == "AWS::Logs::LogGroup" and r["id"].startswith(prefix)]})


def logs_delete_log_group(state):
    # https://docs.aws.amazon.com/cli/latest/reference/logs/delete-log-group.html (no output)
    state["resources"].pop("AWS::Logs::LogGroup|" + opt("--log-group-name"), None)
    save(state)
    sys.exit(0)


def s3api_head_bucket(state):
    # https://docs.aws.amazon.com/cli/latest/reference/s3api/head-bucket.html
    if "AWS::S3::Bucket|" + opt("--bucket") not in state["resources"]:
        fail("404", "HeadBucket", "Not Found")
    out({"BucketRegion": "eu-west-1"})


def s3_rb(state):
    # https://docs.aws.amazon.com/cli/latest/reference/s3/rb.html ("remove_bucket: <name>")
    bucket = ARGS[2].removeprefix("s3://")
    state["resources"].pop("AWS::S3::Bucket|" + bucket, None)
    save(state)
    print(f"remove_bucket: {bucket}")
    sys.exit(0)


def kms_describe_key(state):
    # https://docs.aws.amazon.com/cli/latest/reference/kms/describe-key.html
    key = state["resources"].get("AWS::KMS::Key|" + opt("--key-id"))
    if key is None:
        fail("NotFoundException", "DescribeKey", f"Key '{opt('--key-id')}' does not exist")
    out({"KeyMetadata": {"KeyId": key["id"], "KeyState": key.get("state", "Enabled")}})


def kms_schedule_key_deletion(state):
    # https://docs.aws.amazon.com/cli/latest/reference/kms/schedule-key-deletion.html
    key = state["resources"]["AWS::KMS::Key|" + opt("--key-id")]
    key["state"] = "PendingDeletion"
    key["billing"] = "free"  # https://aws.amazon.com/kms/pricing/: keys pending deletion are not charged
    save(state)
    out({"KeyId": key["id"], "KeyState": "PendingDeletion", "PendingWindowInDays": int(opt("--pending-window-in-days"))})


def connections_list(state):
    # https://docs.aws.amazon.com/cli/latest/reference/codeconnections/list-connections.html
    out({"Connections": state["connections"]})


def connections_create(state):
    # https://docs.aws.amazon.com/cli/latest/reference/codeconnections/create-connection.html
    arn = f"arn:aws:codeconnections:eu-west-1:{state['account']}:connection/0b6e4c86-8c5b-4a2f-9d3e-2a1f5e6d7c80"
    state["connections"].append({"ConnectionName": opt("--connection-name"), "ConnectionArn": arn,
                                 "ProviderType": "GitHub", "ConnectionStatus": "PENDING"})
    save(state)
    out({"ConnectionArn": arn})


def connections_get(state):
    # https://docs.aws.amazon.com/cli/latest/reference/codeconnections/get-connection.html
    for c in state["connections"]:
        if c["ConnectionArn"] == opt("--connection-arn"):
            out({"Connection": c})
    fail("ResourceNotFoundException", "GetConnection", "Connection not found")


def pipeline_state(state):
    # https://docs.aws.amazon.com/cli/latest/reference/codepipeline/get-pipeline-state.html
    out({"pipelineName": opt("--name"), "pipelineVersion": 1, "stageStates": [
        {"stageName": "Source", "latestExecution": {"pipelineExecutionId": "0b1c", "status": "InProgress"}},
        {"stageName": "Test"}, {"stageName": "Build"}, {"stageName": "Deploy-dev"}]})


HANDLERS = {
    ("sts", "get-caller-identity"): sts_get_caller_identity,
    ("sts", "assume-role"): sts_assume_role,
    ("iam", "get-role"): iam_get_role,
    ("iam", "create-service-linked-role"): iam_create_service_linked_role,
    ("cloudformation", "describe-stacks"): cfn_describe_stacks,
    ("cloudformation", "describe-stack-resources"): cfn_describe_stack_resources,
    ("cloudformation", "list-stack-resources"): cfn_list_stack_resources,
    ("cloudformation", "get-template"): cfn_get_template,
    ("cloudformation", "list-stacks"): cfn_list_stacks,
    ("cloudformation", "delete-stack"): cfn_delete_stack,
    ("ecr", "describe-images"): ecr_describe_images,
    ("ecr", "describe-repositories"): ecr_describe_repositories,
    ("ecr", "delete-repository"): ecr_delete_repository,
    ("ecr", "get-login-password"): ecr_get_login_password,
    ("ecs", "describe-services"): ecs_describe_services,
    ("ecs", "describe-task-definition"): ecs_describe_task_definition,
    ("ecs", "list-service-deployments"): ecs_list_service_deployments,
    ("ecs", "describe-service-deployments"): ecs_describe_service_deployments,
    ("elbv2", "describe-rules"): elbv2_describe_rules,
    ("cloudwatch", "describe-alarms"): cloudwatch_describe_alarms,
    ("application-autoscaling", "describe-scalable-targets"): autoscaling_describe_scalable_targets,
    ("logs", "tail"): logs_tail,
    ("logs", "describe-log-groups"): logs_describe_log_groups,
    ("logs", "delete-log-group"): logs_delete_log_group,
    ("s3api", "head-bucket"): s3api_head_bucket,
    ("s3", "rb"): s3_rb,
    ("kms", "describe-key"): kms_describe_key,
    ("kms", "schedule-key-deletion"): kms_schedule_key_deletion,
    ("codeconnections", "list-connections"): connections_list,
    ("codeconnections", "create-connection"): connections_create,
    ("codeconnections", "get-connection"): connections_get,
    ("codepipeline", "get-pipeline-state"): pipeline_state,
}


# --- cdk (the CDK CLI: https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-deploy.html) -------

def contexts():
    values = {}
    for i, word in enumerate(ARGS):
        if word == "-c":
            key, value = ARGS[i + 1].split("=", 1)
            values[key] = value
    return values


def parameters():
    values = {}
    for i, word in enumerate(ARGS):
        if word == "--parameters":
            key, value = ARGS[i + 1].split(":", 1)[1].split("=", 1)
            values[key] = value
    return values


def cdk():
    if os.environ.get("FAKE_CREDENTIALS", "ok") != "ok":
        print("Unable to resolve AWS account to use. It must be either configured when you define your CDK "
              "Stack, or through the environment", file=sys.stderr)
        sys.exit(1)
    state = load()
    settle(state)
    region = os.environ.get("AWS_REGION", "eu-west-1")
    if ARGS[0] == "bootstrap":
        stack = new_stack(state, "CDKToolkit", region)
        add_resource(state, stack, "StagingBucket", "AWS::S3::Bucket",
                     f"cdk-hnb659fds-assets-{state['account']}-{region}", "storage", retain=True)
        add_resource(state, stack, "ContainerAssetsRepository", "AWS::ECR::Repository",
                     f"cdk-hnb659fds-container-assets-{state['account']}-{region}", "storage", retain=True)
        add_resource(state, stack, "DeploymentActionRole", "AWS::IAM::Role", "cdk-hnb659fds-deploy-role", "free")
        stack["StackStatus"] = "CREATE_COMPLETE"
        save(state)
        print(f" ✅  Environment {ARGS[-2] if ARGS[-1].startswith('--') else ARGS[-1]} bootstrapped.", file=sys.stderr)
        sys.exit(0)
    if ARGS[0] != "deploy":
        print(f"fake cdk: no answer for {ARGS[0]}", file=sys.stderr)
        sys.exit(255)
    name = ARGS[1]
    ctx, params = contexts(), parameters()
    fingerprint = json.dumps([ctx, params], sort_keys=True)
    outputs_file = opt("--outputs-file")
    existing = stack_by(state, name)
    if existing is not None and existing.get("fingerprint") == fingerprint \
            and existing["StackStatus"] in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
        print(f"\n ✅  {name} (no changes)\n", file=sys.stderr)
        write_outputs(outputs_file, existing)
        sys.exit(0)
    hang = os.environ.get("FAKE_CDK_HANG") == name
    failing = os.environ.get("FAKE_CDK_FAIL") == name
    if name.endswith("-app"):
        tag = params.get("ImageTag", "")
        repo = images(state, name[:-len("-app")])
        if not any(tag in image["imageTags"] for image in repo):
            failing = True
    creating = existing is None
    stack = existing if existing is not None else new_stack(state, name, region)
    stack["Parameters"] = [{"ParameterKey": k, "ParameterValue": v} for k, v in sorted(params.items())]
    if creating or not stack["Resources"]:
        build_resources(state, stack, ctx, params)
    else:
        update_service(state, stack, params)
    final = "CREATE_COMPLETE" if creating else "UPDATE_COMPLETE"
    if failing:
        stack["StackStatus"] = "ROLLBACK_COMPLETE" if creating else "UPDATE_ROLLBACK_COMPLETE"
        stack["StackStatusReason"] = "ECS Deployment Circuit Breaker was triggered"
        save(state)
        print(f"\n ❌  {name} failed: ToolkitError: The stack named {name} failed to deploy: "
              f"{stack['StackStatus']}: ECS Deployment Circuit Breaker was triggered", file=sys.stderr)
        sys.exit(1)
    stack["fingerprint"] = fingerprint
    if hang:
        stack["StackStatus"] = "CREATE_IN_PROGRESS" if creating else "UPDATE_IN_PROGRESS"
        stack["settles"] = {"at": time.time() + float(os.environ.get("FAKE_SETTLE_SECONDS", "1")), "status": final}
        save(state)
        print(f"{name}: deploying... [1/1]", flush=True)
        time.sleep(3600)
        sys.exit(0)
    stack["StackStatus"] = final
    stack.pop("StackStatusReason", None)
    save(state)
    print(f"\n ✅  {name}\n", file=sys.stderr)
    write_outputs(outputs_file, stack)
    sys.exit(0)


def new_stack(state, name, region):
    stack_id = f"arn:aws:cloudformation:{region}:{state['account']}:stack/{name}/{hashlib.sha1((name + str(time.time())).encode()).hexdigest()[:8]}"
    stack = {"StackName": name, "StackId": stack_id, "StackStatus": "CREATE_IN_PROGRESS", "CreationTime": now(),
             "Outputs": [], "Parameters": [], "Resources": []}
    state["stacks"][stack_id] = stack
    return stack


def build_resources(state, stack, ctx, params):
    name = stack["StackName"]
    account, region = state["account"], os.environ.get("AWS_REGION", "eu-west-1")
    if name == "clockmirror-pipeline":
        add_resource(state, stack, "Pipeline", "AWS::CodePipeline::Pipeline", name, "monthly")
        stack["Outputs"] = [{"OutputKey": "PipelineName", "OutputValue": name}]
        return
    env = ctx["env"]
    prefix = f"{env}-clockmirror"
    if name.endswith("-ecr"):
        add_resource(state, stack, "Repository22E53BBD", "AWS::ECR::Repository", prefix, "storage", retain=True)
        if env == "dev":
            # The pipeline's first environment holds the registry's scanning configuration.
            add_resource(state, stack, "RegistryScanning", "AWS::ECR::RegistryScanningConfiguration",
                         account, "free", retain=True)
        state["repositories"].setdefault(prefix, [])
        registry = os.environ.get("FAKE_REGISTRY", f"{account}.dkr.ecr.{region}.amazonaws.com")
        stack["Outputs"] = [{"OutputKey": "RepositoryUri", "OutputValue": f"{registry}/{prefix}"}]
        return
    elb = f"arn:aws:elasticloadbalancing:{region}:{account}"
    add_resource(state, stack, "AccessLogsBucketCD784A59", "AWS::S3::Bucket",
                 f"{prefix}-app-accesslogsbucketcd784a59-1a2b3c4d5e6f", "storage", retain=True)
    add_resource(state, stack, "AlarmTopicKeyBA1A4AA7", "AWS::KMS::Key", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                 "monthly", retain=True)
    add_resource(state, stack, "LoadBalancer8E47CE52", "AWS::ElasticLoadBalancingV2::LoadBalancer",
                 f"{elb}:loadbalancer/app/{prefix}/50dc6c495c0c9188", "hourly")
    add_resource(state, stack, "LoadBalancerHttp17F42D87", "AWS::ElasticLoadBalancingV2::Listener",
                 f"{elb}:listener/app/{prefix}/50dc6c495c0c9188/f2f7dc8efc522ab2", "free")
    add_resource(state, stack, "LoadBalancerTargetsA57B7976", "AWS::ElasticLoadBalancingV2::TargetGroup",
                 f"{elb}:targetgroup/{env}-cl-LoadB-BLUE1234/6d0ecf831eec9f09", "free")
    if ctx.get("strategy", "ROLLING" if env == "dev" else "CANARY") != "ROLLING":
        add_resource(state, stack, "LoadBalancerAlternateTargetsA9DD7089", "AWS::ElasticLoadBalancingV2::TargetGroup",
                     f"{elb}:targetgroup/{env}-cl-LoadB-GREEN567/7e1fdf942ffe0a10", "free")
        listener_rule = f"{elb}:listener-rule/app/{prefix}/50dc6c495c0c9188/f2f7dc8efc522ab2"
        add_resource(state, stack, "TrafficShiftProductionRuleB90ACEF1", "AWS::ElasticLoadBalancingV2::ListenerRule",
                     f"{listener_rule}/9683b2d02a6cabee", "free")
        add_resource(state, stack, "TrafficShiftTestRuleC142861B", "AWS::ElasticLoadBalancingV2::ListenerRule",
                     f"{listener_rule}/1b2c3d4e5f607182", "free")
        add_resource(state, stack, "TrafficShiftTestHeaderSecret", "AWS::SecretsManager::Secret",
                     f"{prefix}-test-traffic-header", "monthly")
    for endpoint in ("EcrApi", "EcrDocker", "Logs"):
        add_resource(state, stack, f"NetworkVpc{endpoint}Endpoint", "AWS::EC2::VPCEndpoint", f"vpce-{endpoint.lower()}", "hourly")
    add_resource(state, stack, "AppCluster68CC0559", "AWS::ECS::Cluster", prefix, "free")
    add_resource(state, stack, "AppService606B9134", "AWS::ECS::Service", prefix, "hourly")
    add_resource(state, stack, "AppLogs2EC8A6C6", "AWS::Logs::LogGroup", f"/ecs/{prefix}", "storage")
    for alarm in ("5xx-rate", "p99-latency", "unhealthy-hosts", "tasks-at-max", "high-cpu"):
        add_resource(state, stack, f"Alarm{alarm}", "AWS::CloudWatch::Alarm", f"{prefix}-{alarm}", "monthly")
        state["alarms"][f"{prefix}-{alarm}"] = "OK"
    # ECS makes the Container Insights log group itself, outside the stack.
    state["resources"][f"AWS::Logs::LogGroup|/aws/ecs/containerinsights/{prefix}/performance"] = {
        "type": "AWS::Logs::LogGroup", "id": f"/aws/ecs/containerinsights/{prefix}/performance",
        "billing": "storage", "stack": None}
    minimum, maximum = (1, 2) if env == "dev" else (2, 6)
    state["ecs"][prefix] = {"running": minimum, "desired": minimum, "min": minimum, "max": maximum,
                            "deployments": []}
    update_service(state, stack, params)
    url = os.environ.get("FAKE_SERVICE_URL", f"http://{prefix}-1234567890.{region}.elb.amazonaws.com")
    if os.environ.get("FAKE_RUN_IMAGE_PORT"):
        url = "http://127.0.0.1:" + os.environ["FAKE_RUN_IMAGE_PORT"]
    shifting = [{"OutputKey": key, "OutputValue": r["PhysicalResourceId"]} for key, logical in (
        ("PrimaryTargetGroupArn", "LoadBalancerTargetsA57B7976"),
        ("AlternateTargetGroupArn", "LoadBalancerAlternateTargetsA9DD7089"),
        ("ProductionRuleArn", "TrafficShiftProductionRuleB90ACEF1"),
        ("TestRuleArn", "TrafficShiftTestRuleC142861B")) for r in stack["Resources"] if r["LogicalResourceId"] == logical]
    stack["Outputs"] = shifting + [
        {"OutputKey": "ServiceUrl", "OutputValue": url},
        {"OutputKey": "DeployedVersion", "OutputValue": params.get("ImageVersion", "")},
        {"OutputKey": "ClusterName", "OutputValue": prefix},
        {"OutputKey": "ServiceName", "OutputValue": prefix},
        {"OutputKey": "LogGroupName", "OutputValue": f"/ecs/{prefix}"},
        {"OutputKey": "AccessLogBucket", "OutputValue": f"{prefix}-app-accesslogsbucketcd784a59-1a2b3c4d5e6f"},
    ]


def update_service(state, stack, params):
    prefix = stack["StackName"][:-len("-app")]
    service = state["ecs"].get(prefix)
    if service is None:
        return
    revision = service.get("revision", 0) + 1
    service["revision"] = revision
    account, region = state["account"], os.environ.get("AWS_REGION", "eu-west-1")
    service["taskDefinition"] = f"arn:aws:ecs:{region}:{account}:task-definition/{prefix}:{revision}"
    service["image"] = f"{account}.dkr.ecr.{region}.amazonaws.com/{prefix}:{params.get('ImageTag', '')}"
    # What the one stand-in of the load balancer reports in /q/info (image.tag).
    state["served_image_tag"] = params.get("ImageTag", "")
    run_image(f"{os.environ.get('FAKE_REGISTRY', '')}/{prefix}:{params.get('ImageTag', '')}")


def run_image(image):
    """With FAKE_RUN_IMAGE_PORT, the pushed image runs as ECS would run it: pulled from the
    registry, read-only root, /tmp a volume, the service on that port (podman, host network)."""
    port = os.environ.get("FAKE_RUN_IMAGE_PORT")
    if not port:
        return
    import subprocess
    subprocess.run(["podman", "rm", "-f", "clockmirror-deploy-check"], capture_output=True)
    subprocess.run(["podman", "pull", "--tls-verify=false", image], check=True, stdout=sys.stderr)
    subprocess.run(["podman", "run", "-d", "--name", "clockmirror-deploy-check", "--runtime", "runc",
                    "--network", "host", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
                    "-e", f"PORT={port}", image], check=True, stdout=sys.stderr)


def write_outputs(path, stack):
    if path:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({stack["StackName"]: {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}}, f, indent=2)


# --- the image tool: docker build / docker save (https://docs.docker.com/reference/cli/docker/) -
# (docker build --output: https://docs.docker.com/reference/cli/docker/buildx/build/#output)

def image_tool():
    if ARGS[:1] == ["version"]:
        print(f"fake {TOOL} 1.0")
        sys.exit(0)
    if ARGS[:1] == ["build"] and opt("--target") == "sbom-facts":
        # The Dockerfile's sbom-facts target, exported with --output type=local,dest=DIR: the
        # files docker/sbom-facts.sh writes and the service's CycloneDX document.
        output = dict(part.split("=", 1) for part in opt("--output").split(","))
        if output.get("type") != "local":
            print(f"fake {TOOL}: only --output type=local, not {opt('--output')}", file=sys.stderr)
            sys.exit(1)
        dest = output["dest"]
        os.makedirs(dest, exist_ok=True)
        files = {
            "jdk-release": 'JAVA_VERSION="25.0.3"\n',
            "os-release": 'ID=debian\nVERSION_ID="12"\n',
            "files.tsv": "/app/quarkus-run.jar\t" + "0" * 64 + "\t-\t-\t-\n",
            "bom.json": json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}),
        }
        for name, text in files.items():
            with open(os.path.join(dest, name), "w") as f:
                f.write(text)
        sys.exit(0)
    if ARGS[:1] == ["build"]:
        tag = opt("--tag") or opt("-t")
        labels = [ARGS[i + 1] for i, w in enumerate(ARGS) if w == "--label"]
        # The Dockerfile sets the image's identity from these arguments (ENV), podman's --env too.
        env = [ARGS[i + 1] for i, w in enumerate(ARGS)
               if w in ("--build-arg", "--env") and ARGS[i + 1].startswith("CLOCKMIRROR_IMAGE_")]
        with open(os.path.join(ACCOUNT_DIR, "built-image.json"), "w") as f:
            json.dump({"tag": tag, "labels": labels, "env": sorted(set(env))}, f)
        print(f"Successfully tagged {tag}")
        sys.exit(0)
    if ARGS[:1] == ["save"]:
        with open(os.path.join(ACCOUNT_DIR, "built-image.json")) as f:
            built = json.load(f)
        write_docker_archive(opt("--output") or opt("-o"), built)
        sys.exit(0)
    print(f"fake {TOOL}: no answer for {ARGS}", file=sys.stderr)
    sys.exit(255)


def write_docker_archive(path, built):
    """A `docker save` archive of a one-layer image: manifest.json, the config, the layer."""
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w") as tar:
        data = b"clockmirror\n"
        info = tarfile.TarInfo("app/hello.txt")
        info.size = len(data)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(data))
    layer_bytes = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
    labels = dict(label.split("=", 1) for label in built["labels"])
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Labels": labels, "Env": built.get("env", [])},
                         "rootfs": {"type": "layers", "diff_ids": [diff_id]}}, sort_keys=True).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": config_name, "RepoTags": [built["tag"]],
                            "Layers": ["layer/layer.tar"]}]).encode()
    with tarfile.open(path, "w") as tar:
        for name, data in ((config_name, config), ("layer/layer.tar", layer_bytes), ("manifest.json", manifest)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


# --- the push tool: skopeo, standing for ECR's registry ----------------------------------------

def skopeo_fail(message):
    # skopeo's error: one log line, time="..." level=fatal msg="..."
    print(f'time="2026-12-06T10:00:00Z" level=fatal msg="{message}"', file=sys.stderr)
    sys.exit(1)


def push_tool():
    # https://github.com/containers/skopeo/blob/main/docs/skopeo-login.1.md, -copy, -inspect
    if ARGS[:1] == ["login"]:
        sys.stdin.read()
        print("Login Succeeded!")
        sys.exit(0)
    state = load()
    target = next(a for a in ARGS if a.startswith("docker://")).removeprefix("docker://")
    repository, tag = target.split("/", 1)[1].rsplit(":", 1)
    if repository not in state["repositories"]:
        skopeo_fail(f"Error reading manifest {tag} in {target.rsplit(':', 1)[0]}: name unknown: repository name not known to registry")
    manifests = os.path.join(ACCOUNT_DIR, "manifests")
    if ARGS[0] == "inspect":
        image = next((i for i in state["repositories"][repository] if tag in i["imageTags"]), None)
        if image is None:
            skopeo_fail(f"Error reading manifest {tag} in {target.rsplit(':', 1)[0]}: manifest unknown")
        with open(os.path.join(manifests, image["imageDigest"]), "rb") as f:
            sys.stdout.buffer.write(f.read())
        sys.exit(0)
    if ARGS[0] == "copy":
        layout = next(a for a in ARGS if a.startswith("oci:")).removeprefix("oci:")
        with open(os.path.join(layout, "index.json")) as f:
            digest = json.load(f)["manifests"][0]["digest"]
        os.makedirs(manifests, exist_ok=True)
        with open(os.path.join(layout, "blobs", "sha256", digest.removeprefix("sha256:")), "rb") as f:
            manifest = f.read()
        with open(os.path.join(manifests, digest), "wb") as f:
            f.write(manifest)
        state["repositories"][repository].append({"imageDigest": digest, "imageTags": [tag], "pushedAt": now()})
        save(state)
        print("Writing manifest to image destination", file=sys.stderr)
        sys.exit(0)
    print(f"fake {TOOL}: no answer for {ARGS}", file=sys.stderr)
    sys.exit(255)


if __name__ == "__main__":
    record()
    if TOOL == "aws":
        aws()
    elif TOOL == "cdk":
        cdk()
    elif TOOL in ("docker", "podman", "buildah"):
        image_tool()
    elif TOOL == "skopeo":
        push_tool()
    else:
        print(f"fake: unknown tool {TOOL}", file=sys.stderr)
        sys.exit(255)
