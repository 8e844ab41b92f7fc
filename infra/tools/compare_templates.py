#!/usr/bin/env python3
"""Compares two sets of synthesized CloudFormation templates modulo logical IDs.

Used when constructs move: CDK then derives new logical IDs (and construct paths), but the
resources and their properties must stay what they were. For each BEFORE/<name>.template.json
that has an AFTER/<name>.template.json, resources are paired by content: every Ref, Fn::GetAtt,
DependsOn, ${...} in Fn::Sub and <Id.Attr> in cdk-nag metadata is read through the pairing found
so far, so a resource matches once everything it refers to does. Then each pair is compared in
full. Dropped before comparing: the CDKMetadata resource and its condition, aws:cdk:path
metadata, and property strings that CDK derives from the resource's own construct path or
logical ID (Name tags, default descriptions, generated policy names), which change with them.
Lists whose order AWS ignores and that used to be built from unordered maps (an alarm's metric
queries, a pipeline action's environment variables) are compared as sets.

Exit status 0 when every template's resources, types and properties are unchanged (metadata may
differ; such differences are listed), 1 otherwise.

usage: compare_templates.py [--mapping] BEFORE_DIR AFTER_DIR
"""

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from template_normalise import Renamer, load


def signature(body):
    return json.dumps(body, sort_keys=True)


def parallel_references(old, new, pairs):
    """(old id, new id) of every Ref/GetAtt found at the same place in two bodies."""
    if isinstance(old, dict) and isinstance(new, dict):
        if set(old) == {"Ref"} and set(new) == {"Ref"}:
            pairs.append((old["Ref"], new["Ref"]))
        elif set(old) == {"Fn::GetAtt"} and set(new) == {"Fn::GetAtt"}:
            o, n = old["Fn::GetAtt"], new["Fn::GetAtt"]
            o = o.split(".")[0] if isinstance(o, str) else o[0]
            n = n.split(".")[0] if isinstance(n, str) else n[0]
            pairs.append((o, n))
        elif set(old) == set(new):
            for key in old:
                parallel_references(old[key], new[key], pairs)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for o, n in zip(old, new):
            parallel_references(o, n, pairs)


def pair_resources(before, before_paths, after, after_paths):
    """old logical ID -> new logical ID, found by content."""
    old_ids, new_ids = set(before), set(after)
    mapping = {}

    def signatures(resources, paths, ids, rename, unmatched):
        renamer = Renamer(ids, rename)
        groups = defaultdict(list)
        for logical_id in sorted(unmatched):
            body = renamer.resource(resources[logical_id], paths[logical_id], logical_id)
            body.pop("Metadata", None)  # compared on its own: it may differ
            groups[signature(body)].append(logical_id)
        return groups

    def adopt(old_id, new_id):
        mapping[old_id] = new_id
        references = []
        parallel_references(before[old_id], after[new_id], references)
        taken = set(mapping.values())
        for o, n in references:
            if (
                o in old_ids
                and n in new_ids
                and o not in mapping
                and n not in taken
                and before[o].get("Type") == after[n].get("Type")
            ):
                mapping[o] = n
                taken.add(n)

    while True:
        identity = {n: n for n in mapping.values()}
        old_groups = signatures(before, before_paths, old_ids, mapping, old_ids - set(mapping))
        new_groups = signatures(
            after, after_paths, new_ids, identity, new_ids - set(mapping.values())
        )
        unique = [
            (olds[0], new_groups[sig][0])
            for sig, olds in old_groups.items()
            if len(olds) == 1 and len(new_groups.get(sig, [])) == 1
        ]
        if unique:
            for old_id, new_id in unique:
                if old_id not in mapping and new_id not in mapping.values():
                    adopt(old_id, new_id)
            continue
        # Only interchangeable resources remain (same content, same references so far).
        symmetric = [
            (olds[0], new_groups[sig][0])
            for sig, olds in sorted(old_groups.items())
            if len(olds) == len(new_groups.get(sig, [])) > 1
        ]
        if not symmetric:
            return mapping
        adopt(*symmetric[0])


def compare(before_path, after_path):
    """Lines describing the comparison, and whether nothing but IDs and metadata changed."""
    before, before_paths = load(before_path)
    after, after_paths = load(after_path)
    old, new = before["Resources"], after["Resources"]
    mapping = pair_resources(old, before_paths, new, after_paths)
    identity = {n: n for n in mapping.values()}
    old_renamer = Renamer(set(old), mapping)
    new_renamer = Renamer(set(new), identity)

    lines, same = [], True
    property_changes, metadata_changes = [], []
    for old_id, new_id in sorted(mapping.items()):
        o = old_renamer.resource(old[old_id], before_paths[old_id], old_id)
        n = new_renamer.resource(new[new_id], after_paths[new_id], new_id)
        o_meta, n_meta = o.pop("Metadata", None), n.pop("Metadata", None)
        if o != n:
            property_changes.append((old_id, new_id, o, n))
        if o_meta != n_meta:
            metadata_changes.append((old_id, new_id, o_meta, n_meta))
    removed = sorted(set(old) - set(mapping))
    added = sorted(set(new) - set(mapping.values()))

    types_before = Counter(r["Type"] for r in old.values())
    types_after = Counter(r["Type"] for r in new.values())
    renamed = sum(1 for o, n in mapping.items() if o != n)
    lines.append(
        f"{Path(before_path).name}: {len(old)} resources before, {len(new)} after,"
        f" {len(mapping)} paired ({renamed} with a new logical ID)"
    )
    lines.append(
        "  types: "
        + ("same counts of " if types_before == types_after else "DIFFER: ")
        + ", ".join(
            f"{t} {types_before[t]}" + ("" if types_before[t] == types_after[t] else f"->{types_after[t]}")
            for t in sorted(types_before | types_after)
        )
    )
    lines.append(
        f"  strings derived from own construct path or logical ID: {old_renamer.paths_replaced} before,"
        f" {new_renamer.paths_replaced} after"
    )
    for section in ("Parameters", "Conditions", "Mappings", "Rules", "Outputs"):
        o = old_renamer.value(before.get(section, {}))
        n = new_renamer.value(after.get(section, {}))
        if o != n:
            same = False
            lines.append(f"  {section} DIFFER: {sorted(set(o) ^ set(n)) or 'values'}")
        elif o:
            lines.append(f"  {section}: identical ({len(o)})")
    for old_id in removed:
        same = False
        lines.append(f"  only before: {old_id} {old[old_id]['Type']}")
    for new_id in added:
        same = False
        lines.append(f"  only after: {new_id} {new[new_id]['Type']}")
    for old_id, new_id, o, n in property_changes:
        same = False
        keys = sorted(k for k in set(o) | set(n) if o.get(k) != n.get(k))
        lines.append(f"  CHANGED {old_id} -> {new_id} ({old[old_id]['Type']}): {keys}")
        for key in keys:
            lines.append(f"    before {key}: {json.dumps(o.get(key), sort_keys=True)[:400]}")
            lines.append(f"    after  {key}: {json.dumps(n.get(key), sort_keys=True)[:400]}")
    for old_id, new_id, o, n in metadata_changes:
        lines.append(
            f"  metadata only: {new_id} ({new[new_id]['Type']}):"
            f" {json.dumps(o, sort_keys=True)[:300]} -> {json.dumps(n, sort_keys=True)[:300]}"
        )
    lines.append(
        "  => resource types and properties unchanged" if same else "  => CHANGED"
    )
    return lines, same, mapping


def main(argv):
    show_mapping = "--mapping" in argv
    args = [a for a in argv if a != "--mapping"]
    if len(args) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    before_dir, after_dir = Path(args[0]), Path(args[1])
    all_same, compared = True, 0
    for before in sorted(before_dir.glob("*.template.json")):
        after = after_dir / before.name
        if not after.exists():
            print(f"{before.name}: missing in {after_dir}")
            all_same = False
            continue
        lines, same, mapping = compare(before, after)
        compared += 1
        all_same &= same
        print("\n".join(lines))
        if show_mapping:
            for old_id, new_id in sorted(mapping.items()):
                print(f"    {old_id} -> {new_id}")
    if compared == 0:
        print(f"no templates in {before_dir}", file=sys.stderr)
        return 2
    return 0 if all_same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
