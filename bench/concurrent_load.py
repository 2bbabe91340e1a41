#!/usr/bin/env python3
"""Runs many queries at once on a cluster of worker processes and prints what the workers used
(a program that prints figures, not a test).

    python bench/concurrent_load.py --quiver build/quiver --tpch data/tpch-sf0.1
        [--queries q1,q3,q5,q6,q10,q12] [--concurrency 50] [--workers 4] [--json FILE]

Starts WORKERS `quiver worker --port 0` processes, measures their idle threads and RSS, then
starts CONCURRENCY `quiver query --worker-urls` processes at once (TPC-H queries taken in turn
from --queries) and samples every worker's thread count and RSS every 50 ms until all queries
end. Each answer is compared with the same query's answer run alone first. Then it waits 2 s
and measures again: the figures show whether threads and memory come back once the queries
are gone, and `quiver.list_tasks` must list no live task on any worker.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

from worker_loss_trials import start_workers, stop_workers


def status(pid):
    """(threads, RSS in MB) of a process from /proc."""
    threads, rss_kb = 0, 0
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            threads = int(line.split()[1])
        elif line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
    return threads, rss_kb / 1024


def list_tasks(url):
    import pyarrow.flight as flight  # the bench venv has pyarrow; only needed here
    client = flight.connect(url)
    return [r.body.to_pybytes().decode() for r in client.do_action("quiver.list_tasks")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quiver", required=True)
    ap.add_argument("--tpch", required=True)
    ap.add_argument("--queries", default="q1,q3,q5,q6,q10,q12")
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--json")
    args = ap.parse_args()
    names = args.queries.split(",")
    texts = {q: pathlib.Path(f"queries/tpch/{q}.sql").read_text() for q in names}
    log_dir = pathlib.Path(tempfile.mkdtemp(prefix="quiver_load_"))
    procs, urls = start_workers(args.quiver, args.workers, log_dir)
    pids = [p.pid for p, _ in procs]

    def run(q):
        return subprocess.Popen([args.quiver, "query", "--tpch", args.tpch, "--worker-urls",
                                 ",".join(urls), "--format", "csv", "-c", texts[q]],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    try:
        expected = {}
        for q in names:
            out, err = run(q).communicate(timeout=300)
            expected[q] = out
        time.sleep(1)
        idle = [status(pid) for pid in pids]
        start = time.monotonic()
        running = [(names[i % len(names)], run(names[i % len(names)]))
                   for i in range(args.concurrency)]
        peak_threads = [t for t, _ in idle]
        peak_rss = [r for _, r in idle]
        while any(p.poll() is None for _, p in running):
            for i, pid in enumerate(pids):
                t, r = status(pid)
                peak_threads[i] = max(peak_threads[i], t)
                peak_rss[i] = max(peak_rss[i], r)
            time.sleep(0.05)
        wall = time.monotonic() - start
        correct = failed = wrong = 0
        for q, p in running:
            out, err = p.communicate()
            if p.returncode != 0:
                failed += 1
                print(f"{q} failed: {err.strip()[:300]}", file=sys.stderr)
            elif out != expected[q]:
                wrong += 1
            else:
                correct += 1
        time.sleep(2)
        after = [status(pid) for pid in pids]
        live_tasks = [list_tasks(url) for url in urls]
    finally:
        stop_workers(procs)

    print(f"{args.concurrency} concurrent queries ({','.join(names)}) on {args.workers} workers,"
          f" {args.tpch}: {correct} correct, {failed} failed, {wrong} wrong in {wall:.1f} s")
    print(f"{'worker':8s} {'idle thr':>9s} {'peak thr':>9s} {'after thr':>10s} "
          f"{'idle MB':>8s} {'peak MB':>8s} {'after MB':>9s}  live tasks after")
    for i in range(args.workers):
        print(f"{i:<8d} {idle[i][0]:9d} {peak_threads[i]:9d} {after[i][0]:10d} "
              f"{idle[i][1]:8.0f} {peak_rss[i]:8.0f} {after[i][1]:9.0f}  {live_tasks[i]}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps({
            "concurrency": args.concurrency, "workers": args.workers, "queries": names,
            "correct": correct, "failed": failed, "wrong": wrong, "seconds": round(wall, 2),
            "idle": idle, "peak_threads": peak_threads, "peak_rss_mb": peak_rss,
            "after": after, "live_tasks_after": live_tasks}, indent=2))


if __name__ == "__main__":
    main()
