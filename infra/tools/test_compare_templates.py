"""Tests of compare_templates: python3 -m unittest discover -s infra/tools"""

import json
import tempfile
import unittest
from pathlib import Path

import compare_templates


def bucket(logging_target=None, path="Stack/Logs/Bucket/Resource"):
    properties = {"BucketEncryption": "AES256"}
    if logging_target:
        properties["LoggingConfiguration"] = {"DestinationBucketName": {"Ref": logging_target}}
    return {"Type": "AWS::S3::Bucket", "Properties": properties, "Metadata": {"aws:cdk:path": path}}


class CompareTemplatesTest(unittest.TestCase):
    def compare(self, before, after):
        with tempfile.TemporaryDirectory() as directory:
            b, a = Path(directory, "b.json"), Path(directory, "a.json")
            b.write_text(json.dumps({"Resources": before}))
            a.write_text(json.dumps({"Resources": after}))
            lines, same, mapping = compare_templates.compare(b, a)
            return same, mapping, "\n".join(lines)

    def test_renamed_resources_and_their_references_compare_equal(self):
        same, mapping, _ = self.compare(
            {"LogsA": bucket(), "DataA": bucket("LogsA")},
            {"LogsB": bucket(path="Stack/Store/Logs/Bucket/Resource"), "DataB": bucket("LogsB")},
        )
        self.assertTrue(same)
        self.assertEqual(mapping, {"LogsA": "LogsB", "DataA": "DataB"})

    def test_a_changed_property_is_reported(self):
        changed = bucket("LogsB")
        changed["Properties"]["BucketEncryption"] = "aws:kms"
        same, _, text = self.compare(
            {"LogsA": bucket(), "DataA": bucket("LogsA")}, {"LogsB": bucket(), "DataB": changed}
        )
        self.assertFalse(same)
        self.assertIn("only before: DataA", text)

    def test_a_reference_to_another_resource_is_a_change(self):
        # DataB logs into itself instead of into the log bucket.
        same, _, _ = self.compare(
            {"LogsA": bucket(), "DataA": bucket("LogsA")}, {"LogsB": bucket(), "DataB": bucket("DataB")}
        )
        self.assertFalse(same)

    def test_the_own_construct_path_is_normalised_but_another_string_is_not(self):
        def group(description, path):
            return {
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {"GroupDescription": description},
                "Metadata": {"aws:cdk:path": path},
            }

        same, _, _ = self.compare(
            {"A": group("Stack/Vpc/Logs/SecurityGroup", "Stack/Vpc/Logs/SecurityGroup/Resource")},
            {"B": group("Stack/Net/Vpc/Logs/SecurityGroup", "Stack/Net/Vpc/Logs/SecurityGroup/Resource")},
        )
        self.assertTrue(same)
        same, _, _ = self.compare(
            {"A": group("Stack/Vpc/Logs/SecurityGroup", "Stack/Vpc/Logs/SecurityGroup/Resource")},
            {"B": group("Stack/Other", "Stack/Net/Vpc/Logs/SecurityGroup/Resource")},
        )
        self.assertFalse(same)

    def test_dependencies_compare_as_sets_of_renamed_ids(self):
        def service(*depends):
            return {"Type": "AWS::ECS::Service", "Properties": {}, "DependsOn": list(depends)}

        alarm = {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Threshold": 1}}
        other = {"Type": "AWS::CloudWatch::Alarm", "Properties": {"Threshold": 2}}
        same, mapping, _ = self.compare(
            {"A1": alarm, "A2": other, "S": service("A1", "A2")},
            {"Z1": alarm, "B2": other, "T": service("B2", "Z1")},
        )
        self.assertTrue(same)
        self.assertEqual(mapping["S"], "T")

    def test_metadata_differences_are_listed_but_allowed(self):
        annotated = bucket()
        annotated["Metadata"]["cdk_nag"] = {"rules_to_suppress": [{"id": "AwsSolutions-S1"}]}
        same, _, text = self.compare({"A": annotated}, {"B": bucket()})
        self.assertTrue(same)
        self.assertIn("metadata only: B", text)


if __name__ == "__main__":
    unittest.main()
