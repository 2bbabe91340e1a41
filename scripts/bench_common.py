"""What the Python bench runners (scripts/bench_duckdb.py, scripts/bench_datafusion.py) share
with tpch_bench and bench/ddist: the query list, statement splitting, the warm-up + timed-run
loop, peak RSS, the printed table and the JSON layout scripts/bench_compare.py reads.

A runner gives `run_benchmark` a function that executes one SQL statement and fetches every
row of its result, returning the row count. A query whose statements fail (unsupported,
invalid, anything) gets an error row with the first line of the message; the run goes on.
"""
import argparse
import json
import os
import pathlib
import re
import resource
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


def split_statements(sql):
    """The statements of `sql`, split at top-level ';' (not inside quotes or comments): TPC-H
    Q15 is `create view; select; drop view`. Statements that are only comments are dropped."""
    out, start, has_code, i, n = [], 0, False, 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            # A doubled quote closes and reopens the string: no special case needed.
            i += 1
            while i < n and sql[i] != c:
                i += 1
            has_code = True
        elif sql.startswith("--", i):
            while i < n and sql[i] != "\n":
                i += 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end < 0 else end + 1
        elif c == ";":
            if has_code:
                out.append(sql[start:i].strip())
            start, has_code = i + 1, False
        elif not c.isspace():
            has_code = True
        i += 1
    if has_code:
        out.append(sql[start:].strip())
    return out


def is_ddl(statement):
    """True for CREATE/DROP statements: they run and are timed, but a multi-statement file's
    answer is its last other statement (Q15's select, not the drop view after it)."""
    text = re.sub(r"^(\s+|--[^\n]*|/\*.*?\*/)*", "", statement, flags=re.S)
    word = re.match(r"[A-Za-z]*", text).group(0).lower()
    return word in ("create", "drop")


def query_names(queries_dir, only):
    """`only` (a comma list) if given, else every q<N>.sql of the directory by N."""
    if only:
        return [q for q in only.split(",") if q]
    numbered = sorted((int(m.group(1)), p.stem) for p in pathlib.Path(queries_dir).glob("q*.sql")
                      if (m := re.fullmatch(r"q(\d+)", p.stem)))
    if not numbered:
        raise SystemExit(f"no q<N>.sql files in {queries_dir}")
    return [stem for _, stem in numbered]


def peak_rss_kb(pid="self"):
    """VmHWM of /proc/<pid>/status in kB; for this process ru_maxrss where that is missing."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    if pid != "self":
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class PeakRss:
    """The peak RSS of each query's timed runs (reset after its warm-up, Linux >= 4.0), while
    keeping the process's own peak across the resets."""

    def __init__(self):
        self.process_kb = 0
        self.per_query = True

    def read(self):
        kb = peak_rss_kb()
        self.process_kb = max(self.process_kb, kb)
        return kb

    def reset(self):
        self.read()
        try:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            self.per_query = False


def first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def measure(run_statement, queries_dir, name, iterations, workers, peak):
    """One query: read and split its file, a warm-up run, then the timed runs (all statements
    of the file together; the rows of the last statement that is not DDL are the answer)."""
    result = {"query": name, "workers": workers, "error": None, "median_s": None,
              "min_s": None, "max_s": None, "rows": None, "peak_rss_kb": None, "seconds": []}

    def run_once():
        answer = None
        for sql in statements:
            rows = run_statement(sql)
            if answer is None or not is_ddl(sql):
                answer = rows
        return answer

    try:
        statements = split_statements((pathlib.Path(queries_dir) / f"{name}.sql").read_text())
        if not statements:
            raise ValueError(f"{name}.sql has no statement")
        run_once()  # warm-up
        peak.reset()
        for _ in range(iterations):
            start = time.perf_counter()
            rows = run_once()
            result["seconds"].append(time.perf_counter() - start)
    except Exception as e:  # any engine error ends this query only
        result["error"] = first_line(e)
        return result
    seconds = result["seconds"]
    result.update(median_s=statistics.median(seconds), min_s=min(seconds), max_s=max(seconds),
                  rows=rows, peak_rss_kb=peak.read())
    return result


def print_table(title, config, results, peak, out=None):
    p = (lambda s="": print(s, file=out))
    p(title)
    scope = ("of the timed runs of each row" if peak.per_query
             else "of the process so far (reset refused)")
    p(f"peak RSS: {scope} (includes the Python interpreter)\n")
    p(f"{'query':<8}{'config':<15}{'median_s':>10}{'min_s':>10}{'max_s':>10}{'rows':>8}"
      f"{'peak_rss_mb':>13}")
    for r in results:
        if r["error"]:
            p(f"{r['query']:<8}{config:<15}error: {r['error']}")
        else:
            p(f"{r['query']:<8}{config:<15}{r['median_s']:>10.4f}{r['min_s']:>10.4f}"
              f"{r['max_s']:>10.4f}{r['rows']:>8}{r['peak_rss_kb'] / 1024:>13.1f}")
    answered = [r for r in results if not r["error"]]
    total = sum(r["median_s"] for r in answered)
    p(f"\ntotal of medians:\n  {config:<15}{total:>10.4f} s ({len(answered)} of {len(results)} "
      f"queries answered)")
    p(f"peak RSS of the process: {peak.process_kb / 1024:.1f} MB")


def runner_arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=pathlib.Path, required=True,
                        help="TPC-H Parquet directory (one subdirectory per table)")
    parser.add_argument("--queries-dir", type=pathlib.Path, default=ROOT / "queries" / "tpch")
    parser.add_argument("--queries", default="",
                        help="comma list, e.g. q1,q6 (default: every q<N>.sql of --queries-dir)")
    parser.add_argument("--iterations", type=int, default=3, help="timed runs per query")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures as JSON")
    return parser


def table_dirs(data):
    """Each subdirectory of the data directory is a table of that name."""
    tables = sorted(p for p in pathlib.Path(data).iterdir() if p.is_dir())
    if not tables:
        raise SystemExit(f"no table directories in {data}")
    return tables


def run_benchmark(args, engine, version, threads, run_statement):
    """Runs every query, prints the table, writes the JSON; the figures of one engine."""
    if args.iterations < 1:
        raise SystemExit("--iterations must be at least 1")
    peak = PeakRss()
    results = []
    for name in query_names(args.queries_dir, args.queries):
        r = measure(run_statement, args.queries_dir, name, args.iterations, 0, peak)
        status = f"error: {r['error']}" if r["error"] else f"median {r['median_s']:.4f} s"
        print(f"  {name} {engine}: {status}", file=sys.stderr, flush=True)
        results.append(r)
    peak.read()
    print_table(f"{engine} {version} TPC-H: {args.data}, {args.iterations} timed runs after 1 "
                f"warm-up, threads={threads}, {os.cpu_count()} CPUs", "single node", results, peak)
    if args.json:
        args.json.write_text(json.dumps({
            "engine": engine,
            "version": version,
            "data": str(args.data),
            "iterations": args.iterations,
            "threads": threads,
            "worker_urls": [],
            "peak_rss_kb": peak.process_kb,
            "peak_rss_scope": "query" if peak.per_query else "process",
            "results": results,
        }, indent=2) + "\n")
