// Browser test: the built UI (dist/) in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core), signing in through Cognito SRP against moto, chatting with the protocol
// stand-in in backend.mjs. Screenshots go to target/. Prints "N passed, N failed".
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { historyKey, sleep, startBackend } from './backend.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const webDir = resolve(here, '..');
const distDir = join(webDir, 'dist');
const targetDir = join(webDir, 'target', 'browser');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const REPLY = [
  'Here is a **quick** answer with code:',
  '',
  '```java',
  'System.out.println("Hello from OpenClaw");',
  '```',
  '',
  '- streamed in pieces',
  '- rendered as Markdown',
].join('\n');
const XSS = '<img src=x onerror="window.__xss=1"> [click](javascript:window.__xss=2)';
const replyFor = (text) => (text.includes('xss') ? XSS : text.startsWith('안녕') ? '안녕하세요! 무엇을 도와드릴까요?' : REPLY);

const processes = [];
const cleanups = [];

async function startMoto() {
  if (process.env.OPENCLAW_TEST_MOTO_ENDPOINT) return process.env.OPENCLAW_TEST_MOTO_ENDPOINT;
  const launcher = resolve(webDir, '..', 'scripts', 'moto', 'launcher.py');
  const child = spawn('python3', [launcher, '-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  processes.push(child);
  return new Promise((resolvePromise, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`moto did not start in 60 s; its log:\n${log}\n(install: pip install 'moto[server]==5.2.1')`)), 60_000);
    const onData = (d) => {
      log += d;
      const m = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`moto exited (${code}); its log:\n${log}`)));
  });
}

/** One Cognito IDP call against moto (the admin calls need a SigV4-shaped header to be routed). */
async function cognito(moto, operation, body) {
  const response = await fetch(`${moto}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${operation}: ${JSON.stringify(json)}`);
  return json;
}

async function createUsers(moto) {
  const { UserPool } = await cognito(moto, 'CreateUserPool', {
    PoolName: `web-browser-test-${Date.now()}`,
    UsernameAttributes: ['email'],
    AutoVerifiedAttributes: ['email'],
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true } },
  });
  const { UserPoolClient } = await cognito(moto, 'CreateUserPoolClient', {
    UserPoolId: UserPool.Id, ClientName: 'web', GenerateSecret: false,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  const users = {
    ada: { email: 'ada@example.com', password: 'Correct-Horse-1' },
    temp: { email: 'new@example.com', password: 'Temporary-Pass-1', newPassword: 'Brand-New-Pass-2' },
    unconfirmed: { email: 'pending@example.com', password: 'Pending-Pass-1' },
  };
  for (const user of [users.ada, users.temp]) {
    await cognito(moto, 'AdminCreateUser', {
      UserPoolId: UserPool.Id, Username: user.email, TemporaryPassword: user.password, MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: user.email }, { Name: 'email_verified', Value: 'true' }],
    });
  }
  await cognito(moto, 'AdminSetUserPassword', { UserPoolId: UserPool.Id, Username: users.ada.email, Password: users.ada.password, Permanent: true });
  await cognito(moto, 'SignUp', { ClientId: UserPoolClient.ClientId, Username: users.unconfirmed.email, Password: users.unconfirmed.password });
  const { UserAttributes } = await cognito(moto, 'AdminGetUser', { UserPoolId: UserPool.Id, Username: users.ada.email });
  users.ada.sub = UserAttributes.find((a) => a.Name === 'sub').Value;
  return { poolId: UserPool.Id, clientId: UserPoolClient.ClientId, users };
}

const results = [];
let currentPage = null;
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    if (currentPage) {
      await currentPage.screenshot({ path: join(targetDir, 'failure.png') }).catch(() => {});
      const shown = await currentPage.evaluate(() => document.body.innerText + '\n' + [...document.querySelectorAll('.message')].slice(-3).map((m) => m.outerHTML).join('\n')).catch(() => '?');
      console.log(`    the page showed:\n      ${shown.split('\n').join('\n      ')}`);
    }
    console.log(`  ✗ ${name}\n    ${String(e?.stack ?? e).split('\n').join('\n    ')}`);
    throw e;
  }
}

async function signIn(page, email, password) {
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.press('#password', 'Enter');
}

const sentMessages = (backend) => backend.state.received.filter((r) => r.frame.action === 'sendMessage').map((r) => r.frame.message);

async function main() {
  if (!existsSync(join(distDir, 'index.html'))) throw new Error('dist/ is missing: run npm run build first');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (scripts/lib.sh does it)`);
  mkdirSync(targetDir, { recursive: true });

  const moto = await startMoto();
  const { poolId, clientId, users } = await createUsers(moto);
  const backend = await startBackend({ distDir, motoEndpoint: moto, poolId, clientId, replyFor });
  cleanups.push(() => backend.close());
  // A conversation that exists before this browser: history must come from the server.
  backend.state.history.set(historyKey(users.ada.sub, 'default'), [
    { role: 'user', content: 'What did we talk about on Telegram?', channel: 'telegram', timestamp: Date.now() - 60_000 },
    { role: 'assistant', content: 'We planned the **release** notes.', channel: 'telegram', timestamp: Date.now() - 59_000 },
  ]);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, headless: true });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1180, height: 760 }, locale: 'en-US', colorScheme: 'light' });
  const page = await context.newPage();
  currentPage = page;
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e));

  await step('a missing config.json shows the configuration error screen', async () => {
    await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'Not Found' }));
    await page.goto(backend.url);
    await page.waitForSelector('.config-error');
    assert.match(await page.textContent('.config-error'), /Configuration error[\s\S]*HTTP 404/);
    await page.unroute('**/config.json');
  });

  await step('an unconfirmed account gets a clear message', async () => {
    await page.goto(backend.url);
    await signIn(page, users.unconfirmed.email, users.unconfirmed.password);
    await page.waitForFunction(() => document.querySelector('#login-error')?.textContent?.includes('not confirmed'));
  });

  await step('a temporary password leads to choosing a new one, then to the chat', async () => {
    await page.fill('#email', users.temp.email);
    await page.fill('#password', users.temp.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('#new-password');
    await page.fill('#new-password', users.temp.newPassword);
    await page.fill('#confirm-password', 'Different-Pass-3');
    await page.press('#confirm-password', 'Enter');
    await page.waitForFunction(() => document.querySelector('#newpw-error')?.textContent?.includes('differ'));
    await page.fill('#confirm-password', users.temp.newPassword);
    await page.press('#confirm-password', 'Enter');
    await page.waitForSelector('#composer');
    await page.waitForSelector('#connection[data-state=open]', { state: 'attached' });
    await page.click('#settings-toggle');
    await page.click('.settings >> text=Sign out');
    await page.waitForSelector('#email');
  });

  await step('a wrong password is refused: the SRP claim is checked (the project\'s moto, as Cognito)', async () => {
    await signIn(page, users.ada.email, 'Wrong-Horse-1');
    await page.waitForFunction(() => document.querySelector('#login-error')?.textContent?.includes('Incorrect email or password'));
  });

  await step('sign in with SRP, connect with the ID token, and load the history from the server', async () => {
    await signIn(page, users.ada.email, users.ada.password);
    await page.waitForSelector('#connection[data-state=open]', { state: 'attached' });
    await page.waitForSelector('.message--assistant strong');
    assert.equal(await page.textContent('.message--assistant strong'), 'release');
    assert.equal(await page.textContent('#agent-status'), 'Idle');
    const tokens = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith('.idToken')).length);
    assert.equal(tokens, 1, 'the ID token is kept for the next visit');
  });

  await step('a reload restores the session; expired tokens are refreshed with the refresh token', async () => {
    // Age the stored ID and access tokens (the library decides from their exp claim), keep the refresh token.
    await page.evaluate(() => {
      const age = (jwt) => {
        const [h, p, s] = jwt.split('.');
        const claims = JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/')));
        claims.exp = Math.floor(Date.now() / 1000) - 60;
        return `${h}.${btoa(JSON.stringify(claims)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.${s}`;
      };
      for (const key of Object.keys(localStorage).filter((k) => /\.(idToken|accessToken)$/.test(k))) {
        localStorage.setItem(key, age(localStorage.getItem(key)));
      }
    });
    const refreshes = [];
    const listener = (req) => req.headers()['x-amz-target']?.endsWith('InitiateAuth') && refreshes.push(req.postDataJSON()?.AuthFlow);
    page.on('request', listener);
    await page.reload();
    await page.waitForSelector('#connection[data-state=open]', { state: 'attached' });
    page.off('request', listener);
    assert.deepEqual(refreshes, ['REFRESH_TOKEN_AUTH']);
    await page.waitForSelector('.message--assistant strong');
  });

  await step('Enter sends once; the status goes Starting → Running; the reply streams in as Markdown', async () => {
    await page.fill('#composer', 'Hello agent');
    await page.press('#composer', 'Enter');
    await page.waitForSelector('.message--user >> text=Hello agent');
    await page.waitForFunction(() => /Waking up agent… 0:0\d/.test(document.querySelector('#agent-status')?.textContent ?? ''));
    await page.waitForSelector('.message--streaming');
    const partial = await page.textContent('.message--streaming');
    await page.waitForSelector('.message--assistant pre code', { timeout: 15_000 });
    await page.waitForFunction(() => !document.querySelector('.message--streaming'), null, { timeout: 15_000 });
    assert.ok(partial.length < REPLY.length, 'the reply was shown before it was complete');
    assert.equal(await page.textContent('.message--assistant:last-child pre code'), 'System.out.println("Hello from OpenClaw");');
    assert.equal(await page.locator('.message--assistant:last-child li').count(), 2);
    assert.equal(await page.textContent('#agent-status'), 'Running');
    assert.deepEqual(sentMessages(backend), ['Hello agent']);
    assert.equal(await page.inputValue('#composer'), '');
  });

  await step('Shift+Enter adds a line instead of sending', async () => {
    await page.fill('#composer', 'line one');
    await page.press('#composer', 'Shift+Enter');
    await page.type('#composer', 'line two');
    assert.equal(await page.inputValue('#composer'), 'line one\nline two');
    assert.equal(sentMessages(backend).length, 1);
    await page.fill('#composer', '');
  });

  await step('Enter during Korean IME composition confirms the text and sends it exactly once', async () => {
    const cdp = await context.newCDPSession(page);
    await page.focus('#composer');
    await cdp.send('Input.imeSetComposition', { text: '안녕하세', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.imeSetComposition', { text: '안녕하세요', selectionStart: 5, selectionEnd: 5 });
    // The Enter that a Korean IME delivers while the last syllable is still being composed.
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 });
    await sleep(300);
    assert.equal(sentMessages(backend).length, 1, 'nothing is sent while composing');
    await cdp.send('Input.insertText', { text: '안녕하세요' }); // the IME commits the composition
    assert.equal(await page.inputValue('#composer'), '안녕하세요');
    await page.press('#composer', 'Enter');
    await page.waitForSelector('.message--assistant >> text=무엇을 도와드릴까요');
    await page.waitForFunction(() => !document.querySelector('.message--streaming'));
    assert.deepEqual(sentMessages(backend), ['Hello agent', '안녕하세요']);
    assert.equal(await page.inputValue('#composer'), '');
    await cdp.detach();
  });

  await step('replies cannot inject HTML or script links', async () => {
    await page.fill('#composer', 'show me xss');
    await page.press('#composer', 'Enter');
    await page.waitForFunction(() => document.querySelector('.message--assistant:last-child')?.textContent?.includes('onerror'));
    await page.waitForFunction(() => !document.querySelector('.message--streaming'));
    assert.equal(await page.locator('.messages img').count(), 0);
    assert.equal(await page.locator('.messages a[href^="javascript"]').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });

  await step('after the server drops the connection: visible reconnecting state, queued message, back-off reconnect', async () => {
    const connectionsBefore = backend.state.received.filter((r) => r.frame.action === 'getHistory').length;
    backend.state.rejectConnections = true;
    backend.dropConnections();
    await page.waitForSelector('#connection[data-state=waiting]');
    assert.match(await page.textContent('#connection'), /Reconnecting in \d+ s/);
    await page.fill('#composer', 'sent while offline');
    await page.press('#composer', 'Enter');
    await page.waitForSelector('.message--queued >> text=sent while offline');
    assert.ok(!sentMessages(backend).includes('sent while offline'));
    await page.screenshot({ path: join(targetDir, 'chat-reconnecting.png'), animations: 'disabled' });
    await sleep(1500); // at least one rejected attempt
    backend.state.rejectConnections = false;
    await page.waitForSelector('#connection[data-state=open]', { state: 'attached', timeout: 20_000 });
    await page.waitForFunction(() => !document.querySelector('.message--queued'));
    await page.waitForFunction(() => !document.querySelector('.message--streaming') && document.querySelectorAll('.message--assistant pre').length >= 2, null, { timeout: 15_000 });
    assert.equal(sentMessages(backend).filter((m) => m === 'sent while offline').length, 1);
    assert.ok(backend.state.received.filter((r) => r.frame.action === 'getHistory').length > connectionsBefore, 'history re-synced');
    assert.equal(await page.locator('.message--user >> text=sent while offline').count(), 1);
    await page.screenshot({ path: join(targetDir, 'chat-light.png'), animations: 'disabled' });
  });

  await step('Telegram linking shows a one-time code with its countdown', async () => {
    await page.click('#settings-toggle');
    await page.click('#tg-link');
    await page.waitForSelector('#tg-code');
    assert.equal(await page.textContent('#tg-code'), backend.state.otp);
    assert.match(await page.textContent('.settings'), new RegExp(`/link ${backend.state.otp}[\\s\\S]*Expires in [45]:\\d\\d`));
    assert.equal(await page.getAttribute('.settings a[href^="https://t.me/"]', 'href'), 'https://t.me/openclaw_test_bot');
    assert.match(await page.textContent('.settings'), /Signed in as ada@example\.com/);
    await page.screenshot({ path: join(targetDir, 'settings-light.png'), animations: 'disabled' });
    backend.state.linked.set(users.ada.sub, '987654321');
    await page.click('text=I sent it');
    await page.waitForSelector('text=Linked to Telegram user 987654321.');
  });

  await step('Korean texts, dark theme and phone width', async () => {
    await page.selectOption('#language', 'ko');
    await page.waitForSelector('#settings-toggle >> text=채팅');
    // 'system' follows the browser's preference, and a chosen theme overrides it either way
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.selectOption('#theme', 'system');
    assert.equal(await background(), 'rgb(11, 17, 32)');
    await page.selectOption('#theme', 'light');
    assert.equal(await background(), 'rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.selectOption('#theme', 'system');
    assert.equal(await background(), 'rgb(255, 255, 255)');
    await page.selectOption('#theme', 'dark');
    await page.click('#settings-toggle');
    await page.setViewportSize({ width: 390, height: 760 });
    await page.waitForSelector('#composer');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(11, 17, 32)');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    assert.equal(await page.textContent('#agent-status'), '실행 중');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no horizontal scrolling at phone width');
    await page.screenshot({ path: join(targetDir, 'chat-dark-phone.png'), animations: 'disabled' });
  });

  await step('keyboard only: Tab reaches the composer and the send button', async () => {
    await page.setViewportSize({ width: 1180, height: 760 });
    await page.focus('#composer');
    await page.fill('#composer', 'x');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'send');
    await page.fill('#composer', '');
  });

  await step('New conversation (header): the next message goes to a new conversationId, the earlier one is not shown', async () => {
    const sends = () => backend.state.received.filter((r) => r.frame.action === 'sendMessage').map((r) => r.frame);
    assert.ok(sends().every((f) => f.conversationId === 'default'), 'until now every message went to the default conversation');
    assert.ok(await page.locator('.message--user').count() > 0);
    await page.click('#new-conversation');
    await page.waitForFunction(() => document.querySelectorAll('.message').length === 0);
    await page.fill('#composer', 'a fresh start');
    await page.press('#composer', 'Enter');
    await page.waitForFunction(() => !document.querySelector('.message--streaming') && document.querySelectorAll('.message--assistant').length === 1);
    const fresh = sends().at(-1);
    assert.equal(fresh.message, 'a fresh start');
    assert.match(fresh.conversationId, /^[A-Za-z0-9_-]{1,64}$/);
    assert.notEqual(fresh.conversationId, 'default');
    // a reconnect asks for the new conversation's history: the earlier conversation stays away
    const asked = () => backend.state.received.filter((r) => r.frame.action === 'getHistory').map((r) => r.frame);
    const before = asked().length;
    backend.dropConnections();
    const deadline = Date.now() + 20_000;
    while (asked().length === before && Date.now() < deadline) await sleep(100);
    assert.equal(asked().at(-1)?.conversationId, fresh.conversationId);
    await page.waitForSelector('#connection[data-state=open]', { state: 'attached' });
    await sleep(300); // the history frame is applied
    const shown = await page.textContent('.messages');
    assert.ok(shown.includes('a fresh start'), shown);
    for (const earlier of ['Hello agent', 'sent while offline', 'release']) assert.ok(!shown.includes(earlier), `${earlier} is not shown`);
    assert.equal(await page.locator('.message--user').count(), 1);
  });

  await step('Sign out (header) returns to the sign-in form, forgets the tokens and closes the socket', async () => {
    assert.ok(backend.state.connections.size > 0);
    await page.click('#sign-out');
    await page.waitForSelector('#email');
    const tokens = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith('.idToken')).length);
    assert.equal(tokens, 0);
    const deadline = Date.now() + 5_000;
    while (backend.state.connections.size > 0 && Date.now() < deadline) await sleep(50);
    assert.equal(backend.state.connections.size, 0, 'the server saw the socket close');
    await page.screenshot({ path: join(targetDir, 'login-dark.png'), animations: 'disabled' });
  });

  await step('a session that cannot be renewed returns to sign-in with a clear message', async () => {
    await signIn(page, users.ada.email, users.ada.password);
    await page.waitForSelector('#connection[data-state=open]', { state: 'attached' });
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (/\.(idToken|accessToken)$/.test(key)) localStorage.setItem(key, 'e30.eyJleHAiOjF9.x'); // exp: 1970
        if (/\.refreshToken$/.test(key)) localStorage.setItem(key, 'revoked-refresh-token');
      }
    });
    await page.reload();
    await page.waitForFunction(() => /expired|만료/.test(document.querySelector('#login-error')?.textContent ?? ''));
  });

  await step('tokens are refreshed before they expire, without a reload', async () => {
    // A page with a controllable clock: 56 minutes pass in an instant; the 1-hour ID token must be
    // renewed (REFRESH_TOKEN_AUTH) about 5 minutes before it expires.
    const timed = await context.newPage();
    await timed.clock.install();
    const flows = [];
    timed.on('request', (req) => req.headers()['x-amz-target']?.endsWith('InitiateAuth') && flows.push(req.postDataJSON()?.AuthFlow));
    await timed.goto(backend.url);
    await signIn(timed, users.ada.email, users.ada.password);
    await timed.waitForSelector('#connection[data-state=open]', { state: 'attached' });
    const before = await timed.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith('.idToken')).map((k) => localStorage.getItem(k))[0]);
    await timed.clock.fastForward('50:00');
    await sleep(500);
    assert.deepEqual(flows, ['USER_SRP_AUTH'], 'no refresh 10 minutes before expiry');
    await timed.clock.fastForward('06:00');
    const deadline = Date.now() + 10_000;
    while (!flows.includes('REFRESH_TOKEN_AUTH') && Date.now() < deadline) await sleep(100);
    assert.deepEqual(flows, ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH']);
    await timed.waitForFunction((old) => Object.keys(localStorage).filter((k) => k.endsWith('.idToken')).map((k) => localStorage.getItem(k))[0] !== old, before);
    await timed.close();
  });

  await step('no uncaught errors in the page', async () => {
    assert.deepEqual(pageErrors.map(String), []);
  });
}

let failed = false;
try {
  await main();
} catch (e) {
  failed = true;
  if (!results.some((r) => !r.ok)) console.error(e);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  for (const child of processes) child.kill();
}
const passed = results.filter((r) => r.ok).length;
const failedCount = results.filter((r) => !r.ok).length + (failed && !results.some((r) => !r.ok) ? 1 : 0);
console.log(`browser: ${passed} passed, ${failedCount} failed`);
console.log(`screenshots: ${targetDir}`);
process.exit(failedCount > 0 ? 1 : 0);
