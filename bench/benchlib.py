"""Shared pieces of Magpie's benchmark scripts (Python 3 standard library only).

Owns: starting and stopping the server under test (a child process on 127.0.0.1, stopped by its
PID), running wrk with bench/magpie.lua and parsing its BENCH_JSON line, small HTTP helpers and
percentiles. Load only ever goes to 127.0.0.1 and every run is bounded in time.
"""

import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
LUA_SCRIPT = os.path.join(BENCH_DIR, "magpie.lua")
HOST = "127.0.0.1"


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def percentile(values, p):
    """The p-th percentile (0..100) by nearest rank; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(round(p / 100.0 * len(ordered) + 0.5))))
    return ordered[rank - 1]


def read_tokens(path):
    """[(account_id, token)] in file order."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                account_id, token = line.split("\t", 1)
                out.append((account_id, token))
    return out


def write_active_tokens(tokens, count, path, seed=7):
    """Writes a random sample of `count` token lines (the "active" accounts) to `path`."""
    rng = random.Random(seed)
    sample = tokens if count >= len(tokens) else rng.sample(tokens, count)
    with open(path, "w", encoding="utf-8") as f:
        for account_id, token in sample:
            f.write(f"{account_id}\t{token}\n")
    return sample


class Server:
    """`magpie serve` on a free port of 127.0.0.1 over an existing data directory."""

    def __init__(self, magpie, data_dir, settings, log_path):
        self.magpie = magpie
        self.data_dir = data_dir
        self.settings = settings
        self.log_path = log_path
        self.port = free_port()
        self.proc = None
        self.cold_start_s = None

    @property
    def base(self):
        return f"http://{HOST}:{self.port}"

    def start(self, timeout=120):
        cmd = [self.magpie, "serve", "--listen", f"{HOST}:{self.port}", "--data-dir", self.data_dir]
        for s in self.settings:
            cmd += ["--set", s]
        self.log_file = open(self.log_path, "wb")
        started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=self.log_file, stderr=subprocess.STDOUT)
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"magpie serve exited with {self.proc.returncode}; see {self.log_path}")
            try:
                status, _, _ = request(self.port, "GET", "/health", timeout=1)
                if status == 200:
                    self.cold_start_s = time.monotonic() - started
                    return
            except OSError:
                pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"magpie serve did not answer /health within {timeout} s")

    def cpu_seconds(self):
        """User + system CPU time the server has used so far, in seconds."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None

    def memory_kb(self):
        """(VmRSS, VmHWM) of the server process in KiB."""
        rss = hwm = 0
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm = int(line.split()[1])
        except OSError:
            pass
        return rss, hwm

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()  # our own child, by its PID
            self.proc.wait()
        self.log_file.close()


def request(port, method, path, token=None, body=None, timeout=10, conn=None):
    """One HTTP request; returns (status, headers dict, body bytes). Reuses `conn` if given."""
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        payload = resp.read()
        return resp.status, dict(resp.getheaders()), payload
    finally:
        if own:
            conn.close()


def metrics(port):
    """The server's Prometheus counters as {name_with_labels: value}."""
    _, _, body = request(port, "GET", "/metrics")
    out = {}
    for line in body.decode().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            try:
                out[name] = float(value)
            except ValueError:
                pass
    return out


def have_wrk():
    return shutil.which("wrk") is not None


def run_wrk(port, workload, tokens_path, duration, threads, connections, delay_ms=None,
            debug=False, timeout_s=10):
    """Runs wrk with magpie.lua; returns the parsed BENCH_JSON dict (plus 'stderr').

    For the "warm" workload `duration` is an upper bound: once every wrk thread has gone through
    its tokens, wrk is interrupted (SIGINT makes it stop and report at once).
    """
    env = dict(os.environ)
    env.update({
        "BENCH_WORKLOAD": workload,
        "BENCH_TOKENS": tokens_path,
        "BENCH_THREADS": str(threads),
    })
    env.pop("BENCH_DELAY_MS", None)
    env.pop("BENCH_DEBUG", None)
    if delay_ms is not None:
        env["BENCH_DELAY_MS"] = str(delay_ms)
    if debug:
        env["BENCH_DEBUG"] = "1"
    done_file = None
    if workload == "warm":
        fd, done_file = tempfile.mkstemp(prefix="magpie-bench-warm-")
        os.close(fd)
        env["BENCH_DONE_FILE"] = done_file
    cmd = ["wrk", "-t", str(threads), "-c", str(max(connections, threads)), "-d", f"{duration}s",
           "--timeout", f"{timeout_s}s", "-s", LUA_SCRIPT, f"http://{HOST}:{port}"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        if done_file:
            deadline = time.monotonic() + duration + 5
            while proc.poll() is None and time.monotonic() < deadline:
                with open(done_file) as f:
                    if len(f.read().split()) >= threads:
                        proc.send_signal(signal.SIGINT)  # our wrk, by its PID
                        break
                time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=duration + 120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if done_file:
            os.unlink(done_file)
    result = None
    for line in stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line[len("BENCH_JSON "):])
    if result is None:
        raise RuntimeError(f"wrk {workload} failed (exit {proc.returncode}):\n{stdout}\n{stderr}")
    result["stderr"] = stderr.strip()
    result["errors_total"] = sum(result["errors"].values())
    return result


class Poller:
    """Keeps one keep-alive connection per thread for polling loops."""

    def __init__(self, port):
        self.port = port
        self.local = threading.local()

    def get(self, path, token):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
            self.local.conn = conn
        try:
            return request(self.port, "GET", path, token=token, conn=conn)
        except (OSError, http.client.HTTPException):
            self.local.conn = None
            conn.close()
            raise
