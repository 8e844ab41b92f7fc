#!/usr/bin/env python3
"""Draws the CloudWatch dashboard of a synthesized template as a text picture.

Reads the template's one AWS::CloudWatch::Dashboard, joins its DashboardBody (references become
placeholders), and draws every widget at its x/y/width/height on the dashboard's 24-column grid:
its title, then what it shows (labels of the metrics drawn, not of hidden math inputs; alarm names, the query's first command, the text's
first line). Alarm ARNs are resolved to the AlarmName of the alarm resource they refer to.

usage: dashboard_layout.py TEMPLATE_JSON [COLUMN_CHARS]
"""

import json
import sys
import textwrap

GRID_COLUMNS = 24


def _placeholder(part, resources):
    if "Fn::GetAtt" in part:
        logical_id, attribute = part["Fn::GetAtt"][:2]
        alarm = resources.get(logical_id, {})
        if attribute == "Arn" and alarm.get("Type") == "AWS::CloudWatch::Alarm":
            return "alarm:" + alarm["Properties"]["AlarmName"]
        return "<" + logical_id + "." + attribute + ">"
    if "Ref" in part:
        return "<" + part["Ref"] + ">"
    return "<" + next(iter(part)) + ">"


def _inside_string(text):
    inside, escaped = False, False
    for c in text:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == '"':
            inside = not inside
    return inside


def dashboard_body(template):
    """The dashboard's body as parsed JSON, references replaced by readable placeholders."""
    resources = template["Resources"]
    dashboards = [r for r in resources.values() if r["Type"] == "AWS::CloudWatch::Dashboard"]
    if len(dashboards) != 1:
        raise ValueError("expected one dashboard, found %d" % len(dashboards))
    body = dashboards[0]["Properties"]["DashboardBody"]
    if isinstance(body, str):
        return json.loads(body)
    text = ""
    for part in body["Fn::Join"][1]:
        if isinstance(part, str):
            text += part
        else:
            value = _placeholder(part, resources)
            text += value if _inside_string(text) else json.dumps(value)
    return json.loads(text)


def contents(widget):
    """Title and the lines that say what a widget shows."""
    properties = widget.get("properties", {})
    kind = widget["type"]
    title = properties.get("title", "")
    if kind == "metric":
        labels = []
        for metric in properties.get("metrics", []):
            options = metric[-1] if isinstance(metric[-1], dict) else {}
            if options.get("visible") is False:
                continue  # an input of a math expression, which is drawn instead
            label = options.get("label") or metric[1]
            labels.append(label + (" (right axis)" if options.get("yAxis") == "right" else ""))
        lines = [", ".join(labels)]
        bounds = [a.get("label") for a in properties.get("annotations", {}).get("horizontal", [])]
        if bounds:
            lines.append("lines at " + ", ".join(bounds))
        return title, lines
    if kind == "alarm":
        return title, [", ".join(a.replace("alarm:", "", 1) for a in properties.get("alarms", []))]
    if kind == "log":
        query = properties.get("query", "")
        commands = [c.strip() for c in query.split("|")]
        return title, ["Logs Insights:"] + commands[1:3]
    if kind == "text":
        return title, [properties.get("markdown", "").replace("*", "").strip()]
    return title, [kind]


def draw(body, column_chars=4):
    """The widgets drawn as boxes on a character grid, one text line per grid row."""
    widgets = body["widgets"]
    width = GRID_COLUMNS * column_chars + 1
    height = max(w["y"] + w["height"] for w in widgets) + 1
    canvas = [[" "] * width for _ in range(height)]
    for widget in widgets:
        left, top = widget["x"] * column_chars, widget["y"]
        right, bottom = left + widget["width"] * column_chars, top + widget["height"]
        for x in range(left, right + 1):
            for y in (top, bottom):
                canvas[y][x] = "+" if x in (left, right) else "-"
        for y in range(top + 1, bottom):
            canvas[y][left] = canvas[y][right] = "|"
        inner = right - left - 3
        title, lines = contents(widget)
        text = textwrap.wrap(title, inner) if title else []
        text += [line[:inner] for item in lines for line in textwrap.wrap(item, inner)]
        rows = bottom - top - 1
        if len(text) > rows:
            text = text[: rows - 1] + ["..."]
        for row, line in enumerate(text):
            for offset, c in enumerate(line):
                canvas[top + 1 + row][left + 2 + offset] = c
    return "\n".join("".join(row).rstrip() for row in canvas)


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as file:
        template = json.load(file)
    print(draw(dashboard_body(template), int(argv[2]) if len(argv) == 3 else 4))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
