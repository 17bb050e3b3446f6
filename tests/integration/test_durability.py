"""An acknowledged write survives kill -9; SIGTERM shuts down cleanly."""
import os
import shutil
import tempfile
import threading
import unittest

from harness import MagpieServer


class DurabilityTest(unittest.TestCase):
    def test_acknowledged_posts_survive_kill_9(self):
        data_dir = tempfile.mkdtemp(prefix="magpie-durable-")
        try:
            server = MagpieServer(data_dir=data_dir).start()
            user = server.sign_up("durable")
            acknowledged = []
            lock = threading.Lock()

            def writer(n):
                for i in range(25):
                    r = user.post("/api/v1/statuses", json_body={"status": f"w{n} post {i}"})
                    if r.status == 200:
                        with lock:
                            acknowledged.append(r.json["id"])

            threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(len(acknowledged), 100)
            # Most of them took the fast path: answered from the commit's completion, with no
            # thread waiting (the first may have gone the blocking way while caches were cold).
            metrics = server.get("/metrics").body.decode()
            fast = [line for line in metrics.splitlines()
                    if line.startswith('magpie_http_inline_first_total{outcome="inline"}')]
            self.assertTrue(fast, metrics)
            self.assertGreaterEqual(float(fast[0].split()[-1]), 50, fast[0])
            server.kill9()

            server = MagpieServer(data_dir=data_dir).start()
            try:
                for status_id in acknowledged:
                    r = server.get(f"/api/v1/statuses/{status_id}", token=user.token)
                    self.assertEqual(r.status, 200, f"acknowledged post {status_id} was lost")
                me = server.get("/api/v1/accounts/verify_credentials", token=user.token).json
                self.assertEqual(me["statuses_count"], 100)
            finally:
                server.stop()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    def test_sigterm_exits_cleanly(self):
        with MagpieServer() as server:
            server.sign_up("graceful")
            code = server.stop()
            self.assertEqual(code, 0)

    def test_migrate_command(self):
        data_dir = tempfile.mkdtemp(prefix="magpie-migrate-")
        try:
            import subprocess
            from harness import MAGPIE_BIN
            out = subprocess.run([MAGPIE_BIN, "migrate", "--data-dir", data_dir],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn("Applied", out.stdout)
            again = subprocess.run([MAGPIE_BIN, "migrate", "--data-dir", data_dir],
                                   capture_output=True, text=True, timeout=60)
            self.assertIn("up to date", again.stdout)
            self.assertTrue(os.path.exists(os.path.join(data_dir, "magpie.db")))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
