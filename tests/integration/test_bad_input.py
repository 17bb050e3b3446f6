"""Hostile and malformed input gets a clear 4xx with a Mastodon-style body, never a 500."""
import socket
import unittest

from harness import MagpieServer


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MagpieServer(extra_args=["--set", "server.max_body_bytes=65536"]).start()
        cls.user = cls.server.sign_up("mallory")
        cls.other = cls.server.sign_up("victim")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assertError(self, response, status):
        self.assertEqual(response.status, status, response)
        body = response.json
        self.assertIsInstance(body, dict, response)
        self.assertIsInstance(body.get("error"), str, response)
        self.assertTrue(body["error"])

    def test_malformed_json(self):
        r = self.user.request("POST", "/api/v1/statuses", raw_body=b'{"status": "oops',
                              content_type="application/json")
        self.assertError(r, 400)
        r = self.user.request("POST", "/api/v1/statuses", raw_body=b'["not", "an object"]',
                              content_type="application/json")
        self.assertError(r, 400)

    def test_invalid_utf8(self):
        r = self.user.request("POST", "/api/v1/statuses", raw_body=b'{"status": "\xff\xfe bad"}',
                              content_type="application/json")
        self.assertError(r, 400)
        r = self.user.request("POST", "/api/v1/statuses", raw_body=b"status=%FF%FE",
                              content_type="application/x-www-form-urlencoded")
        self.assertError(r, 400)

    def test_wrong_types_and_missing_fields(self):
        self.assertError(self.user.post("/api/v1/statuses", json_body={}), 422)
        self.assertError(self.user.post("/api/v1/statuses", json_body={"status": ""}), 422)
        self.assertError(self.user.post("/api/v1/statuses",
                                        json_body={"status": "x", "visibility": "galaxy"}), 422)
        self.assertError(self.user.post("/api/v1/statuses",
                                        json_body={"status": "x", "sensitive": "maybe"}), 422)
        self.assertError(self.user.post("/api/v1/statuses",
                                        json_body={"status": "x" * 2001}), 422)

    def test_oversized_body(self):
        r = self.user.request("POST", "/api/v1/statuses", raw_body=b"x" * 100_000,
                              content_type="application/json")
        self.assertError(r, 413)

    def test_unknown_and_malformed_ids(self):
        self.assertError(self.user.get("/api/v1/statuses/999999999999"), 404)
        self.assertError(self.user.get("/api/v1/statuses/not-a-number"), 404)
        self.assertError(self.user.get("/api/v1/accounts/-5"), 404)
        self.assertError(self.user.post("/api/v1/statuses/123/favourite"), 404)

    def test_auth_errors(self):
        self.assertError(self.server.get("/api/v1/timelines/home"), 401)
        self.assertError(self.server.get("/api/v1/timelines/home", token="nonsense"), 401)
        self.assertError(self.server.post("/api/v1/statuses", json_body={"status": "hi"}), 401)

    def test_scope_enforced(self):
        app = self.server.register_app(scopes="read")
        r = self.server.post("/oauth/token", json_body={
            "grant_type": "password", "client_id": app["client_id"],
            "client_secret": app["client_secret"], "username": "mallory@example.com",
            "password": "correct horse battery", "scope": "read"})
        self.assertEqual(r.status, 200, r)
        read_only = r.json["access_token"]
        self.assertEqual(self.server.get("/api/v1/timelines/home", token=read_only).status, 200)
        self.assertError(self.server.post("/api/v1/statuses", token=read_only,
                                          json_body={"status": "hi"}), 403)

    def test_cannot_touch_what_belongs_to_others(self):
        post = self.other.status("mine")
        self.assertIn(self.user.request("DELETE", f"/api/v1/statuses/{post['id']}").status,
                      (403, 404))
        self.assertIn(self.user.request("PUT", f"/api/v1/statuses/{post['id']}",
                                        json_body={"status": "hijacked"}).status, (403, 404))
        self.assertEqual(self.other.get(f"/api/v1/statuses/{post['id']}").json["content"],
                         "<p>mine</p>")
        lst = self.other.post("/api/v1/lists", json_body={"title": "private list"}).json
        self.assertError(self.user.get(f"/api/v1/lists/{lst['id']}"), 404)
        notes = self.other.get("/api/v1/notifications").json
        for n in notes:
            self.assertError(self.user.get(f"/api/v1/notifications/{n['id']}"), 404)

    def test_signup_validation_details(self):
        app = self.server.register_app()
        token = self.server.app_token(app)
        r = self.server.post("/api/v1/accounts", token=token, json_body={
            "username": "mallory", "email": "not-an-email", "password": "short",
            "agreement": True})
        self.assertError(r, 422)
        details = r.json["details"]
        self.assertEqual(details["username"][0]["error"], "ERR_TAKEN")
        self.assertIn("email", details)
        self.assertIn("password", details)

    def test_raw_garbage_on_the_socket(self):
        host, port = self.server.base_url.replace("http://", "").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as s:
            s.sendall(b"\x00\x01GARBAGE / HTTP/9.9\r\n\r\n")
            data = s.recv(4096)
        self.assertTrue(data.startswith(b"HTTP/1.1 400"), data)
        self.assertEqual(self.server.get("/health").status, 200, "server still serves")


class RateLimitTest(unittest.TestCase):
    def test_sign_up_rate_limited_with_headers(self):
        with MagpieServer(extra_args=["--set", "rate_limits.sign_up_per_ip=2"]) as server:
            app = server.register_app()
            token = server.app_token(app)
            statuses = []
            for i in range(3):
                r = server.post("/api/v1/accounts", token=token, json_body={
                    "username": f"rl{i}", "email": f"rl{i}@example.com",
                    "password": "correct horse battery", "agreement": True})
                statuses.append(r.status)
                last = r
            self.assertEqual(statuses, [200, 200, 429])
            self.assertEqual(last.header("X-RateLimit-Limit"), "2")
            self.assertEqual(last.header("X-RateLimit-Remaining"), "0")
            self.assertIn("error", last.json)


if __name__ == "__main__":
    unittest.main()
