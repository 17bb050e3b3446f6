"""Runs the data-driven API cases in tests/api_cases/*.json (STYLE.md §9): one driver, and a new
case is a new file.

Each file is an object {"description": "...", "server_args": [...], "steps": [...]} (or just the
list of steps) and gets its own magpie process with an empty data directory, so cases never see
each other's data. A step is one request and what its response must be:

  {
    "as": "alice",                 # sign in as this user (signed up on first use); null: no token
    "token": "{tok.access_token}", # or send this bearer token instead
    "method": "POST",              # default GET
    "path": "/api/v1/statuses/{post.id}",
    "query": {"q": "话题"},        # appended to the path, percent-encoded
    "json": {...} | "form": {...} | "raw": "text" | "raw_latin1": "\u00ff bytes",
    "content_type": "application/json",   # for raw bodies
    "headers": {"Idempotency-Key": "k1"},
    "expect": {
      "status": 422,               # or a list of allowed statuses; default 200
      "json": ...,                 # the whole body, exactly
      "json_subset": {...},        # objects: these keys with matching values; lists: same length,
                                   # element by element
      "has_keys": ["id", "account.acct"],    # dotted paths that must exist
      "lacks_keys": ["password"],            # dotted paths that must not
      "types": {"id": "string", "account.bot": "bool"},  # string number bool null object array
      "length": 3,                 # the body is a list of this length
      "header": {"Cache-Control": "no-store", "Link": null},  # exact value; null: absent
      "header_contains": {"Link": "max_id="},
      "body_contains": ["dir=\"rtl\""],   # substrings of the raw body (HTML pages)
      "error_body": false           # a 4xx that is not a Mastodon error body (HTML pages)
    },
    "capture": "post"              # remember the JSON body as {post...}
  }

Placeholders {name.path} in paths, queries, bodies, headers and expectations refer to captures
and to users: {alice.id}, {alice.username}, {alice.acct}, {alice.token}. A string that is exactly
one placeholder takes the captured value's type. List items are addressed by index: {notes.0.id}.

Every response is also checked for what holds everywhere: no 5xx (except an expected one), a
JSON body that is valid UTF-8, and a Mastodon error body {"error": "..."} on every 4xx.

Run one case:  MAGPIE_API_CASE=oauth_revoked_token python3 -m unittest -v test_api_cases
"""
import http.client
import json
import os
import re
import unittest
import urllib.parse

from harness import MagpieServer, Response

CASES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api_cases")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}")
TYPES = {"string": str, "number": (int, float), "bool": bool, "null": type(None), "object": dict,
         "array": list}
MISSING = object()


class CaseError(AssertionError):
    pass


def lookup(value, path):
    """Follows a dotted path through objects and lists; MISSING when it leads nowhere."""
    for part in path.split(".") if path else []:
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return MISSING
    return value


def type_name(value):
    for name, t in TYPES.items():
        if isinstance(value, t) and not (name == "number" and isinstance(value, bool)):
            return name
    return type(value).__name__


class CaseRun:
    """One case file against one server."""

    def __init__(self, server, name):
        self.server = server
        self.name = name
        self.users = {}
        self.captures = {}

    # --- placeholders ---------------------------------------------------------------------

    def user(self, name):
        if name not in self.users:
            self.users[name] = self.server.sign_up(name)
        return self.users[name]

    def resolve(self, ref):
        root, _, rest = ref.partition(".")
        if root in self.captures:
            value = lookup(self.captures[root], rest)
        elif rest in ("id", "username", "acct", "token"):
            u = self.user(root)
            value = {"id": u.id, "username": u.username, "acct": u.username,
                     "token": u.token}[rest]
        else:
            raise CaseError(f"unknown placeholder {{{ref}}} (no capture named {root!r})")
        if value is MISSING:
            raise CaseError(f"placeholder {{{ref}}}: no such path in capture {root!r}")
        return value

    def fill(self, value):
        if isinstance(value, str):
            whole = PLACEHOLDER.fullmatch(value)
            if whole:
                return self.resolve(whole.group(1))
            return PLACEHOLDER.sub(lambda m: str(self.resolve(m.group(1))), value)
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        if isinstance(value, dict):
            return {self.fill(k): self.fill(v) for k, v in value.items()}
        return value

    def send(self, method, path, headers, body):
        """One request as written: redirects are not followed, header values go out as UTF-8."""
        host, port = urllib.parse.urlsplit(self.server.base_url).netloc.rsplit(":", 1)
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for name, value in headers.items():
                conn.putheader(name, value.encode("utf-8"))
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            r = conn.getresponse()
            return Response(r.status, r.headers, r.read())
        finally:
            conn.close()

    # --- one step -------------------------------------------------------------------------

    def run_step(self, index, step):
        where = f"{self.name} step {index + 1}"
        method = step.get("method", "GET")
        path = self.fill(step["path"])
        # Non-ASCII in a path is sent percent-encoded, as a client would; escapes stay as written.
        path = urllib.parse.quote(path, safe="/?&=%:@!$'()*+,;[]~-._")
        if "query" in step:
            query = urllib.parse.urlencode(self.fill(step["query"]), doseq=True)
            path += ("&" if "?" in path else "?") + query
        headers = {k: str(v) for k, v in self.fill(step.get("headers", {})).items()}
        body = None
        if "json" in step:
            body = json.dumps(self.fill(step["json"]), ensure_ascii=False).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        elif "form" in step:
            body = urllib.parse.urlencode(self.fill(step["form"]), doseq=True).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        elif "raw" in step:
            body = self.fill(step["raw"]).encode("utf-8")
        elif "raw_latin1" in step:
            body = step["raw_latin1"].encode("latin-1")
        if step.get("content_type"):
            headers["Content-Type"] = step["content_type"]
        if step.get("token") is not None:
            headers["Authorization"] = "Bearer " + str(self.fill(step["token"]))
        elif step.get("as"):
            headers["Authorization"] = "Bearer " + self.user(step["as"]).token
        response = self.send(method, path, headers, body)
        body = self.check_response(where, method, path, step, response)
        if "capture" in step:
            self.captures[step["capture"]] = body
        return response

    def check_response(self, where, method, path, step, r):
        expect = self.fill(step.get("expect", {}))
        shown = path if len(path) <= 300 else path[:300] + "..."
        context = f"{where}: {method} {shown}\n  -> {r.status} {r.body[:600]!r}"

        def fail(msg):
            raise CaseError(f"{msg}\n{context}")

        allowed = expect.get("status", 200)
        allowed = allowed if isinstance(allowed, list) else [allowed]
        if r.status not in allowed:
            fail(f"status {r.status}, expected {' or '.join(map(str, allowed))}")
        if r.status >= 500 and 500 not in allowed:
            fail("server error")

        body = None
        content_type = r.header("Content-Type") or ""
        if "json" in content_type:
            try:
                text = r.body.decode("utf-8")
            except UnicodeDecodeError as e:
                fail(f"body is not valid UTF-8: {e}")
            try:
                body = json.loads(text) if text else None
            except ValueError as e:
                fail(f"body is not JSON: {e}")
        if r.status >= 400 and expect.get("error_body", True):
            if not (isinstance(body, dict) and isinstance(body.get("error"), str)
                    and body["error"]):
                fail('an error response must be JSON {"error": "..."}')

        if "json" in expect and body != expect["json"]:
            fail(f"body differs from {json.dumps(expect['json'], ensure_ascii=False)}")
        if "json_subset" in expect:
            problem = subset_problem(expect["json_subset"], body, "")
            if problem:
                fail(f"json_subset: {problem}")
        for key in expect.get("has_keys", []):
            if lookup(body, key) is MISSING:
                fail(f"missing key {key!r}")
        for key in expect.get("lacks_keys", []):
            if lookup(body, key) is not MISSING:
                fail(f"key {key!r} must not be present")
        for key, want in expect.get("types", {}).items():
            got = lookup(body, key)
            if got is MISSING:
                fail(f"missing key {key!r} (want a {want})")
            wanted = want if isinstance(want, list) else [want]
            if type_name(got) not in wanted:
                fail(f"{key!r} is a {type_name(got)}, expected {' or '.join(wanted)}")
        if "length" in expect:
            if not isinstance(body, list) or len(body) != expect["length"]:
                got = len(body) if isinstance(body, list) else type_name(body)
                fail(f"expected a list of {expect['length']}, got {got}")
        for name, want in expect.get("header", {}).items():
            got = r.header(name)
            if got != want:
                fail(f"header {name}: {got!r}, expected {want!r}")
        for name, want in expect.get("header_contains", {}).items():
            got = r.header(name)
            if got is None or want not in got:
                fail(f"header {name}: {got!r} does not contain {want!r}")
        if "body_contains" in expect:
            text = r.body.decode("utf-8", errors="replace")
            for want in expect["body_contains"]:
                if want not in text:
                    fail(f"body does not contain {want!r}")
        return body


def subset_problem(want, got, path):
    """Why `got` does not contain `want`, or None."""
    here = path or "(body)"
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return f"{here}: expected an object, got {type_name(got)}"
        for k, v in want.items():
            if k not in got:
                return f"{here}: missing key {k!r}"
            problem = subset_problem(v, got[k], f"{path}.{k}" if path else k)
            if problem:
                return problem
        return None
    if isinstance(want, list):
        if not isinstance(got, list):
            return f"{here}: expected a list, got {type_name(got)}"
        if len(want) != len(got):
            return f"{here}: expected {len(want)} items, got {len(got)}"
        for i, (w, g) in enumerate(zip(want, got)):
            problem = subset_problem(w, g, f"{path}.{i}" if path else str(i))
            if problem:
                return problem
        return None
    if want != got or type(want) is not type(got) and not (
            isinstance(want, (int, float)) and isinstance(got, (int, float))
            and not isinstance(want, bool) and not isinstance(got, bool)):
        return f"{here}: {json.dumps(got, ensure_ascii=False)} != " \
               f"{json.dumps(want, ensure_ascii=False)}"
    return None


def load_case(file_name):
    with open(os.path.join(CASES_DIR, file_name), encoding="utf-8") as f:
        data = json.load(f)
    return data if isinstance(data, dict) else {"steps": data}


def make_test(file_name):
    def test(self):
        case = load_case(file_name)
        self.assertTrue(case.get("steps"), f"{file_name}: no steps")
        with MagpieServer(extra_args=case.get("server_args", [])) as server:
            run = CaseRun(server, file_name)
            for i, step in enumerate(case["steps"]):
                run.run_step(i, step)
    test.__doc__ = load_case(file_name).get("description")
    return test


class ApiCasesTest(unittest.TestCase):
    pass


def _register():
    only = os.environ.get("MAGPIE_API_CASE")
    names = sorted(f for f in os.listdir(CASES_DIR) if f.endswith(".json"))
    for file_name in names:
        stem = file_name[:-len(".json")]
        if only and stem != only:
            continue
        setattr(ApiCasesTest, "test_" + re.sub(r"\W", "_", stem), make_test(file_name))


_register()

if __name__ == "__main__":
    unittest.main()
