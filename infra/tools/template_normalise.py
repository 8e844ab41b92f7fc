"""Reads a synthesized template and rewrites its references to logical IDs (see compare_templates)."""

import json
import re
from pathlib import Path

UNKNOWN = "?"
OWN_PATH = "<own construct path>"
OWN_NAME = "<name from own logical ID>"
HASH = re.compile("[0-9A-F]{8}")
NAG_REFERENCE = re.compile(r"<([A-Za-z0-9]+)((?:\.[A-Za-z0-9]+)*)>")
SUB_REFERENCE = re.compile(r"\$\{([A-Za-z0-9]+)((?:\.[A-Za-z0-9]+)*)\}")


def unordered(resource):
    """Sorts the lists whose order varied from one synthesis to the next and AWS ignores."""
    properties = resource.get("Properties", {})
    if resource.get("Type") == "AWS::CloudWatch::Alarm" and "Metrics" in properties:
        properties["Metrics"] = sorted(properties["Metrics"], key=lambda m: m.get("Id", ""))
    if resource.get("Type") == "AWS::CodePipeline::Pipeline":
        for stage in properties.get("Stages", []):
            for action in stage.get("Actions", []):
                configuration = action.get("Configuration", {})
                variables = configuration.get("EnvironmentVariables")
                if isinstance(variables, str):
                    configuration["EnvironmentVariables"] = json.dumps(
                        sorted(json.loads(variables), key=lambda v: v["name"])
                    )
    return resource


def load(path):
    """A template without CDKMetadata, each resource's construct path set aside."""
    template = json.loads(Path(path).read_text())
    resources = {}
    paths = {}
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") == "AWS::CDK::Metadata":
            continue
        resource = json.loads(json.dumps(resource))
        metadata = resource.get("Metadata", {})
        paths[logical_id] = metadata.pop("aws:cdk:path", None)
        if not metadata:
            resource.pop("Metadata", None)
        resources[logical_id] = unordered(resource)
    template["Resources"] = resources
    template.get("Conditions", {}).pop("CDKMetadataAvailable", None)
    if template.get("Conditions") == {}:
        template.pop("Conditions")
    return template, paths


class Renamer:
    """Rewrites references to logical IDs: known ones through `rename`, others to UNKNOWN."""

    def __init__(self, ids, rename):
        self.ids = ids
        self.rename = rename
        self.own_path = None
        self.own_name = None
        self.paths_replaced = 0

    def id(self, logical_id):
        if logical_id not in self.ids:
            return logical_id  # a parameter, pseudo parameter or condition: not renamed
        return self.rename.get(logical_id, UNKNOWN)

    def string(self, text):
        if self.own_path and (self.own_path == text or self.own_path.startswith(text + "/")):
            if "/" in text:
                self.paths_replaced += 1
                return OWN_PATH
        if self.own_name and self.own_name.fullmatch(text):
            self.paths_replaced += 1
            return OWN_NAME
        text = NAG_REFERENCE.sub(lambda m: "<" + self.id(m.group(1)) + m.group(2) + ">", text)
        return text

    def sub(self, text):
        return SUB_REFERENCE.sub(lambda m: "${" + self.id(m.group(1)) + m.group(2) + "}", text)

    def value(self, node):
        if isinstance(node, dict):
            if set(node) == {"Ref"} and isinstance(node["Ref"], str):
                return {"Ref": self.id(node["Ref"])}
            if set(node) == {"Fn::GetAtt"}:
                target = node["Fn::GetAtt"]
                if isinstance(target, str):
                    head, _, attribute = target.partition(".")
                    return {"Fn::GetAtt": [self.id(head), attribute]}
                return {"Fn::GetAtt": [self.id(target[0])] + [self.value(v) for v in target[1:]]}
            if set(node) == {"Fn::Sub"}:
                sub = node["Fn::Sub"]
                if isinstance(sub, str):
                    return {"Fn::Sub": self.sub(sub)}
                return {"Fn::Sub": [self.sub(sub[0])] + [self.value(v) for v in sub[1:]]}
            return {key: self.value(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self.value(value) for value in node]
        if isinstance(node, str):
            return self.string(node)
        return node

    def resource(self, resource, own_path, own_id=None):
        self.own_path = own_path
        self.own_name = None
        if own_id:
            # The logical ID itself, or CDK's unique name: <stack><ID without hash><new hash>.
            stem = own_id[:-8] if HASH.fullmatch(own_id[-8:]) else own_id
            self.own_name = re.compile(
                re.escape(own_id) + "|[A-Za-z0-9]*" + re.escape(stem) + "[0-9A-F]{8}"
            )
        out = {}
        for key, value in resource.items():
            if key == "DependsOn":
                depends = [value] if isinstance(value, str) else value
                out[key] = sorted(self.id(d) for d in depends)
            elif key == "Metadata":
                self.own_path, self.own_name = None, None
                out[key] = self.value(value)
            else:
                out[key] = self.value(value)
        self.own_path, self.own_name = None, None
        return out
