#!/usr/bin/env python3
"""Load on `redacteur serve`: CLIENTS concurrent API clients submit JOBS short articles to a
server with a queue of QUEUE. A client refused with 429 waits what Retry-After says and submits
again; every accepted job is followed to its end. Reports jobs submitted, completed, refused and
resubmitted, lost or duplicated, the server's RSS before and after, and the latency of
/health (median, p95, worst) while the jobs run.

    python3 benches/serve_load.py [--bin target/release/redacteur] [--clients 20] [--jobs 40]
                                  [--queue 8] [--words 30] [--subheadings 1]

Standard library only; the server runs the real default model (cached)."""

import argparse
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "redacteur"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--queue", type=int, default=8)
    parser.add_argument("--words", type=int, default=30)
    parser.add_argument("--subheadings", type=int, default=1)
    args = parser.parse_args()

    with open(os.path.join(HERE, "..", "examples", "rugby-toulouse.txt"), encoding="utf-8") as f:
        source = "\n".join(f.read().splitlines()[:3])
    data_dir = tempfile.mkdtemp(prefix="serve-load-")
    server = subprocess.Popen(
        [args.bin, "serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir,
         "--queue", str(args.queue)],
        stderr=subprocess.PIPE, text=True)
    base = None
    for line in server.stderr:
        found = re.search(r"listening on (http://\S+)", line)
        if found:
            base = found.group(1)
            break
    if base is None:
        sys.exit("the server did not start")
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    rss_before = rss_mib(server.pid)

    work = queue.Queue()
    for i in range(args.jobs):
        work.put(i)
    lock = threading.Lock()
    accepted = {}  # job number -> id
    refusals = 0
    outcomes = {}  # id -> final status
    running = threading.Event()
    running.set()
    rss_samples = []
    rss_first = []  # after the first job: the model paged in, the caches made

    def client():
        nonlocal refusals
        while True:
            try:
                number = work.get_nowait()
            except queue.Empty:
                return
            body = {"source": source, "options": {
                "words": args.words, "subheadings": args.subheadings, "candidates": 1,
                "seed": number}}
            while True:
                status, headers, answer = call(base, "POST", "/v1/articles", body)
                if status == 202:
                    break
                if status != 429:
                    raise SystemExit(f"job {number}: {status} {answer}")
                with lock:
                    refusals += 1
                wait = {k.lower(): v for k, v in headers.items()}.get("retry-after", "1")
                time.sleep(float(wait))
            with lock:
                accepted[number] = answer["id"]
            while True:
                _, _, job = call(base, "GET", f"/v1/articles/{answer['id']}")
                if job["status"] in ("done", "failed", "cancelled"):
                    with lock:
                        outcomes[answer["id"]] = job["status"]
                        if len(outcomes) == 1:
                            rss_first.append(rss_mib(server.pid))
                    break
                time.sleep(1)

    latencies = []

    def watch():
        while running.is_set():
            started = time.perf_counter()
            status, _, _ = call(base, "GET", "/health")
            latencies.append((time.perf_counter() - started) * 1000)
            assert status == 200
            rss_samples.append(rss_mib(server.pid))
            time.sleep(0.5)

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.time()
    clients = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    wall = time.time() - started
    running.clear()
    watcher.join()
    _, _, listed = call(base, "GET", "/v1/articles")
    rss_after = rss_mib(server.pid)
    server.terminate()
    server.wait()

    ids = list(accepted.values())
    latencies.sort()
    report = {
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                     if l.startswith("model name")), "?"),
        "clients": args.clients, "jobs": args.jobs, "queue": args.queue,
        "accepted": len(ids), "distinct_ids": len(set(ids)),
        "completed": sum(1 for s in outcomes.values() if s == "done"),
        "failed": sum(1 for s in outcomes.values() if s != "done"),
        "refused_429_then_resubmitted": refusals,
        "jobs_listed_by_server": len(listed["articles"]),
        "lost": args.jobs - len(outcomes),
        "duplicated": len(listed["articles"]) - len(set(ids)),
        "wall_seconds": round(wall, 1),
        "rss_mib_before": round(rss_before, 1),
        "rss_mib_after_first_job": round(rss_first[0], 1) if rss_first else None,
        "rss_mib_after": round(rss_after, 1),
        "rss_mib_max_during": round(max(rss_samples), 1) if rss_samples else None,
        "health_requests": len(latencies),
        "health_ms_median": round(statistics.median(latencies), 1),
        "health_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "health_ms_max": round(latencies[-1], 1),
    }
    print(json.dumps(report, indent=2))
    ok = (report["lost"] == 0 and report["duplicated"] == 0
          and report["completed"] == args.jobs and report["health_ms_p95"] < 100)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
