"""Tests of oci_layout.py on small archives in the `docker save` format."""

import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
import unittest
import unittest.mock

import oci_layout


def _layer(files):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return out.getvalue()


def _archive(path, layers, diff_ids=None, images=1, stored=None):
    config = {
        "architecture": "amd64",
        "os": "linux",
        "rootfs": {
            "type": "layers",
            "diff_ids": diff_ids
            or ["sha256:" + hashlib.sha256(layer).hexdigest() for layer in layers],
        },
    }
    config_bytes = json.dumps(config).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_names = [f"layer{i}/layer.tar" for i in range(len(layers))]
    manifest = [{"Config": config_name, "RepoTags": ["clockmirror:1"], "Layers": layer_names}]
    with tarfile.open(path, "w") as tar:
        for name, data in [
            ("manifest.json", json.dumps(manifest * images).encode()),
            (config_name, config_bytes),
            *zip(layer_names, stored or layers),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return config_bytes


def _blob(layout, digest):
    with open(os.path.join(layout, "blobs", "sha256", digest.split(":")[1]), "rb") as f:
        return f.read()


class ConvertTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.layers = [_layer({"app/a.txt": b"a" * 1000}), _layer({"app/b.txt": b"b"})]

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def test_the_printed_digest_names_the_manifest_the_index_points_to(self):
        config = _archive(self.path("image.tar"), self.layers)
        digest = oci_layout.convert(self.path("image.tar"), self.path("layout"))

        with open(self.path("layout/index.json"), encoding="utf-8") as f:
            index = json.load(f)
        self.assertEqual([m["digest"] for m in index["manifests"]], [digest])
        manifest_bytes = _blob(self.path("layout"), digest)
        self.assertEqual("sha256:" + hashlib.sha256(manifest_bytes).hexdigest(), digest)
        manifest = json.loads(manifest_bytes)
        self.assertEqual(manifest["mediaType"], oci_layout.MANIFEST_TYPE)
        # The config is docker's, byte for byte: the image id does not change.
        self.assertEqual(_blob(self.path("layout"), manifest["config"]["digest"]), config)
        self.assertEqual(len(manifest["layers"]), 2)
        for layer in manifest["layers"]:
            data = _blob(self.path("layout"), layer["digest"])
            self.assertEqual(layer["size"], len(data))
            self.assertEqual(data[:2], b"\x1f\x8b")  # gzip

    def test_the_same_archive_always_gives_the_same_digest(self):
        _archive(self.path("image.tar"), self.layers)
        first = oci_layout.convert(self.path("image.tar"), self.path("one"))
        second = oci_layout.convert(self.path("image.tar"), self.path("two"))
        self.assertEqual(first, second)

    def test_another_image_gives_another_digest(self):
        _archive(self.path("one.tar"), self.layers)
        _archive(self.path("two.tar"), [self.layers[0], _layer({"app/b.txt": b"c"})])
        self.assertNotEqual(
            oci_layout.convert(self.path("one.tar"), self.path("one")),
            oci_layout.convert(self.path("two.tar"), self.path("two")),
        )

    def test_layers_saved_compressed_are_kept_as_they_are(self):
        compressed = [gzip.compress(layer, mtime=0, compresslevel=1) for layer in self.layers]
        _archive(self.path("image.tar"), self.layers, stored=compressed)
        digest = oci_layout.convert(self.path("image.tar"), self.path("layout"))
        manifest = json.loads(_blob(self.path("layout"), digest))
        self.assertEqual(
            [_blob(self.path("layout"), layer["digest"]) for layer in manifest["layers"]], compressed
        )

    def test_a_layer_that_does_not_match_its_diff_id_is_refused(self):
        _archive(self.path("image.tar"), self.layers, diff_ids=["sha256:" + "0" * 64] * 2)
        with self.assertRaisesRegex(oci_layout.LayoutError, "does not match its diff_id"):
            oci_layout.convert(self.path("image.tar"), self.path("layout"))

    def test_an_archive_of_two_images_is_refused(self):
        _archive(self.path("image.tar"), self.layers, images=2)
        with self.assertRaisesRegex(oci_layout.LayoutError, "2 images, not one"):
            oci_layout.convert(self.path("image.tar"), self.path("layout"))

    def test_the_command_line_prints_the_digest_and_fails_on_a_bad_archive(self):
        _archive(self.path("image.tar"), self.layers)
        out = io.StringIO()
        with unittest.mock.patch("sys.stdout", out):
            self.assertEqual(oci_layout.main([self.path("image.tar"), self.path("layout")]), 0)
        self.assertRegex(out.getvalue().strip(), r"^sha256:[0-9a-f]{64}$")
        with open(self.path("bad.tar"), "wb") as f:
            f.write(b"not a tar")
        with unittest.mock.patch("sys.stderr", io.StringIO()):
            self.assertEqual(oci_layout.main([self.path("bad.tar"), self.path("bad")]), 1)


if __name__ == "__main__":
    unittest.main()
