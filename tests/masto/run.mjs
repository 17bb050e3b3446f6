// Drives a real `magpie serve` with masto, a Mastodon client library written by others: if a
// Mastodon app can register, sign up, post, follow, read its home timeline, favourite, reblog and
// read notifications through it, Magpie speaks the client API well enough for real apps.
//
// Usage: node run.mjs   (MAGPIE_BIN points at the binary; default ../../build/src/app/magpie)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { createInterface } from "node:readline";
import { createOAuthAPIClient, createRestAPIClient } from "masto";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.MAGPIE_BIN ?? join(here, "..", "..", "build", "src", "app", "magpie");

function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), "magpie-masto-"));
  const proc = spawn(bin, ["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir,
    "--set", "log.format=json", "--set", "security.fast_password_hashing=true"],
    { stdio: ["ignore", "ignore", "pipe"] });
  const log = [];
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("magpie did not start:\n" + log.join("\n"))),
      30000);
    createInterface({ input: proc.stderr }).on("line", (line) => {
      log.push(line);
      try {
        const entry = JSON.parse(line);
        if (entry.msg === "listening" && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch { /* a non-JSON line */ }
    });
    proc.on("exit", (code) => reject(new Error(`magpie exited with ${code}:\n${log.join("\n")}`)));
  });
  const stop = () => {
    proc.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop, log };
}

async function signUp(url, app, username) {
  const oauth = createOAuthAPIClient({ url });
  const appToken = await oauth.token.create({
    grantType: "client_credentials", clientId: app.clientId, clientSecret: app.clientSecret,
    redirectUri: "urn:ietf:wg:oauth:2.0:oob", scope: "read write follow push",
  });
  const asApp = createRestAPIClient({ url, accessToken: appToken.accessToken });
  const token = await asApp.v1.accounts.create({
    username, email: `${username}@example.com`, password: "correct horse battery",
    agreement: true, locale: "en",
  });
  return createRestAPIClient({ url, accessToken: token.accessToken });
}

// The authorization-code flow as a browser would do it: the sign-in page, then the code.
async function authorizationCodeFlow(url, app, login, password) {
  const verifier = "magpie-masto-test-verifier-0123456789-abcdefghijklmnop";
  const { createHash } = await import("node:crypto");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const params = new URLSearchParams({
    response_type: "code", client_id: app.clientId, redirect_uri: "urn:ietf:wg:oauth:2.0:oob",
    scope: "read write follow", code_challenge: challenge, code_challenge_method: "S256",
    state: "xyz",
  });
  const page = await fetch(`${url}/oauth/authorize?${params}`);
  assert.equal(page.status, 200, "the sign-in page is served");
  const html = await page.text();
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? "";
    if (name) form.set(name, value.replaceAll("&amp;", "&").replaceAll("&quot;", '"'));
  }
  form.set("login", login);
  form.set("password", password);
  form.set("decision", "approve");
  const cookie = page.headers.get("set-cookie")?.split(";")[0];
  const answer = await fetch(`${url}/oauth/authorize`, {
    method: "POST", body: form, redirect: "manual",
    headers: cookie ? { cookie } : {},
  });
  const body = await answer.text();
  const code = /<code id="code">([^<]+)<\/code>/.exec(body)?.[1] ??
    new URL(answer.headers.get("location") ?? "http://x/").searchParams.get("code");
  assert.ok(code, `an authorization code comes back (status ${answer.status})`);
  const tokenResponse = await fetch(`${url}/oauth/token`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "authorization_code", code, client_id: app.clientId,
      client_secret: app.clientSecret, redirect_uri: "urn:ietf:wg:oauth:2.0:oob",
      code_verifier: verifier }),
  });
  assert.equal(tokenResponse.status, 200, "the code is exchanged for a token");
  return (await tokenResponse.json()).access_token;
}

async function main() {
  const server = startServer();
  try {
    const url = await server.url;
    const anonymous = createRestAPIClient({ url });
    const instance = await anonymous.v2.instance.fetch();
    assert.ok(instance.configuration.statuses.maxCharacters >= 500);

    const app = await anonymous.v1.apps.create({
      clientName: "masto client test", redirectUris: "urn:ietf:wg:oauth:2.0:oob",
      scopes: "read write follow push", website: "https://example.com",
    });
    assert.ok(app.clientId && app.clientSecret);

    const alice = await signUp(url, app, "alice_masto");
    const bob = await signUp(url, app, "bob_masto");
    const aliceMe = await alice.v1.accounts.verifyCredentials();
    assert.equal(aliceMe.username, "alice_masto");

    // The authorization-code flow gives a token that works like the sign-up one.
    const codeToken = await authorizationCodeFlow(url, app, "bob_masto@example.com",
      "correct horse battery");
    const bobViaCode = createRestAPIClient({ url, accessToken: codeToken });
    assert.equal((await bobViaCode.v1.accounts.verifyCredentials()).username, "bob_masto");

    const relationship = await bob.v1.accounts.$select(aliceMe.id).follow();
    assert.equal(relationship.following, true);

    const status = await alice.v1.statuses.create({ status: "Hello from masto! 你好 #magpie" });
    assert.match(status.content, /^<p>/);
    const home = await bob.v1.timelines.home.list({ limit: 20 });
    assert.ok(home.some((s) => s.id === status.id), "the post reaches the follower's home");

    const favourited = await bob.v1.statuses.$select(status.id).favourite();
    assert.equal(favourited.favourited, true);
    const reblog = await bob.v1.statuses.$select(status.id).reblog();
    assert.equal(reblog.reblog?.id, status.id);

    const notifications = await alice.v1.notifications.list();
    const types = notifications.map((n) => n.type).sort();
    assert.deepEqual(types, ["favourite", "follow", "reblog"]);

    // Pagination through masto's paginator follows the Link headers.
    for (let i = 0; i < 5; i++) await alice.v1.statuses.create({ status: `page ${i}` });
    const pages = [];
    for await (const page of alice.v1.accounts.$select(aliceMe.id).statuses.list({ limit: 2 })) {
      pages.push(page.length);
      if (pages.length === 3) break;
    }
    assert.deepEqual(pages, [2, 2, 2]);

    console.log("masto client test: all checks passed");
  } finally {
    server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
