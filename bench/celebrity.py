#!/usr/bin/env python3
"""Celebrity post latency: how long until a post appears in followers' home timelines.

An account followed by ~10% of everyone posts, several times; for each post a fresh sample of
its followers is watched, one thread and keep-alive connection per follower, each reading that
follower's home timeline in a tight loop from before the post until the post shows. For each
follower the post became visible between the start of the last read that missed it and the end
of the first read that saw it: the reported delay is that upper bound (end of the first read
that saw it, minus the moment the POST was sent), and the lower bound is reported beside it so
that read granularity is visible. Also reported: how many followers saw the post on their first
read that started after the POST returned (all of them means fan-out is complete on return).

Used by bench/run; also runs alone against a server started by hand:
  bench/celebrity.py --port 8080 --data-dir DIR [--author ID] [--per-trial 20] [--trials 10]
"""

import argparse
import json
import os
import random
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402


def sample_followers(db_path, author_id, count, seed=11):
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        rows = con.execute("SELECT account_id FROM follows WHERE target_account_id = ?",
                           (int(author_id),)).fetchall()
    finally:
        con.close()
    ids = [str(r[0]) for r in rows]
    random.Random(seed).shuffle(ids)
    return ids[:count], len(ids)


def top_accounts(db_path, below=None):
    """(id, followers_count) of the most followed account, optionally below a threshold."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        if below is None:
            row = con.execute(
                "SELECT id, followers_count FROM accounts ORDER BY followers_count DESC LIMIT 1"
            ).fetchone()
        else:
            row = con.execute(
                "SELECT id, followers_count FROM accounts WHERE followers_count < ? "
                "ORDER BY followers_count DESC LIMIT 1", (below,)).fetchone()
    finally:
        con.close()
    return (str(row[0]), row[1]) if row else (None, 0)


def run(port, db_path, tokens_by_id, author_id, per_trial=20, trials=10, timeout=10.0, seed=11):
    """Posts `trials` times from `author_id`; each time `per_trial` sampled followers are polled,
    one thread each, in a tight loop from before the post until they see it."""
    followers, total_followers = sample_followers(db_path, author_id, per_trial * trials, seed)
    followers = [f for f in followers if f in tokens_by_id]
    if not followers:
        raise RuntimeError(f"account {author_id} has no followers with tokens")
    author_token = tokens_by_id[author_id]
    poller = benchlib.Poller(port)
    path = "/api/v1/timelines/home?limit=10"
    # Warm the sampled followers' home timelines (active users have theirs in memory).
    for f in followers:
        poller.get(path, tokens_by_id[f])

    delays_hi, delays_lo, post_ms, poll_ms = [], [], [], []
    first_read_hits = 0  # followers whose first read started after the POST returned saw it
    first_reads = 0
    missing = 0
    groups = [followers[i::trials] for i in range(trials)]
    for trial, group in enumerate(g for g in groups if g):
        state = {"target": None, "t_send": None, "t_ack": None}
        results = {}
        lock = threading.Lock()
        ready = threading.Barrier(len(group) + 1)

        def watch(f):
            token = tokens_by_id[f]
            last_miss = None
            first_after_ack = None
            ready.wait()
            deadline = time.monotonic() + timeout + 1
            while time.monotonic() < deadline:
                start = time.monotonic()
                try:
                    status, _, body = poller.get(path, token)
                except OSError:
                    continue
                end = time.monotonic()
                with lock:
                    poll_ms.append((end - start) * 1000)
                    target, t_send, t_ack = state["target"], state["t_send"], state["t_ack"]
                hit = target is not None and status == 200 and (
                    b'"id":"' + target.encode() + b'"') in body
                if t_ack is not None and start >= t_ack and first_after_ack is None:
                    first_after_ack = hit
                if hit:
                    lo = max(last_miss, t_send) if last_miss is not None else t_send
                    results[f] = (lo - t_send, end - t_send, first_after_ack)
                    return
                if t_send is None or start >= t_send:
                    last_miss = start if t_send is not None else None

        threads = [threading.Thread(target=watch, args=(f,), daemon=True) for f in group]
        for t in threads:
            t.start()
        ready.wait()
        time.sleep(0.1)  # every watcher is polling before the post
        text = f"Breaking: celebrity benchmark post {trial} #Magpie #今天吃什么#"
        t_send = time.monotonic()
        with lock:
            state["t_send"] = t_send
        status, _, body = benchlib.request(port, "POST", "/api/v1/statuses", token=author_token,
                                           body={"status": text, "visibility": "public"})
        t_ack = time.monotonic()
        if status != 200:
            raise RuntimeError(f"celebrity post failed: HTTP {status} {body[:200]!r}")
        with lock:
            state["target"] = json.loads(body)["id"]
            state["t_ack"] = t_ack
        post_ms.append((t_ack - t_send) * 1000)
        for t in threads:
            t.join(timeout + 5)
        missing += len(group) - len(results)
        for lo, hi, first in results.values():
            delays_lo.append(lo * 1000)
            delays_hi.append(hi * 1000)
            if first is not None:
                first_reads += 1
                first_read_hits += 1 if first else 0
        time.sleep(0.3)

    return {
        "author_id": author_id,
        "followers": total_followers,
        "sampled": len(followers),
        "trials": trials,
        "per_trial": per_trial,
        "observations": len(delays_hi),
        "missing": missing,
        "post_p50_ms": benchlib.percentile(post_ms, 50),
        "post_max_ms": max(post_ms),
        "delay_p50_ms": benchlib.percentile(delays_hi, 50),
        "delay_p99_ms": benchlib.percentile(delays_hi, 99),
        "delay_max_ms": max(delays_hi) if delays_hi else None,
        "delay_lower_p50_ms": benchlib.percentile(delays_lo, 50),
        "delay_lower_max_ms": max(delays_lo) if delays_lo else None,
        "first_read_after_ack_hits": first_read_hits,
        "first_reads_after_ack": first_reads,
        "poll_p50_ms": benchlib.percentile(poll_ms, 50),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--data-dir", required=True, help="the generated data directory")
    ap.add_argument("--tokens", help="tokens file (default DATA_DIR/tokens.tsv)")
    ap.add_argument("--author", help="account id that posts (default: the most followed)")
    ap.add_argument("--per-trial", type=int, default=20, help="followers watched per post")
    ap.add_argument("--trials", type=int, default=10, help="posts")
    args = ap.parse_args()
    db = os.path.join(args.data_dir, "magpie.db")
    tokens = dict(benchlib.read_tokens(args.tokens or os.path.join(args.data_dir, "tokens.tsv")))
    author = args.author or top_accounts(db)[0]
    print(json.dumps(run(args.port, db, tokens, author, args.per_trial, args.trials), indent=2))


if __name__ == "__main__":
    main()
