#!/usr/bin/env python3
"""Kills or freezes a worker at a random moment of a multi-stage query, many times, and counts
how each query ended (a program that prints figures, not a test).

    python bench/worker_loss_trials.py --quiver build/quiver --tpch data/tpch-sf0.1
        [--query queries/tpch/q5.sql] [--trials 100] [--workers 4] [--timeout-ms 2000]
        [--seed 1] [--max-delay 0.8] [--json FILE]

Each trial starts WORKERS `quiver worker --port 0` processes, runs the query on them with
`quiver query --worker-urls` (distributed.worker_timeout_ms = TIMEOUT; 1 MiB per task so every
leaf stage has a task on every worker), and after a random
delay between 0 and MAX_DELAY (0.8) x the healthy run time sends one random worker SIGKILL or
SIGSTOP (half each). The query ends as one of:

- completed-correct: exit 0 and the healthy run's output (the query lost the worker and ran
  again on the others, which `quiver query` says on stderr and the summary counts; or the
  signal came after that worker's part was done, or after the end);
- failed-cleanly: exit 1 with an error naming a worker (`worker grpc+tcp://...`);
- wrong: exit 0 with other output, or exit 1 without naming a worker;
- hung: still running 60 s after the signal (then killed).

With retry (distributed.max_attempts, default 3) the goal is 100 completed-correct.
"""
import argparse
import json
import os
import pathlib
import random
import re
import signal
import subprocess
import sys
import tempfile
import time

READY = re.compile(r"listening on (\S+)")


def start_workers(quiver, count, log_dir):
    procs, urls = [], []
    for i in range(count):
        log = open(log_dir / f"worker{i}.log", "w+")
        procs.append((subprocess.Popen([quiver, "worker", "--port", "0"], stderr=log,
                                       stdout=subprocess.DEVNULL), log))
    for proc, log in procs:
        for _ in range(200):
            log.seek(0)
            m = READY.search(log.read())
            if m:
                urls.append(m.group(1))
                break
            time.sleep(0.025)
        else:
            raise RuntimeError(f"worker {proc.pid} did not start")
    return procs, urls


def stop_workers(procs):
    for proc, log in procs:
        if proc.poll() is None:
            try:
                proc.send_signal(signal.SIGCONT)
                proc.kill()
            except ProcessLookupError:
                pass
        proc.wait()
        log.close()


def run_query(quiver, tpch, sql, urls):
    return subprocess.Popen([quiver, "query", "--tpch", tpch, "--worker-urls", ",".join(urls),
                             "--format", "csv", "-c", sql],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quiver", required=True)
    ap.add_argument("--tpch", required=True)
    ap.add_argument("--query", default="queries/tpch/q5.sql")
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--timeout-ms", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-delay", type=float, default=0.8,
                    help="signal at a random moment in [0, this x the healthy run time]")
    ap.add_argument("--json")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    # Small tasks, so every leaf stage has a task on every worker and any victim matters.
    sql = (f"set distributed.worker_timeout_ms = {args.timeout_ms}; "
           "set distributed.bytes_per_task = 1048576; " + pathlib.Path(args.query).read_text())
    log_dir = pathlib.Path(tempfile.mkdtemp(prefix="quiver_trials_"))

    # The healthy answer and run time, on a cluster of its own.
    procs, urls = start_workers(args.quiver, args.workers, log_dir)
    try:
        start = time.monotonic()
        healthy = run_query(args.quiver, args.tpch, sql, urls)
        expected, err = healthy.communicate(timeout=300)
        healthy_s = time.monotonic() - start
        if healthy.returncode != 0:
            sys.exit(f"healthy run failed: {err}")
    finally:
        stop_workers(procs)

    counts = {"completed-correct": 0, "failed-cleanly": 0, "wrong": 0, "hung": 0}
    by_signal = {"SIGKILL": dict(counts), "SIGSTOP": dict(counts)}
    end_times = []
    # Completed-correct trials that lost the worker and ran again (the CLI says so), and
    # trials whose query had ended before the signal.
    retried = {"SIGKILL": 0, "SIGSTOP": 0}
    after_end = 0
    for trial in range(args.trials):
        procs, urls = start_workers(args.quiver, args.workers, log_dir)
        victim = rng.randrange(args.workers)
        sig = rng.choice([signal.SIGKILL, signal.SIGSTOP])
        delay = rng.uniform(0, args.max_delay * healthy_s)
        try:
            query = run_query(args.quiver, args.tpch, sql, urls)
            time.sleep(delay)
            # A query already done when the signal comes proves nothing about losing a worker.
            late = query.poll() is not None
            os.kill(procs[victim][0].pid, sig)
            signalled = time.monotonic()
            try:
                out, err = query.communicate(timeout=60)
                ended = time.monotonic() - signalled
                if query.returncode == 0:
                    outcome = "completed-correct" if out == expected else "wrong"
                    if outcome == "completed-correct" and "ran again" in err:
                        retried[signal.Signals(sig).name] += 1
                else:
                    outcome = "failed-cleanly" if "worker grpc+tcp://" in err else "wrong"
                end_times.append(ended)
            except subprocess.TimeoutExpired:
                query.kill()
                query.communicate()
                outcome = "hung"
        finally:
            stop_workers(procs)
        counts[outcome] += 1
        by_signal[signal.Signals(sig).name][outcome] += 1
        after_end += late
        print(f"trial {trial + 1:3d}: {signal.Signals(sig).name} worker {victim} after "
              f"{delay:.2f} s -> {outcome}{' (signal after the end)' if late else ''}",
              file=sys.stderr)

    end_times.sort()
    summary = {
        "trials": args.trials, "workers": args.workers, "query": args.query,
        "timeout_ms": args.timeout_ms, "healthy_seconds": round(healthy_s, 3),
        "outcomes": counts, "by_signal": by_signal, "retried": retried,
        "signal_after_end": after_end,
        "median_seconds_signal_to_end":
            round(end_times[len(end_times) // 2], 3) if end_times else None,
        "max_seconds_signal_to_end": round(end_times[-1], 3) if end_times else None,
    }
    print(f"{args.trials} trials, {args.workers} workers, {args.query}, healthy run "
          f"{healthy_s:.2f} s, worker timeout {args.timeout_ms} ms")
    print(f"{'':10s} {'completed-correct':>18s} {'failed-cleanly':>15s} {'hung':>5s} {'wrong':>6s}")
    for name, c in [("all", counts)] + list(by_signal.items()):
        print(f"{name:10s} {c['completed-correct']:18d} {c['failed-cleanly']:15d} "
              f"{c['hung']:5d} {c['wrong']:6d}")
    print(f"completed after losing the worker and running again: SIGKILL {retried['SIGKILL']}, "
          f"SIGSTOP {retried['SIGSTOP']}; signal after the query had ended: {after_end}")
    print(f"signal to end of query: median {summary['median_seconds_signal_to_end']} s, "
          f"max {summary['max_seconds_signal_to_end']} s")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
