#!/usr/bin/env python3
"""Starts a cluster of worker processes on free ports, runs a coordinator over them, stops them.

    python scripts/bench_cluster.py --workers N --worker "CMD" --run "CMD" --json FILE
                                    [--log-dir DIR]

Each worker is `CMD` (shell words) started with `--port 0`, so the kernel picks a free port;
the worker prints `listening on URL` once its socket is bound (`quiver worker` and
`ddist-bench worker` both do), and that URL is read back from its log. `--run` is then started
with `{urls}` replaced by the comma-joined URLs, so its timings exclude the workers' start-up.
Afterwards each worker's peak RSS (VmHWM of /proc/<pid>/status, read while it is still alive)
is added to the coordinator's JSON (FILE) as `worker_peak_rss_kb`, and the workers get SIGTERM
(SIGKILL after 10 s). Exits with the coordinator's status.
"""
import argparse
import json
import pathlib
import re
import shlex
import signal
import subprocess
import sys
import time

from bench_common import peak_rss_kb

READY = re.compile(r"listening on (\S+)")


def start_workers(command, count, log_dir, name):
    workers = []
    for i in range(count):
        log = open(log_dir / f"{name}-worker{i}.log", "w")
        proc = subprocess.Popen(shlex.split(command) + ["--port", "0"], stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        workers.append((proc, log))
    return workers


def wait_for_urls(workers, log_dir, name, timeout_s=60):
    urls = [None] * len(workers)
    deadline = time.monotonic() + timeout_s
    while None in urls:
        for i, (proc, _) in enumerate(workers):
            if urls[i]:
                continue
            text = (log_dir / f"{name}-worker{i}.log").read_text()
            if m := READY.search(text):
                urls[i] = m.group(1)
            elif proc.poll() is not None:
                raise SystemExit(f"bench_cluster: {name} worker {i} exited with {proc.returncode}:"
                                 f" {text.strip()[-500:]}")
        if time.monotonic() > deadline:
            raise SystemExit(f"bench_cluster: {name} workers not listening after {timeout_s} s")
        time.sleep(0.05)
    return urls


def stop_workers(workers):
    for proc, _ in workers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc, log in workers:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--worker", required=True, help="worker command, without --port")
    parser.add_argument("--run", required=True, help="coordinator command; {urls} is replaced")
    parser.add_argument("--json", type=pathlib.Path, required=True,
                        help="the coordinator's JSON output, to which worker RSS is added")
    parser.add_argument("--log-dir", type=pathlib.Path, default=pathlib.Path("."))
    parser.add_argument("--name", default="cluster", help="prefix of the worker log files")
    args = parser.parse_args()
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    args.log_dir.mkdir(parents=True, exist_ok=True)

    workers = start_workers(args.worker, args.workers, args.log_dir, args.name)
    try:
        urls = wait_for_urls(workers, args.log_dir, args.name)
        print(f"bench_cluster: {args.workers} {args.name} workers at {', '.join(urls)}",
              file=sys.stderr, flush=True)
        command = shlex.split(args.run.replace("{urls}", ",".join(urls)))
        status = subprocess.run(command).returncode
        worker_rss = [peak_rss_kb(proc.pid) for proc, _ in workers]
        dead = [i for i, (proc, _) in enumerate(workers) if proc.poll() is not None]
    finally:
        stop_workers(workers)
    if dead:
        print(f"bench_cluster: {args.name} workers {dead} died during the run (see their logs "
              f"in {args.log_dir})", file=sys.stderr)
        status = status or 1
    if status == 0:
        doc = json.loads(args.json.read_text())
        doc["worker_peak_rss_kb"] = worker_rss
        args.json.write_text(json.dumps(doc, indent=2) + "\n")
    sys.exit(status)


if __name__ == "__main__":
    main()
