#!/usr/bin/env python3
"""Spike: ten times the steady create-post rate for a minute while home timelines are read.

Three phases back to back — steady (S posts/s), spike (10*S posts/s), steady again — each with
two wrk processes side by side: paced create-post traffic and paced home-timeline reads (each
connection waits a fixed delay before each request, so the offered rate is at most the target;
the achieved rate is reported; reads run closed-loop when no read rate is given). Throughout, a
probe posts from an ordinary account every 250 ms and polls one of its followers' home timeline
until the post shows; after the spike, the drain time is how long until three probes in a row
are back within max(2 x the steady delay, steady + 5 ms) — the time for any backlog (queued
writes, fan-out, overloaded workers) to clear.

Used by bench/run; also runs alone against a server started by hand:
  bench/spike.py --port 8080 --data-dir DIR --steady-rate 200 [--spike-seconds 60]
"""

import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402
import celebrity  # noqa: E402


class Probe(threading.Thread):
    def __init__(self, port, author_token, reader_token, interval=0.25, timeout=10.0):
        super().__init__(daemon=True)
        self.port = port
        self.author_token = author_token
        self.reader_token = reader_token
        self.interval = interval
        self.timeout = timeout
        self.samples = []  # (t since start, post ms, visible ms or None)
        self.errors = 0
        self.stop = threading.Event()
        self.t0 = time.monotonic()

    def run(self):
        poller = benchlib.Poller(self.port)
        n = 0
        while not self.stop.is_set():
            begin = time.monotonic()
            n += 1
            try:
                status, _, body = benchlib.request(
                    self.port, "POST", "/api/v1/statuses", token=self.author_token,
                    body={"status": f"probe {n} #Magpie", "visibility": "public"})
                posted = time.monotonic()
                if status != 200:
                    self.errors += 1
                    continue
                target = b'"id":"' + json.loads(body)["id"].encode() + b'"'
                visible = None
                while time.monotonic() - begin < self.timeout:
                    st, _, page = poller.get("/api/v1/timelines/home?limit=10", self.reader_token)
                    if st == 200 and target in page:
                        visible = time.monotonic()
                        break
                self.samples.append((begin - self.t0, (posted - begin) * 1000,
                                     None if visible is None else (visible - begin) * 1000))
            except OSError:
                self.errors += 1
            rest = self.interval - (time.monotonic() - begin)
            if rest > 0:
                self.stop.wait(rest)


def paced(rate, threads, interval_s=0.25):
    """(connections, delay ms) for about `rate` requests/s: each connection sends one request
    every ~interval_s (a fixed delay plus the response time, so the rate is at most `rate`)."""
    conns = int(max(2 * threads, min(512, round(rate * interval_s))))
    delay_ms = max(0, int(conns * 1000 / rate) - 2)
    return conns, delay_ms


def phase(port, tokens_path, seconds, post_rate, read_rate, read_connections, threads, debug):
    """Runs paced posts and reads (closed loop when read_rate is None) side by side."""
    out = {}
    post_conns, post_delay = paced(post_rate, threads)

    def posts():
        out["posts"] = benchlib.run_wrk(port, "create", tokens_path, seconds, threads, post_conns,
                                        delay_ms=post_delay, debug=debug)

    def reads():
        if read_rate:
            conns, delay = paced(read_rate, threads)
            out["reads"] = benchlib.run_wrk(port, "home", tokens_path, seconds, threads, conns,
                                            delay_ms=delay, debug=debug)
            out["reads"]["target_rps"] = read_rate
        else:
            out["reads"] = benchlib.run_wrk(port, "home", tokens_path, seconds, threads,
                                            read_connections, debug=debug)

    ts = [threading.Thread(target=posts), threading.Thread(target=reads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if "posts" not in out or "reads" not in out:
        raise RuntimeError("a wrk process of the spike failed")
    out["posts"]["target_rps"] = post_rate
    out["posts"]["connections"] = post_conns
    return out["posts"], out["reads"]


def run(port, db_path, tokens_path, tokens_by_id, steady_rate, factor=10, steady_seconds=20,
        spike_seconds=60, threads=1, read_rate=None, read_connections=16, probe_author=None,
        debug=False):
    if probe_author is None:
        probe_author = celebrity.top_accounts(db_path, below=1000)[0]
    followers, _ = celebrity.sample_followers(db_path, probe_author, 50)
    followers = [f for f in followers if f in tokens_by_id]
    if not followers:
        raise RuntimeError("the probe account has no followers with tokens")
    reader = tokens_by_id[followers[0]]
    benchlib.request(port, "GET", "/api/v1/timelines/home?limit=10", token=reader)
    probe = Probe(port, tokens_by_id[probe_author], reader)
    probe.start()
    time.sleep(1.0)

    plan = [("steady", steady_rate, steady_seconds),
            ("spike", steady_rate * factor, spike_seconds),
            ("after", steady_rate, steady_seconds)]
    phases = []
    bounds = {}
    for name, rate, seconds in plan:
        start = time.monotonic() - probe.t0
        posts, reads = phase(port, tokens_path, seconds, rate, read_rate, read_connections,
                             threads, debug)
        bounds[name] = (start, time.monotonic() - probe.t0)
        phases.append({"phase": name, "posts": posts, "reads": reads})
    time.sleep(2.0)
    probe.stop.set()
    probe.join()

    def delays(lo, hi):
        return [v for t, _, v in probe.samples if lo <= t < hi and v is not None]

    steady = delays(*bounds["steady"])
    baseline = benchlib.percentile(steady, 50) or 0.0
    threshold = max(2 * baseline, baseline + 5)
    spike_end = bounds["spike"][1]
    drain = None
    streak = 0
    for t, _, v in probe.samples:
        if t < spike_end:
            continue
        if v is not None and v <= threshold:
            streak += 1
            if streak == 3:
                first_ok = t - 2 * probe.interval
                drain = max(0.0, first_ok - spike_end)
                break
        else:
            streak = 0
    during = delays(*bounds["spike"])
    lost = sum(1 for _, _, v in probe.samples if v is None)
    return {
        "steady_rate": steady_rate,
        "spike_rate": steady_rate * factor,
        "read_rate": read_rate,
        "phases": phases,
        "probe": {
            "samples": len(probe.samples),
            "errors": probe.errors,
            "not_visible": lost,
            "steady_p50_ms": baseline,
            "spike_p50_ms": benchlib.percentile(during, 50),
            "spike_max_ms": max(during) if during else None,
            "threshold_ms": threshold,
            "drain_s": drain,
        },
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--tokens", help="tokens the load is spread over (default DATA_DIR/tokens.tsv)")
    ap.add_argument("--steady-rate", type=float, default=200)
    ap.add_argument("--steady-seconds", type=int, default=20)
    ap.add_argument("--spike-seconds", type=int, default=60)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--read-rate", type=float, help="home reads/s (default: closed loop)")
    args = ap.parse_args()
    tokens_path = args.tokens or os.path.join(args.data_dir, "tokens.tsv")
    tokens = dict(benchlib.read_tokens(os.path.join(args.data_dir, "tokens.tsv")))
    result = run(args.port, os.path.join(args.data_dir, "magpie.db"), tokens_path, tokens,
                 args.steady_rate, steady_seconds=args.steady_seconds,
                 spike_seconds=args.spike_seconds, threads=args.threads, read_rate=args.read_rate)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
