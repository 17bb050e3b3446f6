"""The everyday path through the API: sign up, post, follow, read timelines, interact."""
import unittest
import urllib.parse

from harness import MagpieServer, wait_until


class CoreFlowTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MagpieServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_health_and_instance(self):
        self.assertEqual(self.server.get("/health").status, 200)
        v1 = self.server.get("/api/v1/instance")
        self.assertEqual(v1.status, 200)
        self.assertEqual(v1.json["configuration"]["statuses"]["max_characters"], 2000)
        self.assertIn("streaming_api", v1.json["urls"])
        v2 = self.server.get("/api/v2/instance")
        self.assertEqual(v2.status, 200)
        self.assertIn("registrations", v2.json)
        nodeinfo = self.server.get("/.well-known/nodeinfo")
        self.assertEqual(nodeinfo.status, 200)
        self.assertEqual(self.server.get("/nodeinfo/2.0").json["software"]["name"], "magpie")

    def test_post_follow_home_timeline_and_notifications(self):
        alice = self.server.sign_up("alice_flow")
        bob = self.server.sign_up("bob_flow")
        bob.follow(alice)
        post = alice.status("你好，世界！ Hello #magpie")
        self.assertEqual(post["content"][:3], "<p>")
        self.assertEqual(post["tags"][0]["name"].lower(), "magpie")

        home = wait_until(lambda: [s for s in bob.get("/api/v1/timelines/home").json
                                   if s["id"] == post["id"]])
        self.assertTrue(home, "a followed account's post reaches the follower's home")

        fav = bob.post(f"/api/v1/statuses/{post['id']}/favourite")
        self.assertEqual(fav.status, 200)
        self.assertTrue(fav.json["favourited"])
        self.assertEqual(fav.json["favourites_count"], 1)
        reblog = bob.post(f"/api/v1/statuses/{post['id']}/reblog")
        self.assertEqual(reblog.status, 200)
        self.assertEqual(reblog.json["reblog"]["id"], post["id"])

        notes = alice.get("/api/v1/notifications").json
        types = sorted(n["type"] for n in notes)
        self.assertEqual(types, ["favourite", "follow", "reblog"])
        only_follows = alice.get("/api/v1/notifications?types[]=follow").json
        self.assertEqual([n["type"] for n in only_follows], ["follow"])

    def test_reply_context_and_mentions(self):
        carol = self.server.sign_up("carol_ctx")
        dave = self.server.sign_up("dave_ctx")
        root = carol.status("root post")
        reply = dave.status("@carol_ctx nice post", in_reply_to_id=root["id"])
        self.assertEqual(reply["in_reply_to_id"], root["id"])
        self.assertEqual(reply["mentions"][0]["username"], "carol_ctx")
        self.assertIn('class="u-url mention"', reply["content"])
        ctx = carol.get(f"/api/v1/statuses/{root['id']}/context").json
        self.assertEqual([s["id"] for s in ctx["descendants"]], [reply["id"]])
        ctx2 = carol.get(f"/api/v1/statuses/{reply['id']}/context").json
        self.assertEqual([s["id"] for s in ctx2["ancestors"]], [root["id"]])
        mentions = carol.get("/api/v1/notifications?types[]=mention").json
        self.assertEqual(mentions[0]["status"]["id"], reply["id"])

    def test_weibo_topic_and_quote_repost(self):
        erin = self.server.sign_up("erin_topic")
        frank = self.server.sign_up("frank_topic")
        post = erin.status("今天 #春节 快乐# 大家好")
        self.assertIn('class="mention hashtag"', post["content"])
        tagged = self.server.get("/api/v1/timelines/tag/" + urllib.parse.quote("春节 快乐")).json
        self.assertIn(post["id"], [s["id"] for s in tagged])
        quote = frank.status("转发：说得好", quoted_status_id=post["id"])
        self.assertEqual(quote["quote"]["quoted_status"]["id"], post["id"])
        quotes = frank.get(f"/api/v1/statuses/{post['id']}/quotes").json
        self.assertEqual([s["id"] for s in quotes], [quote["id"]])

    def test_pagination_link_headers(self):
        gail = self.server.sign_up("gail_pages")
        ids = [gail.status(f"post {i}")["id"] for i in range(5)]
        first = gail.get(f"/api/v1/accounts/{gail.id}/statuses?limit=2")
        self.assertEqual([s["id"] for s in first.json], ids[::-1][:2])
        link = first.header("Link")
        self.assertIn('rel="next"', link)
        self.assertIn(f"max_id={ids[3]}", link)
        second = gail.get(f"/api/v1/accounts/{gail.id}/statuses?limit=2&max_id={ids[3]}").json
        self.assertEqual([s["id"] for s in second], [ids[2], ids[1]])
        newer = gail.get(f"/api/v1/accounts/{gail.id}/statuses?limit=2&min_id={ids[0]}").json
        self.assertEqual([s["id"] for s in newer], [ids[2], ids[1]])
        clamped = gail.get(f"/api/v1/accounts/{gail.id}/statuses?limit=1000")
        self.assertEqual(clamped.status, 200)

    def test_edit_history_and_delete(self):
        hank = self.server.sign_up("hank_edit")
        post = hank.status("first version")
        edited = hank.request("PUT", f"/api/v1/statuses/{post['id']}",
                              json_body={"status": "second version"})
        self.assertEqual(edited.status, 200)
        self.assertIsNotNone(edited.json["edited_at"])
        history = hank.get(f"/api/v1/statuses/{post['id']}/history").json
        self.assertGreaterEqual(len(history), 2)
        source = hank.get(f"/api/v1/statuses/{post['id']}/source").json
        self.assertEqual(source["text"], "second version")
        deleted = hank.request("DELETE", f"/api/v1/statuses/{post['id']}")
        self.assertEqual(deleted.status, 200)
        self.assertEqual(deleted.json["text"], "second version")
        self.assertEqual(hank.get(f"/api/v1/statuses/{post['id']}").status, 404)

    def test_idempotency_key(self):
        ivy = self.server.sign_up("ivy_idem")
        headers = {"Idempotency-Key": "abc-123"}
        a = ivy.post("/api/v1/statuses", json_body={"status": "once"}, headers=headers)
        b = ivy.post("/api/v1/statuses", json_body={"status": "once"}, headers=headers)
        self.assertEqual(a.json["id"], b.json["id"])

    def test_form_and_multipart_bodies(self):
        jack = self.server.sign_up("jack_forms")
        form = jack.post("/api/v1/statuses", form={"status": "from a form", "visibility": "unlisted"})
        self.assertEqual(form.status, 200, form)
        self.assertEqual(form.json["visibility"], "unlisted")
        boundary = "----magpieboundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"display_name\"\r\n\r\n"
                f"Jack 杰克\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f"name=\"fields_attributes[0][name]\"\r\n\r\nsite\r\n--{boundary}\r\n"
                f"Content-Disposition: form-data; name=\"fields_attributes[0][value]\"\r\n\r\n"
                f"https://example.com\r\n--{boundary}--\r\n").encode("utf-8")
        r = jack.request("PATCH", "/api/v1/accounts/update_credentials", raw_body=body,
                         content_type=f"multipart/form-data; boundary={boundary}")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["display_name"], "Jack 杰克")
        self.assertEqual(r.json["fields"][0]["name"], "site")

    def test_cors_and_metrics(self):
        pre = self.server.request("OPTIONS", "/api/v1/timelines/public", headers={
            "Origin": "https://app.example", "Access-Control-Request-Method": "GET"})
        self.assertEqual(pre.status, 204)
        self.assertEqual(pre.header("Access-Control-Allow-Origin"), "*")
        metrics = self.server.get("/metrics")
        self.assertEqual(metrics.status, 200)
        self.assertIn(b"magpie_http_requests_total", metrics.body)
        # Backlog gauges: the writer's queue and requests waiting for a worker.
        self.assertIn(b"magpie_db_write_queue", metrics.body)
        self.assertIn(b"magpie_http_worker_queue", metrics.body)


if __name__ == "__main__":
    unittest.main()
