"""Runs a CodeBuild buildspec of this repository on this machine, the way CodeBuild would.

    python3 buildspec/run_local.py NAME           e.g. unit-test (the file buildspec/NAME.yml)
    python3 buildspec/run_local.py --plan NAME    print what would run and what would be skipped

What it does, in CodeBuild's order:
  - reads buildspec/NAME.yml (version 0.2);
  - exports env.variables (a variable already set by the caller wins, as a start-build override
    does in CodeBuild) and CODEBUILD_SRC_DIR (the repository root);
  - checks runtime-versions against this machine (java must be the named major version; nodejs
    is compared and reported, python and golang are reported);
  - runs the commands of install, pre_build, build and post_build in order, all in ONE bash shell
    (CodeBuild shares the shell between commands, so `cd` and variables carry over), with
    `set -euo pipefail`: the first failing command fails the run;
  - after the phases, checks that every `reports` group and the `artifacts` section match at
    least one file, and prints `exported-variables`.

Differences from CodeBuild, on purpose: it stops at the first failure (CodeBuild would still run
post_build), it does not install runtimes (the machine's JDK 25 and node are used), and commands
that need an AWS account are not run. Those are the commands that start with one of
STUB_PREFIXES; each is printed as "SKIPPED (needs AWS)" instead. A command that only *contains*
such a step (inside a multi-line block or a substitution) is refused, so nothing AWS-bound can
slip through unnoticed.
"""

import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

import yaml

# Commands that talk to AWS (or push to a registry in it). Nothing else is skipped.
STUB_PREFIXES = (
    "aws ",  # the AWS CLI
    "docker login",  # registry login with an ECR token
    "docker push",  # push to ECR
    "npx cdk deploy",  # CloudFormation deployments
    "cdk deploy",
    "npx cdk bootstrap",
    "buildspec/publish-image.sh",  # tag check + push to ECR (skopeo, after the ECR login)
    "buildspec/sign-image.sh",  # signs through KMS (aws kms sign)
    "buildspec/publish-attachments.sh",  # push to ECR, then the signature check (KMS public key)
    "buildspec/deploy-app.sh",  # reads the live stack and rules, then cdk deploy
)

PHASES = ("install", "pre_build", "build", "post_build")
TOP_LEVEL_KEYS = {"version", "env", "phases", "reports", "artifacts", "cache", "run-as"}

# Where a shell command can start inside a longer one: a line, after ; | & ( ` or a keyword.
_EMBEDDED_STUB = re.compile(
    r"(^|[;|&(`]|\b(?:then|do|else|if|while|until|!)\s)\s*("
    + "|".join(re.escape(s.strip()) for s in STUB_PREFIXES)
    + r")(\s|$)",
    re.M,
)


class BuildspecError(Exception):
    """The buildspec uses something this runner cannot reproduce faithfully."""


def classify(command):
    """Returns "skip" for an AWS-only command, "run" otherwise; refuses embedded AWS steps."""
    stripped = command.lstrip()
    if any(stripped.startswith(prefix) for prefix in STUB_PREFIXES):
        return "skip"
    if _EMBEDDED_STUB.search(command):
        raise BuildspecError(
            "this command embeds an AWS-only step; make that step a command of its own so it "
            f"can be skipped:\n{command}"
        )
    return "run"


def _runtime_lines(runtime, version):
    version = str(version)
    if runtime == "java":
        major = re.fullmatch(r"corretto(\d+)(\.x)?", version)
        if not major:
            raise BuildspecError(f"java runtime {version!r} is not corretto<N>")
        want = major.group(1)
        return [
            '__java_major="$(java -XshowSettings:properties -version 2>&1'
            ' | sed -n "s/^ *java.specification.version = //p")"',
            f'if [[ "$__java_major" != {want} ]]; then echo "run-local: buildspec wants java {version},'
            ' this machine runs Java $__java_major (set JAVA_HOME)" >&2; exit 1; fi',
            f'echo "runtime java: {version} -> local Java $__java_major at $(command -v java)"',
        ]
    if runtime == "nodejs":
        return [
            '__node="$(node --version 2>/dev/null || echo none)"',
            f'echo "runtime nodejs: {version} -> local node $__node"',
            f'if [[ "${{__node#v}}" != {shlex.quote(version)}.* ]]; then'
            f' echo "note: CodeBuild would use node {version}; running with $__node"; fi',
        ]
    if runtime in ("python", "golang"):
        # Reported, not enforced: the commands that need them (pip, go) are compared by the
        # buildspec itself or are left to CodeBuild.
        program = {"python": "python3 --version 2>&1", "golang": "go version 2>/dev/null"}[runtime]
        return [
            f'__version="$({program} || echo none)"',
            f'echo "runtime {runtime}: {version} -> local $__version"',
        ]
    raise BuildspecError(f"runtime {runtime!r} is not known to the local runner")


def _command_lines(command, plan):
    shown = shlex.quote(command)
    if classify(command) == "skip":
        return [f"printf 'SKIPPED (needs AWS): %s\\n' {shown}"]
    if plan:
        return [f"printf 'RUN: %s\\n' {shown}"]
    return [
        f"printf '+ %s\\n' {shown}",
        command,
        # CodeBuild fails on a command's exit status; `set -e` alone would let a failure early
        # in an `a && b` list pass unnoticed.
        '__rc=$?; if (( __rc != 0 )); then printf "run-local: command failed (exit %s): %s\\n" "$__rc" '
        + shown
        + ' >&2; exit "$__rc"; fi',
    ]


def _check_lines(spec):
    lines = []
    for group, report in (spec.get("reports") or {}).items():
        base = report.get("base-directory", ".")
        fmt = report.get("file-format", "JUNITXML")
        patterns = " ".join(shlex.quote(os.path.join(base, f)) for f in report.get("files") or [])
        lines += [
            f'__n=0; for __g in {patterns}; do for __f in $(compgen -G "$__g" || true); do __n=$((__n + 1)); done; done',
            f'if (( __n == 0 )); then echo "run-local: report group {group} ({fmt}) matched no file" >&2; exit 1; fi',
            f'echo "report {group} ({fmt}): $__n file(s)"',
        ]
    artifacts = spec.get("artifacts") or {}
    base = artifacts.get("base-directory", ".")
    for pattern in artifacts.get("files") or []:
        quoted = shlex.quote(os.path.join(base, pattern))
        lines += [
            f'if [[ -z "$(compgen -G {quoted} || true)" ]]; then echo "run-local: artifact {pattern} not produced" >&2; exit 1; fi',
            f'echo "artifact {pattern}: present"',
        ]
    for name in (spec.get("env") or {}).get("exported-variables") or []:
        lines.append(f'echo "exported {name}=${{{name}:-}}"')
    return lines


def generate(spec, root, plan=False):
    """Turns a parsed buildspec into one bash script (run with `bash -euo pipefail`)."""
    if not isinstance(spec, dict) or str(spec.get("version")) != "0.2":
        raise BuildspecError("expected a mapping with version: 0.2")
    unknown = set(spec) - TOP_LEVEL_KEYS
    if unknown:
        raise BuildspecError(f"unsupported top-level keys {sorted(unknown)}")
    env = spec.get("env") or {}
    for key in ("parameter-store", "secrets-manager"):
        if key in env:
            raise BuildspecError(f"env.{key} needs AWS; not supported locally")
    if env.get("shell", "bash") != "bash":
        raise BuildspecError("only env.shell: bash is supported")
    phases = spec.get("phases") or {}
    if set(phases) - set(PHASES):
        raise BuildspecError(f"unknown phases {sorted(set(phases) - set(PHASES))}")

    out = [
        f"cd {shlex.quote(root)}",
        f"export CODEBUILD_SRC_DIR={shlex.quote(root)}",
        'export CODEBUILD_RESOLVED_SOURCE_VERSION="${CODEBUILD_RESOLVED_SOURCE_VERSION:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}"',
        'if [[ -n "${JAVA_HOME:-}" ]]; then export PATH="$JAVA_HOME/bin:$PATH"; fi',
    ]
    for key, value in (env.get("variables") or {}).items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(key)):
            raise BuildspecError(f"bad variable name {key!r}")
        out.append(f'if [[ -z "${{{key}+set}}" ]]; then export {key}={shlex.quote(str(value))}; fi')
        out.append(f'echo "env {key}=${{{key}}}"')

    for phase in PHASES:
        body = phases.get(phase)
        if body is None:
            continue
        extra = set(body) - {"runtime-versions", "commands", "on-failure"}
        if extra:
            raise BuildspecError(f"phases.{phase}.{sorted(extra)[0]} is not supported locally")
        runtimes = body.get("runtime-versions") or {}
        if runtimes and phase != "install":
            raise BuildspecError("runtime-versions belongs to the install phase")
        commands = body.get("commands") or []
        if not isinstance(commands, list) or not all(isinstance(c, str) for c in commands):
            raise BuildspecError(f"phases.{phase}.commands must be a list of strings")
        out.append(f'echo; echo "== phase {phase}"; __phase_start=$SECONDS')
        for runtime, version in runtimes.items():
            out += _runtime_lines(runtime, version)
        for command in commands:
            out += _command_lines(command, plan)
        out.append(f'echo "== phase {phase} done in $((SECONDS - __phase_start)) s"')

    if not plan:
        out += _check_lines(spec)
    return "\n".join(out) + "\n"


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def main(argv):
    args = list(argv)
    plan = bool(args) and args[0] == "--plan"
    if plan:
        args.pop(0)
    if len(args) != 1:
        print("usage: run-local [--plan] NAME   (NAME = a file buildspec/NAME.yml)", file=sys.stderr)
        return 2
    name = args[0]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    spec_path = os.path.join(root, "buildspec", f"{name}.yml")
    if not os.path.isfile(spec_path):
        print(f"run-local: no buildspec {spec_path}", file=sys.stderr)
        return 2
    try:
        script = generate(load(spec_path), root, plan)
    except BuildspecError as e:
        print(f"run-local: {spec_path}: {e}", file=sys.stderr)
        return 2

    print(f"run-local: {spec_path}", flush=True)
    start = time.monotonic()
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write(script)
    try:
        rc = subprocess.call(["bash", "-euo", "pipefail", f.name])
    finally:
        os.unlink(f.name)
    if rc < 0:  # killed by a signal: report it the way a shell would
        rc = 128 - rc
    if plan:
        return rc
    took = int(time.monotonic() - start)
    if rc == 0:
        print(f"run-local: {name} passed in {took} s", flush=True)
    else:
        print(f"run-local: {name} FAILED (exit {rc}) after {took} s", file=sys.stderr, flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
