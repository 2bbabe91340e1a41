#!/usr/bin/env python3
"""Prints quiver's figures beside DuckDB's, with ratios quiver/duckdb per query.

    python3 scripts/bench_compare.py quiver.json duckdb.json

Inputs are the --json outputs of tpch_bench and scripts/bench_duckdb.py from the same run on
the same data. A ratio is quiver's median over DuckDB's median (above 1: quiver is slower);
"total" compares the totals of medians. Row counts that differ between the engines are flagged,
since a faster wrong answer is not a result.
"""
import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def config_name(workers):
    return "single" if workers == 0 else f"{workers}w"


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__.strip().splitlines()[2].strip())
    quiver, duck = load(sys.argv[1]), load(sys.argv[2])
    peers = {r["query"]: r for r in duck["results"]}
    queries = list(dict.fromkeys(r["query"] for r in quiver["results"]))
    configs = list(dict.fromkeys(r["workers"] for r in quiver["results"]))
    ours = {(r["query"], r["workers"]): r for r in quiver["results"]}

    print(f"median wall time, s ({quiver['data']}; quiver threads={quiver['threads']}, "
          f"duckdb {duck.get('version', '')} threads={duck['threads']}; "
          f"quiver {quiver['iterations']} runs, duckdb {duck['iterations']} runs)")
    header = f"{'query':<8}{'rows':>6}{'duckdb':>10}"
    for w in configs:
        header += f"{'quiver ' + config_name(w):>16}{'ratio':>8}"
    print(header)
    mismatches = []
    totals = {w: 0.0 for w in configs}
    duck_total = 0.0
    for q in queries:
        peer = peers.get(q)
        line = f"{q:<8}{ours[(q, configs[0])]['rows']:>6}"
        line += f"{peer['median_s']:>10.4f}" if peer else f"{'-':>10}"
        if peer:
            duck_total += peer["median_s"]
        for w in configs:
            r = ours[(q, w)]
            totals[w] += r["median_s"]
            ratio = f"{r['median_s'] / peer['median_s']:.2f}" if peer else "-"
            if peer and r["rows"] != peer["rows"]:
                ratio += "!"
                mismatches.append(f"{q} {config_name(w)}: quiver {r['rows']} rows, "
                                  f"duckdb {peer['rows']}")
            line += f"{r['median_s']:>16.4f}{ratio:>8}"
        print(line)
    line = f"{'total':<8}{'':>6}{duck_total:>10.4f}"
    for w in configs:
        ratio = f"{totals[w] / duck_total:.2f}" if duck_total else "-"
        line += f"{totals[w]:>16.4f}{ratio:>8}"
    print(line)

    print("\npeak RSS, MB (each engine's whole process; quiver's includes its embedded workers)")
    header = f"{'query':<8}{'duckdb':>10}" + "".join(f"{'quiver ' + config_name(w):>16}"
                                                     for w in configs)
    print(header)
    for q in queries:
        peer = peers.get(q)
        line = f"{q:<8}" + (f"{peer['peak_rss_kb'] / 1024:>10.1f}" if peer else f"{'-':>10}")
        line += "".join(f"{ours[(q, w)]['peak_rss_kb'] / 1024:>16.1f}" for w in configs)
        print(line)
    if mismatches:
        print("\nrow counts differ (marked !):\n  " + "\n  ".join(mismatches))


if __name__ == "__main__":
    main()
