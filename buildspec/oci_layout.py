"""Turns a `docker save` archive into an OCI image layout whose manifest digest is fixed.

    python3 buildspec/oci_layout.py ARCHIVE LAYOUT_DIR      prints the manifest digest, sha256:<hex>

Why: `docker push` compresses the layers itself, each time it pushes, so the same image loaded and
pushed twice is only *likely* to get the same manifest digest. Here every layer is compressed
once, the manifest is written once, and the layout is the Build stage's artifact; every push
(buildspec/publish-image.sh) uploads these exact bytes, so the digest in every registry is the one
printed here. The manifest is a Docker v2 schema 2 manifest (what ECR and ECS handle
everywhere); the image config is copied byte for byte, so the image id stays docker's.

Reads the archive's manifest.json (every docker version writes it), which names the config and
the uncompressed layer tars in order. The archive must hold exactly one image.
"""

import gzip
import hashlib
import json
import os
import sys
import tarfile

MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
CONFIG_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar.gzip"
GZIP_MAGIC = b"\x1f\x8b"


class LayoutError(Exception):
    """The archive is not one docker image this converter can write as a layout."""


def _blob(layout, data):
    digest = hashlib.sha256(data).hexdigest()
    directory = os.path.join(layout, "blobs", "sha256")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, digest), "wb") as f:
        f.write(data)
    return {"digest": f"sha256:{digest}", "size": len(data)}


def _member(archive, name):
    try:
        extracted = archive.extractfile(name)
    except KeyError:
        extracted = None
    if extracted is None:
        raise LayoutError(f"the archive names {name}, which it does not contain")
    return extracted.read()


def convert(archive_path, layout):
    """Writes the layout of the one image in `archive_path`; returns its manifest digest."""
    if os.path.exists(layout) and os.listdir(layout):
        raise LayoutError(f"{layout} exists and is not empty")
    with tarfile.open(archive_path) as archive:
        entries = json.loads(_member(archive, "manifest.json"))
        if len(entries) != 1:
            raise LayoutError(f"the archive holds {len(entries)} images, not one")
        entry = entries[0]
        config_bytes = _member(archive, entry["Config"])
        config = json.loads(config_bytes)
        diff_ids = config.get("rootfs", {}).get("diff_ids", [])
        if len(diff_ids) != len(entry["Layers"]):
            raise LayoutError("the config's diff_ids do not match the archive's layers")
        layers = []
        for path, diff_id in zip(entry["Layers"], diff_ids):
            data = _member(archive, path)
            if data[:2] == GZIP_MAGIC:
                # A daemon with the containerd image store saves layers as it holds them,
                # compressed: those bytes are kept.
                tar_bytes, compressed = gzip.decompress(data), data
            else:
                # mtime 0 and no file name: the compressed bytes depend on the layer alone.
                tar_bytes = data
                compressed = gzip.compress(tar_bytes, compresslevel=6, mtime=0)
            if "sha256:" + hashlib.sha256(tar_bytes).hexdigest() != diff_id:
                raise LayoutError(f"layer {path} does not match its diff_id {diff_id}")
            layers.append({"mediaType": LAYER_TYPE, **_blob(layout, compressed)})
    manifest = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": CONFIG_TYPE, **_blob(layout, config_bytes)},
        "layers": layers,
    }
    manifest_bytes = json.dumps(manifest, separators=(",", ":")).encode()
    descriptor = {"mediaType": MANIFEST_TYPE, **_blob(layout, manifest_bytes)}
    with open(os.path.join(layout, "oci-layout"), "w", encoding="utf-8") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(layout, "index.json"), "w", encoding="utf-8") as f:
        json.dump({"schemaVersion": 2, "manifests": [descriptor]}, f)
    return descriptor["digest"]


def main(argv):
    if len(argv) != 2:
        print("usage: oci_layout.py ARCHIVE LAYOUT_DIR", file=sys.stderr)
        return 2
    try:
        print(convert(argv[0], argv[1]))
    except (LayoutError, OSError, ValueError, KeyError, tarfile.TarError) as e:
        print(f"oci-layout: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
