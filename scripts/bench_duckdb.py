#!/usr/bin/env python3
"""Times the TPC-H queries with DuckDB on the same Parquet files, as the peer of tpch_bench.

    .venv/bin/python scripts/bench_duckdb.py DIR q1,q6 N [--threads T] [--json FILE]

Each query runs once to warm up, then N timed runs (execute + fetch every row, as tpch_bench
plans and collects). Prints per query the median, min and max wall time, the rows and the peak
RSS of this process, plus the total of medians: the same figures as tpch_bench, for
scripts/bench_compare.py. Tables are views over read_parquet of the files tpchgen-cli wrote,
exactly as scripts/make_expected.py sets them up; `--threads` is DuckDB's `SET threads`, given
the value of quiver's target_partitions so both engines use as many threads per query.
"""
import argparse
import json
import os
import pathlib
import resource
import statistics
import time

import duckdb

TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
ROOT = pathlib.Path(__file__).resolve().parent.parent


def reset_peak_rss():
    """Resets VmHWM (Linux >= 4.0) so the next read is the peak since; False if refused."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_kb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def connect(data, threads):
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    for table in TABLES:
        files = sorted((data / table).glob("*.parquet")) or [data / f"{table}.parquet"]
        missing = [str(f) for f in files if not f.exists()]
        if missing:
            raise SystemExit(f"TPC-H table '{table}' not found: {missing[0]} does not exist")
        con.execute(f"create view {table} as select * from read_parquet({[str(f) for f in files]})")
    return con


def measure(con, name, sql, iterations):
    con.execute(sql).fetchall()  # warm-up
    per_query = reset_peak_rss()
    seconds, rows = [], 0
    for _ in range(iterations):
        start = time.perf_counter()
        rows = len(con.execute(sql).fetchall())
        seconds.append(time.perf_counter() - start)
    return {
        "query": name,
        "workers": 0,
        "median_s": statistics.median(seconds),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "rows": rows,
        "peak_rss_kb": peak_rss_kb(),
        "seconds": seconds,
    }, per_query


def print_table(data, iterations, threads, results, per_query):
    print(f"duckdb {duckdb.__version__} TPC-H: {data}, {iterations} timed runs after 1 warm-up, "
          f"threads={threads}, {os.cpu_count()} CPUs")
    scope = "of the timed runs of each row" if per_query else "of the process so far"
    print(f"peak RSS: {scope} (includes the Python interpreter)\n")
    print(f"{'query':<8}{'config':<14}{'median_s':>10}{'min_s':>10}{'max_s':>10}{'rows':>8}"
          f"{'peak_rss_mb':>13}")
    for r in results:
        print(f"{r['query']:<8}{'single node':<14}{r['median_s']:>10.4f}{r['min_s']:>10.4f}"
              f"{r['max_s']:>10.4f}{r['rows']:>8}{r['peak_rss_kb'] / 1024:>13.1f}")
    total = sum(r["median_s"] for r in results)
    print(f"\ntotal of medians:\n  {'single node':<14}{total:>10.4f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=pathlib.Path, help="TPC-H Parquet directory")
    parser.add_argument("queries", help="comma-separated, e.g. q1,q6")
    parser.add_argument("iterations", type=int, help="timed runs per query")
    parser.add_argument("--threads", type=int, default=0,
                        help="DuckDB threads (default: DuckDB's own, one per CPU)")
    parser.add_argument("--queries-dir", type=pathlib.Path, default=ROOT / "queries" / "tpch")
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures as JSON")
    args = parser.parse_args()
    if args.iterations < 1:
        parser.error("iterations must be at least 1")

    con = connect(args.data, args.threads)
    threads = con.execute("select current_setting('threads')").fetchone()[0]
    results, per_query = [], True
    for name in [q for q in args.queries.split(",") if q]:
        sql = (args.queries_dir / f"{name}.sql").read_text()
        result, reset = measure(con, name, sql, args.iterations)
        results.append(result)
        per_query = per_query and reset
    print_table(args.data, args.iterations, threads, results, per_query)
    if args.json:
        args.json.write_text(json.dumps({
            "engine": "duckdb",
            "version": duckdb.__version__,
            "data": str(args.data),
            "iterations": args.iterations,
            "threads": threads,
            "peak_rss_scope": "query" if per_query else "process",
            "results": results,
        }, indent=2) + "\n")


if __name__ == "__main__":
    main()
