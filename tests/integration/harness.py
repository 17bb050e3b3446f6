"""Starts a real `magpie serve` for a test and talks HTTP to it.

MagpieServer picks its own port (it listens on port 0 and reads the bound address from the
server's log), uses a temporary data directory, and stops the process by PID. Only the Python
standard library is used, so the tests need nothing installed.
"""
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

# Lines that start a sanitizer report in the server's stderr. A server built with
# -DMAGPIE_SANITIZE=ON (make test runs the suites against one) prints them instead of crashing
# quietly; stop() turns them into a test failure.
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: ThreadSanitizer")

MAGPIE_BIN = os.environ.get(
    "MAGPIE_BIN",
    os.path.join(os.path.dirname(__file__), "..", "..", "build", "src", "app", "magpie"))


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else None

    def header(self, name):
        return self.headers.get(name)

    def __repr__(self):
        return f"<Response {self.status} {self.body[:300]!r}>"


class MagpieServer:
    """A magpie process. Use as a context manager, or call start()/stop()."""

    def __init__(self, extra_args=None, env=None, data_dir=None, fast_hashing=True):
        self.extra_args = list(extra_args or [])
        self.env = dict(env or {})
        self.own_data_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="magpie-test-")
        self.fast_hashing = fast_hashing
        self.proc = None
        self.base_url = None
        self.log_lines = []
        self._listening = threading.Event()
        self._reader = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            if self.own_data_dir:
                shutil.rmtree(self.data_dir, ignore_errors=True)

    def start(self, timeout=30):
        args = [MAGPIE_BIN, "serve", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir,
                "--set", "log.format=json"]
        if self.fast_hashing:
            args += ["--set", "security.fast_password_hashing=true"]
        args += self.extra_args
        env = dict(os.environ)
        env.update(self.env)
        self._listening.clear()
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     env=env)
        self._reader = threading.Thread(target=self._read_log, daemon=True)
        self._reader.start()
        if not self._listening.wait(timeout):
            self.stop()
            raise RuntimeError("magpie did not start:\n" + "\n".join(self.log_lines[-30:]))
        return self

    def _read_log(self):
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            self.log_lines.append(line)
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == "listening" and "url" in entry:
                self.base_url = entry["url"]
                self._listening.set()

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code = self.proc.returncode
        if self._reader is not None:
            self._reader.join(10)  # the last lines: a leak report comes at exit
        if self.proc.stderr:
            self.proc.stderr.close()
        self.proc = None
        self.check_sanitizer_reports()
        return code

    def check_sanitizer_reports(self):
        """Raises AssertionError with the report when the server's log holds one."""
        for i, line in enumerate(self.log_lines):
            if line.startswith("{"):
                continue  # magpie's own JSON log; reports are plain text
            if any(marker in line for marker in SANITIZER_MARKERS):
                report = "\n".join(self.log_lines[i:i + 60])
                raise AssertionError("sanitizer report from magpie:\n" + report)

    def kill9(self):
        return self.stop(signal.SIGKILL)

    # --- HTTP ---------------------------------------------------------------------------------

    def request(self, method, path, json_body=None, form=None, token=None, headers=None,
                raw_body=None, content_type=None, timeout=30):
        url = path if path.startswith("http") else self.base_url + path
        hdrs = dict(headers or {})
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode("utf-8")
            hdrs.setdefault("Content-Type", "application/json")
        elif form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode("utf-8")
            hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif raw_body is not None:
            data = raw_body
            if content_type:
                hdrs["Content-Type"] = content_type
        if token:
            hdrs["Authorization"] = "Bearer " + token
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers, e.read())

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    # --- accounts -----------------------------------------------------------------------------

    def register_app(self, scopes="read write follow push"):
        r = self.post("/api/v1/apps", json_body={
            "client_name": "magpie-tests", "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
            "scopes": scopes})
        assert r.status == 200, r
        return r.json

    def app_token(self, app, scopes="read write follow push"):
        r = self.post("/oauth/token", json_body={
            "grant_type": "client_credentials", "client_id": app["client_id"],
            "client_secret": app["client_secret"], "scope": scopes})
        assert r.status == 200, r
        return r.json["access_token"]

    def sign_up(self, username, password="correct horse battery", app=None):
        app = app or self.register_app()
        token = self.app_token(app)
        r = self.post("/api/v1/accounts", token=token, json_body={
            "username": username, "email": f"{username}@example.com", "password": password,
            "agreement": True, "locale": "en"})
        assert r.status == 200, r
        user_token = r.json["access_token"]
        me = self.get("/api/v1/accounts/verify_credentials", token=user_token)
        assert me.status == 200, me
        return User(self, username, user_token, me.json["id"])


class User:
    def __init__(self, server, username, token, account_id):
        self.server = server
        self.username = username
        self.token = token
        self.id = account_id

    def get(self, path, **kw):
        return self.server.get(path, token=self.token, **kw)

    def post(self, path, **kw):
        return self.server.post(path, token=self.token, **kw)

    def request(self, method, path, **kw):
        return self.server.request(method, path, token=self.token, **kw)

    def status(self, text, **fields):
        body = {"status": text}
        body.update(fields)
        r = self.post("/api/v1/statuses", json_body=body)
        assert r.status == 200, r
        return r.json

    def follow(self, other):
        r = self.post(f"/api/v1/accounts/{other.id}/follow")
        assert r.status == 200, r
        return r.json


def wait_until(predicate, timeout=5.0, interval=0.02):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
