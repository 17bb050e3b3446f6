#!/usr/bin/env node
// End-to-end tests of the web app against a real `magpie` server (issue 4).
//
//   node web/e2e/run.mjs            (after `npm run build` in web/ and building the server)
//
// Starts `magpie serve --listen 127.0.0.1:<free port> --data-dir <temp dir>` with
// MAGPIE_WEB_DIST=<web/dist>, waits for GET /health, drives Debian's Chromium with
// playwright-core through the scenarios below, saves screenshots to web/e2e/screenshots/, stops
// the server, and exits non-zero when a step fails. The scenarios build on each other, so the
// first failure stops the run (with a screenshot of the page at that moment).
//
// Environment: MAGPIE_BIN (default ../build/src/app/magpie, relative to web/), CHROMIUM
// (default /usr/bin/chromium), E2E_HEADFUL=1 to watch, E2E_KEEP_DATA=1 to keep the data dir.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, '..');
const dist = resolve(webDir, 'dist');
const shots = join(here, 'screenshots');
const bin = resolve(webDir, process.env.MAGPIE_BIN ?? '../build/src/app/magpie');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a fresh magpie 喜鹊 password';

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(2);
}
if (!existsSync(join(dist, 'index.html'))) fail(`no ${dist}/index.html: run \`npm run build --prefix web\` first`);
if (!existsSync(bin)) fail(`no server binary at ${bin}: build it, or set MAGPIE_BIN`);
if (!existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath}: apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji`);
mkdirSync(shots, { recursive: true });

async function freePort() {
  return new Promise((ok, bad) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', bad);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the server -------------------------------------------------------------------------
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'magpie-e2e-'));
const logPath = join(dataDir, 'server.log');
const log = openSync(logPath, 'a');
const server = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir], {
  env: { ...process.env, MAGPIE_WEB_DIST: dist },
  stdio: ['ignore', log, log],
});
let serverExited = null;
server.on('exit', (code, signal) => (serverExited = { code, signal }));

async function stopServer() {
  if (serverExited) return;
  server.kill('SIGTERM');
  for (let i = 0; i < 50 && !serverExited; i++) await sleep(100);
  if (!serverExited) server.kill('SIGKILL');
}

function serverLogTail() {
  try {
    return readFileSync(logPath, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

async function waitForHealth() {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (serverExited) throw new Error(`server exited early (${JSON.stringify(serverExited)})\n${serverLogTail()}`);
    try {
      const r = await fetch(`${origin}/health`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`server did not answer /health within 30 s\n${serverLogTail()}`);
}

// ---- API helpers (the second user is driven through the API) ----------------------------
async function call(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body) headers['Content-Type'] = 'application/json';
  const r = await fetch(origin + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function apiSignUp(username) {
  const app = await call('POST', '/api/v1/apps', {
    body: { client_name: 'magpie-e2e', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' },
  });
  const appToken = await call('POST', '/oauth/token', {
    body: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow push' },
  });
  const tok = await call('POST', '/api/v1/accounts', {
    token: appToken.access_token,
    body: { username, email: `${username}@example.com`, password: PASSWORD, agreement: true, locale: 'en' },
  });
  return tok.access_token;
}

// ---- the steps ---------------------------------------------------------------------------
const results = [];
let page;
let stepNo = 0;

async function step(name, fn) {
  stepNo++;
  const t0 = performance.now();
  try {
    await fn();
    const ms = Math.round(performance.now() - t0);
    results.push({ step: name, ok: true, ms });
    console.log(`  ok   ${String(stepNo).padStart(2)} ${name} (${ms} ms)`);
  } catch (e) {
    results.push({ step: name, ok: false, error: String(e?.message ?? e) });
    console.log(`  FAIL ${String(stepNo).padStart(2)} ${name}\n       ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n       ')}`);
    if (page) await page.screenshot({ path: join(shots, `failure-${String(stepNo).padStart(2, '0')}.png`), fullPage: true }).catch(() => {});
    throw e;
  }
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

const shot = (name, p = page) => p.screenshot({ path: join(shots, `${name}.png`) });
const article = (text) => page.locator('main article.status').filter({ hasText: text }).first();
const goto = async (path) => {
  await page.goto(origin + path);
  await page.locator('main h1').first().waitFor();
};

let browser;
let exitCode = 0;
const requestUrls = [];
const pageErrors = [];
const timings = {};

try {
  await waitForHealth();
  console.log(`e2e: magpie on ${origin} (data in ${dataDir})`);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: !process.env.E2E_HEADFUL,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('request', (r) => requestUrls.push(r.url()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
  });
  page.on('dialog', (d) => d.accept());

  let bob;
  let bobPost;
  let alicePostId;

  await step('sign up bob through the API; bob posts', async () => {
    bob = await apiSignUp('bob');
    bobPost = await call('POST', '/api/v1/statuses', { token: bob, body: { status: 'Hello from Bob, the first post. #magpie', visibility: 'public' } });
  });

  await step('the welcome page shows sign-in and sign-up', async () => {
    await goto('/');
    await page.getByRole('heading', { name: 'Welcome to Magpie' }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).waitFor();
    await shot('01-welcome');
  });

  await step('sign up alice through the UI', async () => {
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Email').fill('alice@example.com');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('checkbox').check();
    await shot('02-sign-up');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Profile' }).waitFor();
    expect(!page.url().includes('token'), `token-like URL after sign-up: ${page.url()}`);
  });

  await step('post, with a live grapheme counter, and see it in home', async () => {
    const box = page.getByRole('textbox', { name: 'Post text' }).first();
    const text = 'Hello Magpie! 你好 👨‍👩‍👧‍👦 #first https://example.com/a/very/long/path/that/counts/as/23';
    await box.fill(text);
    const remaining = await page.locator('main .counter').first().getAttribute('data-remaining');
    // "Hello Magpie! " 14 + 你好 2 + 1 + the family emoji 1 + 1 + "#first " 7 + the link 23 = 49
    const max = (await call('GET', '/api/v2/instance').catch(() => null))?.configuration?.statuses?.max_characters ?? 2000;
    expect(Number(remaining) === max - 49, `counter says ${remaining} left, expected ${max - 49}`);
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await article('Hello Magpie!').waitFor();
    await page.reload();
    await article('Hello Magpie!').waitFor();
    alicePostId = await article('Hello Magpie!').getAttribute('data-id');
    await shot('03-home');
  });

  await step('edit the post: the source in the box, then the "edited" marker and the history', async () => {
    const post = article('Hello Magpie!');
    expect((await post.locator('.edited-marker').count()) === 0, 'a new post is not marked edited');
    await post.getByRole('button', { name: 'Edit post' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit post' });
    const box = dialog.getByRole('textbox', { name: 'Post text' });
    await box.waitFor();
    const source = await box.inputValue();
    // The text as written (GET .../source), not the rendered HTML.
    expect(source.startsWith('Hello Magpie! 你好') && !source.includes('<'), `edit box holds "${source}"`);
    await box.fill(`${source} Edited: now with a second thought.`);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await post.getByText('now with a second thought').waitFor();
    const marker = post.getByRole('button', { name: /^Edited .*Show the edit history/ });
    await marker.waitFor();
    expect((await marker.textContent())?.trim() === 'edited', 'the marker reads "edited"');
    await marker.click();
    const history = page.getByRole('dialog', { name: 'Edit history' });
    await history.getByText(/^Current version/).waitFor();
    await history.getByText(/^Original/).waitFor();
    expect((await history.locator('li').count()) === 2, 'two versions in the history');
    await shot('16-edit-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'hidden' });
    // Saved on the server too.
    await page.reload();
    await article('now with a second thought').locator('.edited-marker').waitFor();
  });

  await step('find bob with search and follow him', async () => {
    await page.getByRole('link', { name: 'Search' }).first().click();
    // The Search screen's own box, once it is there: the sidebar has one too, and a box found
    // before the screen rendered could be the sidebar's (typed into, then Enter in the other).
    const box = page.locator('main').getByRole('searchbox', { name: 'Search' });
    await box.fill('bob');
    await box.press('Enter');
    await page.locator('main a.account-row', { hasText: '@bob' }).first().click();
    await page.getByRole('heading', { name: 'bob', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Follow bob' }).click();
    await page.getByRole('button', { name: 'Unfollow bob' }).waitFor();
    await shot('04-profile');
  });

  await step("bob's followers and alice's following lists", async () => {
    await page.getByRole('link', { name: '1 follower' }).click();
    await page.waitForURL(/\/@bob\/followers$/);
    await page.locator('main a.account-row', { hasText: '@alice' }).waitFor();
    await page.goto(`${origin}/@alice/following`);
    await page.locator('main a.account-row', { hasText: '@bob' }).waitFor();
  });

  await step('mention and hashtag suggestions while typing', async () => {
    await page.getByRole('link', { name: 'Home' }).click();
    const box = page.getByRole('textbox', { name: 'Post text' }).first();
    await box.fill('');
    await box.pressSequentially('hi @bo');
    await page.getByRole('option', { name: /@bob/ }).waitFor();
    await shot('04b-mention-suggestions');
    await box.press('Enter');
    expect((await box.inputValue()) === 'hi @bob ', `after picking: "${await box.inputValue()}"`);
    // The whole name: a server may match tags by prefix (Mastodon does) or only exactly.
    await box.pressSequentially('#magpie');
    await page.getByRole('option', { name: /#magpie/i }).waitFor();
    await box.press('Enter');
    expect(/^hi @bob #magpie $/i.test(await box.inputValue()), `after picking a tag: "${await box.inputValue()}"`);
    await box.fill('');
  });

  let bobSecond;
  await step("see bob's post in home after following", async () => {
    bobSecond = await call('POST', '/api/v1/statuses', { token: bob, body: { status: 'Bob again, after the follow. 喜鹊来了', visibility: 'public' } });
    await page.getByRole('link', { name: 'Home' }).click();
    await article('Bob again, after the follow.').waitFor();
  });

  await step("like and repost bob's post", async () => {
    const post = article('Bob again, after the follow.');
    await post.getByRole('button', { name: /^Like/ }).click();
    await post.locator('button[aria-pressed="true"]').waitFor();
    await post.getByRole('button', { name: /^Repost/ }).click();
    await page.getByRole('menuitem', { name: 'Repost', exact: true }).click();
    await post.locator('button.active-repost').waitFor();
    for (let i = 0; i < 20; i++) {
      const s = await call('GET', `/api/v1/statuses/${bobSecond.id}`, { token: bob });
      if (s.favourites_count === 1 && s.reblogs_count === 1) return;
      await sleep(100);
    }
    throw new Error('the server did not count the like and the repost');
  });

  await step("bookmark bob's post and find it on the Bookmarks page; the like on Likes", async () => {
    const post = article('Bob again, after the follow.');
    await post.getByRole('button', { name: 'Bookmark' }).click();
    await post.locator('button.active-bookmark[aria-pressed="true"]').waitFor();
    await page.getByRole('link', { name: 'Bookmarks' }).click();
    await page.getByRole('heading', { name: 'Bookmarks', level: 1 }).waitFor();
    await article('Bob again, after the follow.').waitFor();
    expect((await page.locator('main article.status').count()) === 1, 'one bookmark');
    await shot('17-bookmarks');
    await page.getByRole('link', { name: 'Likes' }).click();
    await page.getByRole('heading', { name: 'Likes', level: 1 }).waitFor();
    await article('Bob again, after the follow.').waitFor();
    await shot('18-likes');
  });

  await step("repost bob's first post with a comment (quote)", async () => {
    await page.goto(`${origin}/statuses/${bobPost.id}`);
    const post = page.locator('main article.status-focused');
    await post.waitFor();
    await post.getByRole('button', { name: /^Repost/ }).click();
    await page.getByRole('menuitem', { name: 'Repost with comment' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Post text' }).fill('Quoting Bob: worth reading');
    await shot('05-quote-dialog');
    await dialog.getByRole('button', { name: 'Post', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: 'Home' }).click();
    const quote = article('Quoting Bob: worth reading');
    await quote.waitFor();
    await quote.locator('.quote').filter({ hasText: 'Hello from Bob' }).waitFor();
  });

  await step('reply to bob and open the thread', async () => {
    const post = article('Bob again, after the follow.');
    await post.getByRole('button', { name: /^Reply/ }).click();
    const dialog = page.getByRole('dialog');
    const box = dialog.getByRole('textbox', { name: 'Post text' });
    expect((await box.inputValue()).startsWith('@bob '), 'the reply starts with the mention');
    await box.pressSequentially('Nice one!');
    await dialog.getByRole('button', { name: 'Reply', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await post.locator('a.status-time').click();
    await page.getByRole('heading', { name: 'Post', level: 1 }).waitFor();
    await page.locator('main article.status-focused', { hasText: 'Bob again, after the follow.' }).waitFor();
    await article('Nice one!').waitFor();
    expect(page.url().startsWith(`${origin}/statuses/`), `thread URL: ${page.url()}`);
    await shot('06-thread');
  });

  await step('a mention link in a post routes inside the app', async () => {
    await article('Nice one!').locator('a.mention:not(.hashtag)').first().click();
    await page.getByRole('heading', { name: 'bob', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname === '/@bob', `mention went to ${page.url()}`);
  });

  await step('notifications show what bob did', async () => {
    await call('POST', `/api/v1/statuses/${alicePostId}/favourite`, { token: bob });
    await call('POST', '/api/v1/accounts/' + (await call('GET', '/api/v1/accounts/lookup?acct=alice')).id + '/follow', { token: bob });
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.locator('main').getByText('bob liked your post').waitFor();
    await page.locator('main').getByText('bob followed you').waitFor();
    await shot('07-notifications');
  });

  await step('a hashtag link opens the tag page', async () => {
    await page.getByRole('link', { name: 'Home' }).click();
    await article('Hello Magpie!').locator('a.hashtag').first().click();
    await page.getByRole('heading', { name: '#first', level: 1 }).waitFor();
    await article('Hello Magpie!').waitFor();
  });

  await step('a Weibo-style #话题# links to its tag page too', async () => {
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('textbox', { name: 'Post text' }).first().fill('今天 #春节 快乐# 大家好');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await article('大家好').locator('a.hashtag').first().click();
    await page.waitForURL(/\/tags\//);
    const tag = decodeURIComponent(new URL(page.url()).pathname.slice('/tags/'.length));
    expect(tag.toLowerCase() === '春节 快乐', `tag page for "${tag}"`);
    await article('大家好').waitFor();
    await shot('08-tag');
  });

  await step('the public timeline lists local posts', async () => {
    await page.getByRole('link', { name: 'Local' }).click();
    await page.getByRole('heading', { name: 'Local timeline' }).waitFor();
    await article('Hello from Bob').waitFor();
  });

  await step('render a home timeline of 20 posts (timing)', async () => {
    for (let i = 1; i <= 20; i++) {
      await call('POST', '/api/v1/statuses', {
        token: bob,
        body: { status: `Timeline post ${i}: 喜鹊 magpie カササギ urraca عقعق #bench https://example.com/${i} 👍🏽`, visibility: 'public' },
      });
    }
    const runs = [];
    for (let run = 0; run < 5; run++) {
      await goto('/');
      await page.locator('main article.status').nth(19).waitFor();
      const ms = await page.evaluate(() => {
        const m = performance.getEntriesByName('magpie:timeline-render');
        return m.length ? m[m.length - 1].duration : null;
      });
      expect(ms !== null, 'no magpie:timeline-render measure');
      runs.push(ms);
    }
    runs.sort((a, b) => a - b);
    timings.timeline20 = { runs: runs.map((x) => Math.round(x * 10) / 10), median: Math.round(runs[2] * 10) / 10 };
    console.log(`       timeline of 20 posts rendered in ${timings.timeline20.median} ms (median of 5: ${timings.timeline20.runs.join(', ')})`);
  });

  await step('keyboard: j / k move between posts, Enter opens one', async () => {
    await goto('/');
    await page.locator('main article.status').nth(2).waitFor();
    await page.locator('main h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const focused = await page.evaluate(() => {
      const posts = [...document.querySelectorAll('main article.status')];
      return posts.indexOf(document.activeElement);
    });
    expect(focused === 0, `focus on post ${focused} after j j k`);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/statuses\//);
    await page.goBack();
  });

  await step('the "new posts" bar appears when someone posts (20 s poll)', async () => {
    await goto('/');
    await page.locator('main article.status').first().waitFor();
    await call('POST', '/api/v1/statuses', { token: bob, body: { status: 'Fresh news from Bob', visibility: 'public' } });
    const bar = page.getByRole('button', { name: 'Show 1 new post' });
    await bar.waitFor({ timeout: 30_000 });
    await shot('14-new-posts-bar');
    await bar.click();
    await article('Fresh news from Bob').waitFor();
  });

  await step('infinite scroll loads the next page', async () => {
    const before = await page.locator('main article.status').count();
    await page.locator('main .sentinel').scrollIntoViewIfNeeded();
    await page.waitForFunction((n) => document.querySelectorAll('main article.status').length > n, before);
  });

  await step('switch to Arabic: right-to-left', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await shot('15-settings');
    await page.getByLabel('Language').selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect((await page.evaluate(() => document.documentElement.lang)) === 'ar', 'lang=ar');
    await page.getByRole('heading', { name: 'الإعدادات', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'الرئيسية' }).click();
    await page.locator('main article.status').first().waitFor();
    // The layout mirrors: the navigation column is on the right.
    const nav = await page.locator('nav.sidenav').boundingBox();
    expect(nav && nav.x > 640, `navigation at x=${nav?.x} in RTL`);
    await shot('09-home-arabic');
  });

  await step('switch to Traditional Chinese', async () => {
    await page.getByRole('link', { name: 'الإعدادات' }).click();
    await page.locator('#set-lang').selectOption('zh-Hant');
    await page.getByRole('heading', { name: '設定', level: 1 }).waitFor();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr' && document.documentElement.lang === 'zh-Hant');
    await page.getByRole('link', { name: '首頁' }).click();
    await page.getByRole('heading', { name: '首頁', level: 1 }).waitFor();
    await page.getByRole('button', { name: '發佈' }).waitFor();
    await shot('10-home-zh-hant');
    // back to English for the rest
    await page.goto(`${origin}/settings`);
    await page.locator('#set-lang').selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
  });

  await step('dark theme and the phone layout', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await goto('/');
    await page.locator('main article.status').first().waitFor();
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg === 'rgb(20, 22, 27)', `dark background, got ${bg}`);
    await shot('11-home-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(origin + '/');
    await phone.locator('main article.status').first().waitFor();
    const nav = await phone.locator('nav.sidenav').boundingBox();
    expect(nav && nav.y > 700, `bottom navigation on a phone, got y=${nav?.y}`);
    await shot('12-home-phone', phone);
    await phone.close();
  });

  await step('change the password in settings; this session goes on', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const current = page.getByLabel('Current password', { exact: true });
    const next = page.getByLabel('New password', { exact: true });
    const confirm = page.getByLabel('Confirm new password', { exact: true });
    const submit = page.getByRole('button', { name: 'Change password' });
    // A mismatch is caught before anything is sent.
    await current.fill(PASSWORD);
    await next.fill(NEW_PASSWORD);
    await confirm.fill(`${NEW_PASSWORD}x`);
    await submit.click();
    await page.getByText('The two new passwords don’t match.').waitFor();
    expect((await confirm.getAttribute('aria-invalid')) === 'true', 'the confirmation is marked invalid');
    // A wrong current password comes back from the server, beside its field.
    await current.fill('not my password');
    await confirm.fill(NEW_PASSWORD);
    await submit.click();
    await page.getByText('That isn’t your current password.').waitFor();
    await current.fill(PASSWORD);
    await submit.click();
    await page.getByText('Your password has been changed.').waitFor();
    await shot('19-settings-password');
    // The server replaced this session's token; the app still works with it after a reload.
    await goto('/');
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor();
    await page.locator('main article.status').first().waitFor();
  });

  await step('sign out, then sign in through OAuth (authorization code + PKCE) with the new password', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Welcome to Magpie' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).first().click();
    await page.waitForURL(/\/oauth\/authorize/);
    await shot('13-server-sign-in');
    const password = page.locator('input[type=password]').first();
    await password.waitFor();
    const login = page.locator('input:not([type=hidden]):not([type=password]):not([type=checkbox]):not([type=submit])').first();
    await login.fill('alice');
    await password.fill(NEW_PASSWORD);
    // The server's page has Deny and Authorize buttons; a consent page may follow a sign-in page.
    const approve = page.getByRole('button', { name: /authori[sz]e|approve|allow|sign in|log in/i }).first();
    await approve.click();
    for (let i = 0; i < 2; i++) {
      await page.waitForLoadState('load');
      if (!/\/oauth\//.test(new URL(page.url()).pathname)) break;
      if (await approve.count()) await approve.click();
    }
    await page.getByRole('heading', { name: 'Home', level: 1 }).waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).search === '', `the code left the address bar: ${page.url()}`);
    await article('Timeline post 20').waitFor();
  });

  await step("the server's sign-in page follows the browser's language: Arabic, right to left", async () => {
    const app = await call('POST', '/api/v1/apps', {
      body: { client_name: 'magpie-e2e-ar', redirect_uris: `${origin}/callback`, scopes: 'read' },
    });
    const arabic = await browser.newContext({ locale: 'ar', viewport: { width: 800, height: 700 } });
    try {
      const p = await arabic.newPage();
      const q = new URLSearchParams({ response_type: 'code', client_id: app.client_id, redirect_uri: `${origin}/callback`, scope: 'read' });
      await p.goto(`${origin}/oauth/authorize?${q}`);
      await p.getByLabel('كلمة المرور').waitFor();
      const html = await p.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
      expect(html.lang === 'ar' && html.dir === 'rtl', `sign-in page is ${JSON.stringify(html)}`);
      await shot('20-server-sign-in-arabic', p);
    } finally {
      await arabic.close();
    }
  });

  await step('the token never appeared in a URL', async () => {
    const token = await page.evaluate(() => localStorage.getItem('magpie.token'));
    expect(token && token.length > 10, 'a token is stored');
    const leaks = requestUrls.filter((u) => u.includes(token) || u.includes(encodeURIComponent(token)));
    expect(leaks.length === 0, `token in URLs: ${leaks.slice(0, 3).join(' ')}`);
    expect(pageErrors.length === 0, `uncaught page errors or CSP violations: ${pageErrors.join(' | ')}`);
  });
} catch (e) {
  exitCode = 1;
  if (!results.length || results[results.length - 1].ok) console.error(`e2e: ${e?.stack ?? e}`);
} finally {
  await browser?.close().catch(() => {});
  await stopServer();
  const passed = results.filter((r) => r.ok).length;
  writeFileSync(join(here, 'results.json'), JSON.stringify({ origin, passed, total: results.length, results, timings }, null, 2));
  console.log(`e2e: ${passed}/${results.length} steps passed; screenshots in ${shots}`);
  if (timings.timeline20) console.log(`e2e: timeline-of-20 render: median ${timings.timeline20.median} ms`);
  if (exitCode) console.log(`e2e: server log (tail):\n${serverLogTail()}`);
  if (process.env.E2E_KEEP_DATA) console.log(`e2e: data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
  process.exit(exitCode);
}
