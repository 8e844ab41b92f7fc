"""Turns the EMF off/on runs of bench/image.sh (BENCH_EMF=compare) into a table and results JSON.

Each raw file holds: requests cpu_ns rss_kb emf_lines answers_in_lines requests_sent.
"""

import json
import statistics
import sys


def main(out, rounds, duration):
    rows = {"off": [], "on": []}
    for mode, runs in rows.items():
        for r in range(1, rounds + 1):
            with open(f"{out}/emf-{mode}-{r}.txt") as f:
                req, cpu, rss, lines, counted, sent = map(int, f.read().split())
            with open(f"{out}/emf-{mode}-{r}.load") as f:
                load = f.read().strip()
            runs.append({"round": r, "requests": req, "cpu_us_per_request": cpu / 1000 / req,
                         "req_per_s": req / duration, "rss_mib": rss / 1024, "emf_lines": lines,
                         "answers_in_lines": counted, "requests_sent": sent, "loadavg": load})
    summary = {mode: {k: statistics.median(r[k] for r in runs)
                      for k in ("cpu_us_per_request", "req_per_s", "rss_mib")}
               for mode, runs in rows.items()}
    summary["on_over_off_cpu"] = (summary["on"]["cpu_us_per_request"]
                                  / summary["off"]["cpu_us_per_request"])
    summary["rounds"] = rows
    with open(f"{out}/emf-results.json", "w") as f:
        json.dump(summary, f, indent=2)
    for mode, runs in rows.items():
        for r in runs:
            print(f"EMF {mode:3} round {r['round']}: {r['cpu_us_per_request']:.2f} us/request, "
                  f"{r['req_per_s']:.0f} req/s, RSS {r['rss_mib']:.1f} MiB, "
                  f"{r['emf_lines']} EMF lines counting {r['answers_in_lines']} answers "
                  f"({r['requests_sent']} completed by wrk and curl), load {r['loadavg']}")
        s = summary[mode]
        print(f"EMF {mode:3} median: {s['cpu_us_per_request']:.2f} us/request, "
              f"{s['req_per_s']:.0f} req/s, RSS {s['rss_mib']:.1f} MiB")
    print(f"CPU per request, EMF on / off (medians): {summary['on_over_off_cpu']:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
