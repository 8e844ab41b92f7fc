#!/usr/bin/env python3
"""Reads the raw files bench/image.sh leaves in its output folder, writes results.json there and
prints every figure beside its target and its ratio to the references of the same run."""

import argparse
import json
import os
import re
import statistics

TARGETS = {"start_s": 1.0, "cpu_ratio": 1.25, "rss_mb": 128.0, "p99_ms": 10.0, "size_mb": 100.0}
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def millis(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match.group(1)) * UNIT_MS[match.group(2)]


def read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def wrk_figures(path):
    text = read(path)
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
    for pct in ("50", "99"):
        figures[f"p{pct}_ms"] = millis(re.search(rf"^\s+{pct}%\s+(\S+)", text, re.M).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    figures["errors"] = (sum(map(int, errors.groups())) if errors else 0) + (
        int(non2xx.group(1)) if non2xx else 0
    )
    return figures


def load(out, name):
    """requests, CPU ns and RSS kB of one load file, with its wrk figures and the load average."""
    requests, cpu_ns, rss_kb = (int(v) for v in read(f"{out}/{name}.txt").split())
    figures = wrk_figures(f"{out}/{name}.txt.wrk")
    figures.update(
        requests=requests,
        cpu_us_per_request=cpu_ns / 1000 / requests if requests else float("nan"),
        rss_mb=rss_kb / 1024,
        loadavg=read(f"{out}/{name}.load").strip(),
    )
    return figures


def spread(values, fmt="{:.2f}"):
    if not values:
        return "n/a"
    text = fmt.format(statistics.median(values))
    if len(values) > 1:
        text += f" ({fmt.format(min(values))}–{fmt.format(max(values))})"
    return text


def verdict(ok):
    return "ok" if ok else "**miss**"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    for option in ("sizes", "task", "loadavg-before", "loadavg-after", "image", "jvm-options"):
        parser.add_argument(f"--{option}", required=True)
    for option in ("rounds", "connections", "quick"):
        parser.add_argument(f"--{option}", type=int, required=True)
    parser.add_argument("--duration", type=float, required=True)
    args = parser.parse_args()
    out, task, sizes = args.out, args.task, args.sizes.split()

    starts = {}
    for size in sizes:
        path = f"{out}/start-{size}.txt"
        rows = [list(map(float, line.split())) for line in read(path).splitlines()] if os.path.exists(path) else []
        loads = read(f"{out}/start-{size}.load").split("\n") if os.path.exists(f"{out}/start-{size}.load") else []
        starts[size] = {
            "run_to_200_s": [r[0] for r in rows],
            "process_to_200_s": [r[1] for r in rows],
            "cpu_to_200_s": [r[2] for r in rows],
            "loadavg_1min": [float(line.split()[0]) for line in loads if line],
        }

    rounds = {name: [load(out, f"load-{name}-{r}") for r in range(1, args.rounds + 1)] for name in ("image", "vertx", "nginx")}
    per_round_ratio = {
        ref: [i["cpu_us_per_request"] / v["cpu_us_per_request"] for i, v in zip(rounds["image"], rounds[ref])]
        for ref in ("vertx", "nginx")
    }
    sized = {task: rounds["image"]}
    for size in sizes:
        if size != task and os.path.exists(f"{out}/load-image-cpus-{size}.txt"):
            sized[size] = [load(out, f"load-image-cpus-{size}")]
    paced = wrk_figures(f"{out}/paced.wrk")
    periods0, throttled0, periods1, throttled1 = (int(v) for v in read(f"{out}/paced.throttled").split())
    paced["quota_periods"], paced["throttled_periods"] = periods1 - periods0, throttled1 - throttled0
    capacity = statistics.median(r["rps"] for r in rounds["image"])
    size_bytes, gzip_bytes, layers = (int(v) for v in read(f"{out}/size.txt").split())

    median = statistics.median
    start_task = starts[task]
    cpu = {name: median(r["cpu_us_per_request"] for r in rows) for name, rows in rounds.items()}
    ratio_vertx = median(per_round_ratio["vertx"])
    rss = median(r["rss_mb"] for r in rounds["image"])
    figures = {
        "image": args.image,
        "jvm_options": [line for line in read(args.jvm_options).splitlines() if line and not line.startswith("#")],
        "loadavg_before": args.loadavg_before,
        "loadavg_after": args.loadavg_after,
        "quick": bool(args.quick),
        "start": starts,
        "load": rounds,
        "sized": sized,
        "cpu_ratio_per_round": per_round_ratio,
        "paced": dict(paced, target_rps=capacity / 2),
        "size": {"bytes": size_bytes, "gzip_bytes": gzip_bytes, "layers": layers},
    }
    with open(f"{out}/results.json", "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=2)

    print()
    print(f"Image {args.image} under --cpus {task} --memory 512m (server CPU pinned, wrk on the other CPU),")
    print(f"{args.rounds} round(s) x {args.duration:.0f} s at {args.connections} connections"
          f"{' (quick mode: short, for CI; compare with a full run)' if args.quick else ''};"
          f" load average before {args.loadavg_before}, after {args.loadavg_after} (2 cores).")
    print(f"JVM flags (docker/jvm.options): {' '.join(figures['jvm_options'])}")
    print()
    print("| figure | target | image | reference (same run) | result |")
    print("|---|---|---|---|---|")
    proc = start_task["process_to_200_s"]
    print(f"| JVM process start → first 200, {task} vCPU (median of {len(proc)}) | ≤ {TARGETS['start_s']} s "
          f"| {spread(proc, '{:.2f}')} s | — | {verdict(bool(proc) and median(proc) <= TARGETS['start_s'])} |")
    run = start_task["run_to_200_s"]
    print(f"| `podman run` → first 200, {task} vCPU | — | {spread(run, '{:.2f}')} s | — | — |")
    print(f"| CPU used until the first 200 | — | {spread(start_task['cpu_to_200_s'], '{:.2f}')} s | — | — |")
    print(f"| server CPU per request at saturation, {task} vCPU (µs) | ≤ {TARGETS['cpu_ratio']} × Vert.x "
          f"| {cpu['image']:.1f} | Vert.x {cpu['vertx']:.1f}, nginx {cpu['nginx']:.1f}; "
          f"image/Vert.x **{ratio_vertx:.2f}** (rounds {', '.join(f'{r:.2f}' for r in per_round_ratio['vertx'])}), "
          f"image/nginx {median(per_round_ratio['nginx']):.2f} | {verdict(ratio_vertx <= TARGETS['cpu_ratio'])} |")
    print(f"| saturating throughput, {task} vCPU (req/s) | — | {spread([r['rps'] for r in rounds['image']], '{:,.0f}')} "
          f"| Vert.x {median(r['rps'] for r in rounds['vertx']):,.0f}, nginx {median(r['rps'] for r in rounds['nginx']):,.0f} | — |")
    print(f"| RSS at load, {task} vCPU | ≤ {TARGETS['rss_mb']:.0f} MB | {rss:.1f} MB | — | {verdict(rss <= TARGETS['rss_mb'])} |")
    print(f"| p50 / p99 at half capacity ({capacity / 2:,.0f} req/s paced, {paced['rps']:,.0f} achieved) "
          f"| p99 ≤ {TARGETS['p99_ms']:.0f} ms | {paced['p50_ms']:.2f} / {paced['p99_ms']:.2f} ms "
          f"({paced['errors']} errors; CPU quota throttled in {paced['throttled_periods']} of {paced['quota_periods']} periods)"
          f" | — | {verdict(paced['p99_ms'] <= TARGETS['p99_ms'])} |")
    print(f"| image size, uncompressed ({layers} layers) | ≤ {TARGETS['size_mb']:.0f} MB | {size_bytes / 1e6:.1f} MB "
          f"| gzip -6 of `podman save`: {gzip_bytes / 1e6:.1f} MB | {verdict(size_bytes / 1e6 <= TARGETS['size_mb'])} |")
    print()
    print("Task size (the image only; first 200 = JVM process start → first 200, median):")
    print()
    print("| vCPU | first 200 | `podman run` → 200 | CPU to first 200 | CPU per request | req/s at saturation | RSS |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes:
        rows = sized.get(size, [])
        print(f"| {size} | {spread(starts[size]['process_to_200_s'])} s | {spread(starts[size]['run_to_200_s'])} s "
              f"| {spread(starts[size]['cpu_to_200_s'])} s "
              f"| {spread([r['cpu_us_per_request'] for r in rows], '{:.1f}')} µs "
              f"| {spread([r['rps'] for r in rows], '{:,.0f}')} | {spread([r['rss_mb'] for r in rows], '{:.0f}')} MB |")


if __name__ == "__main__":
    main()
