"""The command line: help texts, admin commands, configuration errors."""
import shutil
import subprocess
import tempfile
import unittest

from harness import MAGPIE_BIN, MagpieServer


def run(*args, input_text=None):
    return subprocess.run([MAGPIE_BIN, *args], capture_output=True, text=True, timeout=60,
                          input=input_text)


class CliTest(unittest.TestCase):
    def test_help(self):
        out = run("--help")
        self.assertEqual(out.returncode, 0)
        self.assertIn("serve", out.stdout)
        serve = run("serve", "--help")
        self.assertEqual(serve.returncode, 0)
        self.assertIn("--listen", serve.stdout)
        self.assertIn("storage.data_dir", serve.stdout)
        self.assertEqual(run("migrate", "--help").returncode, 0)
        self.assertEqual(run("admin", "create-account", "--help").returncode, 0)

    def test_bad_flags_and_config_say_what_to_do(self):
        out = run("serve", "--bogus")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("--bogus", out.stderr)
        out = run("serve", "--listen", "nonsense")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("HOST:PORT", out.stderr)
        out = run("frobnicate")
        self.assertNotEqual(out.returncode, 0)

    def test_admin_create_account_and_reset_password(self):
        data_dir = tempfile.mkdtemp(prefix="magpie-cli-")
        try:
            out = run("admin", "create-account", "--data-dir", data_dir, "--username", "root_ops",
                      "--email", "ops@example.com", "--password", "first password 1",
                      "--set", "security.fast_password_hashing=true")
            self.assertEqual(out.returncode, 0, out.stderr)
            dup = run("admin", "create-account", "--data-dir", data_dir, "--username", "ROOT_OPS",
                      "--email", "other@example.com", "--password", "first password 1")
            self.assertNotEqual(dup.returncode, 0)
            self.assertIn("taken", dup.stderr)
            with MagpieServer(data_dir=data_dir) as server:
                app = server.register_app()
                def login(password):
                    return server.post("/oauth/token", json_body={
                        "grant_type": "password", "client_id": app["client_id"],
                        "client_secret": app["client_secret"], "username": "ops@example.com",
                        "password": password, "scope": "read"})
                self.assertEqual(login("first password 1").status, 200)
            out = run("admin", "reset-password", "--data-dir", data_dir, "--username", "root_ops",
                      input_text="second password 2\n")
            self.assertEqual(out.returncode, 0, out.stderr)
            with MagpieServer(data_dir=data_dir) as server:
                app = server.register_app()
                r = server.post("/oauth/token", json_body={
                    "grant_type": "password", "client_id": app["client_id"],
                    "client_secret": app["client_secret"], "username": "root_ops",
                    "password": "first password 1", "scope": "read"})
                self.assertIn(r.status, (400, 401))
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)

    def test_port_in_use_is_explained(self):
        with MagpieServer() as first:
            port = first.base_url.rsplit(":", 1)[1]
            data_dir = tempfile.mkdtemp(prefix="magpie-port-")
            try:
                out = subprocess.run([MAGPIE_BIN, "serve", "--listen", f"127.0.0.1:{port}",
                                      "--data-dir", data_dir], capture_output=True, text=True,
                                     timeout=30)
                self.assertNotEqual(out.returncode, 0)
                self.assertIn("--listen", out.stderr)
            finally:
                shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
