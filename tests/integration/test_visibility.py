"""A followers-only or direct post never reaches someone who may not see it, by any endpoint."""
import unittest

from harness import MagpieServer


class VisibilityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MagpieServer().start()
        s = cls.server
        cls.author = s.sign_up("vis_author")
        cls.follower = s.sign_up("vis_follower")
        cls.stranger = s.sign_up("vis_stranger")
        cls.mentioned = s.sign_up("vis_mentioned")
        cls.follower.follow(cls.author)
        cls.private = cls.author.status("followers only #secret", visibility="private")
        cls.direct = cls.author.status("@vis_mentioned just you #secret", visibility="direct")
        cls.public = cls.author.status("hello everyone #secret")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def ids(self, response):
        self.assertEqual(response.status, 200, response)
        return {s["id"] for s in response.json}

    def test_single_status(self):
        pid, did = self.private["id"], self.direct["id"]
        self.assertEqual(self.follower.get(f"/api/v1/statuses/{pid}").status, 200)
        self.assertEqual(self.stranger.get(f"/api/v1/statuses/{pid}").status, 404)
        self.assertEqual(self.server.get(f"/api/v1/statuses/{pid}").status, 404)
        self.assertEqual(self.mentioned.get(f"/api/v1/statuses/{did}").status, 200)
        self.assertEqual(self.follower.get(f"/api/v1/statuses/{did}").status, 404)
        batch = self.stranger.get(f"/api/v1/statuses?id[]={pid}&id[]={did}&id[]={self.public['id']}")
        self.assertEqual(self.ids(batch), {self.public["id"]})

    def test_timelines(self):
        secret = {self.private["id"], self.direct["id"]}
        for viewer in (self.stranger, None):
            get = viewer.get if viewer else self.server.get
            self.assertFalse(secret & self.ids(get("/api/v1/timelines/public")))
            self.assertFalse(secret & self.ids(get("/api/v1/timelines/tag/secret")))
            self.assertFalse(secret & self.ids(get(f"/api/v1/accounts/{self.author.id}/statuses")))
        self.assertFalse(secret & self.ids(self.stranger.get("/api/v1/timelines/home")))
        follower_home = self.ids(self.follower.get("/api/v1/timelines/home"))
        self.assertIn(self.private["id"], follower_home)
        self.assertNotIn(self.direct["id"], follower_home)
        self.assertIn(self.private["id"],
                      self.ids(self.follower.get(f"/api/v1/accounts/{self.author.id}/statuses")))

    def test_interactions_and_context(self):
        pid = self.private["id"]
        for path in (f"/api/v1/statuses/{pid}/context", f"/api/v1/statuses/{pid}/favourited_by",
                     f"/api/v1/statuses/{pid}/reblogged_by", f"/api/v1/statuses/{pid}/history",
                     f"/api/v1/statuses/{pid}/source"):
            self.assertEqual(self.stranger.get(path).status, 404, path)
        for action in ("favourite", "reblog", "bookmark"):
            r = self.stranger.post(f"/api/v1/statuses/{pid}/{action}")
            self.assertEqual(r.status, 404, action)
        r = self.stranger.post("/api/v1/statuses", json_body={"status": "sneaky",
                                                               "in_reply_to_id": pid})
        self.assertEqual(r.status, 404)
        r = self.stranger.post("/api/v1/statuses", json_body={"status": "quote",
                                                               "quoted_status_id": pid})
        self.assertIn(r.status, (403, 404, 422))
        # Even the follower may not reblog a followers-only post.
        self.assertIn(self.follower.post(f"/api/v1/statuses/{pid}/reblog").status, (403, 422))

    def test_blocks_hide_everything(self):
        s = self.server
        blocker = s.sign_up("vis_blocker")
        blocked = s.sign_up("vis_blocked")
        blocked.follow(blocker)
        post = blocker.status("public but you are blocked")
        self.assertEqual(blocker.post(f"/api/v1/accounts/{blocked.id}/block").status, 200)
        self.assertEqual(blocked.get(f"/api/v1/statuses/{post['id']}").status, 404)
        self.assertNotIn(post["id"], self.ids(blocked.get("/api/v1/timelines/home")))
        self.assertNotIn(post["id"], self.ids(blocked.get("/api/v1/timelines/public")))
        rel = blocked.get(f"/api/v1/accounts/relationships?id[]={blocker.id}").json[0]
        self.assertFalse(rel["following"])
        self.assertTrue(rel["blocked_by"])
        r = blocked.post(f"/api/v1/statuses/{post['id']}/favourite")
        self.assertEqual(r.status, 404)

    def test_direct_conversation(self):
        convs = self.mentioned.get("/api/v1/conversations")
        self.assertEqual(convs.status, 200)
        self.assertTrue(any(c["last_status"]["id"] == self.direct["id"] for c in convs.json))
        self.assertFalse(any(c["last_status"] and c["last_status"]["id"] == self.direct["id"]
                             for c in self.stranger.get("/api/v1/conversations").json))


if __name__ == "__main__":
    unittest.main()
