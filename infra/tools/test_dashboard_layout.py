"""Tests of dashboard_layout: python3 -m unittest discover -s infra/tools"""

import json
import unittest

import dashboard_layout


def template(widgets):
    text = json.dumps({"widgets": widgets})
    # The alarm ARN is a reference inside a JSON string, as CDK writes it.
    before, after = text.split("ALARM_ARN")
    return {
        "Resources": {
            "Board": {
                "Type": "AWS::CloudWatch::Dashboard",
                "Properties": {
                    "DashboardBody": {"Fn::Join": ["", [before, {"Fn::GetAtt": ["Alarm1", "Arn"]}, after]]}
                },
            },
            "Alarm1": {"Type": "AWS::CloudWatch::Alarm", "Properties": {"AlarmName": "dev-5xx"}},
        }
    }


class DashboardLayoutTest(unittest.TestCase):
    def test_widgets_are_drawn_where_they_are_with_what_they_show(self):
        body = dashboard_layout.dashboard_body(
            template(
                [
                    {"type": "alarm", "x": 0, "y": 0, "width": 24, "height": 3,
                     "properties": {"title": "Alarms", "alarms": ["ALARM_ARN"]}},
                    {"type": "metric", "x": 0, "y": 3, "width": 12, "height": 4,
                     "properties": {"title": "Requests", "metrics": [
                         ["AWS/ApplicationELB", "RequestCount", {"label": "Requests"}],
                         ["AWS/WAFV2", "BlockedRequests", {"label": "Blocked", "yAxis": "right"}]]}},
                    {"type": "text", "x": 12, "y": 3, "width": 12, "height": 4,
                     "properties": {"markdown": "**Off** here"}},
                ]
            )
        )

        picture = dashboard_layout.draw(body, column_chars=2).splitlines()

        self.assertEqual(picture[0], "+" + "-" * 47 + "+")
        self.assertEqual(picture[1].rstrip(), "| Alarms" + " " * 40 + "|")
        self.assertIn("dev-5xx", picture[2])
        self.assertTrue(picture[3].startswith("+" + "-" * 23 + "+" + "-" * 23 + "+"))
        self.assertTrue(picture[4].startswith("| Requests"))
        self.assertIn("| Off here", picture[4])
        self.assertIn("| Requests, Blocked ", picture[5])
        self.assertIn("| (right axis) ", picture[6])
        self.assertEqual(len(picture), 8)

    def test_a_math_expression_is_drawn_and_its_hidden_inputs_are_not(self):
        title, lines = dashboard_layout.contents(
            {"type": "metric", "properties": {"title": "Responses", "metrics": [
                [{"label": "Target 2xx", "expression": "FILL(a, 0) + FILL(b, 0)"}],
                ["AWS/ApplicationELB", "HTTPCode_Target_2XX_Count", {"id": "a", "visible": False}],
                ["AWS/ApplicationELB", "HTTPCode_Target_2XX_Count", {"id": "b", "visible": False}],
                ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", {"label": "Load balancer 5xx"}]]}})
        self.assertEqual(title, "Responses")
        self.assertEqual(lines, ["Target 2xx, Load balancer 5xx"])

    def test_a_template_without_one_dashboard_is_refused(self):
        with self.assertRaises(ValueError):
            dashboard_layout.dashboard_body({"Resources": {}})


if __name__ == "__main__":
    unittest.main()
