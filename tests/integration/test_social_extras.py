"""Personal notes, endorsements, quote revocation and policy, muted conversations, followed
hashtags in the home timeline, `status` notifications and follow-request options, end to end."""
import unittest
import urllib.parse

from harness import MagpieServer, wait_until


def ids(statuses):
    return [s["id"] for s in statuses]


class SocialExtrasTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MagpieServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_personal_notes(self):
        amy = self.server.sign_up("amy_notes")
        ben = self.server.sign_up("ben_notes")
        r = amy.post(f"/api/v1/accounts/{ben.id}/note", json_body={"comment": "大学同学, met 2019"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["note"], "大学同学, met 2019")
        rel = amy.get(f"/api/v1/accounts/relationships?id[]={ben.id}").json[0]
        self.assertEqual(rel["note"], "大学同学, met 2019")
        self.assertEqual(ben.get(f"/api/v1/accounts/relationships?id[]={amy.id}").json[0]["note"],
                         "")
        cleared = amy.post(f"/api/v1/accounts/{ben.id}/note", form={"comment": ""})
        self.assertEqual(cleared.json["note"], "")
        too_long = amy.post(f"/api/v1/accounts/{ben.id}/note", json_body={"comment": "x" * 2001})
        self.assertEqual(too_long.status, 422)
        self.assertIn("error", too_long.json)

    def test_endorsements(self):
        cat = self.server.sign_up("cat_endorse")
        dan = self.server.sign_up("dan_endorse")
        refused = cat.post(f"/api/v1/accounts/{dan.id}/pin")
        self.assertEqual(refused.status, 422, refused)
        cat.follow(dan)
        pinned = cat.post(f"/api/v1/accounts/{dan.id}/pin")
        self.assertEqual(pinned.status, 200, pinned)
        self.assertTrue(pinned.json["endorsed"])
        self.assertEqual(ids(cat.get("/api/v1/endorsements").json), [dan.id])
        self.assertEqual(ids(self.server.get(f"/api/v1/accounts/{cat.id}/endorsements").json),
                         [dan.id])
        self.assertFalse(cat.post(f"/api/v1/accounts/{dan.id}/unpin").json["endorsed"])
        self.assertEqual(cat.get("/api/v1/endorsements").json, [])

    def test_quote_revoke_and_policy(self):
        eve = self.server.sign_up("eve_quotes")
        fay = self.server.sign_up("fay_quotes")
        original = eve.status("原创内容 original")
        quote = fay.status("转发：说得好", quoted_status_id=original["id"])
        self.assertEqual(quote["quote"]["state"], "accepted")
        revoke = f"/api/v1/statuses/{original['id']}/quotes/{quote['id']}/revoke"
        self.assertEqual(fay.post(revoke).status, 403)
        r = eve.post(revoke)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["id"], quote["id"])
        self.assertEqual(r.json["quote"], {"state": "revoked", "quoted_status": None})
        seen = self.server.get(f"/api/v1/statuses/{quote['id']}").json
        self.assertEqual(seen["quote"], {"state": "revoked", "quoted_status": None})
        self.assertEqual(self.server.get(f"/api/v1/statuses/{original['id']}/quotes").json, [])
        self.assertEqual(self.server.get(f"/api/v1/statuses/{original['id']}").json["quotes_count"],
                         0)

        policy = eve.request("PUT", f"/api/v1/statuses/{original['id']}/interaction_policy",
                             json_body={"quote_approval_policy": "nobody"})
        self.assertEqual(policy.status, 200, policy)
        self.assertEqual(policy.json["quote_approval"]["automatic"], [])
        denied = fay.post("/api/v1/statuses",
                          json_body={"status": "again", "quoted_status_id": original["id"]})
        self.assertEqual(denied.status, 403, denied)

    def test_muted_conversation(self):
        gus = self.server.sign_up("gus_mute")
        hal = self.server.sign_up("hal_mute")
        root = gus.status("a thread")
        first = hal.status("@gus_mute first", in_reply_to_id=root["id"])
        muted = gus.post(f"/api/v1/statuses/{first['id']}/mute")
        self.assertEqual(muted.status, 200, muted)
        self.assertTrue(muted.json["muted"])
        self.assertTrue(gus.get(f"/api/v1/statuses/{root['id']}").json["muted"])
        second = hal.status("@gus_mute second", in_reply_to_id=first["id"])
        hal.post(f"/api/v1/statuses/{root['id']}/favourite")
        about = [n.get("status", {}).get("id") for n in gus.get("/api/v1/notifications").json]
        self.assertIn(first["id"], about)  # from before the mute
        self.assertNotIn(second["id"], about)
        self.assertNotIn(root["id"], about)  # the favourite
        unmuted = gus.post(f"/api/v1/statuses/{root['id']}/unmute")
        self.assertFalse(unmuted.json["muted"])
        third = hal.status("@gus_mute third", in_reply_to_id=first["id"])
        about = [n.get("status", {}).get("id") for n in gus.get("/api/v1/notifications").json]
        self.assertIn(third["id"], about)

    def test_followed_tags_reach_home(self):
        ida = self.server.sign_up("ida_tags")
        jon = self.server.sign_up("jon_tags")
        topic = urllib.parse.quote("端午 节")
        r = ida.post(f"/api/v1/tags/{topic}/follow")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["following"])
        self.assertEqual(r.json["name"], "端午 节")
        self.assertEqual(ida.post("/api/v1/tags/Magpies/follow").status, 200)
        followed = ida.get("/api/v1/followed_tags")
        self.assertEqual(sorted(t["name"] for t in followed.json), ["Magpies", "端午 节"])
        ida.get("/api/v1/timelines/home")  # her feed is now cached: posts are pushed to it
        weibo = jon.status("今天 #端午 节# 吃粽子")
        tagged = jon.status("look #magpies")
        private = jon.status("secret #magpies", visibility="private")
        plain = jon.status("no tags at all")
        def home_ids():
            return ids(ida.get("/api/v1/timelines/home").json)
        self.assertTrue(wait_until(lambda: tagged["id"] in home_ids()),
                        "a followed tag's post reaches the home of someone not following its author")
        home = home_ids()
        self.assertIn(weibo["id"], home)
        self.assertNotIn(private["id"], home)
        self.assertNotIn(plain["id"], home)
        self.assertTrue(ida.get("/api/v1/tags/magpies").json["following"])
        unfollowed = ida.post("/api/v1/tags/magpies/unfollow")
        self.assertFalse(unfollowed.json["following"])
        home = ids(ida.get("/api/v1/timelines/home").json)
        self.assertNotIn(tagged["id"], home)
        self.assertIn(weibo["id"], home)
        self.assertEqual(ida.post("/api/v1/tags/%21%21/follow").status, 422)

    def test_status_notifications_and_request_options(self):
        kim = self.server.sign_up("kim_bell")
        lee = self.server.sign_up("lee_bell")
        rel = lee.post(f"/api/v1/accounts/{kim.id}/follow", json_body={"notify": True})
        self.assertTrue(rel.json["notifying"])
        post = kim.status("ring the bell")
        notes = lee.get("/api/v1/notifications?types[]=status").json
        self.assertEqual([n["status"]["id"] for n in notes], [post["id"]])

        # A locked account: the request remembers the options until it is authorized.
        mia = self.server.sign_up("mia_locked")
        r = mia.request("PATCH", "/api/v1/accounts/update_credentials", json_body={"locked": True})
        self.assertEqual(r.status, 200, r)
        requested = lee.post(f"/api/v1/accounts/{mia.id}/follow",
                             json_body={"notify": True, "reblogs": False})
        self.assertTrue(requested.json["requested"])
        self.assertEqual(mia.post(f"/api/v1/follow_requests/{lee.id}/authorize").status, 200)
        rel = lee.get(f"/api/v1/accounts/relationships?id[]={mia.id}").json[0]
        self.assertTrue(rel["following"])
        self.assertTrue(rel["notifying"])
        self.assertFalse(rel["showing_reblogs"])
        second = mia.status("for my followers", visibility="private")
        notes = lee.get("/api/v1/notifications?types[]=status").json
        self.assertIn(second["id"], [n["status"]["id"] for n in notes])

    def test_bad_input_and_scopes(self):
        nia = self.server.sign_up("nia_bad")
        oli = self.server.sign_up("oli_bad")
        post = oli.status("oli's post")

        def check(r, status):
            self.assertEqual(r.status, status, r)
            self.assertIsInstance(r.json.get("error"), str, r)

        check(nia.post(f"/api/v1/accounts/{oli.id}/note", json_body={"comment": ["x"]}), 422)
        check(nia.post("/api/v1/accounts/999999999/note", json_body={"comment": "x"}), 404)
        check(nia.post("/api/v1/accounts/nope/pin"), 404)
        check(nia.post(f"/api/v1/accounts/{nia.id}/pin"), 403)
        check(nia.request("PUT", f"/api/v1/statuses/{post['id']}/interaction_policy",
                          json_body={"quote_approval_policy": "nobody"}), 403)
        check(oli.request("PUT", f"/api/v1/statuses/{post['id']}/interaction_policy",
                          json_body={"quote_approval_policy": 7}), 422)
        check(oli.post(f"/api/v1/statuses/{post['id']}/quotes/not-an-id/revoke"), 404)
        check(nia.post("/api/v1/statuses/999999999/mute"), 404)
        check(nia.post("/api/v1/tags/%20/follow"), 422)
        check(self.server.post("/api/v1/tags/magpie/follow"), 401)
        check(self.server.get("/api/v1/followed_tags"), 401)

        app = self.server.register_app(scopes="read")
        r = self.server.post("/oauth/token", json_body={
            "grant_type": "password", "client_id": app["client_id"],
            "client_secret": app["client_secret"], "username": "nia_bad",
            "password": "correct horse battery", "scope": "read"})
        self.assertEqual(r.status, 200, r)
        token = r.json["access_token"]
        for method, path, body in [
                ("POST", f"/api/v1/accounts/{oli.id}/note", {"comment": "x"}),
                ("POST", f"/api/v1/accounts/{oli.id}/pin", None),
                ("POST", "/api/v1/tags/magpie/follow", None),
                ("POST", f"/api/v1/statuses/{post['id']}/mute", None),
                ("PUT", f"/api/v1/statuses/{post['id']}/interaction_policy",
                 {"quote_approval_policy": "nobody"}),
                ("POST", f"/api/v1/statuses/{post['id']}/quotes/{post['id']}/revoke", None)]:
            check(self.server.request(method, path, token=token, json_body=body), 403)
        self.assertEqual(self.server.get("/api/v1/followed_tags", token=token).status, 200)
        self.assertEqual(self.server.get("/api/v1/endorsements", token=token).status, 200)


if __name__ == "__main__":
    unittest.main()
