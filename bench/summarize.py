#!/usr/bin/env python3
"""Prints a Markdown table from JMH JSON results (-rf json -rff FILE): mean ns/op with JMH's
99.9% error, the fastest and slowest measurement iteration, and bytes allocated per op when the
run used -prof gc. Usage: bench/summarize.py bench/results/FILE.json..."""
import json
import sys

print("| benchmark | param | ns/op (mean ± 99.9% error) | min iteration | max iteration | B/op |")
print("|---|---|---:|---:|---:|---:|")
for path in sys.argv[1:]:
    with open(path) as f:
        runs = json.load(f)
    for run in runs:
        name = run["benchmark"].rsplit(".", 2)
        name = name[-2].replace("Benchmark", "") + "." + name[-1]
        params = ", ".join(run.get("params", {}).values()) or "-"
        metric = run["primaryMetric"]
        raw = [x for fork in metric["rawData"] for x in fork]
        alloc = run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        alloc = f"{alloc['score']:.0f}" if alloc else "n/a"
        print(f"| {name} | {params} | {metric['score']:.1f} ± {metric['scoreError']:.1f} "
              f"| {min(raw):.1f} | {max(raw):.1f} | {alloc} |")
