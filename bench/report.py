#!/usr/bin/env python3
"""Reads the raw files bench/run.sh leaves in its output folder and writes results.csv,
results.json and chart.svg there, then prints the table with every figure and its ratio."""

import argparse
import csv
import glob
import json
import os
import re
import statistics
from datetime import datetime, timezone

SERVERS = ["vertx", "quarkus", "service"]
LABELS = {
    "vertx": "ceiling (a) Vert.x core",
    "quarkus": "ceiling (b) bare Quarkus",
    "service": "clockmirror /clock",
}
TARGETS = {"ratio": 0.90, "p99_ms": 5.0, "start_s": 1.0, "rss_mb": 128.0}
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def millis(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * UNIT_MS[match.group(2)]


def read_wrk(path):
    text = open(path, encoding="utf-8").read()
    figures = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
    }
    for pct in ("50", "75", "90", "99"):
        figures[f"p{pct}_ms"] = millis(re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    figures["non_2xx"] = int(non2xx.group(1)) if non2xx else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    figures["socket_errors"] = sum(int(g) for g in errors.groups()) if errors else 0
    return figures


def read_rss(path):
    values = {}
    for line in open(path, encoding="utf-8"):
        key, value = line.split(":", 1)
        values[key.strip()] = int(value.split()[0]) / 1024.0
    return values.get("VmRSS"), values.get("VmHWM")


def svg_chart(summary, path):
    """Horizontal bars of median req/s per server, the 0.90 x ceiling line, p99 as labels."""
    width, left, bar, gap, top = 760, 220, 34, 16, 56
    servers = [s for s in SERVERS if s in summary["servers"]]
    height = top + len(servers) * (bar + gap) + 76
    best = max(summary["servers"][s]["rps_median"] for s in servers)
    scale = (width - left - 40) / (best * 1.08)
    ceiling = summary["ceiling_rps"]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="24" font-size="15" font-weight="bold">GET /clock, wrk -c'
        f'{summary["connections"]} keep-alive, median of {summary["rounds"]} rounds</text>',
        f'<text x="{left}" y="42" fill="#555">{summary["machine"]}; loadavg before '
        f'{summary["loadavg_before"]}</text>',
    ]
    for i, name in enumerate(servers):
        figures = summary["servers"][name]
        y = top + i * (bar + gap)
        w = figures["rps_median"] * scale
        colour = "#4a78b5" if name != "service" else "#d9822b"
        out.append(f'<text x="{left - 8}" y="{y + bar / 2 + 5}" text-anchor="end">'
                   f'{LABELS[name]}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}"/>')
        out.append(f'<text x="{left + 6}" y="{y + bar / 2 + 5}" fill="#fff">'
                   f'{figures["rps_median"]:,.0f} req/s · {figures["ratio"]:.2f} · p99 '
                   f'{figures["p99_ms_median"]:.2f} ms</text>')
    x = left + ceiling * TARGETS["ratio"] * scale
    bottom = top + len(servers) * (bar + gap)
    out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{bottom}" stroke="#b00" '
               f'stroke-dasharray="5,4" stroke-width="2"/>')
    out.append(f'<text x="{x:.1f}" y="{bottom + 16}" fill="#b00" text-anchor="middle">'
               f'0.90 × ceiling = {ceiling * TARGETS["ratio"]:,.0f}</text>')
    service = summary["servers"].get("service", {})
    if service.get("start_s_median") is not None and service.get("rss_mb") is not None:
        out.append(f'<text x="{left}" y="{bottom + 40}">clockmirror: first 200 after '
                   f'{service["start_s_median"]:.2f} s (median; target 1.0 s)</text>')
        out.append(f'<text x="{left}" y="{bottom + 58}">RSS after full load '
                   f'{service["rss_mb"]:.0f} MB (target 128 MB)</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(out) + "\n")


def verdict(ok):
    return "ok" if ok else "MISS"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    for option in ("rounds", "duration", "connections", "threads", "rss-seconds", "pin", "quick"):
        parser.add_argument(f"--{option}", type=int, required=True)
    for option in ("loadavg-before", "loadavg-after", "jvm", "service-extra", "aot"):
        parser.add_argument(f"--{option}", default="")
    args = parser.parse_args()

    rows = []
    for path in sorted(glob.glob(os.path.join(args.out, "wrk-*-*.txt"))):
        match = re.fullmatch(r"wrk-(\w+)-(\d+)\.txt", os.path.basename(path))
        if match and match.group(1) in SERVERS:
            row = {"server": match.group(1), "round": int(match.group(2)), **read_wrk(path)}
            cpu_path = os.path.join(args.out, f"cpu-{row['server']}-{row['round']}.txt")
            if os.path.exists(cpu_path):
                ticks, per_second = (int(x) for x in open(cpu_path, encoding="utf-8").read().split())
                row["cpu_us_per_request"] = ticks / per_second * 1e6 / row["requests"]
            rows.append(row)

    summary = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{os.cpu_count()} CPUs, shared with other builds",
        "quick": bool(args.quick),
        "rounds": args.rounds,
        "duration_s": args.duration,
        "connections": args.connections,
        "threads": args.threads,
        "pinned": bool(args.pin),
        "loadavg_before": args.loadavg_before,
        "loadavg_after": args.loadavg_after,
        "jvm_options": args.jvm,
        "service_extra_options": args.service_extra,
        "service_aot_cache": args.aot == "yes",
        "targets": TARGETS,
        "servers": {},
    }
    for name in SERVERS:
        mine = [r for r in rows if r["server"] == name]
        if not mine:
            continue
        figures = {
            "rps_rounds": [r["rps"] for r in mine],
            "rps_median": statistics.median(r["rps"] for r in mine),
            "p50_ms_median": statistics.median(r["p50_ms"] for r in mine),
            "p99_ms_median": statistics.median(r["p99_ms"] for r in mine),
            "p99_ms_worst": max(r["p99_ms"] for r in mine),
            "non_2xx": sum(r["non_2xx"] for r in mine),
            "cpu_us_per_request_median": statistics.median(
                [r["cpu_us_per_request"] for r in mine if "cpu_us_per_request" in r] or [0.0]),
            "socket_errors": sum(r["socket_errors"] for r in mine),
        }
        starts_path = os.path.join(args.out, f"start-{name}.txt")
        if os.path.exists(starts_path):
            starts = [float(x) for x in open(starts_path, encoding="utf-8").read().split()]
            figures["start_s_all"] = starts
            figures["start_s_median"] = statistics.median(starts) if starts else None
        rss_path = os.path.join(args.out, f"rss-{name}.txt")
        if os.path.exists(rss_path):
            figures["rss_mb"], figures["rss_peak_mb"] = read_rss(rss_path)
        summary["servers"][name] = figures

    ceiling_name = max(("vertx", "quarkus"), key=lambda s: summary["servers"][s]["rps_median"])
    summary["ceiling"] = ceiling_name
    summary["ceiling_rps"] = summary["servers"][ceiling_name]["rps_median"]
    for figures in summary["servers"].values():
        figures["ratio"] = figures["rps_median"] / summary["ceiling_rps"]
    # Per round too: each service round against the faster ceiling of the same round.
    for round_no in sorted({r["round"] for r in rows}):
        same = {r["server"]: r for r in rows if r["round"] == round_no}
        if {"vertx", "quarkus", "service"} <= same.keys():
            best = max(same["vertx"]["rps"], same["quarkus"]["rps"])
            same["service"]["ratio_in_round"] = same["service"]["rps"] / best

    with open(os.path.join(args.out, "results.csv"), "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[
            "round", "server", "rps", "requests", "p50_ms", "p75_ms", "p90_ms", "p99_ms",
            "non_2xx", "socket_errors", "cpu_us_per_request", "ratio_in_round"])
        writer.writeheader()
        for row in sorted(rows, key=lambda r: (r["round"], SERVERS.index(r["server"]))):
            writer.writerow({k: row.get(k, "") for k in writer.fieldnames})
    summary["rounds_detail"] = rows
    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2)
    svg_chart(summary, os.path.join(args.out, "chart.svg"))

    service = summary["servers"]["service"]
    print()
    print(f"clockmirror benchmark {summary['date']} ({'quick' if args.quick else 'full'} mode); "
          f"{summary['machine']}")
    print(f"loadavg before {args.loadavg_before}, after {args.loadavg_after}; wrk -t{args.threads} "
          f"-c{args.connections} -d{args.duration}s x {args.rounds} rounds, "
          f"{'pinned (server CPU 0, wrk CPU 1)' if args.pin else 'not pinned (wrk shares both CPUs)'}")
    print(f"JVM (all three): {args.jvm}")
    print(f"service extra: {args.service_extra or '-'}; AOT cache: {args.aot}")
    print()
    header = f"{'server':<26}{'req/s':>10}{'ratio':>8}{'p50 ms':>9}{'p99 ms':>9}" \
             f"{'start s':>9}{'RSS MB':>9}{'peak MB':>9}{'CPU us/req':>11}"
    print(header)
    print("-" * len(header))
    for name in SERVERS:
        f = summary["servers"][name]
        start = f.get("start_s_median")
        print(f"{LABELS[name]:<26}{f['rps_median']:>10,.0f}{f['ratio']:>8.3f}"
              f"{f['p50_ms_median']:>9.2f}{f['p99_ms_median']:>9.2f}"
              f"{start if start is not None else float('nan'):>9.3f}"
              f"{f.get('rss_mb') or float('nan'):>9.1f}{f.get('rss_peak_mb') or float('nan'):>9.1f}"
              f"{f['cpu_us_per_request_median']:>11.2f}")
    print()
    print(f"ceiling = {LABELS[ceiling_name]} at {summary['ceiling_rps']:,.0f} req/s")
    per_round = [r["ratio_in_round"] for r in rows if "ratio_in_round" in r]
    print(f"service / ceiling: {service['ratio']:.3f} (median req/s; per round "
          f"{', '.join(f'{x:.3f}' for x in per_round)})  target >= {TARGETS['ratio']:.2f}: "
          f"{verdict(service['ratio'] >= TARGETS['ratio'])}")
    print(f"service p99 at {args.connections} connections: {service['p99_ms_median']:.2f} ms "
          f"(worst round {service['p99_ms_worst']:.2f})  target <= {TARGETS['p99_ms']:.0f} ms: "
          f"{verdict(service['p99_ms_median'] <= TARGETS['p99_ms'])}")
    if service.get("start_s_median") is not None:
        print(f"service cold start to first 200, median of {len(service['start_s_all'])}: "
              f"{service['start_s_median']:.3f} s (all: "
              f"{', '.join(f'{x:.3f}' for x in service['start_s_all'])})  target <= 1.0 s: "
              f"{verdict(service['start_s_median'] <= TARGETS['start_s'])}")
    if service.get("rss_mb") is not None:
        print(f"service RSS after {args.rss_seconds} s at full load: {service['rss_mb']:.1f} MB "
              f"(peak {service['rss_peak_mb']:.1f})  target <= 128 MB: "
              f"{verdict(service['rss_mb'] <= TARGETS['rss_mb'])}")
    if service["cpu_us_per_request_median"]:
        # The cheaper ceiling per request is the efficiency bound, whichever was faster.
        cheaper = min(("vertx", "quarkus"),
                      key=lambda s: summary["servers"][s]["cpu_us_per_request_median"])
        ceiling_cpu = summary["servers"][cheaper]["cpu_us_per_request_median"]
        summary["service_rps_per_vcpu"] = 1e6 / service["cpu_us_per_request_median"]
        summary["cpu_ratio"] = ceiling_cpu / service["cpu_us_per_request_median"]
        print(f"server CPU per request (median): service {service['cpu_us_per_request_median']:.2f}"
              f" us, cheaper ceiling {LABELS[cheaper]} {ceiling_cpu:.2f} us -> ceiling/service "
              f"{summary['cpu_ratio']:.3f}; service {summary['service_rps_per_vcpu']:,.0f} req/s "
              f"per fully used vCPU")
        with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as handle:
            json.dump(summary, handle, indent=2)
    errors = sum(f["non_2xx"] + f["socket_errors"] for f in summary["servers"].values())
    print(f"non-2xx responses and socket errors, all servers: {errors}")
    print("image size: measured by the container build, not here")
    print(f"written: {args.out}/results.csv, results.json, chart.svg")


if __name__ == "__main__":
    main()
