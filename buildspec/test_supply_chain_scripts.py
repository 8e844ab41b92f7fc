"""Tests of buildspec/sign-image.sh and buildspec/publish-attachments.sh with a stand-in for java:
their usage and refusals, and the supply-chain commands they run with which options.
python3 -m unittest discover -s buildspec

Each script runs from a temporary copy of the repository's layout, with a stand-in `java` that
records its arguments. The real
command against a real registry: buildspec/registry-check.sh.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIGEST = "sha256:" + "ab" * 32
OTHER = "sha256:" + "cd" * 32
KEY = "arn:aws:kms:eu-west-1:111122223333:alias/clockmirror-image-signing"
REPOSITORY = "222222222222.dkr.ecr.eu-central-1.amazonaws.com/prod-clockmirror"
MAIN = "io.clockmirror.deployhook.supplychain.SupplyChainMain"

# The stand-in java: appends its arguments (one JSON list a line) to $JAVA_CALLS; exits with
# $JAVA_EXIT_<COMMAND> (default 0).
JAVA = """#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["JAVA_CALLS"], "a") as f:
    f.write(json.dumps(args) + "\\n")
command = args[3]
sys.exit(int(os.environ.get("JAVA_EXIT_" + command.upper().replace("-", "_"), "0")))
"""


class Scripts(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root)
        os.makedirs(os.path.join(self.root, "buildspec"))
        for name in ("sign-image.sh", "publish-attachments.sh"):
            shutil.copy2(os.path.join(ROOT, "buildspec", name),
                         os.path.join(self.root, "buildspec", name))
        self.bin = os.path.join(self.root, "bin")
        os.makedirs(self.bin)
        self.tool("java", JAVA)
        self.java_calls = os.path.join(self.root, "java-calls")

    def tool(self, name, text):
        path = os.path.join(self.bin, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o755)

    def write(self, path, text):
        path = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def run_script(self, name, *args, **env):
        done = subprocess.run(
            ["bash", os.path.join(self.root, "buildspec", name), *args],
            cwd=self.root, capture_output=True, text=True, timeout=60,
            env={"PATH": self.bin + os.pathsep + os.environ["PATH"],
                 "JAVA_CALLS": self.java_calls, **env},
        )
        return done.returncode, done.stdout, done.stderr

    def calls(self, path):
        if not os.path.exists(path):
            return []
        with open(path) as f:
            return [json.loads(line) for line in f]

    # --- sign-image.sh ---------------------------------------------------------------------

    def image_dir(self, digest=DIGEST, env_digest=DIGEST, facts=("jdk-release", "os-release",
                                                                    "files.tsv", "bom.json")):
        self.write("image/index.json", json.dumps({"schemaVersion": 2, "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest,
             "size": 1}]}))
        self.write("image/image.env", "IMAGE_NAME=clockmirror\nIMAGE_VERSION=1.0.0\n"
                   f"IMAGE_TAG=1.0.0-1a2b3c4\nIMAGE_DIGEST={env_digest}\n")
        for name in facts:
            self.write(f"image/sbom-facts/{name}", "x\n")
        self.write("deploy-hook/target/deploy-hook.jar", "jar")

    def sign(self, *args, **env):
        return self.run_script("sign-image.sh", *args, **{
            "SIGNING_KEY_ID": KEY, "SIGNING_IDENTITY": REPOSITORY, **env})

    def assert_sign_refused(self, code, message, *args, **env):
        rc, out, err = self.sign(*args, **env)
        self.assertEqual(rc, code, err)
        self.assertIn(message, err)
        self.assertEqual(self.calls(self.java_calls), [], "nothing was run")

    def test_sign_usage(self):
        for args in ((), ("image",), ("image", "out", "more")):
            self.assert_sign_refused(2, "usage: ", *args)

    def test_sign_needs_the_key_and_the_identity(self):
        self.image_dir()
        self.assert_sign_refused(2, "sign-image: SIGNING_KEY_ID is not set", "image", "out",
                                 SIGNING_KEY_ID="")
        self.assert_sign_refused(2, "sign-image: SIGNING_IDENTITY is not set", "image", "out",
                                 SIGNING_IDENTITY="")

    def test_sign_needs_what_build_image_wrote(self):
        self.assert_sign_refused(1, "sign-image: image is not an image layout (no index.json)",
                                 "image", "out")
        self.image_dir(facts=("jdk-release", "os-release", "files.tsv"))
        self.assert_sign_refused(
            1, "sign-image: image/sbom-facts has no bom.json (exported by buildspec/build-image.sh)",
            "image", "out")

    def test_sign_needs_the_jar(self):
        self.image_dir()
        os.remove(os.path.join(self.root, "deploy-hook/target/deploy-hook.jar"))
        self.assert_sign_refused(1, "deploy-hook.jar: build it first", "image", "out")

    def test_sign_refuses_a_layout_of_another_image(self):
        self.image_dir(digest=OTHER)
        self.assert_sign_refused(
            1, f"image/index.json lists {OTHER}, image.env names {DIGEST}: not one image",
            "image", "out")

    def test_sign_refuses_an_output_directory_in_use(self):
        self.image_dir()
        self.write("out/old", "x")
        self.assert_sign_refused(1, "sign-image: out exists and is not empty", "image", "out")

    def test_sign_makes_the_bill_of_materials_then_signs_with_it(self):
        self.image_dir()
        rc, out, err = self.sign("image", "out")
        self.assertEqual(rc, 0, err)
        self.assertIn(f"sign-image: clockmirror 1.0.0 {DIGEST} signed with {KEY} as {REPOSITORY}",
                      out)
        jar = "out/deploy-hook.jar"
        self.assertTrue(os.path.exists(os.path.join(self.root, jar)))
        self.assertEqual(self.calls(self.java_calls), [
            ["-cp", jar, MAIN, "sbom", "--maven-bom", "image/sbom-facts/bom.json",
             "--facts", "image/sbom-facts", "--image-name", "clockmirror",
             "--image-version", "1.0.0", "--image-digest", DIGEST, "--out", "out/sbom.cdx.json"],
            ["-cp", jar, MAIN, "sign", "--image-layout", "image", "--key-id", KEY,
             "--identity", REPOSITORY, "--sbom", "out/sbom.cdx.json", "--out", "out/attachments"],
        ])

    def test_a_failed_signature_fails_the_step(self):
        self.image_dir()
        rc, _, err = self.sign("image", "out", JAVA_EXIT_SIGN="1")
        self.assertEqual(rc, 1)
        self.assertIn("sign-image: SupplyChainMain sign failed", err)

    # --- publish-attachments.sh ------------------------------------------------------------

    def supply_chain(self, digest=DIGEST):
        self.write("supply-chain/deploy-hook.jar", "jar")
        self.write("supply-chain/attachments/index.json", json.dumps({"manifests": [
            {"digest": OTHER, "annotations": {}},
            {"digest": OTHER, "annotations": {
                "org.opencontainers.image.ref.name": f"sha256-{digest[7:]}.sig"}}]}))

    def publish(self, *args, **env):
        return self.run_script("publish-attachments.sh", *args, **env)

    def assert_publish_refused(self, code, message, *args, **env):
        rc, out, err = self.publish(*args, **env)
        self.assertEqual(rc, code, err)
        self.assertIn(message, err)
        self.assertEqual(self.calls(self.java_calls), [], "nothing was run")

    def test_publish_usage(self):
        for args in ((), ("supply-chain", REPOSITORY, DIGEST, KEY),
                     ("supply-chain", REPOSITORY, DIGEST, KEY, "ecr", "more")):
            self.assert_publish_refused(2, "usage: ", *args)

    def test_publish_refuses_bad_arguments(self):
        self.supply_chain()
        for args, message in (
            (("https://" + REPOSITORY, DIGEST, KEY, "ecr"), "is not a repository URI"),
            ((REPOSITORY, DIGEST[:20], KEY, "ecr"), "is not an image digest"),
            ((REPOSITORY, DIGEST, "", "ecr"), "KEY_ID is empty"),
            ((REPOSITORY, DIGEST, KEY, "basic"), "AUTH is ecr or none, not 'basic'"),
        ):
            self.assert_publish_refused(2, message, "supply-chain", *args)
        self.assert_publish_refused(
            2, "PUBLISH_TLS_VERIFY=false is only for a registry on this machine",
            "supply-chain", REPOSITORY, DIGEST, KEY, "ecr", PUBLISH_TLS_VERIFY="false")

    def test_publish_needs_the_build_stages_supply_chain_of_this_image(self):
        self.assert_publish_refused(1, "supply-chain has no deploy-hook.jar",
                                    "supply-chain", REPOSITORY, DIGEST, KEY, "ecr")
        self.supply_chain(digest=OTHER)
        self.assert_publish_refused(
            1, f"supply-chain/attachments holds no signature of {DIGEST}",
            "supply-chain", REPOSITORY, DIGEST, KEY, "ecr")

    def test_publish_pushes_then_verifies(self):
        self.supply_chain()
        rc, out, err = self.publish("supply-chain", REPOSITORY, DIGEST, KEY, "ecr")
        self.assertEqual(rc, 0, err)
        self.assertIn(f"publish-attachments: {REPOSITORY}@{DIGEST} is signed by {KEY}", out)
        registry = "https://222222222222.dkr.ecr.eu-central-1.amazonaws.com"
        jar = "supply-chain/deploy-hook.jar"
        self.assertEqual(self.calls(self.java_calls), [
            ["-cp", jar, MAIN, "push", "--layout", "supply-chain/attachments",
             "--registry", registry, "--repository", "prod-clockmirror", "--auth", "ecr"],
            ["-cp", jar, MAIN, "verify", "--registry", registry, "--repository",
             "prod-clockmirror", "--digest", DIGEST, "--key-id", KEY, "--auth", "ecr"],
        ])

    def test_publish_to_a_local_registry_over_http(self):
        self.supply_chain()
        rc, _, err = self.publish("supply-chain", "127.0.0.1:18580/dev-clockmirror", DIGEST, KEY,
                                  "none", PUBLISH_TLS_VERIFY="false")
        self.assertEqual(rc, 0, err)
        self.assertIn("http://127.0.0.1:18580", self.calls(self.java_calls)[0])

    def test_a_refused_signature_refuses_the_deploy(self):
        self.supply_chain()
        rc, _, err = self.publish("supply-chain", REPOSITORY, DIGEST, KEY, "ecr",
                                  JAVA_EXIT_VERIFY="1")
        self.assertEqual(rc, 1)
        self.assertIn(f"{REPOSITORY}@{DIGEST} has no valid signature by {KEY}: refusing the deploy",
                      err)
        rc, _, err = self.publish("supply-chain", REPOSITORY, DIGEST, KEY, "ecr",
                                  JAVA_EXIT_PUSH="1")
        self.assertEqual(rc, 1)
        self.assertIn("pushing the signature and the bill of materials to", err)


if __name__ == "__main__":
    unittest.main()
