#!/usr/bin/env bash
# Runs a CodeBuild buildspec of this repository on this machine, the way CodeBuild would:
#
#   buildspec/run-local.sh NAME           e.g. buildspec/run-local.sh unit-test
#   buildspec/run-local.sh --plan NAME    print what would run and what would be skipped
#
# What it does, in CodeBuild's order:
#   - reads buildspec/NAME.yml (version 0.2);
#   - exports env.variables (a variable already set by the caller wins, as a start-build
#     override does in CodeBuild) and CODEBUILD_SRC_DIR (the repository root);
#   - checks runtime-versions against this machine (java must be the named major version;
#     nodejs is compared and reported);
#   - runs the commands of install, pre_build, build and post_build in order, all in ONE bash
#     shell (CodeBuild shares the shell between commands, so `cd` and variables carry over), with
#     `set -euo pipefail`: the first failing command fails the run;
#   - after the phases, checks that every `reports` group and the `artifacts` section match at
#     least one file, and prints `exported-variables`.
#
# Differences from CodeBuild, on purpose: it stops at the first failure (CodeBuild would still run
# post_build), it does not install runtimes (the machine's JDK 25 and node are used), and commands
# that need an AWS account are not run. Those are the commands that start with one of
# STUB_PREFIXES below; each is printed as "SKIPPED (needs AWS)" instead. A command that only
# *contains* such a step (inside a multi-line block or a substitution) is refused, so nothing
# AWS-bound can slip through unnoticed.
set -euo pipefail

# Commands that talk to AWS (or push to a registry in it). Nothing else is skipped.
STUB_PREFIXES=(
  'aws '                  # the AWS CLI
  'docker login'          # registry login with an ECR token
  'docker push'           # push to ECR
  'npx cdk deploy'        # CloudFormation deployments
  'cdk deploy'
  'npx cdk bootstrap'
  'ci/publish-image.sh'   # ECR tag check + push (calls aws and docker push)
)

usage() {
  echo "usage: $0 [--plan] NAME   (NAME = a file buildspec/NAME.yml)" >&2
  exit 2
}

plan=false
if [[ "${1:-}" == --plan ]]; then
  plan=true
  shift
fi
[[ $# -eq 1 ]] || usage
name="$1"
root="$(cd "$(dirname "$0")/.." && pwd)"
spec="$root/buildspec/$name.yml"
[[ -f "$spec" ]] || { echo "run-local: no buildspec $spec" >&2; exit 2; }

# The buildspec is YAML: parse it with PyYAML (Debian: python3-yaml).
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
[[ -n "$python" ]] || { echo "run-local: needs python3 with PyYAML (apt-get install -y python3-yaml)" >&2; exit 2; }

script="$(mktemp)"
trap 'rm -f "$script"' EXIT

# Turn the buildspec into one bash script. The generator validates the structure and refuses
# anything it cannot reproduce faithfully.
STUBS="$(printf '%s\n' "${STUB_PREFIXES[@]}")" PLAN="$plan" "$python" - "$spec" "$root" >"$script" <<'PY'
import os, re, shlex, sys
import yaml

spec_path, root = sys.argv[1], sys.argv[2]
stubs = [s for s in os.environ["STUBS"].split("\n") if s]
plan = os.environ["PLAN"] == "true"

def die(msg):
    sys.stderr.write(f"run-local: {spec_path}: {msg}\n")
    sys.exit(2)

with open(spec_path) as f:
    spec = yaml.safe_load(f)
if not isinstance(spec, dict) or str(spec.get("version")) != "0.2":
    die("expected a mapping with version: 0.2")
unknown = set(spec) - {"version", "env", "phases", "reports", "artifacts", "cache", "run-as"}
if unknown:
    die(f"unsupported top-level keys {sorted(unknown)}")

env = spec.get("env") or {}
for key in ("parameter-store", "secrets-manager"):
    if key in env:
        die(f"env.{key} needs AWS; not supported locally")
if env.get("shell", "bash") != "bash":
    die("only env.shell: bash is supported")
variables = env.get("variables") or {}
exported = env.get("exported-variables") or []

phases = spec.get("phases") or {}
order = ["install", "pre_build", "build", "post_build"]
if set(phases) - set(order):
    die(f"unknown phases {sorted(set(phases) - set(order))}")

# Where a shell command can start inside a longer one: a line, after ; | & ( ` or a keyword.
stub_anywhere = re.compile(
    r"(^|[;|&(`]|\b(?:then|do|else|if|while|until|!)\s)\s*("
    + "|".join(re.escape(s.strip()) for s in stubs) + r")(\s|$)", re.M)

def classify(command):
    stripped = command.lstrip()
    for prefix in stubs:
        if stripped.startswith(prefix):
            return "skip"
    if stub_anywhere.search(command):
        die("this command embeds an AWS-only step; make that step a command of its own so it "
            f"can be skipped:\n{command}")
    return "run"

out = []
emit = out.append
emit(f"cd {shlex.quote(root)}")
emit(f"export CODEBUILD_SRC_DIR={shlex.quote(root)}")
emit('export CODEBUILD_RESOLVED_SOURCE_VERSION="${CODEBUILD_RESOLVED_SOURCE_VERSION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}"')
emit('if [[ -n "${JAVA_HOME:-}" ]]; then export PATH="$JAVA_HOME/bin:$PATH"; fi')
for key, value in variables.items():
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(key)):
        die(f"bad variable name {key!r}")
    emit(f'if [[ -z "${{{key}+set}}" ]]; then export {key}={shlex.quote(str(value))}; fi')
    emit(f'echo "env {key}=${{{key}}}"')

for phase in order:
    body = phases.get(phase)
    if body is None:
        continue
    emit(f'echo; echo "== phase {phase}"; __phase_start=$SECONDS')
    runtimes = body.get("runtime-versions") or {}
    if runtimes and phase != "install":
        die("runtime-versions belongs to the install phase")
    for runtime, version in runtimes.items():
        version = str(version)
        if runtime == "java":
            major = re.fullmatch(r"corretto(\d+)(\.x)?", version)
            if not major:
                die(f"java runtime {version!r} is not corretto<N>")
            emit(f'__java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n "s/^ *java.specification.version = //p")"')
            emit(f'if [[ "$__java_major" != {major.group(1)} ]]; then echo "run-local: buildspec wants java {version}, this machine runs Java $__java_major (set JAVA_HOME)" >&2; exit 1; fi')
            emit(f'echo "runtime java: {version} -> local Java $__java_major at $(command -v java)"')
        elif runtime == "nodejs":
            emit(f'__node="$(node --version 2>/dev/null || echo none)"')
            emit(f'echo "runtime nodejs: {version} -> local node $__node" ; if [[ "${{__node#v}}" != {shlex.quote(version)}.* ]]; then echo "note: CodeBuild would use node {version}; running with $__node"; fi')
        else:
            die(f"runtime {runtime!r} is not known to the local runner")
    commands = body.get("commands") or []
    if not isinstance(commands, list) or not all(isinstance(c, str) for c in commands):
        die(f"phases.{phase}.commands must be a list of strings")
    for extra in set(body) - {"runtime-versions", "commands", "on-failure", "finally"}:
        die(f"phases.{phase}.{extra} is not supported locally")
    if "finally" in body:
        die(f"phases.{phase}.finally is not supported locally")
    for command in commands:
        kind = classify(command)
        shown = shlex.quote(command)
        if kind == "skip":
            emit(f"printf 'SKIPPED (needs AWS): %s\\n' {shown}")
        elif plan:
            emit(f"printf 'RUN: %s\\n' {shown}")
        else:
            emit(f"printf '+ %s\\n' {shown}")
            emit(command)
            # CodeBuild fails on a command's exit status; `set -e` alone would let a failure
            # early in an `a && b` list pass unnoticed.
            emit('__rc=$?; if (( __rc != 0 )); then printf "run-local: command failed (exit %s): %s\\n" "$__rc" '
                 + shown + ' >&2; exit "$__rc"; fi')
    emit(f'echo "== phase {phase} done in $((SECONDS - __phase_start)) s"')

if not plan:
    reports = spec.get("reports") or {}
    for group, report in reports.items():
        base = report.get("base-directory", ".")
        files = report.get("files") or []
        fmt = report.get("file-format", "JUNITXML")
        patterns = " ".join(shlex.quote(os.path.join(base, f)) for f in files)
        emit(f'__n=0; for __g in {patterns}; do for __f in $(compgen -G "$__g" || true); do __n=$((__n + 1)); done; done')
        emit(f'if (( __n == 0 )); then echo "run-local: report group {group} ({fmt}) matched no file" >&2; exit 1; fi')
        emit(f'echo "report {group} ({fmt}): $__n file(s)"')
    artifacts = spec.get("artifacts") or {}
    base = artifacts.get("base-directory", ".")
    for pattern in artifacts.get("files") or []:
        quoted = shlex.quote(os.path.join(base, pattern))
        emit(f'if [[ -z "$(compgen -G {quoted} || true)" ]]; then echo "run-local: artifact {pattern} not produced" >&2; exit 1; fi')
        emit(f'echo "artifact {pattern}: present"')
    for name in exported:
        emit(f'echo "exported {name}=${{{name}:-}}"')
print("\n".join(out))
PY

start=$SECONDS
echo "run-local: $spec"
if $plan; then
  bash -euo pipefail "$script"
  exit 0
fi
if bash -euo pipefail "$script"; then
  echo "run-local: $name passed in $((SECONDS - start)) s"
else
  rc=$?
  echo "run-local: $name FAILED (exit $rc) after $((SECONDS - start)) s" >&2
  exit "$rc"
fi
