"""Exits non-zero, naming each difference, unless a YAML file reads (as YAML 1.1, PyYAML) as
the same document as a JSON file."""

import json
import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as f:
    from_yaml = yaml.safe_load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    from_json = json.load(f)
if from_yaml != from_json:
    def walk(a, b, where):
        if type(a) is not type(b) or (not isinstance(a, (dict, list)) and a != b):
            print(f"  {where or '/'}: YAML reads {a!r}, JSON has {b!r}")
        elif isinstance(a, dict):
            for key in sorted(set(a) | set(b), key=str):
                walk(a.get(key), b.get(key), f"{where}/{key}")
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{where}/{i}")
    walk(from_yaml, from_json, "")
    sys.exit("the YAML form does not read as the JSON form")
print("  same document")
