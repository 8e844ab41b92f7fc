"""Tests of build-image.sh's refusals, and of the export of the bill of materials' inputs, with
stand-in builders: python3 -m unittest discover -s buildspec

The script runs in a temporary git repository holding the files it reads, so its checks of the
checkout (the commit named is HEAD, what the image is built from is committed) meet a real git.
A successful build needs a container engine: docker/container-image.sh runs one with podman.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES = (
    "lib/common.sh",
    "buildspec/build-image.sh",
    "buildspec/image-tag.sh",
    "buildspec/project-version.sh",
    "buildspec/oci_layout.py",
    "Dockerfile",
    ".dockerignore",
    "pom.xml",
    "service/pom.xml",
)


def git(repo, *args):
    return subprocess.run(
        ["git", "-C", repo, *args], check=True, capture_output=True, text=True
    ).stdout.strip()


class BuildImageTest(unittest.TestCase):
    def setUp(self):
        self.repo = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.repo)
        for name in FILES:
            os.makedirs(os.path.join(self.repo, os.path.dirname(name)), exist_ok=True)
            shutil.copy2(os.path.join(ROOT, name), os.path.join(self.repo, name))
        git(self.repo, "init", "-q")
        git(self.repo, "add", ".")
        git(
            self.repo,
            "-c", "user.name=clockmirror", "-c", "user.email=ci@clockmirror.invalid",
            "commit", "-q", "-m", "source",
        )
        self.head = git(self.repo, "rev-parse", "HEAD")
        self.out = os.path.join(self.repo, "image")

    def run_script(self, *args):
        done = subprocess.run(
            ["bash", os.path.join(self.repo, "buildspec/build-image.sh"), *args],
            cwd=self.repo,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done.returncode, done.stdout, done.stderr

    def assert_refused(self, message, *args, code=1):
        rc, out, err = self.run_script(*args)
        self.assertEqual(rc, code, err)
        self.assertIn(message, err)
        self.assertEqual(out, "", "nothing on stdout, where the digest goes")
        self.assertNotIn("building", err)
        self.assertFalse(os.path.exists(self.out))

    def test_usage(self):
        for args in ((), (self.head,), ("--tool",), ("--fast", self.head, self.out),
                     (self.head, self.out, "--pull")):
            self.assert_refused("usage: ", *args, code=2)

    def test_only_the_three_builders(self):
        self.assert_refused("--tool must be docker, podman or buildah, not 'kaniko'",
                            "--tool", "kaniko", self.head, self.out)

    def test_the_commit_is_a_full_commit_id(self):
        for commit in (self.head[:7], self.head.upper(), "main", self.head + "0"):
            self.assert_refused(f"'{commit}' is not a full commit id", commit, self.out)

    def test_the_commit_is_the_checkouts(self):
        other = "f" * 40
        self.assert_refused(
            f"the checkout is at {self.head}, not at {other}: the image would report a commit"
            " it was not built from",
            other, self.out,
        )

    def test_what_the_image_is_built_from_is_committed(self):
        with open(os.path.join(self.repo, "pom.xml"), "a") as pom:
            pom.write("<!-- changed -->\n")
        self.assert_refused(" M pom.xml", self.head, self.out)
        git(self.repo, "checkout", "pom.xml")
        os.makedirs(os.path.join(self.repo, "service/src/main/java"))
        with open(os.path.join(self.repo, "service/src/main/java/New.java"), "w") as new:
            new.write("class New {}\n")
        self.assert_refused("?? service/src/main/", self.head, self.out)

    def test_past_its_checks_it_builds_with_the_identity_last(self):
        # A file outside the build context may be uncommitted. The builder is a stand-in that
        # records its arguments and fails, which ends the run there: a real build is
        # docker/container-image.sh's.
        with open(os.path.join(self.repo, "notes.txt"), "w") as notes:
            notes.write("not in the image\n")
        bin_dir = os.path.join(self.repo, "bin")
        os.makedirs(bin_dir)
        calls = os.path.join(self.repo, "calls")
        with open(os.path.join(bin_dir, "podman"), "w") as podman:
            podman.write(f'#!/bin/sh\nprintf "%s\\n" "$@" > {calls}\nexit 3\n')
        os.chmod(os.path.join(bin_dir, "podman"), 0o755)
        done = subprocess.run(
            ["bash", os.path.join(self.repo, "buildspec/build-image.sh"), "--tool", "podman",
             self.head, self.out, "--", "--pull=never", "--build-arg", "TRAINING_PORT=18089"],
            cwd=self.repo, capture_output=True, text=True, timeout=60,
            env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]},
        )
        tag = f"{self.version()}-{self.head[:7]}"
        self.assertEqual(done.returncode, 3, done.stderr)
        self.assertEqual(done.stdout, "")
        self.assertIn(
            f"build-image: building clockmirror:{tag} (release {self.version()},"
            f" commit {self.head}) with podman",
            done.stderr,
        )
        with open(calls) as recorded:
            self.assertEqual(
                recorded.read().splitlines(),
                [
                    "build", "--format", "docker",
                    "--pull=never", "--build-arg", "TRAINING_PORT=18089",
                    "--tag", f"clockmirror:{tag}",
                    "--label", f"org.opencontainers.image.version={self.version()}",
                    "--label", f"org.opencontainers.image.revision={self.head}",
                    "--build-arg", f"CLOCKMIRROR_IMAGE_TAG={tag}",
                    "--build-arg", f"CLOCKMIRROR_IMAGE_COMMIT={self.head}",
                    ".",
                ],
            )

    def version(self):
        return subprocess.run(
            ["bash", os.path.join(self.repo, "buildspec/project-version.sh")],
            capture_output=True, text=True, check=True,
        ).stdout.strip()

    def test_an_image_that_reports_another_build_is_refused(self):
        # A stand-in podman whose "build" succeeds and whose saved image carries the identity of
        # an earlier build, as a stale cached layer would.
        bin_dir = os.path.join(self.repo, "bin")
        os.makedirs(bin_dir)
        config = {"architecture": "amd64", "os": "linux",
                  "config": {"Env": ["CLOCKMIRROR_IMAGE_TAG=1.0.0-0000000",
                                     f"CLOCKMIRROR_IMAGE_COMMIT={self.head}"]},
                  "rootfs": {"type": "layers", "diff_ids": []}}
        stage = os.path.join(self.repo, "stage")
        os.makedirs(stage)
        with open(os.path.join(stage, "config.json"), "w") as f:
            json.dump(config, f)
        with open(os.path.join(stage, "manifest.json"), "w") as f:
            json.dump([{"Config": "config.json", "RepoTags": ["x"], "Layers": []}], f)
        with open(os.path.join(bin_dir, "podman"), "w") as podman:
            podman.write(
                "#!/bin/sh\n"
                'if [ "$1" = save ]; then\n'
                '  while [ "$1" != --output ]; do shift; done\n'
                f'  tar -C {stage} -cf "$2" manifest.json config.json\n'
                "fi\n")
        os.chmod(os.path.join(bin_dir, "podman"), 0o755)
        done = subprocess.run(
            ["bash", os.path.join(self.repo, "buildspec/build-image.sh"), "--tool", "podman",
             self.head, self.out],
            cwd=self.repo, capture_output=True, text=True, timeout=60,
            env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]},
        )
        tag = f"{self.version()}-{self.head[:7]}"
        self.assertNotEqual(done.returncode, 0)
        self.assertIn(
            f"the image reports CLOCKMIRROR_IMAGE_TAG=1.0.0-0000000, not {tag}", done.stderr)
        self.assertEqual(done.stdout, "")

    def stand_in_podman(self, export):
        """A podman whose build and save succeed with this build's identity; its build of the
        target sbom-facts records its arguments and runs EXPORT (shell) in the --output dest."""
        bin_dir = os.path.join(self.repo, "bin")
        os.makedirs(bin_dir)
        tag = f"{self.version()}-{self.head[:7]}"
        stage = os.path.join(self.repo, "stage")
        os.makedirs(stage)
        config = {"architecture": "amd64", "os": "linux",
                  "config": {"Env": [f"CLOCKMIRROR_IMAGE_TAG={tag}",
                                     f"CLOCKMIRROR_IMAGE_COMMIT={self.head}"]},
                  "rootfs": {"type": "layers", "diff_ids": []}}
        with open(os.path.join(stage, "config.json"), "w") as f:
            json.dump(config, f)
        with open(os.path.join(stage, "manifest.json"), "w") as f:
            json.dump([{"Config": "config.json", "RepoTags": ["x"], "Layers": []}], f)
        calls = os.path.join(self.repo, "facts-call")
        with open(os.path.join(bin_dir, "podman"), "w") as podman:
            podman.write(
                "#!/bin/bash\n"
                'if [ "$1" = save ]; then\n'
                '  while [ "$1" != --output ]; do shift; done\n'
                f'  tar -C {stage} -cf "$2" manifest.json config.json\n'
                'elif [ "$4" = --target ]; then\n'
                f'  printf "%s\\n" "$@" > {calls}\n'
                '  dest="${7#type=local,dest=}"; mkdir -p "$dest"; cd "$dest"\n'
                f"  {export}\n"
                "fi\n")
        os.chmod(os.path.join(bin_dir, "podman"), 0o755)
        done = subprocess.run(
            ["bash", os.path.join(self.repo, "buildspec/build-image.sh"), "--tool", "podman",
             self.head, self.out, "--", "--pull=never"],
            cwd=self.repo, capture_output=True, text=True, timeout=60,
            env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"]},
        )
        return done, calls

    def test_the_bill_of_materials_inputs_are_exported_beside_the_layout(self):
        done, calls = self.stand_in_podman(
            "for f in jdk-release os-release files.tsv bom.json; do echo x > $f; done")
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(calls) as recorded:
            self.assertEqual(
                recorded.read().splitlines(),
                ["build", "--format", "docker", "--target", "sbom-facts",
                 "--output", f"type=local,dest={self.out}/sbom-facts", "--pull=never", "."])
        self.assertEqual(sorted(os.listdir(os.path.join(self.out, "sbom-facts"))),
                         ["bom.json", "files.tsv", "jdk-release", "os-release"])
        self.assertTrue(os.path.exists(os.path.join(self.out, "image.env")))
        self.assertRegex(done.stdout, r"^sha256:[0-9a-f]{64}\n$")

    def test_an_export_without_the_bill_of_materials_inputs_fails(self):
        done, _ = self.stand_in_podman("echo x > jdk-release")
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("the target sbom-facts exported no os-release", done.stderr)
        self.assertEqual(done.stdout, "")
        self.assertFalse(os.path.exists(os.path.join(self.out, "image.env")))

    def test_the_identity_is_not_a_build_option(self):
        self.assert_refused(
            "the image's identity comes from COMMIT, not from a build option"
            " (CLOCKMIRROR_IMAGE_TAG=1.0.0-0000000)",
            self.head, self.out, "--", "--build-arg", "CLOCKMIRROR_IMAGE_TAG=1.0.0-0000000",
        )

    def test_the_layout_directory_is_new(self):
        os.makedirs(self.out)
        with open(os.path.join(self.out, "index.json"), "w") as old:
            old.write("{}")
        rc, out, err = self.run_script(self.head, self.out)
        self.assertEqual(rc, 1, err)
        self.assertIn(f"{self.out} exists and is not empty", err)


if __name__ == "__main__":
    unittest.main()
