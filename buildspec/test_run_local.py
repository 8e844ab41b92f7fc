"""Tests of the local buildspec runner: python3 -m unittest discover -s buildspec

The generated scripts are run with bash, in a temporary directory, so that what is checked is
what the runner does, not the text it writes.
"""

import contextlib
import io
import os
import subprocess
import tempfile
import unittest

import run_local
from run_local import BuildspecError, classify, generate


def spec(phases=None, **extra):
    value = {"version": 0.2, "phases": phases or {"build": {"commands": ["true"]}}}
    value.update(extra)
    return value


class BashRun:
    """Runs a generated script like the runner does (bash -euo pipefail) in its own directory."""

    def __init__(self, test, buildspec, plan=False, env=None):
        self.root = tempfile.mkdtemp()
        test.addCleanup(subprocess.call, ["rm", "-rf", self.root])
        script = generate(buildspec, self.root, plan)
        full_env = {k: v for k, v in os.environ.items() if k not in ("GREETING", "ORDER")}
        full_env.update(env or {})
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=60,
        )
        self.rc, self.out, self.err = done.returncode, done.stdout, done.stderr


class ClassifyTest(unittest.TestCase):
    def test_aws_cli_and_registry_push_are_skipped(self):
        for command in ("aws ecr describe-images --x", "docker push repo:tag", "  npx cdk deploy --all"):
            self.assertEqual(classify(command), "skip", command)

    def test_ordinary_commands_run(self):
        for command in ("./mvnw -B verify", "echo laws", "export AWS_REGION=eu-west-1", "npx cdk synth"):
            self.assertEqual(classify(command), "run", command)

    def test_an_aws_step_inside_a_longer_command_is_refused(self):
        for command in (
            "if true; then aws s3 ls; fi",
            "x=$(aws sts get-caller-identity)",
            "./mvnw verify && docker push repo:tag",
            "echo start\naws ecs update-service --cluster c",
        ):
            with self.assertRaises(BuildspecError, msg=command):
                classify(command)


class ValidationTest(unittest.TestCase):
    def assert_refused(self, buildspec, fragment):
        with self.assertRaises(BuildspecError) as caught:
            generate(buildspec, "/tmp")
        self.assertIn(fragment, str(caught.exception))

    def test_only_version_0_2(self):
        self.assert_refused({"version": 0.1, "phases": {}}, "version: 0.2")
        self.assert_refused(["not", "a", "mapping"], "version: 0.2")

    def test_unknown_top_level_key(self):
        self.assert_refused(spec(batch={}), "unsupported top-level keys ['batch']")

    def test_unknown_phase(self):
        self.assert_refused(spec({"deploy": {"commands": ["true"]}}), "unknown phases ['deploy']")

    def test_secrets_need_aws(self):
        self.assert_refused(spec(env={"secrets-manager": {"X": "arn"}}), "env.secrets-manager needs AWS")
        self.assert_refused(spec(env={"parameter-store": {"X": "/p"}}), "env.parameter-store needs AWS")

    def test_only_bash(self):
        self.assert_refused(spec(env={"shell": "sh"}), "only env.shell: bash")

    def test_finally_is_not_reproduced(self):
        self.assert_refused(spec({"build": {"commands": ["true"], "finally": ["true"]}}), "build.finally")

    def test_runtime_versions_only_in_install(self):
        self.assert_refused(spec({"build": {"runtime-versions": {"java": "corretto25"}}}), "install phase")

    def test_java_runtime_must_be_corretto(self):
        self.assert_refused(spec({"install": {"runtime-versions": {"java": "openjdk25"}}}), "corretto<N>")

    def test_unknown_runtime(self):
        self.assert_refused(spec({"install": {"runtime-versions": {"ruby": "3.4"}}}), "'ruby'")

    def test_commands_are_strings(self):
        self.assert_refused(spec({"build": {"commands": [{"a": 1}]}}), "list of strings")

    def test_bad_variable_name(self):
        self.assert_refused(spec(env={"variables": {"A-B": "1"}}), "bad variable name")


class RunTest(unittest.TestCase):
    def test_phases_run_in_codebuild_order_in_one_shell(self):
        run = BashRun(
            self,
            spec(
                {
                    "post_build": {"commands": ['echo "post $STEP"']},
                    "build": {"commands": ['echo "build $STEP"', "STEP=two; cd sub"]},
                    "install": {"commands": ["mkdir sub", "STEP=one"]},
                }
            ),
        )
        self.assertEqual(run.rc, 0, run.err)
        lines = [line for line in run.out.splitlines() if line.startswith(("build ", "post "))]
        self.assertEqual(lines, ["build one", "post two"])

    def test_the_first_failing_command_stops_the_run_even_inside_and_list(self):
        run = BashRun(self, spec({"build": {"commands": ["false && true", "echo after"]}}))
        self.assertEqual(run.rc, 1)
        self.assertNotIn("after", run.out)
        self.assertIn("command failed (exit 1): false && true", run.err)

    def test_a_variable_set_by_the_caller_wins(self):
        buildspec = spec(
            {"build": {"commands": ['echo "got $GREETING"']}}, env={"variables": {"GREETING": "spec"}}
        )
        self.assertIn("got spec", BashRun(self, buildspec).out)
        self.assertIn("got caller", BashRun(self, buildspec, env={"GREETING": "caller"}).out)

    def test_aws_commands_are_printed_not_run(self):
        run = BashRun(self, spec({"build": {"commands": ["aws s3 ls", "echo ran"]}}))
        self.assertEqual(run.rc, 0, run.err)
        self.assertIn("SKIPPED (needs AWS): aws s3 ls", run.out)
        self.assertIn("ran", run.out)

    def test_plan_runs_nothing(self):
        run = BashRun(self, spec({"build": {"commands": ["touch made", "aws s3 ls"]}}), plan=True)
        self.assertEqual(run.rc, 0, run.err)
        self.assertIn("RUN: touch made", run.out)
        self.assertIn("SKIPPED (needs AWS): aws s3 ls", run.out)
        self.assertFalse(os.path.exists(os.path.join(run.root, "made")))

    def test_the_java_major_version_is_checked(self):
        fake_bin = tempfile.mkdtemp()
        self.addCleanup(subprocess.call, ["rm", "-rf", fake_bin])
        java = os.path.join(fake_bin, "java")
        with open(java, "w") as f:
            f.write("#!/bin/sh\necho '    java.specification.version = 17' >&2\n")
        os.chmod(java, 0o755)
        path = {"PATH": fake_bin + os.pathsep + os.environ["PATH"], "JAVA_HOME": ""}
        wants_25 = spec({"install": {"runtime-versions": {"java": "corretto25"}}})
        run = BashRun(self, wants_25, env=path)
        self.assertEqual(run.rc, 1)
        self.assertIn("buildspec wants java corretto25, this machine runs Java 17", run.err)
        wants_17 = spec({"install": {"runtime-versions": {"java": "corretto17"}}})
        self.assertEqual(BashRun(self, wants_17, env=path).rc, 0)

    def test_python_and_go_runtimes_are_reported_not_enforced(self):
        wants = spec({"install": {"runtime-versions": {"python": "3.12", "golang": "1.26"}}})
        run = BashRun(self, wants)
        self.assertEqual(run.rc, 0, run.err)
        self.assertRegex(run.out, r"runtime python: 3.12 -> local (Python \d|none)")
        self.assertIn("runtime golang: 1.26 -> local ", run.out)

    def test_a_report_group_without_files_fails(self):
        reports = {"unit": {"base-directory": "out", "files": ["TEST-*.xml"]}}
        missing = BashRun(self, spec({"build": {"commands": ["mkdir out"]}}, reports=reports))
        self.assertEqual(missing.rc, 1)
        self.assertIn("report group unit (JUNITXML) matched no file", missing.err)
        made = BashRun(
            self, spec({"build": {"commands": ["mkdir out", "touch out/TEST-a.xml out/TEST-b.xml"]}}, reports=reports)
        )
        self.assertEqual(made.rc, 0, made.err)
        self.assertIn("report unit (JUNITXML): 2 file(s)", made.out)

    def test_a_missing_artifact_fails(self):
        artifacts = {"files": ["image.json"]}
        self.assertEqual(BashRun(self, spec(artifacts=artifacts)).rc, 1)
        made = BashRun(self, spec({"build": {"commands": ["echo {} > image.json"]}}, artifacts=artifacts))
        self.assertEqual(made.rc, 0, made.err)
        self.assertIn("artifact image.json: present", made.out)

    def test_exported_variables_are_printed(self):
        run = BashRun(
            self, spec({"build": {"commands": ["ORDER=42"]}}, env={"exported-variables": ["ORDER"]})
        )
        self.assertIn("exported ORDER=42", run.out)


class RepositoryBuildspecsTest(unittest.TestCase):
    """Every buildspec of the repository is one the runner accepts."""

    def test_each_buildspec_generates(self):
        here = os.path.dirname(os.path.abspath(__file__))
        names = sorted(n for n in os.listdir(here) if n.endswith(".yml"))
        self.assertIn("unit-test.yml", names)
        for name in names:
            with self.subTest(name):
                script = generate(run_local.load(os.path.join(here, name)), "/repo", plan=True)
                self.assertIn("== phase", script)


class MainTest(unittest.TestCase):
    def test_usage_and_unknown_name_exit_2(self):
        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            self.assertEqual(run_local.main([]), 2)
            self.assertEqual(run_local.main(["--plan"]), 2)
            self.assertEqual(run_local.main(["no-such-buildspec"]), 2)
        self.assertIn("no buildspec", errors.getvalue())


if __name__ == "__main__":
    unittest.main()
